import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { formatYqText } from "../src/messages/index.js";
import { addAgency, client, iaqText, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

const WARRANT = { form: "I-205", number: "W-2026-0777", signedBy: "SDDO J EXAMPLE" };
const MA = "ZZ0000061"; // Boston's area
const TX = "ZZ0000062"; // San Antonio's area

/** Field-office staff see their area of responsibility only; the support centre sees all. */
describe(`areas of responsibility (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  const keys: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const inquiries: Record<string, number> = {};
  const hits: Record<string, number> = {};
  const detainers: Record<string, number> = {};

  before(async () => {
    t = await startTestLesc({ seed: { people: 60, violators: 12 } });
    http = client(t.url);
    keys[MA] = await addAgency(t, MA, "MA");
    keys[TX] = await addAgency(t, TX, "TX");
    tokens.national = await staffToken(t, "tech.national", "technician");
    tokens.nationalAgent = await staffToken(t, "agent.national", "agent");
    tokens.boston = await staffToken(t, "tech.boston", "technician", { fieldOffice: "BOS" });
    tokens.bostonAgent = await staffToken(t, "agent.boston", "agent", { fieldOffice: "BOS" });
    tokens.bostonSuper = await staffToken(t, "super.boston", "supervisor", { fieldOffice: "BOS" });

    const { rows: records } = await t.store.pool.query(
      `SELECT nic, last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob FROM violator_record
       WHERE status = 'ACTIVE' AND last_name ~ '^[A-Z]+$' AND first_name ~ '^[A-Z]+$' ORDER BY id LIMIT 2`,
    );
    for (const [index, ori] of [MA, TX].entries()) {
      const iaq = iaqText({
        ori,
        control: `A${index}`,
        last: "QUILLBY",
        first: "ODA",
        dob: "19800101",
        cus: "Y",
      });
      inquiries[ori] = (await http.nlets(keys[ori]!, iaq)).json.messageId;
      const record = records[index];
      const yq = formatYqText({
        header: { mke: "YQ", ori, destinations: ["AX"] },
        rty: "WP",
        rno: 1,
        pri: "U",
        oca: `OCA-${index}`,
        nic: record.nic,
        nam: { last: record.last, first: record.first },
        dob: record.dob,
      });
      assert.equal((await http.nlets(keys[ori]!, yq)).status, 202);
    }
    await t.worker.drain();
    const ids = async (sql: string) =>
      Object.fromEntries((await t.store.pool.query(sql)).rows.map((r) => [r.ori, Number(r.id)]));
    Object.assign(inquiries, await ids("SELECT ori, id FROM inquiry"));
    Object.assign(hits, await ids("SELECT requester_ori AS ori, id FROM hit_case"));
    for (const ori of [MA, TX]) {
      const confirmed = await http.post(`/api/v1/hits/${hits[ori]}/response`, tokens.national, {
        status: "CONFIRMED",
      });
      assert.equal(confirmed.status, 200, confirmed.text);
      const lodged = await http.post("/api/v1/detainers", tokens.nationalAgent, {
        hitId: hits[ori],
        holdingAgencyOri: ori,
        probableCause: ["FINAL_ORDER"],
        warrant: WARRANT,
      });
      assert.equal(lodged.status, 201, lodged.text);
      detainers[ori] = lodged.json.id;
    }
  });
  after(async () => {
    await t?.close();
  });

  it("shows the research queue of the office's states only", async () => {
    const all = await http.get("/api/v1/queue", tokens.national);
    assert.deepEqual(all.json.map((q: { ori: string }) => q.ori).sort(), [MA, TX]);
    const boston = await http.get("/api/v1/queue", tokens.boston);
    assert.deepEqual(
      boston.json.map((q: { ori: string }) => q.ori),
      [MA],
    );
  });

  it("answers 404 for an inquiry outside the area, and lets its own be worked", async () => {
    assert.equal((await http.get(`/api/v1/inquiries/${inquiries[TX]}`, tokens.boston)).status, 404);
    assert.equal((await http.post(`/api/v1/inquiries/${inquiries[TX]}/claim`, tokens.boston)).status, 404);
    const response = await http.post(`/api/v1/inquiries/${inquiries[TX]}/response`, tokens.boston, {
      result: "NO_RECORD",
      narrative: "not ours",
    });
    assert.equal(response.status, 404);
    assert.equal((await http.get(`/api/v1/inquiries/${inquiries[MA]}`, tokens.boston)).status, 200);
    assert.equal((await http.post(`/api/v1/inquiries/${inquiries[MA]}/claim`, tokens.boston)).status, 200);
    const { rows } = await t.store.pool.query("SELECT claimed_by FROM inquiry WHERE id = $1", [
      inquiries[TX],
    ]);
    assert.equal(rows[0].claimed_by, null, "the refused claim left the inquiry untouched");
  });

  it("keeps hit cases to the area: board, workspace and answer", async () => {
    const board = await http.get("/api/v1/hits?open=false", tokens.bostonAgent);
    assert.equal(board.status, 200, board.text);
    assert.deepEqual(
      board.json.map((h: { requesterOri: string }) => h.requesterOri),
      [MA],
    );
    assert.equal((await http.get(`/api/v1/hits/${hits[TX]}`, tokens.bostonAgent)).status, 404);
    assert.equal((await http.get(`/api/v1/hits/${hits[MA]}`, tokens.bostonAgent)).status, 200);
    const answer = await http.post(`/api/v1/hits/${hits[TX]}/response`, tokens.bostonAgent, {
      status: "NOT_CONFIRMED",
    });
    assert.equal(answer.status, 404);
  });

  it("keeps detainers to the holding agency's area, and audits each view", async () => {
    const list = await http.get("/api/v1/detainers", tokens.bostonAgent);
    assert.deepEqual(
      list.json.detainers.map((d: { detainerId: number }) => d.detainerId),
      [detainers[MA]],
    );
    assert.equal((await http.get(`/api/v1/detainers/${detainers[TX]}`, tokens.bostonAgent)).status, 404);
    const status = await http.post(`/api/v1/detainers/${detainers[TX]}/status`, tokens.bostonAgent, {
      status: "SERVED",
    });
    assert.equal(status.status, 404);
    assert.equal((await http.get(`/api/v1/detainers/${detainers[MA]}`, tokens.bostonAgent)).status, 200);
    const { rows } = await t.store.pool.query(
      "SELECT actor_user, subject FROM audit_log WHERE event_type = 'DETAINER_VIEWED'",
    );
    assert.deepEqual(rows, [{ actor_user: "agent.boston", subject: `detainer:${detainers[MA]}` }]);
    const national = await http.get("/api/v1/detainers", tokens.nationalAgent);
    assert.equal(national.json.detainers.length, 2);
  });

  it("keeps the tip desk to the area's states; tips from nowhere in particular stay national", async () => {
    const operator = await staffToken(t, "tips.national", "tip_operator");
    const bostonDesk = await staffToken(t, "tips.boston", "tip_operator", { fieldOffice: "BOS" });
    const ids: Record<string, number> = {};
    for (const state of ["MA", "TX", undefined]) {
      const phoned = await http.post("/api/v1/tips", operator, {
        category: "CUSTOMS",
        narrative: `Crates unloaded at night behind a warehouse (${state ?? "no state"}).`,
        ...(state ? { location: "INSIDE_US", state } : {}),
      });
      assert.equal(phoned.status, 201, phoned.text);
      ids[state ?? "none"] = phoned.json.id;
    }
    const national = await http.get("/api/v1/tips", operator);
    assert.equal(national.json.tips.length, 3);
    const boston = await http.get("/api/v1/tips", bostonDesk);
    assert.deepEqual(
      boston.json.tips.map((tip: { id: number }) => tip.id),
      [ids.MA],
    );
    assert.equal((await http.get(`/api/v1/tips/${ids.MA}`, bostonDesk)).status, 200);
    for (const other of [ids.TX, ids.none]) {
      assert.equal((await http.get(`/api/v1/tips/${other}`, bostonDesk)).status, 404);
      const reply = await http.post(`/api/v1/tips/${other}/replies`, bostonDesk, { text: "Thank you." });
      assert.equal(reply.status, 404);
      const junk = await http.post(`/api/v1/tips/${other}/junk`, bostonDesk, { reason: "not ours" });
      assert.equal(junk.status, 404);
    }
    const { rows } = await t.store.pool.query("SELECT status FROM tip WHERE id = $1", [ids.TX]);
    assert.notEqual(rows[0].status, "JUNK", "the refused junking changed nothing");
  });

  it("filters the SLA alerts to the area (last: it moves the clock)", async () => {
    t.clock.advance(50 * 60_000); // past the 75 % warning of a 1-hour custody clock
    await t.worker.drain();
    for (const [name, role, office] of [
      ["super.national", "supervisor", undefined],
      ["super.boston2", "supervisor", "BOS"],
    ] as const) {
      tokens[name] = await staffToken(t, name, role, office ? { fieldOffice: office } : {});
    }
    const national = await http.get("/api/v1/alerts/inquiries", tokens["super.national"]);
    assert.deepEqual(national.json.alerts.map((a: { ori: string }) => a.ori).sort(), [MA, TX]);
    const boston = await http.get("/api/v1/alerts/inquiries", tokens["super.boston2"]);
    assert.deepEqual(
      boston.json.alerts.map((a: { ori: string }) => a.ori),
      [MA],
    );
  });

  it("refuses a field office for national roles and an unknown office code", async () => {
    await assert.rejects(staffToken(t, "aud.boston", "auditor", { fieldOffice: "BOS" }), /works nationally/);
    await assert.rejects(
      staffToken(t, "tech.nowhere", "technician", { fieldOffice: "bos" }),
      /3-letter code/,
    );
    await assert.rejects(
      staffToken(t, "tech.zzz", "technician", { fieldOffice: "ZZZ" }),
      /ZZZ is not a field office/,
    );
  });
});
