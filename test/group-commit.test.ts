import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { verifyAuditChain } from "../src/platform/audit/index.js";
import { acceptMessages, type InboundMessage, type SwitchOptions } from "../src/switch/index.js";
import { addAgency, iaqText, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/**
 * The switch's group commit and the search worker's batch commit (issue #8): many messages
 * share one transaction, and each still gets exactly its own outcome, ACK, inquiry, timers,
 * PRELIMINARY IAR and audit entry.
 */
describe(`group commit of accepted messages and of searches (${storeKind})`, () => {
  let t: TestLesc;
  const ORI = "ZZ0000071";
  before(async () => {
    t = await startTestLesc({ seed: { people: 300, violators: 60 } });
    await addAgency(t, ORI, "TX");
  });
  after(async () => {
    await t?.close();
  });

  const iaq = (i: number, control?: string) => ({
    senderOri: ORI,
    contentType: "text" as const,
    body: iaqText({
      ori: ORI,
      last: `BATCHTEST${String.fromCharCode(65 + (i % 26))}`,
      first: "ALEX",
      dob: "1980-01-01",
      ...(control ? { control } : {}),
    }),
  });
  const count = async (query: string) => (await t.store.pool.query(query)).rows[0].n as number;

  it("accepts messages sent at once, each with its own message, ACK, inquiry, timers and audit entry", async () => {
    const before = {
      inquiries: await count("SELECT count(*)::int AS n FROM inquiry"),
      timers: await count("SELECT count(*)::int AS n FROM job WHERE timer_key LIKE 'inquiry:%'"),
      audits: await count("SELECT count(*)::int AS n FROM audit_log WHERE event_type = 'MESSAGE_ACCEPTED'"),
    };
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => t.lesc.accept(iaq(i, `GC${i}`))));
    const ids = outcomes.map((o) => (o.outcome === "ACCEPTED" ? o.messageId : -1));
    assert.equal(new Set(ids).size, 30, "30 distinct messages");
    for (const [i, outcome] of outcomes.entries()) {
      assert.equal(outcome.outcome, "ACCEPTED");
      if (outcome.outcome !== "ACCEPTED") continue;
      assert.equal(outcome.duplicate, false);
      assert.match(outcome.ack, new RegExp(`GC${i}\\b`), "each ACK echoes its own control field");
      assert.match(outcome.ack, new RegExp(`\\b${outcome.messageId}\\b`), "and names its own message");
    }
    const { rows } = await t.store.pool.query(
      "SELECT m.id, i.id AS inquiry, a.id AS ack FROM nlets_message m JOIN inquiry i ON i.message_id = m.id JOIN mailbox_message a ON a.in_reply_to = m.id AND a.type = 'ACK' WHERE m.id = ANY($1)",
      [ids],
    );
    assert.equal(rows.length, 30, "every message has exactly one inquiry and one ACK");
    assert.equal(await count("SELECT count(*)::int AS n FROM inquiry"), before.inquiries + 30);
    assert.equal(
      await count("SELECT count(*)::int AS n FROM job WHERE timer_key LIKE 'inquiry:%'"),
      before.timers + 60,
      "a warning and a breach timer per inquiry",
    );
    assert.equal(
      await count("SELECT count(*)::int AS n FROM audit_log WHERE event_type = 'MESSAGE_ACCEPTED'"),
      before.audits + 30,
    );
    assert.deepEqual(await verifyAuditChain(t.store.db), {
      ok: true,
      entries: await count("SELECT count(*)::int AS n FROM audit_log"),
    });
  });

  it("sends every searched inquiry exactly one PRELIMINARY IAR, committed in batches", async () => {
    const searching = await count("SELECT count(*)::int AS n FROM inquiry WHERE status = 'SEARCHING'");
    assert.ok(searching >= 30);
    await t.worker.drain();
    assert.equal(await count("SELECT count(*)::int AS n FROM inquiry WHERE status = 'SEARCHING'"), 0);
    const { rows } = await t.store.pool.query(`
      SELECT i.id, count(m.id) FILTER (WHERE m.recipient_ori = i.ori)::int AS sent,
             count(m.id) FILTER (WHERE m.copy_of IS NOT NULL)::int AS copies,
             (SELECT count(*)::int FROM inquiry_event e WHERE e.inquiry_id = i.id AND e.kind = 'PRELIMINARY_SENT') AS events,
             (SELECT count(*)::int FROM audit_log a WHERE a.subject = 'inquiry:' || i.id AND a.event_type = 'AUTOMATED_SEARCH') AS audits
      FROM inquiry i LEFT JOIN mailbox_message m ON m.in_reply_to = i.message_id AND m.type = 'IAR'
      GROUP BY i.id`);
    for (const row of rows) {
      assert.deepEqual(
        { sent: row.sent, copies: row.copies, events: row.events, audits: row.audits },
        { sent: 1, copies: 1, events: 1, audits: 1 },
        `inquiry ${row.id}: one IAR, one field-office copy, one event, one audit entry`,
      );
    }
    const [status] = (
      await t.store.db.execute<{ research: number }>(
        sql`SELECT count(*)::int AS research FROM inquiry WHERE status = 'RESEARCH' AND preliminary_result IS NOT NULL`,
      )
    ).rows;
    assert.equal(status!.research, rows.length, "each inquiry moved to research with its result");
    assert.equal((await verifyAuditChain(t.store.db)).ok, true);
  });

  it("treats a control field sent twice in one batch as one message", async () => {
    const options: SwitchOptions = { handlers: {} };
    const results = await acceptMessages(t.store, t.clock, [iaq(1, "GCTWICE"), iaq(1, "GCTWICE")], options);
    assert.ok(results[0]!.ok && results[1]!.ok);
    const [first, second] = results.map((r) => (r.ok ? r.value : undefined));
    assert.ok(first?.outcome === "ACCEPTED" && second?.outcome === "ACCEPTED");
    assert.equal(first.duplicate, false);
    assert.equal(second.duplicate, true);
    assert.equal(second.messageId, first.messageId);
    assert.equal(second.ack, first.ack);
    assert.equal(
      await count("SELECT count(*)::int AS n FROM nlets_message WHERE control_field = 'GCTWICE'"),
      1,
    );
    const again = await acceptMessages(t.store, t.clock, [iaq(1, "GCTWICE")], options);
    assert.ok(again[0]!.ok && again[0]!.value.outcome === "ACCEPTED" && again[0]!.value.duplicate);
  });

  it("fails only the message whose handler failed; the rest of the batch is stored", async () => {
    const before = await count("SELECT count(*)::int AS n FROM nlets_message");
    const options: SwitchOptions = {
      handlers: {},
      batchHandlers: {
        IAQ: async (_tx, accepted) => {
          const bad = accepted.find(
            (a) => a.message.type === "IAQ" && a.message.iaq.header.controlField === "GCBAD",
          );
          if (bad) throw new Error("handler refused GCBAD");
        },
      },
    };
    const batch: InboundMessage[] = [iaq(2, "GCOK1"), iaq(3, "GCBAD"), iaq(4, "GCOK2")];
    const results = await acceptMessages(t.store, t.clock, batch, options);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value.outcome : (r.error as Error).message)),
      ["ACCEPTED", "handler refused GCBAD", "ACCEPTED"],
    );
    assert.equal(await count("SELECT count(*)::int AS n FROM nlets_message"), before + 2);
    assert.equal(
      await count("SELECT count(*)::int AS n FROM nlets_message WHERE control_field = 'GCBAD'"),
      0,
    );
    assert.equal(
      await count(
        "SELECT count(*)::int AS n FROM mailbox_message m JOIN nlets_message n ON n.id = m.in_reply_to WHERE n.control_field = 'GCBAD'",
      ),
      0,
      "no ACK for the failed message",
    );
    assert.equal((await verifyAuditChain(t.store.db)).ok, true);
  });
});
