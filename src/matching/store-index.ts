import { sql } from "drizzle-orm";
import type { Clock } from "../platform/clock.js";
import type { Executor, Store } from "../platform/store/store.js";
import { TokenCounts } from "./frequencies.js";
import { subjectKeys } from "./keys.js";
import { normaliseName } from "./normalise.js";
import type { FileRecord, RecordSource } from "./record.js";

/**
 * The store's matching index: `match_key` holds each record's retrieval keys (GIN-indexed),
 * `name_token` the vocabulary of name parts with counts. The record files themselves
 * (person, violator_record, subject_name) are read by table name here, so the engine does not
 * depend on the modules that maintain them.
 */
export interface RecordRef {
  source: RecordSource;
  id: number;
}

interface SubjectRow {
  id: number;
  dob: string | null;
  sex: string;
  pob: string | null;
  a_number: string | null;
  fbi_number: string | null;
  ssn: string | null;
}

interface NameRow {
  source: RecordSource;
  record_id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
}

/** Reads records with all their names, in the order asked. */
export async function loadFileRecords(db: Executor, refs: readonly RecordRef[]): Promise<FileRecord[]> {
  const personIds = refs.filter((r) => r.source === "PERSON").map((r) => r.id);
  const violatorIds = refs.filter((r) => r.source === "VIOLATOR").map((r) => r.id);
  const [people, violators, names] = await Promise.all([
    personIds.length === 0
      ? []
      : rows<SubjectRow>(
          db,
          sql`SELECT id, dob::text AS dob, sex, country_of_birth AS pob, a_number, fbi_number, ssn
          FROM person WHERE id = ANY(${sql.param(personIds)}::bigint[])`,
        ),
    violatorIds.length === 0
      ? []
      : rows<SubjectRow>(
          db,
          sql`SELECT id, dob::text AS dob, sex, pob, a_number, fbi_number, NULL AS ssn
          FROM violator_record WHERE id = ANY(${sql.param(violatorIds)}::bigint[])`,
        ),
    rows<NameRow>(
      db,
      sql`SELECT source, record_id, last_name, first_name, middle_name FROM subject_name
      WHERE (source = 'PERSON' AND record_id = ANY(${sql.param(personIds)}::bigint[]))
         OR (source = 'VIOLATOR' AND record_id = ANY(${sql.param(violatorIds)}::bigint[]))
      ORDER BY source, record_id, ordinal`,
    ),
  ]);
  return assemble(refs, people, violators, names);
}

function assemble(
  refs: readonly RecordRef[],
  people: SubjectRow[],
  violators: SubjectRow[],
  names: NameRow[],
): FileRecord[] {
  const byKey = new Map<string, FileRecord>();
  for (const [source, list] of [
    ["PERSON", people],
    ["VIOLATOR", violators],
  ] as const) {
    for (const row of list) {
      byKey.set(`${source}:${row.id}`, {
        source,
        id: row.id,
        names: [],
        dob: row.dob,
        sex: row.sex,
        pob: row.pob,
        aNumber: row.a_number,
        fbi: row.fbi_number,
        ssn: row.ssn,
      });
    }
  }
  for (const name of names) {
    byKey
      .get(`${name.source}:${name.record_id}`)
      ?.names.push({ last: name.last_name, first: name.first_name, middle: name.middle_name });
  }
  return refs
    .map((ref) => byKey.get(`${ref.source}:${ref.id}`))
    .filter((r): r is FileRecord => r !== undefined);
}

async function rows<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

/**
 * One round trip: the records sharing any of `keys`, ranked by how many they share, with their
 * names. The embedded store answers each statement in turn, so fewer statements is faster.
 */
export async function retrieveCandidates(
  db: Executor,
  keys: readonly number[],
  sources: readonly RecordSource[],
  limit: number,
): Promise<{ record: FileRecord; sharedKeys: number }[]> {
  const found = await rows<
    SubjectRow & { source: RecordSource; shared: number; names: [string, string, string | null][] }
  >(
    db,
    sql`WITH ranked AS (
      SELECT source, record_id,
        (SELECT count(*) FROM unnest(keys) k WHERE k = ANY(${sql.param(keys)}::integer[]))::int AS shared
      FROM match_key
      WHERE keys && ${sql.param(keys)}::integer[] AND source = ANY(${sql.param(sources)}::text[])
      ORDER BY shared DESC, source, record_id
      LIMIT ${limit})
    SELECT r.source, r.record_id AS id, r.shared,
      coalesce(p.dob, v.dob)::text AS dob, coalesce(p.sex, v.sex) AS sex, coalesce(p.country_of_birth, v.pob) AS pob,
      coalesce(p.a_number, v.a_number) AS a_number, coalesce(p.fbi_number, v.fbi_number) AS fbi_number, p.ssn,
      (SELECT json_agg(json_build_array(n.last_name, n.first_name, n.middle_name) ORDER BY n.ordinal)
         FROM subject_name n WHERE n.source = r.source AND n.record_id = r.record_id) AS names
    FROM ranked r
    LEFT JOIN person p ON r.source = 'PERSON' AND p.id = r.record_id
    LEFT JOIN violator_record v ON r.source = 'VIOLATOR' AND v.id = r.record_id
    ORDER BY r.shared DESC, r.source, r.record_id`,
  );
  return found.map((row) => ({
    sharedKeys: row.shared,
    record: {
      source: row.source,
      id: row.id,
      names: (row.names ?? []).map(([last, first, middle]) => ({ last, first, middle })),
      dob: row.dob,
      sex: row.sex,
      pob: row.pob,
      aNumber: row.a_number,
      fbi: row.fbi_number,
      ssn: row.ssn,
    },
  }));
}

