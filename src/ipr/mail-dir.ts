import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { IprServices } from "./allegations.js";
import { EMAIL_MAX_BYTES, type EmailOutcome, takeEmail } from "./email-intake.js";

/**
 * The watched folder of `lesc serve --ipr-mail-dir DIR`: each `*.eml` in DIR is stored first
 * (an allegation, or the quarantine), then moved to DIR/processed or DIR/quarantine. A crash
 * between the two leaves the file in DIR; the next pass finds its sha256 already stored and
 * only moves it, so a restart neither loses nor double-takes a message.
 */
export const MAIL_DIR_POLL_MS = 5_000;
/**
 * A file changed this recently may still be being written: it waits for the next pass.
 * (Writers should write under another name and rename to `.eml`, which is atomic.)
 */
export const MAIL_DIR_SETTLE_MS = 2_000;

export interface MailDirPass {
  taken: { file: string; outcome: EmailOutcome }[];
}

export async function takeMailDir(
  services: IprServices,
  dir: string,
  settleMs = MAIL_DIR_SETTLE_MS,
): Promise<MailDirPass> {
  const processed = path.join(dir, "processed");
  const held = path.join(dir, "quarantine");
  fs.mkdirSync(processed, { recursive: true });
  fs.mkdirSync(held, { recursive: true });
  const taken: MailDirPass["taken"] = [];
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.eml$/i.test(entry.name))
    .map((entry) => entry.name)
    // File times are the file system's, so the wall clock (not the injected one) judges them.
    // mtimeMs carries a fraction of a millisecond that Date.now() truncates: floor it, or a
    // file written this very millisecond would look as if written in the future.
    .filter(
      (name) =>
        settleMs <= 0 || Date.now() - Math.floor(fs.statSync(path.join(dir, name)).mtimeMs) >= settleMs,
    )
    .sort();
  for (const name of names) {
    const file = path.join(dir, name);
    const outcome = await takeEmail(services, readMessage(file), { source: "FOLDER", fileName: name });
    moveAside(file, outcome.kind === "ALLEGATION" ? processed : held);
    taken.push({ file: name, outcome });
  }
  return { taken };
}

/** The message, or for a file over the size limit only its size and hash (never read into memory). */
function readMessage(file: string): Buffer | { size: number; sha256: string } {
  const size = fs.statSync(file).size;
  if (size <= EMAIL_MAX_BYTES) return fs.readFileSync(file);
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) {
      hash.update(chunk.subarray(0, read));
    }
  } finally {
    fs.closeSync(fd);
  }
  return { size, sha256: hash.digest("hex") };
}

function moveAside(file: string, folder: string) {
  const base = path.basename(file);
  let target = path.join(folder, base);
  // Never overwrite an earlier message of the same name.
  for (let n = 1; fs.existsSync(target); n++) target = path.join(folder, `${path.parse(base).name}-${n}.eml`);
  fs.renameSync(file, target);
}

/** Polls DIR until stopped; one pass at a time, errors reported and retried on the next pass. */
export function watchMailDir(
  services: IprServices,
  dir: string,
  report: (line: string) => void,
  everyMs = MAIL_DIR_POLL_MS,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const pass = () => {
    if (running) return;
    running = takeMailDir(services, dir)
      .then(({ taken }) => {
        for (const { file, outcome } of taken) {
          report(
            outcome.kind === "ALLEGATION"
              ? `ipr mail: ${file} → allegation ${outcome.allegationId}${outcome.duplicate ? " (already stored)" : ""}`
              : `ipr mail: ${file} → quarantine ${outcome.quarantineId}: ${outcome.reason}`,
          );
        }
      })
      .catch((error: unknown) => report(`ipr mail: ${dir}: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
      });
  };
  pass();
  const timer = setInterval(pass, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
