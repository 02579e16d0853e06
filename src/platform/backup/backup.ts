import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { verifyAuditChain, writeAudit } from "../audit/index.js";
import type { Clock } from "../clock.js";
import { Errors } from "../errors.js";
import { openDataDir, PGDATA, STORE_MARKER } from "../store/data-dir.js";
import { loadMigrations, runMigrations } from "../store/migrate.js";
import { openStore, type Store } from "../store/store.js";
import {
  archiveStream,
  type BackupManifest,
  lescVersion,
  listTree,
  readArchive,
  writeEntries,
} from "./archive.js";

/**
 * Backup and restore of the embedded store. A backup is a copy of the PGlite files taken
 * through the store's own serialisation (its one connection, a CHECKPOINT, PGlite's query
 * lock), so no transaction is half in it, whether `lesc serve` is running or not. A
 * PostgreSQL server has its own tools (pg_dump, pg_basebackup); lesc does not pretend.
 */
const SCRATCH_PREFIX = ".backup-";
/** Scratch copies of backups being sent now (two admins may ask at once). */
const inProgress = new Set<string>();

export function postgresBackupAdvice(description: string): string {
  return `the store is PostgreSQL (${description}): back it up with pg_dump, or pg_basebackup with WAL archiving (docs/operations.md); lesc backup copies the embedded store only`;
}

export interface TakenBackup {
  manifest: BackupManifest;
  /** The archive; the copy it is read from is deleted when the stream ends or is destroyed. */
  stream: Readable;
}

/** A consistent copy of an open embedded store, ready to stream. */
export async function takeBackup(store: Store, clock: Clock): Promise<TakenBackup> {
  if (!store.snapshot || !store.dataDir) throw Errors.conflict(postgresBackupAdvice(store.description));
  // The store is ours (locked): a scratch folder that is not a backup still being sent was
  // left by an interrupted one.
  for (const name of fs.readdirSync(store.dataDir)) {
    const stale = path.join(store.dataDir, name);
    if (name.startsWith(SCRATCH_PREFIX) && !inProgress.has(stale))
      fs.rmSync(stale, { recursive: true, force: true });
  }
  const scratch = fs.mkdtempSync(path.join(store.dataDir, SCRATCH_PREFIX));
  inProgress.add(scratch);
  const discard = () => {
    inProgress.delete(scratch);
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const copy = path.join(scratch, PGDATA);
    const described = await store.snapshot(copy, async (client) => {
      const { rows } = await client.query<{
        migration: number;
        entries: number;
        last_seq: number | null;
        last_hash: string | null;
      }>(`SELECT (SELECT coalesce(max(version), 0)::int FROM schema_migration) AS migration,
                 (SELECT count(*)::int FROM audit_log) AS entries,
                 (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1) AS last_seq,
                 (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS last_hash`);
      return rows[0]!;
    });
    const files = listTree(copy).filter((entry) => !entry.dir);
    const manifest: BackupManifest = {
      format: "lesc-backup",
      version: 1,
      lesc: lescVersion(),
      migration: described.migration,
      createdAt: clock.now().toISOString(),
      source: store.description,
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.size, 0),
      audit: { entries: described.entries, lastSeq: described.last_seq, lastHash: described.last_hash },
    };
    const stream = archiveStream(copy, manifest);
    stream.once("close", discard);
    return { manifest, stream };
  } catch (error) {
    discard();
    throw error;
  }
}

export interface RestoreOptions {
  /** The archive file. */
  archive: string;
  dataDir: string;
  /** Replace an existing lesc store (never a folder that is not one). */
  force: boolean;
  clock: Clock;
  log: (line: string) => void;
}

export interface RestoreResult {
  dataDir: string;
  backup: { createdAt: string; lesc: string; migration: number; source: string };
  migrationsApplied: number;
  migration: number;
  audit: { ok: true; entries: number };
  replaced: boolean;
}

