import { formalNames } from "./nicknames.js";
import { type NormalisedName, normaliseName, skeleton, transliterationFold } from "./normalise.js";
import { primaryPhonetic as rawPhonetic } from "./phonetic.js";

const sounds = new Map<string, string>();

/** Sound code after folding transliteration differences (one cache for both steps). */
function primaryPhonetic(token: string): string {
  let sound = sounds.get(token);
  if (sound === undefined) {
    sound = rawPhonetic(transliterationFold(token));
    if (sounds.size > 500_000) sounds.clear();
    sounds.set(token, sound);
  }
  return sound;
}

import { type MatchSubject, normaliseANumber, normaliseIdentifier, parseDob } from "./record.js";

/**
 * Retrieval keys: cheap, recall-oriented blocking keys, each hashed to a 32-bit integer and
 * kept per record in a GIN-indexed array. A true match shares several. Kinds:
 * - `P`: the sound (Double Metaphone) of two name parts of one name, order-free: survives
 *   reversed order, a dropped middle name or second surname, and a typo in any other part.
 * - `Q`: the same pair plus the birth year (±1 at query time): selective where `P` is not
 *   (JOSE GARCIA).
 * - `N`: the sound of one family-name part alone, for rare surnames without a date.
 * - `T`: the sound or consonant skeleton of one family-name part plus the birth year:
 *   survives typos in the given names, and vowel-less transliterations.
 * - `I`: a family-name sound plus a given-name initial plus the birth year.
 * - `B`: the sound of one name part plus the full date of birth (at query time also with day
 *   and month swapped): a handful of records even at 10M (GARCIA born 1994-05-26), and it
 *   survives reversed order and a misspelt or dropped other part. Without it a common name at
 *   that scale had no selective key but the date alone, shared by hundreds.
 * - `D`: the date of birth with day and month in either order.
 * - `A`, `F`, `S`: A-number, FBI number, SSN.
 * At query time each key carries the name parts it stands for, so a searcher can estimate how
 * many records share it and skip the generic ones (see store-matcher.ts).
 */
/**
 * In memory (MemoryIndex, where postings are counted): a single-part key with more records
 * than this is generic and skipped. The store estimates keys and keeps them within a budget
 * instead (store-matcher.ts, KEY_BUDGET_RECORDS).
 */
export const GENERIC_KEY_RECORDS = 120;

export type KeyKind = "P" | "Q" | "N" | "T" | "I" | "B" | "D" | "ID";

export interface QueryKey {
  hash: number;
  kind: KeyKind;
  /** Sound codes the key stands for (for P, Q, T, I; a skeleton is written ~XYZ). */
  codes: string[];
}

/** A record's keys; `names` are its names already normalised, when the caller has them. */
export function subjectKeys(subject: MatchSubject, names?: readonly NormalisedName[]): number[] {
  return [...new Set(keysOf(subject, false, names).map((k) => k.hash))];
}

/** The keys to search with: birth years widened by one either side. */
export function queryKeys(subject: MatchSubject): QueryKey[] {
  const seen = new Set<number>();
  return keysOf(subject, true).filter((k) => !seen.has(k.hash) && seen.add(k.hash));
}

