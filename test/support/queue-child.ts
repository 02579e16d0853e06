/**
 * A separate lesc process for queue tests: `work` drains the `effect` queue (each job inserts
 * one row into test_effect); `claim-and-hang` claims jobs and then hangs inside the handler
 * until it is killed, like a worker that dies mid-job.
 */

import { sql } from "drizzle-orm";
import { ManualClock, systemClock } from "../../src/platform/clock.js";
import { JobWorker } from "../../src/platform/queue/index.js";
import { openStore } from "../../src/platform/store/store.js";

const [mode, location, clockAt] = process.argv.slice(2);
const store = await openStore({
  location: location!.startsWith("postgres")
    ? { kind: "server", url: location! }
    : { kind: "embedded", dataDir: location! },
  command: `queue-child ${mode}`,
  migrate: false,
});
const clock = clockAt ? new ManualClock(clockAt) : systemClock;
const worker = new JobWorker({
  store,
  clock,
  leaseMs: 60_000,
  batchSize: 1,
  handlers: {
    effect: async (tx, job) => {
      if (mode === "claim-and-hang") {
        process.stdout.write(`claimed ${job.id}\n`);
        await new Promise(() => {}); // hang until killed
      }
      await tx.execute(
        sql`INSERT INTO test_effect (job_id, worker) VALUES (${job.id}, ${String(process.pid)})`,
      );
    },
  },
});
const ran = await worker.drain();
process.stdout.write(`ran ${ran}\n`);
await store.close();
