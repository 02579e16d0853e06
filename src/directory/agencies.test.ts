import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { openTestStore, storeKind, type TestStore } from "../../test/support/test-store.js";
import { ManualClock } from "../platform/clock.js";
import {
  agencyApiKey,
  authenticateAgencyKey,
  countOffices,
  fieldOfficeForAgency,
  issueApiKey,
  registerAgency,
  revokeApiKey,
  syncOfficeDirectory,
} from "./index.js";

describe(`agencies and the office directory (${storeKind})`, () => {
  let store: TestStore;
  const clock = new ManualClock();
  before(async () => {
    store = await openTestStore();
    await store.transaction((tx) => syncOfficeDirectory(tx));
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });

  it("stores the office directory idempotently: 25 field offices, 56 attachés in 43 countries", async () => {
    await store.transaction((tx) => syncOfficeDirectory(tx));
    assert.deepEqual(await countOffices(store.db), { fieldOffices: 25, attaches: 56, countries: 43 });
    const { rows } = await store.pool.query("SELECT count(*)::int AS n FROM field_office_aor");
    assert.equal(rows[0].n, 56);
  });

  it("registers an agency with a key shown once and stored only as a hash", async () => {
    const { ori, apiKey } = await registerAgency(store, clock, {
      ori: "ZZ0010000",
      name: "Demo County Sheriff",
      state: "VT",
    });
    assert.equal(ori, "ZZ0010000");
    assert.equal(await authenticateAgencyKey(store.db, apiKey), "ZZ0010000");
    const [stored] = await store.db.select().from(agencyApiKey).where(sql`ori = 'ZZ0010000'`);
    assert.ok(!apiKey.includes(stored!.keyHash));
    assert.ok(!stored!.keyHash.includes(apiKey.split("_").pop()!));
    assert.equal((await fieldOfficeForAgency(store.db, ori))?.code, "BOS");
  });

  it("refuses bad input naming the field, and duplicates", async () => {
    await assert.rejects(
      registerAgency(store, clock, { ori: "ZZ001", name: "x", state: "VT" }),
      /^LescError: ori: must be 9 characters/,
    );
    await assert.rejects(
      registerAgency(store, clock, { ori: "zz0010001", name: "x", state: "VT" }),
      /ori: must be 9/,
    );
    await assert.rejects(
      registerAgency(store, clock, { ori: "ZZ0010001", name: "x", state: "ZZ" }),
      /^LescError: state: /,
    );
    await assert.rejects(
      registerAgency(store, clock, { ori: "ZZ0010001", name: " ", state: "VT" }),
      /^LescError: name: /,
    );
    await assert.rejects(
      registerAgency(store, clock, { ori: "ZZ0010000", name: "Again", state: "VT" }),
      /already registered/,
    );
    const { rows } = await store.pool.query("SELECT count(*)::int AS n FROM agency WHERE ori = 'ZZ0010001'");
    assert.equal(rows[0].n, 0);
  });

  it("rotates keys without downtime: old and new both work until the old is revoked", async () => {
    const { apiKey: oldKey } = await registerAgency(store, clock, {
      ori: "ZZ0020000",
      name: "Demo City PD",
      state: "TX",
    });
    const newKey = await store.transaction((tx) => issueApiKey(tx, clock, "ZZ0020000"));
    assert.equal(await authenticateAgencyKey(store.db, oldKey), "ZZ0020000");
    assert.equal(await authenticateAgencyKey(store.db, newKey), "ZZ0020000");
    assert.equal(await store.transaction((tx) => revokeApiKey(tx, clock, oldKey)), true);
    assert.equal(await authenticateAgencyKey(store.db, oldKey), undefined);
    assert.equal(await authenticateAgencyKey(store.db, newKey), "ZZ0020000");
    assert.equal(
      // Change the last character (to a different one: a key may already end in A).
      await authenticateAgencyKey(store.db, `${newKey.slice(0, -1)}${newKey.endsWith("A") ? "B" : "A"}`),
      undefined,
      "a tampered key fails",
    );
    assert.equal(await authenticateAgencyKey(store.db, "' OR 1=1 --"), undefined);
  });
});
