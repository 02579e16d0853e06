import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { Errors } from "../errors.js";
import { packageRoot } from "../paths.js";

/**
 * The backup archive of an embedded store, one file:
 *
 *   lesc-backup 1\n
 *   {manifest as one JSON line}\n
 *   gzip( for each file or folder of the PGlite data: {"path","size"|"dir"} JSON line, then its bytes )
 *   \nlesc-backup-end <sha256 of everything before this line>\n
 *
 * It is written as a stream (the server sends it while it is being made), so the checksum
 * comes last: a copy cut short has no end line, a damaged one a wrong checksum. Restore
 * checks both, then the manifest, then every entry against the manifest, before it writes
 * anything.
 */
export const ARCHIVE_FORMAT = "lesc-backup";
export const ARCHIVE_VERSION = 1;
const MAGIC = Buffer.from(`${ARCHIVE_FORMAT} ${ARCHIVE_VERSION}\n`);
const END_PREFIX = `\n${ARCHIVE_FORMAT}-end `;
const END_LENGTH = END_PREFIX.length + 64 + 1;

export interface BackupManifest {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  /** The lesc version that made it. */
  lesc: string;
  /** The store's schema level: the newest migration applied. */
  migration: number;
  createdAt: string;
  /** The store it came from (a path or "embedded store …"; never a password). */
  source: string;
  files: number;
  bytes: number;
  /** The audit log at the moment of the copy: restore checks the restored chain ends here. */
  audit: { entries: number; lastSeq: number | null; lastHash: string | null };
}

export interface ArchiveEntry {
  path: string;
  /** Undefined for a folder. */
  data?: Buffer;
}

export function lescVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** The files and folders under `root`, parents before children, in a stable order. */
export function listTree(root: string): { path: string; dir: boolean; size: number }[] {
  const out: { path: string; dir: boolean; size: number }[] = [];
  const walk = (relative: string) => {
    const names = fs.readdirSync(path.join(root, relative)).sort();
    for (const name of names) {
      const child = relative === "" ? name : `${relative}/${name}`;
      const stat = fs.statSync(path.join(root, child));
      if (stat.isDirectory()) {
        out.push({ path: child, dir: true, size: 0 });
        walk(child);
      } else if (stat.isFile()) {
        out.push({ path: child, dir: false, size: stat.size });
      }
    }
  };
  walk("");
  return out;
}

/** The archive of the folder `root` (a quiescent copy of the PGlite data), as a stream. */
export function archiveStream(root: string, manifest: BackupManifest): Readable {
  async function* entries() {
    for (const entry of listTree(root)) {
      if (entry.dir) {
        yield Buffer.from(`${JSON.stringify({ path: entry.path, dir: true })}\n`);
        continue;
      }
      const data = fs.readFileSync(path.join(root, entry.path));
      yield Buffer.from(`${JSON.stringify({ path: entry.path, size: data.length })}\n`);
      yield data;
    }
  }
  async function* whole() {
    const hash = createHash("sha256");
    const emit = (chunk: Buffer) => {
      hash.update(chunk);
      return chunk;
    };
    yield emit(MAGIC);
    yield emit(Buffer.from(`${JSON.stringify(manifest)}\n`));
    for await (const chunk of Readable.from(entries()).pipe(zlib.createGzip())) yield emit(chunk as Buffer);
    yield Buffer.from(`${END_PREFIX}${hash.digest("hex")}\n`);
  }
  return Readable.from(whole());
}

/**
 * Reads and checks an archive completely, before anything is written: the end line and
 * checksum, the manifest, the compressed body, and every entry against the manifest.
 * `shownAs` names the file in the errors (`--in FILE`).
 */
