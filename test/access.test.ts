import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ACCESS_MATRIX, accessMatrixMarkdown } from "../src/access.js";
import { ROLES, type Role } from "../src/platform/auth/index.js";
import { buildHttpServer } from "../src/platform/http/index.js";
import { packageRoot } from "../src/platform/paths.js";
import { openEventStream } from "./support/event-stream.js";
import { client, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/**
 * Every route of the OpenAPI document against every role: the role × route matrix
 * (src/access.ts) is what the server enforces, route by route, before any body is read.
 */
describe(`role × route matrix (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  const tokens = {} as Record<Role, string>;
  let routes: { method: string; url: string; key: string }[] = [];

  before(async () => {
    t = await startTestLesc();
    http = client(t.url);
    for (const role of ROLES) tokens[role] = await staffToken(t, `matrix.${role.replace("_", "-")}`, role);
    const spec = (await http.get("/api/v1/openapi.json")).json as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [openapiPath, methods] of Object.entries(spec.paths)) {
      for (const method of Object.keys(methods)) {
        const url = openapiPath.replace(/\{(\w+)\}/g, ":$1").replace("{*}", "*");
        routes.push({ method: method.toUpperCase(), url, key: `${method.toUpperCase()} ${url}` });
      }
    }
    // Logging off ends the session: run it last.
    routes = routes.sort(
      (a, b) => Number(a.key === "DELETE /api/v1/session") - Number(b.key === "DELETE /api/v1/session"),
    );
  });
  after(async () => {
    await t?.close();
  });

  it("lists every route of the OpenAPI document in the matrix, and nothing else", () => {
    assert.deepEqual(routes.map((r) => r.key).sort(), Object.keys(ACCESS_MATRIX).sort());
  });

  it("gives each role exactly the routes the matrix allows (403 otherwise) and 401 without a token", async () => {
    let checked = 0;
    for (const route of routes) {
      const rule = ACCESS_MATRIX[route.key]!;
      const url = route.url.replace(/:\w+/g, "1");
      const body = route.method === "GET" || route.method === "DELETE" ? undefined : {};
      // The event stream stays open: only its status (or refusal) is read.
      const call = async (token?: string) => {
        if (route.key !== "GET /api/v1/events") return http.call(route.method, url, token, body);
        const stream = await openEventStream(`${t.url}${url}`, token);
        stream.close();
        return stream;
      };
      if (rule.kind === "public") continue;
      const anonymous = await call();
      assert.equal(anonymous.status, 401, `${route.key} without a token`);
      for (const role of ROLES) {
        const response = await call(tokens[role]);
        if (rule.kind === "agency") {
          assert.equal(response.status, 401, `${route.key} with a ${role} session token (not an agency key)`);
        } else if (rule.roles.includes(role)) {
          assert.ok(
            ![401, 403].includes(response.status),
            `${route.key} as ${role}: ${response.status} ${response.text}`,
          );
        } else {
          assert.equal(response.status, 403, `${route.key} as ${role}: ${response.text}`);
          assert.equal(response.json.code, "LESC_FORBIDDEN");
        }
        checked++;
      }
    }
    const guarded = routes.filter((route) => ACCESS_MATRIX[route.key]!.kind !== "public").length;
    assert.equal(checked, guarded * ROLES.length, `checked ${checked} route × role pairs`);
  });

  it("refuses to start with a route that is not in the matrix", async () => {
    await assert.rejects(
      buildHttpServer({
        store: t.store,
        clock: t.clock,
        access: {},
        routes: [(app) => void app.get("/api/v1/unlisted", async () => ({}))],
      }),
      /route GET \/api\/v1\/unlisted has no entry in the access matrix/,
    );
  });

  it("docs/access.md is the matrix as it is", () => {
    const doc = fs.readFileSync(path.join(packageRoot(), "docs/access.md"), "utf8");
    assert.equal(doc, accessMatrixMarkdown(), "run `npm run docs:access` and commit docs/access.md");
  });
});
