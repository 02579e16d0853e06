import assert from "node:assert/strict";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import {
  AuditAlarm,
  type AuditFailure,
  auditLog,
  scheduleAuditVerification,
} from "../src/platform/audit/index.js";
import { ManualClock } from "../src/platform/clock.js";
import { job } from "../src/platform/queue/schema.js";
import { storeArgs } from "./support/cli.js";
import { addAgency, client, iaqText, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

/** A real database failure on audit inserts of one component: the trigger raises like a full disk. */
const breakAuditFor = (component: string) => [
  `CREATE FUNCTION lesc_test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION 'no space left on device (test)'; END $$`,
  `CREATE TRIGGER lesc_test_fail_audit BEFORE INSERT ON audit_log FOR EACH ROW
   WHEN (NEW.component = '${component}') EXECUTE FUNCTION lesc_test_fail_audit()`,
];
const REPAIR_AUDIT = [
  "DROP TRIGGER lesc_test_fail_audit ON audit_log",
  "DROP FUNCTION lesc_test_fail_audit()",
];

/** Waits (at most 10 s, woken by file events) for a complete line in `file`, written by another process. */
async function lineIn(file: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const watcher = fs.watch(path.dirname(file));
  try {
    for (;;) {
      const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (text.endsWith("\n")) return text;
      if (Date.now() > deadline) throw new Error(`no line in ${file} after ${timeoutMs} ms`);
      await Promise.race([once(watcher, "change"), new Promise((resolve) => setTimeout(resolve, 250))]);
    }
  } finally {
    watcher.close();
  }
}

describe("the audit alarm (CJIS 5.4.2)", () => {
  it("alerts once per kind within the re-alert period, and counts every failure", () => {
    const clock = new ManualClock("2026-11-28T03:00:00.000Z");
    const alarm = new AuditAlarm(clock, 60_000);
    const alerts: AuditFailure[] = [];
    alarm.listen((failure) => alerts.push(failure));
    alarm.raise("WRITE_FAILED", "disk full");
    clock.advance(59_999);
    alarm.raise("WRITE_FAILED", "disk still full");
    alarm.raise("CHAIN_BROKEN", "entry 5");
    assert.deepEqual(
      alerts.map((a) => [a.kind, a.reason]),
      [
        ["WRITE_FAILED", "disk full"],
        ["CHAIN_BROKEN", "entry 5"],
      ],
    );
    clock.advance(1);
    alarm.raise("WRITE_FAILED", "disk full again");
    assert.equal(alerts.length, 3);
    const write = alarm.failures().find((f) => f.kind === "WRITE_FAILED")!;
    assert.deepEqual(write, {
      kind: "WRITE_FAILED",
      count: 3,
      firstAt: "2026-11-28T03:00:00.000Z",
      lastAt: "2026-11-28T03:01:00.000Z",
      lastReason: "disk full again",
    });
  });
});

describe(`audit processing failures (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  let key: string;
  let auditor: string;
  before(async () => {
    t = await startTestLesc();
    http = client(t.url);
    key = await addAgency(t, "ZZ0000031", "TX");
    auditor = await staffToken(t, "aud.alarm", "auditor");
  });
  after(async () => {
    await t?.close();
  });
  const count = async (table: string) =>
    (await t.store.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const iaq = iaqText({
    ori: "ZZ0000031",
    control: "AL1",
    last: "QUILLFEATHER",
    first: "ODA",
    dob: "19800101",
  });

  it("refuses an action it cannot audit with 503, stores nothing, and raises the alarm", async () => {
    for (const statement of breakAuditFor("switch")) await t.store.pool.query(statement);
    const counts = async () => ({
      messages: await count("nlets_message"),
      mailbox: await count("mailbox_message"),
      audit: await count("audit_log"),
    });
    const before = await counts();

    const refused = await http.nlets(key, iaq);
    assert.equal(refused.status, 503, refused.text);
    assert.equal(refused.json.code, "LESC_AUDIT_UNAVAILABLE");
    assert.equal(refused.headers.get("retry-after"), "30");
    assert.deepEqual(await counts(), before);

    const alarm = await http.get("/api/v1/alerts/audit", auditor);
    assert.equal(alarm.status, 200, alarm.text);
    assert.equal(alarm.json.failures.length, 1);
    assert.equal(alarm.json.failures[0].kind, "WRITE_FAILED");
    assert.match(alarm.json.failures[0].lastReason, /no space left on device \(test\)/);

    for (const statement of REPAIR_AUDIT) await t.store.pool.query(statement);
    const accepted = await http.nlets(key, iaq);
    assert.equal(accepted.status, 202, "the agency's retry goes through once the log is writable");
    const now = await counts();
    assert.deepEqual(
      [now.messages, now.mailbox],
      [before.messages + 1, before.mailbox + 1],
      "the IAQ and its ACK",
    );
  });

  it("shows the alarm only to the roles that watch the audit log", async () => {
    const technician = await staffToken(t, "tech.alarm", "technician");
    assert.equal((await http.get("/api/v1/alerts/audit", technician)).status, 403);
    assert.equal((await http.get("/api/v1/alerts/audit")).status, 401);
  });

  it("verifies the chain daily, audits the check, and raises the alarm when it breaks", async () => {
    await t.store.transaction((tx) => scheduleAuditVerification(tx, t.clock));
    const verifications = () =>
      t.store.db.select().from(auditLog).where(eq(auditLog.eventType, "AUDIT_CHAIN_VERIFIED"));
    const pendingChecks = async () =>
      (
        await t.store.db
          .select()
          .from(job)
          .where(and(eq(job.queue, "audit.verify"), eq(job.state, "ready")))
      ).length;

    t.clock.advance(2 * 60 * 60_000); // 05:00 UTC
    await t.worker.drain();
    let checks = await verifications();
    assert.equal(checks.length, 1);
    assert.equal(checks[0]!.outcome, "SUCCESS");
    assert.ok(!t.lesc.auditAlarm.failures().some((f) => f.kind === "CHAIN_BROKEN"));
    assert.equal(await pendingChecks(), 1, "tomorrow's check is scheduled");

    // A tamperer with the database owner's rights bypasses the append-only trigger.
    await t.store.pool.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await t.store.pool.query("UPDATE audit_log SET actor_user = 'someone.else' WHERE seq = 2");
    await t.store.pool.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
    t.clock.advance(24 * 60 * 60_000);
    await t.worker.drain();
    checks = await verifications();
    assert.equal(checks.length, 2);
    assert.equal(checks[1]!.outcome, "FAILURE");
    assert.deepEqual(checks[1]!.details, {
      firstBad: { seq: 2, reason: "contents do not match the entry's hash" },
    });
    const broken = t.lesc.auditAlarm.failures().find((f) => f.kind === "CHAIN_BROKEN");
    assert.match(broken!.lastReason, /breaks at entry 2/);
    assert.equal(await pendingChecks(), 1);
  });
});

describe(`audit alerts leave the process (${storeKind})`, () => {
  let store: TestStore;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-alarm-"));
  before(async () => {
    store = await openTestStore();
    // Log-on attempts cannot be audited: the failure every officer would notice first.
    for (const statement of breakAuditFor("auth")) await store.pool.query(statement);
    await store.close();
  });
  after(async () => {
    fs.rmSync(scratch, { recursive: true, force: true });
    await store.destroy();
  });

  it("runs the operator's alert command and counts the failure in /metrics", async () => {
    const alerts = path.join(scratch, "alerts.jsonl");
    const server = await startServer([
      ...storeArgs(store.reopenArgs),
      "--audit-alert-command",
      `cat >> '${alerts}'`,
    ]);
    try {
      const logOn = await fetch(`${server.url}/api/v1/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "nobody.here", password: "wrong-password-123", totp: "000000" }),
      });
      assert.equal(logOn.status, 503, await logOn.text());
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(metrics, /lesc_audit_failures_total\{kind="WRITE_FAILED"\} 1/);
      const [alert] = (await lineIn(alerts))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      assert.equal(alert.event, "audit_failure");
      assert.equal(alert.kind, "WRITE_FAILED");
      assert.match(alert.reason, /no space left on device \(test\)/);
      assert.match(server.stdout(), /"event":"audit_failure","kind":"WRITE_FAILED"/);
      assert.doesNotMatch(server.stdout(), /nobody\.here/, "no entry contents in logs");
    } finally {
      await server.stop();
    }
  });

  it("raises STORAGE_LOW at start when the store's disk is below the floor", {
    skip:
      storeKind === "server"
        ? "the free space of a PostgreSQL server's disk is its operator's to watch"
        : false,
  }, async () => {
    const server = await startServer([...storeArgs(store.reopenArgs), "--audit-min-free-mb", "999999999"]);
    try {
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(metrics, /lesc_audit_failures_total\{kind="STORAGE_LOW"\} 1/);
    } finally {
      await server.stop();
    }
  });
});
