import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type FileRecord,
  loadFileRecords,
  type MatchSubject,
  MemoryIndex,
  prepareMatchKeys,
  rebuildMatchIndex,
  StoreMatcher,
  writeMatchKeys,
} from "../src/matching/index.js";
import { ManualClock } from "../src/platform/clock.js";
import { varyName } from "../src/synthetic/identities.js";
import { Random } from "../src/synthetic/random.js";
import { seedStore } from "../src/synthetic/seed.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

describe(`matching against the store (${storeKind})`, () => {
  let store: TestStore;
  let matcher: StoreMatcher;
  const clock = new ManualClock();
  const rng = new Random("store-matching");
  before(async () => {
    store = await openTestStore();
    await seedStore(store, clock, { people: 3000, violators: 600, seed: "store-matching" });
    const rebuilt = await rebuildMatchIndex(store, clock, undefined, 700);
    assert.equal(rebuilt.records, 3600);
    matcher = new StoreMatcher(store, 0);
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });

  const record = async (source: "PERSON" | "VIOLATOR", id: number) =>
    (await loadFileRecords(store.pool, [{ source, id }]))[0]!;
  /** A query as an officer might type it: one realistic variation of the record's primary name. */
  const officerQuery = (target: FileRecord): MatchSubject => {
    const primary = target.names[0]!;
    const name = { last: primary.last ?? "", first: primary.first ?? "", middle: primary.middle ?? null };
    const identity = {
      name,
      sex: "M" as const,
      dob: target.dob!,
      countryOfBirth: "MX",
      culture: "HISPANIC" as const,
      aliases: [],
    };
    return { names: [varyName(rng, identity).name], dob: target.dob, sex: target.sex };
  };

  it("rebuilds the GIN index and counts every name part", async () => {
    const { rows } = await store.pool.query(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'match_key_keys'",
    );
    assert.match(rows[0]?.indexdef ?? "", /USING gin \(keys\)/);
    const counts = await store.pool.query(`SELECT
      (SELECT count(*)::int FROM match_key) AS keyed,
      (SELECT names::int FROM match_index_state) AS names,
      (SELECT count(*)::int FROM subject_name) AS subject_names`);
    assert.deepEqual(counts.rows[0], {
      keyed: 3600,
      names: counts.rows[0].subject_names,
      subject_names: counts.rows[0].subject_names,
    });
  });

  it("finds Violator File and index records through realistic variations", async () => {
    let found = 0;
    const trials = 120;
    for (let i = 0; i < trials; i++) {
      const source = i % 2 === 0 ? "VIOLATOR" : "PERSON";
      const target = await record(source, 1 + ((i * 37) % (source === "VIOLATOR" ? 600 : 3000)));
      const results = await matcher.search(officerQuery(target), { top: 10 });
      if (results.some((r) => r.record.source === target.source && r.record.id === target.id)) found++;
    }
    assert.ok(found / trials >= 0.95, `recall@10 ${found}/${trials}`);
  });

  it("ranks as the in-memory screening index does", async () => {
    const memory = new MemoryIndex<FileRecord>();
    const all = await loadFileRecords(store.pool, [
      ...Array.from({ length: 3000 }, (_, i) => ({ source: "PERSON" as const, id: i + 1 })),
      ...Array.from({ length: 600 }, (_, i) => ({ source: "VIOLATOR" as const, id: i + 1 })),
    ]);
    for (const r of all) memory.add(r);
    let same = 0;
    const trials = 60;
    for (let i = 0; i < trials; i++) {
      const query = officerQuery(all[(i * 53) % all.length]!);
      const [fromStore] = await matcher.search(query, { top: 1 });
      const [fromMemory] = memory.search(query, { top: 1 });
      if (
        `${fromStore?.record.source}:${fromStore?.record.id}` ===
        `${fromMemory?.record.source}:${fromMemory?.record.id}`
      )
        same++;
    }
    assert.ok(same / trials >= 0.9, `same best candidate ${same}/${trials}`);
  });

  it("makes a newly entered record searchable without a rebuild", async () => {
    await store.pool.query(`INSERT INTO person (id, a_number, last_name, first_name, dob, sex, status, created_at)
      VALUES (900001, '911111111', 'QUISPEHUAMAN', 'TEODORO', '1977-07-21', 'M', 'VISA_OVERSTAY', now())`);
    await store.pool.query(`INSERT INTO subject_name (source, record_id, ordinal, is_primary, last_name, first_name)
      VALUES ('PERSON', 900001, 0, true, 'QUISPEHUAMAN', 'TEODORO')`);
    const fresh = await record("PERSON", 900001);
    const prepared = prepareMatchKeys([fresh]);
    await store.transaction((tx) => writeMatchKeys(tx, clock, prepared));
    const results = await new StoreMatcher(store, 0).search({
      names: [{ last: "QUISPEHUMAN", first: "TEODORO" }],
      dob: "1977-07-21",
    });
    assert.equal(results[0]?.record.id, 900001, "found despite the typo in a name the vocabulary knows");
    assert.equal(results[0]?.result.decision, "match");
  });

  it("answers a query with no usable name or date with nothing", async () => {
    assert.deepEqual(await matcher.search({ names: [] }), []);
  });
});
