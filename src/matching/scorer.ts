import { areNicknames, formalNames } from "./nicknames.js";
import { type NormalisedName, normaliseName, skeleton, transliterationFold } from "./normalise.js";
import { soundAlike } from "./phonetic.js";
import {
  type MatchSubject,
  normaliseANumber,
  normaliseIdentifier,
  type ParsedDate,
  parseDob,
} from "./record.js";
import { editDistance, jaroWinkler } from "./similarity.js";

/**
 * Pair scoring, Fellegi–Sunter style: every field comparison lands on an agreement level
 * with a weight in bits (log2 of m/u: how much likelier that level is for the same person
 * than for two different people); the weights add up; the sum becomes a probability through
 * a calibration fitted on labelled data (bench/matching/calibrate). Agreement on a name part
 * weighs by how rare the part is (term frequency): GARCIA agreeing says less than QUISPE.
 */
export type Decision = "match" | "possible";

export interface FieldComparison {
  field: "name" | "dob" | "sex" | "pob" | "aNumber" | "fbi" | "ssn";
  query: string | null;
  candidate: string | null;
  level: string;
  weight: number;
}

export interface PairScore {
  /** Calibrated probability that query and candidate are the same person. */
  score: number;
  /** Sum of the field weights, in bits. */
  weight: number;
  decision: Decision | "none";
  /** The candidate name (primary or alias) that compared best. */
  matchedName: string;
  explanation: FieldComparison[];
}

/** How common a name part is, for term-frequency weighting. */
export interface TokenFrequencies {
  /** Share of names carrying this token, in (0, 1]; undefined when unknown. */
  share(token: string): number | undefined;
  /** Names indexed (the population searched); undefined when unknown. */
  readonly nameCount?: number;
}

export const noFrequencies: TokenFrequencies = { share: () => undefined };

// Calibration: probability = 1 / (1 + 2^-(SLOPE·weight + INTERCEPT)); see bench/matching/calibrate.
export const CALIBRATION = { slope: 0.55, intercept: -5.5 };
export const MATCH_THRESHOLD = 0.9;
/** Below this a candidate is dropped, not reported. */
export const REPORTING_FLOOR = 0.3;
/**
 * A `match` on name and date of birth alone needs fewer other people than this expected to
 * share both in the population searched. A score is fitted on pairs and knows nothing of
 * how many people were searched: at 10M names, JOHN WILLIAMS born on a given day is expected
 * about 0.04 more times, and two such namesakes came up as `match` in 300 searches.
 */
export const NAMESAKE_LIMIT = 0.02;
/** Days of birth in some 60 years of ages: how far a birth date spreads namesakes. */
const BIRTH_DAYS = 22_000;
/**
 * Parts of one culture's names go together more often than chance (NGUYEN with ANH, JOSE with
 * GARCIA): how many times, for estimates of how many people share two parts.
 */
export const PARTS_TOGETHER = 4;

const TYPICAL_SHARE = 1e-3;

type TokenLevel =
  | "EXACT"
  | "NICKNAME"
  | "TYPO"
  | "PHONETIC"
  | "TRANSLIT"
  | "SIMILAR"
  | "SHORT_FORM"
  | "SCRAMBLED"
  | "SKELETON"
  | "INITIAL"
  | "DIFFERENT";
const LEVEL_FACTOR: Record<TokenLevel, number> = {
  EXACT: 1,
  NICKNAME: 0.6,
  TYPO: 0.75,
  PHONETIC: 0.6,
  TRANSLIT: 0.6,
  SIMILAR: 0.45,
  SHORT_FORM: 0.45,
  SCRAMBLED: 0.45,
  SKELETON: 0.5,
  INITIAL: 0,
  DIFFERENT: 0,
};

interface Token {
  text: string;
  role: "family" | "given";
  /** Position among the given names: 0 is the first name. */
  position: number;
}

