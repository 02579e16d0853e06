import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { formatYqText, type Yq } from "../src/messages/index.js";
import { MINUTE } from "../src/platform/clock.js";
import { JobWorker } from "../src/platform/queue/index.js";
import {
  addAgency,
  client,
  type MailboxItem,
  staffToken,
  startTestLesc,
  type TestLesc,
} from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

const STAFF = [
  ["tech.one", "technician"],
  ["agent.one", "agent"],
  ["super.one", "supervisor"],
  ["audit.one", "auditor"],
] as const;

/**
 * The hit confirmation desk over real HTTP with a manual clock: deadlines from receipt,
 * escalation at 50 %, 80 % and 100 %, YR answers, follow-up requests, unknown NICs.
 */
describe(`NCIC hit confirmation (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  let key = "";
  const tokens: Record<string, string> = {};
  let records: { nic: string; last: string; first: string; dob: string }[] = [];
  let next = 0;

  before(async () => {
    t = await startTestLesc({ seed: { people: 200, violators: 80 } });
    http = client(t.url);
    key = await addAgency(t, "ZZ0000031", "AZ");
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
    const { rows } = await t.store.pool.query(
      `SELECT nic, last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob FROM violator_record
       WHERE status = 'ACTIVE' AND last_name ~ '^[A-Z]+$' AND first_name ~ '^[A-Z]+$' ORDER BY id LIMIT 20`,
    );
    records = rows;
  });
  after(async () => {
    await t?.close();
  });

  const refreshTokens = async () => {
    t.clock.advance(30_000);
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
  };
  const yq = (record: (typeof records)[number], fields: Partial<Yq> & { control?: string }): string => {
    const { control, ...rest } = fields;
    return formatYqText({
      header: {
        mke: "YQ",
        ori: "ZZ0000031",
        destinations: ["AX"],
        ...(control ? { controlField: control } : {}),
      },
      rty: "WP",
      rno: 1,
      pri: "U",
      oca: "CASE-0001",
      nic: record.nic,
      nam: { last: record.last, first: record.first },
      dob: record.dob,
      ...rest,
    });
  };
  const send = async (text: string) => {
    const response = await http.nlets(key, text);
    assert.equal(response.status, 202, response.text);
    return response.json.messageId as number;
  };
  const openCase = async (nic: string) => {
    const board = (await http.get("/api/v1/hits?open=true", tokens["tech.one"])).json as {
      id: number;
      nic: string;
      deadline: string;
      priority: string;
      rno: number;
      escalation: number;
    }[];
    return board.find((hit) => hit.nic === nic);
  };
  const events = async (id: number) =>
    (await t.store.pool.query("SELECT kind FROM hit_event WHERE case_id = $1 ORDER BY id", [id])).rows.map(
      (r) => r.kind as string,
    );
  const drainMail = async () => {
    const mail = await http.mailbox(key);
    await http.post("/nlets/mailbox/ack", key, { ids: mail.map((m) => m.id) });
    return mail;
  };
  const yrs = (mail: MailboxItem[]) => mail.filter((m) => m.type === "YR");

  it("opens an urgent case with a 10-minute deadline, warns at 50 % and 80 %, and closes on CONFIRMED", async () => {
    const record = records[next++]!;
    const receivedAt = t.clock.now().getTime();
    await send(yq(record, { control: "Y1" }));
    const hit = (await openCase(record.nic))!;
    assert.ok(hit, "the case is on the board");
    assert.equal(new Date(hit.deadline).getTime() - receivedAt, 10 * MINUTE);
    assert.equal(hit.priority, "U");

    const workspace = await http.get(`/api/v1/hits/${hit.id}`, tokens["tech.one"]);
    assert.equal(workspace.status, 200);
    assert.equal(workspace.json.record.nic, record.nic);
    assert.equal(workspace.json.comparison.decision, "match");
    assert.ok(workspace.json.comparison.explanation.some((e: { field: string }) => e.field === "dob"));

    t.clock.advance(5 * MINUTE - 1);
    await t.worker.drain();
    assert.deepEqual(await events(hit.id), ["RECEIVED"]);
    t.clock.advance(1);
    await t.worker.drain();
    assert.deepEqual(await events(hit.id), ["RECEIVED", "WARNING_50"]);
    t.clock.advance(3 * MINUTE);
    await t.worker.drain();
    assert.deepEqual(await events(hit.id), ["RECEIVED", "WARNING_50", "WARNING_80"]);
    const alerts = (await http.get("/api/v1/alerts/hits", tokens["super.one"])).json.alerts as {
      id: number;
      escalation: number;
    }[];
    assert.equal(alerts.find((a) => a.id === hit.id)?.escalation, 80);

    const confirmed = await http.post(`/api/v1/hits/${hit.id}/response`, tokens["tech.one"], {
      status: "CONFIRMED",
      narrative: "Warrant of removal on file; subject matches.",
    });
    assert.equal(confirmed.status, 200, confirmed.text);
    const again = await http.post(`/api/v1/hits/${hit.id}/response`, tokens["tech.one"], {
      status: "NOT_CONFIRMED",
    });
    assert.equal(again.status, 409);
    assert.match(again.json.error, /closed \(CONFIRMED\)/);

    const [yr] = yrs(await drainMail());
    assert.ok(yr, "the YR reached the requester");
    assert.equal(yr.data.status, "CONFIRMED");
    assert.equal(yr.data.nic, record.nic);
    assert.equal(yr.data.controlField, "Y1");
    assert.equal(yr.data.confirmedBy, "tech.one");
    assert.match(yr.text, /^YR\.AX\.ZZ0000031\.\*Y1\.TXT\nHIT CONFIRMATION RESPONSE - HIT CONFIRMED\n/);

    t.clock.advance(10 * MINUTE);
    await t.worker.drain();
    assert.deepEqual(await events(hit.id), ["RECEIVED", "WARNING_50", "WARNING_80", "ANSWERED"]);
    assert.equal(await openCase(record.nic), undefined);
  });

  it("WILL_CONFIRM_BY sets a new deadline with its own clock; a breach is recorded once", async () => {
    await refreshTokens();
    const record = records[next++]!;
    await send(yq(record, { pri: "R", control: "Y2" }));
    const hit = (await openCase(record.nic))!;
    assert.equal(hit.priority, "R");
    const past = await http.post(`/api/v1/hits/${hit.id}/response`, tokens["agent.one"], {
      status: "WILL_CONFIRM_BY",
      until: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
    });
    assert.equal(past.status, 400);
    assert.match(past.json.error, /^body\.until: must be in the future/);
    const missing = await http.post(`/api/v1/hits/${hit.id}/response`, tokens["agent.one"], {
      status: "WILL_CONFIRM_BY",
    });
    assert.match(missing.json.error, /^body\.until: is required/);
    const stray = await http.post(`/api/v1/hits/${hit.id}/response`, tokens["agent.one"], {
      status: "CONFIRMED",
      until: new Date(t.clock.now().getTime() + MINUTE).toISOString(),
    });
    assert.match(stray.json.error, /^body\.until: only goes with WILL_CONFIRM_BY/);

    const until = new Date(t.clock.now().getTime() + 20 * MINUTE);
    const waiting = await http.post(`/api/v1/hits/${hit.id}/response`, tokens["agent.one"], {
      status: "WILL_CONFIRM_BY",
      until: until.toISOString(),
      narrative: "Requesting the A-file from the field office.",
    });
    assert.equal(waiting.status, 200, waiting.text);
    const [yr] = yrs(await drainMail());
    assert.equal(yr!.data.status, "WILL_CONFIRM_BY");
    assert.equal(yr!.data.until, until.toISOString());
    assert.equal((await openCase(record.nic))!.deadline, until.toISOString());

    // The first clock (60 minutes) is gone; the new one runs over 20 minutes.
    t.clock.advance(10 * MINUTE);
    await t.worker.drain();
    assert.deepEqual(await events(hit.id), ["RECEIVED", "ANSWERED", "WARNING_50"]);
    t.clock.advance(10 * MINUTE);
    await t.worker.drain();
    await t.worker.drain();
    assert.deepEqual(await events(hit.id), ["RECEIVED", "ANSWERED", "WARNING_50", "WARNING_80", "BREACH"]);
    t.clock.advance(60 * MINUTE);
    await t.worker.drain();
    assert.deepEqual(await events(hit.id), ["RECEIVED", "ANSWERED", "WARNING_50", "WARNING_80", "BREACH"]);
    await refreshTokens();
    const late = await http.post(`/api/v1/hits/${hit.id}/response`, tokens["agent.one"], {
      status: "NOT_CONFIRMED",
    });
    assert.equal(late.status, 200);
    const { rows } = await t.store.pool.query(
      "SELECT details->>'onTime' AS on_time FROM hit_event WHERE case_id = $1 AND kind = 'ANSWERED' ORDER BY id",
      [hit.id],
    );
    assert.deepEqual(
      rows.map((r) => r.on_time),
      ["true", "false"],
    );
    await drainMail();
  });

  it("joins follow-up requests to the open case, raises it, and records a third request as a policy violation", async () => {
    const record = records[next++]!;
    await send(yq(record, { pri: "R", control: "Y3" }));
    const first = (await openCase(record.nic))!;
    t.clock.advance(30 * MINUTE);
    await t.worker.drain();
    await refreshTokens();
    await send(yq(record, { pri: "U", rno: 2, control: "Y4" }));
    const raised = (await openCase(record.nic))!;
    assert.equal(raised.id, first.id);
    assert.equal(raised.rno, 2);
    assert.equal(raised.priority, "U");
    assert.equal(new Date(raised.deadline).getTime(), t.clock.now().getTime() + 10 * MINUTE);
    await send(yq(record, { pri: "U", rno: 3, control: "Y5" }));
    assert.equal((await openCase(record.nic))!.rno, 3);
    assert.deepEqual(await events(first.id), [
      "RECEIVED",
      "WARNING_50",
      "REQUEST_JOINED",
      "REQUEST_JOINED",
      "POLICY_VIOLATION",
    ]);
    const { rows } = await t.store.pool.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE event_type = 'HIT_POLICY_VIOLATION' AND subject = $1",
      [`hit:${first.id}`],
    );
    assert.equal(rows[0].n, 1);
    await refreshTokens();
    const workspace = (await http.get(`/api/v1/hits/${first.id}`, tokens["super.one"])).json;
    assert.deepEqual(
      workspace.requests.map((r: { rno: number; priority: string }) => [r.rno, r.priority]),
      [
        [1, "R"],
        [2, "U"],
        [3, "U"],
      ],
    );
    assert.equal(
      (await http.post(`/api/v1/hits/${first.id}/response`, tokens["super.one"], { status: "CONFIRMED" }))
        .status,
      403,
    );
    await http.post(`/api/v1/hits/${first.id}/response`, tokens["tech.one"], { status: "CONFIRMED" });
    await drainMail();
  });

  it("answers a YQ for a NIC lesc does not hold at once, and rejects a data set that does not fit the RTY", async () => {
    const unknown = { nic: "N999999999", last: "NOBODY", first: "KNOWN", dob: "1970-01-01" };
    const messageId = await send(yq(unknown, { control: "Y6" }));
    const mail = await drainMail();
    const [yr] = yrs(mail);
    assert.ok(yr, "a YR came back at once");
    assert.equal(yr.data.status, "NO_RECORD");
    assert.match(yr.data.narrative, /no record N999999999 on file/);
    assert.equal(await openCase("N999999999"), undefined);
    assert.ok(mail.some((m) => m.type === "ACK" && m.inReplyTo === messageId));

    const plate = yq(records[0]!, {}).replace("NAM/", "LIC/ABC123.NAM/");
    const rejected = await http.nlets(key, plate);
    assert.equal(rejected.status, 400);
    assert.match(rejected.json.error, /^LIC: /);
    await drainMail();
  });

  it("fires each escalation once with two workers sharing the store", async () => {
    const record = records[next++]!;
    await send(yq(record, { control: "Y7" }));
    const hit = (await openCase(record.nic))!;
    const second = new JobWorker({
      store: t.store,
      clock: t.clock,
      handlers: t.lesc.jobHandlers,
      workerId: "second",
    });
    for (const minutes of [5, 3, 2]) {
      t.clock.advance(minutes * MINUTE);
      await Promise.all([t.worker.drain(), second.drain(), t.worker.drain()]);
    }
    assert.deepEqual(await events(hit.id), ["RECEIVED", "WARNING_50", "WARNING_80", "BREACH"]);
  });

  it("counts hit confirmations by priority with the share answered in time", async () => {
    await refreshTokens();
    const stats = await http.get("/api/v1/stats?fiscalYear=2027", tokens["audit.one"]);
    assert.equal(stats.status, 200);
    const hits = stats.json.hitConfirmations;
    const { rows } = await t.store.pool.query("SELECT priority, count(*)::int AS n FROM hit_case GROUP BY 1");
    const byPriority = Object.fromEntries(rows.map((r) => [r.priority, r.n]));
    assert.equal(hits.byPriority.U.received, byPriority.U);
    assert.equal(hits.byPriority.R.received, byPriority.R ?? 0);
    assert.equal(hits.noRecord, 1);
    assert.equal(hits.policyViolations, 1);
    assert.ok(hits.breached >= 2);
    // Urgent: Y1 confirmed in time, the Y3 case (raised to urgent) confirmed in time, Y6 answered
    // at once, Y7 never answered. Routine: Y2's "will confirm by" was a timely first answer.
    assert.deepEqual(
      [hits.byPriority.U.received, hits.byPriority.U.answeredInTime, hits.byPriority.U.shareInTime],
      [4, 3, 0.75],
    );
    assert.deepEqual([hits.byPriority.R.received, hits.byPriority.R.answeredInTime], [1, 1]);
    assert.equal((await http.get("/api/v1/hits?open=true", tokens["audit.one"])).status, 403);
  });
});
