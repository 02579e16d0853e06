/**
 * The IAQ field edits (NL-IAQ-TXT table), applied to raw field values whichever form they came
 * in, so the legacy text and the NIEM XML of one inquiry give the same Iaq or the same reject.
 */
import { isUsJurisdictionCode } from "../directory/index.js";
import { fail, type LegacyField, type Step } from "./legacy-text.js";
import { type NcicPlace, ncicPlace, offenceCategory } from "./ncic-codes.js";
import type { Iaq, NletsHeader, PersonName, Sex } from "./types.js";

/** Fields 5–13 of the table: required, in this order. */
export const IAQ_REQUIRED = ["PUR", "ATN", "PHN", "NAM", "DOB", "SEX", "POB", "CUS", "OFF"] as const;
/** Optional fields, after OFF/. OLS, SOC, MNU and REM are inferred (reference §3.1 [I]). */
export const IAQ_OPTIONAL = ["ARN", "FBI", "SID", "OLN", "OLS", "SOC", "MNU", "REM"] as const;

export type IaqPrefix = (typeof IAQ_REQUIRED)[number] | (typeof IAQ_OPTIONAL)[number];
const ALL_PREFIXES: ReadonlySet<string> = new Set([...IAQ_REQUIRED, ...IAQ_OPTIONAL]);

export const MAX_ATN = 30;
export const MAX_PHN = 20;
export const MAX_NAM = 30;
/** NCIC's miscellaneous (MIS) field holds 500 characters; REM takes the same. */
export const MAX_REM = 500;
/** NCIC: dates of birth before 1900 are not entered. */
const EARLIEST_DOB_YEAR = 1900;

export interface IaqEditOptions {
  /** Today as YYYY-MM-DD: a DOB may not be later, and it picks the century of mmddyy. */
  today: string;
}

/**
 * Legacy-text checks that come before the field edits: every prefix is an IAQ field and
 * appears once, and fields 5–13 come first in table order ("optional fields follow OFF/").
 */
export function collectLegacyIaqFields(fields: readonly LegacyField[]): Step<Map<string, string>> {
  const values = new Map<string, string>();
  for (const { prefix, value } of fields) {
    if (!ALL_PREFIXES.has(prefix)) return fail(prefix, "is not an IAQ field");
    if (values.has(prefix)) return fail(prefix, "appears more than once");
    values.set(prefix, value);
  }
  for (const prefix of IAQ_REQUIRED) {
    if (!values.has(prefix)) return fail(prefix, "required");
  }
  for (const [index, expected] of IAQ_REQUIRED.entries()) {
    const found = fields[index]!.prefix;
    if (found === expected) continue;
    if ((IAQ_OPTIONAL as readonly string[]).includes(found)) {
      return fail(found, "optional fields come after OFF/");
    }
    return fail(expected, `out of order: fields come in the order ${IAQ_REQUIRED.join(" ")}`);
  }
  return { ok: true, value: values };
}

