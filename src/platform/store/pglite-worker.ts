/**
 * Runs PGlite in a worker thread and serves it on a Unix socket, so its queries never block
 * the main event loop and the app talks plain PostgreSQL wire protocol (`pg`) to both the
 * embedded store and a server.
 */
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PgliteWireServer } from "./pglite-wire.js";

export interface PgliteWorkerData {
  pgdataDir: string;
  socketPath: string;
  sharedBuffersMb: number;
}

export type PgliteWorkerMessage =
  | { type: "ready" }
  | { type: "failed"; message: string }
  | { type: "closed" }
  | { type: "copied"; error?: string };

/** What the store sends the worker: close, or copy the data files to `to` between queries. */
export type PgliteWorkerRequest = { type: "close" } | { type: "copy"; to: string };

const { pgdataDir, socketPath, sharedBuffersMb } = workerData as PgliteWorkerData;
const port = parentPort!;

try {
  const db = await PGlite.create(pgdataDir, {
    extensions: { pg_trgm, fuzzystrmatch },
    // PostgreSQL's page cache. PGlite reads every page it misses with a system call from its
    // WebAssembly file system, so at 1M records the default 128 MB left a search's index
    // pages to those reads; the cost is memory of the lesc process, taken at start.
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffersMb}MB`],
  });
  // PGlite has a single backend: connections take turns a transaction at a time (see
  // pglite-wire.ts), and the app's pool holds one. The server admits a few more, as pg's
  // pool drops a connection after a query error and opens the next one before the old
  // socket has finished closing.
  const server = new PgliteWireServer(db, 4);
  await server.listen(socketPath);
  port.on("message", async (message: PgliteWorkerRequest) => {
    if (message.type === "copy") {
      // Between transactions (of any connection) and under PGlite's own query lock, so no
      // statement runs and none is half-done while the files are copied.
      try {
        await server.runBetweenTransactions(() => fs.cpSync(pgdataDir, message.to, { recursive: true }));
        port.postMessage({ type: "copied" } satisfies PgliteWorkerMessage);
      } catch (error) {
        port.postMessage({ type: "copied", error: (error as Error).message } satisfies PgliteWorkerMessage);
      }
      return;
    }
    await server.stop();
    await db.close();
    port.postMessage({ type: "closed" } satisfies PgliteWorkerMessage);
  });
  port.postMessage({ type: "ready" } satisfies PgliteWorkerMessage);
} catch (error) {
  port.postMessage({ type: "failed", message: (error as Error).message } satisfies PgliteWorkerMessage);
}
