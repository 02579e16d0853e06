import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { DAY } from "../src/platform/clock.js";
import { retireUnvalidated } from "../src/violators/index.js";
import { runLesc, storeArgs } from "./support/cli.js";
import { addAgency, client, staffToken, startTestLesc, type TestLesc, yqText } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

const STAFF = [
  ["rec.one", "records"],
  ["rec.two", "records"],
  ["tech.one", "technician"],
  ["super.one", "supervisor"],
] as const;

const ENTRY = {
  oca: "IVF-2026-0001",
  category: "ABSCONDER",
  name: { last: "QUILLFEATHER", first: "ODALYS", middle: "MARA" },
  dob: "1984-03-17",
  sex: "F",
  pob: "GT",
  arn: "A012345678",
  aliases: [{ last: "QUILFETHER", first: "ODALIS" }],
  remarks: "Final order in absentia; failed to depart.",
  documents: [
    { kind: "FINAL_ORDER", number: "FO-2019-77", date: "2019-05-02", issuedBy: "Immigration Judge" },
  ],
};

/** The Violator File over real HTTP: entry, the second person's check, maintenance, validation. */
describe(`Immigration Violator File (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  const tokens: Record<string, string> = {};
  let id = 0;
  let nic = "";

  before(async () => {
    t = await startTestLesc({ seed: { people: 100, violators: 20 } });
    http = client(t.url);
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
  });
  after(async () => {
    await t?.close();
  });

  const refreshTokens = async () => {
    t.clock.advance(30_000);
    for (const [name, role] of STAFF) tokens[name] = await staffToken(t, name, role);
  };
  const count = async () =>
    (await t.store.pool.query("SELECT count(*)::int AS n FROM violator_record")).rows[0].n as number;
  const detail = async (recordId: number) =>
    (await http.get(`/api/v1/violators/${recordId}`, tokens["rec.one"])).json;

  it("enters a record that stays pending until a second person checks it", async () => {
    const entered = await http.post("/api/v1/violators", tokens["rec.one"], ENTRY);
    assert.equal(entered.status, 201, entered.text);
    assert.match(entered.json.nic, /^N\d{9}$/);
    assert.equal(entered.json.status, "PENDING_CHECK");
    ({ id, nic } = entered.json);

    const self = await http.post(`/api/v1/violators/${id}/check`, tokens["rec.one"]);
    assert.equal(self.status, 403);
    assert.match(self.json.error, /a second person must check it/);
    assert.equal((await http.post(`/api/v1/violators/${id}/check`, tokens["tech.one"])).status, 403);
    const checked = await http.post(`/api/v1/violators/${id}/check`, tokens["rec.two"]);
    assert.equal(checked.status, 200);
    assert.equal(checked.json.status, "ACTIVE");
    assert.equal((await http.post(`/api/v1/violators/${id}/check`, tokens["super.one"])).status, 409);

    const record = await detail(id);
    assert.equal(record.aNumber, "012345678");
    assert.equal(record.middleName, "MARA");
    assert.deepEqual(record.aliases, [{ last: "QUILFETHER", first: "ODALIS" }]);
    assert.equal(record.documents[0].number, "FO-2019-77");
    assert.deepEqual(
      record.history.map((h: { action: string; actor: string }) => [h.action, h.actor]),
      [
        ["ENTERED", "rec.one"],
        ["CHECKED", "rec.two"],
      ],
    );
  });

  it("names the field and rule of a bad entry, and writes nothing", async () => {
    const before = await count();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ dob: "1984-02-30" }, /^dob: must be a real date/],
      [{ dob: "2099-01-01" }, /^dob: must be between 1900-01-01 and today/],
      [{ category: "NSEERS" }, /^body\.category|^category/],
      [{ name: { last: "D0E", first: "JOHN" } }, /^name\.last: must be letters/],
      [{ pob: "ZZ" }, /^pob: must be an ISO 3166-1 alpha-2/],
      [{ arn: "12" }, /^arn: must be an A-number/],
      [{ oca: "bad oca!" }, /^oca: must be 1 to 20/],
      [{ name: { last: "A".repeat(25), first: "BARTHOLOMEW" } }, /^name: must fit NCIC's 30 characters/],
      [{ documents: [{ kind: "I-205", number: "X1", date: "2031-01-01" }] }, /^documents\.0\.date:/],
      [{ oca: ENTRY.oca }, /^oca: IVF-2026-0001 is already the case number/],
    ];
    for (const [change, error] of cases) {
      const response = await http.post("/api/v1/violators", tokens["rec.one"], {
        ...ENTRY,
        oca: "IVF-2026-0002",
        ...change,
      });
      assert.ok([400, 409].includes(response.status), `${JSON.stringify(change)} -> ${response.status}`);
      assert.match(response.json.error, error);
    }
    assert.equal(await count(), before);
  });

  it("keeps the history of a modification, and searches find the new name at once", async () => {
    const modified = await http.call("PATCH", `/api/v1/violators/${id}`, tokens["rec.one"], {
      name: { last: "QUILLFEATHER", first: "ODALYS", middle: "MARISOL" },
      remarks: "Final order in absentia; failed to depart. Last seen Phoenix.",
    });
    assert.equal(modified.status, 200, modified.text);
    assert.deepEqual(modified.json.changed.sort(), ["name", "remarks"]);
    const last = (await detail(id)).history.at(-1);
    assert.equal(last.action, "MODIFIED");
    assert.equal(last.changes.before.name.middle, "MARA");
    assert.equal(last.changes.after.name.middle, "MARISOL");
    const search = await http.post("/api/v1/search", tokens["tech.one"], {
      purpose: "test: modified record",
      name: { last: "QUILLFEATHER", first: "ODALYS", middle: "MARISOL" },
      dob: "1984-03-17",
    });
    assert.equal(search.json.candidates[0].nic, nic);
    const empty = await http.call("PATCH", `/api/v1/violators/${id}`, tokens["rec.one"], {});
    assert.equal(empty.status, 400);
  });

  it("finds a record by a misspelt name and date of birth for the records desk, with an audited purpose", async () => {
    const found = await http.post("/api/v1/violators/search", tokens["rec.two"], {
      purpose: "test: records desk look-up",
      last: "QUILFEATHER",
      first: "ODALYS",
      dob: "1984-03-17",
    });
    assert.equal(found.status, 200, found.text);
    assert.equal(found.json.records[0].id, id);
    assert.equal(found.json.records[0].nic, nic);
    assert.equal(found.json.records[0].name, "QUILLFEATHER, ODALYS");
    const { rows } = await t.store.pool.query(
      "SELECT actor_user, purpose, details FROM audit_log WHERE event_type = 'VIOLATOR_SEARCH' ORDER BY seq DESC LIMIT 1",
    );
    assert.equal(rows[0].actor_user, "rec.two");
    assert.equal(rows[0].purpose, "test: records desk look-up");
    assert.equal(rows[0].details.found, found.json.records.length);
    const noPurpose = await http.post("/api/v1/violators/search", tokens["rec.two"], {
      last: "X",
      first: "Y",
    });
    assert.equal(noPurpose.status, 400);
    assert.equal(noPurpose.json.error, "body.purpose: is required");
  });

  it("validates first between 60 and 90 days after entry, lists the overdue, and retires the unvalidated", async () => {
    const early = await http.post(`/api/v1/violators/${id}/validate`, tokens["rec.one"]);
    assert.equal(early.status, 409);
    assert.match(early.json.error, /not due for validation until/);
    const second = await http.post("/api/v1/violators", tokens["rec.one"], {
      ...ENTRY,
      oca: "IVF-2026-0003",
      aliases: [],
    });
    await http.post(`/api/v1/violators/${second.json.id}/check`, tokens["rec.two"]);

    t.clock.advance(61 * DAY);
    await refreshTokens();
    const due = (await http.get("/api/v1/violators/validation-due", tokens["super.one"])).json.records as {
      id: number;
      overdue: boolean;
    }[];
    assert.deepEqual(
      due.filter((r) => [id, second.json.id].includes(r.id)).map((r) => r.overdue),
      [false, false],
    );
    const validated = await http.post(`/api/v1/violators/${id}/validate`, tokens["rec.two"]);
    assert.equal(validated.status, 200);
    assert.equal(new Date(validated.json.nextDue).getTime() - t.clock.now().getTime(), 365 * DAY);

    t.clock.advance(40 * DAY); // the second record is now 101 days old: overdue
    await refreshTokens();
    const overdue = (await http.get("/api/v1/violators/validation-due", tokens["super.one"])).json
      .records as {
      id: number;
      overdue: boolean;
    }[];
    assert.deepEqual(
      overdue.filter((r) => [id, second.json.id].includes(r.id)).map((r) => [r.id, r.overdue]),
      [[second.json.id, true]],
    );
    // Grace of 30 days: 101 days is within 90 + 30; at 121 days it is retired.
    await t.store.transaction((tx) => retireUnvalidated(tx, t.clock, 30));
    await refreshTokens();
    assert.equal((await detail(second.json.id)).status, "ACTIVE");
    t.clock.advance(20 * DAY);
    const retired = await t.store.transaction((tx) => retireUnvalidated(tx, t.clock, 30));
    assert.ok(retired >= 1);
    await refreshTokens();
    const gone = await detail(second.json.id);
    assert.equal(gone.status, "RETIRED");
    assert.equal(gone.history.at(-1).action, "RETIRED");
    assert.equal((await detail(id)).status, "ACTIVE");
  });

  it("locates, clears and cancels, and refuses to change a closed record", async () => {
    const located = await http.post(`/api/v1/violators/${id}/locate`, tokens["rec.one"], {
      ori: "ZZ0000041",
      oca: "AZ-77",
    });
    assert.equal(located.status, 200);
    const badOri = await http.post(`/api/v1/violators/${id}/locate`, tokens["rec.one"], {
      ori: "nope",
      oca: "AZ-77",
    });
    assert.match(badOri.json.error, /^body\.ori: must be 9 characters/);
    const pending = await http.post("/api/v1/violators", tokens["rec.one"], {
      ...ENTRY,
      oca: "IVF-2026-0004",
      aliases: [],
    });
    const cancelled = await http.post(`/api/v1/violators/${pending.json.id}/cancel`, tokens["rec.one"], {
      reason: "entered twice",
    });
    assert.equal(cancelled.status, 200);
    assert.equal(
      (await http.post(`/api/v1/violators/${pending.json.id}/check`, tokens["rec.two"])).status,
      409,
    );
    const cleared = await http.post(`/api/v1/violators/${id}/clear`, tokens["rec.one"], {
      reason: "removed 2026-12-01",
    });
    assert.equal(cleared.status, 200);
    const again = await http.call("PATCH", `/api/v1/violators/${id}`, tokens["rec.one"], { remarks: "x" });
    assert.equal(again.status, 409);
    assert.match(again.json.error, /is CLEARED; cannot modify it/);
    const record = await detail(id);
    assert.deepEqual(
      record.history.map((h: { action: string }) => h.action),
      ["ENTERED", "CHECKED", "MODIFIED", "VALIDATED", "LOCATED", "CLEARED"],
    );
    assert.equal(record.locatingOri, "ZZ0000041");
  });

  it("answers a YQ on a cleared record with NO_RECORD", async () => {
    const key = await addAgency(t, "ZZ0000042", "AZ");
    const yq = yqText({ ori: "ZZ0000042", oca: "AZ-78", nic, last: "QUILLFEATHER", first: "ODALYS" });
    assert.equal((await http.nlets(key, yq)).status, 202);
    const yr = (await http.mailbox(key)).find((m) => m.type === "YR");
    assert.equal(yr?.data.status, "NO_RECORD");
    assert.match(yr!.data.narrative, /is cleared/);
  });
});

describe(`lesc violators import (${storeKind})`, () => {
  it("enters the good rows, rejects the bad ones by line, and refuses unknown columns", async () => {
    const t = await startTestLesc();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-import-"));
    try {
      await t.app.close();
      await t.store.close();
      const args = storeArgs(t.store.reopenArgs);
      const file = path.join(dir, "ivf.csv");
      fs.writeFileSync(
        file,
        [
          "oca,category,last_name,first_name,middle_name,dob,sex,pob,arn,fbi,aliases,remarks",
          'IMP-1,DEPORTED_FELON,VARGAS,ELENA,,1979-11-02,F,MX,123456789,,"VARGA, ELENA; VARGAS, HELENA M",',
          "IMP-2,ABSCONDER,NOVAK,PETR,,1990-02-30,M,CZ,,,,",
          "IMP-3,UNKNOWN,LI,WEI,,1985-05-05,M,CN,,,,",
          "IMP-4,ICE_CRIMINAL_WARRANT,OKONJO,CHIKA,,1988-08-08,F,NG,,12345AB,,warrant 8 USC 1326",
          "IMP-1,ABSCONDER,DUPLICATE,CASE,,1970-01-01,M,MX,,,,",
        ].join("\n"),
      );
      const result = runLesc(["violators", "import", file, ...args]);
      assert.equal(result.code, 0, result.stderr);
      const json = result.json as { imported: number; rejected: { line: number; reason: string }[] };
      assert.equal(json.imported, 2);
      assert.deepEqual(
        json.rejected.map((r: { line: number; reason: string }) => [r.line, r.reason.split(":")[0]]),
        [
          [3, "dob"],
          [4, "category"],
          [6, "oca"],
        ],
      );
      fs.writeFileSync(
        file,
        "oca,category,last_name,first_name,dob,shoe_size\nX,ABSCONDER,A,B,1980-01-01,9\n",
      );
      const refused = runLesc(["violators", "import", file, ...args]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^lesc violators import: header: unknown column shoe_size/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.store.destroy();
    }
  });
});
