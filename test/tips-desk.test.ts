import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  hashReceipt,
  leadingZeroBits,
  POW_HEADER,
  parseTipRetention,
  proofOfWorkHeader,
  scheduleTipRetention,
  solveProofOfWork,
  submitTip,
} from "../src/intake/index.js";
import { MINUTE } from "../src/platform/clock.js";
import { runLesc, storeArgs } from "./support/cli.js";
import { client, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { type ServerProcess, startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

const PEPPER = "test-pepper-not-a-real-secret-0123456789";

/** The tip desk over real HTTP: proof of work, statistics by fiscal year, retention per status. */
describe(`tip desk: proof of work, statistics, retention (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;

  before(async () => {
    t = await startTestLesc({ tipPowBits: 8, tipReceiptPepper: PEPPER });
    http = client(t.url);
  });
  after(async () => {
    await t?.close();
  });

  /**
   * A session for `role`, new when the clock has moved on (sessions idle out after 30 minutes,
   * and a one-time code is good once, so a new user each time the clock jumps).
   */
  const sessions = new Map<string, { token: string; at: number }>();
  let generation = 0;
  const token = async (name: string, role: string) => {
    const now = t.clock.now().getTime();
    const held = sessions.get(name);
    if (held && now >= held.at && now - held.at < 20 * MINUTE) return held.token;
    const fresh = await staffToken(t, `${name}.${++generation}`, role);
    sessions.set(name, { token: fresh, at: now });
    return fresh;
  };
  const challenge = async () => {
    const got = await http.get("/api/v1/public/tips/challenge");
    assert.equal(got.status, 200, got.text);
    return got.json as { challenge: string; difficulty: number; expiresAt: string };
  };
  const solved = async () => {
    const { challenge: c, difficulty } = await challenge();
    return proofOfWorkHeader(c, await solveProofOfWork(c, difficulty));
  };
  /** Each public call from a fresh rate-limit budget (the per-address limit has its own test). */
  const postTip = async (body: unknown, proof: string | undefined) => {
    t.clock.advance(MINUTE);
    return http.call(
      "POST",
      "/api/v1/public/tips",
      undefined,
      body,
      undefined,
      proof === undefined ? {} : { [POW_HEADER]: proof },
    );
  };
  const tipCount = async () => Number((await t.store.pool.query("SELECT count(*) AS n FROM tip")).rows[0].n);
  const phoneTip = async (body: Record<string, unknown>) => {
    const sent = await http.post("/api/v1/tips", await token("desk.operator", "tip_operator"), body);
    assert.equal(sent.status, 201, sent.text);
    return sent.json.id as number;
  };

  it("asks a solved, genuine, unexpired and unused challenge of the public form, and none of a phone tip", async () => {
    const body = { category: "CUSTOMS", narrative: "Undeclared cigarettes in a van at the crossing." };
    const issued = await challenge();
    assert.equal(issued.difficulty, 8);
    assert.equal(Date.parse(issued.expiresAt) - t.clock.now().getTime(), 10 * MINUTE);
    assert.doesNotMatch(issued.challenge, /:/);
    const before = await tipCount();

    const missing = await postTip(body, undefined);
    assert.equal(missing.status, 400);
    assert.equal(missing.json.code, "LESC_INVALID_FIELD");
    assert.match(
      missing.json.error,
      /^X-Proof-Of-Work: is required: get a challenge from GET \/api\/v1\/public\/tips\/challenge/,
    );
    const malformed = await postTip(body, "not-a-proof");
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.error, "X-Proof-Of-Work: must be challenge:nonce (nonce a whole number)");

    // A nonce that does not give 8 zero bits.
    let wrong = 0;
    while (
      leadingZeroBits(createHash("sha256").update(proofOfWorkHeader(issued.challenge, wrong)).digest()) >= 8
    ) {
      wrong++;
    }
    const unsolved = await postTip(body, proofOfWorkHeader(issued.challenge, wrong));
    assert.equal(unsolved.status, 403);
    assert.equal(unsolved.json.code, "LESC_PROOF_OF_WORK");
    assert.equal(
      unsolved.json.error,
      "X-Proof-Of-Work: SHA-256 of challenge:nonce must start with 8 zero bits",
    );

    // A challenge of the client's own making (lower difficulty), solved: not signed by the server.
    const parts = issued.challenge.split(".");
    const forged = ["0", ...parts.slice(1)].join(".");
    const forgedProof = await postTip(body, proofOfWorkHeader(forged, 0));
    assert.equal(forgedProof.status, 403);
    assert.equal(forgedProof.json.error, "X-Proof-Of-Work: the challenge was not issued by this server");

    const late = proofOfWorkHeader(issued.challenge, await solveProofOfWork(issued.challenge, 8));
    t.clock.advance(10 * MINUTE);
    const expired = await postTip(body, late);
    assert.equal(expired.status, 403);
    assert.equal(
      expired.json.error,
      `X-Proof-Of-Work: the challenge expired at ${issued.expiresAt}: get a new one`,
    );
    assert.equal(await tipCount(), before, "nothing was stored for a refused proof");

    // A tip refused for its content does not spend the work; the same proof then sends it, once.
    const proof = await solved();
    const badCategory = await postTip({ ...body, category: "GOSSIP" }, proof);
    assert.equal(badCategory.status, 400);
    const sent = await postTip(body, proof);
    assert.equal(sent.status, 201, sent.text);
    const reused = await postTip({ ...body, narrative: "Another van, another night." }, proof);
    assert.equal(reused.status, 403);
    assert.equal(reused.json.error, "X-Proof-Of-Work: this challenge was already used: get a new one");
    assert.equal(await tipCount(), before + 1);

    // Two tips at once with one proof: the spend is in each tip's transaction, so one wins.
    const shared = await solved();
    t.clock.advance(MINUTE);
    const race = await Promise.all(
      ["first", "second"].map((n) =>
        http.call(
          "POST",
          "/api/v1/public/tips",
          undefined,
          { category: "OTHER", narrative: `The ${n} of two racing tips about a ${n} boat.` },
          undefined,
          { [POW_HEADER]: shared },
        ),
      ),
    );
    assert.deepEqual(race.map((r) => r.status).sort(), [201, 403]);
    assert.equal(await tipCount(), before + 2);

    const phoned = await http.post("/api/v1/tips", await token("desk.operator", "tip_operator"), {
      category: "CUSTOMS",
      narrative: "Caller saw a boat unload crates at night without lights.",
    });
    assert.equal(phoned.status, 201, phoned.text);
  });

  it("hashes receipts with the pepper, and still opens tips hashed before the pepper was set", async () => {
    const sent = await postTip(
      { category: "OTHER", narrative: "A peppered receipt for this one, please." },
      await solved(),
    );
    assert.equal(sent.status, 201, sent.text);
    const receipt = sent.json.receipt as string;
    const { rows } = await t.store.pool.query("SELECT receipt_hash FROM tip ORDER BY id DESC LIMIT 1");
    assert.equal(rows[0].receipt_hash, hashReceipt(receipt, PEPPER));
    assert.match(rows[0].receipt_hash, /^p1:[0-9a-f]{64}$/);
    assert.notEqual(rows[0].receipt_hash, hashReceipt(receipt), "not the unpeppered hash");
    t.clock.advance(MINUTE);
    assert.equal((await http.get(`/api/v1/public/tips/${receipt}`)).status, 200);

    // A tip from before the pepper: its plain hash still opens it.
    const old = await submitTip(
      { store: t.store, clock: t.clock, matcher: t.lesc.matcher, proofOfWorkBits: 0 },
      { category: "OTHER", narrative: "Sent before the pepper was configured." },
      "PHONE",
    );
    const stored = await t.store.pool.query("SELECT receipt_hash FROM tip WHERE id = $1", [old.id]);
    assert.equal(stored.rows[0].receipt_hash, hashReceipt(old.receipt));
    t.clock.advance(MINUTE);
    const opened = await http.get(`/api/v1/public/tips/${old.receipt}`);
    assert.equal(opened.status, 200, opened.text);
    assert.equal(opened.json.status, "FORWARDED");
  });

  it("counts tips received and forwarded by category, outcome and channel, per fiscal year", async () => {
    await t.store.pool.query("DELETE FROM tip_message; DELETE FROM tip_referral; DELETE FROM tip");
    // FY2026 ends on 2026-09-30: two tips in its last hours, four in FY2027's first.
    t.clock.set("2026-09-30T22:00:00Z");
    await phoneTip({
      category: "IMMIGRATION",
      state: "TX",
      narrative: "A visa overstay at the ranch near Abilene.",
    });
    await phoneTip({ category: "OTHER", narrative: "Strange noises from the warehouse next door." });
    t.clock.set("2026-10-01T02:00:00Z");
    const customs = {
      category: "CUSTOMS",
      state: "CA",
      narrative: "Crates of undeclared watches unloaded at pier nine every Friday evening.",
    };
    const sent = await postTip(customs, await solved());
    assert.equal(sent.status, 201, sent.text);
    const closedId = Number(
      (await t.store.pool.query("SELECT id FROM tip ORDER BY id DESC LIMIT 1")).rows[0].id,
    );
    const ipr = await phoneTip({ category: "IPR", narrative: "Fake branded sneakers sold from a car boot." });
    const duplicate = await phoneTip({ ...customs, narrative: `${customs.narrative} Again.` });
    await phoneTip({ category: "TERRORISM", narrative: "He said he will bomb the stadium on Sunday." });
    const operator = await token("desk.operator", "tip_operator");
    assert.equal((await http.post(`/api/v1/tips/${ipr}/junk`, operator, { reason: "prank" })).status, 200);
    const view = (await http.get(`/api/v1/tips/${closedId}`, operator)).json;
    const closed = await http.post(`/api/v1/tips/${closedId}/referrals/close`, operator, {
      recipient: view.referrals[0].recipient,
      answer: "Seized.",
    });
    assert.equal(closed.status, 200, closed.text);
    assert.equal((await http.get(`/api/v1/tips/${duplicate}`, operator)).json.status, "DUPLICATE");

    const supervisor = await token("desk.supervisor", "supervisor");
    const fy2026 = await http.get("/api/v1/stats?fiscalYear=2026", supervisor);
    assert.equal(fy2026.status, 200, fy2026.text);
    const zero = { received: 0, forwarded: 0 };
    assert.deepEqual(fy2026.json.tips, {
      received: 2,
      forwarded: 1,
      shareForwarded: 0.5,
      lifeSafety: 0,
      byCategory: {
        IMMIGRATION: { received: 1, forwarded: 1 },
        CUSTOMS: zero,
        IPR: zero,
        CHILD_EXPLOITATION: zero,
        CYBER: zero,
        MONEY_LAUNDERING: zero,
        EXPORT_ARMS: zero,
        HUMAN_TRAFFICKING: zero,
        TERRORISM: zero,
        FRAUDULENT_DOCUMENTS: zero,
        OTHER: { received: 1, forwarded: 0 },
      },
      byOutcome: { NEW: 0, REFERRED: 2, DUPLICATE: 0, JUNK: 0, CLOSED: 0 },
      byChannel: { WEB: 0, PHONE: 2 },
    });
    // The current year (FY2027, by the clock): the closed and the life-safety tips are
    // forwarded; the junk and the duplicate are not.
    const fy2027 = (await http.get("/api/v1/stats", supervisor)).json;
    assert.equal(fy2027.fiscalYear, 2027);
    assert.deepEqual(fy2027.tips, {
      received: 4,
      forwarded: 2,
      shareForwarded: 0.5,
      lifeSafety: 1,
      byCategory: {
        ...fy2026.json.tips.byCategory,
        IMMIGRATION: zero,
        OTHER: zero,
        CUSTOMS: { received: 2, forwarded: 1 },
        IPR: { received: 1, forwarded: 0 },
        TERRORISM: { received: 1, forwarded: 1 },
      },
      byOutcome: { NEW: 0, REFERRED: 1, DUPLICATE: 1, JUNK: 1, CLOSED: 1 },
      byChannel: { WEB: 1, PHONE: 3 },
    });
    assert.equal((await http.get("/api/v1/stats", operator)).status, 403, "tip operators see no statistics");
  });

  it("purges final tips past their status's retention each day, keeps open ones, and audits the counts", async () => {
    assert.throws(() => parseTipRetention("NEW=5"), /--tip-retention: NEW: only the final statuses/);
    assert.throws(() => parseTipRetention("JUNK=0"), /JUNK: days must be from 1/);
    assert.throws(() => parseTipRetention("JUNK=9,JUNK=5"), /JUNK is given twice/);
    assert.throws(() => parseTipRetention("junk"), /"junk" must be STATUS=DAYS/);
    assert.deepEqual(parseTipRetention("JUNK=90, CLOSED=1825"), { JUNK: 90, CLOSED: 1825 });

    await t.store.pool.query("DELETE FROM tip_message; DELETE FROM tip_referral; DELETE FROM tip");
    t.clock.set("2027-01-10T06:00:00Z");
    const operator = await token("desk.operator", "tip_operator");
    const open = await phoneTip({
      category: "IMMIGRATION",
      state: "NM",
      narrative: "Open tip about a farm.",
    });
    const junk = await phoneTip({ category: "OTHER", narrative: "Aliens landed in my garden yesterday." });
    await http.post(`/api/v1/tips/${junk}/junk`, operator, { reason: "prank" });
    const closed = await phoneTip({
      category: "CUSTOMS",
      state: "AZ",
      narrative: "Tyres filled with undeclared cash cross at Nogales on Mondays.",
    });
    await http.post(`/api/v1/tips/${closed}/replies`, operator, { text: "Thank you; which crossing?" });
    const primary = (await http.get(`/api/v1/tips/${closed}`, operator)).json.referrals[0].recipient;
    await http.post(`/api/v1/tips/${closed}/referrals/close`, operator, {
      recipient: primary,
      answer: "Done.",
    });
    const duplicate = await phoneTip({
      category: "CUSTOMS",
      state: "AZ",
      narrative: "Tyres filled with undeclared cash cross at Nogales on Mondays!",
    });
    const spent = await postTip(
      { category: "OTHER", narrative: "A web tip with a spent challenge." },
      await solved(),
    );
    assert.equal(spent.status, 201);
    t.clock.set("2027-03-11T06:00:00Z");
    const operator2 = await token("desk.operator", "tip_operator");
    const recentJunk = await phoneTip({ category: "OTHER", narrative: "My neighbour's cat is a spy." });
    await http.post(`/api/v1/tips/${recentJunk}/junk`, operator2, { reason: "nonsense" });
    await t.store.transaction((tx) => scheduleTipRetention(tx, t.clock, { JUNK: 90, CLOSED: 365 }));

    const ids = async () =>
      (await t.store.pool.query("SELECT id FROM tip ORDER BY id")).rows.map((r) => Number(r.id));
    const purges = async () =>
      (
        await t.store.pool.query(
          "SELECT actor_user, subject, details FROM audit_log WHERE event_type = 'TIPS_PURGED' ORDER BY seq",
        )
      ).rows;
    // 2027-04-11 05:00: the first junk has been junk 91 days; the later one 31.
    t.clock.set("2027-04-11T05:00:01Z");
    await t.worker.drain();
    assert.ok(!(await ids()).includes(junk));
    assert.ok((await ids()).includes(recentJunk));
    assert.ok((await ids()).includes(closed));
    let audited = await purges();
    assert.equal(audited.length, 1);
    assert.deepEqual(audited[0].details.purged, { JUNK: 1 });
    assert.equal(audited[0].actor_user, null);
    assert.equal(Number((await t.store.pool.query("SELECT count(*) AS n FROM tip_pow_spent")).rows[0].n), 0);

    // A year and a day after closing: the closed tip goes, with its messages and referrals; the
    // open tip and the duplicate (not configured) stay, the duplicate without its link.
    t.clock.set("2028-01-11T05:00:01Z");
    await t.worker.drain();
    const left = await ids();
    assert.ok(!left.includes(closed) && !left.includes(recentJunk));
    assert.ok(left.includes(open) && left.includes(duplicate));
    const children = await t.store.pool.query(
      "SELECT (SELECT count(*) FROM tip_message WHERE tip_id = $1)::int AS m, (SELECT count(*) FROM tip_referral WHERE tip_id = $1)::int AS r",
      [closed],
    );
    assert.deepEqual(children.rows[0], { m: 0, r: 0 });
    const dup = await t.store.pool.query("SELECT status, duplicate_of FROM tip WHERE id = $1", [duplicate]);
    assert.deepEqual(dup.rows[0], { status: "DUPLICATE", duplicate_of: null });
    audited = await purges();
    assert.equal(audited.length, 2);
    assert.deepEqual(audited[1].details.purged, { JUNK: 1, CLOSED: 1 });
    assert.equal(audited[1].details.messages, 1);
    assert.deepEqual(audited[1].details.retentionDays, { JUNK: 90, CLOSED: 365 });
    const text = JSON.stringify(audited);
    assert.ok(!/Nogales|spy|prank|nonsense/.test(text), "no content of the tips in the audit entry");
    const tomorrow = await t.store.pool.query(
      "SELECT run_at FROM job WHERE queue = 'intake.retention' AND state = 'ready'",
    );
    assert.deepEqual(
      tomorrow.rows.map((r) => new Date(r.run_at).toISOString()),
      ["2028-01-12T05:00:00.000Z"],
    );
  });
});

/** Spent challenges are in the store: a restart (a second `lesc serve` on it) refuses a reuse. */
describe(`tip proof of work across a restart of lesc serve (${storeKind})`, { timeout: 120_000 }, () => {
  let store: TestStore;
  let server: ServerProcess | undefined;

  before(async () => {
    store = await openTestStore();
    await store.close();
  });
  after(async () => {
    await server?.stop();
    await store?.destroy();
  });

  it("accepts a challenge issued before the restart once, and refuses its reuse after", async () => {
    const args = [...storeArgs(store.reopenArgs), "--tip-pow-bits", "6", "--tip-retention", "JUNK=30"];
    server = await startServer(args);
    let http = client(server.url);
    const body = { category: "OTHER", narrative: "A tip sent across a restart." };
    const first = (await http.get("/api/v1/public/tips/challenge")).json;
    const second = (await http.get("/api/v1/public/tips/challenge")).json;
    assert.equal(first.difficulty, 6);
    const proof = async (c: { challenge: string; difficulty: number }) => ({
      [POW_HEADER]: proofOfWorkHeader(c.challenge, await solveProofOfWork(c.challenge, c.difficulty)),
    });
    const firstProof = await proof(first);
    const sent = await http.call("POST", "/api/v1/public/tips", undefined, body, undefined, firstProof);
    assert.equal(sent.status, 201, sent.text);
    await server.stop();

    server = await startServer(args);
    http = client(server.url);
    const reused = await http.call("POST", "/api/v1/public/tips", undefined, body, undefined, firstProof);
    assert.equal(reused.status, 403, reused.text);
    assert.match(reused.json.error, /already used/);
    // The signing key is in the store too: a challenge from before the restart still counts.
    const later = await http.call(
      "POST",
      "/api/v1/public/tips",
      undefined,
      body,
      undefined,
      await proof(second),
    );
    assert.equal(later.status, 201, later.text);
  });

  it("refuses a retention for an open status or a difficulty out of range at start-up", () => {
    const open = runLesc(["serve", "--tip-retention", "REFERRED=30"]);
    assert.notEqual(open.code, 0);
    assert.match(
      open.stderr,
      /--tip-retention: REFERRED: only the final statuses DUPLICATE, JUNK, CLOSED may be purged/,
    );
    const bits = runLesc(["serve", "--tip-pow-bits", "40"]);
    assert.notEqual(bits.code, 0);
    assert.match(bits.stderr, /--tip-pow-bits: must be a whole number of bits from 0 to 28/);
  });
});
