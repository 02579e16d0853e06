/**
 * Serves one PGlite over a Unix socket in the PostgreSQL wire protocol, for the embedded
 * store's worker thread.
 *
 * It replaces `@electric-sql/pglite-socket`'s server, which hands PGlite one protocol message
 * at a time: a parameterised statement from `pg` is five messages (Parse, Bind, Describe,
 * Execute, Sync), so each statement paid five queue turns, five calls into PGlite and five
 * socket writes, and a statement cost about 0.8 ms where PGlite itself needs 0.2–0.3 ms. Here
 * every complete message that has arrived on a connection goes to PGlite in one call, which
 * processes them in order exactly as a backend would.
 *
 * PGlite has one backend, so connections take turns: a connection that opens a transaction
 * (or is between Parse and Sync) keeps the backend until it ends it, and the others' messages
 * wait. A connection that closes while holding an open transaction has it rolled back.
 */
import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSS_REQUEST = 80877104;

interface Unit {
  connection: Connection;
  bytes: Uint8Array;
  /** The unit ends with Sync or a simple Query: a turn may end here. */
  endsExchange: boolean;
}

interface Connection {
  socket: net.Socket;
  buffered: Buffer;
  started: boolean;
  closed: boolean;
}

export class PgliteWireServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private readonly queue: Unit[] = [];
  /** The connection whose transaction or unfinished exchange holds the backend. */
  private owner: Connection | undefined;
  private running = false;
  private readonly between: (() => Promise<void>)[] = [];

  constructor(
    private readonly db: PGlite,
    private readonly maxConnections = 4,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(path, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    if (this.connections.size >= this.maxConnections) {
      socket.end(errorResponse("53300", "too many connections to the embedded store"));
      return;
    }
    socket.setNoDelay(true);
    const connection: Connection = {
      socket,
      buffered: Buffer.alloc(0),
      started: false,
      closed: false,
    };
    this.connections.add(connection);
    socket.on("data", (chunk: Buffer) => this.receive(connection, chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => void this.close(connection));
  }

  private receive(connection: Connection, chunk: Buffer): void {
    let data = connection.buffered.length === 0 ? chunk : Buffer.concat([connection.buffered, chunk]);
    const complete: Buffer[] = [];
    let endsExchange = false;
    while (data.length > 0) {
      if (!connection.started) {
        // Untyped start-up packets: length, then a code.
        if (data.length < 8) break;
        const length = data.readInt32BE(0);
        if (data.length < length) break;
        const code = data.readInt32BE(4);
        const packet = data.subarray(0, length);
        data = data.subarray(length);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          connection.socket.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST) {
          connection.socket.end();
          return;
        }
        connection.started = true;
        complete.push(packet);
        endsExchange = true;
        continue;
      }
      if (data.length < 5) break;
      const length = 1 + data.readInt32BE(1);
      if (data.length < length) break;
      const type = data[0];
      complete.push(data.subarray(0, length));
      data = data.subarray(length);
      // 'S' Sync and 'Q' Query end an exchange; 'X' Terminate ends the connection.
      endsExchange = type === 0x53 || type === 0x51 || type === 0x58;
    }
    connection.buffered = Buffer.from(data);
    if (complete.length === 0) return;
    this.queue.push({ connection, bytes: Buffer.concat(complete), endsExchange });
    void this.run();
  }

  /**
   * Runs `work` when no connection holds the backend (no transaction open, no exchange
   * unfinished), with no statement running meanwhile: for copying the data files.
   */
  runBetweenTransactions<T>(work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.between.push(async () => {
        try {
          resolve(await this.db.runExclusive(async () => work()));
        } catch (error) {
          reject(error);
        }
      });
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        if (this.owner === undefined && this.between.length > 0) {
          await this.between.shift()!();
          continue;
        }
        // A connection holding the backend continues; otherwise the first to arrive goes.
        const index =
          this.owner === undefined ? 0 : this.queue.findIndex((unit) => unit.connection === this.owner);
        if (index === -1 || this.queue.length === 0) return;
        const [unit] = this.queue.splice(index, 1);
        await this.execute(unit!);
      }
    } finally {
      this.running = false;
    }
  }

  private async execute(unit: Unit): Promise<void> {
    const { connection } = unit;
    if (connection.closed) return;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(unit.bytes, {
          syncToFs: false,
          onRawData: (data) => {
            if (!connection.closed) connection.socket.write(Buffer.from(data));
          },
        }),
      );
    } catch {
      connection.socket.destroy();
    }
    this.owner = unit.endsExchange && !this.db.isInTransaction() ? undefined : connection;
  }

  private async close(connection: Connection): Promise<void> {
    if (connection.closed) return;
    connection.closed = true;
    this.connections.delete(connection);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]!.connection === connection) this.queue.splice(i, 1);
    }
    if (this.owner === connection) {
      // Wait for a unit of this connection that is still running, then end what it left open.
      while (this.running) await new Promise((resolve) => setImmediate(resolve));
      if (this.owner === connection) {
        // exec takes PGlite's query lock itself (runExclusive here would wait on itself).
        if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
        this.owner = undefined;
      }
    }
    void this.run();
  }
}

/** A FATAL ErrorResponse, for refusing a connection before its start-up. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
