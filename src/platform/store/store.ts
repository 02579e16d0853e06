import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import { Errors } from "../errors.js";
import { openDataDir } from "./data-dir.js";
import { runMigrations } from "./migrate.js";
import type { PgliteWorkerData, PgliteWorkerMessage, PgliteWorkerRequest } from "./pglite-worker.js";

// int8 (bigint, count(*)) as JS numbers: our ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value));

export type Db = NodePgDatabase<Record<string, never>>;
/** What domain functions take: the database or an open transaction. */
export type Executor = PgDatabase<NodePgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<
  NodePgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;

export type StoreLocation = { kind: "embedded"; dataDir: string } | { kind: "server"; url: string };

export interface Store {
  readonly kind: "embedded" | "server";
  /** Where the data lives, safe to print (no password). */
  readonly description: string;
  /** The embedded store's folder (absolute); undefined for a server. */
  readonly dataDir?: string;
  readonly pool: pg.Pool;
  readonly db: Db;
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Embedded store only: copies the PGlite files to the new directory `into`, consistent,
   * between transactions. It takes the store's one connection (so no transaction is open),
   * runs a CHECKPOINT, calls `read` on that connection (what it reads describes the copy
   * exactly), and copies the files under PGlite's query lock. Writers wait meanwhile.
   */
  snapshot?<T>(into: string, read: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  location: StoreLocation;
  /** Shown to a second process that finds the embedded data dir locked. */
  command?: string;
  /** Pool size for a server; the embedded store always has one connection. */
  poolSize?: number;
  migrate?: boolean;
  log?: (line: string) => void;
  /** The embedded store's page cache (PostgreSQL's shared_buffers), in MB. */
  cacheMb?: number;
}

/**
 * The embedded store's page cache: LESC_STORE_CACHE_MB if set, else half the size of the
 * database files, from 128 MB (PostgreSQL's default, what a small store gets) to 1 GB. Each
 * MB is memory of the lesc process, and a larger cache takes longer to set up at open.
 */
export function embeddedCacheMb(pgdataDir: string): number {
  const raw = process.env.LESC_STORE_CACHE_MB;
  if (raw !== undefined && raw !== "") {
    const mb = Number(raw);
    if (!Number.isInteger(mb) || mb < 16 || mb > 2048) {
      throw Errors.config("LESC_STORE_CACHE_MB: must be a whole number of megabytes from 16 to 2048");
    }
    return mb;
  }
  const databaseMb = folderBytes(path.join(pgdataDir, "base")) / 2 ** 20;
  return Math.min(1024, Math.max(128, Math.round(databaseMb / 2)));
}

function folderBytes(folder: string): number {
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else if (entry.isFile()) total += fs.statSync(full, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

/** Chooses the store from command-line flags and the environment (contract §1). */
export function resolveStoreLocation(flags: {
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
}): StoreLocation {
  const url = flags.databaseUrl ?? (flags.dataDir === undefined ? process.env.DATABASE_URL : undefined);
  if (flags.dataDir !== undefined && flags.databaseUrl !== undefined) {
    throw Errors.config("--data-dir and --database-url: give one, not both");
  }
  if (url !== undefined && url !== "") return { kind: "server", url: checkDatabaseUrl(url) };
  return { kind: "embedded", dataDir: flags.dataDir ?? "./data" };
}

function checkDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw Errors.config("--database-url: must be a URL like postgres://user@host:5432/database");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw Errors.config(
      `--database-url: scheme must be postgres:// or postgresql://, not ${parsed.protocol}//`,
    );
  }
  if (parsed.pathname.length <= 1) throw Errors.config("--database-url: must name a database (…/database)");
  return url;
}

export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = "";
  return `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ""}${parsed.host}${parsed.pathname}`;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const opened =
    options.location.kind === "server"
      ? await openServerStore(options.location.url, options.poolSize ?? 10)
      : await openEmbeddedStore(options.location.dataDir, options.command ?? "lesc", options.cacheMb);
  const { pool, description, shutdown, snapshot, dataDir } = opened;
  const db = drizzle(pool) as Db;
  const store: Store = {
    kind: options.location.kind,
    description,
    pool,
    db,
    transaction: (work) => db.transaction(work),
    ...(snapshot ? { snapshot } : {}),
    ...(dataDir ? { dataDir } : {}),
    async close() {
      await pool.end();
      await shutdown();
    },
  };
  if (options.migrate !== false) {
    try {
      await runMigrations(pool, options.log ?? (() => {}));
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

interface OpenedPool {
  pool: pg.Pool;
  description: string;
  shutdown(): Promise<void>;
  snapshot?: Store["snapshot"];
  dataDir?: string;
}

async function openServerStore(url: string, poolSize: number): Promise<OpenedPool> {
  const description = describeDatabaseUrl(url);
  // JIT off for lesc's sessions: its statements are short, and the planner's row estimates for
  // array containment (the matching index) are high enough to make PostgreSQL compile each
  // search, about 5 ms of a 20 ms query at 10M records.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    options: "-c jit=off",
  });
  pool.on("error", () => {
    // an idle client lost its connection; the pool replaces it on next use
  });
  // A client checked out of the pool (in a transaction, between two queries) has no listener
  // for its connection dying, and an unheard 'error' event ends the process: a PostgreSQL
  // restart or failover took lesc down with it. Heard here, the client's next query fails
  // (the request answers 503) and the pool discards it on release.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  try {
    const { rows } = await pool.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    const version = Number(rows[0]?.v);
    if (version < 150000) {
      throw Errors.storeRefused(`${description}: PostgreSQL ${version} is too old; lesc needs 15 or newer`);
    }
  } catch (error) {
    await pool.end().catch(() => {});
    if ((error as { code?: string }).code === "LESC_STORE_REFUSED") throw error;
    throw Errors.storeRefused(`cannot use PostgreSQL at ${description}: ${(error as Error).message}`);
  }
  return { pool, description, shutdown: async () => {} };
}

