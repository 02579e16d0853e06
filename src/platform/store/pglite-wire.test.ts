import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { openStore, type Store } from "./store.js";

/**
 * The embedded store's wire server (pglite-wire.ts): PGlite has one backend, so connections
 * take turns a transaction at a time, and a connection that dies inside a transaction has it
 * rolled back. Always on the embedded store (it is what these tests are about).
 */
describe("embedded store wire server", () => {
  let dir: string;
  let store: Store;
  const connect = async () => {
    const options = store.pool.options;
    const client = new pg.Client({
      host: options.host,
      port: options.port,
      user: "postgres",
      database: "postgres",
    });
    client.on("error", () => {});
    await client.connect();
    return client;
  };
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-wire-"));
    store = await openStore({ location: { kind: "embedded", dataDir: dir }, migrate: false });
    await store.pool.query("CREATE TABLE wire_test (n int NOT NULL)");
  });
  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs parameterised statements, results and errors as PostgreSQL does", async () => {
    const { rows } = await store.pool.query("SELECT $1::int + $2::int AS sum, $3::text AS word", [
      2,
      3,
      "ok",
    ]);
    assert.deepEqual(rows, [{ sum: 5, word: "ok" }]);
    await assert.rejects(store.pool.query("SELECT 1/0"), /division by zero/);
    const big = "x".repeat(300_000);
    const echoed = await store.pool.query("SELECT length($1::text) AS n", [big]);
    assert.equal(echoed.rows[0].n, 300_000, "a message larger than one socket read arrives whole");
  });

  it("holds another connection's statements until an open transaction ends", async () => {
    const a = await connect();
    const b = await connect();
    try {
      await a.query("BEGIN");
      await a.query("INSERT INTO wire_test VALUES (1)");
      const bRead = b.query("SELECT count(*)::int AS n FROM wire_test");
      await a.query("INSERT INTO wire_test VALUES (2)");
      await a.query("ROLLBACK");
      // Run inside a's transaction, b would have counted 1 or 2 rows.
      assert.equal((await bRead).rows[0].n, 0, "b ran after a's transaction ended");
    } finally {
      await a.end();
      await b.end();
    }
  });

  it("rolls back the transaction of a connection that dies, and serves the others", async () => {
    const a = await connect();
    const b = await connect();
    try {
      await a.query("BEGIN");
      await a.query("INSERT INTO wire_test VALUES (99)");
      const bRead = b.query("SELECT count(*)::int AS n FROM wire_test WHERE n = 99");
      (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      const { rows } = await bRead;
      assert.equal(rows[0].n, 0, "the dead connection's insert was rolled back");
      const after = await b.query("SELECT count(*)::int AS n FROM wire_test");
      assert.equal(after.rows[0].n, 0);
    } finally {
      await b.end();
    }
  });
});
