import type { Store } from "../platform/store/store.js";
import { unknownTokens, withNearSpellings } from "./expand.js";
import type { TokenCounts } from "./frequencies.js";
import { type QueryKey, queryKeys } from "./keys.js";
import type { FileRecord, MatchSubject, RecordSource } from "./record.js";
import { PARTS_TOGETHER, type PairScore, scorePair } from "./scorer.js";
import { loadTokenCounts, retrieveCandidates } from "./store-index.js";

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
  private loading: Promise<TokenCounts> | undefined;

  constructor(
    private readonly store: Store,
    /** How long term frequencies are reused before they are read again. */
    private readonly frequencyTtlMs = 5 * 60_000,
  ) {}

  /**
   * The name-part frequencies. Searches that arrive together share one read; once loaded,
   * stale frequencies keep serving while a single refresh reads the new ones (at 1M records
   * a read and its look-up tables take seconds, which no search should wait for).
   */
  async frequencies(): Promise<TokenCounts> {
    const stale = !this.counts || Date.now() - this.loadedAt > this.frequencyTtlMs;
    if (stale && !this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = undefined;
      });
    }
    // A TTL of 0 (tests) asks for frequencies as of now: wait for the read it started.
    if (this.counts && !(stale && this.frequencyTtlMs === 0)) return this.counts;
    return this.loading!;
  }

  private async load(): Promise<TokenCounts> {
    const counts = await loadTokenCounts(this.store.db);
    // Build the sound-code and near-spelling tables now, not during someone's search.
    counts.buildLookups();
    this.counts = counts;
    this.loadedAt = Date.now();
    return counts;
  }

  async search(query: MatchSubject, options: StoreSearchOptions = {}): Promise<StoreCandidate[]> {
    const counts = await this.frequencies();
    const near = new Map<string, string[]>();
    for (const token of unknownTokens(query, counts)) {
      const spellings = counts.nearSpellings(token);
      if (spellings.length > 0) near.set(token, spellings);
    }
    const keys = selectiveKeys(queryKeys(withNearSpellings(query, near)), counts);
    if (keys.length === 0) return [];
    const sources = options.sources ?? ["PERSON", "VIOLATOR"];
    const candidates = await retrieveCandidates(this.store.pool, keys, sources, options.maxCandidates ?? 40);
    const results: StoreCandidate[] = [];
    for (const { record, sharedKeys } of candidates) {
      const result = scorePair(query, record, counts);
      if (result.decision !== "none") results.push({ record, sharedKeys, result });
    }
    results.sort((a, b) => b.result.score - a.result.score || b.result.weight - a.result.weight);
    return results.slice(0, options.top ?? 10);
  }
}

/** A retrieval key with its weight in the store's ranking: the rarer, the heavier. */
export interface WeightedKey {
  hash: number;
  /** Estimated records sharing it. */
  records: number;
  /** log2(names / records): bits of evidence a shared key gives. */
  weight: number;
}

/**
 * Estimated records the store reads for one search (every key's postings): what a query may
 * spend. At 10M records a year-paired key of a common name (JOSE GARCIA 1990) has hundreds;
 * an absolute cut per key dropped them all and left the date of birth alone.
 */
export const KEY_BUDGET_RECORDS = 1500;
/** The most selective keys are kept whatever they cost, so a search always has something. */
const MIN_KEYS = 3;

/**
 * Estimates how many indexed records share each key from the name-part frequencies, and keeps
 * the most selective keys within a budget of records read, so the generic ones (JOSE + GARCIA
 * without a year) never flood retrieval (Senzing's "generic value" principle). Each kept key
 * carries a weight, so a record sharing a rare key outranks one sharing a common one.
 */
export function selectiveKeys(keys: readonly QueryKey[], counts: TokenCounts): WeightedKey[] {
  const names = Math.max(counts.nameCount, 1);
  const share = (code: string) => counts.codeShare(code) ?? (counts.nameCount >= 1000 ? 0.5 / names : 0.01);
  // Births spread over some 60 years; a pair of parts co-occurs more often than chance.
  const estimate = (key: QueryKey): number => {
    const parts = key.codes.map(share);
    switch (key.kind) {
      case "P":
        return names * parts[0]! * parts[1]! * PARTS_TOGETHER;
      case "Q":
        return (names * parts[0]! * parts[1]! * PARTS_TOGETHER) / 30;
      case "N":
        return names * parts[0]!;
      case "T":
        return (names * parts[0]!) / 30;
      case "I":
        return (names * parts[0]!) / 300;
      case "B":
        // One part's sound on one day of some 60 years.
        return (names * parts[0]!) / 20_000;
      case "D":
        // A birth date, either order of day and month, over some 60 years of days.
        return names / 20_000;
      default:
        return 1;
    }
  };
  const estimated = keys
    .map((key) => {
      const records = estimate(key);
      return { hash: key.hash, records, weight: Math.log2(names / Math.max(records, 0.5)) };
    })
    .sort((a, b) => a.records - b.records);
  const kept: WeightedKey[] = [];
  let spent = 0;
  for (const key of estimated) {
    if (kept.length >= MIN_KEYS && spent + key.records > KEY_BUDGET_RECORDS) break;
    kept.push(key);
    spent += key.records;
  }
  return kept;
}
