import { normaliseName, skeleton, transliterationFold } from "./normalise.js";
import { primaryPhonetic } from "./phonetic.js";
import type { MatchSubject } from "./record.js";
import type { TokenFrequencies } from "./scorer.js";

/** Name-part counts over a population of records, for term-frequency weights. */
export class TokenCounts implements TokenFrequencies {
  private readonly counts = new Map<string, number>();
  private names = 0;
  /** Single-deletion variants of known tokens (a SymSpell index), built on first use. */
  private deletions: Map<string, string[]> | undefined;
  /** Names per sound code and per consonant skeleton (~XYZ), built on first use. */
  private codes: Map<string, number> | undefined;

  addSubject(subject: MatchSubject): void {
    for (const name of subject.names) {
      const normalised = normaliseName(name);
      this.names++;
      for (const token of new Set([...normalised.family, ...normalised.given])) this.addToken(token, 1);
    }
  }

  addToken(token: string, count: number): void {
    if (this.deletions && !this.counts.has(token)) this.indexDeletions(token);
    if (this.codes) this.countCodes(token, count);
    this.counts.set(token, (this.counts.get(token) ?? 0) + count);
  }

  /**
   * Known tokens one edit (or an adjacent swap) away from `token`, most common first: the
   * spelling an officer probably meant. Found through shared single-deletion variants.
   */
  /** Builds the sound-code and near-spelling tables now rather than on first use. */
  buildLookups(): void {
    if (!this.codes) {
      this.codes = new Map();
      for (const [token, count] of this.counts) this.countCodes(token, count);
    }
    if (!this.deletions) {
      this.deletions = new Map();
      for (const known of this.counts.keys()) this.indexDeletions(known);
    }
  }

  /** Share of names carrying a part with this sound code (or ~skeleton). */
  codeShare(code: string): number | undefined {
    this.buildLookups();
    const count = this.codes!.get(code);
    if (count === undefined || this.names < 1000) return undefined;
    return Math.min(1, count / this.names);
  }

  private countCodes(token: string, count: number): void {
    for (const code of [primaryPhonetic(transliterationFold(token)), `~${skeleton(token)}`]) {
      this.codes!.set(code, (this.codes!.get(code) ?? 0) + count);
    }
  }

  nearSpellings(token: string, limit = 3): string[] {
    this.buildLookups();
    const found = new Set<string>();
    for (const variant of [token, ...deletionsOf(token)]) {
      for (const known of this.deletions!.get(variant) ?? []) if (known !== token) found.add(known);
      if (this.counts.has(variant) && variant !== token) found.add(variant);
    }
    return [...found].sort((a, b) => this.countOf(b) - this.countOf(a) || (a < b ? -1 : 1)).slice(0, limit);
  }

  private indexDeletions(token: string): void {
    if (token.length < 4) return;
    for (const variant of deletionsOf(token)) {
      const list = this.deletions!.get(variant);
      if (list) list.push(token);
      else this.deletions!.set(variant, [token]);
    }
  }

  setNameCount(names: number): void {
    this.names = names;
  }

  get nameCount(): number {
    return this.names;
  }

  get vocabulary(): IterableIterator<string> {
    return this.counts.keys();
  }

  countOf(token: string): number {
    return this.counts.get(token) ?? 0;
  }

  share(token: string): number | undefined {
    // A population too small to say how common a name is gives no term-frequency evidence.
    if (this.names < 1000) return undefined;
    // A part no indexed name carries is rare: count it as half a name.
    return (this.counts.get(token) ?? 0.5) / this.names;
  }
}

function deletionsOf(token: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < token.length; i++) out.add(token.slice(0, i) + token.slice(i + 1));
  return out;
}
