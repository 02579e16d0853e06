import { isIsoCountryCode } from "../directory/index.js";
import { isCompleteDate } from "../matching/index.js";
import { Errors } from "../platform/errors.js";
import type { Sex } from "../records/index.js";
import {
  DOCUMENT_KINDS,
  VIOLATOR_CATEGORIES,
  type ViolatorCategory,
  type ViolatorDocument,
} from "./schema.js";

/**
 * NCIC-style field edits of a Violator File entry, the same for the staff API and
 * `lesc violators import`: each failure names the field and the rule.
 */
export interface ViolatorName {
  last: string;
  first: string;
  middle?: string | null | undefined;
}

export interface ViolatorEntry {
  oca: string;
  category: ViolatorCategory;
  name: ViolatorName;
  dob: string;
  sex: Sex;
  pob?: string | null | undefined;
  arn?: string | null | undefined;
  fbi?: string | null | undefined;
  aliases?: ViolatorName[] | undefined;
  remarks?: string | null | undefined;
  documents?: ViolatorDocument[] | undefined;
}

export const MAX_REMARKS = 500;
const NAME_PART = /^[A-Z]+(?:[ '-][A-Z]+)*$/;
const OCA = /^[A-Z0-9-]{1,20}$/;

/** Checks and normalises an entry (upper case, A-number as 9 digits); throws naming the field. */
export function checkViolatorEntry(input: ViolatorEntry, today: string, prefix = ""): ViolatorEntry {
  const field = (name: string) => `${prefix}${name}`;
  const oca = input.oca?.trim().toUpperCase() ?? "";
  if (!OCA.test(oca)) throw Errors.invalidField(field("oca"), "must be 1 to 20 letters, digits or hyphens");
  if (!(VIOLATOR_CATEGORIES as readonly string[]).includes(input.category)) {
    throw Errors.invalidField(field("category"), `must be one of ${VIOLATOR_CATEGORIES.join(", ")}`);
  }
  const name = checkName(input.name, field("name"));
  const dob = input.dob?.trim() ?? "";
  if (!isCompleteDate(dob)) throw Errors.invalidField(field("dob"), "must be a real date, YYYY-MM-DD");
  if (dob < "1900-01-01" || dob > today)
    throw Errors.invalidField(field("dob"), "must be between 1900-01-01 and today");
  if (!["M", "F", "X", "U"].includes(input.sex))
    throw Errors.invalidField(field("sex"), "must be M, F, X or U");
  const entry: ViolatorEntry = { oca, category: input.category, name, dob, sex: input.sex };
  const pob = blankToUndefined(input.pob)?.toUpperCase();
  if (pob !== undefined) {
    if (!isIsoCountryCode(pob))
      throw Errors.invalidField(field("pob"), "must be an ISO 3166-1 alpha-2 country code");
    entry.pob = pob;
  }
  const arn = blankToUndefined(input.arn)?.replace(/^A/i, "");
  if (arn !== undefined) {
    if (!/^\d{8,9}$/.test(arn))
      throw Errors.invalidField(field("arn"), "must be an A-number of 8 or 9 digits");
    entry.arn = arn.padStart(9, "0");
  }
  const fbi = blankToUndefined(input.fbi)?.toUpperCase();
  if (fbi !== undefined) {
    if (!/^[A-Z0-9]{1,9}$/.test(fbi))
      throw Errors.invalidField(field("fbi"), "must be 1 to 9 letters or digits");
    entry.fbi = fbi;
  }
  if (input.aliases !== undefined) {
    if (input.aliases.length > 20) throw Errors.invalidField(field("aliases"), "at most 20 aliases");
    entry.aliases = input.aliases.map((alias, index) => checkName(alias, field(`aliases.${index}`)));
  }
  const remarks = blankToUndefined(input.remarks);
  if (remarks !== undefined) {
    if (remarks.length > MAX_REMARKS)
      throw Errors.invalidField(field("remarks"), `must be at most ${MAX_REMARKS} characters`);
    if ([...remarks].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
      throw Errors.invalidField(field("remarks"), "must not contain control characters");
    entry.remarks = remarks;
  }
  if (input.documents !== undefined) {
    entry.documents = input.documents.map((document, index) =>
      checkDocument(document, field(`documents.${index}`), today),
    );
  }
  return entry;
}

function checkName(name: ViolatorName | undefined, field: string): ViolatorName {
  const clean = (part: string | null | undefined) => part?.replace(/\s+/g, " ").trim().toUpperCase() ?? "";
  const last = clean(name?.last);
  const first = clean(name?.first);
  const middle = clean(name?.middle);
  if (!NAME_PART.test(last))
    throw Errors.invalidField(`${field}.last`, "must be letters, spaces, hyphens or apostrophes");
  if (!NAME_PART.test(first))
    throw Errors.invalidField(`${field}.first`, "must be letters, spaces, hyphens or apostrophes");
  if (middle !== "" && !NAME_PART.test(middle)) {
    throw Errors.invalidField(`${field}.middle`, "must be letters, spaces, hyphens or apostrophes");
  }
  // NCIC NAM holds 30 characters: LAST, FIRST MIDDLE.
  if (`${last}, ${first}${middle ? ` ${middle}` : ""}`.length > 30) {
    throw Errors.invalidField(field, "must fit NCIC's 30 characters as LAST, FIRST MIDDLE");
  }
  return middle === "" ? { last, first } : { last, first, middle };
}

function checkDocument(document: ViolatorDocument, field: string, today: string): ViolatorDocument {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(document?.kind)) {
    throw Errors.invalidField(`${field}.kind`, `must be one of ${DOCUMENT_KINDS.join(", ")}`);
  }
  const number = document.number?.trim() ?? "";
  if (!/^[A-Za-z0-9-]{1,30}$/.test(number))
    throw Errors.invalidField(`${field}.number`, "must be 1 to 30 letters, digits or hyphens");
  if (!isCompleteDate(document.date ?? "") || document.date > today) {
    throw Errors.invalidField(`${field}.date`, "must be a real date, YYYY-MM-DD, not in the future");
  }
  const checked: ViolatorDocument = { kind: document.kind, number, date: document.date };
  if (document.issuedBy !== undefined && document.issuedBy.trim() !== "")
    checked.issuedBy = document.issuedBy.trim().slice(0, 100);
  return checked;
}

function blankToUndefined(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
