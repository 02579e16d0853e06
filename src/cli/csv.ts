import { createHash } from "node:crypto";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import type { CsvTable } from "../matching/index.js";
import { Errors } from "../platform/errors.js";

/**
 * Reads a CSV file with a header row; each data row keeps the line it starts on, and the table
 * carries the SHA-256 of the bytes it was parsed from (what an audit entry names).
 */
export function readCsvTable(file: string, flag: string): CsvTable & { sha256: string } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw Errors.invalidField(
      flag,
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const text = bytes.toString("utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  try {
    const parsed = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    }) as { record: Record<string, string>; info: { lines: number } }[];
    const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
    const header = (parse(firstLine, { bom: true })[0] ?? []).map((h: string) => h.trim().toLowerCase());
    return { header, rows: parsed.map(({ record, info }) => ({ line: info.lines, values: record })), sha256 };
  } catch (error) {
    throw Errors.invalidField(flag, `${file} is not valid CSV: ${(error as Error).message.split("\n")[0]}`);
  }
}

export { safeCell, writeCsv } from "../platform/csv.js";
