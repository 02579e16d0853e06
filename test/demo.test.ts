import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ROLES, totpCode } from "../src/platform/auth/index.js";
import { storeArgs } from "./support/cli.js";
import { type ServerProcess, startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

/** `npm start` is `lesc serve --demo`: this is that path, at full demo size. */
describe(`lesc serve --demo (${storeKind})`, { timeout: 10 * 60_000 }, () => {
  let store: TestStore;
  let server: ServerProcess;
  before(async () => {
    store = await openTestStore();
    await store.close();
    server = await startServer(["--demo", ...storeArgs(store.reopenArgs)]);
  });
  after(async () => {
    await server.stop();
    await store.destroy();
  });

  it("seeds the demo set once, with progress, and prints every role's credentials", async () => {
    const log = server.stderr();
    assert.match(log, /seeding: 460000\/460000 records/);
    for (const role of ROLES) {
      assert.match(
        log,
        new RegExp(`^  ${role} +demo\\.${role.replace("_", "-")} +\\S{20}  [A-Z2-7]{32}$`, "m"),
      );
    }
    assert.match(log, /^ {2}ZZ0000001 VT lesc_ak_/m);
  });

  it("lets a demo user log on with the printed credentials", async () => {
    const line = /^ {2}technician +(demo\.technician) +(\S{20}) {2}([A-Z2-7]{32})$/m.exec(server.stderr())!;
    const response = await fetch(`${server.url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: line[1], password: line[2], totp: totpCode(line[3]!, new Date()) }),
    });
    assert.equal(response.status, 200);
    // The demo agencies' inquiries wait in the research queue.
    const { token } = (await response.json()) as { token: string };
    const queue = await fetch(`${server.url}/api/v1/queue`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const entries = (await queue.json()) as { ori: string }[];
    assert.match(server.stderr(), /demo: (\d+) inquiries sent by the demo agencies/);
    const sent = Number(/demo: (\d+) inquiries sent/.exec(server.stderr())![1]);
    assert.ok(sent >= 6, `demo sent ${sent} inquiries`);
    assert.equal(entries.length, sent);
    assert.ok(entries.every((entry) => /^ZZ000000[1-5]$/.test(entry.ori)));
    assert.match(server.stderr(), /^ {2}\S+ +ZZ\w{7} lesc_ak_/m);
    const board = await fetch(`${server.url}/api/v1/hits?open=true`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const hits = (await board.json()) as { priority: string }[];
    assert.match(server.stderr(), /demo: 3 hit confirmation requests/);
    assert.equal(hits.length, 3);
  });

  it("does not seed again on restart, and keeps the credentials file for an embedded store", async () => {
    assert.equal(await server.stop(), 0);
    server = await startServer(["--demo", ...storeArgs(store.reopenArgs)]);
    assert.doesNotMatch(server.stderr(), /seeding/);
    if (storeKind === "embedded") {
      assert.match(server.stderr(), /demo: accounts exist; credentials are in/);
      const saved = JSON.parse(
        fs.readFileSync(path.join(store.reopenArgs.dataDir!, "demo-credentials.json"), "utf8"),
      );
      assert.equal(saved.users.length, 8);
      assert.equal(
        fs.statSync(path.join(store.reopenArgs.dataDir!, "demo-credentials.json")).mode & 0o077,
        0,
      );
    }
  });
});
