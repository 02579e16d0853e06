import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { openTestStore, storeKind, type TestStore } from "../../../test/support/test-store.js";
import { createStaffUser, logOn, totpCode } from "../auth/index.js";
import { ManualClock, MINUTE } from "../clock.js";
import { buildHttpServer, requireStaff } from "./index.js";

describe(`staff route guard (${storeKind})`, () => {
  let store: TestStore;
  let app: FastifyInstance;
  const clock = new ManualClock();
  const tokens: Record<string, string> = {};
  before(async () => {
    store = await openTestStore();
    app = await buildHttpServer({
      store,
      clock,
      routes: [
        (scope, context) => {
          scope.get(
            "/api/v1/test/audit-only",
            { preHandler: requireStaff(context, ["auditor"]) },
            async (request) => ({
              seenBy: request.staff!.username,
            }),
          );
          scope.post("/api/v1/test/echo", async (request) => ({ received: request.body !== undefined }));
        },
      ],
    });
    for (const [username, role] of [
      ["aud.one", "auditor"],
      ["tech.one", "technician"],
    ] as const) {
      const user = await createStaffUser(store, clock, { username, role });
      tokens[role] = (
        await logOn(store, clock, {
          username,
          password: user.password,
          totp: totpCode(user.totpSecret, clock.now()),
        })
      ).token;
    }
  });
  after(async () => {
    await app.close();
    await store.close();
    await store.destroy();
  });

  const get = (token?: string) =>
    app.inject({
      method: "GET",
      url: "/api/v1/test/audit-only",
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("admits the right role", async () => {
    const response = await get(tokens.auditor);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { seenBy: "aud.one" });
  });

  it("refuses a wrong role with 403 and no token or a bad one with 401", async () => {
    const wrong = await get(tokens.technician);
    assert.equal(wrong.statusCode, 403);
    assert.deepEqual(wrong.json(), {
      error: "role technician may not use this route",
      code: "LESC_FORBIDDEN",
    });
    assert.equal((await get()).statusCode, 401);
    assert.equal((await get("lesc_s_forged")).statusCode, 401);
  });

  it("refuses a token that idled out", async () => {
    clock.advance(30 * MINUTE);
    const response = await get(tokens.auditor);
    assert.equal(response.statusCode, 401);
    assert.match(response.json().error, /idled out/);
  });

  it("refuses an oversized body with 413", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/test/echo",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ text: "x".repeat(2 * 1024 * 1024) }),
    });
    assert.equal(response.statusCode, 413);
  });
});
