import fs from "node:fs";
import path from "node:path";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { totpCode } from "../platform/auth/index.js";
import { postgresBackupAdvice, readArchive, takeBackup } from "../platform/backup/index.js";
import { systemClock } from "../platform/clock.js";
import { Errors, LescError } from "../platform/errors.js";
import { STORE_MARKER } from "../platform/store/data-dir.js";
import { describeDatabaseUrl, openStore, resolveStoreLocation } from "../platform/store/store.js";
import { parseCommandArgs, printJson, requireString, STORE_FLAGS } from "./args.js";

/**
 * `lesc backup --out FILE (--url URL | --data-dir DIR)`: a consistent archive of the embedded
 * store. With `--url`, the running `lesc serve` makes it between transactions and streams it
 * (an admin log-on: `LESC_TOKEN`, or `--username` with `LESC_PASSWORD` and `--totp CODE` or
 * `LESC_TOTP_SECRET`). With `--data-dir`, the store must not be in use. The file is checked
 * end to end before it is given its name.
 */
export async function backupCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("backup", argv, {
    ...STORE_FLAGS,
    out: { type: "string" },
    url: { type: "string" },
    username: { type: "string" },
    totp: { type: "string" },
  });
  const out = requireString("backup", values, "out");
  if (fs.existsSync(out)) throw Errors.invalidField("--out", `${out} exists; choose a new file name`);
  const partial = `${out}.partial`;
  try {
    if (values.url !== undefined) {
      if (values["data-dir"] !== undefined || values["database-url"] !== undefined) {
        throw Errors.invalidField("--url", "give --url (a running server) or --data-dir, not both");
      }
      await downloadBackup(values.url, values.username, values.totp, fs.createWriteStream(partial));
    } else {
      await backupStoppedStore(values, fs.createWriteStream(partial));
    }
    const { manifest } = readArchive(fs.readFileSync(partial), `--out ${out}`);
    fs.renameSync(partial, out);
    printJson({ out: path.resolve(out), archiveBytes: fs.statSync(out).size, manifest });
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

async function backupStoppedStore(
  values: { "data-dir"?: string | undefined; "database-url"?: string | undefined },
  sink: Writable,
): Promise<void> {
  const location = resolveStoreLocation({ dataDir: values["data-dir"], databaseUrl: values["database-url"] });
  if (location.kind === "server") {
    throw Errors.config(`lesc backup: ${postgresBackupAdvice(describeDatabaseUrl(location.url))}`);
  }
  // Never create a store here: the folder must already be one.
  if (!fs.existsSync(path.join(location.dataDir, STORE_MARKER))) {
    throw Errors.invalidField("--data-dir", `${location.dataDir} is not a lesc store (no ${STORE_MARKER})`);
  }
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore({ location, command: "lesc backup", migrate: false });
  } catch (error) {
    if (error instanceof LescError && /is in use by/.test(error.message)) {
      throw Errors.storeRefused(
        `lesc backup: ${error.message}; back up the running server with lesc backup --url http://HOST:PORT instead`,
      );
    }
    throw error;
  }
  try {
    const backup = await takeBackup(store, systemClock);
    await pipeline(backup.stream, sink);
  } finally {
    await store.close();
  }
}

async function downloadBackup(
  url: string,
  username: string | undefined,
  totp: string | undefined,
  sink: Writable,
): Promise<void> {
  const base = url.replace(/\/$/, "");
  if (!/^https?:\/\/[^/\s]+$/.test(base)) throw Errors.invalidField("--url", "must be http(s)://host:port");
  const token = await staffToken(base, username, totp);
  let response: Response;
  try {
    response = await fetch(`${base}/api/v1/backup`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (error) {
    throw Errors.invalidField("--url", `cannot reach ${base}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    const text = await response.text();
    let reason = text;
    try {
      reason = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: show the text as it is
    }
    throw Errors.config(`lesc backup: ${base} answered ${response.status}: ${reason}`);
  }
  await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), sink);
}

/** An admin session: LESC_TOKEN, or a log-on with --username, LESC_PASSWORD and a one-time code. */
async function staffToken(
  base: string,
  username: string | undefined,
  totp: string | undefined,
): Promise<string> {
  if (username === undefined) {
    const token = process.env.LESC_TOKEN;
    if (!token) {
      throw Errors.invalidField(
        "--username",
        "is required with --url unless LESC_TOKEN holds an admin session token",
      );
    }
    return token;
  }
  const password = process.env.LESC_PASSWORD;
  if (!password) throw Errors.invalidField("LESC_PASSWORD", "must hold the password of --username");
  const secret = process.env.LESC_TOTP_SECRET;
  const code = totp ?? (secret ? totpCode(secret, systemClock.now()) : undefined);
  if (code === undefined)
    throw Errors.invalidField("--totp", "give the one-time code (or set LESC_TOTP_SECRET)");
  const response = await fetch(`${base}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password, totp: code }),
  }).catch((error: Error) => {
    throw Errors.invalidField("--url", `cannot reach ${base}: ${error.message}`);
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) {
    throw Errors.config(
      `lesc backup: log-on as ${username} failed (${response.status}): ${body.error ?? ""}`,
    );
  }
  return body.token;
}