/** Applies every field edit; `values` maps an NLETS prefix to its raw value. */
export function editIaqFields(
  header: NletsHeader<"IAQ">,
  values: ReadonlyMap<string, string>,
  options: IaqEditOptions,
): Step<Iaq> {
  for (const prefix of IAQ_REQUIRED) {
    if (!values.has(prefix)) return fail(prefix, "required");
  }
  for (const [prefix, value] of values) {
    if (value.trim() === "") return fail(prefix, "is blank; leave the field out instead of sending it empty");
  }
  const raw = (prefix: IaqPrefix): string => values.get(prefix)!.trim();

  if (!/^[CF]$/.test(raw("PUR"))) return fail("PUR", "must be C (criminal justice) or F (firearms check)");
  const pur = raw("PUR") as Iaq["pur"];
  const atn = freeText("ATN", raw("ATN"), MAX_ATN);
  if (!atn.ok) return atn;
  const phn = editPhone(raw("PHN"));
  if (!phn.ok) return phn;
  const nam = editName(raw("NAM"));
  if (!nam.ok) return nam;
  const dob = editDob(raw("DOB"), options.today);
  if (!dob.ok) return dob;
  if (!/^[MFXU]$/.test(raw("SEX"))) return fail("SEX", "must be M, F, X or U");
  const sex = raw("SEX") as Sex;
  const pob = editPlace("POB", raw("POB"));
  if (!pob.ok) return pob;
  if (!/^[YN]$/.test(raw("CUS"))) return fail("CUS", "must be Y (in custody) or N");
  const cus = raw("CUS") as Iaq["cus"];
  const off = raw("OFF");
  if (!/^\d{4}$/.test(off)) return fail("OFF", "must be a 4-digit NCIC offence code (0399 if unknown)");
  if (offenceCategory(off) === undefined) {
    return fail("OFF", "is not a known NCIC offence code (0399 if unknown)");
  }

  const iaq: Iaq = {
    header,
    pur,
    atn: atn.value,
    phn: phn.value,
    nam: nam.value,
    dob: dob.value,
    sex,
    pob: pob.value,
    cus,
    off,
  };

  const has = (prefix: IaqPrefix) => values.has(prefix);
  if (has("ARN")) {
    if (!/^\d{8,9}$/.test(raw("ARN"))) return fail("ARN", "must be 8 or 9 digits");
    iaq.arn = raw("ARN");
  }
  if (has("FBI")) {
    if (!/^[A-Z0-9]{1,9}$/.test(raw("FBI"))) return fail("FBI", "must be 1 to 9 letters or digits");
    iaq.fbi = raw("FBI");
  }
  if (has("SID")) {
    const sid = raw("SID");
    // NCIC SID: the state's postal code followed by the state's number.
    if (!/^[A-Z]{2}[A-Z0-9]{1,8}$/.test(sid) || !isUsJurisdictionCode(sid.slice(0, 2))) {
      return fail("SID", "must be a state's postal code then 1 to 8 letters or digits");
    }
    iaq.sid = sid;
  }
  // NCIC: an operator's licence number is meaningless without its issuing state.
  if (has("OLN") && !has("OLS")) return fail("OLS", "required with OLN");
  if (has("OLS") && !has("OLN")) return fail("OLN", "required with OLS");
  if (has("OLN")) {
    if (!/^[A-Z0-9]{1,20}$/.test(raw("OLN"))) return fail("OLN", "must be 1 to 20 letters or digits");
    const ols = editPlace("OLS", raw("OLS"));
    if (!ols.ok) return ols;
    iaq.oln = raw("OLN");
    iaq.ols = ols.value;
  }
  if (has("SOC")) {
    if (!isIssuableSsn(raw("SOC"))) {
      return fail(
        "SOC",
        "must be 9 digits of an issuable SSN (no area 000, 666 or 900-999, group 00, serial 0000)",
      );
    }
    iaq.soc = raw("SOC");
  }
  if (has("MNU")) {
    if (!/^[A-Z]{2}-[A-Z0-9]{1,12}$/.test(raw("MNU"))) {
      return fail(
        "MNU",
        "must be a 2-letter type, a hyphen and 1 to 12 letters or digits (e.g. PP-X1234567)",
      );
    }
    iaq.mnu = raw("MNU");
  }
  if (has("REM")) {
    const rem = freeText("REM", raw("REM"), MAX_REM);
    if (!rem.ok) return rem;
    iaq.rem = rem.value;
  }
  return { ok: true, value: iaq };
}

/** Free text as Nlets carries it: one line of printable ASCII without the field separator. */
export function freeText(field: string, raw: string, max: number): Step<string> {
  const text = raw.replace(/\s+/g, " ").trim();
  if (/[^\x20-\x7e]/.test(text)) return fail(field, "must be printable ASCII");
  if (text.includes(".")) return fail(field, "must not contain a period (the field separator)");
  if (text.length > max) return fail(field, `must be at most ${max} characters`);
  return { ok: true, value: text };
}

export function editPhone(raw: string): Step<string> {
  if (raw.length > MAX_PHN) return fail("PHN", `must be at most ${MAX_PHN} characters`);
  if (/[^0-9 ()-]/.test(raw))
    return fail("PHN", "must be digits, optionally with spaces, hyphens or parentheses");
  const digits = raw.replace(/\D/g, "");
  if (digits.length < 10) return fail("PHN", "must hold the area code and number (at least 10 digits)");
  return { ok: true, value: digits };
}

