import { stringify } from "csv-stringify/sync";

/** Spreadsheet programs run cells that start with these as formulas: neutralise them. */
export function safeCell(value: string | number): string | number {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV text with a header row; every cell formula-safe. */
export function writeCsv(header: string[], rows: (string | number)[][]): string {
  return stringify([header, ...rows.map((row) => row.map(safeCell))]);
}
