import fs from "node:fs";
import { ScreeningFileError, screen } from "../matching/index.js";
import { Errors } from "../platform/errors.js";
import { parseCommandArgs, printJson, requireString, wholeNumber } from "./args.js";
import { readCsvTable, writeCsv } from "./csv.js";

/**
 * `lesc screen --records R.csv --queries Q.csv [--out OUT.csv] [--top K]`: batch screening
 * with the inquiry path's engine. The summary JSON goes to stdout, or to stderr when the
 * result CSV itself goes to stdout.
 */
export async function screenCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("screen", argv, {
    records: { type: "string" },
    queries: { type: "string" },
    out: { type: "string" },
    top: { type: "string" },
  });
  const top = wholeNumber("top", values.top, 10, 1000);
  if (top < 1) throw Errors.invalidField("--top", "must be at least 1");
  const records = readCsvTable(requireString("screen", values, "records"), "--records");
  const queries = readCsvTable(requireString("screen", values, "queries"), "--queries");
  let result: ReturnType<typeof screen>;
  try {
    result = screen(records, queries, top);
  } catch (error) {
    if (error instanceof ScreeningFileError) throw Errors.invalidField("csv", error.message);
    throw error;
  }
  const csv = writeCsv(
    ["query_id", "record_id", "score", "decision", "explanation"],
    result.rows.map((r) => [r.queryId, r.recordId, r.score, r.decision, r.explanation]),
  );
  const summary = {
    records: result.records,
    queries: result.queries,
    results: result.rows.length,
    matches: result.rows.filter((r) => r.decision === "match").length,
    possibles: result.rows.filter((r) => r.decision === "possible").length,
    rejected: result.rejected,
  };
  if (values.out) {
    fs.writeFileSync(values.out, csv);
    printJson(summary);
  } else {
    process.stdout.write(csv);
    process.stderr.write(`${JSON.stringify(summary)}\n`);
  }
  return 0;
}