function keysOf(
  subject: MatchSubject,
  forQuery: boolean,
  names: readonly NormalisedName[] = subject.names.map(normaliseName),
): QueryKey[] {
  const keys: QueryKey[] = [];
  const add = (kind: KeyKind, text: string, codes: string[] = []) =>
    keys.push({ hash: hashKey(text), kind, codes });
  const dob = parseDob(subject.dob);
  const years = dob ? (forQuery ? [dob.year - 1, dob.year, dob.year + 1] : [dob.year]) : [];
  const dates = fullDates(subject.dob, forQuery);
  for (const normalised of names) {
    const codes = nameCodes(normalised);
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const [a, b] = codes[i]!.code < codes[j]!.code ? [codes[i]!, codes[j]!] : [codes[j]!, codes[i]!];
        if (a.code === b.code) continue;
        const pair = [a.code, b.code];
        add("P", `P|${a.code}|${b.code}`, pair);
        for (const year of years) add("Q", `Q|${a.code}|${b.code}|${year}`, pair);
      }
    }
    // A single part, no year: found where nothing else is (a rare surname or given name, no
    // date, the other parts spelt past recognition); common parts are skipped at query time as
    // too generic. Two adjacent parts of one field also stand as one (RAFAT NEJAD = RAFATNEJAD,
    // ABDUL AZIZ = ABDULAZIZ), so a joined or split spelling shares this key.
    for (const code of singlePartCodes(normalised)) add("N", `N|${code}`, [code]);
    for (const { code } of codes) for (const date of dates) add("B", `B|${code}|${date}`, [code]);
    const initial = normalised.given[0]?.[0];
    for (const year of years) {
      for (const family of normalised.family) {
        const sound = primaryPhonetic(family);
        add("T", `T|${sound}|${year}`, [sound]);
        add("T", `T|~${skeleton(family)}|${year}`, [`~${skeleton(family)}`]);
        if (initial) add("I", `I|${sound}|${initial}|${year}`, [sound]);
      }
      // A name without a family part has no pairs: its given names with the year stand in.
      if (normalised.family.length === 0)
        for (const given of normalised.given)
          add("T", `T|${primaryPhonetic(given)}|${year}`, [primaryPhonetic(given)]);
    }
  }
  // Day and month in either order make one key; a query's impossible month read as a day too.
  const full = parseDob(dates[0]);
  if (full?.month !== undefined && full.day !== undefined) {
    add("D", `D|${full.year}|${Math.min(full.month, full.day)}|${Math.max(full.month, full.day)}`);
  }
  const aNumber = normaliseANumber(subject.aNumber);
  if (aNumber) add("ID", `A|${aNumber}`);
  const fbi = normaliseIdentifier(subject.fbi);
  if (fbi) add("ID", `F|${fbi}`);
  const ssn = normaliseIdentifier(subject.ssn);
  if (ssn) add("ID", `S|${ssn}`);
  return keys;
}

/**
 * The full dates of birth to key on: the date itself; for a query also the day and month
 * swapped when that is a date too (1993-17-08 is read as 1993-08-17).
 */
function fullDates(text: string | null | undefined, forQuery: boolean): string[] {
  const parts = text ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim()) : null;
  if (!parts) return [];
  const [, year, month, day] = parts as unknown as [string, string, string, string];
  const dates = [`${year}-${month}-${day}`, ...(forQuery ? [`${year}-${day}-${month}`] : [])];
  return [...new Set(dates)].filter((date) => parseDob(date)?.day !== undefined);
}

/** Sound codes of single parts, family and given, and of adjacent parts of one field joined. */
function singlePartCodes(name: NormalisedName): Set<string> {
  const codes = new Set<string>();
  for (const field of [name.family, name.given]) {
    for (let i = 0; i < field.length; i++) {
      const token = field[i]!;
      if (token.length >= 2) codes.add(primaryPhonetic(token));
      // A glued article, as the scorer reads it: ALKURD = AL KURD = KURD.
      if (field === name.family && token.length >= 5 && token.startsWith("AL"))
        codes.add(primaryPhonetic(token.slice(2)));
      const next = field[i + 1];
      if (next && token.length >= 2 && next.length >= 2) codes.add(primaryPhonetic(token + next));
    }
  }
  codes.delete("");
  return codes;
}

/** Sound codes of every name part, plus the formal forms of nicknames (BILL → WILLIAM). */
function nameCodes(name: NormalisedName): { code: string; token: string }[] {
  const codes = new Map<string, string>();
  for (const token of [...name.family, ...name.given]) {
    if (token.length < 2) continue; // initials carry no sound
    const code = primaryPhonetic(token);
    if (code && !codes.has(code)) codes.set(code, token);
  }
  for (const token of name.given) {
    for (const formal of formalNames(token) ?? []) {
      const code = primaryPhonetic(formal);
      if (code && !codes.has(code)) codes.set(code, formal);
    }
  }
  return [...codes].map(([code, token]) => ({ code, token }));
}

/** FNV-1a, 32-bit, as a signed integer for PostgreSQL's int4. Collisions only add candidates. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