async function openEmbeddedStore(
  dataDir: string,
  command: string,
  cacheMb: number | undefined,
): Promise<OpenedPool> {
  const lock = openDataDir(dataDir, command);
  let sharedBuffersMb: number;
  try {
    sharedBuffersMb = cacheMb ?? embeddedCacheMb(lock.pgdataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-pglite-"));
  const socketPath = path.join(socketDir, ".s.PGSQL.5432");
  const workerData: PgliteWorkerData = { pgdataDir: lock.pgdataDir, socketPath, sharedBuffersMb };
  const worker = new Worker(new URL("./pglite-worker.js", import.meta.url), { workerData });
  const cleanup = () => {
    fs.rmSync(socketDir, { recursive: true, force: true });
    lock.release();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("message", (message: PgliteWorkerMessage) => {
        if (message.type === "ready") resolve();
        else if (message.type === "failed") reject(new Error(message.message));
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`embedded store worker exited with code ${code}`)));
    });
  } catch (error) {
    await worker.terminate();
    cleanup();
    throw Errors.storeRefused(
      `--data-dir ${dataDir}: cannot open the embedded store: ${(error as Error).message}`,
    );
  }
  worker.removeAllListeners("exit");
  const pool = new pg.Pool({
    host: socketDir,
    port: 5432,
    user: "postgres",
    database: "postgres",
    max: 1,
    // One connection: a transaction that asks the pool for a second connection would wait
    // forever. Fail loudly instead.
    connectionTimeoutMillis: 60_000,
  });
  pool.on("error", () => {});
  const copyFiles = (to: string) =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (message: PgliteWorkerMessage) => {
        if (message.type !== "copied") return;
        worker.off("message", onMessage);
        if (message.error) reject(new Error(`copying the embedded store failed: ${message.error}`));
        else resolve();
      };
      worker.on("message", onMessage);
      worker.postMessage({ type: "copy", to } satisfies PgliteWorkerRequest);
    });
  return {
    pool,
    description: `embedded store ${lock.dataDir}`,
    dataDir: lock.dataDir,
    async snapshot(into, read) {
      const client = await pool.connect();
      try {
        await client.query("CHECKPOINT");
        const described = await read(client);
        await copyFiles(into);
        return described;
      } finally {
        client.release();
      }
    },
    async shutdown() {
      const closed = new Promise<void>((resolve) => {
        worker.on("message", (message: PgliteWorkerMessage) => {
          if (message.type === "closed") resolve();
        });
        worker.once("exit", () => resolve());
      });
      worker.postMessage({ type: "close" } satisfies PgliteWorkerRequest);
      await closed;
      await worker.terminate();
      cleanup();
    },
  };
}
