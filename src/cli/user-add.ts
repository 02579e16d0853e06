import { eq } from "drizzle-orm";
import { fieldOffice, syncOfficeDirectory } from "../directory/index.js";
import { checkNewStaffUser, createStaffUser } from "../platform/auth/index.js";
import { systemClock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import type { Store } from "../platform/store/store.js";
import { openCommandStore, parseCommandArgs, printJson, requireString, STORE_FLAGS } from "./args.js";

/**
 * `lesc user add --username U --role ROLE [--password P] [--field-office CODE]`: prints the
 * password and TOTP secret once. A field office scopes the user to its area of responsibility.
 */
export async function userAddCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("user add", argv, {
    ...STORE_FLAGS,
    username: { type: "string" },
    role: { type: "string" },
    password: { type: "string" },
    "field-office": { type: "string" },
  });
  // Checked before the store is opened, so bad input writes nothing.
  const input = checkNewStaffUser({
    username: requireString("user add", values, "username"),
    role: requireString("user add", values, "role"),
    password: values.password,
    fieldOffice: values["field-office"],
  });
  const store = await openCommandStore("user add", values);
  try {
    if (input.fieldOffice) await checkFieldOffice(store, input.fieldOffice);
    const created = await createStaffUser(store, systemClock, input, { user: "cli" });
    printJson({ username: created.username, password: created.password, totpSecret: created.totpSecret });
  } finally {
    await store.close();
  }
}

/** The office must be a field office (not an attaché); the directory is synced first on a new store. */
async function checkFieldOffice(store: Store, code: string): Promise<void> {
  const [office] = await store.transaction(async (tx) => {
    await syncOfficeDirectory(tx);
    return tx.select({ kind: fieldOffice.kind }).from(fieldOffice).where(eq(fieldOffice.code, code));
  });
  if (office?.kind !== "FIELD_OFFICE")
    throw Errors.invalidField(
      "--field-office",
      `${code} is not a field office (see GET /api/v1/field-offices)`,
    );
}
