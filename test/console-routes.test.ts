import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { client, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/** `lesc serve` serves the console's build at `/` and leaves the API's own paths alone. */
describe(`console files and SPA fallback (${storeKind})`, () => {
  let t: TestLesc;
  let bare: TestLesc;
  let http: ReturnType<typeof client>;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-web-"));
  before(async () => {
    fs.mkdirSync(path.join(root, "assets"));
    fs.writeFileSync(path.join(root, "index.html"), "<!doctype html><title>console</title>");
    fs.writeFileSync(path.join(root, "assets", "app-1.js"), "export {};");
    t = await startTestLesc({ consoleRoot: root });
    bare = await startTestLesc({ consoleRoot: path.join(root, "missing") });
    http = client(t.url);
  });
  after(async () => {
    await t?.close();
    await bare?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("serves index.html at / and at the application's own paths, under the CSP", async () => {
    for (const url of ["/", "/queue", "/inquiries/7", "/hits/3?x=1"]) {
      const response = await http.get(url);
      assert.equal(response.status, 200, url);
      assert.match(response.headers.get("content-type")!, /^text\/html/);
      assert.equal(response.text, "<!doctype html><title>console</title>");
      assert.equal(response.headers.get("cache-control"), "no-cache");
      assert.match(response.headers.get("content-security-policy")!, /default-src 'self'/);
    }
  });

  it("serves hashed assets with a long cache, and 404s a missing one", async () => {
    const asset = await http.get("/assets/app-1.js");
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get("content-type")!, /^text\/javascript/);
    assert.match(asset.headers.get("cache-control")!, /immutable/);
    assert.equal((await http.get("/assets/app-2.js")).status, 404);
    assert.equal((await http.get("/../package.json")).status, 404);
    assert.equal((await http.get("/%2e%2e/package.json")).status, 404);
    assert.equal((await http.get("/%E0%A4%A")).status, 400); // malformed: refused by the router
  });

  it("keeps the JSON 404 of /api, /nlets and /healthz paths", async () => {
    for (const url of ["/api/v1/nothing-here", "/api", "/nlets/nothing", "/healthz/x"]) {
      const response = await http.get(url);
      assert.equal(response.status, 404, url);
      assert.equal(response.json.code, "LESC_NOT_FOUND", url);
    }
  });

  it("says the console is not built when there is no build", async () => {
    const response = await client(bare.url).get("/queue");
    assert.equal(response.status, 503);
    assert.match(response.text, /not built/);
  });
});
