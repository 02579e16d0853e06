import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { LESC_BIN } from "./cli.js";

/** A real `lesc serve` process on a free port. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** The structured JSON log (stdout). */
  stdout(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [LESC_BIN, "serve", "--port", "0", ...args], {
    env: { ...process.env, DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stdout!.on("data", (chunk) => {
    stdout += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
      const match = /lesc serving (https?:\/\/[^/\s]+)\//.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`lesc serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, "exit");
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}
