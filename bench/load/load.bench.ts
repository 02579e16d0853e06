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
  },
});
const dataDir = values["data-dir"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "lesc-load-"));
const storeArgs = values["database-url"]
  ? ["--database-url", values["database-url"]]
  : ["--data-dir", dataDir];
const say = (line: string) => process.stderr.write(`load: ${line}\n`);

let t0 = performance.now();
// Seeding a million people takes minutes: no time limit, progress to the terminal (runLesc
// has a time limit and a pipe that would fill).
const seeded = spawnSync(
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
say(`seeded and indexed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
const agencies: { ori: string; apiKey: string }[] = [];
for (let i = 0; i < Number(values.agencies); i++) {
  const ori = `ZZL${String(i).padStart(6, "0")}`;
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
  if (added.code === 0) agencies.push({ ori, apiKey: (added.json as { apiKey: string }).apiKey });
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
