import { sql } from "drizzle-orm";
import type { Clock } from "../platform/clock.js";
import type { Executor, Store } from "../platform/store/store.js";
import { TokenCounts } from "./frequencies.js";
import { subjectKeys } from "./keys.js";
import { type NameInput, type NormalisedName, normaliseName } from "./normalise.js";
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

/** Reads records with all their names, in the order asked (the retrieval's own statement). */
export async function loadFileRecords(db: Queryable, refs: readonly RecordRef[]): Promise<FileRecord[]> {
  const byKey = await loadDetails(db, refs);
  return refs
    .map((ref) => byKey.get(`${ref.source}:${ref.id}`))
    .filter((r): r is FileRecord => r !== undefined);
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
    for (const row of list) byKey.set(`${source}:${row.id}`, toFileRecord(source, row, []));
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

function toFileRecord(source: RecordSource, row: SubjectRow, names: NameInput[]): FileRecord {
  return {
    source,
    id: row.id,
    names,
    dob: row.dob,
    sex: row.sex,
    pob: row.pob,
    aNumber: row.a_number,
    fbi: row.fbi_number,
    ssn: row.ssn,
  };
}

async function rows<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

/** Something that runs SQL with pg's named prepared statements (a pool or a client). */
export interface Queryable {
  query<R extends object>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

// Named statements: PostgreSQL plans each once per connection (planning this join took 30 ms a
// time on the embedded store).
/**
 * The records sharing the most of the query's keys: one GIN look-up per key, counted and
 * ranked in the store, so only the `limit` best come back. (Fetching every record that
 * shares any key, with its key array, and ranking here took about three times as long at 1M
 * records: some 300 rows a query.)
 */
const HITS_SQL = `
  SELECT source, record_id, count(*)::int AS shared
  FROM unnest($1::integer[], $4::float8[]) AS q(k, w)
  JOIN match_key ON match_key.keys @> ARRAY[q.k]
  WHERE match_key.source = ANY($2::text[])
  GROUP BY source, record_id
  ORDER BY sum(q.w) DESC, source, record_id
  LIMIT $3`;
const DETAILS_SQL = `
  SELECT 'PERSON' AS source, p.id, p.dob::text AS dob, p.sex, p.country_of_birth AS pob, p.a_number, p.fbi_number, p.ssn,
    (SELECT json_agg(json_build_array(n.last_name, n.first_name, n.middle_name) ORDER BY n.ordinal)
       FROM subject_name n WHERE n.source = 'PERSON' AND n.record_id = p.id) AS names
  FROM person p WHERE p.id = ANY($1::bigint[])
  UNION ALL
  SELECT 'VIOLATOR', v.id, v.dob::text, v.sex, v.pob, v.a_number, v.fbi_number, NULL,
    (SELECT json_agg(json_build_array(n.last_name, n.first_name, n.middle_name) ORDER BY n.ordinal)
       FROM subject_name n WHERE n.source = 'VIOLATOR' AND n.record_id = v.id)
  FROM violator_record v WHERE v.id = ANY($2::bigint[])`;

async function loadDetails(db: Queryable, refs: readonly RecordRef[]): Promise<Map<string, FileRecord>> {
  const details = await db.query<
    SubjectRow & { source: RecordSource; names: [string, string, string | null][] | null }
  >({
    name: "lesc_match_details",
    text: DETAILS_SQL,
    values: [
      refs.filter((r) => r.source === "PERSON").map((r) => r.id),
      refs.filter((r) => r.source === "VIOLATOR").map((r) => r.id),
    ],
  });
  return new Map(
    details.rows.map((row) => [
      `${row.source}:${row.id}`,
      toFileRecord(
        row.source,
        row,
        (row.names ?? []).map(([last, first, middle]) => ({ last, first, middle })),
      ),
    ]),
  );
}

/**
 * The records whose shared keys weigh the most (ties by source and id), with their names: two
 * prepared statements, the ranking done in the store. Keys are distinct.
 */
export async function retrieveCandidates(
  db: Queryable,
  keys: readonly { hash: number; weight: number }[],
  sources: readonly RecordSource[],
  limit: number,
): Promise<{ record: FileRecord; sharedKeys: number }[]> {
  const hits = await db.query<{ source: RecordSource; record_id: number; shared: number }>({
    name: "lesc_match_hits",
    text: HITS_SQL,
    values: [keys.map((k) => k.hash), sources, limit, keys.map((k) => k.weight)],
  });
  const ranked = hits.rows.map((row) => ({ source: row.source, id: row.record_id, shared: row.shared }));
  if (ranked.length === 0) return [];
  const byKey = await loadDetails(db, ranked);
  const out: { record: FileRecord; sharedKeys: number }[] = [];
  for (const r of ranked) {
    const record = byKey.get(`${r.source}:${r.id}`);
    if (record) out.push({ sharedKeys: r.shared, record }); // absent: removed since it was indexed
  }
  return out;
}

/** Keys and name-part counts of a batch of records, computed outside any transaction. */
export interface PreparedKeys {
  sources: RecordSource[];
  ids: number[];
  keys: string[];
  tokens: string[];
  tokenCounts: number[];
  names: number;
}

export function prepareMatchKeys(records: readonly FileRecord[]): PreparedKeys {
  const counts = new TokenCounts();
  let names = 0;
  const keys: string[] = [];
  for (const record of records) {
    const normalised = record.names.map(normaliseName);
    names += countNameParts(normalised, counts);
    keys.push(`{${subjectKeys(record, normalised).join(",")}}`);
  }
  const tokens = [...counts.vocabulary];
  return {
    sources: records.map((r) => r.source),
    ids: records.map((r) => r.id),
    keys,
    tokens,
    tokenCounts: tokens.map((t) => counts.countOf(t)),
    names,
  };
}

/** Writes prepared keys (replacing a record's earlier ones) and adds their name-part counts. */
export async function writeMatchKeys(tx: Executor, clock: Clock, prepared: PreparedKeys): Promise<void> {
  if (prepared.ids.length === 0) return;
  await tx.execute(sql`INSERT INTO match_key (source, record_id, keys)
    SELECT s, r, k::integer[] FROM unnest(${sql.param(prepared.sources)}::text[], ${sql.param(prepared.ids)}::bigint[],
      ${sql.param(prepared.keys)}::text[]) AS t(s, r, k)
    ON CONFLICT (source, record_id) DO UPDATE SET keys = EXCLUDED.keys`);
  await tx.execute(sql`INSERT INTO name_token (token, names)
    SELECT * FROM unnest(${sql.param(prepared.tokens)}::text[], ${sql.param(prepared.tokenCounts)}::integer[])
    ON CONFLICT (token) DO UPDATE SET names = name_token.names + EXCLUDED.names`);
  await tx.execute(sql`INSERT INTO match_index_state (id, names, updated_at) VALUES (1, ${prepared.names}, ${clock.now()})
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
  // TRUNCATE, not DELETE: the old rows would stay in the table as dead versions, and the index
  // build would read them all (at 10M records the table doubled to 3 GB before a vacuum).
  await store.transaction(async (tx) => {
    await tx.execute(sql`TRUNCATE match_key, name_token, match_index_state`);
    await tx.execute(sql`DROP INDEX IF EXISTS match_key_keys`);
  });
  const counts = new TokenCounts();
  let names = 0;
  let records = 0;
  try {
    for (const source of ["VIOLATOR", "PERSON"] as const) {
      const table = source === "PERSON" ? "person" : "violator_record";
      const [{ total }] = (await rows<{ total: number }>(
        store.db,
        sql`SELECT count(*)::int AS total FROM ${sql.raw(table)}`,
      )) as [{ total: number }];
      let done = 0;
      // The store works in its own thread (or server): while this batch's keys are computed it
      // writes the previous batch's and reads the next batch. Computing in slices lets its
      // replies through; one write is in flight at a time.
      let next = loadBatch(store.db, source, 0, batchSize);
      let writing: Promise<void> = Promise.resolve();
      for (;;) {
        const batch = await next;
        if (batch.length === 0) break;
        next = loadBatch(store.db, source, batch[batch.length - 1]!.id, batchSize);
        next.catch(() => {}); // awaited at the top of the loop
        const keys: string[] = [];
        for (let i = 0; i < batch.length; i += 500) {
          const prepared = prepareMatchKeys(batch.slice(i, i + 500));
          keys.push(...prepared.keys);
          names += prepared.names;
          for (const [t, token] of prepared.tokens.entries())
            counts.addToken(token, prepared.tokenCounts[t]!);
          await new Promise((resolve) => setImmediate(resolve));
        }
        await writing;
        writing = store.db
          .execute(sql`INSERT INTO match_key (source, record_id, keys)
            SELECT ${source}, r, k::integer[] FROM unnest(${sql.param(batch.map((r) => r.id))}::bigint[],
              ${sql.param(keys)}::text[]) AS t(r, k)`)
          .then(() => {
            done += batch.length;
            onProgress?.({ source, done, total });
          });
        // Awaited at the next batch or the end; a failure is not unhandled meanwhile.
        writing.catch(() => {});
      }
      await writing;
      records += done;
    }
    const tokens = [...counts.vocabulary];
    await store.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO name_token (token, names)
        SELECT * FROM unnest(${sql.param(tokens)}::text[], ${sql.param(tokens.map((t) => counts.countOf(t)))}::integer[])`);
      await tx.execute(
        sql`INSERT INTO match_index_state (id, names, updated_at) VALUES (1, ${names}, ${clock.now()})`,
      );
    });
  } finally {
    await store.db.execute(sql`SET maintenance_work_mem = '256MB'`);
    await store.db.execute(sql`CREATE INDEX IF NOT EXISTS match_key_keys ON match_key USING gin (keys)`);
    await store.db.execute(sql`RESET maintenance_work_mem`);
    // Fresh statistics, or the planner guesses (it was seen scanning a whole primary key); the
    // rewritten tables vacuumed too (visibility map set), as the embedded store has no
    // autovacuum to do it later, all at once, in the middle of traffic (see upkeep.ts).
    await store.db.execute(sql`VACUUM (ANALYZE) match_key, name_token`);
    await store.db.execute(sql`ANALYZE person, violator_record, subject_name`);
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

function countNameParts(names: readonly NormalisedName[], counts: TokenCounts): number {
  for (const n of names) {
    for (const token of new Set([...n.family, ...n.given])) counts.addToken(token, 1);
  }
  return names.length;
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
