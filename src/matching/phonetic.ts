import { doubleMetaphone } from "double-metaphone";

/** Double Metaphone codes of a token (primary first), cached: names repeat endlessly. */
const cache = new Map<string, readonly string[]>();

export function phoneticCodes(token: string): readonly string[] {
  let codes = cache.get(token);
  if (!codes) {
    const [primary, alternate] = doubleMetaphone(token);
    codes = primary === alternate || !alternate ? [primary] : [primary, alternate];
    if (cache.size > 500_000) cache.clear();
    cache.set(token, codes);
  }
  return codes;
}

export function primaryPhonetic(token: string): string {
  return phoneticCodes(token)[0] ?? token;
}

export function soundAlike(a: string, b: string): boolean {
  const ca = phoneticCodes(a);
  const cb = phoneticCodes(b);
  return ca.some((code) => code.length > 0 && cb.includes(code));
}
