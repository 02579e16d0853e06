import { parseArgs } from "node:util";
import { Errors } from "../platform/errors.js";
import { openStore, resolveStoreLocation, type Store } from "../platform/store/store.js";

/** Flags every command that touches storage accepts (contract §1). */
export const STORE_FLAGS = {
  "data-dir": { type: "string" },
  "database-url": { type: "string" },
} as const;

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

/** Strict parsing: an unknown flag or a stray argument is an error naming it. */
export function parseCommandArgs<T extends OptionSpec>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = 0,
) {
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: allowPositionals > 0 });
    if (parsed.positionals.length > allowPositionals) {
      throw Errors.config(`lesc ${command}: unexpected argument ${parsed.positionals[allowPositionals]}`);
    }
    return parsed;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const flag = /'([^']+)'/.exec((error as Error).message)?.[1] ?? "";
      throw Errors.config(`lesc ${command}: unknown option ${flag}`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw Errors.config(`lesc ${command}: ${(error as Error).message.split("\n")[0]}`);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw Errors.config(
        `lesc ${command}: unexpected argument ${/'([^']+)'/.exec((error as Error).message)?.[1] ?? ""}`,
      );
    }
    throw error;
  }
}

export function requireString(command: string, values: Record<string, unknown>, flag: string): string {
  const value = values[flag];
  if (typeof value !== "string" || value === "")
    throw Errors.config(`lesc ${command}: --${flag} is required`);
  return value;
}

export function wholeNumber(
  flag: string,
  value: string | undefined,
  fallback: number,
  max = 50_000_000,
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw Errors.invalidField(`--${flag}`, `must be a whole number from 0 to ${max}`);
  return Number(value);
}

export async function openCommandStore(
  command: string,
  values: { "data-dir"?: string | undefined; "database-url"?: string | undefined },
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<Store> {
  const location = resolveStoreLocation({ dataDir: values["data-dir"], databaseUrl: values["database-url"] });
  return openStore({ location, command: `lesc ${command}`, log });
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
