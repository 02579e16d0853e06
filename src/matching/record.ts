import type { NameInput } from "./normalise.js";

/** What the engine compares: an officer's subject, a screening row, or a file record. */
export interface MatchSubject {
  /** The primary name first, then aliases. */
  names: NameInput[];
  /** YYYY-MM-DD; partial YYYY-MM or YYYY when that is all that is known. */
  dob?: string | null | undefined;
  sex?: string | null | undefined;
  /** Place of birth: ISO 3166-1 alpha-2 country, or a US state code. */
  pob?: string | null | undefined;
  aNumber?: string | null | undefined;
  fbi?: string | null | undefined;
  ssn?: string | null | undefined;
}

export type RecordSource = "PERSON" | "VIOLATOR";

export interface FileRecord extends MatchSubject {
  source: RecordSource;
  id: number;
}

export interface ParsedDate {
  year: number;
  month?: number | undefined;
  day?: number | undefined;
}

/**
 * Parses YYYY, YYYY-MM or YYYY-MM-DD. Parts that cannot be right are dropped rather than the
 * whole date: 1945-04-93 still says 1945 and April. Undefined when not even the year is usable.
 */
export function parseDob(text: string | null | undefined): ParsedDate | undefined {
  if (!text) return undefined;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1850 || year > 2100) return undefined;
  const month = match[2] ? Number(match[2]) : undefined;
  if (month === undefined || month < 1 || month > 12) return { year };
  const day = match[3] ? Number(match[3]) : undefined;
  if (day === undefined) return { year, month };
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return { year, month };
  return { year, month, day };
}

/** A date that is a real calendar date, in full. */
export function isCompleteDate(text: string): boolean {
  const parsed = parseDob(text);
  return parsed?.day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text);
}

/** A-numbers compare as 9 digits (A12345678 = 012345678). */
export function normaliseANumber(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const digits = value.replace(/^A/i, "").replace(/[^0-9]/g, "");
  return digits.length >= 8 && digits.length <= 9 ? digits.padStart(9, "0") : undefined;
}

export function normaliseIdentifier(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const clean = value.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return clean.length > 0 ? clean : undefined;
}
