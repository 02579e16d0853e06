import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { verifyAuditChain } from "../src/platform/audit/index.js";
import { runLesc, storeArgs } from "./support/cli.js";
import { addAgency, client, iaqText, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { startServer } from "./support/server-process.js";
import { openTestStore, storeKind } from "./support/test-store.js";

const SQL_INJECTIONS = [
  "'; DROP TABLE agency; --",
  '" OR 1=1 --',
  "x') ; DELETE FROM violator_record WHERE ('1'='1",
  "1; UPDATE staff_user SET role='admin'",
];

/** Hostile input: each case asserts the precise refusal and that nothing else changed. */
describe(`hostile input and hardening (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  let technician = "";
  let records = "";
  let key = "";
  const snapshot = async () =>
    (
      await t.store.pool.query(
        `SELECT (SELECT count(*) FROM agency)::int AS agencies, (SELECT count(*) FROM violator_record)::int AS violators,
                (SELECT count(*) FROM staff_user WHERE role = 'admin')::int AS admins, (SELECT count(*) FROM inquiry)::int AS inquiries`,
      )
    ).rows[0];

  before(async () => {
    t = await startTestLesc({ seed: { people: 50, violators: 10 } });
    http = client(t.url);
    technician = await staffToken(t, "tech.one", "technician");
    records = await staffToken(t, "rec.one", "records");
    key = await addAgency(t, "ZZ0000071", "TX");
  });
  after(async () => {
    await t?.close();
  });

  it("shows the use notice to anyone before log-on", async () => {
    const notice = await http.get("/api/v1/use-notice");
    assert.equal(notice.status, 200);
    assert.match(notice.json.text, /monitored/);
    assert.match(notice.json.text, /consent/);
  });

  it("treats SQL in every text field as text: refused by the field edits or searched literally", async () => {
    const before = await snapshot();
    for (const attack of SQL_INJECTIONS) {
      const search = await http.post("/api/v1/search", technician, {
        purpose: attack,
        name: { last: attack, first: attack },
      });
      assert.equal(search.status, 200, search.text);
      const entry = await http.post("/api/v1/violators", records, {
        oca: "SQL-1",
        category: "ABSCONDER",
        name: { last: attack.slice(0, 20), first: "JOHN" },
        dob: "1980-01-01",
        sex: "M",
      });
      assert.equal(entry.status, 400);
      assert.match(entry.json.error, /^name\.last: must be letters/);
      const iaq = await http.nlets(
        key,
        iaqText({ ori: "ZZ0000071", last: "DOE", first: "JOHN", dob: "1980-01-01" }).replace(
          "NAM/DOE, JOHN",
          `NAM/${attack.replace(/\./g, "")}`,
        ),
      );
      assert.equal(iaq.status, 400);
      assert.match(iaq.json.error, /^NAM: /);
      const audit = await http.get(`/api/v1/audit?user=${encodeURIComponent(attack)}`, technician);
      assert.equal(audit.status, 403);
    }
    assert.deepEqual(await snapshot(), before);
    assert.equal((await verifyAuditChain(t.store.db)).ok, true);
  });

  it("returns script in free text as JSON data, never as markup", async () => {
    const script = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    const sent = await http.nlets(
      key,
      iaqText({
        ori: "ZZ0000071",
        control: "XSS1",
        last: "DOE",
        first: "JOHN",
        dob: "1980-01-01",
        rem: script,
      }),
    );
    assert.equal(sent.status, 202, sent.text);
    await t.worker.drain();
    const { rows } = await t.store.pool.query("SELECT id FROM inquiry WHERE control_field = 'XSS1'");
    const workspace = await http.get(`/api/v1/inquiries/${rows[0].id}`, technician);
    assert.equal(workspace.json.query.rem, script);
    assert.match(workspace.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(workspace.headers.get("x-content-type-options"), "nosniff");
    assert.match(workspace.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  });

  it("refuses oversized and truncated bodies, and malformed headers", async () => {
    const big = await http.post("/api/v1/search", technician, {
      purpose: "x".repeat(2 * 1024 * 1024),
      name: { last: "A" },
    });
    assert.equal(big.status, 413);
    const truncated = await http.call(
      "POST",
      "/api/v1/search",
      technician,
      '{"purpose": "x", "name": {"last"',
      "application/json",
    );
    assert.equal(truncated.status, 400);
    const { port } = new URL(t.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => {
        socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Evil: a\rInjected: yes\r\n\r\n");
      });
      let data = "";
      socket.on("data", (chunk) => {
        data += chunk;
      });
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400 /);
  });

  it("limits log-on attempts per address, beside the per-account lock-out", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await http.post("/api/v1/session", undefined, {
        username: `nobody${i}`,
        password: "x".repeat(12),
        totp: "000000",
      });
      statuses.push(response.status);
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.deepEqual(statuses.slice(10), [429, 429]);
    t.clock.advance(20_000);
    const again = await http.post("/api/v1/session", undefined, {
      username: "nobody",
      password: "x".repeat(12),
      totp: "000000",
    });
    assert.equal(again.status, 401);
  });
});

describe(`HTTPS (${storeKind})`, () => {
  it("serves HTTPS with --tls-cert and --tls-key, with HSTS, and refuses half a pair", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-tls-"));
    const store = await openTestStore();
    await store.close();
    const args = storeArgs(store.reopenArgs);
    try {
      const cert = path.join(dir, "cert.pem");
      const keyFile = path.join(dir, "key.pem");
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-subj",
          "/CN=127.0.0.1",
          "-days",
          "1",
          "-keyout",
          keyFile,
          "-out",
          cert,
        ],
        {
          stdio: "ignore",
        },
      );
      const half = runLesc(["serve", "--port", "0", "--tls-cert", cert, ...args]);
      assert.equal(half.code, 1);
      assert.match(half.stderr, /--tls-key: is required with --tls-cert/);
      const server = await startServer(["--tls-cert", cert, "--tls-key", keyFile, ...args]);
      try {
        assert.match(server.url, /^https:\/\//);
        const response = await new Promise<{ status: number; hsts: string | undefined; body: string }>(
          (resolve, reject) => {
            https
              .get(`${server.url}/healthz`, { rejectUnauthorized: false }, (res) => {
                let body = "";
                res.on("data", (chunk) => {
                  body += chunk;
                });
                res.on("end", () =>
                  resolve({
                    status: res.statusCode!,
                    hsts: res.headers["strict-transport-security"] as string,
                    body,
                  }),
                );
              })
              .on("error", reject);
          },
        );
        assert.equal(response.status, 200);
        assert.match(response.hsts ?? "", /max-age=31536000/);
        assert.deepEqual(JSON.parse(response.body), { status: "ok" });
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await store.destroy();
    }
  });
});
