import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { assembleLesc } from "../src/app.js";
import { registerAgency, syncOfficeDirectory } from "../src/directory/index.js";
import { ManualClock } from "../src/platform/clock.js";
import { buildHttpServer } from "../src/platform/http/index.js";
import { openStore, type Store } from "../src/platform/store/store.js";
import { client, iaqText } from "./support/lesc-app.js";
import { createServerDatabase, storeKind } from "./support/test-store.js";

/**
 * A TCP relay between lesc and PostgreSQL that can cut every connection and refuse new ones,
 * as a PostgreSQL restart or failover does: the real server, a real outage on the wire.
 */
class Relay {
  private readonly sockets = new Set<net.Socket>();
  private cut = false;
  readonly server = net.createServer((inbound) => {
    if (this.cut) return void inbound.destroy();
    const outbound = net.connect(this.target.port, this.target.host);
    for (const socket of [inbound, outbound]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => {});
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on("close", () => outbound.destroy());
    outbound.on("close", () => inbound.destroy());
  });
  constructor(private readonly target: { host: string; port: number }) {}
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }
  drop(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }
  restore(): void {
    this.cut = false;
  }
  close(): Promise<void> {
    this.drop();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe(`lesc when its PostgreSQL connection drops (${storeKind})`, {
  skip: storeKind === "server" ? false : "PostgreSQL only: the embedded store has no connection to lose",
}, () => {
  let database: Awaited<ReturnType<typeof createServerDatabase>>;
  let relay: Relay;
  let store: Store;
  let app: Awaited<ReturnType<typeof buildHttpServer>>;
  let url = "";
  let key = "";
  const clock = new ManualClock("2026-11-28T03:00:00.000Z");

  before(async () => {
    database = await createServerDatabase();
    const direct = new URL(database.url);
    relay = new Relay({ host: direct.hostname, port: Number(direct.port || 5432) });
    const relayed = new URL(database.url);
    relayed.host = `127.0.0.1:${await relay.listen()}`;
    store = await openStore({ location: { kind: "server", url: relayed.toString() }, command: "test" });
    await store.transaction((tx) => syncOfficeDirectory(tx));
    key = (await registerAgency(store, clock, { ori: "ZZ0000061", name: "Outage PD", state: "TX" })).apiKey;
    const lesc = assembleLesc({ store, clock });
    app = await buildHttpServer({
      store,
      clock,
      routes: lesc.routes,
      access: lesc.access,
      ready: () => true,
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    url = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await relay?.close();
    await database?.drop();
  });

  it("answers 503 with Retry-After while the store is gone, turns not-ready, and recovers when it is back", async () => {
    const http = client(url);
    const message = (control: string) =>
      iaqText({ ori: "ZZ0000061", control, last: "OKAFOR", first: "CHIDI", dob: "1975-02-03" });
    assert.equal((await http.nlets(key, message("OUT1"))).status, 202);

    relay.drop();
    const refused = await http.nlets(key, message("OUT2"));
    assert.equal(refused.status, 503, refused.text);
    assert.equal(refused.json.code, "LESC_STORE_UNAVAILABLE");
    assert.equal(refused.headers.get("retry-after"), "1");
    assert.equal((await http.get("/readyz")).status, 503);

    relay.restore();
    assert.equal((await http.get("/readyz")).status, 200);
    const retried = await http.nlets(key, message("OUT2"));
    assert.equal(retried.status, 202, retried.text);
    assert.equal(retried.json.duplicate, false, "the refused attempt stored nothing");
    const { rows } = await store.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM nlets_message WHERE control_field = 'OUT2'",
    );
    assert.equal(rows[0]!.n, 1);
  });

  it("survives the connection dying under a transaction between two queries (it used to end the process)", {
    timeout: 30_000,
  }, async () => {
    const held = await store.pool.connect();
    await held.query("BEGIN");
    // (not events.once: it would take the 'error' event for itself)
    const ended = new Promise((resolve) => held.once("end", resolve));
    relay.drop();
    await ended; // without a listener, the 'error' emitted before this was an uncaught exception
    await assert.rejects(held.query("SELECT 1"));
    held.release();
    relay.restore();
    const { rows } = await store.pool.query<{ one: number }>("SELECT 1 AS one");
    assert.deepEqual(rows, [{ one: 1 }]);
  });
});
