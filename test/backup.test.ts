import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ROLES } from "../src/platform/auth/index.js";
import { loadMigrations, runMigrations } from "../src/platform/store/migrate.js";
import { openStore } from "../src/platform/store/store.js";
import { type CliResult, runLesc, runLescAsync, storeArgs } from "./support/cli.js";
import { client, iaqText, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { type ServerProcess, startServer } from "./support/server-process.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

const ORI = "ZZ0000071";

describe(`POST /api/v1/backup (${storeKind})`, () => {
  let t: TestLesc;
  before(async () => {
    t = await startTestLesc();
  });
  after(async () => {
    await t?.close();
  });

  it("is for admins only, audited; on PostgreSQL it answers 409 naming pg_dump", async () => {
    const http = client(t.url);
    for (const role of ROLES.filter((r) => r !== "admin")) {
      const token = await staffToken(t, `backup.${role.replace("_", "-")}`, role);
      const refused = await http.call("POST", "/api/v1/backup", token);
      assert.equal(refused.status, 403, `${role}: ${refused.text}`);
    }
    assert.equal((await http.call("POST", "/api/v1/backup")).status, 401);
    const admin = await staffToken(t, "backup.admin", "admin");
    const response = await fetch(`${t.url}/api/v1/backup`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}` },
    });
    if (storeKind === "server") {
      assert.equal(response.status, 409);
      assert.match(((await response.json()) as { error: string }).error, /pg_dump.*pg_basebackup/);
    } else {
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "application/octet-stream");
      const archive = Buffer.from(await response.arrayBuffer());
      assert.equal(archive.subarray(0, 14).toString(), "lesc-backup 1\n");
      assert.match(archive.subarray(-82).toString("latin1"), /^\nlesc-backup-end [0-9a-f]{64}\n$/);
    }
    const { rows } = await t.store.pool.query<{ outcome: string; actor_user: string }>(
      "SELECT outcome, actor_user FROM audit_log WHERE event_type = 'BACKUP_REQUESTED'",
    );
    assert.deepEqual(rows, [
      { outcome: storeKind === "server" ? "FAILURE" : "SUCCESS", actor_user: "backup.admin" },
    ]);
  });
});

describe(`lesc backup and lesc restore of the embedded store (${storeKind})`, {
  skip: storeKind === "server" ? "embedded store only (PostgreSQL: pg_dump / pg_basebackup)" : false,
}, () => {
  let store: TestStore;
  let server: ServerProcess | undefined;
  let args: string[];
  let admin: { username: string; password: string; totpSecret: string };
  let agencyKey: string;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-backup-test-"));
  const archive = path.join(work, "running.lescbak");
  const restored = path.join(work, "restored");

  before(async () => {
    store = await openTestStore();
    await store.close();
    args = storeArgs(store.reopenArgs);
    admin = runLesc(["user", "add", "--username", "ops.admin", "--role", "admin", ...args])
      .json as typeof admin;
    agencyKey = (
      runLesc(["agency", "add", "--ori", ORI, "--name", "Backup PD", "--state", "TX", ...args]).json as {
        apiKey: string;
      }
    ).apiKey;
  });
  after(async () => {
    await server?.stop("SIGKILL");
    await store.destroy();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("backs up a running lesc serve under load: every message accepted before the backup is in the restored store", async () => {
    server = await startServer(args);
    const url = server.url;
    const accepted: { id: number; at: number }[] = [];
    let stop = false;
    let sent = 0;
    const sender = async (lane: number) => {
      while (!stop) {
        sent++;
        const response = await fetch(`${url}/nlets`, {
          method: "POST",
          headers: { authorization: `Bearer ${agencyKey}`, "content-type": "text/plain" },
          body: iaqText({
            ori: ORI,
            control: `B${lane}X${sent}`,
            last: "GARCIA",
            first: "ANA",
            dob: "1980-04-12",
          }),
        });
        const body = (await response.json()) as { messageId: number };
        assert.equal(response.status, 202, JSON.stringify(body));
        accepted.push({ id: body.messageId, at: Date.now() });
      }
    };
    const load = [1, 2, 3, 4].map(sender);
    while (accepted.length < 40) await new Promise((resolve) => setImmediate(resolve));

    // A second process cannot open the running server's data dir: it is told to use --url.
    const offline = await runLescAsync(["backup", ...args, "--out", path.join(work, "offline.lescbak")]);
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /is in use by pid \d+.*lesc backup --url/);

    const startedAt = Date.now();
    const before = new Set(accepted.filter((m) => m.at <= startedAt).map((m) => m.id));
    const backup = await runLescAsync(["backup", "--url", url, "--username", "ops.admin", "--out", archive], {
      LESC_PASSWORD: admin.password,
      LESC_TOTP_SECRET: admin.totpSecret,
    });
    const finishedAt = Date.now();
    stop = true;
    await Promise.all(load);
    assert.equal(backup.code, 0, backup.stderr);
    const during = accepted.filter((m) => m.at > startedAt && m.at < finishedAt).length;
    assert.ok(during > 0, "messages were accepted while the backup ran");
    const manifest = (backup.json as { manifest: { migration: number; audit: { entries: number } } })
      .manifest;
    assert.equal(manifest.migration, loadMigrations().length);
    await server.stop();
    server = undefined;

    const result = runLesc(["restore", "--in", archive, "--data-dir", restored]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((result.json as { audit: unknown }).audit, {
      ok: true,
      entries: manifest.audit.entries + 1,
    });
    const verified = runLesc(["audit", "verify", "--data-dir", restored]);
    assert.equal(verified.code, 0, verified.stderr);

    const copy = await openStore({ location: { kind: "embedded", dataDir: restored }, command: "test" });
    try {
      const { rows: present } = await copy.pool.query<{ id: number }>(
        "SELECT id FROM nlets_message WHERE outcome = 'ACCEPTED' AND id = ANY($1)",
        [[...before]],
      );
      assert.equal(present.length, before.size, "every message that got a 202 before the backup began");
      const { rows: problems } = await copy.pool.query<{ problem: string; n: number }>(`
        SELECT 'IAQ without exactly one inquiry' AS problem, count(*)::int AS n FROM nlets_message m
          WHERE m.mke = 'IAQ' AND m.outcome = 'ACCEPTED' AND (SELECT count(*) FROM inquiry i WHERE i.message_id = m.id) <> 1
        UNION ALL SELECT 'message without exactly one ACK', count(*)::int FROM nlets_message m
          WHERE m.outcome = 'ACCEPTED' AND (SELECT count(*) FROM mailbox_message b WHERE b.in_reply_to = m.id AND b.type = 'ACK') <> 1
        UNION ALL SELECT 'inquiry with more than one PRELIMINARY IAR', count(*)::int FROM inquiry i
          WHERE (SELECT count(*) FROM mailbox_message b WHERE b.in_reply_to = i.message_id AND b.type = 'IAR'
                   AND b.recipient_ori = i.ori AND b.data->>'stage' = 'PRELIMINARY') > 1
        UNION ALL SELECT 'inquiry neither answered nor waiting for its search', count(*)::int FROM inquiry i
          WHERE NOT EXISTS (SELECT 1 FROM mailbox_message b WHERE b.in_reply_to = i.message_id AND b.type = 'IAR')
            AND NOT EXISTS (SELECT 1 FROM job j WHERE j.queue = 'inquiry.search' AND j.state IN ('ready', 'running')
                              AND (j.payload->>'inquiryId')::bigint = i.id)
        UNION ALL SELECT 'accepted message without its audit entry', count(*)::int FROM nlets_message m
          WHERE m.outcome = 'ACCEPTED' AND NOT EXISTS (SELECT 1 FROM audit_log a
            WHERE a.event_type = 'MESSAGE_ACCEPTED' AND a.subject = 'message:' || m.id)`);
      assert.deepEqual(
        problems.filter((p) => p.n > 0),
        [],
      );
      const { rows: own } = await copy.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE event_type = 'BACKUP_REQUESTED' AND actor_user = 'ops.admin'",
      );
      assert.equal(own[0]!.n, 1, "the backup holds the audit entry of its own request");
    } finally {
      await copy.close();
    }
  });

  it("refuses a truncated, corrupted or foreign archive, naming the problem, and writes nothing", () => {
    const bytes = fs.readFileSync(archive);
    const cases: [string, Buffer, RegExp][] = [
      ["truncated", bytes.subarray(0, Math.floor(bytes.length * 0.6)), /is truncated: the end line/],
      ["corrupted", Buffer.from(bytes).fill(0x41, 5000, 5004), /is corrupted: checksum mismatch/],
      ["foreign", Buffer.from("PK\u0003\u0004 not a backup"), /not a lesc backup/],
    ];
    for (const [name, content, reason] of cases) {
      const file = path.join(work, `${name}.lescbak`);
      fs.writeFileSync(file, content);
      const target = path.join(work, `from-${name}`);
      const result = runLesc(["restore", "--in", file, "--data-dir", target]);
      assert.equal(result.code, 1, name);
      assert.match(result.stderr, new RegExp(`--in ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      assert.match(result.stderr, reason);
      assert.equal(fs.existsSync(target), false, `${name}: nothing written`);
    }
  });

  it("restores into a non-empty dir only with --force, and never over a folder that is not a lesc store", () => {
    const refused = runLesc(["restore", "--in", archive, "--data-dir", restored]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--data-dir: .* is not empty; restore will not overwrite it \(--force/);
    const foreign = path.join(work, "foreign");
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, "notes.txt"), "keep me");
    const notStore = runLesc(["restore", "--in", archive, "--data-dir", foreign, "--force"]);
    assert.equal(notStore.code, 1);
    assert.match(notStore.stderr, /is not a lesc store .* even with --force/);
    assert.equal(fs.readFileSync(path.join(foreign, "notes.txt"), "utf8"), "keep me");
    const forced: CliResult = runLesc(["restore", "--in", archive, "--data-dir", restored, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((forced.json as { replaced: boolean }).replaced, true);
  });

  it("backs up a stopped store, and a restored older store migrates forward", async () => {
    const old = path.join(work, "old");
    const migrations = loadMigrations();
    const oldStore = await openStore({
      location: { kind: "embedded", dataDir: old },
      command: "test",
      migrate: false,
    });
    await runMigrations(oldStore.pool, () => {}, migrations.slice(0, -1));
    await oldStore.close();
    const file = path.join(work, "old.lescbak");
    const backup = runLesc(["backup", "--data-dir", old, "--out", file]);
    assert.equal(backup.code, 0, backup.stderr);
    assert.equal(
      (backup.json as { manifest: { migration: number } }).manifest.migration,
      migrations.length - 1,
    );
    const again = runLesc(["backup", "--data-dir", old, "--out", file]);
    assert.match(again.stderr, /--out: .* exists/);
    const target = path.join(work, "upgraded");
    const result = runLesc(["restore", "--in", file, "--data-dir", target]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((result.json as { migrationsApplied: number }).migrationsApplied, 1);
    assert.equal((result.json as { migration: number }).migration, migrations.length);
    assert.match(
      result.stderr,
      new RegExp(`applied migration ${String(migrations.length).padStart(4, "0")}`),
    );
  });

  it("says to use pg_dump for a PostgreSQL store, and refuses a folder that is not a store", () => {
    const pgUrl = runLesc([
      "backup",
      "--database-url",
      "postgres://lesc@db.example.test:5432/lesc",
      "--out",
      path.join(work, "pg.lescbak"),
    ]);
    assert.equal(pgUrl.code, 1);
    assert.match(
      pgUrl.stderr,
      /PostgreSQL \(postgres:\/\/lesc@db\.example\.test:5432\/lesc\): back it up with pg_dump/,
    );
    const missing = runLesc([
      "backup",
      "--data-dir",
      path.join(work, "nothing"),
      "--out",
      path.join(work, "x.lescbak"),
    ]);
    assert.match(missing.stderr, /--data-dir: .* is not a lesc store/);
    assert.equal(fs.existsSync(path.join(work, "nothing")), false, "no store is created by a backup");
  });
});
