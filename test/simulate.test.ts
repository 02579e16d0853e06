import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runLesc, runLescAsync, storeArgs } from "./support/cli.js";
import { type ServerProcess, startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

/** `lesc simulate` against a real `lesc serve`: every message answered, the figures reported. */
describe(`lesc simulate (${storeKind})`, () => {
  let store: TestStore;
  let server: ServerProcess;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-simulate-"));
  const credentials = path.join(dir, "credentials.json");

  before(async () => {
    store = await openTestStore();
    await store.close();
    const args = storeArgs(store.reopenArgs);
    const agencies = ["ZZ0000101", "ZZ0000102"].map((ori, i) => {
      const added = runLesc([
        "agency",
        "add",
        "--ori",
        ori,
        "--name",
        `Sim PD ${i}`,
        "--state",
        "FL",
        ...args,
      ]);
      assert.equal(added.code, 0, added.stderr);
      return { ori, apiKey: (added.json as { apiKey: string }).apiKey };
    });
    fs.writeFileSync(credentials, JSON.stringify({ agencies }));
    server = await startServer(args);
  });
  after(async () => {
    await server?.stop();
    await store?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("sends IAQs and YQs at the rate asked, and reports every PRELIMINARY IAR and YR", async () => {
    const result = await runLescAsync([
      "simulate",
      "--url",
      server.url,
      "--rate",
      "20",
      "--duration",
      "3",
      "--yq-share",
      "0.3",
      "--json",
      "--credentials",
      credentials,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const report = result.json as {
      sent: { iaq: number; yq: number };
      accepted: number;
      agencies: number;
      latencyMs: Record<string, { count: number; p99: number }>;
      errors: Record<string, number>;
      unanswered: { iaq: number; yq: number };
    };
    assert.equal(report.agencies, 2);
    assert.equal(report.sent.iaq + report.sent.yq, 60);
    assert.ok(report.sent.yq > 5, "about 30 % YQs");
    assert.equal(report.accepted, 60);
    assert.deepEqual(report.errors, {});
    assert.deepEqual(report.unanswered, { iaq: 0, yq: 0 });
    assert.equal(report.latencyMs.preliminaryIar!.count, report.sent.iaq);
    assert.equal(report.latencyMs.yr!.count, report.sent.yq);
    assert.ok(report.latencyMs.ack!.p99 > 0);
  });

  it("names a bad flag", async () => {
    const result = runLesc(["simulate", "--url", "ftp://x", "--credentials", credentials]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--url: must be http\(s\):\/\/host:port/);
  });
});