// A query is scored against many candidates: normalise its names once.
const normalisedNames = new WeakMap<MatchSubject, NormalisedName[]>();

function namesOf(subject: MatchSubject): NormalisedName[] {
  let names = normalisedNames.get(subject);
  if (!names) {
    names = subject.names.map(normaliseName).filter((n) => n.family.length + n.given.length > 0);
    normalisedNames.set(subject, names);
  }
  return names;
}

export function scorePair(
  query: MatchSubject,
  candidate: MatchSubject,
  frequencies: TokenFrequencies = noFrequencies,
): PairScore {
  const queryNames = namesOf(query);
  const candidateNames = candidate.names
    .map(normaliseName)
    .filter((n) => n.family.length + n.given.length > 0);
  let best: NameComparison | undefined;
  for (const q of queryNames) {
    for (const c of candidateNames) {
      const comparison = compareNames(q, c, frequencies);
      if (!best || comparison.weight > best.weight) best = comparison;
    }
  }
  const explanation: FieldComparison[] = best ? [...best.items] : [];
  const nameWeight = best?.weight ?? 0;
  const dob = compareDob(query.dob, candidate.dob);
  explanation.push(dob);
  explanation.push(compareSex(query.sex, candidate.sex));
  explanation.push(comparePob(query.pob, candidate.pob));
  const ids = [
    compareIdentifier("aNumber", normaliseANumber(query.aNumber), normaliseANumber(candidate.aNumber)),
    compareIdentifier("fbi", normaliseIdentifier(query.fbi), normaliseIdentifier(candidate.fbi)),
    compareIdentifier("ssn", normaliseIdentifier(query.ssn), normaliseIdentifier(candidate.ssn)),
  ];
  explanation.push(...ids);
  const weight = round(
    nameWeight + explanation.filter((e) => e.field !== "name").reduce((sum, e) => sum + e.weight, 0),
  );
  const score = round(1 / (1 + 2 ** -(CALIBRATION.slope * weight + CALIBRATION.intercept)), 4);
  const idAgrees = ids.some((id) => id.level === "AGREE");
  const idConflicts = ids.some((id) => id.level === "DISAGREE");
  const sex = explanation.find((e) => e.field === "sex");
  // A `match` needs the name to agree field by field (family and first given names, no
  // conflicting part), the exact date of birth, the same sex and place of birth where both are
  // known — or an agreeing identifier.
  // A swapped day and month, a year off or a loose spelling make it `possible`: a person looks.
  // A score alone never makes a match: twins and namesakes score high.
  const nameAgrees = best?.agreesForMatch === true;
  const dobExact = dob.level === "EXACT";
  // Different sexes or countries of birth: namesakes born the same day, until a person checks.
  const demographicsConflict =
    sex?.level === "DISAGREE" || explanation.some((e) => e.field === "pob" && e.level === "DISAGREE");
  // Others expected to carry as similar a name and this birth date: the population times how
  // rare the agreeing parts are (2^-bits of their agreement), spread over the days of birth.
  // Only a name-and-date match asks.
  const namesakes =
    nameAgrees && dobExact && !idAgrees
      ? (PARTS_TOGETHER * (frequencies.nameCount ?? 0) * 2 ** -positiveBits(best?.items ?? [])) / BIRTH_DAYS
      : 0;
  const commonNameAndDob = namesakes > NAMESAKE_LIMIT;
  if (commonNameAndDob) {
    explanation.push({
      field: "name",
      query: `others expected with this name and birth date: ${namesakes.toFixed(3)}`,
      candidate: null,
      level: "COMMON_NAME_AND_DOB",
      weight: 0,
    });
  }
  let decision: PairScore["decision"] = "none";
  if (
    score >= MATCH_THRESHOLD &&
    !idConflicts &&
    ((nameAgrees && dobExact && !demographicsConflict && !commonNameAndDob) || idAgrees)
  ) {
    decision = "match";
  } else if (score >= REPORTING_FLOOR) decision = "possible";
  return { score, weight, decision, matchedName: best?.candidateRaw ?? "", explanation };
}

