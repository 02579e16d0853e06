import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { openTestStore, storeKind, type TestStore } from "../../../test/support/test-store.js";
import { auditLog, verifyAuditChain } from "../audit/index.js";
import { ManualClock, MINUTE, SECOND } from "../clock.js";
import {
  authenticateSession,
  base32Decode,
  createStaffUser,
  hashPassword,
  hotp,
  logOff,
  logOn,
  passwordRuleBroken,
  totpCode,
  verifyPassword,
} from "./index.js";

describe("TOTP (RFC 6238) and passwords", () => {
  it("matches the RFC 6238 SHA-1 test vectors", () => {
    const key = Buffer.from("12345678901234567890");
    const vectors: [number, string][] = [
      [59, "94287082"],
      [1111111109, "07081804"],
      [1111111111, "14050471"],
      [1234567890, "89005924"],
      [2000000000, "69279037"],
    ];
    for (const [time, code] of vectors) assert.equal(hotp(key, Math.floor(time / 30), 8), code);
  });

  it("round-trips base32 secrets", () => {
    assert.deepEqual(base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), Buffer.from("12345678901234567890"));
  });

  it("hashes with scrypt and verifies only the right password", async () => {
    const stored = await hashPassword("correct horse battery");
    assert.match(stored, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword("correct horse battery", stored), true);
    assert.equal(await verifyPassword("correct horse batterY", stored), false);
  });

  it("applies the password rules, naming the one broken", () => {
    assert.equal(passwordRuleBroken("short", "tech.one"), "must be at least 12 characters");
    assert.equal(passwordRuleBroken("password1234", "tech.one"), "is on the list of commonly used passwords");
    assert.equal(passwordRuleBroken("aaaaaaaaaaaaaa", "tech.one"), "must not be one character repeated");
    assert.equal(passwordRuleBroken("my-tech.one-secret", "tech.one"), "must not contain the username");
    assert.equal(passwordRuleBroken("night shift lantern 42", "tech.one"), undefined);
  });
});

