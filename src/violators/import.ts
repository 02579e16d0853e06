import type { Clock } from "../platform/clock.js";
import { Errors, LescError } from "../platform/errors.js";
import type { Store } from "../platform/store/store.js";
import type { Sex } from "../records/index.js";
import { checkViolatorEntry, type ViolatorEntry, type ViolatorName } from "./entry.js";
import { enterChecked } from "./file.js";
import type { ViolatorCategory } from "./schema.js";

/** The contract's Violator File CSV columns (§1); order free, unknown columns an error. */
export const VIOLATOR_COLUMNS = [
  "oca",
  "category",
  "last_name",
  "first_name",
  "middle_name",
  "dob",
  "sex",
  "pob",
  "arn",
  "fbi",
  "aliases",
  "remarks",
] as const;
const REQUIRED = ["oca", "category", "last_name", "first_name", "dob"] as const;

export interface ImportRow {
  line: number;
  values: Record<string, string>;
}

export interface ImportResult {
  imported: number;
  rejected: { line: number; reason: string }[];
}

/** Refuses a header with unknown or missing columns before anything is written. */
export function checkViolatorHeader(header: readonly string[]): void {
  const unknown = header.filter((column) => !(VIOLATOR_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) {
    throw Errors.invalidField(
      "header",
      `unknown column ${unknown[0]}; columns are ${VIOLATOR_COLUMNS.join(", ")}`,
    );
  }
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) throw Errors.invalidField("header", `missing required column ${missing[0]}`);
}

/**
 * Enters each row in its own transaction, PENDING_CHECK like any entry: a bad row is rejected
 * with its line and reason and leaves nothing behind; the good rows still go in.
 */
export async function importViolators(
  store: Store,
  clock: Clock,
  actor: { username: string },
  rows: readonly ImportRow[],
  onProgress?: (done: number) => void,
): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, rejected: [] };
  const today = clock.now().toISOString().slice(0, 10);
  for (const [index, row] of rows.entries()) {
    try {
      const entry = checkViolatorEntry(entryOf(row.values), today);
      await store.transaction((tx) => enterChecked(tx, clock, actor, entry));
      result.imported++;
    } catch (error) {
      if (!(error instanceof LescError)) throw error;
      result.rejected.push({ line: row.line, reason: error.message });
    }
    onProgress?.(index + 1);
  }
  return result;
}

function entryOf(values: Record<string, string>): ViolatorEntry {
  for (const column of REQUIRED) {
    if ((values[column] ?? "").trim() === "") throw Errors.invalidField(column, "is required");
  }
  const aliases = (values.aliases ?? "")
    .split(";")
    .map((alias) => alias.trim())
    .filter((alias) => alias !== "")
    .map((alias, index) => aliasName(alias, index));
  return {
    oca: values.oca!,
    category: values.category!.trim().toUpperCase() as ViolatorCategory,
    name: { last: values.last_name!, first: values.first_name!, middle: values.middle_name || null },
    dob: values.dob!,
    sex: ((values.sex ?? "").trim().toUpperCase() || "U") as Sex,
    pob: values.pob,
    arn: values.arn,
    fbi: values.fbi,
    aliases,
    remarks: values.remarks,
  };
}

function aliasName(text: string, index: number): ViolatorName {
  const comma = text.indexOf(",");
  if (comma < 0) throw Errors.invalidField(`aliases.${index}`, "must be LAST, FIRST MIDDLE");
  const [first, ...middle] = text
    .slice(comma + 1)
    .trim()
    .split(/\s+/);
  return { last: text.slice(0, comma), first: first ?? "", middle: middle.join(" ") || null };
}
