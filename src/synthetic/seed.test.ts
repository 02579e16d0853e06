import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openTestStore, storeKind, type TestStore } from "../../test/support/test-store.js";
import { ManualClock } from "../platform/clock.js";
import { seedStore } from "./seed.js";

/** A digest of every seeded row, to compare whole data sets. */
async function digest(store: TestStore): Promise<string> {
  const { rows } = await store.pool.query<{ d: string }>(`SELECT md5(
      (SELECT string_agg(concat_ws('|', id, a_number, fbi_number, ssn, last_name, first_name, middle_name, dob, sex,
        country_of_birth, status, status_date), ',' ORDER BY id) FROM person) ||
      (SELECT string_agg(concat_ws('|', id, nic, oca, category, last_name, first_name, dob, a_number, person_id), ','
        ORDER BY id) FROM violator_record) ||
      (SELECT string_agg(concat_ws('|', source, record_id, ordinal, alias_kind, last_name, first_name, middle_name), ','
        ORDER BY source, record_id, ordinal) FROM subject_name) ||
      (SELECT string_agg(concat_ws('|', person_id, seq, kind, occurred_on, port), ',' ORDER BY person_id, seq)
        FROM immigration_event)) AS d`);
  return rows[0]!.d;
}

describe(`synthetic seeding (${storeKind})`, () => {
  const clock = new ManualClock();
  let first: TestStore;
  let second: TestStore;
  before(async () => {
    [first, second] = await Promise.all([openTestStore(), openTestStore()]);
    await seedStore(first, clock, { people: 2000, violators: 500, seed: "alpha", batchSize: 300 });
  });
  after(async () => {
    for (const store of [first, second]) {
      await store.close();
      await store.destroy();
    }
  });

  it("writes the requested counts, with names, aliases and entry/exit events", async () => {
    const { rows } = await first.pool.query(`SELECT
      (SELECT count(*)::int FROM person) AS people,
      (SELECT count(*)::int FROM violator_record) AS violators,
      (SELECT count(*)::int FROM subject_name WHERE is_primary) AS primaries,
      (SELECT count(*)::int FROM subject_name WHERE NOT is_primary) AS aliases,
      (SELECT count(DISTINCT person_id)::int FROM immigration_event WHERE kind = 'ENTRY') AS entered`);
    const r = rows[0];
    assert.equal(r.people, 2000);
    assert.equal(r.violators, 500);
    assert.equal(r.primaries, 2500, "one primary name per record in the name index");
    assert.ok(r.aliases > 500, `aliases: ${r.aliases}`);
    assert.equal(r.entered, 2000, "every person has an entry");
  });

  it("uses only fake identifier ranges and well-formed NICs", async () => {
    const { rows } = await first.pool.query(`SELECT
      (SELECT count(*)::int FROM person WHERE a_number !~ '^9[0-9]{8}$') AS bad_anumbers,
      (SELECT count(*)::int FROM person WHERE ssn IS NOT NULL AND ssn !~ '^9') AS bad_ssns,
      (SELECT count(*)::int FROM violator_record WHERE nic !~ '^N[0-9]{9}$') AS bad_nics,
      (SELECT count(DISTINCT category)::int FROM violator_record) AS categories`);
    assert.deepEqual(rows[0], { bad_anumbers: 0, bad_ssns: 0, bad_nics: 0, categories: 3 });
  });

  it("links most violators to an index person with a consistent status", async () => {
    const { rows } = await first.pool.query(`SELECT v.category, p.status, count(*)::int AS n
      FROM violator_record v JOIN person p ON p.id = v.person_id AND p.a_number = v.a_number
      GROUP BY 1, 2 ORDER BY 1`);
    const linked = rows.reduce((sum, r) => sum + r.n, 0);
    assert.equal(linked, 300, "60 % of 500 violators are in the index");
    const expected: Record<string, string> = {
      DEPORTED_FELON: "REMOVED",
      ABSCONDER: "FINAL_ORDER",
      ICE_CRIMINAL_WARRANT: "PENDING_REMOVAL_PROCEEDINGS",
    };
    for (const row of rows) assert.equal(row.status, expected[row.category]);
  });

  it("is deterministic for a seed and differs across seeds", async () => {
    await seedStore(second, clock, { people: 2000, violators: 500, seed: "alpha", batchSize: 700 });
    assert.equal(await digest(second), await digest(first), "same seed, different batch size: same data");
    const other = await openTestStore();
    try {
      await seedStore(other, clock, { people: 2000, violators: 500, seed: "beta" });
      assert.notEqual(await digest(other), await digest(first));
    } finally {
      await other.close();
      await other.destroy();
    }
  });

  it("refuses to seed a file that already holds records, and writes nothing", async () => {
    await assert.rejects(
      seedStore(first, clock, { people: 10, violators: 0, seed: "x" }),
      /already holds people/,
    );
    await assert.rejects(
      seedStore(first, clock, { people: 0, violators: 5, seed: "x" }),
      /already holds records/,
    );
    await assert.rejects(
      seedStore(first, clock, { people: -1, violators: 0, seed: "x" }),
      /--people: must be a whole number/,
    );
    const { rows } = await first.pool.query("SELECT count(*)::int AS n FROM person");
    assert.equal(rows[0].n, 2000);
  });
});
