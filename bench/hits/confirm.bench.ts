/**
 * Does the confirmation path keep its speed as the Violator File grows? Issue #5: the file
 * must hold 300,000 records "with no loss of speed in the confirmation path". For each size,
 * on a fresh embedded store (or a fresh PostgreSQL database per size with --database-url):
 * seed the file, then time, per YQ on a random active record, (1) accepting the YQ (store,
 * ACK, open the case with its timers), (2) the confirmation workspace (record, documents,
 * side-by-side with the engine's explanation), (3) the CONFIRMED answer (YR to the mailbox).
 * Prints p50/p99 per step and size, and the ratio of the largest size to the smallest.
 *
 *   npm run build && node dist/bench/hits/confirm.bench.js [--sizes 30000,300000] [--queries 400]
 *     [--database-url URL]   (the URL's database is used as an admin connection to create one per size)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { assembleLesc } from "../../src/app.js";
import { registerAgency, syncOfficeDirectory } from "../../src/directory/index.js";
import { hitWorkspace, respondToHit } from "../../src/hits/index.js";
import { rebuildMatchIndex } from "../../src/matching/index.js";
import { formatYqText } from "../../src/messages/index.js";
import type { StaffPrincipal } from "../../src/platform/auth/index.js";
import { systemClock } from "../../src/platform/clock.js";
import { openStore, type StoreLocation } from "../../src/platform/store/store.js";
import { Random } from "../../src/synthetic/random.js";
import { seedStore } from "../../src/synthetic/seed.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "30000,300000" },
    queries: { type: "string", default: "400" },
    "database-url": { type: "string" },
  },
});
const sizes = values.sizes!.split(",").map(Number);
const queries = Number(values.queries);
const staff: StaffPrincipal = {
  userId: 0,
  username: "bench.tech",
  role: "technician",
  sessionId: 0,
  fieldOffice: null,
};

interface Timings {
  accept: number[];
  workspace: number[];
  answer: number[];
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function location(size: number): Promise<{ location: StoreLocation; cleanup(): Promise<void> }> {
  if (values["database-url"]) {
    const name = `lesc_bench_hits_${size}_${process.pid}`;
    const admin = new pg.Client({ connectionString: values["database-url"] });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(values["database-url"]);
    url.pathname = `/${name}`;
    return {
      location: { kind: "server", url: url.toString() },
      async cleanup() {
        const again = new pg.Client({ connectionString: values["database-url"] });
        await again.connect();
        await again.query(`DROP DATABASE ${name}`);
        await again.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-bench-hits-"));
  fs.rmSync(dataDir, { recursive: true });
  return {
    location: { kind: "embedded", dataDir },
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function measure(size: number): Promise<Timings> {
  const where = await location(size);
  const store = await openStore({ location: where.location, command: "hits bench" });
  try {
    await store.transaction((tx) => syncOfficeDirectory(tx));
    const seeded = performance.now();
    await seedStore(store, systemClock, { people: 0, violators: size, seed: "hits-bench" });
    await rebuildMatchIndex(store, systemClock);
    process.stderr.write(
      `  ${size}: seeded and indexed in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`,
    );
    const { rows } = await store.pool.query<{ nic: string; last: string; first: string; dob: string }>(
      `SELECT nic, last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob FROM violator_record
       WHERE status = 'ACTIVE' AND last_name ~ '^[A-Z]+$' AND first_name ~ '^[A-Z]+$' AND length(last_name || first_name) < 26`,
    );
    await registerAgency(store, systemClock, { ori: "ZZ0000099", name: "Bench PD", state: "VT" });
    const lesc = assembleLesc({ store, clock: systemClock });
    const services = { store, clock: systemClock, matcher: lesc.matcher, deskPhone: "555-0100" };
    const rng = new Random(`hits-bench-${size}`);
    const timings: Timings = { accept: [], workspace: [], answer: [] };
    for (let i = 0; i < queries + 50; i++) {
      const record = rows[rng.int(0, rows.length - 1)]!;
      const text = formatYqText({
        header: { mke: "YQ", ori: "ZZ0000099", destinations: ["AX"] },
        rty: "WP",
        rno: 1,
        pri: "U",
        oca: `B-${i}`,
        nic: record.nic,
        nam: { last: record.last, first: record.first },
        dob: record.dob,
      });
      let t0 = performance.now();
      const accepted = await lesc.accept({ senderOri: "ZZ0000099", contentType: "text", body: text });
      const accept = performance.now() - t0;
      if (accepted.outcome !== "ACCEPTED") throw new Error(`YQ not accepted: ${JSON.stringify(accepted)}`);
      const { rows: cases } = await store.pool.query<{ id: number }>(
        "SELECT case_id AS id FROM hit_request WHERE message_id = $1",
        [accepted.messageId],
      );
      t0 = performance.now();
      await hitWorkspace(services, staff, cases[0]!.id);
      const workspace = performance.now() - t0;
      t0 = performance.now();
      await respondToHit(services, staff, cases[0]!.id, { status: "CONFIRMED" });
      const answer = performance.now() - t0;
      if (i >= 50) {
        timings.accept.push(accept);
        timings.workspace.push(workspace);
        timings.answer.push(answer);
      }
    }
    return timings;
  } finally {
    await store.close();
    await where.cleanup();
  }
}

const results = new Map<number, Timings>();
for (const size of sizes) results.set(size, await measure(size));
const fmt = (ms: number) => ms.toFixed(1).padStart(7);
console.log(
  `confirmation path, ${queries} YQs per size, ${values["database-url"] ? "PostgreSQL" : "embedded store"} (ms)`,
);
console.log("records   | accept p50   p99 | workspace p50   p99 | answer p50   p99");
for (const [size, t] of results) {
  console.log(
    `${String(size).padStart(9)} | ${fmt(percentile(t.accept, 50))} ${fmt(percentile(t.accept, 99))} | ${fmt(percentile(t.workspace, 50))} ${fmt(percentile(t.workspace, 99))} | ${fmt(percentile(t.answer, 50))} ${fmt(percentile(t.answer, 99))}`,
  );
}
const small = results.get(sizes[0]!)!;
const large = results.get(sizes.at(-1)!)!;
const ratio = (step: keyof Timings) => (percentile(large[step], 50) / percentile(small[step], 50)).toFixed(2);
console.log(
  `p50 ratio ${sizes.at(-1)} / ${sizes[0]}: accept ${ratio("accept")}, workspace ${ratio("workspace")}, answer ${ratio("answer")}`,
);
console.log(
  `reproduce: node dist/bench/hits/confirm.bench.js --sizes ${values.sizes} --queries ${queries}${values["database-url"] ? " --database-url URL" : ""}`,
);
