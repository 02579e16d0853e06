/**
 * Indexing and query latency on a seeded store (issue #3): rebuilds the matching index, then
 * runs queries made from file records the way officers would type them (one realistic
 * variation of the name, sometimes a day/month-swapped or ±1-year DOB) plus queries for
 * people who are not in the files, and reports p50/p99 latency and hit rates.
 * Targets: indexing 1M records ≤ 2 minutes (embedded); p99 ≤ 50 ms.
 *
 *   lesc seed --people 1000000 --violators 160000 --data-dir /tmp/lesc-1m
 *   node dist/bench/matching/store-index.bench.js --data-dir /tmp/lesc-1m [--queries 500] [--skip-rebuild]
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import {
  loadFileRecords,
  type MatchSubject,
  rebuildMatchIndex,
  StoreMatcher,
} from "../../src/matching/index.js";
import { systemClock } from "../../src/platform/clock.js";
import { openStore, resolveStoreLocation } from "../../src/platform/store/store.js";
import { generateIdentity, varyName } from "../../src/synthetic/identities.js";
import { Random } from "../../src/synthetic/random.js";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    queries: { type: "string", default: "500" },
    "skip-rebuild": { type: "boolean", default: false },
  },
});
const location = resolveStoreLocation({ dataDir: values["data-dir"], databaseUrl: values["database-url"] });
const store = await openStore({ location, command: "index bench" });
const result: Record<string, unknown> = { store: location.kind };
if (!values["skip-rebuild"]) {
  let last = 0;
  const rebuilt = await rebuildMatchIndex(store, systemClock, ({ source, done, total }) => {
    if (done - last >= 100_000 || done === total) {
      last = done === total ? 0 : done;
      process.stderr.write(`  indexed ${source} ${done}/${total}\n`);
    }
  });
  result.indexedRecords = rebuilt.records;
  result.indexSeconds = Number(rebuilt.seconds.toFixed(1));
}
const rng = new Random("store-index-bench");
const [{ people, violators }] = (
  await store.db.execute<{ people: number; violators: number }>(
    sql`SELECT (SELECT max(id) FROM person)::int AS people, (SELECT max(id) FROM violator_record)::int AS violators`,
  )
).rows as [{ people: number; violators: number }];
const matcher = new StoreMatcher(store);
await matcher.frequencies();
const count = Number(values.queries);
const latencies: number[] = [];
let found = 0;
let foundAtOne = 0;
let foundAsMatch = 0;
let falseMatches = 0;
for (let i = 0; i < count; i++) {
  const inFile = i % 2 === 0;
  let query: MatchSubject;
  let truth: Set<string> | undefined;
  if (inFile) {
    const source = rng.chance(0.5) && violators > 0 ? "VIOLATOR" : "PERSON";
    const id = rng.int(1, source === "VIOLATOR" ? violators : people);
    const [record] = await loadFileRecords(store.pool, [{ source, id }]);
    if (!record) continue;
    // A Violator File record and the index person it is linked to are the same identity.
    const linked = await store.db.execute<{ source: string; id: number }>(
      source === "VIOLATOR"
        ? sql`SELECT 'PERSON' AS source, person_id AS id FROM violator_record WHERE id = ${id} AND person_id IS NOT NULL`
        : sql`SELECT 'VIOLATOR' AS source, id FROM violator_record WHERE person_id = ${id}`,
    );
    truth = new Set([`${source}:${id}`, ...linked.rows.map((r) => `${r.source}:${r.id}`)]);
    const primary = record.names[0]!;
    const identity = {
      name: { last: primary.last ?? "", first: primary.first ?? "", middle: primary.middle ?? null },
      sex: "M" as const,
      dob: record.dob ?? "1980-01-01",
      countryOfBirth: "MX",
      culture: "HISPANIC" as const,
      aliases: [],
    };
    const name = rng.chance(0.7) ? varyName(rng, identity).name : identity.name;
    let dob = record.dob ?? null;
    if (dob && rng.chance(0.1)) dob = `${dob.slice(0, 5)}${dob.slice(8, 10)}-${dob.slice(5, 7)}`;
    query = { names: [name], dob, sex: record.sex };
  } else {
    const identity = generateIdentity(rng);
    query = { names: [identity.name], dob: identity.dob, sex: identity.sex };
  }
  const started = performance.now();
  const results = await matcher.search(query, { top: 10 });
  latencies.push(performance.now() - started);
  if (truth) {
    const rank = results.findIndex((r) => truth.has(`${r.record.source}:${r.record.id}`));
    if (rank >= 0) found++;
    if (rank === 0) foundAtOne++;
    if (rank >= 0 && results[rank]!.result.decision === "match") foundAsMatch++;
  } else if (results.some((r) => r.result.decision === "match")) falseMatches++;
}
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  Number(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1));
Object.assign(result, {
  records: { people, violators },
  queries: latencies.length,
  latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100) },
  inFileRecallAt10: Number((found / Math.ceil(count / 2)).toFixed(4)),
  inFileRecallAt1: Number((foundAtOne / Math.ceil(count / 2)).toFixed(4)),
  // Re-typed names (typos, reordering) and swapped dates are meant to be `possible`, so this
  // is well below recall; it shows how often a person is offered a `match` to confirm.
  inFileFoundAsMatch: Number((foundAsMatch / Math.ceil(count / 2)).toFixed(4)),
  notInFileQueriesWithAMatch: falseMatches,
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`,
  command: `node dist/bench/matching/store-index.bench.js ${values["data-dir"] ? `--data-dir ${values["data-dir"]}` : "--database-url URL"} --queries ${count}`,
});
await store.close();
console.log(JSON.stringify(result, null, 2));