describe(`staff accounts and sessions (${storeKind})`, () => {
  let store: TestStore;
  const clock = new ManualClock("2026-02-02T02:00:00.000Z");
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });

  const events = async (username: string) => {
    const rows = await store.db
      .select({ type: auditLog.eventType, outcome: auditLog.outcome })
      .from(auditLog)
      .where(sql`subject = ${`user:${username}`}`)
      .orderBy(auditLog.seq);
    return rows.map((r) => `${r.type}:${r.outcome}`);
  };
  const nextStep = () => clock.advance(30 * SECOND);

  it("creates a user with a generated password and TOTP secret, refusing bad input by field", async () => {
    const created = await createStaffUser(store, clock, { username: "tech.one", role: "technician" });
    assert.equal(created.password.length, 20);
    assert.match(created.totpSecret, /^[A-Z2-7]{32}$/);
    await assert.rejects(
      createStaffUser(store, clock, { username: "tech.one", role: "agent" }),
      /username tech.one is taken/,
    );
    await assert.rejects(
      createStaffUser(store, clock, { username: "X", role: "agent" }),
      /^LescError: username: /,
    );
    await assert.rejects(
      createStaffUser(store, clock, { username: "boss", role: "king" }),
      /role: must be one of technician/,
    );
    await assert.rejects(
      createStaffUser(store, clock, { username: "agent.x", role: "agent", password: "short" }),
      /password: must be at least 12/,
    );
    assert.deepEqual(await events("tech.one"), ["USER_CREATED:SUCCESS"]);
  });

  it("logs on with password and one-time code, and refuses a replayed code", async () => {
    const user = await createStaffUser(store, clock, { username: "agent.one", role: "agent" });
    const code = totpCode(user.totpSecret, clock.now());
    const { token, principal } = await logOn(store, clock, {
      username: "agent.one",
      password: user.password,
      totp: code,
    });
    assert.equal(principal.role, "agent");
    assert.deepEqual((await authenticateSession(store, clock, token)).username, "agent.one");
    await assert.rejects(
      logOn(store, clock, { username: "agent.one", password: user.password, totp: code }),
      (e: { statusCode?: number }) => e.statusCode === 401,
    );
    assert.deepEqual(await events("agent.one"), ["USER_CREATED:SUCCESS", "LOGON:SUCCESS", "LOGON:FAILURE"]);
  });

  it("locks the account for 10 minutes after 5 consecutive failures", async () => {
    const user = await createStaffUser(store, clock, { username: "sup.one", role: "supervisor" });
    for (let i = 0; i < 4; i++) {
      nextStep();
      await assert.rejects(
        logOn(store, clock, {
          username: "sup.one",
          password: "wrong password!",
          totp: totpCode(user.totpSecret, clock.now()),
        }),
        (e: { statusCode?: number }) => e.statusCode === 401,
      );
    }
    nextStep();
    await assert.rejects(
      logOn(store, clock, { username: "sup.one", password: user.password, totp: "000000" }),
      (e: { statusCode?: number }) => e.statusCode === 401,
      "the fifth failure (a wrong code) still counts",
    );
    nextStep();
    await assert.rejects(
      logOn(store, clock, {
        username: "sup.one",
        password: user.password,
        totp: totpCode(user.totpSecret, clock.now()),
      }),
      (e: { statusCode?: number }) => e.statusCode === 423,
      "locked even with the right credentials",
    );
    clock.advance(10 * MINUTE - 31 * SECOND);
    await assert.rejects(
      logOn(store, clock, {
        username: "sup.one",
        password: user.password,
        totp: totpCode(user.totpSecret, clock.now()),
      }),
      (e: { statusCode?: number }) => e.statusCode === 423,
    );
    clock.advance(SECOND);
    const { token } = await logOn(store, clock, {
      username: "sup.one",
      password: user.password,
      totp: totpCode(user.totpSecret, clock.now()),
    });
    assert.ok(token.startsWith("lesc_s_"));
    const trail = await events("sup.one");
    assert.equal(trail.filter((e) => e === "LOGON:FAILURE").length, 5);
    assert.ok(trail.includes("ACCOUNT_LOCKED:SUCCESS"));
    assert.equal(trail.filter((e) => e === "LOGON:DENIED").length, 2);
  });

  it("an unknown username fails like a wrong password and is audited", async () => {
    await assert.rejects(
      logOn(store, clock, { username: "nobody.here", password: "whatever at all", totp: "123456" }),
      (e: { statusCode?: number; message: string }) => e.statusCode === 401 && !/unknown/.test(e.message),
    );
    assert.deepEqual(await events("nobody.here"), ["LOGON:FAILURE"]);
  });

  it("idles a session out after 30 minutes without use; use keeps it alive", async () => {
    const user = await createStaffUser(store, clock, { username: "tech.two", role: "technician" });
    nextStep();
    const { token } = await logOn(store, clock, {
      username: "tech.two",
      password: user.password,
      totp: totpCode(user.totpSecret, clock.now()),
    });
    clock.advance(29 * MINUTE);
    await authenticateSession(store, clock, token);
    clock.advance(29 * MINUTE);
    await authenticateSession(store, clock, token);
    clock.advance(30 * MINUTE);
    await assert.rejects(authenticateSession(store, clock, token), /idled out after 30 minutes/);
    await assert.rejects(authenticateSession(store, clock, token), /not valid/, "stays ended");
  });

  it("a new log-on ends the user's other session; log-off revokes the token", async () => {
    const user = await createStaffUser(store, clock, { username: "tech.three", role: "technician" });
    nextStep();
    const first = await logOn(store, clock, {
      username: "tech.three",
      password: user.password,
      totp: totpCode(user.totpSecret, clock.now()),
    });
    nextStep();
    const second = await logOn(store, clock, {
      username: "tech.three",
      password: user.password,
      totp: totpCode(user.totpSecret, clock.now()),
    });
    await assert.rejects(authenticateSession(store, clock, first.token), /not valid/);
    const principal = await authenticateSession(store, clock, second.token);
    await logOff(store, clock, principal);
    await assert.rejects(authenticateSession(store, clock, second.token), /not valid/);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
  });
});