function positiveBits(items: readonly FieldComparison[]): number {
  return items.reduce((sum, e) => sum + Math.max(0, e.weight), 0);
}

const KUNYA_MARKERS = new Set(["ABU", "UMM"]);

const CLOSE_LEVELS = new Set<TokenLevel>(["EXACT", "NICKNAME", "TYPO", "TRANSLIT"]);

interface NameComparison {
  weight: number;
  /** Family and first given names agree in their own fields (or reversed), with no conflicting part. */
  agreesForMatch: boolean;
  items: FieldComparison[];
  familyAgrees: boolean;
  candidateRaw: string;
}

function tokensOf(name: NormalisedName): Token[] {
  return [
    ...name.family.map((text) => ({ text, role: "family" as const, position: 0 })),
    ...name.given.map((text, position) => ({ text, role: "given" as const, position })),
  ];
}

/**
 * Joins adjacent parts on one side when together they spell a part of the other side:
 * XIAO MING = XIAOMING, ABDUL RAHMAN = ABDULRAHMAN, MIN-JUN = MINJUN.
 */
function joinSplitParts(tokens: Token[], other: Token[]): Token[] {
  const otherTexts = other.map((t) => t.text);
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1];
    if (b && a.role === b.role) {
      const joined = a.text + b.text;
      if (otherTexts.some((t) => t === joined || (t.length >= 6 && editDistance(t, joined) <= 1))) {
        out.push({ ...a, text: joined });
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

function compareTokens(a: string, b: string, bothFamily: boolean): { level: TokenLevel; similarity: number } {
  if (a === b) return { level: "EXACT", similarity: 1 };
  // A glued article in a family name: ALRASHID = AL RASHID = RASHID (but ALBERT is not BERT).
  if (bothFamily && ((a.startsWith("AL") && a.slice(2) === b) || (b.startsWith("AL") && b.slice(2) === a))) {
    return { level: "EXACT", similarity: 0.99 };
  }
  if (a.length === 1 || b.length === 1) {
    return a[0] === b[0] ? { level: "INITIAL", similarity: 0.6 } : { level: "DIFFERENT", similarity: 0 };
  }
  if (areNicknames(a, b)) return { level: "NICKNAME", similarity: 0.9 };
  const jw = jaroWinkler(a, b);
  const shorter = Math.min(a.length, b.length);
  const edits = editDistance(a, b);
  if ((edits === 1 && shorter >= 4) || (edits <= 2 && shorter >= 8) || jw >= 0.95)
    return { level: "TYPO", similarity: 0.92 };
  // Spellings of one sound in different romanisations: QADHAFI / GADDAFI, ZHAO / CHAO.
  const fa = transliterationFold(a);
  const fb = transliterationFold(b);
  if (fa === fb || (Math.min(fa.length, fb.length) >= 4 && editDistance(fa, fb) === 1))
    return { level: "TRANSLIT", similarity: 0.83 };
  if (soundAlike(a, b) && jw >= 0.75) return { level: "PHONETIC", similarity: 0.85 };
  // Korean syllables in McCune–Reischauer and Revised romanisation: CHONG / JONG, CHO / JO.
  if (Math.max(a.length, b.length) <= 6 && a.replace(/^CH/, "J") === b.replace(/^CH/, "J"))
    return { level: "PHONETIC", similarity: 0.85 };
  if (jw >= 0.88) return { level: "SIMILAR", similarity: 0.8 };
  // Short forms of given names: ALEX / ALEXANDER, ABBY / ABIGAIL, CHRIS / CHRISTOPHER.
  if (!bothFamily && shorter >= 3 && isShortForm(a, b)) return { level: "SHORT_FORM", similarity: 0.7 };
  // Letters scrambled in keying: MORRIS / MOSRIR, JONES / JSNEO.
  if (shorter >= 4 && a[0] === b[0] && letterOverlap(a, b) >= 0.85)
    return { level: "SCRAMBLED", similarity: 0.7 };
  // Scripts without written vowels (Arabic, Hebrew) transliterate to bare consonants: MHMD, LY.
  const vowelless = !/[AEIOU]/.test(a) || !/[AEIOU]/.test(b);
  if (vowelless && skeleton(a) === skeleton(b)) return { level: "SKELETON", similarity: 0.75 };
  return { level: "DIFFERENT", similarity: jw * 0.5 };
}

function isShortForm(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const stem = short.replace(/(IE|Y|I)$/, "");
  return stem.length >= 3 && long.startsWith(stem) && long.length > short.length;
}

/** Shared letters (as multisets) over the longer length. */
function letterOverlap(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let shared = 0;
  for (const ch of b) {
    const n = counts.get(ch) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(ch, n - 1);
    }
  }
  return shared / Math.max(a.length, b.length);
}

/** Bits for an exact agreement on this name part: rarer parts weigh more. */
function agreementBits(token: string, frequencies: TokenFrequencies): number {
  const share = frequencies.share(token) ?? TYPICAL_SHARE;
  return Math.min(12, Math.max(2, Math.log2(0.95 / share)));
}

function compareNames(
  query: NormalisedName,
  candidate: NormalisedName,
  frequencies: TokenFrequencies,
): NameComparison {
  let q = tokensOf(query);
  let c = tokensOf(candidate);
  q = joinSplitParts(q, c);
  c = joinSplitParts(c, q);
  // Greedy one-to-one alignment, best pairs first, regardless of order or field: names arrive
  // reversed (Chinese, Korean, Vietnamese order), or with parts in the wrong field.
  const pairs: { i: number; j: number; level: TokenLevel; similarity: number }[] = [];
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j < c.length; j++) {
      const compared = compareTokens(
        q[i]!.text,
        c[j]!.text,
        q[i]!.role === "family" && c[j]!.role === "family",
      );
      if (compared.level !== "DIFFERENT") pairs.push({ i, j, ...compared });
    }
  }
  pairs.sort(
    (x, y) => y.similarity - x.similarity || roleBonus(q[y.i]!, c[y.j]!) - roleBonus(q[x.i]!, c[x.j]!),
  );
  const usedQ = new Set<number>();
  const usedC = new Set<number>();
  const items: FieldComparison[] = [];
  let weight = 0;
  let familyAgrees = false;
  // For a `match`, parts must agree in their own fields (or the whole name be reversed), and
  // the first given names must agree closely: a middle name or a loose sound does not count.
  let familyInField = false;
  let firstGivenInField = false;
  let familyToFirstGiven = false;
  let firstGivenToFamily = false;
  const hasFirstGiven =
    q.some((t) => t.role === "given" && t.position === 0) && c.some((t) => t.role === "given");
  for (const pair of pairs) {
    if (usedQ.has(pair.i) || usedC.has(pair.j)) continue;
    usedQ.add(pair.i);
    usedC.add(pair.j);
    const qt = q[pair.i]!;
    const ct = c[pair.j]!;
    const formal = pair.level === "NICKNAME" ? [...(formalNames(qt.text) ?? [])][0] : undefined;
    // A misspelling weighs as its more common spelling would: PEREX is not rarer than PEREZ.
    const base =
      pair.level === "EXACT" || formal
        ? agreementBits(formal ?? ct.text, frequencies)
        : Math.min(agreementBits(qt.text, frequencies), agreementBits(ct.text, frequencies));
    const bits = pair.level === "INITIAL" ? 1 : base * LEVEL_FACTOR[pair.level];
    weight += bits;
    // One edit in a short name is often another name (SAUL / RAUL, WONG / DONG).
    const close =
      CLOSE_LEVELS.has(pair.level) &&
      (pair.level !== "TYPO" || (qt.text[0] === ct.text[0] && Math.min(qt.text.length, ct.text.length) >= 5));
    const ctFirstGiven = ct.role === "given" && ct.position === 0;
    if (qt.role === "family" && pair.level !== "INITIAL") familyAgrees = true;
    if (qt.role === "family" && ct.role === "family" && pair.level !== "INITIAL") familyInField = true;
    if (qt.role === "family" && ctFirstGiven && close) familyToFirstGiven = true;
    if (qt.role === "given" && qt.position === 0) {
      if (ctFirstGiven && close) firstGivenInField = true;
      if (ct.role === "family" && close) firstGivenToFamily = true;
    }
    items.push(nameItem(qt, ct.text, pair.level, bits));
  }
  const candidateHasFamily = c.some((t) => t.role === "family");
  for (let i = 0; i < q.length; i++) {
    if (usedQ.has(i)) continue;
    const token = q[i]!;
    // A disagreeing first name is strong evidence of a different person (twins share the rest).
    // A field the candidate left blank is no evidence either way.
    // A kunya (ABU ALI, UMM KHALID: "father of", "mother of") leads the given names of many
    // Arabic aliases without being a first name: its marker missing is no disagreement.
    const isFirst = token.role === "given" && token.position === 0 && !KUNYA_MARKERS.has(token.text);
    const bits =
      token.role === "family" ? (candidateHasFamily ? -4 : -0.5) : isFirst ? (hasFirstGiven ? -8 : -0.5) : -1;
    weight += bits;
    items.push(nameItem(token, null, "MISSING_IN_CANDIDATE", bits));
  }
  const extra = c.filter((_, j) => !usedC.has(j));
  if (extra.length > 0) {
    const bits = -Math.min(2, 0.5 * extra.length);
    weight += bits;
    items.push({
      field: "name",
      query: null,
      candidate: extra.map((t) => t.text).join(" "),
      level: "EXTRA_IN_CANDIDATE",
      weight: round(bits),
    });
  }
  if (!familyAgrees && q.some((t) => t.role === "family") && candidateHasFamily) {
    weight -= 3;
    items.push({
      field: "name",
      query: query.family.join(" "),
      candidate: candidate.family.join(" "),
      level: "FAMILY_NAME_DIFFERS",
      weight: -3,
    });
  }
  // Each side carrying a part of the same field that the other lacks is a conflict (DAVIS,
  // JOHN DAVID vs DAVIS, JOHN PATRICK), not a part one clerk left out.
  const unmatchedQ = q.filter((_, i) => !usedQ.has(i));
  const conflict = unmatchedQ.some((t) => extra.some((e) => e.role === t.role));
  const queryHasFirstGiven = q.some((t) => t.role === "given" && t.position === 0);
  const inField = familyInField && (firstGivenInField || !queryHasFirstGiven || !hasFirstGiven);
  const reversed = familyToFirstGiven && firstGivenToFamily;
  // Hispanic records drop the second surname, not the first: LOPEZ MORALES is not MORALES.
  const firstFamilyQ = q.findIndex((t) => t.role === "family");
  const firstFamilyC = c.findIndex((t) => t.role === "family");
  const firstSurnamesHeld =
    (firstFamilyQ < 0 || usedQ.has(firstFamilyQ)) && (firstFamilyC < 0 || usedC.has(firstFamilyC));
  const agreesForMatch = (inField || reversed) && !conflict && (reversed || firstSurnamesHeld);
  return { weight, items, familyAgrees, agreesForMatch, candidateRaw: candidate.raw };
}

