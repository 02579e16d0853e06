/**
 * The `lesc` command line (contract §1): one file per command, each a thin shell over a
 * domain function. Results print as one JSON document on stdout; progress and logs go to
 * stderr; a failure exits non-zero with a one-line reason.
 */
const USAGE = `usage: lesc <command> [options]
  serve [--port 8080] [--host 127.0.0.1] [--demo] [--ori ORI]
        [--iaq-custody-minutes 60] [--iaq-other-minutes 240]
                                                    run the API, switch, timers and console
  seed [--violators N] [--people N] [--seed S]      synthetic records, deterministic for a seed
  agency add --ori ORI --name NAME --state ST       register an agency; prints its API key once
  office key --code CODE                            a field office's key to read its mailbox of IAR copies
  user add --username U --role ROLE [--password P] [--field-office CODE]
                                                    create a staff account (a field office scopes it to its area)
  violators import FILE.csv                         bulk-enter Violator File records (each awaits a second check)
  audit verify                                      check the audit log's hash chain
  backup --out FILE (--url URL | --data-dir DIR)    consistent archive of the embedded store (running or stopped)
  restore --in FILE --data-dir DIR [--force]        check an archive and restore it; migrates and verifies the audit chain
  screen --records R.csv --queries Q.csv [--out OUT.csv] [--top K] [--purpose TEXT]   batch screening (audited)
  index rebuild                                     recompute the matching index from the record files
  simulate --url URL --agencies N --rate R --duration S [--json] [--credentials FILE] [--subjects FILE.csv]
                                                    play many agencies at once against a running lesc
  totp SECRET                                       current one-time code for a TOTP secret (demo aid)
storage: --data-dir DIR (embedded, default ./data) or --database-url URL (or DATABASE_URL)`;

type Command = (argv: string[]) => Promise<unknown>;

// Loaded on demand, so `lesc totp` or `lesc --help` do not pay for the server's imports.
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import("./serve.js")).serveCommand,
  seed: async () => (await import("./seed.js")).seedCommand,
  "agency add": async () => (await import("./agency-add.js")).agencyAddCommand,
  simulate: async () => (await import("./simulate.js")).simulateCommand,
  "violators import": async () => (await import("./violators-import.js")).violatorsImportCommand,
  "office key": async () => (await import("./office-key.js")).officeKeyCommand,
  "user add": async () => (await import("./user-add.js")).userAddCommand,
  "audit verify": async () => (await import("./audit-verify.js")).auditVerifyCommand,
  backup: async () => (await import("./backup.js")).backupCommand,
  restore: async () => (await import("./restore.js")).restoreCommand,
  screen: async () => (await import("./screen.js")).screenCommand,
  "index rebuild": async () => (await import("./index-rebuild.js")).indexRebuildCommand,
  totp: async () => (await import("./totp.js")).totpCommand,
};

export async function main(argv: string[]): Promise<void> {
  const [first, second] = argv;
  if (!first || first === "help" || first === "--help" || first === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const twoWord = `${first} ${second ?? ""}`;
  const name = COMMANDS[twoWord] ? twoWord : first;
  const load = COMMANDS[name];
  if (!load) {
    fail(`lesc: unknown command ${JSON.stringify(name.trim())}; run lesc --help`);
    return;
  }
  try {
    const command = await load();
    const code = await command(argv.slice(name.split(" ").length));
    if (typeof code === "number" && code !== 0) process.exitCode = code;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail(message.startsWith("lesc") ? message : `lesc ${name}: ${message}`);
  }
}

function fail(message: string): void {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exitCode = 1;
}
