import { restoreBackup } from "../platform/backup/index.js";
import { systemClock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import { parseCommandArgs, printJson, requireString } from "./args.js";

/**
 * `lesc restore --in FILE --data-dir DIR [--force]`: checks the archive, restores it into DIR
 * (refusing a non-empty DIR without --force, and anything but a lesc store even with it),
 * migrates it forward and verifies its audit chain.
 */
export async function restoreCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("restore", argv, {
    in: { type: "string" },
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    force: { type: "boolean" },
  });
  if (values["database-url"] !== undefined) {
    throw Errors.invalidField(
      "--database-url",
      "lesc restore writes an embedded store; restore PostgreSQL with pg_restore or from a base backup (docs/operations.md)",
    );
  }
  const archive = requireString("restore", values, "in");
  const dataDir = requireString("restore", values, "data-dir");
  printJson(
    await restoreBackup({
      archive,
      dataDir,
      force: values.force === true,
      clock: systemClock,
      log: (line) => process.stderr.write(`${line}\n`),
    }),
  );
}
