import fs from "node:fs";
import os from "node:os";
import { ScreeningFileError, screen } from "../matching/index.js";
import { writeAudit } from "../platform/audit/index.js";
import { systemClock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import {
  openCommandStore,
  parseCommandArgs,
  printJson,
  requireString,
  STORE_FLAGS,
  wholeNumber,
} from "./args.js";
import { readCsvTable, writeCsv } from "./csv.js";

/** The stated purpose when the operator gives none: the audit entry says so rather than guess. */
export const UNSTATED_PURPOSE = "not stated";

/**
 * `lesc screen --records R.csv --queries Q.csv [--out OUT.csv] [--top K] [--purpose TEXT]`:
 * batch screening with the inquiry path's engine. A screening run is a query about people, so
 * it is recorded in the store's audit log (who ran it on this machine, the purpose, each file's
 * SHA-256 and row count, the result counts; no names) before any result is written. The
 * summary JSON goes to stdout, or to stderr when the result CSV itself goes to stdout.
 */
export async function screenCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("screen", argv, {
    ...STORE_FLAGS,
    records: { type: "string" },
    queries: { type: "string" },
    out: { type: "string" },
    top: { type: "string" },
    purpose: { type: "string" },
  });
  const top = wholeNumber("top", values.top, 10, 1000);
  if (top < 1) throw Errors.invalidField("--top", "must be at least 1");
  const purpose = values.purpose?.trim() || UNSTATED_PURPOSE;
  if (purpose.length > 500) throw Errors.invalidField("--purpose", "must be at most 500 characters");
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
  await auditScreening(values, purpose, { records: records.sha256, queries: queries.sha256 }, summary);
  if (values.out) {
    fs.writeFileSync(values.out, csv);
    printJson(summary);
  } else {
    process.stdout.write(csv);
    process.stderr.write(`${JSON.stringify(summary)}\n`);
  }
  return 0;
}

/** Writes the SCREENING_RUN entry; no result leaves the command unless this committed. */
async function auditScreening(
  values: { "data-dir"?: string | undefined; "database-url"?: string | undefined },
  purpose: string,
  sha256: { records: string; queries: string },
  summary: {
    records: number;
    queries: number;
    results: number;
    matches: number;
    possibles: number;
    rejected: unknown[];
  },
): Promise<void> {
  const store = await openCommandStore("screen", values);
  try {
    await store.transaction((tx) =>
      writeAudit(tx, systemClock, {
        component: "matching",
        eventType: "SCREENING_RUN",
        outcome: "SUCCESS",
        actorUser: `cli:${os.userInfo().username}`,
        purpose,
        details: {
          records: { sha256: sha256.records, rows: summary.records },
          queries: { sha256: sha256.queries, rows: summary.queries },
          results: summary.results,
          matches: summary.matches,
          possibles: summary.possibles,
          rejectedRows: summary.rejected.length,
        },
      }),
    );
  } finally {
    await store.close();
  }
}
