import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { asc, eq } from "drizzle-orm";
import { auditLog } from "../src/platform/audit/index.js";
import { runLesc, runLescAsync, storeArgs } from "./support/cli.js";
import { startServer } from "./support/server-process.js";
import { openTestStore, reopenStore, storeKind, type TestStore } from "./support/test-store.js";

/** A one-line reason on stderr and a non-zero exit. */
function assertRefused(result: ReturnType<typeof runLesc>, pattern: RegExp) {
  assert.notEqual(result.code, 0, result.stdout);
  assert.equal(result.stderr.trim().split("\n").length, 1, `one line: ${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.equal(result.stdout, "");
}

describe("lesc command line: refusals write nothing", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-cli-"));
  const fresh = path.join(scratch, "never-created");
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("prints usage for --help", () => {
    const result = runLesc(["--help"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /agency add --ori ORI/);
  });

  it("refuses an unknown command and unknown flags", () => {
    assertRefused(runLesc(["launch"]), /^lesc: unknown command "launch"/);
    assertRefused(
      runLesc(["seed", "--bogus", "1", "--data-dir", fresh]),
      /^lesc seed: unknown option --bogus$/m,
    );
    assertRefused(
      runLesc(["agency", "add", "--ori", "ZZ0000001", "--colour", "red"]),
      /unknown option --colour/,
    );
    assert.equal(fs.existsSync(fresh), false);
  });

  it("refuses a wrong ORI format naming the field, before touching the store", () => {
    assertRefused(
      runLesc(["agency", "add", "--ori", "ZZ01", "--name", "X PD", "--state", "VT", "--data-dir", fresh]),
      /^lesc agency add: ori: must be 9 characters: 2 letters, then 7 letters or digits/,
    );
    assertRefused(
      runLesc([
        "agency",
        "add",
        "--ori",
        "ZZ0000009",
        "--name",
        "X PD",
        "--state",
        "QQ",
        "--data-dir",
        fresh,
      ]),
      /state: must be a USPS/,
    );
    assertRefused(runLesc(["agency", "add", "--name", "X PD", "--data-dir", fresh]), /--ori is required/);
    assertRefused(
      runLesc([
        "user",
        "add",
        "--username",
        "tech.z",
        "--role",
        "technician",
        "--password",
        "short",
        "--data-dir",
        fresh,
      ]),
      /password: must be at least 12 characters/,
    );
    assertRefused(runLesc(["seed", "--people", "-5", "--data-dir", fresh]), /people/);
    assert.equal(fs.existsSync(fresh), false);
  });

  it("refuses a bad --database-url and an unreachable server", () => {
    assertRefused(
      runLesc(["audit", "verify", "--database-url", "mysql://x/y"]),
      /--database-url: scheme must be postgres/,
    );
    assertRefused(
      runLesc(["audit", "verify", "--database-url", "postgres://lesc@127.0.0.1:9/lesc"]),
      /cannot use PostgreSQL at postgres:\/\/lesc@127.0.0.1:9\/lesc/,
    );
  });

  it("refuses a data dir that is not a lesc store", () => {
    const foreign = path.join(scratch, "foreign");
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, "notes.txt"), "keep me");
    assertRefused(runLesc(["audit", "verify", "--data-dir", foreign]), /is not a lesc store/);
    assert.deepEqual(fs.readdirSync(foreign), ["notes.txt"]);
  });
});

/** A test store, closed so that the commands under test can open it; destroyed after the suite. */
function closedStoreForSuite() {
  const held = { store: undefined as unknown as TestStore, args: [] as string[] };
  before(async () => {
    held.store = await openTestStore();
    await held.store.close();
    held.args = storeArgs(held.store.reopenArgs);
  });
  after(async () => {
    await held.store.destroy();
  });
  return held;
}

describe(`lesc screen (${storeKind})`, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-screen-"));
  const held = closedStoreForSuite();
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const screeningRuns = async () => {
    const reopened = await reopenStore(held.store.reopenArgs);
    try {
      return await reopened.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.eventType, "SCREENING_RUN"))
        .orderBy(asc(auditLog.seq));
    } finally {
      await reopened.close();
    }
  };
  const write = (name: string, text: string) => {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const records = write(
    "records.csv",
    "id,last_name,first_name,dob,sex,aliases\n" +
      'r1,GARCIA LOPEZ,JOSE,1985-03-04,M,"GARCIA, PEPE"\n' +
      "=2+3,LOPEZ,ANA,1990-01-01,F,\n" +
      "r3,WANG,XIAOMING,1990-01-02,M,\n",
  );

  it("writes the result CSV, sorted, with the summary and rejected rows, and audits the run", async () => {
    const queries = write(
      "queries.csv",
      "id,last_name,first_name,dob\nq1,GARCIA,JOSE,1985-03-04\nq2,XIAO MING,WANG,1990-02-01\nq3,SMITH,JOHN,2023-02-30\nq4,LOPEZ,ANA,1990-01-01\n",
    );
    const out = path.join(scratch, "out.csv");
    const result = runLesc([
      "screen",
      "--records",
      records,
      "--queries",
      queries,
      "--out",
      out,
      "--purpose",
      "vetting a contractor list",
      ...held.args,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const summary = result.json as { results: number; matches: number; rejected: unknown[] };
    assert.deepEqual(summary.rejected, [
      { file: "queries", line: 4, field: "dob", reason: "is not a real date" },
    ]);
    const lines = fs.readFileSync(out, "utf8").trim().split("\n");
    assert.equal(lines[0], "query_id,record_id,score,decision,explanation");
    assert.match(lines[1]!, /^q1,r1,0\.9\d*,match,name family:GARCIA=GARCIA EXACT/);
    assert.match(
      lines[2]!,
      /^q2,r3,0\.9\d*,possible,.*DAY_MONTH_SWAPPED/,
      "a swapped date needs a person to look",
    );
    assert.ok(
      lines.some((l) => l.startsWith("q4,'=2+3,")),
      "cells that a spreadsheet would run are neutralised",
    );
    assert.ok(!lines.some((l) => l.includes(",=2+3")));

    const [run, ...others] = await screeningRuns();
    assert.equal(others.length, 0);
    assert.equal(run!.purpose, "vetting a contractor list");
    assert.equal(run!.outcome, "SUCCESS");
    assert.match(run!.actorUser!, /^cli:/);
    const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    assert.deepEqual(run!.details, {
      records: { sha256: sha(records), rows: 3 },
      queries: { sha256: sha(queries), rows: 3 },
      results: summary.results,
      matches: summary.matches,
      possibles: (result.json as { possibles: number }).possibles,
      rejectedRows: 1,
    });
    assert.ok(!JSON.stringify(run).includes("GARCIA"), "the audit entry names no one");
  });

  it("refuses a file with an unknown column, naming it, and audits nothing", async () => {
    const queries = write("bad.csv", "id,last_name,shoe_size\nq1,SMITH,42\n");
    const before = (await screeningRuns()).length;
    const result = runLesc(["screen", "--records", records, "--queries", queries, ...held.args]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /queries: unknown column shoe_size/);
    assert.equal((await screeningRuns()).length, before, "a refused run screened nothing");
  });

  it("refuses a missing file, a bad --top and an overlong purpose", () => {
    assert.match(
      runLesc(["screen", "--records", path.join(scratch, "none.csv"), "--queries", records, ...held.args])
        .stderr,
      /--records: cannot read/,
    );
    assert.match(
      runLesc(["screen", "--records", records, "--queries", records, "--top", "0", ...held.args]).stderr,
      /--top: must be at least 1/,
    );
    assert.match(
      runLesc([
        "screen",
        "--records",
        records,
        "--queries",
        records,
        "--purpose",
        "x".repeat(501),
        ...held.args,
      ]).stderr,
      /--purpose: must be at most 500 characters/,
    );
  });

  it("records an unstated purpose as such, and streams CSV to stdout", async () => {
    const result = runLesc(["screen", "--records", records, "--queries", records, ...held.args]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^query_id,record_id,score,decision,explanation\n/);
    const runs = await screeningRuns();
    assert.equal(runs.at(-1)!.purpose, "not stated");
  });
});

describe(`lesc command line on a store (${storeKind})`, () => {
  const held = closedStoreForSuite();

  it("adds an agency and prints its key once as JSON", () => {
    const result = runLesc([
      "agency",
      "add",
      "--ori",
      "ZZ0000777",
      "--name",
      "Demo Borough PD",
      "--state",
      "NJ",
      ...held.args,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const out = result.json as { ori: string; apiKey: string };
    assert.equal(out.ori, "ZZ0000777");
    assert.match(out.apiKey, /^lesc_ak_[0-9a-f]{12}_/);
    assertRefused(
      runLesc(["agency", "add", "--ori", "ZZ0000777", "--name", "Again", "--state", "NJ", ...held.args]),
      /already registered/,
    );
  });

  it("adds a user with a generated password and TOTP secret", () => {
    const result = runLesc(["user", "add", "--username", "tech.cli", "--role", "technician", ...held.args]);
    assert.equal(result.code, 0, result.stderr);
    const out = result.json as { username: string; password: string; totpSecret: string };
    assert.equal(out.username, "tech.cli");
    assert.equal(out.password.length, 20);
    assert.match(out.totpSecret, /^[A-Z2-7]{32}$/);
    assertRefused(
      runLesc(["user", "add", "--username", "tech.cli2", "--role", "janitor", ...held.args]),
      /role: must be one of/,
    );
    const scoped = runLesc([
      "user",
      "add",
      "--username",
      "tech.bos",
      "--role",
      "agent",
      "--field-office",
      "BOS",
      ...held.args,
    ]);
    assert.equal(scoped.code, 0, scoped.stderr);
    assertRefused(
      runLesc([
        "user",
        "add",
        "--username",
        "tech.zzz",
        "--role",
        "agent",
        "--field-office",
        "ZZZ",
        ...held.args,
      ]),
      /--field-office: ZZZ is not a field office/,
    );
  });

  it("seeds deterministically and refuses to seed a seeded file twice", () => {
    const result = runLesc([
      "seed",
      "--people",
      "300",
      "--violators",
      "80",
      "--seed",
      "cli-test",
      ...held.args,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.json, { violators: 80, people: 300 });
    assert.match(result.stderr, /seeding: 380\/380 records/);
    assertRefused(
      runLesc(["seed", "--people", "10", "--violators", "0", ...held.args]),
      /already holds people/,
    );
  });

  it("verifies the audit chain, which recorded every command", () => {
    const result = runLesc(["audit", "verify", ...held.args]);
    assert.equal(result.code, 0, result.stderr);
    const out = result.json as { ok: boolean; entries: number };
    assert.equal(out.ok, true);
    assert.ok(out.entries >= 3, "agency, user and seed entries");
  });

  it("refuses a second process on an embedded data dir while a server holds it", {
    skip: storeKind === "server",
  }, async () => {
    const server = await startServer(held.args);
    try {
      const result = await runLescAsync(["audit", "verify", ...held.args]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`is in use by pid ${server.child.pid} .*lesc serve`));
    } finally {
      assert.equal(await server.stop(), 0);
    }
    const after = runLesc(["audit", "verify", ...held.args]);
    assert.equal(after.code, 0, "the lock is released on shutdown");
  });
});
