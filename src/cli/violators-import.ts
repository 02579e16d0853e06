import { systemClock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import { checkViolatorHeader, importViolators } from "../violators/import.js";
import { openCommandStore, parseCommandArgs, printJson, STORE_FLAGS } from "./args.js";
import { readCsvTable } from "./csv.js";

/**
 * `lesc violators import FILE.csv`: bulk entry (contract §1). Every row is checked and entered
 * on its own; the result names each rejected line and why. Entries await a second person's
 * check, as any entry does.
 */
export async function violatorsImportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs("violators import", argv, { ...STORE_FLAGS }, 1);
  const file = positionals[0];
  if (file === undefined) throw Errors.config("lesc violators import: FILE.csv is required");
  const table = readCsvTable(file, "FILE");
  checkViolatorHeader(table.header);
  const store = await openCommandStore("violators import", values);
  try {
    printJson(await importViolators(store, systemClock, { username: "import" }, table.rows));
  } finally {
    await store.close();
  }
}
