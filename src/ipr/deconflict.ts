import { jaroWinkler, normaliseTokens } from "../matching/index.js";
import type { MatchReason } from "./schema.js";

/**
 * Deconfliction (reference intake-and-referral.md §6.5): an allegation whose violator matches
 * an open one (the name by the matching engine's token comparison, the same web host, or the
 * same address) is linked to it, with the reasons; never merged.
 */
export const NAME_MATCH = 0.92;

// Company forms say nothing about who the violator is: ACME LLC = ACME INC = ACME.
const COMPANY_FORMS = new Set([
  "LLC",
  "LTD",
  "INC",
  "CO",
  "CORP",
  "CORPORATION",
  "COMPANY",
  "LIMITED",
  "GMBH",
  "SA",
  "SRL",
  "BV",
  "PLC",
  "THE",
]);

export function violatorTokens(name: string | null | undefined): string[] {
  return normaliseTokens(name).filter((token) => !COMPANY_FORMS.has(token));
}

/** Each token of the shorter name against its best partner in the other (Monge–Elkan, symmetric). */
export function nameSimilarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const oneWay = (x: string[], y: string[]) =>
    x.reduce((sum, token) => sum + Math.max(...y.map((other) => jaroWinkler(token, other))), 0) / x.length;
  return Math.min(oneWay(a, b), oneWay(b, a));
}

/** The host a shop sells from: `https://WWW.Example.test:443/shop?x` → `example.test`. */
export function websiteHost(website: string | null | undefined): string | null {
  const text = website?.trim();
  if (!text) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    const host = url.hostname
      .toLowerCase()
      .replace(/^www\./, "")
      .replace(/\.$/, "");
    return host.includes(".") ? host : null;
  } catch {
    return null;
  }
}

const ADDRESS_WORDS: Record<string, string> = {
  STREET: "ST",
  AVENUE: "AVE",
  ROAD: "RD",
  BOULEVARD: "BLVD",
  DRIVE: "DR",
  SUITE: "STE",
  NORTH: "N",
  SOUTH: "S",
  EAST: "E",
  WEST: "W",
  LANE: "LN",
  HIGHWAY: "HWY",
  BUILDING: "BLDG",
};

/** An address as comparable text: upper case, numbers kept, common words abbreviated. */
export function addressKey(address: string | null | undefined): string | null {
  const tokens = (address ?? "")
    .normalize("NFKD")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean)
    .map((token) => ADDRESS_WORDS[token] ?? token);
  // A street with no number is too vague to link on.
  return tokens.length >= 3 && tokens.some((t) => /\d/.test(t)) ? tokens.join(" ") : null;
}

export interface ViolatorFacts {
  name: string | null;
  host: string | null;
  address: string | null;
}

export function matchReasons(mine: ViolatorFacts, other: ViolatorFacts): MatchReason[] {
  const reasons: MatchReason[] = [];
  const score = nameSimilarity(violatorTokens(mine.name), violatorTokens(other.name));
  if (score >= NAME_MATCH) {
    reasons.push({
      rule: "VIOLATOR_NAME",
      detail: `violator name "${mine.name}" ~ "${other.name}" (similarity ${score.toFixed(2)})`,
    });
  }
  if (mine.host && mine.host === other.host) {
    reasons.push({ rule: "WEBSITE_HOST", detail: `same web host ${mine.host}` });
  }
  const address = addressKey(mine.address);
  if (address && address === addressKey(other.address)) {
    reasons.push({ rule: "ADDRESS", detail: `same address ${address}` });
  }
  return reasons;
}
