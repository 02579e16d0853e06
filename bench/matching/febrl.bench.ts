/**
 * FEBRL4 (issue #3): dataset4a is the file, dataset4b the queries; rec-N-org in 4a is the one
 * true match of rec-N-dup-0 in 4b (5,000 pairs). Reports precision, recall and F1 of the best
 * candidate per query; target F1 ≥ 0.99.
 *
 *   npm run build && node dist/bench/matching/febrl.bench.js [--name-dob-only]
 */
import path from "node:path";
import { type MatchSubject, MemoryIndex } from "../../src/matching/index.js";
import { readCsv, sharedDataDir } from "./data.js";

const nameDobOnly = process.argv.includes("--name-dob-only");
const dir = path.join(sharedDataDir(), "febrl");

function toSubject(row: Record<string, string>): MatchSubject & { id: string } {
  const dob = /^\d{8}$/.test(row.date_of_birth ?? "")
    ? `${row.date_of_birth!.slice(0, 4)}-${row.date_of_birth!.slice(4, 6)}-${row.date_of_birth!.slice(6, 8)}`
    : null;
  return {
    id: row.rec_id!,
    names: [{ last: row.surname ?? "", first: row.given_name ?? "" }],
    dob,
    ssn: nameDobOnly ? null : row.soc_sec_id || null,
  };
}

const file = readCsv(path.join(dir, "dataset4a.csv")).map(toSubject);
const queries = readCsv(path.join(dir, "dataset4b.csv")).map(toSubject);
const started = performance.now();
const index = new MemoryIndex<MatchSubject & { id: string }>();
for (const record of file) index.add(record);
const indexed = performance.now();
let truePositives = 0;
let predicted = 0;
let matchDecisions = 0;
let correctMatches = 0;
const misses: string[] = [];
for (const query of queries) {
  const [best] = index.search(query, { top: 1 });
  const truth = query.id.replace(/-dup-\d+$/, "-org");
  if (!best) {
    if (misses.length < 10) misses.push(`${query.id}: no candidate`);
    continue;
  }
  predicted++;
  if (best.record.id === truth) truePositives++;
  else if (misses.length < 10) misses.push(`${query.id} → ${best.record.id} (${best.result.score})`);
  if (best.result.decision === "match") {
    matchDecisions++;
    if (best.record.id === truth) correctMatches++;
  }
}
const precision = truePositives / predicted;
const recall = truePositives / queries.length;
const f1 = (2 * precision * recall) / (precision + recall);
console.log(
  JSON.stringify(
    {
      benchmark: "FEBRL4 best candidate per query",
      fields: nameDobOnly ? "name + dob" : "name + dob + soc_sec_id",
      queries: queries.length,
      precision: round(precision),
      recall: round(recall),
      f1: round(f1),
      matchDecisions,
      matchDecisionPrecision: round(correctMatches / Math.max(1, matchDecisions)),
      indexMs: Math.round(indexed - started),
      searchMsPerQuery: round((performance.now() - indexed) / queries.length, 3),
      sampleMisses: misses,
      command: `node dist/bench/matching/febrl.bench.js${nameDobOnly ? " --name-dob-only" : ""}`,
    },
    null,
    2,
  ),
);

function round(x: number, places = 4): number {
  return Math.round(x * 10 ** places) / 10 ** places;
}