/** Prefer keeping a part in the same field when similarities tie. */
function roleBonus(q: Token, c: Token): number {
  return q.role === c.role ? 1 : 0;
}

function nameItem(token: Token, candidate: string | null, level: string, bits: number): FieldComparison {
  return {
    field: "name",
    query: `${token.role === "family" ? "family" : "given"}:${token.text}`,
    candidate,
    level,
    weight: round(bits),
  };
}

export function compareDob(a: string | null | undefined, b: string | null | undefined): FieldComparison {
  const qa = parseDob(a);
  const cb = parseDob(b);
  const item = (level: string, weight: number): FieldComparison => ({
    field: "dob",
    query: a ?? null,
    candidate: b ?? null,
    level,
    weight,
  });
  if (!qa || !cb) return item("MISSING", 0);
  if (qa.month === undefined || cb.month === undefined)
    return item(qa.year === cb.year ? "SAME_YEAR" : "DIFFERENT", qa.year === cb.year ? 1 : -4);
  if (qa.day === undefined || cb.day === undefined) {
    if (qa.year === cb.year && qa.month === cb.month) return item("SAME_YEAR_MONTH", 3);
    return item(qa.year === cb.year ? "SAME_YEAR" : "DIFFERENT", qa.year === cb.year ? 0.5 : -4);
  }
  if (sameDay(qa, cb) && qa.year === cb.year) return item("EXACT", 9);
  if (qa.year === cb.year && qa.month === cb.day && qa.day === cb.month) return item("DAY_MONTH_SWAPPED", 5);
  if (sameDay(qa, cb) && Math.abs(qa.year - cb.year) === 1) return item("YEAR_OFF_BY_ONE", 4);
  if (qa.year === cb.year && qa.month === cb.month) return item("SAME_YEAR_MONTH", 2);
  // One mistyped digit (1992 for 1982, 11 for 17) is a clerical slip more often than not.
  if (editDistance(isoDate(qa), isoDate(cb)) === 1) return item("ONE_DIGIT_OFF", 2);
  if (sameDay(qa, cb)) return item("SAME_DAY_MONTH", 1);
  if (qa.year === cb.year) return item("SAME_YEAR", 0);
  return item("DIFFERENT", -5);
}

