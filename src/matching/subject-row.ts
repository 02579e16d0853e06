import type { NameInput } from "./normalise.js";
import { normaliseTokens } from "./normalise.js";
import { type MatchSubject, normaliseANumber, parseDob } from "./record.js";

/**
 * A person row of a screening CSV (contract §1, `lesc screen`) parsed into a MatchSubject, or
 * the first problem found, naming the field and the rule.
 */
export const SUBJECT_COLUMNS = [
  "id",
  "last_name",
  "first_name",
  "middle_name",
  "dob",
  "sex",
  "pob",
  "arn",
  "fbi",
  "ssn",
  "aliases",
  "address",
] as const;

export interface SubjectRow extends MatchSubject {
  id: string;
  address?: string | null;
}

export type RowResult = { ok: true; subject: SubjectRow } | { ok: false; field: string; reason: string };

const MAX_FIELD = 200;
const MAX_ADDRESS = 500;
// C0 and C1 control characters, and the Unicode line and paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

export function unknownColumns(header: readonly string[]): string[] {
  return header.filter((column) => !(SUBJECT_COLUMNS as readonly string[]).includes(column));
}

export function parseSubjectRow(row: Record<string, string | undefined>): RowResult {
  const fail = (field: string, reason: string): RowResult => ({ ok: false, field, reason });
  for (const [field, raw] of Object.entries(row)) {
    const value = raw ?? "";
    const limit = field === "address" || field === "aliases" ? MAX_ADDRESS : MAX_FIELD;
    if (value.length > limit) return fail(field, `longer than ${limit} characters`);
    if (CONTROL.test(value)) return fail(field, "contains control characters");
  }
  const text = (field: string) => {
    const value = row[field]?.trim();
    return value === undefined || value === "" ? null : value;
  };
  const id = text("id");
  if (!id) return fail("id", "is required");
  for (const field of ["last_name", "first_name", "middle_name"]) {
    const value = text(field);
    if (value && normaliseTokens(value).length === 0) return fail(field, "must contain letters");
  }
  if (!text("last_name") && !text("first_name")) return fail("last_name", "a last or first name is required");
  const dob = text("dob");
  if (dob) {
    if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(dob)) return fail("dob", "must be YYYY-MM-DD, YYYY-MM or YYYY");
    const parsed = parseDob(dob);
    const parts = dob.split("-").length;
    if (!parsed || (parts >= 2 && parsed.month === undefined) || (parts === 3 && parsed.day === undefined)) {
      return fail("dob", "is not a real date");
    }
  }
  const sex = text("sex")?.toUpperCase() ?? null;
  if (sex && !["M", "F", "X", "U"].includes(sex)) return fail("sex", "must be M, F, X or U");
  const pob = text("pob")?.toUpperCase() ?? null;
  if (pob && !/^[A-Z]{2}$/.test(pob)) return fail("pob", "must be a 2-letter ISO 3166-1 country code");
  const arn = text("arn");
  if (arn && !normaliseANumber(arn)) return fail("arn", "must be an A-number of 8 or 9 digits");
  const aliases: NameInput[] = [];
  for (const alias of (text("aliases") ?? "")
    .split(";")
    .map((a) => a.trim())
    .filter(Boolean)) {
    const parsed = parseAlias(alias);
    if (!parsed) return fail("aliases", `"${alias.slice(0, 40)}" must be LAST, FIRST MIDDLE`);
    aliases.push(parsed);
  }
  return {
    ok: true,
    subject: {
      id,
      names: [
        { last: text("last_name"), first: text("first_name"), middle: text("middle_name") },
        ...aliases,
      ],
      dob,
      sex,
      pob,
      aNumber: arn,
      fbi: text("fbi"),
      ssn: text("ssn"),
      address: text("address"),
    },
  };
}

/** `LAST, FIRST MIDDLE` (also the NCIC NAM field's shape). */
export function parseAlias(text: string): NameInput | undefined {
  const comma = text.indexOf(",");
  const last = (comma >= 0 ? text.slice(0, comma) : text).trim();
  const given =
    comma >= 0
      ? text
          .slice(comma + 1)
          .trim()
          .split(/\s+/)
      : [];
  if (normaliseTokens(last).length === 0) return undefined;
  return { last, first: given[0] || null, middle: given.slice(1).join(" ") || null };
}
