import { sql } from "drizzle-orm";
import type { Store } from "../platform/store/store.js";
import { unknownTokens, withNearSpellings } from "./expand.js";
import type { TokenCounts } from "./frequencies.js";
import { subjectKeySet } from "./keys.js";
import type { FileRecord, MatchSubject, RecordSource } from "./record.js";
import { type PairScore, scorePair } from "./scorer.js";
import { loadFileRecords, loadTokenCounts } from "./store-index.js";

/** Searches the record files in the store: retrieve by shared keys, then score each pair. */
export interface StoreCandidate {
  record: FileRecord;
  sharedKeys: number;
  result: PairScore;
}

export interface StoreSearchOptions {
  top?: number;
  maxCandidates?: number;
  sources?: readonly RecordSource[];
}

export class StoreMatcher {
  private counts: TokenCounts | undefined;
  private loadedAt = 0;

  constructor(
    private readonly store: Store,
    /** How long term frequencies are reused before they are read again. */
    private readonly frequencyTtlMs = 5 * 60_000,
  ) {}

  async frequencies(): Promise<TokenCounts> {
    if (!this.counts || Date.now() - this.loadedAt > this.frequencyTtlMs) {
      this.counts = await loadTokenCounts(this.store.db);
      this.loadedAt = Date.now();
    }
    return this.counts;
  }

  async search(query: MatchSubject, options: StoreSearchOptions = {}): Promise<StoreCandidate[]> {
    const counts = await this.frequencies();
    const near = new Map<string, string[]>();
    const unspelt: string[] = [];
    for (const token of unknownTokens(query, counts)) {
      const spellings = counts.nearSpellings(token);
      if (spellings.length > 0) near.set(token, spellings);
      else if (token.length >= 6) unspelt.push(token);
    }
    if (unspelt.length > 0) {
      // Further than one edit from any known part: ask the trigram index.
      const found = await this.store.db.execute<{ q: string; token: string }>(sql`
        SELECT q, t.token FROM unnest(${sql.param(unspelt)}::text[]) AS q
        CROSS JOIN LATERAL (SELECT token FROM name_token WHERE token % q ORDER BY similarity(token, q) DESC, token LIMIT 3) t`);
      for (const row of found.rows) near.set(row.q, [...(near.get(row.q) ?? []), row.token]);
    }
    const { strong, weak } = subjectKeySet(withNearSpellings(query, near), true);
    const sources = options.sources ?? ["PERSON", "VIOLATOR"];
    const limit = options.maxCandidates ?? 100;
    const ranked = await this.retrieve(strong, sources, limit);
    // Few candidates on the strong keys (a rare name, a mangled one): widen to the weak keys.
    if (ranked.length < 20 && weak.length > 0) {
      const seen = new Set(ranked.map((r) => `${r.source}:${r.record_id}`));
      for (const row of await this.retrieve([...strong, ...weak], sources, limit)) {
        if (!seen.has(`${row.source}:${row.record_id}`)) ranked.push(row);
      }
    }
    const shared = new Map(ranked.map((r) => [`${r.source}:${r.record_id}`, r.shared]));
    const records = await loadFileRecords(
      this.store.db,
      ranked.map((r) => ({ source: r.source, id: r.record_id })),
    );
    const results: StoreCandidate[] = [];
    for (const record of records) {
      const result = scorePair(query, record, counts);
      if (result.decision !== "none")
        results.push({ record, sharedKeys: shared.get(`${record.source}:${record.id}`) ?? 0, result });
    }
    results.sort((a, b) => b.result.score - a.result.score || b.result.weight - a.result.weight);
    return results.slice(0, options.top ?? 10);
  }

  private async retrieve(keys: number[], sources: readonly RecordSource[], limit: number) {
    if (keys.length === 0) return [];
    const result = await this.store.db.execute<{
      source: RecordSource;
      record_id: number;
      shared: number;
    }>(sql`
      SELECT source, record_id, (SELECT count(*) FROM unnest(keys) k WHERE k = ANY(${sql.param(keys)}::integer[]))::int AS shared
      FROM match_key
      WHERE keys && ${sql.param(keys)}::integer[] AND source = ANY(${sql.param(sources)}::text[])
      ORDER BY shared DESC, source, record_id
      LIMIT ${limit}`);
    return result.rows;
  }
}