function isoDate(d: ParsedDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

function sameDay(a: ParsedDate, b: ParsedDate): boolean {
  return a.month === b.month && a.day === b.day;
}

function compareSex(a: string | null | undefined, b: string | null | undefined): FieldComparison {
  const known = (s: string | null | undefined) => (s === "M" || s === "F" ? s : undefined);
  const qa = known(a);
  const cb = known(b);
  const level = !qa || !cb ? "MISSING" : qa === cb ? "AGREE" : "DISAGREE";
  return {
    field: "sex",
    query: a ?? null,
    candidate: b ?? null,
    level,
    weight: level === "AGREE" ? 0.3 : level === "DISAGREE" ? -3 : 0,
  };
}

function comparePob(a: string | null | undefined, b: string | null | undefined): FieldComparison {
  const qa = a?.trim().toUpperCase() || undefined;
  const cb = b?.trim().toUpperCase() || undefined;
  const level = !qa || !cb ? "MISSING" : qa === cb ? "AGREE" : "DISAGREE";
  return {
    field: "pob",
    query: a ?? null,
    candidate: b ?? null,
    level,
    weight: level === "AGREE" ? 1.5 : level === "DISAGREE" ? -1.5 : 0,
  };
}

/**
 * Strong identifiers: agreement nearly settles it; a conflict weighs heavily against. One
 * mistyped digit or two swapped digits in a long number is a clerical slip, not a conflict.
 */
function compareIdentifier(
  field: "aNumber" | "fbi" | "ssn",
  a: string | undefined,
  b: string | undefined,
): FieldComparison {
  let level = "MISSING";
  let weight = 0;
  if (a && b) {
    if (a === b) [level, weight] = ["AGREE", 16];
    else if (Math.min(a.length, b.length) >= 7 && editDistance(a, b) === 1)
      [level, weight] = ["ONE_DIGIT_OFF", 7];
    else [level, weight] = ["DISAGREE", -10];
  }
  return { field, query: a ?? null, candidate: b ?? null, level, weight };
}

function round(value: number, places = 2): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
