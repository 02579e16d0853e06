import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fieldOfficeForAgency, issueOfficeKey } from "../src/directory/index.js";
import { formatIaqXml, NCIC_PLACES, parseIaqText } from "../src/messages/index.js";
import { verifyAuditChain } from "../src/platform/audit/index.js";
import { MINUTE } from "../src/platform/clock.js";
import {
  addAgency,
  client,
  iaqText,
  type MailboxItem,
  staffToken,
  startTestLesc,
  type TestLesc,
} from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/**
 * The inquiry path end to end over real HTTP: an agency's IAQ is acknowledged, searched,
 * answered with a PRELIMINARY IAR, researched and answered with a FINAL IAR; the field office
 * gets copies; nobody else sees any of it.
 */
const STAFF = [
  ["tech.one", "technician"],
  ["tech.two", "technician"],
  ["agent.one", "agent"],
  ["super.one", "supervisor"],
  ["audit.one", "auditor"],
] as const;

describe(`IAQ to IAR over the switch (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  const keys = { tx: "", ny: "", flood: "" };
  const tokens: Record<string, string> = {};
  let officeKey: string;
  let subject: { nic: string; last: string; first: string; dob: string; sex: "M" | "F"; pob: string };

  before(async () => {
    t = await startTestLesc({
      seed: { people: 400, violators: 120 },
      switchRateLimit: { perSecond: 1, burst: 30 },
    });
    http = client(t.url);
    keys.tx = await addAgency(t, "ZZ0000011", "TX");
    keys.ny = await addAgency(t, "ZZ0000012", "NY");
    keys.flood = await addAgency(t, "ZZ0000013", "CA");
    const office = await fieldOfficeForAgency(t.store.db, "ZZ0000011");
    officeKey = (await issueOfficeKey(t.store, t.clock, office!.code)).apiKey;
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
    const { rows } = await t.store.pool.query(
      `SELECT nic, last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob, sex, pob
       FROM violator_record
       WHERE status = 'ACTIVE' AND pob IS NOT NULL AND last_name ~ '^[A-Z]+$' AND first_name ~ '^[A-Z]+$' AND sex IN ('M','F')
       ORDER BY id LIMIT 1`,
    );
    subject = { ...rows[0], pob: NCIC_PLACES.find((p) => p.country === rows[0].pob && !p.usState)?.ncic };
    assert.ok(subject, "the seed holds an active Violator File record with a plain name");
  });
  after(async () => {
    await t?.close();
  });

  const countRows = async (table: string) =>
    (await t.store.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  /**
   * Staff sessions idle out after 30 minutes; tests that move the clock log on again, in a new
   * 30-second TOTP step (a code is accepted once).
   */
  const refreshTokens = async () => {
    t.clock.advance(30_000);
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
  };
  const ofType = (items: MailboxItem[], type: string) => items.filter((m) => m.type === type);

  it("acknowledges at once, answers with a PRELIMINARY IAR, and a technician's FINAL IAR follows", async () => {
    const sent = await http.nlets(
      keys.tx,
      iaqText({
        ori: "ZZ0000011",
        control: "T1",
        last: subject.last,
        first: subject.first,
        dob: subject.dob,
        sex: subject.sex,
        pob: subject.pob,
        cus: "Y",
      }),
    );
    assert.equal(sent.status, 202, sent.text);
    assert.equal(typeof sent.json.messageId, "number");
    assert.match(sent.json.ack, /^ACK\.AX\.ZZ0000011\.\*T1\.TXT\nIAQ RECEIVED\. MSG\/\d+\.\n$/);

    // Durable before the 202: the ACK is in the mailbox, the search not yet run.
    let mail = await http.mailbox(keys.tx);
    assert.deepEqual(
      mail.map((m) => [m.type, m.inReplyTo]),
      [["ACK", sent.json.messageId]],
    );
    assert.equal(mail[0]!.data.controlField, "T1");

    assert.equal(await t.worker.drain(), 1);
    mail = await http.mailbox(keys.tx);
    const [preliminary] = ofType(mail, "IAR");
    assert.ok(preliminary, "PRELIMINARY IAR delivered");
    assert.equal(preliminary.data.stage, "PRELIMINARY");
    assert.equal(preliminary.data.result, "HIT");
    assert.equal(preliminary.data.controlField, "T1");
    assert.equal(preliminary.data.candidates[0].nic, subject.nic);
    assert.equal(preliminary.data.candidates[0].decision, "match");
    assert.match(
      preliminary.text,
      /^IAR\.AX\.ZZ0000011\.\*T1\.TXT\nIMMIGRATION ALIEN RESPONSE - PRELIMINARY - RECORD FOUND/,
    );
    assert.match(preliminary.text, /DO NOT ACT ON THIS RESPONSE ALONE/);
    const inquiryId = Number(preliminary.data.inquiryId);

    // The research queue shows it; a Violator File match flags an enhanced response.
    const queue = await http.get("/api/v1/queue", tokens["tech.one"]);
    assert.equal(queue.status, 200);
    const entry = queue.json.find((q: { id: number }) => q.id === inquiryId);
    assert.deepEqual(
      {
        ori: entry.ori,
        inCustody: entry.inCustody,
        status: entry.status,
        claimedBy: entry.claimedBy,
        enhanced: entry.enhanced,
      },
      { ori: "ZZ0000011", inCustody: true, status: "RESEARCH", claimedBy: null, enhanced: true },
    );
    assert.equal(entry.subject, `${subject.last}, ${subject.first}`);

    // The workspace explains each candidate field by field.
    const workspace = await http.get(`/api/v1/inquiries/${inquiryId}`, tokens["tech.one"]);
    assert.equal(workspace.status, 200);
    assert.deepEqual(workspace.json.enhancedReasons.includes("VIOLATOR_FILE_SUBJECT"), true);
    const top = workspace.json.candidates[0];
    assert.equal(top.nic, subject.nic);
    const fields = top.explanation.map((e: { field: string }) => e.field);
    assert.ok(fields.includes("name") && fields.includes("dob"), `explanation fields: ${fields}`);
    assert.ok(top.explanation.every((e: { weight: number }) => typeof e.weight === "number"));

    // Claim: one technician holds it, the other gets 409.
    assert.equal((await http.post(`/api/v1/inquiries/${inquiryId}/claim`, tokens["tech.one"])).status, 200);
    assert.equal((await http.post(`/api/v1/inquiries/${inquiryId}/claim`, tokens["tech.one"])).status, 200);
    const taken = await http.post(`/api/v1/inquiries/${inquiryId}/claim`, tokens["tech.two"]);
    assert.equal(taken.status, 409);
    assert.match(taken.json.error, /claimed by tech\.one/);
    const stolen = await http.post(`/api/v1/inquiries/${inquiryId}/response`, tokens["tech.two"], {
      result: "NO_RECORD",
      template: "NO_RECORD",
    });
    assert.equal(stolen.status, 409);

    const answer = await http.post(`/api/v1/inquiries/${inquiryId}/response`, tokens["tech.one"], {
      result: "HIT",
      template: "VIOLATOR_FILE_SUBJECT",
      narrative: "Subject removed 2019; reentry after removal.",
    });
    assert.equal(answer.status, 200, answer.text);
    const again = await http.post(`/api/v1/inquiries/${inquiryId}/response`, tokens["tech.one"], {
      result: "HIT",
      template: "STATUS_FOUND",
    });
    assert.equal(again.status, 409);
    assert.match(again.json.error, /already answered/);

    mail = await http.mailbox(keys.tx);
    const iars = ofType(mail, "IAR");
    assert.deepEqual(
      iars.map((m) => m.data.stage),
      ["PRELIMINARY", "FINAL"],
    );
    const final = iars[1]!;
    assert.equal(final.data.result, "HIT");
    assert.equal(final.data.candidates[0].nic, subject.nic);
    assert.match(final.data.narrative, /IMMIGRATION VIOLATOR FILE RECORD[\s\S]*Subject removed 2019/);
    assert.match(final.text, /SUBJECT REMOVED 2019; REENTRY AFTER REMOVAL/);

    // The field office covering Texas has a copy of each IAR, marked with the requester.
    const officeMail = await http.mailbox(officeKey);
    assert.deepEqual(
      officeMail.map((m) => [m.type, m.data.stage, m.data.requesterOri]),
      [
        ["IAR", "PRELIMINARY", "ZZ0000011"],
        ["IAR", "FINAL", "ZZ0000011"],
      ],
    );
    assert.equal(officeMail[1]!.text, final.text);

    // Another agency sees none of it, and its key cannot acknowledge someone else's mail.
    assert.deepEqual(await http.mailbox(keys.ny), []);
    const foreignAck = await http.post("/nlets/mailbox/ack", keys.ny, { ids: mail.map((m) => m.id) });
    assert.deepEqual(foreignAck.json, { acked: 0 });
    const ack = await http.post("/nlets/mailbox/ack", keys.tx, { ids: mail.map((m) => m.id) });
    assert.deepEqual(ack.json, { acked: mail.length });
    assert.deepEqual(await http.mailbox(keys.tx), []);

    // Answered inquiries leave the queue; its clocks are stopped.
    const after = await http.get("/api/v1/queue", tokens["tech.one"]);
    assert.equal(
      after.json.some((q: { id: number }) => q.id === inquiryId),
      false,
    );
    const { rows } = await t.store.pool.query(
      "SELECT state FROM job WHERE timer_key LIKE $1 ORDER BY timer_key",
      [`inquiry:${inquiryId}:%`],
    );
    assert.deepEqual(
      rows.map((r) => r.state),
      ["cancelled", "cancelled"],
    );
    assert.equal((await verifyAuditChain(t.store.db)).ok, true);
  });

  it("rejects a malformed IAQ with the field and rule, to the sender only, and stores no inquiry", async () => {
    const before = await countRows("inquiry");
    const bad = iaqText({
      ori: "ZZ0000012",
      control: "BAD1",
      last: "DOE",
      first: "JANE",
      dob: "1980-01-01",
    }).replace("PUR/C", "PUR/X");
    const response = await http.nlets(keys.ny, bad);
    assert.equal(response.status, 400);
    assert.match(response.json.error, /^PUR: /);
    assert.equal(typeof response.json.reject, "string");
    assert.ok(response.json.reject.length > 0);
    const mail = await http.mailbox(keys.ny);
    const rej = mail.find((m) => m.type === "REJ");
    assert.ok(rej, "a REJ waits in the sender's mailbox");
    assert.equal(rej.data.field, "PUR");
    assert.equal(rej.data.controlField, "BAD1");
    assert.match(rej.text, /^REJ\.AX\.ZZ0000012\.\*BAD1\.TXT\n/);
    assert.equal(await countRows("inquiry"), before);
    assert.deepEqual(
      (await http.mailbox(keys.tx)).filter((m) => m.type === "REJ"),
      [],
    );
    await http.post("/nlets/mailbox/ack", keys.ny, { ids: mail.map((m) => m.id) });

    const unknown = await http.nlets(keys.ny, "ZQ.ZZ0000012.AX.TXT\nHELLO\n");
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.error, /^header\.MKE: /);
    const empty = await http.nlets(keys.ny, "");
    assert.equal(empty.status, 400);
    await http.post("/nlets/mailbox/ack", keys.ny, { ids: (await http.mailbox(keys.ny)).map((m) => m.id) });
  });

  it("processes a re-sent control field once and returns the first messageId", async () => {
    const text = iaqText({
      ori: "ZZ0000012",
      control: "DUP1",
      last: "OKAFOR",
      first: "CHIDI",
      dob: "1975-03-09",
    });
    const first = await http.nlets(keys.ny, text);
    const second = await http.nlets(keys.ny, text);
    assert.equal(first.status, 202);
    assert.equal(second.status, 202);
    assert.equal(second.json.messageId, first.json.messageId);
    assert.equal(second.json.duplicate, true);
    assert.equal(second.json.ack, first.json.ack);
    const { rows } = await t.store.pool.query(
      "SELECT count(*)::int AS n FROM inquiry WHERE message_id = $1",
      [first.json.messageId],
    );
    assert.equal(rows[0].n, 1);
    assert.equal(
      (await t.store.pool.query("SELECT count(*)::int AS n FROM nlets_message WHERE control_field = 'DUP1'"))
        .rows[0].n,
      1,
    );
    // After 24 hours the control field may be used again.
    t.clock.advance(24 * 60 * MINUTE + 1);
    const later = await http.nlets(keys.ny, text);
    assert.equal(later.status, 202);
    assert.notEqual(later.json.messageId, first.json.messageId);
    await t.worker.drain();
    await http.post("/nlets/mailbox/ack", keys.ny, { ids: (await http.mailbox(keys.ny)).map((m) => m.id) });
    await refreshTokens();
  });

  it("refuses a missing or unknown key (401), another ORI's message or a field office sending (403), other media (415) and bodies over 64 KiB (413)", async () => {
    const text = iaqText({ ori: "ZZ0000011", last: "DOE", first: "JOHN", dob: "1980-01-01" });
    assert.equal((await http.nlets(undefined, text)).status, 401);
    assert.equal((await http.nlets("lesc_ak_000000000000_forged", text)).status, 401);
    const wrong = await http.nlets(keys.ny, text);
    assert.equal(wrong.status, 403);
    assert.match(wrong.json.error, /ZZ0000011.*ZZ0000012/);
    assert.equal((await http.nlets(officeKey, text)).status, 403);
    assert.equal((await http.nlets(keys.tx, text, "application/octet-stream")).status, 415);
    assert.equal((await http.nlets(keys.tx, JSON.stringify({ text }), "application/json")).status, 415);
    const huge = `${text}${"X".repeat(64 * 1024)}`;
    assert.equal((await http.nlets(keys.tx, huge)).status, 413);
    const staffKey = await http.get("/nlets/mailbox", tokens["tech.one"]);
    assert.equal(staffKey.status, 401);
    const { rows } = await t.store.pool.query(
      "SELECT count(*)::int AS n FROM nlets_message WHERE sender_ori = 'ZZ0000012' AND body LIKE 'IAQ.ZZ0000011%'",
    );
    assert.equal(rows[0].n, 0);
  });

  it("accepts the NIEM XML form of an IAQ", async () => {
    const iaq = parseIaqText(
      iaqText({
        ori: "ZZ0000012",
        control: "XML1",
        last: "NGUYEN",
        first: "LAN",
        dob: "1990-07-04",
        sex: "F",
      }),
    );
    assert.ok(iaq.ok);
    const response = await http.nlets(keys.ny, formatIaqXml(iaq.iaq), "application/xml");
    assert.equal(response.status, 202, response.text);
    const entity = formatIaqXml(iaq.iaq).replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    );
    const refused = await http.nlets(keys.ny, entity, "application/xml");
    assert.equal(refused.status, 400);
    await t.worker.drain();
    await http.post("/nlets/mailbox/ack", keys.ny, { ids: (await http.mailbox(keys.ny)).map((m) => m.id) });
  });

  it("rate-limits a flood from one key without hurting other agencies", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const text = iaqText({
        ori: "ZZ0000013",
        control: `F${i}`,
        last: "FLOOD",
        first: "TEST",
        dob: "1970-01-01",
      });
      statuses.push((await http.nlets(keys.flood, text)).status);
    }
    assert.equal(statuses.filter((s) => s === 202).length, 30);
    assert.deepEqual(statuses.slice(30), [429, 429]);
    const limited = await http.nlets(keys.flood, "IAQ.ZZ0000013.AX.TXT\n");
    assert.equal(limited.headers.get("retry-after"), "1");
    const other = await http.nlets(
      keys.ny,
      iaqText({
        ori: "ZZ0000012",
        control: "CALM1",
        last: "CALM",
        first: "ANNA",
        dob: "1985-02-02",
        sex: "F",
      }),
    );
    assert.equal(other.status, 202);
    t.clock.advance(2000);
    assert.equal(
      (
        await http.nlets(
          keys.flood,
          iaqText({ ori: "ZZ0000013", control: "F99", last: "FLOOD", first: "TEST", dob: "1970-01-01" }),
        )
      ).status,
      202,
    );
    await t.worker.drain();
  });

  /** Sends an IAQ from the TX agency and runs its search; returns the inquiry id. */
  const inquire = async (input: Partial<Parameters<typeof iaqText>[0]> & { control: string }) => {
    const sent = await http.nlets(
      keys.tx,
      iaqText({ ori: "ZZ0000011", last: "MORALES", first: "PEDRO", dob: "1969-12-24", ...input }),
    );
    assert.equal(sent.status, 202, sent.text);
    await t.worker.drain();
    const { rows } = await t.store.pool.query("SELECT id FROM inquiry WHERE message_id = $1", [
      sent.json.messageId,
    ]);
    return rows[0].id as number;
  };

  it("orders the queue by custody, then age; a holder or a supervisor releases a claim", async () => {
    await refreshTokens();
    const older = await inquire({ control: "Q1", cus: "N" });
    t.clock.advance(MINUTE);
    const custody = await inquire({ control: "Q2", cus: "Y" });
    t.clock.advance(MINUTE);
    const newer = await inquire({ control: "Q3", cus: "N" });
    const queue = (await http.get("/api/v1/queue", tokens["super.one"])).json as {
      id: number;
      inCustody: boolean;
    }[];
    const ours = queue.filter((q) => [older, custody, newer].includes(q.id)).map((q) => q.id);
    assert.deepEqual(ours, [custody, older, newer]);
    const custodyFirst = queue.findIndex((q) => !q.inCustody);
    assert.ok(
      queue.slice(custodyFirst).every((q) => !q.inCustody),
      "every in-custody inquiry comes first",
    );

    assert.equal((await http.post(`/api/v1/inquiries/${older}/claim`, tokens["tech.one"])).status, 200);
    const notYours = await http.post(`/api/v1/inquiries/${older}/release`, tokens["tech.two"]);
    assert.equal(notYours.status, 409);
    const bySupervisor = await http.post(`/api/v1/inquiries/${older}/release`, tokens["super.one"]);
    assert.equal(bySupervisor.status, 200);
    assert.equal((await http.post(`/api/v1/inquiries/${older}/claim`, tokens["tech.two"])).status, 200);
    assert.equal((await http.post(`/api/v1/inquiries/${older}/release`, tokens["tech.two"])).status, 200);
    assert.equal((await http.post(`/api/v1/inquiries/${older}/release`, tokens["tech.two"])).status, 409);
    // A supervisor watches the queue but does not research.
    assert.equal((await http.post(`/api/v1/inquiries/${newer}/claim`, tokens["super.one"])).status, 403);
    assert.equal((await http.get("/api/v1/queue", tokens["audit.one"])).status, 403);
    assert.equal((await http.post("/api/v1/inquiries/999999/claim", tokens["tech.one"])).status, 404);
    const timeline = (await http.get(`/api/v1/inquiries/${older}`, tokens["tech.one"])).json.events.map(
      (e: { kind: string }) => e.kind,
    );
    assert.deepEqual(timeline, [
      "RECEIVED",
      "PRELIMINARY_SENT",
      "CLAIMED",
      "RELEASED",
      "CLAIMED",
      "RELEASED",
    ]);
  });

  it("lets one of two simultaneous claims win, and processes a message sent twice at once only once", async () => {
    const id = await inquire({ control: "C1" });
    const claims = await Promise.all([
      http.post(`/api/v1/inquiries/${id}/claim`, tokens["tech.one"]),
      http.post(`/api/v1/inquiries/${id}/claim`, tokens["tech.two"]),
    ]);
    assert.deepEqual(claims.map((c) => c.status).sort(), [200, 409]);
    const text = iaqText({
      ori: "ZZ0000011",
      control: "C2",
      last: "TWICE",
      first: "SENT",
      dob: "1977-07-07",
    });
    const sends = await Promise.all([http.nlets(keys.tx, text), http.nlets(keys.tx, text)]);
    assert.deepEqual(
      sends.map((r) => r.status),
      [202, 202],
    );
    assert.equal(sends[0]!.json.messageId, sends[1]!.json.messageId);
    assert.deepEqual(sends.map((r) => r.json.duplicate).sort(), [false, true]);
    const { rows } = await t.store.pool.query(
      "SELECT count(*)::int AS n FROM inquiry WHERE control_field = 'C2'",
    );
    assert.equal(rows[0].n, 1);
    await t.worker.drain();
  });

  it("audits a polled queue once per change of what it shows, and at least every five minutes", async () => {
    await refreshTokens();
    const views = async () =>
      Number(
        (
          await t.store.pool.query(
            "SELECT count(*)::int AS n FROM audit_log WHERE event_type = 'QUEUE_VIEWED' AND actor_user = 'tech.two'",
          )
        ).rows[0].n,
      );
    const before = await views();
    for (let i = 0; i < 3; i++)
      assert.equal((await http.get("/api/v1/queue", tokens["tech.two"])).status, 200);
    assert.equal(await views(), before + 1);
    const id = await inquire({ control: "V1" });
    await http.get("/api/v1/queue", tokens["tech.two"]);
    assert.equal(await views(), before + 2);
    const { rows } = await t.store.pool.query(
      "SELECT details FROM audit_log WHERE event_type = 'QUEUE_VIEWED' AND actor_user = 'tech.two' ORDER BY seq DESC LIMIT 1",
    );
    assert.ok(rows[0].details.inquiries.includes(id), "the entry names the inquiries shown");
    t.clock.advance(5 * 60_000);
    await http.get("/api/v1/queue", tokens["tech.two"]);
    assert.equal(await views(), before + 3);
  });

  it("checks a response against its template and the inquiry's candidates", async () => {
    const id = await inquire({ control: "R1" });
    const wrongTemplate = await http.post(`/api/v1/inquiries/${id}/response`, tokens["tech.one"], {
      result: "HIT",
      template: "NO_RECORD",
    });
    assert.equal(wrongTemplate.status, 400);
    assert.match(wrongTemplate.json.error, /^body\.template: NO_RECORD is a NO_RECORD response/);
    const unknown = await http.post(`/api/v1/inquiries/${id}/response`, tokens["tech.one"], {
      result: "HIT",
      template: "NOPE",
    });
    assert.match(unknown.json.error, /^body\.template: unknown template/);
    const empty = await http.post(`/api/v1/inquiries/${id}/response`, tokens["tech.one"], {
      result: "POSSIBLE",
    });
    assert.match(empty.json.error, /^body\.narrative: is required/);
    const badResult = await http.post(`/api/v1/inquiries/${id}/response`, tokens["tech.one"], {
      result: "MAYBE",
      narrative: "x",
    });
    assert.equal(badResult.status, 400);
    assert.match(badResult.json.error, /^body\.result/);
    const foreign = await http.post(`/api/v1/inquiries/${id}/response`, tokens["tech.one"], {
      result: "HIT",
      narrative: "see record",
      records: [{ source: "IMMIGRATION INDEX", recordId: 987654 }],
    });
    assert.equal(foreign.status, 400);
    assert.match(foreign.json.error, /^body\.records\.0: must be one of the inquiry's candidates/);
    const ok = await http.post(`/api/v1/inquiries/${id}/response`, tokens["tech.one"], {
      result: "NO_RECORD",
      template: "NO_RECORD",
    });
    assert.equal(ok.status, 200);
    const templates = await http.get("/api/v1/response-templates", tokens["tech.one"]);
    assert.ok(templates.json.templates.some((tpl: { code: string }) => tpl.code === "POSSIBLE_FINGERPRINTS"));
  });

  it("flags an enhanced response from the remarks or a serious charge, and logs the contact with an agent", async () => {
    const remarks = await inquire({ control: "E1", rem: "PLEASE CALL BACK ON ARRIVAL" });
    const charge = await inquire({ control: "E2", off: "0999" });
    const plain = await inquire({ control: "E3" });
    const workspace = async (id: number) =>
      (await http.get(`/api/v1/inquiries/${id}`, tokens["tech.one"])).json;
    assert.deepEqual((await workspace(remarks)).enhancedReasons, ["REMARKS_REQUEST"]);
    assert.deepEqual((await workspace(charge)).enhancedReasons, ["SERIOUS_CHARGE"]);
    assert.equal((await workspace(plain)).enhanced, false);
    const flagged = await http.post(`/api/v1/inquiries/${plain}/enhanced`, tokens["super.one"], {
      reason: "officer asked by phone",
    });
    assert.deepEqual(flagged.json.enhancedReasons, ["REQUESTED_BY_STAFF"]);

    const contact = {
      contactedAt: t.clock.now().toISOString(),
      means: "PHONE",
      officer: "DET J EXAMPLE, 555-0100",
      summary: "Advised subject is of interest; agent will respond.",
    };
    const noAgent = await http.post(`/api/v1/inquiries/${remarks}/contacts`, tokens["tech.one"], contact);
    assert.equal(noAgent.status, 400);
    assert.match(noAgent.json.error, /^body\.agent: is required/);
    const notAnAgent = await http.post(`/api/v1/inquiries/${remarks}/contacts`, tokens["tech.one"], {
      ...contact,
      agent: "tech.two",
    });
    assert.match(notAnAgent.json.error, /^body\.agent: must be the username of an agent/);
    const future = await http.post(`/api/v1/inquiries/${remarks}/contacts`, tokens["agent.one"], {
      ...contact,
      contactedAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    assert.match(future.json.error, /^body\.contactedAt: must not be in the future/);
    const byTech = await http.post(`/api/v1/inquiries/${remarks}/contacts`, tokens["tech.one"], {
      ...contact,
      agent: "agent.one",
    });
    assert.equal(byTech.status, 201, byTech.text);
    const byAgent = await http.post(`/api/v1/inquiries/${remarks}/contacts`, tokens["agent.one"], {
      ...contact,
      means: "RADIO",
    });
    assert.equal(byAgent.status, 201);
    assert.equal(byAgent.json.agent, "agent.one");
    const contacts = (await workspace(remarks)).contacts;
    assert.deepEqual(
      contacts.map((c: { means: string; agent: string; recordedBy: string }) => [
        c.means,
        c.agent,
        c.recordedBy,
      ]),
      [
        ["PHONE", "agent.one", "tech.one"],
        ["RADIO", "agent.one", "agent.one"],
      ],
    );
  });

  it("warns before a response-time target runs out, records the breach once, and stops when answered", async () => {
    await refreshTokens();
    const custody = await inquire({ control: "S1", cus: "Y" });
    const other = await inquire({ control: "S2", cus: "N" });
    const answered = await inquire({ control: "S3", cus: "Y" });
    await http.post(`/api/v1/inquiries/${answered}/response`, tokens["tech.one"], {
      result: "NO_RECORD",
      template: "NO_RECORD",
    });
    const state = async (id: number) =>
      (await t.store.pool.query("SELECT sla_state FROM inquiry WHERE id = $1", [id])).rows[0]
        .sla_state as string;
    t.clock.advance(44 * MINUTE);
    await t.worker.drain();
    assert.equal(await state(custody), "ON_TIME");
    t.clock.advance(MINUTE); // 45 of 60 minutes: 75 %
    await t.worker.drain();
    assert.equal(await state(custody), "WARNING");
    assert.equal(await state(other), "ON_TIME");
    assert.equal(await state(answered), "ON_TIME");
    t.clock.advance(15 * MINUTE);
    await t.worker.drain();
    assert.equal(await state(custody), "BREACHED");
    await t.worker.drain();
    const events = await t.store.pool.query(
      "SELECT inquiry_id, kind FROM inquiry_event WHERE kind LIKE 'SLA_%' AND inquiry_id = ANY($1) ORDER BY id",
      [[custody, other, answered]],
    );
    assert.deepEqual(
      events.rows.map((r) => [r.inquiry_id, r.kind]),
      [
        [custody, "SLA_WARNING"],
        [custody, "SLA_BREACH"],
      ],
    );
    t.clock.advance(3 * 60 * MINUTE); // the 4-hour clock of the other inquiry
    await t.worker.drain();
    assert.equal(await state(other), "BREACHED");
    await refreshTokens();
    const alerts = (await http.get("/api/v1/alerts/inquiries", tokens["super.one"])).json.alerts as {
      inquiryId: number;
    }[];
    assert.ok(alerts.some((a) => a.inquiryId === custody) && alerts.some((a) => a.inquiryId === other));
    assert.ok(!alerts.some((a) => a.inquiryId === answered));
  });

  it("searches every file by hand with a stated purpose, audited", async () => {
    const search = await http.post("/api/v1/search", tokens["tech.one"], {
      purpose: "IAQ research: second name order",
      name: { last: subject.first, first: subject.last },
      dob: subject.dob,
    });
    assert.equal(search.status, 200, search.text);
    assert.ok(
      search.json.candidates.some((c: { nic: string | null }) => c.nic === subject.nic),
      "reversed name found",
    );
    const noPurpose = await http.post("/api/v1/search", tokens["tech.one"], { name: { last: "X" } });
    assert.equal(noPurpose.status, 400);
    assert.equal(noPurpose.json.error, "body.purpose: is required");
    const { rows } = await t.store.pool.query(
      "SELECT actor_user, purpose FROM audit_log WHERE event_type = 'MANUAL_SEARCH' ORDER BY seq DESC LIMIT 1",
    );
    assert.deepEqual(rows[0], { actor_user: "tech.one", purpose: "IAQ research: second name order" });
  });

  it("counts the fiscal year's inquiries, results, hits by file and response times", async () => {
    const stats = await http.get("/api/v1/stats?fiscalYear=2027", tokens["super.one"]);
    assert.equal(stats.status, 200);
    const { rows } = await t.store.pool.query(
      "SELECT count(*)::int AS received, count(*) FILTER (WHERE status = 'ANSWERED')::int AS answered FROM inquiry",
    );
    assert.equal(stats.json.fiscalYear, 2027);
    assert.equal(stats.json.from, "2026-10-01");
    assert.equal(stats.json.to, "2027-09-30");
    assert.equal(stats.json.inquiries.received, rows[0].received);
    assert.equal(stats.json.inquiries.answered, rows[0].answered);
    assert.ok(stats.json.hitsByFile["IMMIGRATION VIOLATOR FILE"] >= 1);
    assert.equal(typeof stats.json.responseSeconds.final.p50, "number");
    assert.ok(stats.json.sla.answeredOnTime >= 1);
    const lastYear = await http.get("/api/v1/stats?fiscalYear=2026", tokens["audit.one"]);
    assert.equal(lastYear.json.inquiries.received, 0);
    assert.equal(lastYear.json.responseSeconds.final.p50, null);
    assert.equal((await http.get("/api/v1/stats", tokens["tech.one"])).status, 403);
    assert.equal((await http.get("/api/v1/stats?fiscalYear=27", tokens["super.one"])).status, 400);
  });

  it("gives the inquiries per day up to today, with days without inquiries, for the chart", async () => {
    const stats = (await http.get("/api/v1/stats?fiscalYear=2027", tokens["super.one"])).json;
    const daily = stats.daily as { date: string; inquiries: number; answeredInSla: number }[];
    const today = t.clock.now().toISOString().slice(0, 10);
    assert.equal(daily[0]!.date, "2026-10-01");
    assert.equal(daily.at(-1)!.date, today);
    assert.equal(daily.length, (Date.parse(today) - Date.parse("2026-10-01")) / 86_400_000 + 1, "every day");
    assert.equal(
      daily.reduce((sum, day) => sum + day.inquiries, 0),
      stats.inquiries.received,
    );
    assert.equal(
      daily.reduce((sum, day) => sum + day.answeredInSla, 0),
      stats.sla.answeredOnTime,
    );
    const { rows } = await t.store.pool.query(
      "SELECT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, count(*)::int AS n FROM inquiry GROUP BY 1",
    );
    for (const row of rows)
      assert.equal(daily.find((day) => day.date === row.date)?.inquiries, row.n, row.date);
    // A past year has all its days; a year not yet begun has none.
    const past = (await http.get("/api/v1/stats?fiscalYear=2026", tokens["super.one"])).json.daily;
    assert.equal(past.length, 365);
    assert.deepEqual(past[0], { date: "2025-10-01", inquiries: 0, answeredInSla: 0 });
    assert.equal(past.at(-1).date, "2026-09-30");
    assert.deepEqual((await http.get("/api/v1/stats?fiscalYear=2028", tokens["super.one"])).json.daily, []);
  });

  it("long-polls an empty mailbox until a message arrives", async () => {
    await http.post("/nlets/mailbox/ack", keys.ny, { ids: (await http.mailbox(keys.ny)).map((m) => m.id) });
    const started = Date.now();
    const waiting = http.mailbox(keys.ny, 20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = await http.nlets(
      keys.ny,
      iaqText({ ori: "ZZ0000012", control: "LP1", last: "WAIT", first: "ING", dob: "1988-08-08" }),
    );
    const messages = await waiting;
    assert.ok(Date.now() - started < 5000, "woken by the delivery, not the timeout");
    assert.deepEqual(
      messages.map((m) => [m.type, m.inReplyTo]),
      [["ACK", sent.json.messageId]],
    );
    assert.equal((await http.get("/nlets/mailbox?wait=61", keys.ny)).status, 400);
  });
});
