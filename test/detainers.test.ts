import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fieldOfficeForAgency, issueOfficeKey } from "../src/directory/index.js";
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

const STAFF = [
  ["tech.one", "technician"],
  ["agent.one", "agent"],
  ["super.one", "supervisor"],
] as const;

const WARRANT = { form: "I-205", number: "W-2026-0042", signedBy: "SDDO J EXAMPLE" };

/** Detainers over real HTTP: lodging rules, the messages, the lifecycle and the hold. */
describe(`detainers (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  let key = "";
  let officeKey = "";
  const tokens: Record<string, string> = {};
  let hitId = 0;
  let record: { id: number; nic: string; last: string; first: string; dob: string };

  before(async () => {
    t = await startTestLesc({ seed: { people: 100, violators: 30 } });
    // A Friday morning: the hold runs over a weekend.
    t.clock.set("2026-12-04T10:00:00.000Z");
    http = client(t.url);
    key = await addAgency(t, "ZZ0000051", "AZ");
    const office = await fieldOfficeForAgency(t.store.db, "ZZ0000051");
    officeKey = (await issueOfficeKey(t.store, t.clock, office!.code)).apiKey;
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
    const { rows } = await t.store.pool.query(
      `SELECT id, nic, last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob FROM violator_record
       WHERE status = 'ACTIVE' AND last_name ~ '^[A-Z]+$' AND first_name ~ '^[A-Z]+$' ORDER BY id LIMIT 1`,
    );
    record = rows[0];
    const yq = yqText({ ori: "ZZ0000051", oca: "AZ-100", ...record });
    assert.equal((await http.nlets(key, yq)).status, 202);
    hitId = (await t.store.pool.query("SELECT id FROM hit_case WHERE nic = $1", [record.nic])).rows[0].id;
  });
  after(async () => {
    await t?.close();
  });

  const lodge = (body: Record<string, unknown>, token = tokens["agent.one"]) =>
    http.post("/api/v1/detainers", token, { holdingAgencyOri: "ZZ0000051", warrant: WARRANT, ...body });

  it("refuses what is missing or contradictory, naming it", async () => {
    const unconfirmed = await lodge({ hitId, probableCause: ["FINAL_ORDER"] });
    assert.equal(unconfirmed.status, 409);
    assert.match(unconfirmed.json.error, /is OPEN: a detainer follows a confirmed hit/);
    await http.post(`/api/v1/hits/${hitId}/response`, tokens["tech.one"], { status: "CONFIRMED" });

    const cases: [Record<string, unknown>, RegExp][] = [
      [{ hitId, probableCause: ["FINAL_ORDER"], warrant: undefined }, /^body\.warrant: is required/],
      [
        { hitId, probableCause: ["FINAL_ORDER"], warrant: { ...WARRANT, form: "I-213" } },
        /^body\.warrant\.form: must be I-200 or I-205/,
      ],
      [
        { hitId, probableCause: ["FINAL_ORDER"], warrant: { form: "I-200", number: "W1" } },
        /^body\.warrant\.signedBy:/,
      ],
      [{ hitId }, /^body\.probableCause: a detainer needs a probable-cause basis/],
      [
        { hitId, probableCause: ["FINAL_ORDER"], custodyTransfer: true },
        /^body\.custodyTransfer: probable cause \(box 1\) or custody transfer \(box 2\), not both/,
      ],
      [{ hitId, probableCause: ["HUNCH"] }, /^body\.probableCause\.0: must be one of/],
      [{ probableCause: ["FINAL_ORDER"] }, /^body\.hitId: give exactly one/],
      [{ hitId, inquiryId: 1, probableCause: ["FINAL_ORDER"] }, /^body\.hitId: give exactly one/],
      [
        { hitId, probableCause: ["FINAL_ORDER"], holdingAgencyOri: "ZZ0009999" },
        /^body\.holdingAgencyOri: ZZ0009999 is not a registered agency/,
      ],
    ];
    for (const [body, error] of cases) {
      const response = await http.post("/api/v1/detainers", tokens["agent.one"], {
        holdingAgencyOri: "ZZ0000051",
        warrant: WARRANT,
        ...body,
      });
      assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
      assert.match(response.json.error, error);
    }
    assert.equal((await lodge({ hitId, probableCause: ["FINAL_ORDER"] }, tokens["tech.one"])).status, 403);
    assert.equal((await t.store.pool.query("SELECT count(*)::int AS n FROM detainer")).rows[0].n, 0);
  });

  it("lodges after a confirmed hit: the holding agency gets the DETAINER, the field office a notice", async () => {
    const lodged = await lodge({ hitId, probableCause: ["FINAL_ORDER", "BIOMETRIC_AND_RECORDS"] });
    assert.equal(lodged.status, 201, lodged.text);
    const mail = (await http.mailbox(key)).filter((m) => m.type === "DETAINER");
    assert.equal(mail.length, 1);
    assert.equal(mail[0]!.data.detainerId, lodged.json.id);
    assert.equal(mail[0]!.data.subject.nic, record.nic);
    assert.match(
      mail[0]!.text,
      /^DETAINER\.AX\.ZZ0000051\.TXT\nIMMIGRATION DETAINER - NOTICE OF ACTION \(I-247A\)\n/,
    );
    assert.match(mail[0]!.text, /A FINAL ORDER OF REMOVAL AGAINST THE ALIEN/);
    assert.match(mail[0]!.text, /WARRANT: I-205 NO W-2026-0042 SIGNED BY SDDO J EXAMPLE/);
    const notice = (await http.mailbox(officeKey)).find((m) => m.type === "DETAINER");
    assert.ok(notice, "the field office was notified");
    assert.equal(notice.data.notice, true);
    assert.equal(notice.data.holdingAgency.ori, "ZZ0000051");
    assert.equal(notice.data.record.nic, record.nic);
    assert.equal(notice.data.hit.id, hitId);
    // The list says what each detainer was lodged on (the console shows it).
    const listed = (await http.get("/api/v1/detainers", tokens["agent.one"])).json.detainers;
    const mine = listed.find((d: { detainerId: number }) => d.detainerId === lodged.json.id);
    assert.equal(mine.hitId, Number(hitId));
    assert.equal(mine.inquiryId, null);
  });

  it("runs the lifecycle; an honored detainer expires when the 48-hour hold has passed, weekend excluded", async () => {
    const id = (await t.store.pool.query("SELECT id FROM detainer ORDER BY id LIMIT 1")).rows[0].id as number;
    const status = (body: Record<string, unknown>) =>
      http.post(`/api/v1/detainers/${id}/status`, tokens["agent.one"], body);
    assert.equal((await status({ status: "HONORED" })).status, 409);
    assert.equal((await status({ status: "SERVED" })).status, 200);
    const honored = await status({ status: "HONORED", note: "jail will hold" });
    assert.equal(honored.status, 200);
    // Friday 10:00 + 48 business hours = Tuesday 10:00.
    assert.equal(honored.json.holdExpiresAt, "2026-12-08T10:00:00.000Z");
    t.clock.set("2026-12-08T09:59:59.000Z");
    await t.worker.drain();
    assert.equal(
      (await t.store.pool.query("SELECT status FROM detainer WHERE id = $1", [id])).rows[0].status,
      "HONORED",
    );
    t.clock.set("2026-12-08T10:00:00.000Z");
    await t.worker.drain();
    assert.equal(
      (await t.store.pool.query("SELECT status FROM detainer WHERE id = $1", [id])).rows[0].status,
      "EXPIRED",
    );
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
    const late = await http.post(`/api/v1/detainers/${id}/status`, tokens["agent.one"], {
      status: "CUSTODY_TRANSFERRED",
    });
    assert.equal(late.status, 409);
    const detail = (await http.get(`/api/v1/detainers/${id}`, tokens["super.one"])).json;
    assert.deepEqual(
      detail.events.map((e: { status: string }) => e.status),
      ["ISSUED", "SERVED", "HONORED", "EXPIRED"],
    );
  });

  it("lodges from a researched inquiry with the custody-transfer box, and counts detainers by kind", async () => {
    const sent = await http.nlets(
      key,
      iaqText({
        ori: "ZZ0000051",
        control: "D1",
        last: "NOTINFILE",
        first: "PERSON",
        dob: "1981-01-01",
        cus: "Y",
      }),
    );
    await t.worker.drain();
    const inquiryId = (
      await t.store.pool.query("SELECT id FROM inquiry WHERE message_id = $1", [sent.json.messageId])
    ).rows[0].id as number;
    const early = await lodge({ inquiryId, custodyTransfer: true });
    assert.equal(early.status, 409);
    await http.post(`/api/v1/inquiries/${inquiryId}/response`, tokens["tech.one"], {
      result: "HIT",
      template: "REMOVABLE_ERO_NOTIFIED",
      narrative: "Identified through fingerprints; removal order 2020.",
    });
    const lodged = await lodge({ inquiryId, custodyTransfer: true });
    assert.equal(lodged.status, 201, lodged.text);
    const id = lodged.json.id as number;
    for (const next of ["SERVED", "HONORED", "CUSTODY_TRANSFERRED"]) {
      assert.equal(
        (await http.post(`/api/v1/detainers/${id}/status`, tokens["agent.one"], { status: next })).status,
        200,
      );
    }
    t.clock.advance(7 * 24 * 3_600_000);
    await t.worker.drain();
    assert.equal(
      (await t.store.pool.query("SELECT status FROM detainer WHERE id = $1", [id])).rows[0].status,
      "CUSTODY_TRANSFERRED",
    );
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
    const stats = await http.get("/api/v1/stats?fiscalYear=2027", tokens["super.one"]);
    assert.deepEqual(stats.json.detainers, { lodged: 2, onFileHits: 1, others: 1 });
  });

  it("refuses a detainer on a cleared record", async () => {
    await t.store.pool.query("UPDATE violator_record SET status = 'CLEARED' WHERE id = $1", [record.id]);
    const refused = await lodge({ hitId, probableCause: ["FINAL_ORDER"] });
    assert.equal(refused.status, 409);
    assert.match(refused.json.error, /is CLEARED: no detainer on it/);
  });
});
