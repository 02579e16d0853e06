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
  await store.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM match_key`);
    await tx.execute(sql`DELETE FROM name_token`);
    await tx.execute(sql`DELETE FROM match_index_state`);
  });
  let records = 0;
  for (const [source, table] of [
    ["VIOLATOR", "violator_record"],
    ["PERSON", "person"],
  ] as const) {
    const [{ total }] = (await rows<{ total: number }>(
      store.db,
      sql`SELECT count(*)::int AS total FROM ${sql.raw(table)}`,
    )) as [{ total: number }];
    let lastId = 0;
    let done = 0;
    for (;;) {
      const ids = (
        await rows<{ id: number }>(
          store.db,
          sql`SELECT id FROM ${sql.raw(table)} WHERE id > ${lastId} ORDER BY id LIMIT ${batchSize}`,
        )
      ).map((r) => r.id);
      if (ids.length === 0) break;
      lastId = ids[ids.length - 1]!;
      await store.transaction(async (tx) => {
        const batch = await loadFileRecords(
          tx,
          ids.map((id) => ({ source, id })),
        );
        await writeMatchKeys(tx, clock, batch);
      });
      done += ids.length;
      onProgress?.({ source, done, total });
    }
    records += done;
  }
  return { records, seconds: (performance.now() - started) / 1000 };
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
