import { MemoryIndex } from "./memory-index.js";
import type { FieldComparison } from "./scorer.js";
import { parseSubjectRow, type SubjectRow, unknownColumns } from "./subject-row.js";

/**
 * Batch screening (`lesc screen`): every query row against every record row, through the same
 * keys and pair scorer as the inquiry path. Bad rows are reported with their line and field;
 * the rest are screened.
 */
export interface ScreeningRejection {
  file: "records" | "queries";
  line: number;
  field: string;
  reason: string;
}

export interface ScreeningRow {
  queryId: string;
  recordId: string;
  score: number;
  decision: "match" | "possible";
  explanation: string;
}

export interface ScreeningResult {
  rows: ScreeningRow[];
  rejected: ScreeningRejection[];
  records: number;
  queries: number;
}

export interface CsvTable {
  header: string[];
  /** Data rows with the physical line each starts on. */
  rows: { line: number; values: Record<string, string> }[];
}

export class ScreeningFileError extends Error {}

export function screen(records: CsvTable, queries: CsvTable, top = 10): ScreeningResult {
  for (const [file, table] of [
    ["records", records],
    ["queries", queries],
  ] as const) {
    const unknown = unknownColumns(table.header);
    if (unknown.length > 0) throw new ScreeningFileError(`${file}: unknown column ${unknown.join(", ")}`);
    if (!table.header.includes("id")) throw new ScreeningFileError(`${file}: the id column is required`);
  }
  const rejected: ScreeningRejection[] = [];
  const parse = (file: "records" | "queries", table: CsvTable): SubjectRow[] => {
    const subjects: SubjectRow[] = [];
    for (const row of table.rows) {
      const parsed = parseSubjectRow(row.values);
      if (parsed.ok) subjects.push(parsed.subject);
      else rejected.push({ file, line: row.line, field: parsed.field, reason: parsed.reason });
    }
    return subjects;
  };
  const index = new MemoryIndex<SubjectRow>();
  for (const record of parse("records", records)) index.add(record);
  const querySubjects = parse("queries", queries);
  const rows: ScreeningRow[] = [];
  for (const query of querySubjects) {
    for (const candidate of index.search(query, { top })) {
      rows.push({
        queryId: query.id,
        recordId: candidate.record.id,
        score: candidate.result.score,
        decision: candidate.result.decision as "match" | "possible",
        explanation: explainInOneLine(candidate.result.explanation),
      });
    }
  }
  return { rows, rejected, records: index.size, queries: querySubjects.length };
}

/** `name GARCIA=GARCIA EXACT +5.9; dob EXACT +9`: what was compared, the level, the weight. */
export function explainInOneLine(explanation: readonly FieldComparison[]): string {
  return explanation
    .filter((item) => item.level !== "MISSING")
    .map((item) => {
      const sign = item.weight >= 0 ? "+" : "";
      return `${item.field} ${item.query ?? "-"}=${item.candidate ?? "-"} ${item.level} ${sign}${item.weight}`;
    })
    .join("; ");
}