export function readArchive(
  bytes: Buffer,
  shownAs: string,
): { manifest: BackupManifest; entries: ArchiveEntry[] } {
  const bad = (rule: string) => Errors.invalidField(shownAs, rule);
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw bad(`not a lesc backup (it does not start with "${ARCHIVE_FORMAT} ${ARCHIVE_VERSION}")`);
  }
  const end = bytes.subarray(Math.max(0, bytes.length - END_LENGTH)).toString("latin1");
  const endMatch = new RegExp(`^${END_PREFIX.replace("\n", "\\n")}([0-9a-f]{64})\\n$`).exec(end);
  if (!endMatch) {
    throw bad(
      `is truncated: the end line "${END_PREFIX.trim()} <sha256>" is missing (the copy stopped early?)`,
    );
  }
  const body = bytes.subarray(0, bytes.length - END_LENGTH);
  const actual = createHash("sha256").update(body).digest("hex");
  if (actual !== endMatch[1]) {
    throw bad(
      `is corrupted: checksum mismatch (the end line says sha256 ${endMatch[1]}, the content is ${actual})`,
    );
  }
  const manifestEnd = body.indexOf(0x0a, MAGIC.length);
  if (manifestEnd < 0) throw bad("has no manifest line");
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(body.subarray(MAGIC.length, manifestEnd).toString("utf8")) as BackupManifest;
  } catch {
    throw bad("manifest is not JSON");
  }
  if (manifest.format !== ARCHIVE_FORMAT || manifest.version !== ARCHIVE_VERSION) {
    throw bad(
      `manifest: format ${String(manifest.format)} v${String(manifest.version)} is not one this lesc reads`,
    );
  }
  for (const field of ["migration", "files", "bytes"] as const) {
    if (!Number.isInteger(manifest[field]) || manifest[field] < 0)
      throw bad(`manifest.${field}: must be a whole number`);
  }
  let unpacked: Buffer;
  try {
    unpacked = zlib.gunzipSync(body.subarray(manifestEnd + 1));
  } catch (error) {
    throw bad(`compressed content is damaged: ${(error as Error).message}`);
  }
  const entries = parseEntries(unpacked, bad);
  const files = entries.filter((entry) => entry.data !== undefined);
  const total = files.reduce((sum, entry) => sum + entry.data!.length, 0);
  if (files.length !== manifest.files || total !== manifest.bytes) {
    throw bad(
      `holds ${files.length} files (${total} bytes) but its manifest lists ${manifest.files} (${manifest.bytes} bytes)`,
    );
  }
  return { manifest, entries };
}

function parseEntries(unpacked: Buffer, bad: (rule: string) => Error): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let at = 0;
  while (at < unpacked.length) {
    const lineEnd = unpacked.indexOf(0x0a, at);
    if (lineEnd < 0) throw bad(`entry ${entries.length + 1}: header line is cut off`);
    let header: { path?: unknown; size?: unknown; dir?: unknown };
    try {
      header = JSON.parse(unpacked.subarray(at, lineEnd).toString("utf8"));
    } catch {
      throw bad(`entry ${entries.length + 1}: header is not JSON`);
    }
    const entryPath = header.path;
    // Paths stay inside the restored folder: relative, no "..", no absolute or odd names.
    if (
      typeof entryPath !== "string" ||
      entryPath === "" ||
      entryPath.startsWith("/") ||
      entryPath.split("/").some((part) => part === "" || part === "." || part === "..")
    ) {
      throw bad(
        `entry ${entries.length + 1}: path ${JSON.stringify(entryPath)} is not a relative path inside the store`,
      );
    }
    at = lineEnd + 1;
    if (header.dir === true) {
      entries.push({ path: entryPath });
      continue;
    }
    const size = header.size;
    if (typeof size !== "number" || !Number.isInteger(size) || size < 0 || at + size > unpacked.length) {
      throw bad(`entry ${entryPath}: size ${String(size)} does not fit the archive`);
    }
    entries.push({ path: entryPath, data: unpacked.subarray(at, at + size) });
    at += size;
  }
  return entries;
}

/** Writes the entries under `root` (which must exist and be empty). */
export function writeEntries(root: string, entries: ArchiveEntry[]): void {
  for (const entry of entries) {
    const target = path.join(root, entry.path);
    if (entry.data === undefined) fs.mkdirSync(target, { recursive: true, mode: 0o700 });
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fs.writeFileSync(target, entry.data, { mode: 0o600 });
    }
  }
}
