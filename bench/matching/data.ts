import fs from "node:fs";
import path from "node:path";
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

/** Minimal CSV reader for the evaluation files (quoted fields, commas, optional padding). */
export function readCsv(file: string, trimCells = true): Record<string, string>[] {
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  const names = header!.map((h) => h.trim());
  return body.map((r) =>
    Object.fromEntries(names.map((n, i) => [n, trimCells ? (r[i] ?? "").trim() : (r[i] ?? "")])),
  );
}
