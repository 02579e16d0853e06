/**
 * YQ (hit confirmation request) in, YR (hit confirmation response) out (reference §5.2).
 * A YQ carries RTY, RNO, PRI, OCA, NIC and one data set; a data set that does not fit the RTY
 * is rejected (NL-YQ-TXT). lesc's Violator File holds person records, so the person data set
 * (NAM, DOB, SEX) is the one it reads; any other data set is named in the reject.
 */
import { editDob, editName, freeText } from "./iaq-fields.js";
import { legacyBlock, legacyValue } from "./legacy-output.js";
import {
  fail,
  formatLegacyHeader,
  lescDestination,
  parseLegacyFrame,
  type Step,
  splitLegacyFields,
} from "./legacy-text.js";
import { type ReplyTo, replyHeader } from "./reply-header.js";
import type { NletsHeader, ParseFailure, RejectEcho, Sex, Yq, YqRecordType, Yr, YrStatus } from "./types.js";

export const YQ_RECORD_TYPES: readonly YqRecordType[] = [
  "SV",
  "WP",
  "PO",
  "MP",
  "SL",
  "SG",
  "SA",
  "SS",
  "SB",
  "SP",
];
/** Record types whose records are people: the person data set fits these. */
const PERSON_TYPES: ReadonlySet<string> = new Set(["WP", "PO", "MP"]);
/** Fields of each data set, and the record types it fits. */
const DATA_SETS: readonly { name: string; fields: readonly string[]; fits: ReadonlySet<string> }[] = [
  { name: "person", fields: ["NAM", "DOB", "SEX"], fits: PERSON_TYPES },
  { name: "plate", fields: ["LIC", "LIS", "LIY", "LIT"], fits: new Set(["SL"]) },
  { name: "vehicle", fields: ["VIN", "VYR", "VMA", "VMO", "VST"], fits: new Set(["SV", "SP"]) },
  { name: "gun", fields: ["SER", "MAK", "CAL", "MOD"], fits: new Set(["SG"]) },
  { name: "boat", fields: ["REG", "BHN"], fits: new Set(["SB"]) },
];
const HEADER_FIELDS = ["RTY", "RNO", "PRI", "OCA", "NIC"] as const;
export const MAX_OCA = 20;
/** NIC: the file letter and 9 digits; NONE when the YQ goes to Canada (not to lesc). */
export const NIC_PATTERN = /^[A-Z]\d{9}$/;

export interface YqParseOptions {
  today?: string;
  ownOri?: string;
}

export type YqParse = { ok: true; yq: Yq } | ParseFailure;

export function parseYqText(text: string, options: YqParseOptions = {}): YqParse {
  const frame = parseLegacyFrame(text, { mke: "YQ", ...lescDestination(options.ownOri) });
  if (!frame.ok) return frame;
  const { header } = frame.frame;
  const echo: RejectEcho = { ori: header.ori };
  if (header.controlField !== undefined) echo.controlField = header.controlField;
  const fields = splitLegacyFields(frame.frame.body);
  if (!fields.ok) return { ...fields, echo };
  const yq = editYq(header, fields.value, options.today ?? new Date().toISOString().slice(0, 10));
  return yq.ok ? { ok: true, yq: yq.value } : { ...yq, echo };
}

function editYq(
  header: NletsHeader<"YQ">,
  fields: readonly { prefix: string; value: string }[],
  today: string,
): Step<Yq> {
  const known = new Set<string>([...HEADER_FIELDS, ...DATA_SETS.flatMap((set) => set.fields)]);
  const values = new Map<string, string>();
  for (const { prefix, value } of fields) {
    if (!known.has(prefix)) return fail(prefix, "is not a YQ field");
    if (values.has(prefix)) return fail(prefix, "appears more than once");
    if (value.trim() === "") return fail(prefix, "is blank; leave the field out instead of sending it empty");
    values.set(prefix, value.trim());
  }
  for (const prefix of HEADER_FIELDS) if (!values.has(prefix)) return fail(prefix, "required");
  const rty = values.get("RTY")!;
  if (!(YQ_RECORD_TYPES as readonly string[]).includes(rty)) {
    return fail("RTY", `must be one of ${YQ_RECORD_TYPES.join(", ")}`);
  }
  const rno = values.get("RNO")!;
  if (!/^[123]$/.test(rno)) return fail("RNO", "must be 1, 2 or 3");
  const pri = values.get("PRI")!;
  if (pri !== "U" && pri !== "R") return fail("PRI", "must be U (urgent, 10 minutes) or R (routine, 1 hour)");
  const oca = freeText("OCA", values.get("OCA")!, MAX_OCA);
  if (!oca.ok) return oca;
  const nic = values.get("NIC")!;
  if (!NIC_PATTERN.test(nic)) return fail("NIC", "must be the NCIC number: a file letter and 9 digits");

  const sent = DATA_SETS.filter((set) => set.fields.some((field) => values.has(field)));
  if (sent.length > 1) return fail(sent[1]!.fields.find((f) => values.has(f))!, "only one data set per YQ");
  const set = sent[0];
  if (set === undefined)
    return fail("NAM", `required: one data set (for RTY/${rty}, the ${dataSetFor(rty)})`);
  if (!set.fits.has(rty)) {
    return fail(set.fields.find((f) => values.has(f))!, `the ${set.name} data set does not fit RTY/${rty}`);
  }
  if (set.name !== "person") {
    return fail("RTY", "lesc holds immigration-violator person records: use RTY/WP with the person data set");
  }
  const yq: Yq = {
    header,
    rty: rty as YqRecordType,
    rno: Number(rno) as 1 | 2 | 3,
    pri,
    oca: oca.value,
    nic,
  };
  if (!values.has("NAM")) return fail("NAM", "required in the person data set");
  const nam = editName(values.get("NAM")!);
  if (!nam.ok) return nam;
  yq.nam = nam.value;
  if (values.has("DOB")) {
    const dob = editDob(values.get("DOB")!, today);
    if (!dob.ok) return dob;
    yq.dob = dob.value;
  }
  if (values.has("SEX")) {
    const sex = values.get("SEX")!;
    if (!/^[MFXU]$/.test(sex)) return fail("SEX", "must be M, F, X or U");
    yq.sex = sex as Sex;
  }
  return { ok: true, value: yq };
}

