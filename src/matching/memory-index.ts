import { unknownTokens, withNearSpellings } from "./expand.js";
import { TokenCounts } from "./frequencies.js";
import { GENERIC_KEY_RECORDS, queryKeys, subjectKeys } from "./keys.js";
import type { MatchSubject } from "./record.js";
import { type PairScore, scorePair } from "./scorer.js";

/**
 * Candidate retrieval over records held in memory (batch screening of a CSV file): the same
 * keys as the store's index, an inverted list per key, and the same pair scorer.
 */
export interface Candidate<R> {
  record: R;
  /** How many retrieval keys query and record share. */
  sharedKeys: number;
  result: PairScore;
}

export interface SearchOptions {
  /** Most candidates to score per query. */
  maxCandidates?: number;
  /** Most results to return. */
  top?: number;
  /**
   * Keep candidates scored below the reporting floor (decision `none`) in the ranking: an
   * investigator's "closest records" list, never a screening result.
   */
  belowFloor?: boolean;
}

export class MemoryIndex<R extends MatchSubject> {
  private readonly records: R[] = [];
  private readonly postings = new Map<number, number[]>();
  readonly frequencies = new TokenCounts();

  add(record: R): void {
    const index = this.records.length;
    this.records.push(record);
    for (const key of subjectKeys(record)) {
      let list = this.postings.get(key);
      if (!list) {
        list = [];
        this.postings.set(key, list);
      }
      list.push(index);
    }
    this.frequencies.addSubject(record);
  }

  get size(): number {
    return this.records.length;
  }

  search(query: MatchSubject, options: SearchOptions = {}): Candidate<R>[] {
    const shared = new Map<number, number>();
    const near = new Map<string, string[]>();
    for (const token of unknownTokens(query, this.frequencies))
      near.set(token, this.frequencies.nearSpellings(token));
    for (const { hash: key, kind } of queryKeys(withNearSpellings(query, near))) {
      const postings = this.postings.get(key) ?? [];
      // A single name part is a key for rare parts only (the store's selectiveKeys keeps keys
      // within a budget of estimated records, which leaves such parts out the same way):
      // MUHAMMAD or MARIA alone would flood the candidates.
      if (kind === "N" && postings.length > GENERIC_KEY_RECORDS) continue;
      for (const index of postings) shared.set(index, (shared.get(index) ?? 0) + 1);
    }
    const ranked = [...shared.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.maxCandidates ?? 200);
    const results: Candidate<R>[] = [];
    for (const [index, sharedKeys] of ranked) {
      const record = this.records[index]!;
      const result = scorePair(query, record, this.frequencies);
      if (result.decision !== "none" || options.belowFloor) results.push({ record, sharedKeys, result });
    }
    results.sort((a, b) => b.result.score - a.result.score || b.result.weight - a.result.weight);
    return results.slice(0, options.top ?? 10);
  }
}
