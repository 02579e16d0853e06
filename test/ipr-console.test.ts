import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { syncOfficeDirectory } from "../src/directory/index.js";
import { createStaffUser, totpCode } from "../src/platform/auth/index.js";
import { systemClock } from "../src/platform/clock.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { storeArgs } from "./support/cli.js";
import { buildEml, PNG, postBytes } from "./support/files.js";
import { client } from "./support/lesc-app.js";
import { type ServerProcess, startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

/**
 * The IPR desk in Chromium against a real `lesc serve --ipr-mail-dir`: an allegation whose
 * fields carry script and markup is shown as text (nothing runs), its evidence and its
 * deconfliction link are listed, a malformed e-mail dropped in the watched folder shows in the
 * quarantine with its reason, and axe finds no serious or critical violation.
 */
describe(`IPR console in Chromium (${storeKind})`, { timeout: 5 * 60_000 }, () => {
  let store: TestStore;
  let server: ServerProcess;
  let browser: TestBrowser;
  let http: ReturnType<typeof client>;
  let mailDir: string;
  const users: Record<string, { username: string; password: string; totpSecret: string }> = {};
  const HOSTILE = `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">Fake bags`;
  let ids: number[] = [];

  before(async () => {
    store = await openTestStore();
    await store.transaction((tx) => syncOfficeDirectory(tx));
    for (const role of ["tip_operator", "analyst"]) {
      users[role] = await createStaffUser(store, systemClock, { username: `ipr.${role}`, role });
    }
    await store.close();
    mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-ipr-console-"));
    server = await startServer([...storeArgs(store.reopenArgs), "--ipr-mail-dir", mailDir]);
    http = client(server.url);
    browser = await launchBrowser();

    const allegation = (narrative: string, name: string) => ({
      rightType: "COPYRIGHT",
      rightsHolder: "Example Studios",
      product: "film discs",
      violator: { name, website: "https://discs.example.test/" },
      narrative,
    });
    const first = await http.post("/api/v1/public/ipr-allegations", undefined, {
      ...allegation(HOSTILE, HOSTILE),
      allegant: { name: "Pat Example", email: "pat@example.com" },
    });
    assert.equal(first.status, 201, first.text);
    const evidence = await postBytes(
      server.url,
      `/api/v1/public/ipr-allegations/${first.json.receipt}/evidence`,
      PNG,
      { "content-type": "application/octet-stream", "x-file-name": "cover.png" },
    );
    assert.equal(evidence.status, 201);
    const second = await http.post(
      "/api/v1/public/ipr-allegations",
      undefined,
      allegation("Pirated discs at the same site.", "Disc Pirates"),
    );
    assert.equal(second.status, 201, second.text);
    fs.writeFileSync(path.join(mailDir, "no-sender.eml"), buildEml({ text: "A message without a sender." }));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await store?.destroy();
    if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
  });

  const page = () => browser.page;

  async function logOn(role: string) {
    const user = users[role]!;
    await page().goto(`${server.url}/`);
    await page().getByLabel("User name").fill(user.username);
    await page().getByLabel("Password").fill(user.password);
    await page().getByLabel("One-time code (TOTP)").fill(totpCode(user.totpSecret, new Date()));
    await page().getByRole("button", { name: "Log on" }).click();
    await page().getByRole("button", { name: "Log off" }).waitFor();
  }

  async function check(name: string) {
    await browser.screenshot(name);
    const violations = await browser.axe();
    assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1)}`);
  }

  it("lists allegations and shows one with script in its fields as text, with evidence and the link", async () => {
    await logOn("tip_operator");
    await page().goto(`${server.url}/ipr`);
    await page().getByRole("heading", { name: "IPR allegations" }).waitFor();
    const rows = page().locator("table.grid tbody tr");
    await rows.nth(1).waitFor();
    ids = (await rows.locator("td:first-child").allTextContents()).map(Number).sort((a, b) => a - b);
    await check("ipr-01-list");

    await page().goto(`${server.url}/ipr/${ids[0]}`);
    await page()
      .getByRole("heading", { name: `IPR allegation ${ids[0]}` })
      .waitFor();
    assert.equal(await page().getByTestId("narrative").textContent(), HOSTILE);
    assert.equal(await page().evaluate("window.__xss"), undefined, "no script ran");
    assert.equal(await page().locator("main img").count(), 0, "markup is not rendered");
    await page().getByTestId("allegant").getByText("name: Pat Example, email: pat@example.com").waitFor();
    await page().getByRole("button", { name: "Download cover.png" }).waitFor();
    await page()
      .getByText(/Linked to/)
      .waitFor();
    await page()
      .getByText(/same web host discs\.example\.test/)
      .waitFor();
    await page()
      .getByText(/HSI told: allegation/)
      .waitFor();
    await check("ipr-02-allegation");
  });

  it("shows the watched folder's malformed e-mail in the quarantine with its reason", async () => {
    // The folder is read every few seconds: the page is reloaded until the row is there.
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page().goto(`${server.url}/ipr/quarantine`);
      await page().getByRole("heading", { name: "IPR e-mail quarantine" }).waitFor();
      if ((await page().getByText("no-sender.eml").count()) > 0) break;
      assert.ok(Date.now() < deadline, "the quarantined e-mail shows within 30 s");
      await page().waitForTimeout(1000);
    }
    await page()
      .getByText(/no From: the message has no sender address/)
      .waitFor();
    assert.deepEqual(fs.readdirSync(path.join(mailDir, "quarantine")), ["no-sender.eml"]);
    await check("ipr-03-quarantine");
  });

  it("withholds the allegant from an analyst", async () => {
    await page().getByRole("button", { name: "Log off" }).click();
    await page().getByRole("button", { name: "Log on" }).waitFor();
    await logOn("analyst");
    await page().goto(`${server.url}/ipr/${ids[0]}`);
    await page()
      .getByTestId("allegant")
      .getByText(/^withheld/)
      .waitFor();
    assert.equal(await page().getByRole("button", { name: "Mark junk" }).count(), 0);
  });
});
