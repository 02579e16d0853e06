import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { registerAgency, syncOfficeDirectory } from "../src/directory/index.js";
import { rebuildMatchIndex } from "../src/matching/index.js";
import { NCIC_PLACES } from "../src/messages/index.js";
import { createStaffUser, totpCode } from "../src/platform/auth/index.js";
import { TOTP_STEP_SECONDS, totpStep } from "../src/platform/auth/totp.js";
import { systemClock } from "../src/platform/clock.js";
import { seedStore } from "../src/synthetic/seed.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { storeArgs } from "./support/cli.js";
import { client, iaqText, type MailboxItem } from "./support/lesc-app.js";
import { type ServerProcess, startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

/**
 * The operator console in a real browser (Debian's Chromium through playwright-core) against
 * a real `lesc serve`: log-on with TOTP, an agency's IAQ through the queue to its FINAL IAR,
 * a YQ on the board confirmed before its clock runs out, and no serious or critical axe
 * violation on any page. Screenshots go to test-artifacts/console/.
 */
describe(`operator console in Chromium (${storeKind})`, { timeout: 5 * 60_000 }, () => {
  let store: TestStore;
  let server: ServerProcess;
  let browser: TestBrowser;
  let http: ReturnType<typeof client>;
  let agencyKey: string;
  let subject: { nic: string; last: string; first: string; dob: string; sex: "M" | "F"; pob: string };
  const users: Record<string, { username: string; password: string; totpSecret: string }> = {};
  const ORI = "ZZ0000071";
  /** The hit the technician confirms on the board; the agent lodges a detainer on it. */
  let confirmedHit = "";
  /** The record the records desk enters and the supervisor checks. */
  let entered = "";

  before(async () => {
    store = await openTestStore();
    await store.transaction((tx) => syncOfficeDirectory(tx));
    await seedStore(store, systemClock, { people: 200, violators: 80, seed: "console" });
    await rebuildMatchIndex(store, systemClock);
    for (const role of ["technician", "agent", "supervisor", "records", "auditor"]) {
      const username = `console.${role}`;
      users[role] = await createStaffUser(store, systemClock, { username, role });
    }
    agencyKey = (await registerAgency(store, systemClock, { ori: ORI, name: "Console Test PD", state: "TX" }))
      .apiKey;
    const { rows } = await store.pool.query(
      `SELECT nic, last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob, sex, pob
       FROM violator_record
       WHERE status = 'ACTIVE' AND pob IS NOT NULL AND last_name ~ '^[A-Z]+$' AND first_name ~ '^[A-Z]+$' AND sex IN ('M','F')
       ORDER BY id LIMIT 1`,
    );
    subject = { ...rows[0], pob: NCIC_PLACES.find((p) => p.country === rows[0].pob && !p.usState)?.ncic };
    assert.ok(subject.nic, "the seed holds an active Violator File record with a plain name");
    await store.close();
    server = await startServer(storeArgs(store.reopenArgs));
    http = client(server.url);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await store?.destroy();
  });

  const page = () => browser.page;

  /** The last one-time-code step each user logged on with: the server refuses a replay. */
  const usedStep: Record<string, number> = {};

  async function logOn(role: string) {
    const user = users[role]!;
    // A second log-on within the same 30 s takes the next step's code (the server accepts one
    // step of drift), as an authenticator a moment later would show.
    const step = Math.max(totpStep(new Date()), (usedStep[role] ?? -1) + 1);
    usedStep[role] = step;
    await page().goto(`${server.url}/`);
    await page()
      .getByTestId("use-notice")
      .getByText(/restricted|authorized/i)
      .waitFor();
    await page().getByLabel("User name").fill(user.username);
    await page().getByLabel("Password").fill(user.password);
    await page()
      .getByLabel("One-time code (TOTP)")
      .fill(totpCode(user.totpSecret, new Date(step * TOTP_STEP_SECONDS * 1000)));
    await page().getByRole("button", { name: "Log on" }).click();
    await page().getByRole("button", { name: "Log off" }).waitFor();
  }

  async function logOff() {
    await page().getByRole("button", { name: "Log off" }).click();
    await page().getByRole("button", { name: "Log on" }).waitFor();
  }

  /** Screenshot, then axe: no serious or critical violation. */
  async function check(name: string) {
    await browser.screenshot(name);
    const violations = await browser.axe();
    assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1)}`);
  }

  async function mailboxUntil(found: (messages: MailboxItem[]) => MailboxItem | undefined) {
    const seen: MailboxItem[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      seen.push(...(await http.mailbox(agencyKey, 5)));
      const hit = found(seen);
      if (hit) return hit;
    }
    assert.fail(
      `not in the mailbox: ${JSON.stringify(seen.map((m) => [m.type, m.data.stage ?? m.data.status]))}`,
    );
  }

  it("shows the use notice, refuses a wrong code next to the form, and logs on with password and TOTP", async () => {
    await page().goto(`${server.url}/`);
    await page()
      .getByTestId("use-notice")
      .getByText(/authorized/i)
      .waitFor();
    await check("01-log-on");
    // The form checks before sending, then shows the server's refusal.
    await page().getByRole("button", { name: "Log on" }).click();
    await page().getByText("Enter your user name.").waitFor();
    await page().getByLabel("User name").fill(users.technician!.username);
    await page().getByLabel("Password").fill("wrong password here");
    await page().getByLabel("One-time code (TOTP)").fill("000000");
    await page().getByRole("button", { name: "Log on" }).click();
    await page()
      .getByRole("alert")
      .filter({ hasText: /password|code|credentials/i })
      .waitFor();
    await logOn("technician");
    await page().getByRole("heading", { name: "Research queue" }).waitFor();
  });

  it("puts an agency's IAQ in the live queue; the technician claims it and answers it, and the FINAL IAR reaches the agency", async () => {
    // The queue follows the server's change notices (GET /api/v1/events); while they flow it
    // does not poll, so the row appearing below is the event stream's doing.
    await page().locator("[data-testid=live-state].live-live").waitFor();
    const sent = await http.nlets(
      agencyKey,
      iaqText({
        ori: ORI,
        control: "WEB1",
        last: subject.last,
        first: subject.first,
        dob: subject.dob,
        sex: subject.sex,
        pob: subject.pob,
        cus: "Y",
      }),
    );
    assert.equal(sent.status, 202, sent.text);
    // The inquiry appears without a reload, once the automated search has given it a
    // preliminary result, and the queue is still live.
    const row = page().locator("tr[data-inquiry]", { hasText: `${subject.last}, ${subject.first}` });
    await row.filter({ hasText: /HIT|POSSIBLE|NO_RECORD/ }).waitFor({ timeout: 30_000 });
    await row.getByText("IN CUSTODY").waitFor();
    assert.equal(await page().getByTestId("live-state").textContent(), "● live", "still live");
    await check("02-queue");
    await row.getByRole("button", { name: /Claim/ }).click();
    await page()
      .getByRole("heading", { name: /^Inquiry \d+/ })
      .waitFor();
    await page().getByTestId("inquiry-summary").getByText("Held by you").waitFor();
    await page()
      .getByRole("heading", { name: /Candidates \([1-9]/ })
      .waitFor();
    await check("03-inquiry-workspace");
    await page().getByLabel("Result").selectOption("HIT");
    await page().getByLabel("Template").selectOption("VIOLATOR_FILE_SUBJECT");
    await page().getByLabel("Research narrative").fill("SUBJECT MATCHES BY NAME AND DATE OF BIRTH. TEST.");
    // A half-written response survives a reload (its path loads through the SPA fallback).
    await page().reload();
    await page()
      .getByRole("heading", { name: /Candidates \([1-9]/ })
      .waitFor();
    assert.equal(
      await page().getByLabel("Research narrative").inputValue(),
      "SUBJECT MATCHES BY NAME AND DATE OF BIRTH. TEST.",
    );
    assert.equal(await page().getByLabel("Template").inputValue(), "VIOLATOR_FILE_SUBJECT");
    // The connection drops as the response is sent: the failure is shown, nothing typed is
    // lost, and once the server answers again the same response goes.
    await browser.context.setOffline(true);
    try {
      await page().getByRole("button", { name: "Send FINAL IAR" }).click();
      await page().getByText("Connection to the server lost").waitFor();
      assert.equal(
        await page().getByLabel("Research narrative").inputValue(),
        "SUBJECT MATCHES BY NAME AND DATE OF BIRTH. TEST.",
      );
      await check("04a-inquiry-offline");
    } finally {
      await browser.context.setOffline(false);
    }
    await page().getByText("Connection to the server lost").waitFor({ state: "detached" });
    assert.equal(
      await page().getByLabel("Research narrative").inputValue(),
      "SUBJECT MATCHES BY NAME AND DATE OF BIRTH. TEST.",
    );
    assert.equal(await page().getByLabel("Result").inputValue(), "HIT");
    await page().getByRole("button", { name: "Send FINAL IAR" }).click();
    await page().getByTestId("final-result").getByText("HIT").waitFor();
    await check("04-inquiry-answered");
    const final = await mailboxUntil((messages) =>
      messages.find((m) => m.type === "IAR" && m.data.stage === "FINAL"),
    );
    assert.equal(final.data.result, "HIT");
    assert.match(final.text, /IMMIGRATION VIOLATOR FILE RECORD/);
    assert.match(final.text, /SUBJECT MATCHES BY NAME AND DATE OF BIRTH/);
  });

  it("shows a YQ on the board with a live countdown and confirms it before it runs out", async () => {
    const yq = [
      `YQ.${ORI}.AX.*WEBHIT1.TXT`,
      `RTY/WP.RNO/1.PRI/U.OCA/WEB-0001.NIC/${subject.nic}.NAM/${subject.last}, ${subject.first}.DOB/${subject.dob.replaceAll("-", "")}.SEX/${subject.sex}.`,
      "",
    ].join("\n");
    const sent = await http.nlets(agencyKey, yq);
    assert.equal(sent.status, 202, sent.text);
    await page().keyboard.press("2");
    await page().getByRole("heading", { name: "Hit confirmation board" }).waitFor();
    const card = page().locator("li[data-hit]", { hasText: subject.nic });
    await card.waitFor({ timeout: 15_000 });
    confirmedHit = (await card.getAttribute("data-hit"))!;
    await page().locator("[data-testid=live-state].live-live").waitFor();
    const countdown = card.getByTestId("countdown");
    const first = await countdown.textContent();
    assert.match(first!, /^[89]:\d\d$|^10:00$/, `a 10-minute clock: ${first}`);
    await page().waitForTimeout(1500);
    const later = await countdown.textContent();
    assert.notEqual(later, first, "the countdown ticks");
    await check("05-hit-board");
    await card.getByRole("button", { name: /^Confirm/ }).click();
    await page()
      .getByRole("status")
      .getByText(/confirmed sent/)
      .waitFor();
    await card.waitFor({ state: "detached", timeout: 15_000 });
    const yr = await mailboxUntil((messages) => messages.find((m) => m.type === "YR"));
    assert.equal(yr.data.status, "CONFIRMED");
  });

  it("has no serious or critical accessibility violation on the other pages, and shows each role only its pages", async () => {
    for (const [key, heading, name] of [
      ["3", "Manual search", "06-search"],
      ["4", "Immigration Violator File", "07-violators-technician"],
      ["6", "Agencies and field offices", "08-directory"],
    ] as const) {
      await page().keyboard.press(key);
      await page().getByRole("heading", { name: heading }).waitFor();
      await check(name);
    }
    // A page outside the role is not offered, and refused gracefully when typed in.
    assert.equal(await page().getByRole("link", { name: /Audit/ }).count(), 0);
    await page().goto(`${server.url}/audit`);
    await page().getByRole("heading", { name: "Not available" }).waitFor();
    await logOff();

    await logOn("records");
    await page().getByRole("heading", { name: "Immigration Violator File" }).waitFor();
    await page()
      .getByRole("heading", { name: /Validation due/ })
      .waitFor();
    await check("11-violators-records");
    // Entry: the form checks its fields first, then the record awaits a second person.
    const entry = page().getByRole("form", { name: "Enter a record" });
    await entry.getByRole("button", { name: "Enter record" }).click();
    await entry.getByText("Date of birth as YYYY-MM-DD.").waitFor();
    await entry.getByLabel("Case number (OCA)").fill("WEB-OCA-0001");
    await entry.getByLabel("Family name").fill("TESTPERSON");
    await entry.getByLabel("Given name").fill("ANNA");
    await entry.getByLabel("Date of birth").fill("1980-02-03");
    await entry.getByLabel("Sex").selectOption("F");
    await entry.getByLabel("Place of birth").fill("MX");
    await entry.getByRole("button", { name: "Enter record" }).click();
    await page()
      .getByRole("status")
      .getByRole("link", { name: /record \d+/ })
      .click();
    await page().getByText("PENDING_CHECK").waitFor();
    entered = /\/violators\/(\d+)$/.exec(page().url())![1]!;
    // The person who entered it may not check it: the server's reason is shown.
    await page().getByRole("button", { name: "Second-person check" }).click();
    await page()
      .getByRole("alert")
      .getByText(/a second person must check it/)
      .waitFor();
    await check("12-violator-record");
    await logOff();

    await logOn("supervisor");
    await page().goto(`${server.url}/violators/${entered}`);
    await page().getByRole("button", { name: "Second-person check" }).click();
    await page().getByText("ACTIVE", { exact: true }).waitFor();
    await page()
      .getByText(/CHECKED · console\.supervisor/)
      .waitFor();
    await page().keyboard.press("7");
    await page().getByRole("heading", { name: "Statistics" }).waitFor();
    await page().getByText("SLA compliance").waitFor();
    // Inquiries per day: a chart with a title, and the same figures as a table.
    const daily = page().getByTestId("daily-chart");
    await daily.getByRole("img", { name: /Inquiries per day, \d{4}-10-01 to/ }).waitFor();
    await daily.getByText("Inquiries per day as a table").click();
    const today = new Date().toISOString().slice(0, 10);
    const todayRow = daily.locator("tr", { hasText: today });
    assert.ok(Number(await todayRow.locator("td").nth(1).textContent()) >= 1, "today's IAQ is counted");
    await check("09-stats");
    await page().keyboard.press("5");
    await page()
      .getByRole("heading", { name: /Detainers/ })
      .waitFor();
    await check("10-detainers");
    await logOff();

    await logOn("auditor");
    await page().getByRole("heading", { name: "Audit log" }).waitFor();
    await page().locator("table.audit tbody tr").first().waitFor();
    await check("13-audit");
  });

  it("finds a Violator File record by name and modifies, locates and clears it, each form checked first", async () => {
    await logOff();
    await logOn("records");
    await page().getByRole("heading", { name: "Immigration Violator File" }).waitFor();
    const search = page().getByRole("form", { name: "Search the Violator File" });
    await search.getByRole("button", { name: "Search" }).click();
    await search.getByText("Say why you are searching (it is audited).").waitFor();
    await search.getByLabel("Family name").fill("TESTPERSON");
    await search.getByLabel("Given name").fill("ANNA");
    await search.getByLabel("Date of birth (optional)").fill("1980-02-03");
    await search.getByLabel("Purpose of the search").fill("console test: records look-up");
    await search.getByRole("button", { name: "Search" }).click();
    const found = page().locator(`tr[data-violator="${entered}"]`);
    await found.waitFor();
    await check("15-violator-search");
    await found.getByRole("link", { name: entered }).click();
    await page()
      .getByRole("heading", { name: `Violator File record ${entered}` })
      .waitFor();

    const modify = page().getByRole("form", { name: "Modify the record" });
    await modify.getByLabel("Date of birth").fill("1980-02-30");
    await modify.getByRole("button", { name: "Save changes" }).click();
    await modify.getByText("Date of birth as YYYY-MM-DD.").waitFor();
    // A date the form cannot fault but the server refuses: its reason, next to the field.
    await modify.getByLabel("Date of birth").fill("2099-01-01");
    await modify.getByRole("button", { name: "Save changes" }).click();
    await modify.getByText(/dob: must be between 1900-01-01 and today/).waitFor();
    await modify.getByLabel("Date of birth").fill("1980-02-03");
    await modify.getByLabel("Given name").fill("ANNABEL");
    await modify.getByRole("button", { name: "Save changes" }).click();
    await modify.getByText("Modified: name.").waitFor();
    await page()
      .getByText(/MODIFIED · console\.records · changed name/)
      .waitFor();

    const locate = page().getByRole("form", { name: "Locate" });
    await locate.getByLabel("Locating agency ORI").fill("ZZ00");
    await locate.getByRole("button", { name: "Record locate" }).click();
    await locate.getByText(/9 characters, 2 letters then 7 letters or digits/).waitFor();
    await locate.getByLabel("Locating agency ORI").fill(ORI);
    await locate.getByLabel("Locating agency case number").fill("LOC-0001");
    await locate.getByRole("button", { name: "Record locate" }).click();
    await page().getByText(`LOCATED · console.records · by ${ORI}, case LOC-0001`).waitFor();
    await check("16-violator-maintenance");

    const clear = page().getByRole("form", { name: "Clear (in custody or removed)" });
    await clear.getByRole("button", { name: "Clear record" }).click();
    await clear.getByText("Say why the record is cleared.").waitFor();
    await clear.getByLabel("Reason for clearing").fill("Subject removed; console test.");
    await clear.getByRole("button", { name: "Clear record" }).click();
    await page().locator(".summary .tag", { hasText: "CLEARED" }).waitFor();
    await page()
      .getByText(/CLEARED · console\.records · Subject removed; console test\./)
      .waitFor();
    assert.equal(await page().getByRole("form", { name: "Modify the record" }).count(), 0, "a closed record");
    await check("17-violator-cleared");
    await logOff();
  });

  it("lodges a detainer on the confirmed hit and moves it through its lifecycle", async () => {
    assert.ok(confirmedHit, "the board test confirmed a hit");
    await logOn("agent");
    await page().keyboard.press("5");
    await page()
      .getByRole("heading", { name: /Detainers/ })
      .waitFor();
    await page().getByRole("button", { name: "Lodge" }).click();
    await page().getByText("A hit or inquiry number.").waitFor();
    await page().getByRole("combobox", { name: /^On\b/ }).selectOption("hit");
    await page()
      .getByRole("textbox", { name: /^Number/ })
      .fill(confirmedHit);
    await page().getByLabel("Holding agency ORI").fill(ORI);
    await page().getByLabel("Basis").selectOption("FINAL_ORDER");
    await page().getByLabel("Warrant number").fill("WEB-I205-0001");
    await page().getByLabel("Signed by").fill("SDDO J EXAMPLE");
    await page().getByRole("button", { name: "Lodge" }).click();
    const row = page().locator("tr", { hasText: `hit ${confirmedHit}` });
    await row.getByText("ISSUED").waitFor();
    await check("18-detainers-lodged");
    await row.getByRole("link").click();
    await page()
      .getByRole("heading", { name: /^Detainer \d+/ })
      .waitFor();
    await page().getByRole("button", { name: "Mark served" }).click();
    await page().locator(".summary .tag", { hasText: "SERVED" }).waitFor();
    await page().getByRole("button", { name: "Mark honored" }).click();
    await page().locator(".summary .tag", { hasText: "HONORED" }).waitFor();
    await check("19-detainer-lifecycle");
    await logOff();
    // The tests below run as the auditor.
    await logOn("auditor");
    await page().getByRole("heading", { name: "Audit log" }).waitFor();
  });

  it("shows a lost connection and recovers from it", async () => {
    await page().keyboard.press("6");
    await page().getByRole("heading", { name: "Agencies and field offices" }).waitFor();
    await browser.context.setOffline(true);
    try {
      await page().getByRole("link", { name: /Audit/ }).click();
      await page().getByText("Connection to the server lost").waitFor();
    } finally {
      await browser.context.setOffline(false);
    }
    // The console probes the server and loads the page again by itself.
    await page().getByText("Connection to the server lost").waitFor({ state: "detached" });
    await page().locator("table.audit tbody tr").first().waitFor();
  });

  it("locks after 30 minutes without activity", async () => {
    await page().clock.install();
    await page().reload();
    await page().getByRole("heading", { name: "Audit log" }).waitFor();
    await page().clock.fastForward("31:00");
    await page()
      .getByText(/locked after 30 minutes/)
      .waitFor();
    await page().getByRole("button", { name: "Log on" }).waitFor();
    await check("14-locked");
  });
});
