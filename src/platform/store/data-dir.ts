import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Errors } from "../errors.js";

/**
 * The embedded store's folder: a marker saying it is a lesc store, the PGlite files, and a
 * lock file. PGlite itself does not stop a second process from opening the same files (a
 * second writer's commits were seen to vanish), so lesc holds its own lock.
 */
export const STORE_MARKER = "lesc-store.json";
export const LOCK_FILE = "lesc.lock";
export const PGDATA = "pgdata";
const FORMAT = { format: "lesc-store", version: 1 } as const;

export interface DataDirLock {
  readonly dataDir: string;
  readonly pgdataDir: string;
  release(): void;
}

interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

/** Opens (creating when new) a lesc data dir and takes its lock, or throws a one-line refusal. */
export function openDataDir(dataDir: string, command: string): DataDirLock {
  const dir = path.resolve(dataDir);
  prepareDataDir(dir, dataDir);
  const lockPath = path.join(dir, LOCK_FILE);
  takeLock(lockPath, dataDir, command);
  let released = false;
  return {
    dataDir: dir,
    pgdataDir: path.join(dir, PGDATA),
    release() {
      if (released) return;
      released = true;
      try {
        const holder = readHolder(lockPath);
        if (holder?.pid === process.pid) fs.unlinkSync(lockPath);
      } catch {
        // the lock file is already gone: nothing to release
      }
    },
  };
}

function prepareDataDir(dir: string, shownAs: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw Errors.storeRefused(`--data-dir ${shownAs}: ${(error as Error).message}`);
    }
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (mkdirError) {
      throw Errors.storeRefused(`--data-dir ${shownAs}: cannot create: ${(mkdirError as Error).message}`);
    }
    entries = [];
  }
  const markerPath = path.join(dir, STORE_MARKER);
  if (entries.length === 0) {
    fs.writeFileSync(markerPath, `${JSON.stringify({ ...FORMAT, createdAt: new Date().toISOString() })}\n`);
    return;
  }
  if (!entries.includes(STORE_MARKER)) {
    throw Errors.storeRefused(
      `--data-dir ${shownAs} is not a lesc store (no ${STORE_MARKER}); refusing to touch it`,
    );
  }
  let marker: { format?: unknown; version?: unknown };
  try {
    marker = JSON.parse(fs.readFileSync(markerPath, "utf8"));
  } catch {
    throw Errors.storeRefused(`--data-dir ${shownAs}: ${STORE_MARKER} is unreadable`);
  }
  if (marker.format !== FORMAT.format || marker.version !== FORMAT.version) {
    throw Errors.storeRefused(
      `--data-dir ${shownAs}: store format ${String(marker.format)} v${String(marker.version)} is not one this lesc reads`,
    );
  }
}

function takeLock(lockPath: string, shownAs: string, command: string): void {
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx", 0o600);
      fs.writeSync(fd, `${JSON.stringify(holder)}\n`);
      fs.closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = readHolder(lockPath);
    if (current && isAlive(current)) {
      throw Errors.storeRefused(
        `--data-dir ${shownAs} is in use by pid ${current.pid} on ${current.host} (${current.command}, since ${current.startedAt})`,
      );
    }
    // The holder is gone (killed, crashed): its lock is stale. Move it aside, then retry once.
    try {
      fs.renameSync(lockPath, `${lockPath}.stale`);
    } catch {
      // another opener moved it first; the retry decides who wins
    }
  }
  throw Errors.storeRefused(`--data-dir ${shownAs}: could not take the lock ${LOCK_FILE}`);
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return true; // cannot tell; assume it is alive
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
