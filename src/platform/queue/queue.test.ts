import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import { openTestStore, storeKind, type TestStore } from "../../../test/support/test-store.js";
import { ManualClock, MINUTE, SECOND } from "../clock.js";
import { packageRoot } from "../paths.js";
import { openStore } from "../store/store.js";
import {
  cancelTimer,
  enqueueJob,
  enqueueJobs,
  JobWorker,
  job,
  retryDeadJob,
  scheduleDailyTimer,
  scheduleTimer,
} from "./index.js";

const childScript = path.join(packageRoot(), "dist/test/support/queue-child.js");

describe(`work queue and timers (${storeKind})`, () => {
  let store: TestStore;
  let clock: ManualClock;
  before(async () => {
    store = await openTestStore();
    await store.db.execute(sql`CREATE TABLE test_effect (job_id bigint NOT NULL, worker text NOT NULL)`);
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });
  beforeEach(async () => {
    clock = new ManualClock("2026-03-01T00:00:00.000Z");
    await store.db.execute(sql`DELETE FROM job`);
    await store.db.execute(sql`DELETE FROM test_effect`);
  });

  const effects = async () => {
    const { rows } = await store.pool.query<{ job_id: number; n: number }>(
      "SELECT job_id, count(*)::int AS n FROM test_effect GROUP BY job_id ORDER BY job_id",
    );
    return rows;
  };
  const recordEffect =
    (worker: string) =>
    async (tx: Parameters<Parameters<TestStore["transaction"]>[0]>[0], claimed: { id: number }) => {
      await tx.execute(sql`INSERT INTO test_effect (job_id, worker) VALUES (${claimed.id}, ${worker})`);
    };
  const jobRow = async (id: number) => (await store.db.select().from(job).where(eq(job.id, id)))[0]!;

  it("runs an enqueued job once and marks it done", async () => {
    const id = await store.transaction((tx) => enqueueJob(tx, clock, { queue: "effect", payload: { n: 1 } }));
    const worker = new JobWorker({ store, clock, handlers: { effect: recordEffect("a") } });
    assert.equal(await worker.drain(), 1);
    assert.deepEqual(await effects(), [{ job_id: id, n: 1 }]);
    const row = await jobRow(id);
    assert.equal(row.state, "done");
    assert.equal(row.attempts, 1);
    assert.equal(await worker.drain(), 0);
  });

  it("does not lose a job enqueued in a transaction that commits, nor keep one that rolls back", async () => {
    await assert.rejects(
      store.transaction(async (tx) => {
        await enqueueJob(tx, clock, { queue: "effect" });
        throw new Error("business write failed");
      }),
    );
    const worker = new JobWorker({ store, clock, handlers: { effect: recordEffect("a") } });
    assert.equal(await worker.drain(), 0);
  });

  it("retries a failing job with exponential back-off, then succeeds", async () => {
    const id = await store.transaction((tx) => enqueueJob(tx, clock, { queue: "flaky" }));
    let calls = 0;
    const worker = new JobWorker({
      store,
      clock,
      handlers: {
        flaky: async (tx, claimed) => {
          calls++;
          if (calls < 3) throw new Error(`transient failure ${calls}`);
          await recordEffect("a")(tx, claimed);
        },
      },
    });
    assert.equal(await worker.runOnce(), 1);
    let row = await jobRow(id);
    assert.equal(row.state, "ready");
    assert.equal(row.lastError, "transient failure 1");
    assert.equal(row.runAt.getTime(), clock.now().getTime() + 1 * SECOND);
    assert.equal(await worker.runOnce(), 0, "not due before its back-off");
    clock.advance(1 * SECOND);
    assert.equal(await worker.runOnce(), 1);
    row = await jobRow(id);
    assert.equal(row.runAt.getTime(), clock.now().getTime() + 2 * SECOND, "second back-off doubles");
    clock.advance(2 * SECOND);
    assert.equal(await worker.runOnce(), 1);
    row = await jobRow(id);
    assert.equal(row.state, "done");
    assert.equal(row.attempts, 3);
    assert.deepEqual(await effects(), [{ job_id: id, n: 1 }], "failed attempts left no effects");
  });

  it("commits a claimed batch of prepared jobs together, and job by job when the batch fails", async () => {
    const ids = await store.transaction((tx) =>
      enqueueJobs(
        tx,
        clock,
        [1, 2, 3, 4].map((n) => ({ queue: "prepared", payload: { n } })),
      ),
    );
    const batches: number[][] = [];
    const prepared: number[] = [];
    const handler = {
      async prepare(claimed: { payload: Record<string, unknown> }) {
        prepared.push(claimed.payload.n as number);
        return (claimed.payload.n as number) * 10;
      },
      async commit(
        tx: Parameters<Parameters<TestStore["transaction"]>[0]>[0],
        claimed: { id: number },
        p: unknown,
      ) {
        if (p === 30) throw new Error("job 3 cannot commit");
        await recordEffect("single")(tx, claimed);
      },
      async commitAll(
        tx: Parameters<Parameters<TestStore["transaction"]>[0]>[0],
        items: readonly { job: { id: number }; prepared: unknown }[],
      ) {
        batches.push(items.map((item) => item.prepared as number));
        for (const item of items) await recordEffect("batch")(tx, item.job);
        if (items.some((item) => item.prepared === 30)) throw new Error("job 3 sinks the batch");
      },
    };
    const worker = new JobWorker({ store, clock, batchSize: 2, handlers: { prepared: handler } });
    assert.equal(await worker.runOnce(), 2);
    assert.deepEqual(batches, [[10, 20]], "the first two jobs committed as one batch");
    assert.deepEqual(
      (await effects()).map((e) => e.job_id),
      ids.slice(0, 2),
    );
    assert.equal(await worker.runOnce(), 2);
    assert.deepEqual(batches, [
      [10, 20],
      [30, 40],
    ]);
    assert.deepEqual(prepared, [1, 2, 3, 4], "each job prepared once, also when its batch failed");
    const { rows } = await store.pool.query<{ job_id: number; worker: string }>(
      "SELECT job_id, worker FROM test_effect ORDER BY job_id",
    );
    assert.deepEqual(
      rows.map((r) => [r.job_id, r.worker]),
      [
        [ids[0], "batch"],
        [ids[1], "batch"],
        [ids[3], "single"],
      ],
      "the failed batch left nothing; job 4 then committed alone, job 3 did not",
    );
    assert.equal((await jobRow(ids[2]!)).state, "ready");
    assert.equal((await jobRow(ids[2]!)).lastError, "job 3 cannot commit");
    assert.equal((await jobRow(ids[3]!)).state, "done");
  });

  it("dead-letters a job after its last attempt, keeping the last error, and can retry it", async () => {
    const id = await store.transaction((tx) => enqueueJob(tx, clock, { queue: "broken", maxAttempts: 2 }));
    const worker = new JobWorker({
      store,
      clock,
      handlers: {
        broken: async () => {
          throw new Error("record file unreachable");
        },
      },
    });
    await worker.runOnce();
    clock.advance(MINUTE);
    await worker.runOnce();
    const row = await jobRow(id);
    assert.equal(row.state, "dead");
    assert.equal(row.attempts, 2);
    assert.equal(row.lastError, "record file unreachable");
    clock.advance(60 * MINUTE);
    assert.equal(await worker.runOnce(), 0, "dead jobs are not retried by themselves");
    assert.equal(await store.transaction((tx) => retryDeadJob(tx, clock, id)), true);
    assert.equal((await jobRow(id)).state, "ready");
  });

  it("fires a timer at its due time, once, and ignores a second schedule with the same key", async () => {
    const due = new Date(clock.now().getTime() + 10 * MINUTE);
    assert.equal(
      await store.transaction((tx) =>
        scheduleTimer(tx, clock, { key: "hit:1:breach", queue: "effect", dueAt: due }),
      ),
      true,
    );
    assert.equal(
      await store.transaction((tx) =>
        scheduleTimer(tx, clock, { key: "hit:1:breach", queue: "effect", dueAt: due }),
      ),
      false,
    );
    const worker = new JobWorker({ store, clock, handlers: { effect: recordEffect("a") } });
    clock.advance(10 * MINUTE - 1);
    assert.equal(await worker.drain(), 0, "not a millisecond early");
    clock.advance(1);
    assert.equal(await worker.drain(), 1);
    clock.advance(MINUTE);
    assert.equal(await worker.drain(), 0);
    assert.equal((await effects()).length, 1);
  });

  it("cancels a timer that has not fired", async () => {
    const due = new Date(clock.now().getTime() + MINUTE);
    await store.transaction((tx) =>
      scheduleTimer(tx, clock, { key: "hit:2:warn", queue: "effect", dueAt: due }),
    );
    assert.equal(await store.transaction((tx) => cancelTimer(tx, clock, "hit:2:warn")), true);
    clock.advance(2 * MINUTE);
    const worker = new JobWorker({ store, clock, handlers: { effect: recordEffect("a") } });
    assert.equal(await worker.drain(), 0);
    assert.equal(await store.transaction((tx) => cancelTimer(tx, clock, "hit:2:warn")), false);
  });

  it("schedules a daily timer for today's hour while it is ahead, else tomorrow, once per day", async () => {
    const daily = new ManualClock("2026-12-01T02:30:00.000Z");
    const schedule = () =>
      store.transaction((tx) =>
        scheduleDailyTimer(tx, daily, { queue: "effect", hour: 3, keyPrefix: "daily:test" }),
      );
    const dueOf = async (key: string) =>
      (
        await store.db.select({ runAt: job.runAt }).from(job).where(eq(job.timerKey, key))
      )[0]?.runAt.toISOString();
    assert.equal(await schedule(), true);
    assert.equal(await dueOf("daily:test:2026-12-01"), "2026-12-01T03:00:00.000Z");
    assert.equal(await schedule(), false, "the same day's run is scheduled once");
    daily.set("2026-12-01T03:00:00.000Z");
    assert.equal(await schedule(), true);
    assert.equal(await dueOf("daily:test:2026-12-02"), "2026-12-02T03:00:00.000Z");
    await store.transaction(async (tx) => {
      await cancelTimer(tx, clock, "daily:test:2026-12-01");
      await cancelTimer(tx, clock, "daily:test:2026-12-02");
    });
  });

  it("fires each of many timers exactly once with several workers competing", async () => {
    const due = new Date(clock.now().getTime() + MINUTE);
    await store.transaction(async (tx) => {
      for (let i = 0; i < 60; i++)
        await scheduleTimer(tx, clock, { key: `t:${i}`, queue: "effect", dueAt: due });
    });
    clock.advance(MINUTE);
    const workers = ["a", "b", "c"].map(
      (name) => new JobWorker({ store, clock, batchSize: 4, handlers: { effect: recordEffect(name) } }),
    );
    const ran = await Promise.all(workers.map((w) => w.drain()));
    assert.equal(
      ran.reduce((a, b) => a + b, 0),
      60,
    );
    const rows = await effects();
    assert.equal(rows.length, 60);
    assert.ok(rows.every((r) => r.n === 1));
  });

  it("a job whose lease is lost commits nothing from the old holder", async () => {
    const id = await store.transaction((tx) => enqueueJob(tx, clock, { queue: "effect" }));
    // Worker "slow" claims, then its lease expires and "fast" takes the job over.
    const slow = new JobWorker({ store, clock, leaseMs: MINUTE, workerId: "slow", handlers: {} });
    await store.db
      .update(job)
      .set({
        state: "running",
        lockedBy: "slow",
        lockedUntil: new Date(clock.now().getTime() + MINUTE),
        attempts: 1,
      })
      .where(eq(job.id, id));
    clock.advance(2 * MINUTE);
    const fast = new JobWorker({
      store,
      clock,
      workerId: "fast",
      handlers: { effect: recordEffect("fast") },
    });
    assert.equal(await fast.sweepExpiredLeases(), 1);
    assert.equal(await fast.drain(), 1);
    assert.equal(slow.workerId, "slow");
    const row = await jobRow(id);
    assert.equal(row.state, "done");
    assert.equal(row.attempts, 2);
    assert.deepEqual(await effects(), [{ job_id: id, n: 1 }]);
  });

  it("retries the job of a worker process killed mid-job", async () => {
    const id = await store.transaction((tx) => enqueueJob(tx, clock, { queue: "effect" }));
    const location = store.reopenArgs.dataDir ?? store.reopenArgs.databaseUrl!;
    // The embedded store admits one process at a time: hand it over to the child.
    if (store.kind === "embedded") await store.close();
    const child = spawn(
      process.execPath,
      [childScript, "claim-and-hang", location, clock.now().toISOString()],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    while (!out.includes(`claimed ${id}`)) await once(child.stdout, "data");
    child.kill("SIGKILL");
    await once(child, "exit");
    if (store.kind === "embedded") {
      const reopened = await openStore({ location: { kind: "embedded", dataDir: location } });
      store = Object.assign(reopened, { reopenArgs: store.reopenArgs, destroy: store.destroy });
    }
    const row = await jobRow(id);
    assert.equal(row.state, "running", "the dead worker's claim is still recorded");
    const worker = new JobWorker({ store, clock, handlers: { effect: recordEffect("survivor") } });
    assert.equal(await worker.drain(), 0, "the lease still holds");
    clock.advance(61 * SECOND);
    assert.equal(await worker.drain(), 1);
    const done = await jobRow(id);
    assert.equal(done.state, "done");
    assert.equal(done.attempts, 2);
    assert.deepEqual(await effects(), [{ job_id: id, n: 1 }]);
  });

  it("several processes on one PostgreSQL run each due job exactly once", {
    skip: storeKind !== "server",
  }, async () => {
    await store.transaction(async (tx) => {
      for (let i = 0; i < 150; i++) {
        await scheduleTimer(tx, clock, {
          key: `p:${i}`,
          queue: "effect",
          dueAt: new Date("2020-01-01T00:00:00Z"),
        });
      }
    });
    const children = [1, 2, 3].map(() =>
      spawn(process.execPath, [childScript, "work", store.reopenArgs.databaseUrl!], {
        stdio: ["ignore", "pipe", "inherit"],
      }),
    );
    const ran = await Promise.all(
      children.map(async (child) => {
        let out = "";
        child.stdout.on("data", (chunk) => {
          out += chunk;
        });
        const [code] = await once(child, "exit");
        assert.equal(code, 0);
        return Number(/ran (\d+)/.exec(out)?.[1]);
      }),
    );
    assert.equal(
      ran.reduce((a, b) => a + b, 0),
      150,
    );
    const rows = await effects();
    assert.equal(rows.length, 150);
    assert.ok(rows.every((r) => r.n === 1));
    const { rows: workers } = await store.pool.query(
      "SELECT count(DISTINCT worker)::int AS n FROM test_effect",
    );
    assert.ok(workers[0].n >= 2, "the work was shared between processes");
  });
});
