import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { Errors } from "../errors.js";
import { packageRoot } from "../paths.js";

/**
 * Versioned, forward-only migrations: `migrations/NNNN_name.sql`, each applied once in its
 * own transaction, recorded with a checksum. Runs under an advisory lock so servers that
 * start together against one PostgreSQL take turns instead of racing.
 */
const MIGRATION_LOCK = 0x1e5c_0001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(): string {
  return path.join(packageRoot(), "migrations");
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new Error(`migration file name ${file} must be NNNN_name.sql`);
      const sql = fs.readFileSync(path.join(dir, file), "utf8");
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`migration versions must run 1, 2, 3…: found ${migration.version}`);
  });
  return migrations;
}

export async function runMigrations(
  pool: pg.Pool,
  log: (line: string) => void,
  migrations = loadMigrations(),
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await refuseForeignDatabase(client);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
        "SELECT version, name, checksum FROM schema_migration ORDER BY version",
      );
      const known = new Map(migrations.map((m) => [m.version, m]));
      for (const applied of rows) {
        const migration = known.get(applied.version);
        if (!migration) {
          throw Errors.storeRefused(
            `store schema has migration ${applied.version} (${applied.name}), newer than this lesc knows; upgrade lesc`,
          );
        }
        if (migration.checksum !== applied.checksum) {
          throw Errors.storeRefused(
            `migration ${applied.version} (${applied.name}) changed after it was applied; migrations are forward-only`,
          );
        }
      }
      const done = new Set(rows.map((r) => r.version));
      let count = 0;
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)", [
            migration.version,
            migration.name,
            migration.checksum,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new Error(
            `migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
          );
        }
        log(`applied migration ${String(migration.version).padStart(4, "0")}_${migration.name}`);
        count++;
      }
      return count;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** A database that already holds other tables and no lesc schema is someone else's. */
async function refuseForeignDatabase(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ ours: boolean; tables: number }>(`
    SELECT to_regclass('public.schema_migration') IS NOT NULL AS ours,
           (SELECT count(*)::int FROM information_schema.tables WHERE table_schema = 'public') AS tables`);
  const row = rows[0]!;
  if (!row.ours && row.tables > 0) {
    throw Errors.storeRefused(
      `the database holds ${row.tables} tables but is not a lesc store; refusing to touch it`,
    );
  }
}
