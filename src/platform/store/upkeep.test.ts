import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openTestStore, storeKind, type TestStore } from "../../../test/support/test-store.js";
import {
  dueUpkeep,
  runUpkeep,
  scheduleUpkeep,
  type TableActivity,
  tableActivity,
  type UpkeepRun,
} from "./upkeep.js";

const quiet: TableActivity = {
  table: "t",
  live: 10_000,
  dead: 0,
  insertedSinceVacuum: 0,
  modifiedSinceAnalyze: 0,
};

describe("store upkeep: autovacuum's default thresholds", () => {
  it("vacuums past 50 + 20 % dead rows, or 1000 + 20 % inserted since the last vacuum", () => {
    assert.deepEqual(dueUpkeep([{ ...quiet, dead: 2050 }]), []);
    assert.deepEqual(dueUpkeep([{ ...quiet, dead: 2051 }]), [{ table: "t", vacuum: true, analyze: false }]);
    assert.deepEqual(dueUpkeep([{ ...quiet, insertedSinceVacuum: 3000 }]), []);
    assert.deepEqual(dueUpkeep([{ ...quiet, insertedSinceVacuum: 3001 }]), [
      { table: "t", vacuum: true, analyze: false },
    ]);
  });
  it("analyzes past 50 + 10 % rows changed since the last analyze; a new small table soon", () => {
    assert.deepEqual(dueUpkeep([{ ...quiet, modifiedSinceAnalyze: 1050 }]), []);
    assert.deepEqual(dueUpkeep([{ ...quiet, modifiedSinceAnalyze: 1051 }]), [
      { table: "t", vacuum: false, analyze: true },
    ]);
    assert.deepEqual(dueUpkeep([{ ...quiet, live: 0, modifiedSinceAnalyze: 51 }]), [
      { table: "t", vacuum: false, analyze: true },
    ]);
  });
});

describe(`store upkeep on the ${storeKind} store`, () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });

  it("vacuums and analyzes a churned table, and leaves it alone once done", async () => {
    await store.pool.query("CREATE TABLE upkeep_probe (id int PRIMARY KEY, state text NOT NULL)");
    await store.pool.query("INSERT INTO upkeep_probe SELECT g, 'pending' FROM generate_series(1, 2000) g");
    await store.pool.query("UPDATE upkeep_probe SET state = 'done' WHERE id <= 1000");
    const before = (await tableActivity(store.pool)).find((t) => t.table === "upkeep_probe");
    assert.ok(before, "the table's counters are read");
    assert.equal(before.dead, 1000);
    assert.equal(before.modifiedSinceAnalyze, 3000);

    const runs = await runUpkeep(store.pool);
    const run = runs.find((r) => r.table === "upkeep_probe");
    assert.deepEqual(run && { vacuum: run.vacuum, analyze: run.analyze }, { vacuum: true, analyze: true });

    const after = (await tableActivity(store.pool)).find((t) => t.table === "upkeep_probe")!;
    assert.equal(after.dead, 0);
    assert.equal(after.modifiedSinceAnalyze, 0);
    assert.equal(after.live, 2000);
    const { rows } = await store.pool.query(
      "SELECT reltuples::int AS n FROM pg_class WHERE oid = 'upkeep_probe'::regclass",
    );
    assert.equal(rows[0].n, 2000, "the planner's row estimate comes from the analyze");
    assert.equal(
      (await runUpkeep(store.pool)).find((r) => r.table === "upkeep_probe"),
      undefined,
      "nothing left to do for it",
    );
  });

  it("runs on its schedule, reports what it did, and stops", async () => {
    await store.pool.query("CREATE TABLE upkeep_scheduled (id int PRIMARY KEY)");
    await store.pool.query("INSERT INTO upkeep_scheduled SELECT g FROM generate_series(1, 500) g");
    const reported = new Promise<UpkeepRun[]>((resolve, reject) => {
      const schedule = scheduleUpkeep(store.pool, 5, {
        done: (runs) => {
          if (runs.some((r) => r.table === "upkeep_scheduled"))
            void schedule.stop().then(() => resolve(runs));
        },
        failed: reject,
      });
    });
    const run = (await reported).find((r) => r.table === "upkeep_scheduled")!;
    assert.equal(run.analyze, true);
    assert.ok(run.ms >= 0);
  });
});
