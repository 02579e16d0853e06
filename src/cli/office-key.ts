import { issueOfficeKey, syncOfficeDirectory } from "../directory/index.js";
import { systemClock } from "../platform/clock.js";
import { openCommandStore, parseCommandArgs, printJson, requireString, STORE_FLAGS } from "./args.js";

/**
 * `lesc office key --code CODE`: issues a key with which a field office or attaché reads its
 * mailbox (the copies of IARs for its area of responsibility). Prints the key once.
 */
export async function officeKeyCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("office key", argv, { ...STORE_FLAGS, code: { type: "string" } });
  const code = requireString("office key", values, "code");
  const store = await openCommandStore("office key", values);
  try {
    await store.transaction((tx) => syncOfficeDirectory(tx));
    printJson(await issueOfficeKey(store, systemClock, code, { user: "cli" }));
  } finally {
    await store.close();
  }
}
