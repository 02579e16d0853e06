/**
 * Typed NLETS messages as lesc handles them. Field names are the NLETS field codes in lower
 * case (`pur`, `nam`, `dob` …) so a reader who knows the Nlets manuals recognises them.
 */
import type { NcicPlace } from "./ncic-codes.js";

/**
 * An expected failure, as a value: the field (an NLETS field code such as `DOB`, or a header
 * part such as `header.ORI`), the rule it broke in plain words, and the legacy reject text the
 * sender's terminal shows.
 */
export interface Reject {
  field: string;
  rule: string;
  text: string;
}

/**
 * What could be read of a message that was rejected, so the reply can be addressed and the
 * control field echoed (Nlets: the control field is echoed in every response).
 */
export interface RejectEcho {
  ori?: string;
  controlField?: string;
}

/** A message that could not be parsed: the reject, and what to address the reply with. */
export interface ParseFailure {
  ok: false;
  reject: Reject;
  echo: RejectEcho;
}

/** Message key (MKE): the message type that begins every Nlets message. */
export type MessageKey = "IAQ" | "IAR" | "ACK" | "REJ" | "AM" | "YQ" | "YR";

/**
 * The standard Nlets header `MKE.ORI.DEST[.DEST…][.*CONTROL].TXT`.
 * `destinations` holds one to three 9-character ORIs or 2-character line ORIs (LESC is `AX`);
 * `controlField` is the text after the `*`, without it.
 */
export interface NletsHeader<M extends MessageKey = MessageKey> {
  mke: M;
  ori: string;
  destinations: string[];
  controlField?: string;
}

/** NAM: `LAST, FIRST MIDDLE`, upper case. */
export interface PersonName {
  last: string;
  first: string;
  middle?: string;
}

/** SEX: NCIC codes M, F, U (unknown) and X (the value lesc's CSV files also carry). */
export type Sex = "M" | "F" | "X" | "U";

/** Immigration Alien Query, fields in the order of the NL-IAQ-TXT table. */
export interface Iaq {
  header: NletsHeader<"IAQ">;
  /** PUR: C criminal justice, F firearms (NICS/Brady) check. */
  pur: "C" | "F";
  /** ATN: the inquirer's name, ≤ 30 characters. */
  atn: string;
  /** PHN: the inquirer's area code and number, digits only. */
  phn: string;
  nam: PersonName;
  /** DOB as an ISO date (YYYY-MM-DD), whichever legacy form it came in. */
  dob: string;
  sex: Sex;
  pob: NcicPlace;
  /** CUS: in custody. */
  cus: "Y" | "N";
  /** OFF: NCIC offence code of the most serious charge; 0399 (immigration, generic) if unknown. */
  off: string;
  /** ARN: A-number, 8 or 9 digits. */
  arn?: string;
  fbi?: string;
  /** SID: state identification number, led by the state's postal code. */
  sid?: string;
  /** OLN and OLS: operator's licence number and its issuing state or country (always together). */
  oln?: string;
  ols?: NcicPlace;
  /** SOC: social security number, 9 digits. */
  soc?: string;
  /** MNU: miscellaneous number, `XX-NUMBER`. */
  mnu?: string;
  /** REM: remarks; may prompt an enhanced response. */
  rem?: string;
}

export type IarStage = "PRELIMINARY" | "FINAL";
export type IarResult = "HIT" | "POSSIBLE" | "NO_RECORD";

/** One record the search or the technician put forward, as the contract's IAR `data` shows it. */
export interface IarCandidate {
  source: string;
  nic: string | null;
  oca: string | null;
  arn: string | null;
  name: string;
  dob: string | null;
  score: number;
  decision: "match" | "possible";
}

/** Immigration Alien Response. Its header echoes the IAQ's control field. */
export interface Iar {
  header: NletsHeader<"IAR">;
  inquiryId: string;
  stage: IarStage;
  result: IarResult;
  candidates: IarCandidate[];
  narrative: string;
}

/** The automatic acknowledgment sent as soon as a message is stored. */
export interface Ack {
  header: NletsHeader<"ACK">;
  acknowledges: MessageKey;
  messageId: string;
}

/** A reject sent back to the sender's terminal. */
export interface Rej {
  header: NletsHeader<"REJ">;
  field: string;
  rule: string;
  text: string;
}

/** Administrative message: free text. */
export interface Am {
  header: NletsHeader<"AM">;
  text: string;
}

/** RTY: the NCIC record type the hit was on (NL-YQ-TXT). */
export type YqRecordType = "SV" | "WP" | "PO" | "MP" | "SL" | "SG" | "SA" | "SS" | "SB" | "SP";

/** Hit confirmation request (YQ), with the person data set: the only one lesc's records take. */
export interface Yq {
  header: NletsHeader<"YQ">;
  rty: YqRecordType;
  /** RNO: 1 for the first request, 2 and 3 for the follow-ups. */
  rno: 1 | 2 | 3;
  /** PRI: U urgent (10 minutes), R routine (1 hour). */
  pri: "U" | "R";
  /** OCA: the requesting agency's case number. */
  oca: string;
  /** NIC of the record hit: a file letter and 9 digits. */
  nic: string;
  nam?: PersonName;
  /** ISO date. */
  dob?: string;
  sex?: Sex;
}

export type YrStatus = "CONFIRMED" | "NOT_CONFIRMED" | "WILL_CONFIRM_BY" | "NO_RECORD";

/** Hit confirmation response. The YR layout is not confirmed (reference §5.2, gap): lesc's design. */
export interface Yr {
  header: NletsHeader<"YR">;
  hitId: string;
  rno: 1 | 2 | 3;
  nic: string;
  oca: string;
  status: YrStatus;
  /** For WILL_CONFIRM_BY: when the confirmation will come (ISO date-time). */
  until?: string;
  /** Who confirmed, and how to reach them. */
  confirmedBy: string;
  phone: string;
  narrative: string;
}
