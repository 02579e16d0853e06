/**
 * Sustained IAQ load against a real `lesc serve` (issue #8): seed a fresh store, register
 * agencies, start the server, run the load generator of `lesc simulate` at a fixed rate, and
 * print its report. Targets on this 2-core machine: embedded store with 1M people, ≥ 200 IAQs
 * a second with ACK p99 ≤ 100 ms and PRELIMINARY IAR p99 ≤ 250 ms.
 *
 *   npm run build && node dist/bench/load/load.bench.js [--people 1000000] [--violators 300000]
 *     [--rate 200] [--duration 30] [--agencies 20] [--database-url URL]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openStore, resolveStoreLocation } from "../../src/platform/store/store.js";
import { simulate } from "../../src/simulate/simulate.js";
import { LESC_BIN, runLesc } from "../../test/support/cli.js";
import { startServer } from "../../test/support/server-process.js";

const { values } = parseArgs({
  options: {
    people: { type: "string", default: "1000000" },
    violators: { type: "string", default: "300000" },
    rate: { type: "string", default: "200" },
    duration: { type: "string", default: "30" },
    agencies: { type: "string", default: "20" },
    "database-url": { type: "string" },
    "data-dir": { type: "string" },
    // Reuse a store seeded by an earlier run (with --data-dir): seeding 1M people takes minutes.
    "skip-seed": { type: "boolean", default: false },
  },
});
if (values["skip-seed"] && !values["data-dir"] && !values["database-url"]) {
  throw new Error("--skip-seed: give the seeded store with --data-dir or --database-url");
}
const dataDir = values["data-dir"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "lesc-load-"));
const storeArgs = values["database-url"]
  ? ["--database-url", values["database-url"]]
  : ["--data-dir", dataDir];
const say = (line: string) => process.stderr.write(`load: ${line}\n`);

let t0 = performance.now();
// Seeding a million people takes minutes: no time limit, progress to the terminal (runLesc
// has a time limit and a pipe that would fill).
const seeded = values["skip-seed"]
  ? { status: 0, signal: null }
  : spawnSync(
      process.execPath,
      [
        LESC_BIN,
        "seed",
        "--people",
        values.people!,
        "--violators",
        values.violators!,
        "--seed",
        "load",
        ...storeArgs,
      ],
      { env: { ...process.env, DATABASE_URL: "" }, stdio: ["ignore", "ignore", "inherit"] },
    );
if (seeded.status !== 0) throw new Error(`lesc seed failed (${seeded.status ?? seeded.signal})`);
if (!values["skip-seed"]) say(`seeded and indexed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
const agencies: { ori: string; apiKey: string }[] = [];
// Each run registers its own agencies, so a reused store takes a second run.
const run = Math.floor(Date.now() / 1000)
  .toString(36)
  .slice(-3)
  .toUpperCase();
for (let i = 0; i < Number(values.agencies); i++) {
  const ori = `ZZ${run}${String(i).padStart(4, "0")}`;
  const added = runLesc([
    "agency",
    "add",
    "--ori",
    ori,
    "--name",
    `Load PD ${i}`,
    "--state",
    "TX",
    ...storeArgs,
  ]);
  if (added.code !== 0) throw new Error(`lesc agency add ${ori} failed: ${added.stderr}`);
  agencies.push({ ori, apiKey: (added.json as { apiKey: string }).apiKey });
}
if (values["skip-seed"]) {
  // A reused store still holds the earlier runs' unsearched inquiries and their clocks; left
  // queued, they would run before this run's work.
  const store = await openStore({
    location: resolveStoreLocation({ dataDir: values["data-dir"], databaseUrl: values["database-url"] }),
  });
  const { rowCount } = await store.pool.query(
    "UPDATE job SET state = 'cancelled', finished_at = now() WHERE state IN ('ready', 'running') AND queue IN ('inquiry.search', 'inquiry.sla', 'hit.clock')",
  );
  await store.close();
  say(`cancelled ${rowCount} queued jobs left by earlier runs`);
}
const server = await startServer(storeArgs);
try {
  t0 = performance.now();
  const report = await simulate({
    url: server.url,
    agencies,
    rate: Number(values.rate),
    durationSeconds: Number(values.duration),
    yqShare: 0.05,
    subjects: [],
    subjectShare: 0,
    seed: "load-bench",
    settleSeconds: 30,
    onProgress: say,
  });
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `reproduce: node dist/bench/load/load.bench.js --people ${values.people} --violators ${values.violators} --rate ${values.rate} --duration ${values.duration} --agencies ${values.agencies}${values["database-url"] ? " --database-url URL" : ""}`,
  );
} finally {
  await server.stop();
  if (!values["data-dir"]) fs.rmSync(dataDir, { recursive: true, force: true });
}
