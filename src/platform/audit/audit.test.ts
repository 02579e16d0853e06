import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { openTestStore, storeKind, type TestStore } from "../../../test/support/test-store.js";
import { DAY, ManualClock } from "../clock.js";
import { auditLog, purgeAudit, verifyAuditChain, writeAudit } from "./index.js";

describe(`audit log (${storeKind})`, () => {
  let store: TestStore;
  const clock = new ManualClock();
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });

  const write = (eventType: string, details: Record<string, unknown> = {}) =>
    store.transaction((tx) =>
      writeAudit(tx, clock, {
        component: "test",
        eventType,
        outcome: "SUCCESS",
        actorUser: "tech.one",
        purpose: "testing",
        details,
      }),
    );

  it("chains entries in order and verifies end to end", async () => {
    const first = await write("ONE", { b: 2, a: [1, { z: null, y: "é" }] });
    clock.advance(1000);
    const second = await write("TWO");
    assert.equal(second.seq, first.seq + 1);
    assert.equal(second.prevHash, first.hash);
    assert.deepEqual(await verifyAuditChain(store.db), { ok: true, entries: second.seq });
  });

  it("refuses UPDATE, DELETE and TRUNCATE at the database level", async () => {
    await assert.rejects(store.pool.query("UPDATE audit_log SET outcome = 'FAILURE'"), /append-only: UPDATE/);
    await assert.rejects(store.pool.query("DELETE FROM audit_log"), /append-only: DELETE/);
    await assert.rejects(store.pool.query("TRUNCATE audit_log"), /append-only: TRUNCATE/);
    const [row] = await store.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    assert.equal(row!.n, 2);
  });

  it("rolls back with the action it records", async () => {
    await assert.rejects(
      store.transaction(async (tx) => {
        await writeAudit(tx, clock, { component: "test", eventType: "DOOMED", outcome: "SUCCESS" });
        throw new Error("the action failed");
      }),
    );
    const rows = await store.db.select().from(auditLog).where(sql`event_type = 'DOOMED'`);
    assert.equal(rows.length, 0);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
  });

  it("keeps one unbroken chain under concurrent writers", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => write("CONCURRENT", { i })));
    const result = await verifyAuditChain(store.db, 7);
    assert.deepEqual(result, { ok: true, entries: 22 });
  });

  it("names the first tampered entry, even when the tamperer bypasses the trigger", async () => {
    await store.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await store.db.execute(sql`UPDATE audit_log SET actor_user = 'someone.else' WHERE seq = 5`);
    let result = await verifyAuditChain(store.db);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.firstBad, {
      seq: 5,
      reason: "contents do not match the entry's hash",
    });
    await store.db.execute(sql`UPDATE audit_log SET actor_user = 'tech.one' WHERE seq = 5`);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
    await store.db.execute(sql`DELETE FROM audit_log WHERE seq = 9`);
    result = await verifyAuditChain(store.db);
    assert.deepEqual(!result.ok && result.firstBad, { seq: 9, reason: "entry 9 is missing" });
    await store.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
  });
});

describe(`audit retention (${storeKind})`, () => {
  let store: TestStore;
  const clock = new ManualClock("2026-11-28T12:00:00Z");
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });

  const write = (at: ManualClock, eventType: string) =>
    store.transaction((tx) => writeAudit(tx, at, { component: "test", eventType, outcome: "SUCCESS" }));

  it("purges entries past the retention period as a prefix, and the chain verifies from the anchor", async () => {
    await assert.rejects(
      store.transaction((tx) => purgeAudit(tx, clock, 100)),
      /retentionDays: must be a whole number of days, at least 365/,
    );
    const old = new ManualClock(new Date(clock.now().getTime() - 400 * DAY));
    for (const n of [1, 2, 3]) {
      await write(old, `OLD${n}`);
      old.advance(1000);
    }
    const recent = await write(clock, "RECENT");
    assert.equal(recent.seq, 4);
    const result = await store.transaction((tx) => purgeAudit(tx, clock, 365));
    assert.deepEqual(result, { purged: 3, through: 3 });
    assert.deepEqual(await verifyAuditChain(store.db), { ok: true, entries: 2 });
    const { rows } = await store.pool.query("SELECT seq, event_type FROM audit_log ORDER BY seq");
    assert.deepEqual(
      rows.map((r) => [Number(r.seq), r.event_type]),
      [
        [4, "RECENT"],
        [5, "AUDIT_PURGED"],
      ],
    );
    assert.deepEqual(await store.transaction((tx) => purgeAudit(tx, clock, 365)), {
      purged: 0,
      through: null,
    });
    await assert.rejects(store.pool.query("DELETE FROM audit_log"), /append-only/);
    await assert.rejects(
      store.pool.query("UPDATE audit_anchor SET seq = seq + 1"),
      /only with a retention purge/,
    );
    await assert.rejects(store.pool.query("DELETE FROM audit_anchor"), /only with a retention purge/);
    // A later purge may take every entry: the chain still continues from the anchor.
    clock.advance(400 * DAY);
    assert.deepEqual(await store.transaction((tx) => purgeAudit(tx, clock, 365)), { purged: 2, through: 5 });
    const next = await write(clock, "AFTER");
    assert.equal(next.seq, 7);
    assert.deepEqual(await verifyAuditChain(store.db), { ok: true, entries: 2 });
  });
});
