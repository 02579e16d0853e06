import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { DAY } from "../src/platform/clock.js";
import { addAgency, client, iaqText, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/** The auditors' desk over real HTTP: search, export, the weekly review; each access audited. */
describe(`audit search, export and review (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  let auditor = "";
  let supervisor = "";
  let technician = "";

  before(async () => {
    t = await startTestLesc();
    http = client(t.url);
    auditor = await staffToken(t, "audit.one", "auditor");
    supervisor = await staffToken(t, "super.one", "supervisor");
    technician = await staffToken(t, "tech.one", "technician");
    const key = await addAgency(t, "ZZ0000061", "NY");
    // Something worth auditing: an IAQ whose narrative looks like a spreadsheet formula.
    await http.nlets(
      key,
      iaqText({
        ori: "ZZ0000061",
        control: "A1",
        last: "DOE",
        first: "JANE",
        dob: "1980-01-01",
        rem: "=HYPERLINK(X)",
      }),
    );
    await http.post("/api/v1/search", technician, { purpose: "=cmd|' /C calc'!A0", name: { last: "DOE" } });
  });
  after(async () => {
    await t?.close();
  });

  it("searches by user, ORI, event and time, pages, and records each search", async () => {
    const byOri = await http.get("/api/v1/audit?ori=ZZ0000061", auditor);
    assert.equal(byOri.status, 200);
    assert.ok(byOri.json.entries.length >= 2);
    assert.ok(byOri.json.entries.every((e: { ori: string }) => e.ori === "ZZ0000061"));
    const search = await http.get("/api/v1/audit?user=tech.one&eventType=MANUAL_SEARCH", auditor);
    assert.equal(search.json.entries.length, 1);
    assert.equal(search.json.entries[0].purpose, "=cmd|' /C calc'!A0");
    const future = await http.get(
      `/api/v1/audit?from=${new Date(t.clock.now().getTime() + DAY).toISOString()}`,
      auditor,
    );
    assert.deepEqual(future.json.entries, []);
    const bad = await http.get("/api/v1/audit?from=yesterday", auditor);
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /^querystring\.from: must be an ISO 8601 date-time/);
    assert.equal((await http.get("/api/v1/audit?outcome=MAYBE", auditor)).status, 400);
    assert.equal((await http.get("/api/v1/audit", supervisor)).status, 403);

    let after = 0;
    const seen: number[] = [];
    for (;;) {
      const page = await http.get(`/api/v1/audit?afterSeq=${after}`, auditor);
      seen.push(...page.json.entries.map((e: { seq: number }) => e.seq));
      if (page.json.next === null) break;
      after = page.json.next;
    }
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
    );
    const searches = await http.get("/api/v1/audit?eventType=AUDIT_SEARCHED&user=audit.one", auditor);
    assert.ok(searches.json.entries.length >= 4, "every search is itself in the log");
    assert.equal(searches.json.entries[0].details.filter.ori, "ZZ0000061");
  });

  it("exports CSV that a spreadsheet cannot run as formulas, and records the export", async () => {
    const response = await http.get("/api/v1/audit/export?user=tech.one&eventType=MANUAL_SEARCH", auditor);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/csv/);
    const rows = parse(response.text, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.purpose, "'=cmd|' /C calc'!A0");
    for (const row of rows) for (const cell of Object.values(row)) assert.doesNotMatch(cell, /^[=+\-@]/);
    const exports = await http.get("/api/v1/audit?eventType=AUDIT_EXPORTED", auditor);
    assert.equal(exports.json.entries.length, 1);
  });

  it("records the weekly review with the chain verified, and says when the next is overdue", async () => {
    const before = await http.get("/api/v1/audit/reviews", supervisor);
    assert.equal(before.json.overdue, true);
    const now = t.clock.advance(1000);
    const review = await http.post("/api/v1/audit/reviews", auditor, {
      periodFrom: new Date(now.getTime() - 7 * DAY).toISOString(),
      periodTo: now.toISOString(),
      findings: "No anomalies; one manual search with an odd purpose, followed up.",
    });
    assert.equal(review.status, 201, review.text);
    assert.equal(review.json.chain.ok, true);
    assert.ok(review.json.entries > 5);
    const listed = await http.get("/api/v1/audit/reviews", auditor);
    assert.equal(listed.json.overdue, false);
    assert.equal(listed.json.reviews[0].reviewedBy, "audit.one");
    const backwards = await http.post("/api/v1/audit/reviews", auditor, {
      periodFrom: now.toISOString(),
      periodTo: new Date(now.getTime() - DAY).toISOString(),
      findings: "x",
    });
    assert.match(backwards.json.error, /^body\.periodTo: must be after periodFrom/);
    t.clock.advance(8 * DAY);
    auditor = await staffToken(t, "audit.one", "auditor");
    assert.equal((await http.get("/api/v1/audit/reviews", auditor)).json.overdue, true);
  });
});
