import { formalNames } from "./nicknames.js";
import { type NormalisedName, normaliseName, skeleton } from "./normalise.js";
import { primaryPhonetic } from "./phonetic.js";
import { type MatchSubject, normaliseANumber, normaliseIdentifier, parseDob } from "./record.js";

/**
 * Retrieval keys: cheap, recall-oriented blocking keys, each hashed to a 32-bit integer and
 * kept per record in a GIN-indexed array. Each key alone is fairly selective; a true match
 * shares several. Kinds:
 * - `P`: the sound (Double Metaphone) of two name parts of one name, order-free: survives
 *   reversed order, a dropped middle name or second surname, and a typo in any other part.
 * - `T`: the sound or consonant skeleton of one family-name part plus the birth year (±1 at
 *   query time): survives typos in the given names, and vowel-less transliterations.
 * - `I`: a family-name sound plus a given-name initial plus the birth year.
 * - `D`: the date of birth with day and month in either order.
 * - `A`, `F`, `S`: A-number, FBI number, SSN.
 */
export interface KeySet {
  /** Identifiers, date of birth, name-part pairs: selective, searched first. */
  strong: number[];
  /** Single family-name parts and initials with the birth year: searched when the strong keys find little. */
  weak: number[];
}

export function subjectKeys(subject: MatchSubject, forQuery = false): number[] {
  const { strong, weak } = subjectKeySet(subject, forQuery);
  return [...strong, ...weak];
}

export function subjectKeySet(subject: MatchSubject, forQuery = false): KeySet {
  const strong = new Set<number>();
  const weak = new Set<number>();
  const dob = parseDob(subject.dob);
  const years = dob ? (forQuery ? [dob.year - 1, dob.year, dob.year + 1] : [dob.year]) : [];
  for (const name of subject.names) {
    const normalised = normaliseName(name);
    const codes = nameCodes(normalised);
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const [a, b] = codes[i]! < codes[j]! ? [codes[i]!, codes[j]!] : [codes[j]!, codes[i]!];
        if (a !== b) strong.add(hashKey(`P|${a}|${b}`));
      }
    }
    const initial = normalised.given[0]?.[0];
    for (const year of years) {
      for (const family of normalised.family) {
        weak.add(hashKey(`T|${primaryPhonetic(family)}|${year}`));
        weak.add(hashKey(`T|~${skeleton(family)}|${year}`));
        if (initial) weak.add(hashKey(`I|${primaryPhonetic(family)}|${initial}|${year}`));
      }
      // A single-part name has no pairs: its given name with the year stands in.
      if (normalised.family.length === 0)
        for (const given of normalised.given) weak.add(hashKey(`T|${primaryPhonetic(given)}|${year}`));
    }
  }
  if (dob?.month !== undefined && dob.day !== undefined) {
    strong.add(hashKey(`D|${dob.year}|${Math.min(dob.month, dob.day)}|${Math.max(dob.month, dob.day)}`));
  }
  const aNumber = normaliseANumber(subject.aNumber);
  if (aNumber) strong.add(hashKey(`A|${aNumber}`));
  const fbi = normaliseIdentifier(subject.fbi);
  if (fbi) strong.add(hashKey(`F|${fbi}`));
  const ssn = normaliseIdentifier(subject.ssn);
  if (ssn) strong.add(hashKey(`S|${ssn}`));
  for (const key of strong) weak.delete(key);
  return { strong: [...strong], weak: [...weak] };
}

/** Sound codes of every name part, plus the formal forms of nicknames (BILL → WILLIAM). */
function nameCodes(name: NormalisedName): string[] {
  const codes = new Set<string>();
  for (const token of [...name.family, ...name.given]) {
    if (token.length < 2) continue; // initials carry no sound
    codes.add(primaryPhonetic(token));
  }
  for (const token of name.given) {
    const formal = formalNames(token);
    if (formal) for (const f of formal) codes.add(primaryPhonetic(f));
  }
  codes.delete("");
  return [...codes];
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
