import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import {
  createServerDatabase,
  openTestStore,
  storeKind,
  type TestStore,
} from "../../../test/support/test-store.js";
import { loadMigrations, runMigrations } from "./migrate.js";
import { openStore, resolveStoreLocation } from "./store.js";

describe(`store (${storeKind})`, () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });

  it("has every migration applied and the matching extensions loaded", async () => {
    const { rows } = await store.pool.query("SELECT version FROM schema_migration ORDER BY version");
    assert.deepEqual(
      rows.map((r) => r.version),
      loadMigrations().map((m) => m.version),
    );
    const probe = await store.pool.query(
      "SELECT similarity('GARCIA', 'GARSIA') AS sim, dmetaphone('GARCIA') AS key, levenshtein('LOPEZ', 'LOPES') AS d",
    );
    assert.ok(probe.rows[0].sim > 0.3);
    assert.equal(probe.rows[0].key, "KRS");
    assert.equal(probe.rows[0].d, 1);
  });

  it("answers the next query normally after one fails", async () => {
    // Regression: pg's pool drops a connection after an error; the embedded store's socket
    // server must admit the replacement instead of resetting it.
    await assert.rejects(store.pool.query("SELECT 1/0"), /division by zero/);
    const { rows } = await store.pool.query("SELECT 1 AS ok");
    assert.deepEqual(rows, [{ ok: 1 }]);
  });

  it("running migrations again applies nothing", async () => {
    assert.equal(await runMigrations(store.pool, () => {}), 0);
  });

  it("refuses to start when an applied migration was edited", async () => {
    const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await assert.rejects(
      runMigrations(store.pool, () => {}, edited),
      /changed after it was applied/,
    );
  });

  it("refuses a store whose schema is newer than this code", async () => {
    const older = loadMigrations().slice(0, -1);
    if (older.length === 0) {
      await assert.rejects(
        runMigrations(store.pool, () => {}, []),
        /newer than this lesc knows/,
      );
    } else {
      await assert.rejects(
        runMigrations(store.pool, () => {}, older),
        /newer than this lesc knows/,
      );
    }
  });

  it("keeps committed data across close and reopen", async () => {
    await store.db.execute(sql`CREATE TABLE IF NOT EXISTS test_kept (v text)`);
    await store.db.execute(sql`INSERT INTO test_kept VALUES ('kept')`);
    await store.close();
    const again = await openStore({
      location: store.reopenArgs.dataDir
        ? { kind: "embedded", dataDir: store.reopenArgs.dataDir }
        : { kind: "server", url: store.reopenArgs.databaseUrl! },
    });
    const { rows } = await again.pool.query("SELECT v FROM test_kept");
    assert.deepEqual(rows, [{ v: "kept" }]);
    store = Object.assign(again, { reopenArgs: store.reopenArgs, destroy: store.destroy });
  });
});

describe("store location and refusals", () => {
  it("takes --database-url over DATABASE_URL and rejects bad URLs naming the flag", () => {
    assert.deepEqual(resolveStoreLocation({ dataDir: "/x" }), { kind: "embedded", dataDir: "/x" });
    assert.throws(
      () => resolveStoreLocation({ databaseUrl: "mysql://h/db" }),
      /--database-url: scheme must be postgres/,
    );
    assert.throws(() => resolveStoreLocation({ databaseUrl: "not a url" }), /--database-url: must be a URL/);
    assert.throws(() => resolveStoreLocation({ databaseUrl: "postgres://h:5432" }), /must name a database/);
    assert.throws(
      () => resolveStoreLocation({ dataDir: "d", databaseUrl: "postgres://h/db" }),
      /give one, not both/,
    );
  });

  it("refuses an unreachable server with a one-line reason", async () => {
    await assert.rejects(
      openStore({ location: { kind: "server", url: "postgres://nobody@127.0.0.1:1/none" } }),
      (error: Error) =>
        /cannot use PostgreSQL at postgres:\/\/nobody@127.0.0.1:1\/none/.test(error.message) &&
        !error.message.includes("\n"),
    );
  });

  it("refuses a data dir that is not a lesc store and leaves it untouched", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-foreign-"));
    fs.writeFileSync(path.join(dir, "thesis.txt"), "mine");
    await assert.rejects(openStore({ location: { kind: "embedded", dataDir: dir } }), /is not a lesc store/);
    assert.deepEqual(fs.readdirSync(dir), ["thesis.txt"]);
    fs.rmSync(dir, { recursive: true });
  });

  it("refuses a second opener of an embedded data dir, naming the holder", {
    skip: storeKind === "server",
  }, async () => {
    const store = await openTestStore();
    try {
      await assert.rejects(
        openStore({ location: { kind: "embedded", dataDir: store.reopenArgs.dataDir! } }),
        new RegExp(`is in use by pid ${process.pid}`),
      );
    } finally {
      await store.close();
      await store.destroy();
    }
  });

  it("lets two servers migrate one fresh database at once without a race", {
    skip: storeKind !== "server",
  }, async () => {
    const database = await createServerDatabase();
    try {
      const [a, b] = await Promise.all([
        openStore({ location: { kind: "server", url: database.url } }),
        openStore({ location: { kind: "server", url: database.url } }),
      ]);
      const { rows } = await a.pool.query("SELECT count(*)::int AS n FROM schema_migration");
      assert.equal(rows[0].n, loadMigrations().length);
      await a.close();
      await b.close();
    } finally {
      await database.drop();
    }
  });

  it("refuses a server database that holds someone else's tables", {
    skip: storeKind !== "server",
  }, async () => {
    const database = await createServerDatabase();
    try {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query("CREATE TABLE payroll (id int)");
      await client.end();
      await assert.rejects(
        openStore({ location: { kind: "server", url: database.url } }),
        /not a lesc store/,
      );
    } finally {
      await database.drop();
    }
  });
});
