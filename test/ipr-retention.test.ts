import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IPR_RETENTION_QUEUE, parseIprRetention, scheduleIprRetention } from "../src/ipr/index.js";
import { DAY } from "../src/platform/clock.js";
import { PNG, postBytes } from "./support/files.js";
import { client, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

describe("IPR retention settings", () => {
  it("takes days per final status and refuses open allegations, repeats and absurd days", () => {
    assert.deepEqual(parseIprRetention("CLOSED=1825, JUNK=90"), { CLOSED: 1825, JUNK: 90 });
    assert.deepEqual(parseIprRetention(undefined), {});
    assert.throws(
      () => parseIprRetention("OPEN=5"),
      /--ipr-retention: OPEN: only the final statuses CLOSED, JUNK/,
    );
    assert.throws(() => parseIprRetention("JUNK=5,JUNK=6"), /JUNK is given twice/);
    assert.throws(() => parseIprRetention("JUNK=0"), /days must be from 1/);
    assert.throws(() => parseIprRetention("JUNK"), /must be STATUS=DAYS/);
  });
});

/** Closed and junked allegations go when their status's days are up, with all that names them. */
describe(`IPR retention per status (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  const ids: Record<"closed" | "junk" | "open", number> = { closed: 0, junk: 0, open: 0 };

  before(async () => {
    t = await startTestLesc();
    http = client(t.url);
    const operator = await staffToken(t, "ipr.keeper", "tip_operator");
    const allege = async (narrative: string) => {
      const sent = await http.post("/api/v1/ipr/allegations", operator, {
        rightType: "TRADEMARK",
        rightsHolder: "Example Brands Inc.",
        product: "watches",
        violator: { name: "Shiny Replica Watches", website: "https://replica-watches.test/" },
        narrative,
      });
      assert.equal(sent.status, 201, sent.text);
      return sent.json as { id: number; receipt: string };
    };
    const closed = await allege("Fake watches sold by the box.");
    ids.closed = closed.id;
    const evidence = await postBytes(
      t.url,
      `/api/v1/public/ipr-allegations/${closed.receipt}/evidence`,
      PNG,
      {
        "content-type": "application/octet-stream",
        "x-file-name": "photo.png",
      },
    );
    assert.equal(evidence.status, 201);
    ids.junk = (await allege("Same shop, same watches, again.")).id;
    ids.open = (await allege("The shop is still selling them.")).id;
    const reply = await http.post(`/api/v1/ipr/allegations/${ids.closed}/replies`, operator, {
      text: "Thank you.",
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(
      (await http.post(`/api/v1/ipr/allegations/${ids.closed}/close`, operator, { answer: "Referred." }))
        .status,
      200,
    );
    assert.equal(
      (await http.post(`/api/v1/ipr/allegations/${ids.junk}/junk`, operator, { reason: "duplicate call" }))
        .status,
      200,
    );
    await t.store.transaction((tx) => scheduleIprRetention(tx, t.clock, { CLOSED: 30, JUNK: 10 }));
  });
  after(async () => {
    await t?.close();
  });

  const remaining = async () =>
    (await t.store.pool.query("SELECT id FROM ipr_allegation ORDER BY id")).rows.map((r) => Number(r.id));
  const naming = async (id: number) => {
    const { rows } = await t.store.pool.query(
      `SELECT (SELECT count(*) FROM ipr_link WHERE allegation_id = $1 OR linked_to = $1)::int AS links,
              (SELECT count(*) FROM ipr_notification WHERE allegation_id = $1 OR about_allegation_id = $1)::int AS notices,
              (SELECT count(*) FROM ipr_evidence WHERE allegation_id = $1)::int AS evidence,
              (SELECT count(*) FROM ipr_message WHERE allegation_id = $1)::int AS messages`,
      [id],
    );
    return rows[0] as { links: number; notices: number; evidence: number; messages: number };
  };
  const purges = async () =>
    (
      await t.store.pool.query(
        "SELECT details FROM audit_log WHERE event_type = 'IPR_ALLEGATIONS_PURGED' ORDER BY seq",
      )
    ).rows;

  it("keeps everything until a status's days are up", async () => {
    assert.ok((await naming(ids.junk)).links > 0, "the repeats were linked to the first");
    const closed = await naming(ids.closed);
    assert.deepEqual([closed.evidence, closed.messages], [1, 1]);
    t.clock.advance(DAY); // the next 05:00 run: nothing is old enough yet
    await t.worker.drain();
    assert.deepEqual(await remaining(), [ids.closed, ids.junk, ids.open]);
    assert.deepEqual(await purges(), []);
  });

  it("purges junk after 10 days and closed after 30, with what names them; open ones stay", async () => {
    t.clock.advance(10 * DAY);
    await t.worker.drain();
    assert.deepEqual(await remaining(), [ids.closed, ids.open]);
    assert.deepEqual(await naming(ids.junk), { links: 0, notices: 0, evidence: 0, messages: 0 });

    t.clock.advance(20 * DAY);
    await t.worker.drain();
    assert.deepEqual(await remaining(), [ids.open]);
    assert.deepEqual(await naming(ids.closed), { links: 0, notices: 0, evidence: 0, messages: 0 });

    const audited = await purges();
    assert.equal(audited.length, 2);
    assert.deepEqual(audited[0].details.purged, { JUNK: 1 });
    assert.deepEqual(audited[1].details.purged, { CLOSED: 1 });
    assert.equal(audited[1].details.evidence, 1);
    assert.ok(!JSON.stringify(audited).includes("Replica"), "counts only, no names");
    const { rows } = await t.store.pool.query(
      "SELECT count(*)::int AS n FROM job WHERE queue = $1 AND state = 'ready'",
      [IPR_RETENTION_QUEUE],
    );
    assert.equal(rows[0].n, 1, "tomorrow's purge is scheduled");
  });
});