const NAME_WORD = "[A-Z]+(?:['-][A-Z]+)*";
const NAME_PATTERN = new RegExp(
  `^(${NAME_WORD}(?: ${NAME_WORD})*), ?(${NAME_WORD})(?: (${NAME_WORD}(?: ${NAME_WORD})*))?$`,
);

/** NAM: `LAST, FIRST MIDDLE`; the surname may hold several words (DE LA CRUZ, DOE JR). */
export function editName(raw: string): Step<PersonName> {
  const text = raw.replace(/\s+/g, " ").toUpperCase();
  if (text.length > MAX_NAM) return fail("NAM", `must be at most ${MAX_NAM} characters`);
  const match = NAME_PATTERN.exec(text);
  if (!match) {
    return fail("NAM", "must be LAST, FIRST MIDDLE in letters, spaces, hyphens and apostrophes");
  }
  const name: PersonName = { last: match[1]!, first: match[2]! };
  if (match[3] !== undefined) name.middle = match[3];
  return { ok: true, value: name };
}

/** The legacy NAM text of a name. */
export function formatName(name: PersonName): string {
  return `${name.last}, ${name.first}${name.middle === undefined ? "" : ` ${name.middle}`}`;
}

/**
 * DOB: `mmddyy` or `ccyymmdd` (NL-IAQ-TXT), a real calendar date, not in the future. A
 * two-digit year is the most recent year that does not put the date in the future.
 */
export function editDob(raw: string, today: string): Step<string> {
  let year: number;
  let month: number;
  let day: number;
  if (/^\d{8}$/.test(raw)) {
    year = Number(raw.slice(0, 4));
    month = Number(raw.slice(4, 6));
    day = Number(raw.slice(6, 8));
  } else if (/^\d{6}$/.test(raw)) {
    month = Number(raw.slice(0, 2));
    day = Number(raw.slice(2, 4));
    year = 2000 + Number(raw.slice(4, 6));
    if (isoDate(year, month, day) > today) year -= 100;
  } else {
    return fail("DOB", "must be mmddyy or ccyymmdd");
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail("DOB", "must be a real calendar date");
  }
  if (year < EARLIEST_DOB_YEAR) return fail("DOB", `must be in ${EARLIEST_DOB_YEAR} or later`);
  const iso = isoDate(year, month, day);
  if (iso > today) return fail("DOB", "must not be in the future");
  return { ok: true, value: iso };
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function editPlace(field: "POB" | "OLS", raw: string): Step<NcicPlace> {
  if (!/^[A-Z]{2}$/.test(raw)) return fail(field, "must be a 2-letter NCIC state or country code");
  const place = ncicPlace(raw);
  if (place === undefined) return fail(field, "is not a known NCIC state or country code");
  return { ok: true, value: place };
}

/** SSA never issues area 000, 666 or 900–999, group 00 or serial 0000. */
function isIssuableSsn(soc: string): boolean {
  if (!/^\d{9}$/.test(soc)) return false;
  const area = Number(soc.slice(0, 3));
  return area !== 0 && area !== 666 && area < 900 && soc.slice(3, 5) !== "00" && soc.slice(5) !== "0000";
}

/** The legacy text value of each IAQ field, in table order (absent optional fields left out). */
export function iaqFieldValues(iaq: Iaq): [IaqPrefix, string][] {
  const fields: [IaqPrefix, string | undefined][] = [
    ["PUR", iaq.pur],
    ["ATN", iaq.atn],
    ["PHN", iaq.phn],
    ["NAM", formatName(iaq.nam)],
    ["DOB", iaq.dob.replace(/-/g, "")],
    ["SEX", iaq.sex],
    ["POB", iaq.pob.ncic],
    ["CUS", iaq.cus],
    ["OFF", iaq.off],
    ["ARN", iaq.arn],
    ["FBI", iaq.fbi],
    ["SID", iaq.sid],
    ["OLN", iaq.oln],
    ["OLS", iaq.ols?.ncic],
    ["SOC", iaq.soc],
    ["MNU", iaq.mnu],
    ["REM", iaq.rem],
  ];
  return fields.filter((f): f is [IaqPrefix, string] => f[1] !== undefined);
}