function dataSetFor(rty: string): string {
  return DATA_SETS.find((set) => set.fits.has(rty))?.name ?? "matching";
}

/** The legacy text of a YQ (for agencies' tools and tests). */
export function formatYqText(yq: Yq): string {
  const parts: [string, string | undefined][] = [
    ["RTY", yq.rty],
    ["RNO", String(yq.rno)],
    ["PRI", yq.pri],
    ["OCA", yq.oca],
    ["NIC", yq.nic],
    [
      "NAM",
      yq.nam === undefined
        ? undefined
        : `${yq.nam.last}, ${yq.nam.first}${yq.nam.middle ? ` ${yq.nam.middle}` : ""}`,
    ],
    ["DOB", yq.dob?.replace(/-/g, "")],
    ["SEX", yq.sex],
  ];
  const body = parts
    .filter(([, value]) => value !== undefined)
    .map(([prefix, value]) => `${prefix}/${value}.`)
    .join("");
  return `${formatLegacyHeader(yq.header)}\n${body}\n`;
}

export interface NewYr {
  hitId: string;
  rno: 1 | 2 | 3;
  nic: string;
  oca: string;
  status: YrStatus;
  until?: string | undefined;
  confirmedBy: string;
  phone: string;
  narrative: string;
}

export function yrFor(to: ReplyTo, content: NewYr, from?: string): Yr {
  const yr: Yr = { header: replyHeader("YR", to, from), ...content };
  if (content.until === undefined) delete yr.until;
  return yr;
}

/** The mailbox `data` of a YR. */
export function yrData(yr: Yr) {
  return {
    hitId: yr.hitId,
    controlField: yr.header.controlField ?? null,
    rno: yr.rno,
    nic: yr.nic,
    oca: yr.oca,
    status: yr.status,
    until: yr.until ?? null,
    confirmedBy: yr.confirmedBy,
    phone: yr.phone,
    narrative: yr.narrative,
  };
}

const STATUS_LINE: Readonly<Record<YrStatus, string>> = {
  CONFIRMED: "HIT CONFIRMED",
  NOT_CONFIRMED: "HIT NOT CONFIRMED",
  WILL_CONFIRM_BY: "CONFIRMATION TO FOLLOW",
  NO_RECORD: "NO SUCH RECORD - NIC NOT ON FILE",
};

/** The legacy text of a YR: structured fields, then the narrative [I]. */
export function formatYrText(yr: Yr): string {
  const fields: [string, string | undefined][] = [
    ["HIT", yr.hitId],
    ["RNO", String(yr.rno)],
    ["NIC", yr.nic],
    ["OCA", legacyValue(yr.oca)],
    ["STA", yr.status],
    // A period would end the field: the time goes out as ccyymmddhhmm UTC.
    ["CBY", yr.until === undefined ? undefined : `${yr.until.slice(0, 16).replace(/[-T:]/g, "")}Z`],
    ["CNM", legacyValue(yr.confirmedBy)],
    ["PHN", yr.phone.replace(/\D/g, "")],
  ];
  const line = fields
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([prefix, value]) => `${prefix}/${value}.`)
    .join("");
  const narrative = legacyBlock(yr.narrative);
  return `${formatLegacyHeader(yr.header)}\nHIT CONFIRMATION RESPONSE - ${STATUS_LINE[yr.status]}\n${line}\n${narrative === "" ? "" : `${narrative}\n`}`;
}
