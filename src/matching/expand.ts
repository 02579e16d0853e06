import type { TokenCounts } from "./frequencies.js";
import { type NameInput, normaliseName, normaliseTokens } from "./normalise.js";
import type { MatchSubject } from "./record.js";

/**
 * Typo-tolerant retrieval: a query name part that no indexed name carries is probably
 * misspelt, and a misspelling can change its sound code and so miss every key. Near spellings
 * from the vocabulary (trigram similarity in the store, a scan in memory) stand in for it in
 * extra query names, whose keys join the search. Scoring still compares the name as given.
 */
export function unknownTokens(query: MatchSubject, counts: TokenCounts): string[] {
  const unknown = new Set<string>();
  for (const name of query.names) {
    const n = normaliseName(name);
    for (const token of [...n.family, ...n.given])
      if (token.length >= 4 && counts.countOf(token) === 0) unknown.add(token);
  }
  return [...unknown];
}

/** The query with extra names in which each unknown part is replaced by a near spelling. */
export function withNearSpellings(
  query: MatchSubject,
  near: ReadonlyMap<string, readonly string[]>,
): MatchSubject {
  if (near.size === 0) return query;
  const extra: NameInput[] = [];
  for (const name of query.names) {
    for (const field of ["last", "first", "middle"] as const) {
      const tokens = normaliseTokens(name[field]);
      tokens.forEach((token, i) => {
        for (const replacement of near.get(token) ?? []) {
          const replaced = [...tokens];
          replaced[i] = replacement;
          extra.push({ ...name, [field]: replaced.join(" ") });
        }
      });
    }
  }
  return { ...query, names: [...query.names, ...extra] };
}
