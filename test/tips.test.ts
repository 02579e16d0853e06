import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fieldOfficeForState } from "../src/directory/index.js";
import { RECIPIENTS } from "../src/intake/index.js";
import { client, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/** The public tip line over real HTTP: receipts, replies, referral rules, life safety, junk. */
describe(`public tip line (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  const tokens: Record<string, string> = {};
  let record: { last: string; first: string; dob: string };

  before(async () => {
    t = await startTestLesc({ seed: { people: 200, violators: 40 }, tipPowBits: 4 });
    http = client(t.url);
    for (const [name, role] of [
      ["tips.one", "tip_operator"],
      ["super.one", "supervisor"],
      ["agent.one", "agent"],
      ["tech.one", "technician"],
    ] as const) {
      tokens[name] = await staffToken(t, name, role);
    }
    const { rows } = await t.store.pool.query(
      `SELECT last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob FROM violator_record
       WHERE status = 'ACTIVE' AND last_name ~ '^[A-Z]+$' AND first_name ~ '^[A-Z]+$' ORDER BY id LIMIT 1`,
    );
    record = rows[0];
  });
  after(async () => {
    await t?.close();
  });

  /** Each public call comes from its own address budget: move the clock past the rate limit. */
  const publicPost = async (body: unknown) => {
    t.clock.advance(60_000);
    return http.publicTip(body);
  };
  const staffView = async (id: number, who = "tips.one") =>
    (await http.get(`/api/v1/tips/${id}`, tokens[who])).json;
  const idOf = async (receiptResponse: { json: { receipt: string } }) => {
    const { rows } = await t.store.pool.query("SELECT id FROM tip ORDER BY id DESC LIMIT 1");
    assert.match(receiptResponse.json.receipt, /^\d{16}$/);
    return rows[0].id as number;
  };

  it("takes an anonymous tip, gives a receipt stored only as a hash, and carries replies both ways", async () => {
    const sent = await publicPost({
      category: "IMMIGRATION",
      narrative: "A man working at the car wash on Main Street overstayed his visa years ago.",
      location: "INSIDE_US",
      state: "TX",
      subject: { name: `${record.first} ${record.last}`, dob: record.dob },
    });
    assert.equal(sent.status, 201, sent.text);
    const receipt = sent.json.receipt as string;
    const id = await idOf(sent);
    const stored = await t.store.pool.query("SELECT receipt_hash, reporter FROM tip WHERE id = $1", [id]);
    assert.notEqual(stored.rows[0].receipt_hash, receipt);
    assert.ok(!JSON.stringify(stored.rows[0]).includes(receipt));
    assert.equal(stored.rows[0].reporter, null);

    const view = await staffView(id);
    assert.equal(view.anonymous, true);
    const office = fieldOfficeForState("TX")!;
    assert.deepEqual(
      view.referrals.map((r: { recipient: string; role: string }) => [r.role, r.recipient]),
      [["PRIMARY", `${office.name} (${office.code})`]],
    );
    assert.ok(view.candidates.length > 0, "the subject was matched against the records");

    await http.post(`/api/v1/tips/${id}/replies`, tokens["tips.one"], {
      text: "Thank you. Can you give the street number?",
    });
    t.clock.advance(60_000);
    const tipster = await http.get(`/api/v1/public/tips/${receipt}`);
    assert.equal(tipster.status, 200);
    assert.equal(tipster.json.status, "FORWARDED");
    assert.deepEqual(
      tipster.json.messages.map((m: { from: string }) => m.from),
      ["LESC"],
    );
    assert.equal(
      JSON.stringify(tipster.json).includes(office.code),
      false,
      "the tipster does not see where it went",
    );
    t.clock.advance(60_000);
    const added = await http.post(`/api/v1/public/tips/${receipt}/messages`, undefined, {
      text: "Number 1200.",
    });
    assert.equal(added.status, 201);
    assert.equal((await staffView(id)).messages.at(-1).text, "Number 1200.");
    t.clock.advance(60_000);
    assert.equal((await http.get("/api/v1/public/tips/0000000000000000")).status, 404);
  });

  it("names the field of a bad tip, refuses oversized ones, and limits a flood from one address", async () => {
    const unknown = await publicPost({ category: "GOSSIP", narrative: "x" });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.error, /^body\.category: must be one of IMMIGRATION/);
    const empty = await publicPost({ category: "CUSTOMS", narrative: "   " });
    assert.equal(empty.status, 400);
    assert.equal(empty.json.error, "body.narrative: must not be empty");
    const huge = await publicPost({ category: "CUSTOMS", narrative: "x".repeat(40_000) });
    assert.equal(huge.status, 413);
    t.clock.advance(60_000);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await http.publicTip({
            category: "OTHER",
            narrative: `flood ${i} ${"z".repeat(i)}`,
          })
        ).status,
      );
    }
    assert.deepEqual(statuses.slice(0, 5), [201, 201, 201, 201, 201]);
    assert.deepEqual(statuses.slice(5), [429, 429]);
  });

  it("refers by the rules table: out-of-ICE partners, info-only recipients", async () => {
    const route = async (body: Record<string, unknown>) => {
      const sent = await publicPost(body);
      assert.equal(sent.status, 201, sent.text);
      const view = await staffView(await idOf(sent));
      return view.referrals.map((r: { recipient: string; role: string }) => `${r.role}:${r.recipient}`);
    };
    assert.deepEqual(
      await route({
        category: "CYBER",
        location: "INSIDE_US",
        narrative: "Someone hacked my bank account and stole my identity.",
      }),
      [`PRIMARY:${RECIPIENTS.USSS}`, `INFO:${RECIPIENTS.FBI}`],
    );
    assert.deepEqual(
      await route({
        category: "CHILD_EXPLOITATION",
        narrative: "He sends the pictures by mail in a package every month.",
      }),
      [`PRIMARY:${RECIPIENTS.USPIS}`, `INFO:${RECIPIENTS.C3}`],
    );
    assert.deepEqual(
      await route({
        category: "EXPORT_ARMS",
        location: "OUTSIDE_US",
        narrative: "Rifle scopes shipped abroad for a foreign intelligence service.",
      }),
      [`PRIMARY:${RECIPIENTS.CTCEU}`, `INFO:${RECIPIENTS.COMMERCE}`, `INFO:${RECIPIENTS.FBI}`],
    );
    assert.deepEqual(
      await route({ category: "IPR", narrative: "Counterfeit handbags sold at the flea market." }),
      [`PRIMARY:${RECIPIENTS.IPR_CENTER}`],
    );
  });

  it("takes the fast path for a threat to life: the duty agent first, the supervisor alerted", async () => {
    const sent = await publicPost({
      category: "HUMAN_TRAFFICKING",
      narrative: "They said they will kill her if she talks. She is locked in the back room.",
    });
    const id = await idOf(sent);
    const view = await staffView(id, "super.one");
    assert.equal(view.lifeSafety, true);
    assert.equal(view.referrals[0].recipient, RECIPIENTS.DUTY_AGENT);
    assert.ok(view.referrals.some((r: { recipient: string }) => r.recipient === RECIPIENTS.FBI));
    const alerts = (await http.get("/api/v1/alerts/tips", tokens["super.one"])).json.alerts as {
      id: number;
    }[];
    assert.ok(alerts.some((a) => a.id === id));
    const list = (await http.get("/api/v1/tips", tokens["agent.one"])).json.tips as { id: number }[];
    assert.equal(list[0]!.id, id, "threats to life head the list");
  });

  it("links a duplicate instead of referring it again, keeps junk, and closes on the primary's answer", async () => {
    const body = {
      category: "CUSTOMS",
      narrative:
        "A truck brings undeclared cigarettes across the border every Tuesday night at the old crossing.",
      subject: { name: "JOHN TRUCKER" },
    };
    const first = await idOf(await publicPost(body));
    const second = await idOf(await publicPost({ ...body, narrative: `${body.narrative} Again this week.` }));
    const duplicate = await staffView(second);
    assert.equal(duplicate.status, "DUPLICATE");
    assert.equal(duplicate.duplicateOf, first);
    assert.deepEqual(duplicate.referrals, []);

    const junk = await http.post(`/api/v1/tips/${second}/junk`, tokens["tips.one"], { reason: "repeat" });
    assert.equal(junk.status, 200);
    assert.equal((await staffView(second)).status, "JUNK");
    assert.equal(
      (await http.post(`/api/v1/tips/${second}/junk`, tokens["tips.one"], { reason: "again" })).status,
      409,
    );

    const primary = (await staffView(first)).referrals[0].recipient as string;
    const closed = await http.post(`/api/v1/tips/${first}/referrals/close`, tokens["agent.one"], {
      recipient: primary,
      answer: "Seizure made; case opened.",
    });
    assert.equal(closed.status, 200);
    const after = await staffView(first);
    assert.equal(after.status, "CLOSED");
    assert.equal(after.referrals[0].closingAnswer, "Seizure made; case opened.");
  });

  it("shows a phone tipster's identity only to the roles that need it, and audits each view", async () => {
    const phoned = await http.post("/api/v1/tips", tokens["tips.one"], {
      category: "FRAUDULENT_DOCUMENTS",
      narrative: "Caller reports a shop printing fake green cards.",
      reporter: { name: "CALLER EXAMPLE", phone: "555-0142" },
    });
    assert.equal(phoned.status, 201, phoned.text);
    const id = phoned.json.id as number;
    assert.deepEqual((await staffView(id, "tips.one")).reporter, {
      name: "CALLER EXAMPLE",
      phone: "555-0142",
    });
    assert.equal((await staffView(id, "agent.one")).reporter, "withheld");
    assert.equal((await http.get(`/api/v1/tips/${id}`, tokens["tech.one"])).status, 403);
    const { rows } = await t.store.pool.query(
      "SELECT actor_user, event_type FROM audit_log WHERE subject = $1 AND event_type LIKE 'TIP_%VIEWED' ORDER BY seq",
      [`tip:${id}`],
    );
    assert.deepEqual(
      rows.map((r) => [r.actor_user, r.event_type]),
      [
        ["tips.one", "TIP_IDENTITY_VIEWED"],
        ["agent.one", "TIP_VIEWED"],
      ],
    );
  });
});
