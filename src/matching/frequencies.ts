import { normaliseName } from "./normalise.js";
import type { MatchSubject } from "./record.js";
import type { TokenFrequencies } from "./scorer.js";

/** Name-part counts over a population of records, for term-frequency weights. */
export class TokenCounts implements TokenFrequencies {
  private readonly counts = new Map<string, number>();
  private names = 0;

  addSubject(subject: MatchSubject): void {
    for (const name of subject.names) {
      const normalised = normaliseName(name);
      this.names++;
      for (const token of new Set([...normalised.family, ...normalised.given])) this.addToken(token, 1);
    }
  }

  addToken(token: string, count: number): void {
    this.counts.set(token, (this.counts.get(token) ?? 0) + count);
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

  share(token: string): number | undefined {
    const count = this.counts.get(token);
    // A population too small to say how common a name is gives no term-frequency evidence.
    if (count === undefined || this.names < 1000) return undefined;
    return count / this.names;
  }
}
