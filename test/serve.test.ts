import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fieldOfficeForState } from "../src/directory/index.js";
import { totpCode } from "../src/platform/auth/index.js";
import { runLesc, storeArgs } from "./support/cli.js";
import { type ServerProcess, startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

describe(`lesc serve over real HTTP (${storeKind})`, () => {
  let store: TestStore;
  let server: ServerProcess;
  let user: { username: string; password: string; totpSecret: string };
  let agencyKey = "";
  before(async () => {
    store = await openTestStore();
    await store.close();
    const args = storeArgs(store.reopenArgs);
    user = runLesc(["user", "add", "--username", "night.tech", "--role", "technician", ...args])
      .json as typeof user;
    server = await startServer(args);
  });
  after(async () => {
    await server.stop();
    await store.destroy();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("answers /healthz once the store is open and migrated", async () => {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: "ok" });
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("x-frame-options"), "DENY");
  });

  it("names the missing or malformed field in a log-on request", async () => {
    let response = await post("/api/v1/session", { username: "night.tech", password: "x" });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: "body.totp: is required", code: "LESC_INVALID_FIELD" });
    response = await post("/api/v1/session", { username: "night.tech", password: 7, totp: "1" });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /^body\.password: must be string/);
    response = await fetch(`${server.url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assert.equal(response.status, 400);
  });

  it("logs on with password and TOTP, serves the session, and logs off", async () => {
    const bad = await post("/api/v1/session", {
      username: "night.tech",
      password: "not the password",
      totp: "000000",
    });
    assert.equal(bad.status, 401);
    const ok = await post("/api/v1/session", {
      username: user.username,
      password: user.password,
      totp: totpCode(user.totpSecret, new Date()),
    });
    assert.equal(ok.status, 200);
    const { token, role } = (await ok.json()) as { token: string; role: string };
    assert.equal(role, "technician");
    const auth = { authorization: `Bearer ${token}` };
    const me = await fetch(`${server.url}/api/v1/session`, { headers: auth });
    assert.deepEqual(await me.json(), { username: "night.tech", role: "technician" });
    assert.equal(me.headers.get("cache-control"), "no-store");
    const off = await fetch(`${server.url}/api/v1/session`, { method: "DELETE", headers: auth });
    assert.equal(off.status, 204);
    const after = await fetch(`${server.url}/api/v1/session`, { headers: auth });
    assert.equal(after.status, 401);
    const none = await fetch(`${server.url}/api/v1/session`);
    assert.equal(none.status, 401);
  });

  it("publishes its routes as OpenAPI", async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    assert.equal(response.status, 200);
    const spec = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    assert.match(spec.openapi, /^3\./);
    assert.deepEqual(Object.keys(spec.paths["/api/v1/session"]!).sort(), ["delete", "get", "post"]);
  });

  it("answers an unknown route with 404 in the error shape", async () => {
    const response = await fetch(`${server.url}/api/v1/nothing-here`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      error: "no route GET /api/v1/nothing-here",
      code: "LESC_NOT_FOUND",
    });
  });

  it("answers an agency's IAQ through the running worker: ACK, then a PRELIMINARY IAR, copied to the field office", async () => {
    await server.stop();
    const args = storeArgs(store.reopenArgs);
    const agency = runLesc([
      "agency",
      "add",
      "--ori",
      "ZZ0000021",
      "--name",
      "Serve Test PD",
      "--state",
      "TX",
      ...args,
    ]).json as { apiKey: string };
    agencyKey = agency.apiKey;
    const office = runLesc(["office", "key", "--code", fieldOfficeForState("TX")!.code, ...args]).json as {
      ori: string;
      apiKey: string;
    };
    assert.equal(office.ori, fieldOfficeForState("TX")!.ori);
    server = await startServer(args);
    const sent = await fetch(`${server.url}/nlets`, {
      method: "POST",
      headers: { authorization: `Bearer ${agency.apiKey}`, "content-type": "text/plain" },
      body: "IAQ.ZZ0000021.AX.*SRV1.TXT\nPUR/C.ATN/DET J EXAMPLE.PHN/5550100000.NAM/DOE, JOHN Q.DOB/19800101.SEX/M.POB/MX.CUS/Y.OFF/0399\n",
    });
    assert.equal(sent.status, 202);
    const { messageId } = (await sent.json()) as { messageId: number };
    const seen: { id: number; type: string; inReplyTo: number; data: { stage?: string; result?: string } }[] =
      [];
    const deadline = Date.now() + 30_000;
    while (!seen.some((m) => m.type === "IAR") && Date.now() < deadline) {
      const response = await fetch(`${server.url}/nlets/mailbox?wait=10`, {
        headers: { authorization: `Bearer ${agency.apiKey}` },
      });
      const { messages } = (await response.json()) as { messages: typeof seen };
      seen.push(...messages);
      await fetch(`${server.url}/nlets/mailbox/ack`, {
        method: "POST",
        headers: { authorization: `Bearer ${agency.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ ids: messages.map((m) => m.id) }),
      });
    }
    assert.deepEqual(
      seen.map((m) => [m.type, m.inReplyTo, m.data.stage ?? null, m.data.result ?? null]),
      [
        ["ACK", messageId, null, null],
        ["IAR", messageId, "PRELIMINARY", "NO_RECORD"],
      ],
    );
    const copies = await fetch(`${server.url}/nlets/mailbox`, {
      headers: { authorization: `Bearer ${office.apiKey}` },
    });
    const { messages } = (await copies.json()) as {
      messages: { type: string; data: { requesterOri: string } }[];
    };
    assert.deepEqual(
      messages.map((m) => [m.type, m.data.requesterOri]),
      [["IAR", "ZZ0000021"]],
    );
  });

  it("reports readiness and Prometheus metrics", async () => {
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: "ready" });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /^# TYPE lesc_http_requests_total counter$/m);
    assert.match(metrics, /^lesc_http_requests_total\{method="POST",route="\/nlets",status="202"\} 1$/m);
    assert.match(
      metrics,
      /^lesc_http_request_duration_seconds_bucket\{method="POST",route="\/nlets",le="\+Inf"\} 1$/m,
    );
    assert.match(metrics, /^lesc_inquiries_open\{sla_state="ON_TIME"\} 1$/m);
    assert.match(metrics, /^lesc_jobs\{queue="inquiry.sla",state="ready"\} 2$/m);
    assert.match(metrics, /^lesc_mailbox_unread \d+$/m);
    assert.doesNotMatch(metrics, /ZZ0000021|DOE/, "no identifiers or names in metrics");
  });

  it("drains on SIGTERM: a waiting long-poll is answered at once, then the process exits cleanly", async () => {
    const started = Date.now();
    const waiting = fetch(`${server.url}/nlets/mailbox?wait=30`, {
      headers: { authorization: `Bearer ${agencyKey}` },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = server.stop("SIGTERM");
    const response = await waiting;
    assert.equal(response.status, 200);
    assert.equal(await stopped, 0);
    assert.ok(Date.now() - started < 10_000, "the long-poll did not hold the shutdown");
    assert.match(server.stderr(), /SIGTERM: draining and stopping/);
  });
});