/** Writes the keys of these records (replacing any earlier ones) and counts their name parts. */
export async function writeMatchKeys(
  tx: Executor,
  clock: Clock,
  records: readonly FileRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const counts = new TokenCounts();
  let names = 0;
  for (const record of records) {
    for (const name of record.names) {
      names++;
      const n = normaliseName(name);
      for (const token of new Set([...n.family, ...n.given])) counts.addToken(token, 1);
    }
  }
  await tx.execute(sql`INSERT INTO match_key (source, record_id, keys)
    SELECT s, r, k::integer[] FROM unnest(${sql.param(records.map((r) => r.source))}::text[],
      ${sql.param(records.map((r) => r.id))}::bigint[],
      ${sql.param(records.map((r) => `{${subjectKeys(r).join(",")}}`))}::text[]) AS t(s, r, k)
    ON CONFLICT (source, record_id) DO UPDATE SET keys = EXCLUDED.keys`);
  const tokens = [...counts.vocabulary];
  await tx.execute(sql`INSERT INTO name_token (token, names)
    SELECT * FROM unnest(${sql.param(tokens)}::text[], ${sql.param(tokens.map((t) => counts.countOf(t)))}::integer[])
    ON CONFLICT (token) DO UPDATE SET names = name_token.names + EXCLUDED.names`);
  await tx.execute(sql`INSERT INTO match_index_state (id, names, updated_at) VALUES (1, ${names}, ${clock.now()})
    ON CONFLICT (id) DO UPDATE SET names = match_index_state.names + EXCLUDED.names, updated_at = EXCLUDED.updated_at`);
}

export interface RebuildProgress {
  source: RecordSource;
  done: number;
  total: number;
}

/** Recomputes the whole index from the record files, in batches of their own transactions. */
export async function rebuildMatchIndex(
  store: Store,
  clock: Clock,
  onProgress?: (progress: RebuildProgress) => void,
  batchSize = 5000,
): Promise<{ records: number; seconds: number }> {
  const started = performance.now();
  // Building the GIN index once over all rows is several times faster than maintaining it row
  // by row; its definition matches migration 0002 (a test checks it is back afterwards).
  await store.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM match_key`);
    await tx.execute(sql`DELETE FROM name_token`);
    await tx.execute(sql`DELETE FROM match_index_state`);
    await tx.execute(sql`DROP INDEX IF EXISTS match_key_keys`);
  });
  let records = 0;
  try {
    for (const source of ["VIOLATOR", "PERSON"] as const) {
      const table = source === "PERSON" ? "person" : "violator_record";
      const [{ total }] = (await rows<{ total: number }>(
        store.db,
        sql`SELECT count(*)::int AS total FROM ${sql.raw(table)}`,
      )) as [{ total: number }];
      let done = 0;
      // Reading batch k+1 overlaps computing the keys of batch k: the store works in its own thread.
      let next = loadBatch(store.db, source, 0, batchSize);
      for (;;) {
        const batch = await next;
        if (batch.length === 0) break;
        next = loadBatch(store.db, source, batch[batch.length - 1]!.id, batchSize);
        await store.transaction((tx) => writeMatchKeys(tx, clock, batch));
        done += batch.length;
        onProgress?.({ source, done, total });
      }
      records += done;
    }
  } finally {
    await store.db.execute(sql`CREATE INDEX IF NOT EXISTS match_key_keys ON match_key USING gin (keys)`);
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

/** The next `limit` records of a file after `afterId`, with their names, read by id range. */
async function loadBatch(
  db: Executor,
  source: RecordSource,
  afterId: number,
  limit: number,
): Promise<FileRecord[]> {
  const subjects =
    source === "PERSON"
      ? await rows<SubjectRow>(
          db,
          sql`SELECT id, dob::text AS dob, sex, country_of_birth AS pob, a_number, fbi_number, ssn
          FROM person WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`,
        )
      : await rows<SubjectRow>(
          db,
          sql`SELECT id, dob::text AS dob, sex, pob, a_number, fbi_number, NULL AS ssn
          FROM violator_record WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`,
        );
  if (subjects.length === 0) return [];
  const names = await rows<NameRow>(
    db,
    sql`SELECT source, record_id, last_name, first_name, middle_name FROM subject_name
    WHERE source = ${source} AND record_id > ${afterId} AND record_id <= ${subjects[subjects.length - 1]!.id}
    ORDER BY record_id, ordinal`,
  );
  const refs = subjects.map((s) => ({ source, id: s.id }));
  return source === "PERSON" ? assemble(refs, subjects, [], names) : assemble(refs, [], subjects, names);
}

/** The vocabulary with counts, for term-frequency weights. */
export async function loadTokenCounts(db: Executor): Promise<TokenCounts> {
  const counts = new TokenCounts();
  const tokens = await rows<{ token: string; names: number }>(db, sql`SELECT token, names FROM name_token`);
  for (const row of tokens) counts.addToken(row.token, row.names);
  const state = await rows<{ names: number }>(db, sql`SELECT names FROM match_index_state WHERE id = 1`);
  counts.setNameCount(state[0]?.names ?? 0);
  return counts;
}