/**
 * Restores an archive into `dataDir`: checks the archive completely first, builds the store
 * in a folder beside the target, opens it (migrating forward when the backup is older),
 * verifies the audit chain and that it ends where the backup's manifest says, and only then
 * puts it in place.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(options.archive);
  } catch (error) {
    throw Errors.invalidField(
      "--in",
      `cannot read ${options.archive}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const { manifest, entries } = readArchive(bytes, `--in ${options.archive}`);
  const known = loadMigrations().length;
  if (manifest.migration > known) {
    throw Errors.invalidField(
      `--in ${options.archive}`,
      `was made by a newer lesc (${manifest.lesc}, schema migration ${manifest.migration}; this lesc knows up to ${known}): upgrade lesc first`,
    );
  }

  const target = path.resolve(options.dataDir);
  const existing = readEntries(target);
  // Hold the target's lock from here to the swap, so no server opens it meanwhile.
  let targetLock: ReturnType<typeof openDataDir> | undefined;
  if (existing.length > 0) {
    if (!options.force) {
      throw Errors.invalidField(
        "--data-dir",
        `${options.dataDir} is not empty; restore will not overwrite it (--force replaces an existing lesc store)`,
      );
    }
    if (!existing.includes(STORE_MARKER)) {
      throw Errors.invalidField(
        "--data-dir",
        `${options.dataDir} is not a lesc store (no ${STORE_MARKER}); restore will not replace it even with --force`,
      );
    }
    targetLock = openDataDir(options.dataDir, "lesc restore");
  }

  const staging = `${target}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    openDataDir(staging, "lesc restore").release(); // a fresh, marked lesc store folder
    writeEntries(path.join(staging, PGDATA), entries);
    options.log(
      `restore: wrote ${manifest.files} files (${manifest.bytes} bytes) from the backup of ${manifest.createdAt}`,
    );
    const checked = await openRestored(staging, manifest, options);
    targetLock?.release();
    const replaced = existing.length > 0;
    const aside = `${target}.replaced-${process.pid}`;
    if (replaced) fs.renameSync(target, aside);
    else if (fs.existsSync(target)) fs.rmdirSync(target);
    fs.renameSync(staging, target);
    if (replaced) fs.rmSync(aside, { recursive: true, force: true });
    return {
      dataDir: target,
      backup: {
        createdAt: manifest.createdAt,
        lesc: manifest.lesc,
        migration: manifest.migration,
        source: manifest.source,
      },
      ...checked,
      replaced,
    };
  } catch (error) {
    targetLock?.release();
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function readEntries(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw Errors.invalidField("--data-dir", `${dir}: ${(error as Error).message}`);
  }
}

async function openRestored(
  dir: string,
  manifest: BackupManifest,
  options: RestoreOptions,
): Promise<Pick<RestoreResult, "migrationsApplied" | "migration" | "audit">> {
  const store = await openStore({
    location: { kind: "embedded", dataDir: dir },
    command: "lesc restore",
    migrate: false,
  });
  try {
    const level = async () =>
      (
        await store.pool.query<{ v: number }>(
          "SELECT coalesce(max(version), 0)::int AS v FROM schema_migration",
        )
      ).rows[0]!.v;
    const restoredLevel = await level();
    if (restoredLevel !== manifest.migration) {
      throw Errors.storeRefused(
        `restore: the restored store is at migration ${restoredLevel}, the manifest says ${manifest.migration}`,
      );
    }
    const migrationsApplied = await runMigrations(store.pool, options.log);
    const chain = await verifyAuditChain(store.db);
    if (!chain.ok) {
      throw Errors.storeRefused(
        `restore: the restored audit chain is broken at entry ${chain.firstBad.seq}: ${chain.firstBad.reason}`,
      );
    }
    const { rows } = await store.pool.query<{ seq: number | null; hash: string | null }>(
      "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
    );
    const last = rows[0] ?? { seq: null, hash: null };
    if (last.seq !== manifest.audit.lastSeq || last.hash !== manifest.audit.lastHash) {
      throw Errors.storeRefused(
        `restore: the restored audit log ends at entry ${last.seq}, the manifest says ${manifest.audit.lastSeq}`,
      );
    }
    // The restore itself goes on the record, chained after the last entry of the backup.
    await store.transaction((tx) =>
      writeAudit(tx, options.clock, {
        component: "operations",
        eventType: "STORE_RESTORED",
        outcome: "SUCCESS",
        actorUser: "cli",
        subject: "store",
        purpose: "restore from backup",
        details: {
          backupCreatedAt: manifest.createdAt,
          backupLesc: manifest.lesc,
          backupMigration: manifest.migration,
          migrationsApplied,
        },
      }),
    );
    return { migrationsApplied, migration: await level(), audit: { ok: true, entries: chain.entries + 1 } };
  } finally {
    await store.close();
  }
}
