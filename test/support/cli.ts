import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { packageRoot } from "../../src/platform/paths.js";

export const LESC_BIN = path.join(packageRoot(), "bin/lesc.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: unknown;
}

/** Runs `lesc …` as a separate process, the way an operator would. */
export function runLesc(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [LESC_BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", ...env },
    timeout: 120_000,
  });
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = undefined;
  }
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json };
}

/** Async variant, for commands that run while the test process itself holds work. */
export function runLescAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LESC_BIN, ...args], {
      env: { ...process.env, DATABASE_URL: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("exit", (code) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

/** `--data-dir X` or `--database-url Y` for a test store's location. */
export function storeArgs(reopenArgs: { dataDir?: string; databaseUrl?: string }): string[] {
  return reopenArgs.dataDir
    ? ["--data-dir", reopenArgs.dataDir]
    : ["--database-url", reopenArgs.databaseUrl!];
}
