import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { assembleLesc } from "../src/app.js";
import { MINUTE } from "../src/platform/clock.js";
import { buildHttpServer } from "../src/platform/http/index.js";
import { openEventStream } from "./support/event-stream.js";
import {
  addAgency,
  client,
  iaqText,
  staffToken,
  startTestLesc,
  type TestLesc,
  yqText,
} from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/**
 * The console's live queue and board over real HTTP: `GET /api/v1/events` announces a new
 * IAQ and its automated answer, a new YQ, changes made by another server process on the same
 * database, and ends when the session does.
 */
describe(`live change notices over server-sent events (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  let key = "";
  let record: { nic: string; last: string; first: string; dob: string };
  const ORI = "ZZ0000091";
  const HEARTBEAT_MS = 200;
  const ids = (data: string) => (JSON.parse(data) as { ids: number[] }).ids;

  before(async () => {
    t = await startTestLesc({ seed: { people: 120, violators: 40 }, eventHeartbeatMs: HEARTBEAT_MS });
    http = client(t.url);
    key = await addAgency(t, ORI, "TX");
    const { rows } = await t.store.pool.query(
      `SELECT nic, last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob FROM violator_record
       WHERE status = 'ACTIVE' AND last_name ~ '^[A-Z]+$' AND first_name ~ '^[A-Z]+$' ORDER BY id LIMIT 1`,
    );
    record = rows[0];
  });
  after(async () => {
    await t?.close();
  });

  const sendIaq = async (to: ReturnType<typeof client>, control: string) => {
    const sent = await to.nlets(
      key,
      iaqText({ ori: ORI, control, last: "EVENTSON", first: "ADA", dob: "1981-04-05", sex: "F" }),
    );
    assert.equal(sent.status, 202, sent.text);
    const { rows } = await t.store.pool.query("SELECT id FROM inquiry WHERE control_field = $1", [control]);
    return Number(rows[0].id);
  };

  it("announces a new IAQ, its automated answer by the worker and a new YQ, with ids only; opening is audited", async () => {
    const token = await staffToken(t, "live.tech", "technician");
    const stream = await openEventStream(`${t.url}/api/v1/events`, token);
    try {
      assert.equal(stream.status, 200);
      const ready = await stream.next((e) => e.event === "ready");
      assert.deepEqual(JSON.parse(ready.data), { heartbeatMs: HEARTBEAT_MS });
      const id = await sendIaq(http, "LIVE1");
      const received = await stream.next((e) => e.event === "queue" && ids(e.data).includes(id));
      assert.deepEqual(Object.keys(JSON.parse(received.data)), ["ids"], "no personal data in a notice");
      // The automated search runs in the worker: its answer is the next notice about this IAQ.
      await t.worker.drain();
      await stream.next((e) => e.event === "queue" && ids(e.data).includes(id));
      const { rows } = await t.store.pool.query("SELECT status FROM inquiry WHERE id = $1", [id]);
      assert.equal(rows[0].status, "RESEARCH");

      assert.equal((await http.nlets(key, yqText({ ori: ORI, control: "LIVEYQ1", ...record }))).status, 202);
      const hits = await stream.next((e) => e.event === "hits");
      const { rows: cases } = await t.store.pool.query("SELECT id FROM hit_case WHERE nic = $1", [
        record.nic,
      ]);
      assert.deepEqual(ids(hits.data), [Number(cases[0].id)]);
      const audit = await t.store.pool.query(
        "SELECT count(*)::int AS n FROM audit_log WHERE event_type = 'EVENT_STREAM_OPENED' AND actor_user = 'live.tech'",
      );
      assert.equal(audit.rows[0].n, 1);
    } finally {
      stream.close();
    }
  });

  it("sees changes made by another server process on the same database", async () => {
    // A second lesc over the same store: its own HTTP server, signal and poller, sharing
    // nothing in memory with the first, as a second `lesc serve` process would.
    const other = assembleLesc({ store: t.store, clock: t.clock, eventHeartbeatMs: HEARTBEAT_MS });
    const app = await buildHttpServer({
      store: t.store,
      clock: t.clock,
      routes: other.routes,
      access: other.access,
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const stream = await openEventStream(`${url}/api/v1/events`, await staffToken(t, "live.agent", "agent"));
    try {
      await stream.next((e) => e.event === "ready");
      const id = await sendIaq(http, "LIVE2");
      await stream.next((e) => e.event === "queue" && ids(e.data).includes(id));
    } finally {
      stream.close();
      await app.close();
    }
  });

  it("admits the desk roles only", async () => {
    assert.equal((await openEventStream(`${t.url}/api/v1/events`)).status, 401);
    const records = await openEventStream(
      `${t.url}/api/v1/events`,
      await staffToken(t, "live.records", "records"),
    );
    assert.equal(records.status, 403);
    assert.equal(records.json.code, "LESC_FORBIDDEN");
  });

  it("ends the stream when the session is logged off or idles out", async () => {
    const token = await staffToken(t, "live.super", "supervisor");
    const stream = await openEventStream(`${t.url}/api/v1/events`, token);
    await stream.next((e) => e.event === "ready");
    assert.equal((await http.call("DELETE", "/api/v1/session", token)).status, 204);
    const end = await stream.next((e) => e.event === "end");
    assert.match(JSON.parse(end.data).reason, /logged off/);
    await stream.ended;

    t.clock.advance(30_000); // a fresh one-time code for the next log-on
    const idle = await openEventStream(
      `${t.url}/api/v1/events`,
      await staffToken(t, "live.super", "supervisor"),
    );
    await idle.next((e) => e.event === "ready");
    // Heartbeats do not count as use: 30 minutes on, the session has idled out.
    t.clock.advance(30 * MINUTE);
    const idleEnd = await idle.next((e) => e.event === "end");
    assert.match(JSON.parse(idleEnd.data).reason, /idle time-out/);
    await idle.ended;
  });
});
