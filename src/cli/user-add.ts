import { checkNewStaffUser, createStaffUser } from "../platform/auth/index.js";
import { systemClock } from "../platform/clock.js";
import { openCommandStore, parseCommandArgs, printJson, requireString, STORE_FLAGS } from "./args.js";

/** `lesc user add --username U --role ROLE [--password P]`: prints the password and TOTP secret once. */
export async function userAddCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("user add", argv, {
    ...STORE_FLAGS,
    username: { type: "string" },
    role: { type: "string" },
    password: { type: "string" },
  });
  // Checked before the store is opened, so bad input writes nothing.
  const input = checkNewStaffUser({
    username: requireString("user add", values, "username"),
    role: requireString("user add", values, "role"),
    password: values.password,
  });
  const store = await openCommandStore("user add", values);
  try {
    const created = await createStaffUser(store, systemClock, input, { user: "cli" });
    printJson({ username: created.username, password: created.password, totpSecret: created.totpSecret });
  } finally {
    await store.close();
  }
}
