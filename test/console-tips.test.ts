import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { syncOfficeDirectory } from "../src/directory/index.js";
import { createStaffUser } from "../src/platform/auth/index.js";
import { systemClock } from "../src/platform/clock.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { storeArgs } from "./support/cli.js";
import { type ServerProcess, startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

/**
 * The tip line in a real browser against a real `lesc serve`: the public form (the browser
 * solves the proof of work) gives a receipt once; the receipt opens the follow-up page; the tip
 * operator finds the tip, enters a phone tip that raises a threat-to-life alert, answers the
 * tipster and closes the primary referral; the supervisor sees the tip figures. Every new page
 * passes axe with no serious or critical violation; screenshots go to test-artifacts/console/.
 */
describe(`tip line console in Chromium (${storeKind})`, { timeout: 5 * 60_000 }, () => {
  let store: TestStore;
  let server: ServerProcess;
  let browser: TestBrowser;
  let receipt = "";
  const users: Record<string, { username: string; password: string; totpSecret: string }> = {};
  const NARRATIVE = "A white van brings <script>alert(1)</script> undeclared cigarettes every Friday.";

  before(async () => {
    store = await openTestStore();
    await store.transaction((tx) => syncOfficeDirectory(tx));
    for (const role of ["tip_operator", "supervisor"]) {
      users[role] = await createStaffUser(store, systemClock, {
        username: `tipdesk.${role.replace("_", "-")}`,
        role,
      });
    }
    await store.close();
    server = await startServer([...storeArgs(store.reopenArgs), "--tip-pow-bits", "10"]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await store?.destroy();
  });

  const page = () => browser.page;
  const check = (name: string) => browser.check(name);
  const logOn = (role: string) => browser.logOn(server.url, users[role]!);

  it("takes a tip on the public form without log-in, solving the proof of work, and shows the receipt once", async () => {
    await page().goto(`${server.url}/tip`);
    await page().getByRole("heading", { name: "Report a crime to the tip line" }).waitFor();
    await check("tips-01-public-form");
    // Checked before sending: nothing leaves the browser without a category and a narrative.
    await page().getByRole("button", { name: "Send the tip" }).click();
    await page().getByText("Choose what the tip is about.").waitFor();
    await page().getByText("Say what you saw or know.").waitFor();
    await page().getByLabel("What is it about?").selectOption("CUSTOMS");
    await page().getByLabel("State (postal code)").fill("ZZ");
    await page().getByLabel("What happened?").fill(NARRATIVE);
    await page().getByLabel("Name", { exact: true }).fill("JOHN VANDRIVER");
    // The server's refusal lands next to its field.
    await page().getByRole("button", { name: "Send the tip" }).click();
    await page().getByText("must be a US state or territory postal code").waitFor();
    await page().getByLabel("State (postal code)").fill("TX");
    await page().getByRole("button", { name: "Send the tip" }).click();
    const shown = await page().getByTestId("receipt").textContent();
    assert.match(shown!, /^\d{4} \d{4} \d{4} \d{4}$/);
    receipt = shown!.replaceAll(" ", "");
    await page()
      .getByText(/Write this number down now/)
      .waitFor();
    await check("tips-02-receipt");
  });

  // Public reads and writes share the address's budget (five at once): this file spends five.
  it("opens the tip by its receipt and adds information", async () => {
    await page().getByRole("link", { name: "Follow up with your receipt" }).first().click();
    await page().getByRole("heading", { name: "Follow up on your tip" }).waitFor();
    await page().getByRole("button", { name: "Look up" }).click();
    await page().getByText("The 16 digits of your receipt.").waitFor();
    await page()
      .getByLabel("Receipt")
      .fill(receipt.replace(/(\d{4})(?=\d)/g, "$1 "));
    await page().getByRole("button", { name: "Look up" }).click();
    await page().getByTestId("tip-status").getByText("FORWARDED").waitFor();
    await page().getByRole("button", { name: "Send", exact: true }).click();
    await page().getByText("Write what you want to add.").waitFor();
    await page().getByLabel("Add information").fill("The van's plate ends in 42.");
    await page().getByRole("button", { name: "Send", exact: true }).click();
    await page().getByRole("status").getByText("Added to your tip.").waitFor();
    await page().getByText("The van's plate ends in 42.").waitFor();
    await check("tips-03-follow-up");
  });

  it("lets the tip operator find the tip, enter a phone tip that raises an alert, reply, and close the primary referral", async () => {
    await logOn("tip_operator");
    await page().getByRole("heading", { name: "Tip line" }).waitFor();
    const row = page().locator("tr[data-tip]", { hasText: "Customs" });
    await row.waitFor();
    await check("tips-04-desk-list");

    await page().getByText("Enter a phone tip").click();
    await page().getByRole("button", { name: "Enter tip" }).click();
    await page().getByText("Choose what the tip is about.").waitFor();
    await page().getByLabel("What is it about?").selectOption("HUMAN_TRAFFICKING");
    await page().getByLabel("What happened?").fill("The caller says they will kill the girl if she talks.");
    await page()
      .getByLabel(/Stay anonymous/)
      .uncheck();
    await page().getByLabel("Contact phone").fill("555-0142");
    await page().getByRole("button", { name: "Enter tip" }).click();
    assert.match((await page().getByTestId("phone-receipt").textContent())!, /^\d{4} \d{4} \d{4} \d{4}$/);
    await page()
      .getByTestId("tip-alerts")
      .getByText(/Threat to life: 1 open tip/)
      .waitFor();
    const lifeSafety = page().locator("tr[data-tip]").first();
    await lifeSafety.getByText("LIFE SAFETY").waitFor();
    await check("tips-05-desk-alert");

    await row.getByRole("link").click();
    await page()
      .getByRole("heading", { name: /^Tip \d+$/ })
      .waitFor();
    // What the tipster wrote is text, not markup.
    assert.equal(await page().getByTestId("narrative").textContent(), NARRATIVE);
    await page().getByText("Anonymous.").waitFor();
    await page().getByText("The van's plate ends in 42.").waitFor();
    await page().getByLabel("Reply to the tipster").fill("Thank you. Which day did you last see it?");
    await page().getByRole("button", { name: "Send reply" }).click();
    await page().getByText("Reply by tipdesk.tip-operator").waitFor();
    await page().getByRole("button", { name: "Close referral" }).click();
    await page().getByText("The recipient's answer.").waitFor();
    await page().getByLabel("Recipient's answer").fill("Seizure made; case opened.");
    await page().getByRole("button", { name: "Close referral" }).click();
    await page().getByTestId("tip-summary").getByText("CLOSED").waitFor();
    await page().getByTestId("referrals").getByText("Seizure made; case opened.").waitFor();
    await check("tips-06-desk-tip");
    await page().getByRole("button", { name: "Log off" }).click();
    await page().getByRole("button", { name: "Log on" }).waitFor();
  });

  it("shows the tipster the reply and the closed status, and the supervisor the year's tip figures", async () => {
    await page().goto(`${server.url}/tip/follow-up`);
    await page().getByLabel("Receipt").fill(receipt);
    await page().getByRole("button", { name: "Look up" }).click();
    await page().getByTestId("tip-status").getByText("CLOSED").waitFor();
    await page().getByText("Thank you. Which day did you last see it?").waitFor();
    assert.equal(await page().getByText("Seizure made").count(), 0, "the tipster does not see the answer");

    await logOn("supervisor");
    await page().keyboard.press("7");
    await page().getByRole("heading", { name: "Tip line" }).waitFor();
    const table = page().getByTestId("tip-categories");
    await table.getByRole("row", { name: /CUSTOMS 1 1 100 %/ }).waitFor();
    await table.getByRole("row", { name: /HUMAN_TRAFFICKING 1 1 100 %/ }).waitFor();
    await check("tips-07-stats");
    await page().keyboard.press("9");
    await page().getByRole("heading", { name: "Tip line" }).waitFor();
    await page().getByTestId("tip-alerts").waitFor();
  });
});
