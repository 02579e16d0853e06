import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { packageRoot } from "../../src/platform/paths.js";
import { loadMigrations } from "../../src/platform/store/migrate.js";
import { openStore, type Store } from "../../src/platform/store/store.js";

/**
 * Every store-backed test runs against the store CI chose: PostgreSQL when DATABASE_URL is
 * set (a fresh database per store), otherwise embedded PGlite (a copy of a migrated
 * template, since creating a PGlite database from scratch takes seconds).
 */
export const storeKind: "server" | "embedded" = process.env.DATABASE_URL ? "server" : "embedded";

export interface TestStore extends Store {
  /** Connection details to open the same store again (after close) in this or another process. */
  readonly reopenArgs: { dataDir?: string; databaseUrl?: string };
  /** Deletes the store's data. Call after close(). */
  destroy(): Promise<void>;
}

export function templateDir(): string {
  const hash = createHash("sha256");
  for (const migration of loadMigrations()) hash.update(migration.checksum);
  const pglite = JSON.parse(
    fs.readFileSync(path.join(packageRoot(), "node_modules/@electric-sql/pglite/package.json"), "utf8"),
  ) as { version: string };
  hash.update(pglite.version);
  return path.join(packageRoot(), ".test-cache", `pglite-template-${hash.digest("hex").slice(0, 16)}`);
}

/** Creates the migrated embedded template once; later calls return at once. */
export async function ensureEmbeddedTemplate(): Promise<string> {
  const dir = templateDir();
  if (fs.existsSync(dir)) return dir;
  const building = `${dir}.building-${process.pid}-${randomBytes(3).toString("hex")}`;
  const store = await openStore({
    location: { kind: "embedded", dataDir: building },
    command: "test template",
  });
  await store.close();
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another process built it first
  }
  return dir;
}

export async function openTestStore(): Promise<TestStore> {
  return storeKind === "server" ? openServerTestStore() : openEmbeddedTestStore();
}

async function openEmbeddedTestStore(): Promise<TestStore> {
  const template = await ensureEmbeddedTemplate();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-test-"));
  fs.cpSync(template, dataDir, { recursive: true });
  const store = await openStore({ location: { kind: "embedded", dataDir }, command: "test" });
  return Object.assign(store, {
    reopenArgs: { dataDir },
    async destroy() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL!;
  const name = `lesc_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function openServerTestStore(): Promise<TestStore> {
  const database = await createServerDatabase();
  const store = await openStore({ location: { kind: "server", url: database.url }, command: "test" });
  return Object.assign(store, {
    reopenArgs: { databaseUrl: database.url },
    destroy: () => database.drop(),
  });
}

/** Opens a closed test store again (after a CLI command or a server used it). */
export function reopenStore(reopenArgs: TestStore["reopenArgs"]): Promise<Store> {
  const location = reopenArgs.dataDir
    ? { kind: "embedded" as const, dataDir: reopenArgs.dataDir }
    : { kind: "server" as const, url: reopenArgs.databaseUrl! };
  return openStore({ location, command: "test" });
}
