import { checkNewAgency, registerAgency } from "../directory/index.js";
import { systemClock } from "../platform/clock.js";
import { openCommandStore, parseCommandArgs, printJson, requireString, STORE_FLAGS } from "./args.js";

/** `lesc agency add --ori ORI --name NAME --state ST`: registers an agency, prints its API key once. */
export async function agencyAddCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("agency add", argv, {
    ...STORE_FLAGS,
    ori: { type: "string" },
    name: { type: "string" },
    state: { type: "string" },
  });
  // Checked before the store is opened, so bad input writes nothing.
  const input = checkNewAgency({
    ori: requireString("agency add", values, "ori"),
    name: requireString("agency add", values, "name"),
    state: requireString("agency add", values, "state"),
  });
  const store = await openCommandStore("agency add", values);
  try {
    printJson(await registerAgency(store, systemClock, input, { user: "cli" }));
  } finally {
    await store.close();
  }
}
