/**
 * The Violator File forms' checks before sending, and where the server's refusal goes: next
 * to the field it names. The server checks again and decides; these spare a round trip and
 * say the rule in the desk's words. Pure: no DOM, tested under node
 * (test/console-logic.test.ts).
 */
export type FieldErrors = Record<string, string>;

const ORI = /^[A-Z]{2}[A-Z0-9]{7}$/;
const OCA = /^[A-Z0-9-]{1,20}$/i;
const NAME = /^[A-Z][A-Z' -]{0,29}$/i;

/** A real calendar date written YYYY-MM-DD. */
export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkNamePart(errors: FieldErrors, field: string, value: string, label: string, required = true) {
  const text = value.trim();
  if (!text) {
    if (required) errors[field] = `${label} is required.`;
  } else if (!NAME.test(text)) errors[field] = `${label}: letters, spaces, hyphens or apostrophes, up to 30.`;
}

export interface ViolatorSearchForm {
  purpose: string;
  last: string;
  first: string;
  dob: string;
}

export function checkViolatorSearch(form: ViolatorSearchForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.purpose.trim()) errors.purpose = "Say why you are searching (it is audited).";
  else if (form.purpose.trim().length > 200) errors.purpose = "The purpose is at most 200 characters.";
  checkNamePart(errors, "last", form.last, "Family name");
  checkNamePart(errors, "first", form.first, "Given name");
  if (form.dob.trim() && !isRealDate(form.dob.trim()))
    errors.dob = "Date of birth as YYYY-MM-DD, or leave it empty.";
  return errors;
}

/** A record's editable fields as the form holds them (all text). */
export interface ViolatorFields {
  last: string;
  first: string;
  middle: string;
  dob: string;
  sex: string;
  pob: string;
  arn: string;
  remarks: string;
}

/**
 * The changes the modify form asks for, in the PATCH body's shape (only what differs from the
 * record; the name goes whole when any part of it changes), or the errors that stop it.
 */
export function violatorChanges(
  form: ViolatorFields,
  record: ViolatorFields,
): { errors: FieldErrors; changes: Record<string, unknown> } {
  const errors: FieldErrors = {};
  const clean = (text: string) => text.trim().toUpperCase();
  checkNamePart(errors, "name.last", form.last, "Family name");
  checkNamePart(errors, "name.first", form.first, "Given name");
  checkNamePart(errors, "name.middle", form.middle, "Middle name", false);
  if (!isRealDate(form.dob.trim())) errors.dob = "Date of birth as YYYY-MM-DD.";
  if (!["M", "F", "X", "U"].includes(form.sex)) errors.sex = "Sex is M, F, X or U.";
  if (form.pob.trim() && !/^[A-Z]{2}$/i.test(form.pob.trim())) errors.pob = "Two-letter country code.";
  if (form.arn.trim() && !/^A?\d{8,9}$/i.test(form.arn.trim())) errors.arn = "A-number: 8 or 9 digits.";
  if (form.remarks.length > 500) errors.remarks = "Remarks are at most 500 characters.";
  const changes: Record<string, unknown> = {};
  if (Object.keys(errors).length > 0) return { errors, changes };
  if (
    ["last", "first", "middle"].some((key) => clean(form[key as "last"]) !== clean(record[key as "last"]))
  ) {
    changes.name = {
      last: clean(form.last),
      first: clean(form.first),
      ...(clean(form.middle) ? { middle: clean(form.middle) } : {}),
    };
  }
  if (form.dob.trim() !== record.dob) changes.dob = form.dob.trim();
  if (form.sex !== record.sex) changes.sex = form.sex;
  for (const key of ["pob", "arn"] as const) {
    if (clean(form[key]) !== clean(record[key]) && clean(form[key])) changes[key] = clean(form[key]);
  }
  if (form.remarks.trim() !== record.remarks.trim() && form.remarks.trim())
    changes.remarks = form.remarks.trim();
  if (Object.keys(changes).length === 0) errors.form = "Nothing has changed.";
  return { errors, changes };
}

export function checkReason(reason: string, what: "cancel" | "clear"): FieldErrors {
  const text = reason.trim();
  if (!text) return { reason: `Say why the record is ${what === "cancel" ? "cancelled" : "cleared"}.` };
  if (text.length > 500) return { reason: "The reason is at most 500 characters." };
  return {};
}

export function checkLocate(form: { ori: string; oca: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (!ORI.test(form.ori.trim().toUpperCase()))
    errors.ori = "The locating agency's ORI: 9 characters, 2 letters then 7 letters or digits.";
  if (!OCA.test(form.oca.trim()))
    errors.oca = "The locating agency's case number: 1 to 20 letters, digits or hyphens.";
  return errors;
}

/**
 * Which of `fields` the server's message names (`body.ori: must be …`, `name.last: …`), so
 * its text goes next to that field; undefined when it names none of them.
 */
export function fieldOfMessage(message: string, fields: readonly string[]): string | undefined {
  const match = /^(?:body\.|querystring\.)?([\w.]+):/.exec(message);
  if (!match) return undefined;
  const named = match[1]!;
  return fields.find((field) => named === field || named.startsWith(`${field}.`));
}
