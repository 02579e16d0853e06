import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { packageRoot } from "../../src/platform/paths.js";

/** The shared evaluation data (never copied into the project): `../shared/data` beside it. */
export function sharedDataDir(): string {
  const candidates = [process.env.LESC_SHARED_DATA, path.join(packageRoot(), "../shared/data")].filter(
    Boolean,
  ) as string[];
  for (const dir of candidates) if (fs.existsSync(dir)) return dir;
  throw new Error(
    `shared evaluation data not found (looked in ${candidates.join(", ")}); set LESC_SHARED_DATA`,
  );
}

/** Reads a CSV file with a header row into objects keyed by the (trimmed) column names. */
export function readCsv(file: string, trimCells = true): Record<string, string>[] {
  return parse(fs.readFileSync(file, "utf8"), {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
    relax_column_count: true,
    trim: trimCells,
  }) as Record<string, string>[];
}

/** Reads a header-less CSV file into rows of cells. */
export function readCsvRows(text: string, trimCells = true): string[][] {
  return parse(text, {
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    trim: trimCells,
  }) as string[][];
}
