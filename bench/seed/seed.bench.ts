/**
 * How long does `lesc seed` take for N people on a fresh store?
 * Target (issue #2): 1,000,000 people in at most 2 minutes on the embedded store.
 *
 *   npm run build && node dist/bench/seed/seed.bench.js [--people 1000000] [--violators 0] [--database-url URL]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { syncOfficeDirectory } from "../../src/directory/index.js";
import { systemClock } from "../../src/platform/clock.js";
import { openStore } from "../../src/platform/store/store.js";
import { seedStore } from "../../src/synthetic/seed.js";

const { values } = parseArgs({
  options: {
    people: { type: "string", default: "1000000" },
    violators: { type: "string", default: "0" },
    "database-url": { type: "string" },
    seed: { type: "string", default: "bench" },
  },
});
const people = Number(values.people);
const violators = Number(values.violators);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-bench-seed-"));
fs.rmSync(dataDir, { recursive: true });
const location = values["database-url"]
  ? ({ kind: "server", url: values["database-url"] } as const)
  : ({ kind: "embedded", dataDir } as const);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);
const opened = performance.now();
const store = await openStore({ location, command: "seed bench" });
await store.transaction((tx) => syncOfficeDirectory(tx));
const started = performance.now();
let lastReport = 0;
await seedStore(store, systemClock, {
  people,
  violators,
  seed: values.seed!,
  onProgress(done, total) {
    if (done - lastReport >= 100_000 || done === total) {
      lastReport = done;
      process.stderr.write(
        `  ${done}/${total} after ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
  },
});
const seconds = (performance.now() - started) / 1000;
const { rows } = await store.pool.query<{ bytes: number }>(
  "SELECT pg_database_size(current_database())::bigint AS bytes",
);
await store.close();
clearInterval(sampler);
const dirBytes = location.kind === "embedded" ? duBytes(dataDir) : undefined;
if (location.kind === "embedded") fs.rmSync(dataDir, { recursive: true, force: true });

const result = {
  store: location.kind,
  people,
  violators,
  seedSeconds: Number(seconds.toFixed(1)),
  openSeconds: Number(((started - opened) / 1000).toFixed(1)),
  recordsPerSecond: Math.round((people + violators) / seconds),
  databaseMB: Math.round(rows[0]!.bytes / 1e6),
  dataDirMB: dirBytes === undefined ? null : Math.round(dirBytes / 1e6),
  peakRssMB: Math.round(peakRss / 1e6),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  command: `node dist/bench/seed/seed.bench.js --people ${people} --violators ${violators}${values["database-url"] ? " --database-url URL" : ""}`,
};
console.log(JSON.stringify(result, null, 2));

function duBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
