import { totpCode } from "../platform/auth/index.js";
import { systemClock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import { parseCommandArgs, printJson } from "./args.js";

/** `lesc totp SECRET`: the current one-time code for a secret (for demos and tests, not production). */
export async function totpCommand(argv: string[]): Promise<void> {
  const { positionals } = parseCommandArgs("totp", argv, {}, 1);
  const secret = positionals[0];
  if (!secret || !/^[A-Z2-7]+=*$/i.test(secret))
    throw Errors.invalidField("SECRET", "must be a base32 TOTP secret");
  printJson({ code: totpCode(secret, systemClock.now()) });
}
