/**
 * Synthetic people for a multinational population: names as records hold them, dates of birth,
 * countries of birth and the aliases other officers and clerks would record for the same person.
 *
 * Everything is drawn from a seeded `Random`, so a seed always yields the same people. No name is
 * taken from a real person: given names and family names are drawn independently from pools of
 * common names (./names/), weighted so that common names are common (Zipf-like).
 *
 * Alias kinds, as used here:
 * - SPELLING_VARIANT: same romanisation, different orthography (accents dropped/added, Z/S, hyphen
 *   vs space, AL-RASHID/ALRASHID, given names run together or split into first + middle).
 * - TRANSLITERATION: another romanisation system (MOHAMMED/MUHAMMAD, CHEN/CHAN, ALEKSANDR/ALEXANDER)
 *   or the name in its native script (Arabic, Chinese characters, Hangul, Cyrillic).
 * - SWAPPED_ORDER: name parts recorded in the wrong fields (given and family name reversed, the
 *   paternal surname read as a middle name, a father's name read as the family name, KUMAR or SINGH
 *   read as the surname).
 * - NICKNAME: a short form or adopted (often English) given name.
 * - MARRIED_NAME: a woman's name after marriage (GARCIA DE HERNANDEZ, IVANOVA → PETROVA).
 * - DROPPED_SECOND_SURNAME: a Hispanic compound surname cut to its first (paternal) surname.
 * - TYPO: one keyboard edit (adjacent-key substitution, deletion, insertion, transposition).
 */

import { NICKNAME_TABLES as nick } from "../matching/index.js";
import * as anglo from "./names/anglo.js";
import * as arabic from "./names/arabic.js";
import * as chinese from "./names/chinese.js";
import * as hispanic from "./names/hispanic.js";
import * as korean from "./names/korean.js";
import * as slavic from "./names/slavic.js";
import * as southAsian from "./names/south-asian.js";
import * as vietnamese from "./names/vietnamese.js";
import * as westAfrican from "./names/west-african.js";
import type { Random } from "./random.js";

export type Sex = "M" | "F";
export interface PersonName {
  last: string;
  first: string;
  middle: string | null;
}
export type AliasKind =
  | "SPELLING_VARIANT"
  | "TRANSLITERATION"
  | "NICKNAME"
  | "SWAPPED_ORDER"
  | "MARRIED_NAME"
  | "DROPPED_SECOND_SURNAME"
  | "TYPO";
export interface NameAlias {
  name: PersonName;
  kind: AliasKind;
}
export type Culture =
  | "HISPANIC"
  | "ARABIC"
  | "CHINESE"
  | "VIETNAMESE"
  | "KOREAN"
  | "SLAVIC"
  | "SOUTH_ASIAN"
  | "WEST_AFRICAN"
  | "ANGLO";
export interface SyntheticIdentity {
  /** The person's primary name as a record would hold it. */
  name: PersonName;
  sex: Sex;
  /** YYYY-MM-DD; ages 16–80 on 2026-01-01. */
  dob: string;
  /** ISO 3166-1 alpha-2, plausible for the culture. */
  countryOfBirth: string;
  culture: Culture;
  /** 0–4 aliases of kinds realistic for the culture. */
  aliases: NameAlias[];
}

/** Share of each culture in the population (percent), roughly a US immigration-enforcement caseload. */
export const CULTURE_WEIGHTS: Readonly<Record<Culture, number>> = {
  HISPANIC: 40,
  ANGLO: 14,
  CHINESE: 10,
  SOUTH_ASIAN: 9,
  ARABIC: 8,
  VIETNAMESE: 6,
  SLAVIC: 5,
  WEST_AFRICAN: 4.5,
  KOREAN: 3.5,
};

/** The reference date ages are computed against. */
export const AGE_REFERENCE_DATE = "2026-01-01";
export const MIN_AGE = 16;
export const MAX_AGE = 80;

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

const SPECIAL_FOLDS: Readonly<Record<string, string>> = { Đ: "D", Ł: "L", Ø: "O", Æ: "AE", Œ: "OE" };
const foldCache = new Map<number, string>();

function foldChar(code: number, ch: string): string {
  let folded = foldCache.get(code);
  if (folded === undefined) {
    const special = SPECIAL_FOLDS[ch];
    if (special !== undefined) folded = special;
    else {
      const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      // Only Latin letters fold; anything else (Hangul, Arabic, CJK) stays as it is.
      folded = base.length > 0 && base.charCodeAt(0) < 0x250 ? base : ch;
    }
    foldCache.set(code, folded);
  }
  return folded;
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return true;
  return false;
}

/** Latin diacritics removed (MUÑOZ → MUNOZ, NGUYỄN → NGUYEN, ĐORĐEVIĆ → DORDEVIC). */
export function stripDiacritics(s: string): string {
  let i = 0;
  const n = s.length;
  while (i < n && s.charCodeAt(i) < 128) i++;
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    out += c < 128 ? s[i] : foldChar(c, s[i]!);
  }
  return out;
}

function isAZ(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 39;
}

/** Non-empty, no leading/trailing separator, no two spaces/hyphens in a row. */
function validPart(s: string): boolean {
  const n = s.length;
  if (n === 0 || isSeparator(s.charCodeAt(0)) || isSeparator(s.charCodeAt(n - 1))) return false;
  let prevGap = false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    const gap = c === 32 || c === 45;
    if (gap && prevGap) return false;
    prevGap = gap;
  }
  return true;
}

export function sameName(a: PersonName, b: PersonName): boolean {
  return a.last === b.last && a.first === b.first && a.middle === b.middle;
}

function joinNonNull(a: string | null, b: string): string {
  return a === null ? b : `${a} ${b}`;
}

// ---------------------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------------------

/** One name with its spellings, native-script forms and an optional extra field. */
interface Entry {
  /** ASCII (diacritic-free) spellings; forms[0] is the usual one. */
  readonly forms: readonly string[];
  /** For each form, the spelling with diacritics, or null. */
  readonly marks: readonly (string | null)[];
  /** The first spelling with diacritics (DJORDJEVIC → ĐORĐEVIĆ), or null. */
  readonly marked: string | null;
  readonly script: readonly string[];
  readonly extra: string;
  readonly weight: number;
}

function parseEntry(raw: string): Entry {
  let body = raw;
  let extra = "";
  const gt = body.indexOf(">");
  if (gt >= 0) {
    extra = body.slice(gt + 1).trim();
    body = body.slice(0, gt);
  }
  let weight = Number.NaN;
  const star = body.lastIndexOf("*");
  if (star >= 0) {
    weight = Number(body.slice(star + 1));
    body = body.slice(0, star);
  }
  const eq = body.indexOf("=");
  const latin = eq >= 0 ? body.slice(0, eq) : body;
  const script =
    eq >= 0
      ? body
          .slice(eq + 1)
          .split("/")
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : [];
  const forms: string[] = [];
  const marks: (string | null)[] = [];
  for (const part of latin.split("/")) {
    const t = part.trim();
    if (t.length === 0) continue;
    const a = stripDiacritics(t);
    const k = forms.indexOf(a);
    if (k < 0) {
      forms.push(a);
      marks.push(a === t ? null : t);
    } else if (marks[k] === null && a !== t) marks[k] = t;
  }
  if (forms.length === 0) throw new Error(`identities: empty name entry "${raw}"`);
  return { forms, marks, marked: marks.find((m) => m !== null) ?? null, script, extra, weight };
}

function parseList(text: string): Entry[] {
  const out: Entry[] = [];
  for (const raw of text.split(",")) {
    const t = raw.trim();
    if (t.length > 0) out.push(parseEntry(t));
  }
  return out;
}

/** Weighted choice by binary search over cumulative weights. */
class Weighted<T> {
  readonly values: readonly T[];
  private readonly cum: Float64Array;
  private readonly total: number;

  constructor(pairs: readonly (readonly [T, number])[]) {
    if (pairs.length === 0) throw new Error("identities: empty weighted table");
    this.values = pairs.map((p) => p[0]);
    this.cum = new Float64Array(pairs.length);
    let total = 0;
    for (let i = 0; i < pairs.length; i++) {
      total += pairs[i]![1];
      this.cum[i] = total;
    }
    this.total = total;
  }

  pick(rng: Random): T {
    const r = rng.next() * this.total;
    const cum = this.cum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

type Pool = Weighted<Entry>;

/**
 * A pool weighted by explicit weights where given and otherwise by a Zipf-Mandelbrot law over the
 * rank (w ∝ 1/(rank+q)^s), continuing from the previous entry's weight.
 */
function pool(entries: readonly Entry[], s = 0.9, q = 3): Pool {
  const pairs: [Entry, number][] = [];
  let prev = 100;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    let w: number;
    if (!Number.isNaN(e.weight)) w = e.weight;
    else if (i === 0) w = 100;
    else w = prev * ((i - 1 + q) / (i + q)) ** s;
    prev = w;
    pairs.push([e, w]);
  }
  return new Weighted(pairs);
}

function listPool(text: string, s = 0.9, q = 3): Pool {
  return pool(parseList(text), s, q);
}

function countryTable(spec: string): Weighted<string> {
  return new Weighted(
    parseList(spec).map((e) => [e.forms[0]!, Number.isNaN(e.weight) ? 1 : e.weight] as const),
  );
}

function codeSet(spec: string): Set<string> {
  return new Set(parseList(spec).map((e) => e.forms[0]!));
}

/** A spelling of the entry: the usual one, or with probability `altRate` another; accented if `marked`. */
function formOf(rng: Random, e: Entry, altRate: number, marked: boolean): string {
  let i = 0;
  const n = e.forms.length;
  if (n > 1 && altRate > 0 && rng.next() < altRate) i = 1 + Math.floor(rng.next() * (n - 1));
  if (marked) {
    const m = e.marks[i] ?? (i === 0 ? e.marked : null);
    if (m) return m;
  }
  return e.forms[i]!;
}

/** Picks from `p` avoiding `avoid` (a few tries; returns the last draw if unlucky). */
function pickOther(rng: Random, p: Pool, avoid: Entry): Entry {
  let e = p.pick(rng);
  for (let k = 0; k < 4 && e === avoid; k++) e = p.pick(rng);
  return e;
}

function indexOther(rng: Random, n: number, current: number): number {
  if (current < 0 || current >= n) return Math.floor(rng.next() * n);
  const j = Math.floor(rng.next() * (n - 1));
  return j >= current ? j + 1 : j;
}

type Lexicon = Map<string, Entry>;

function lexicon(...lists: readonly (readonly Entry[])[]): Lexicon {
  const lex: Lexicon = new Map();
  for (const list of lists) {
    for (const e of list) {
      for (const f of e.forms) if (!lex.has(f)) lex.set(f, e);
      for (const m of e.marks) if (m && !lex.has(m)) lex.set(m, e);
    }
  }
  return lex;
}

function entriesOf(p: Pool): readonly Entry[] {
  return p.values;
}

// ---------------------------------------------------------------------------------------------
// Rules, nicknames and the generic variations
// ---------------------------------------------------------------------------------------------

interface Rule {
  readonly from: string;
  readonly to: string;
  readonly start: boolean;
  readonly end: boolean;
}

/** Rules indexed by the character code their pattern starts with (Latin range only). */
type RuleSet = readonly (readonly Rule[] | undefined)[];
const RULE_INDEX_SIZE = 0x250;

/** `FROM>TO` pairs; `^` anchors to the start of a word, `$` to its end, `_` is a space. */
function parseRules(spec: string): RuleSet {
  const index: (Rule[] | undefined)[] = new Array(RULE_INDEX_SIZE).fill(undefined);
  for (const r of parseRuleList(spec)) {
    const c = r.from.charCodeAt(0);
    if (!(c < RULE_INDEX_SIZE))
      throw new Error(`identities: rule pattern "${r.from}" outside the Latin range`);
    const list = index[c] ?? [];
    list.push(r);
    index[c] = list;
  }
  return index;
}

function parseRuleList(spec: string): Rule[] {
  const out: Rule[] = [];
  for (const raw of spec.split(",")) {
    const t = raw.trim();
    if (t.length === 0) continue;
    const gt = t.indexOf(">");
    let from = t.slice(0, gt);
    const to = t.slice(gt + 1).replaceAll("_", " ");
    const start = from.startsWith("^");
    if (start) from = from.slice(1);
    const end = from.endsWith("$");
    if (end) from = from.slice(0, -1);
    out.push({ from, to, start, end });
  }
  return out;
}

type Field = 0 | 1 | 2;
const LAST: Field = 0;
const FIRST: Field = 1;
const MIDDLE: Field = 2;
const ALL_FIELDS: readonly Field[] = [LAST, FIRST, MIDDLE];
const GIVEN_FIELDS: readonly Field[] = [FIRST, MIDDLE];

function getField(n: PersonName, f: Field): string | null {
  return f === LAST ? n.last : f === FIRST ? n.first : n.middle;
}

function withField(n: PersonName, f: Field, v: string): PersonName {
  if (f === LAST) return { last: v, first: n.first, middle: n.middle };
  if (f === FIRST) return { last: n.last, first: v, middle: n.middle };
  return { last: n.last, first: n.first, middle: v };
}

function wordBoundaryBefore(s: string, p: number): boolean {
  if (p === 0) return true;
  const c = s.charCodeAt(p - 1);
  return c === 32 || c === 45;
}

function wordBoundaryAfter(s: string, p: number): boolean {
  if (p >= s.length) return true;
  const c = s.charCodeAt(p);
  return c === 32 || c === 45;
}

// Scratch space for candidate positions (avoids allocating per call).
const MAX_CANDIDATES = 256;
const candField = new Uint8Array(MAX_CANDIDATES);
const candStart = new Uint16Array(MAX_CANDIDATES);
const candEnd = new Uint16Array(MAX_CANDIDATES);
const candRule: (Rule | undefined)[] = new Array(MAX_CANDIDATES).fill(undefined);
const candEntry: (Entry | undefined)[] = new Array(MAX_CANDIDATES).fill(undefined);

/** Applies one applicable rule at one position (chosen uniformly among all applicable spots). */
function applyRule(rng: Random, n: PersonName, rules: RuleSet, fields: readonly Field[]): PersonName | null {
  let count = 0;
  for (const f of fields) {
    const s = getField(n, f);
    if (s === null) continue;
    const len = s.length;
    for (let p = 0; p < len; p++) {
      const c = s.charCodeAt(p);
      const list = c < RULE_INDEX_SIZE ? rules[c] : undefined;
      if (list === undefined) continue;
      for (let k = 0; k < list.length; k++) {
        const r = list[k]!;
        const from = r.from;
        const end = p + from.length;
        if (end > len) continue;
        let i = 1;
        while (i < from.length && s.charCodeAt(p + i) === from.charCodeAt(i)) i++;
        if (i < from.length) continue;
        const atStart = wordBoundaryBefore(s, p);
        const atEnd = wordBoundaryAfter(s, end);
        if ((r.start && !atStart) || (r.end && !atEnd) || (r.to === "" && atStart && atEnd)) continue;
        if (count < MAX_CANDIDATES) {
          candField[count] = f;
          candStart[count] = p;
          candRule[count] = r;
          count++;
        }
      }
    }
  }
  if (count === 0) return null;
  const k = Math.floor(rng.next() * count);
  const f = candField[k] as Field;
  const p = candStart[k]!;
  const r = candRule[k]!;
  const s = getField(n, f)!;
  const v = s.slice(0, p) + r.to + s.slice(p + r.from.length);
  return validPart(v) ? withField(n, f, v) : null;
}

/** Replaces one name (a whole field, or one space-separated word) by another spelling of it. */
function groupVariant(rng: Random, n: PersonName, lex: Lexicon, fields: readonly Field[]): PersonName | null {
  let count = 0;
  for (const f of fields) {
    const s = getField(n, f);
    if (s === null) continue;
    const whole = lex.get(s);
    if (whole !== undefined) {
      if (whole.forms.length > 1 && count < MAX_CANDIDATES) {
        candField[count] = f;
        candStart[count] = 0;
        candEnd[count] = s.length;
        candEntry[count] = whole;
        count++;
      }
      continue;
    }
    if (s.indexOf(" ") < 0) continue;
    let start = 0;
    for (let i = 0; i <= s.length; i++) {
      if (i === s.length || s.charCodeAt(i) === 32) {
        if (i > start) {
          const e = lex.get(s.slice(start, i));
          if (e !== undefined && e.forms.length > 1 && count < MAX_CANDIDATES) {
            candField[count] = f;
            candStart[count] = start;
            candEnd[count] = i;
            candEntry[count] = e;
            count++;
          }
        }
        start = i + 1;
      }
    }
  }
  if (count === 0) return null;
  const k = Math.floor(rng.next() * count);
  const cf = candField[k] as Field;
  const cs = candStart[k]!;
  const ce = candEnd[k]!;
  const entry = candEntry[k]!;
  const s = getField(n, cf)!;
  const current = entry.forms.indexOf(stripDiacritics(s.slice(cs, ce)));
  const j = indexOther(rng, entry.forms.length, current);
  return withField(n, cf, s.slice(0, cs) + entry.forms[j]! + s.slice(ce));
}

function markText(s: string, lex: Lexicon): string {
  const whole = lex.get(s);
  if (whole !== undefined) {
    const i = whole.forms.indexOf(s);
    return (i >= 0 ? (whole.marks[i] ?? whole.marked) : null) ?? s;
  }
  let out = "";
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : -1;
    if (c === -1 || c === 32 || c === 45) {
      const word = s.slice(start, i);
      const e = lex.get(word);
      const k = e === undefined ? -1 : e.forms.indexOf(word);
      out += (k >= 0 ? (e!.marks[k] ?? e!.marked) : null) ?? word;
      if (c !== -1) out += s[i];
      start = i + 1;
    }
  }
  return out;
}

/** Drops all diacritics if the name has any; otherwise writes the accents the names normally carry. */
function toggleMarks(n: PersonName, lex: Lexicon): PersonName | null {
  if (hasNonAscii(n.last) || hasNonAscii(n.first) || (n.middle !== null && hasNonAscii(n.middle))) {
    return {
      last: stripDiacritics(n.last),
      first: stripDiacritics(n.first),
      middle: n.middle === null ? null : stripDiacritics(n.middle),
    };
  }
  const last = markText(n.last, lex);
  const first = markText(n.first, lex);
  const middle = n.middle === null ? null : markText(n.middle, lex);
  if (last === n.last && first === n.first && middle === n.middle) return null;
  return { last, first, middle };
}

function swapGivenFamily(n: PersonName): PersonName {
  return { last: n.first, first: n.last, middle: n.middle };
}

/** Changes how a multi-part name is separated: "A B" / "A-B" / "AB". */
function reseparate(rng: Random, parts: readonly string[], current: string): string | null {
  if (parts.length < 2) return null;
  const seps = [" ", "-", ""];
  const start = Math.floor(rng.next() * 3);
  for (let k = 0; k < 3; k++) {
    const v = parts.join(seps[(start + k) % 3]!);
    if (v !== current) return v;
  }
  return null;
}

type NickTable = Map<string, string[]>;

function nickTable(spec: string): NickTable {
  const table: NickTable = new Map();
  for (const raw of spec.split(",")) {
    const t = raw.trim();
    if (t.length === 0) continue;
    const colon = t.indexOf(":");
    const key = stripDiacritics(t.slice(0, colon));
    const list = table.get(key) ?? [];
    for (const nickname of t.slice(colon + 1).split("/")) {
      const v = nickname.trim();
      if (v.length > 0 && !list.includes(v)) list.push(v);
    }
    table.set(key, list);
  }
  return table;
}

function nicknameVariant(rng: Random, n: PersonName, ...tables: readonly NickTable[]): PersonName | null {
  const key = stripDiacritics(n.first);
  const space = key.indexOf(" ");
  for (const table of tables) {
    const list = table.get(key) ?? (space > 0 ? table.get(key.slice(0, space)) : undefined);
    if (list !== undefined && list.length > 0) {
      return { last: n.last, first: list[Math.floor(rng.next() * list.length)]!, middle: n.middle };
    }
  }
  return null;
}

// Typos ------------------------------------------------------------------------------------------

const KEYBOARD_ROWS = ["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"];
const KEY_NEIGHBOURS: string[] = (() => {
  const out: string[] = new Array(26).fill("");
  for (let r = 0; r < KEYBOARD_ROWS.length; r++) {
    const row = KEYBOARD_ROWS[r]!;
    for (let i = 0; i < row.length; i++) {
      let nb = "";
      const add = (rr: number, ii: number) => {
        const rowR = KEYBOARD_ROWS[rr];
        if (rowR !== undefined && ii >= 0 && ii < rowR.length) nb += rowR[ii];
      };
      add(r, i - 1);
      add(r, i + 1);
      add(r - 1, i);
      add(r - 1, i + 1);
      add(r + 1, i - 1);
      add(r + 1, i);
      out[row.charCodeAt(i) - 65] = nb;
    }
  }
  return out;
})();

function neighbourKey(rng: Random, code: number): string {
  const nb = KEY_NEIGHBOURS[code - 65]!;
  return nb[Math.floor(rng.next() * nb.length)]!;
}

/** One keyboard edit in `s`, always producing a different string (null if `s` has no A–Z letter). */
function typoPart(rng: Random, s: string): string | null {
  const n = s.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (isAZ(s.charCodeAt(i))) count++;
  if (count === 0) return null;
  let k = Math.floor(rng.next() * count);
  let pos = 0;
  for (; pos < n; pos++) {
    if (isAZ(s.charCodeAt(pos))) {
      if (k === 0) break;
      k--;
    }
  }
  const code = s.charCodeAt(pos);
  const ch = s[pos]!;
  const op = rng.next();
  if (op >= 0.4 && op < 0.6) {
    // Deletion: keep at least two characters and never empty a word.
    const prevLetter = pos > 0 && !isSeparator(s.charCodeAt(pos - 1));
    const nextLetter = pos < n - 1 && !isSeparator(s.charCodeAt(pos + 1));
    if (n >= 3 && (prevLetter || nextLetter)) return s.slice(0, pos) + s.slice(pos + 1);
  } else if (op >= 0.6 && op < 0.8) {
    // Insertion: a doubled letter or a neighbouring key struck as well.
    const ins = rng.next() < 0.5 ? ch : neighbourKey(rng, code);
    return rng.next() < 0.5
      ? s.slice(0, pos + 1) + ins + s.slice(pos + 1)
      : s.slice(0, pos) + ins + s.slice(pos);
  } else if (op >= 0.8) {
    // Transposition of two adjacent, different letters.
    if (pos + 1 < n && isAZ(s.charCodeAt(pos + 1)) && s[pos + 1] !== ch) {
      return s.slice(0, pos) + s[pos + 1] + ch + s.slice(pos + 2);
    }
    if (pos > 0 && isAZ(s.charCodeAt(pos - 1)) && s[pos - 1] !== ch) {
      return s.slice(0, pos - 1) + ch + s[pos - 1] + s.slice(pos + 1);
    }
  }
  return s.slice(0, pos) + neighbourKey(rng, code) + s.slice(pos + 1);
}

function typoName(rng: Random, n: PersonName): PersonName | null {
  const r = rng.next();
  const order: readonly Field[] =
    r < 0.45 ? [LAST, FIRST, MIDDLE] : r < 0.85 ? [FIRST, LAST, MIDDLE] : [MIDDLE, LAST, FIRST];
  for (const f of order) {
    const s = getField(n, f);
    if (s === null) continue;
    const t = typoPart(rng, s);
    if (t !== null) return withField(n, f, t);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Shared pools: English given names (also adopted by Chinese, Korean, Vietnamese, West Africans)
// ---------------------------------------------------------------------------------------------

const A_SUR = listPool(anglo.ANGLO_SURNAMES, 0.9, 4);
const A_MALE = listPool(anglo.ANGLO_MALE, 0.85, 4);
const A_FEMALE = listPool(anglo.ANGLO_FEMALE, 0.85, 4);
const A_MID_MALE = listPool(anglo.ANGLO_MIDDLE_MALE, 0.9, 3);
const A_MID_FEMALE = listPool(anglo.ANGLO_MIDDLE_FEMALE, 0.9, 3);
const A_LEX = lexicon(
  entriesOf(A_SUR),
  entriesOf(A_MALE),
  entriesOf(A_FEMALE),
  entriesOf(A_MID_MALE),
  entriesOf(A_MID_FEMALE),
);
const A_RULES = parseRules(anglo.ANGLO_RULES);
const A_COUNTRIES = countryTable(anglo.ANGLO_COUNTRIES);
const ANGLO_NICK = nickTable(nick.ANGLO_NICKNAMES);
const ENGLISH_GIVEN = new Set<string>();
for (const e of [...entriesOf(A_MALE), ...entriesOf(A_FEMALE)]) for (const f of e.forms) ENGLISH_GIVEN.add(f);

function englishGiven(rng: Random, sex: Sex): string {
  return (sex === "M" ? A_MALE : A_FEMALE).pick(rng).forms[0]!;
}

// ---------------------------------------------------------------------------------------------
// Culture implementations
// ---------------------------------------------------------------------------------------------

interface Generated {
  name: PersonName;
  country: string;
}

interface CultureImpl {
  readonly culture: Culture;
  generate(rng: Random, sex: Sex, dobDays: number): Generated;
  vary(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null;
  readonly kindsMale: Weighted<AliasKind>;
  readonly kindsFemale: Weighted<AliasKind>;
}

function kinds(table: Partial<Record<AliasKind, number>>, sex: Sex): Weighted<AliasKind> {
  const pairs: [AliasKind, number][] = [];
  for (const [k, w] of Object.entries(table) as [AliasKind, number][]) {
    if (k === "MARRIED_NAME" && sex === "M") continue;
    pairs.push([k, w]);
  }
  return new Weighted(pairs);
}

function kindTables(table: Partial<Record<AliasKind, number>>) {
  return { kindsMale: kinds(table, "M"), kindsFemale: kinds(table, "F") };
}

// HISPANIC -------------------------------------------------------------------------------------

const H_SUR = listPool(hispanic.HISPANIC_SURNAMES, 1.0, 6);
const H_MALE = listPool(hispanic.HISPANIC_MALE, 0.85, 3);
const H_FEMALE = listPool(hispanic.HISPANIC_FEMALE, 0.85, 3);
const H_MID_MARIA = listPool(hispanic.HISPANIC_MIDDLE_MARIA, 0.8, 2);
const H_MID_JOSE = listPool(hispanic.HISPANIC_MIDDLE_JOSE, 0.8, 2);
const H_MID_JUAN = listPool(hispanic.HISPANIC_MIDDLE_JUAN, 0.8, 2);
const H_LEX = lexicon(
  entriesOf(H_SUR),
  entriesOf(H_MALE),
  entriesOf(H_FEMALE),
  entriesOf(H_MID_MARIA),
  entriesOf(H_MID_JOSE),
  entriesOf(H_MID_JUAN),
);
const H_RULES = parseRules(hispanic.HISPANIC_RULES);
const H_COUNTRIES = countryTable(hispanic.HISPANIC_COUNTRIES);
const H_NICK = nickTable(nick.HISPANIC_NICKNAMES);

const SURNAME_PARTICLES = new Set([
  "DE",
  "DEL",
  "LA",
  "LAS",
  "LOS",
  "SAN",
  "SANTA",
  "DA",
  "DAS",
  "DO",
  "DOS",
]);

/**
 * A Hispanic surname field split into surnames, keeping particles with the name they belong to:
 * "GARCIA LOPEZ" → [GARCIA, LOPEZ]; "DE LA CRUZ-MARTINEZ" → [DE LA CRUZ, MARTINEZ];
 * "GARCIA DE HERNANDEZ" → [GARCIA, DE HERNANDEZ].
 */
export function hispanicSurnameUnits(last: string): string[] {
  if (last === unitsCacheKey) return unitsCacheValue.slice();
  const out = splitSurnameUnits(last);
  unitsCacheKey = last;
  unitsCacheValue = out;
  return out.slice();
}

// varyName is called several times in a row for the same person: remember the last split.
let unitsCacheKey = "";
let unitsCacheValue: string[] = [];

/** Like hispanicSurnameUnits, for internal use: the returned array must not be modified. */
function surnameUnits(last: string): readonly string[] {
  if (last !== unitsCacheKey) {
    unitsCacheValue = splitSurnameUnits(last);
    unitsCacheKey = last;
  }
  return unitsCacheValue;
}

function splitSurnameUnits(last: string): string[] {
  const out: string[] = [];
  let pending = "";
  let start = 0;
  for (let i = 0; i <= last.length; i++) {
    const c = i < last.length ? last.charCodeAt(i) : 32;
    if (c !== 32 && c !== 45) continue;
    if (i > start) {
      const tok = last.slice(start, i);
      const folded = stripDiacritics(tok);
      if (SURNAME_PARTICLES.has(folded)) pending = pending ? `${pending} ${tok}` : tok;
      else if (folded === "Y" && out.length > 0 && pending === "") {
        // "GARCIA Y LOPEZ": the conjunction joins two surnames.
      } else {
        out.push(pending ? `${pending} ${tok}` : tok);
        pending = "";
      }
    }
    start = i + 1;
  }
  if (pending) out.push(pending);
  return out;
}

function genHispanic(rng: Random, sex: Sex): Generated {
  const country = H_COUNTRIES.pick(rng);
  const marked = rng.next() < 0.12;
  const paternal = formOf(rng, H_SUR.pick(rng), 0.2, marked);
  let last = paternal;
  if (rng.next() < 0.8) {
    const maternal = formOf(rng, H_SUR.pick(rng), 0.2, marked);
    const hyphen = rng.next() < 0.08 && paternal.indexOf(" ") < 0 && maternal.indexOf(" ") < 0;
    last = paternal + (hyphen ? "-" : " ") + maternal;
  }
  const given = sex === "M" ? H_MALE : H_FEMALE;
  const fe = given.pick(rng);
  const first = formOf(rng, fe, 0.15, marked);
  let middle: string | null = null;
  if (rng.next() < 0.6) {
    const key = fe.forms[0];
    const mp =
      key === "MARIA" ? H_MID_MARIA : key === "JOSE" ? H_MID_JOSE : key === "JUAN" ? H_MID_JUAN : given;
    const me = pickOther(rng, mp, fe);
    if (me !== fe) middle = formOf(rng, me, 0.1, marked);
  }
  return { name: { last, first, middle }, country };
}

function varyHispanic(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  switch (kind) {
    case "DROPPED_SECOND_SURNAME": {
      const u = surnameUnits(n.last);
      return u.length >= 2 ? { last: u[0]!, first: n.first, middle: n.middle } : null;
    }
    case "SWAPPED_ORDER": {
      const u = surnameUnits(n.last);
      const r = rng.next();
      if (u.length === 2 && r < 0.5) {
        // The clerk took the last word as the surname: the paternal surname lands in the middle name.
        return { last: u[1]!, first: n.first, middle: joinNonNull(n.middle, u[0]!) };
      }
      if (u.length === 2 && r < 0.7) return { last: `${u[1]} ${u[0]}`, first: n.first, middle: n.middle };
      return swapGivenFamily(n);
    }
    case "SPELLING_VARIANT": {
      const r = rng.next();
      if (r < 0.25) {
        const t = toggleMarks(n, H_LEX);
        if (t !== null) return t;
      }
      if (r < 0.4) {
        const g = groupVariant(rng, n, H_LEX, ALL_FIELDS);
        if (g !== null) return g;
      }
      if (r < 0.5) {
        const u = surnameUnits(n.last);
        if (n.last.indexOf("-") >= 0)
          return { last: n.last.replaceAll("-", " "), first: n.first, middle: n.middle };
        if (u.length === 2 && u[0]!.indexOf(" ") < 0 && u[1]!.indexOf(" ") < 0) {
          return { last: `${u[0]}-${u[1]}`, first: n.first, middle: n.middle };
        }
      }
      if (r < 0.6 && n.middle !== null)
        return { last: n.last, first: `${n.first} ${n.middle}`, middle: null };
      return applyRule(rng, n, H_RULES, ALL_FIELDS);
    }
    case "NICKNAME":
      return nicknameVariant(rng, n, H_NICK);
    case "MARRIED_NAME": {
      if (id.sex !== "F") return null;
      const u = surnameUnits(n.last);
      const own = u[0] ?? n.last;
      const husband = H_SUR.pick(rng).forms[0]!;
      if (husband === stripDiacritics(own)) return null;
      const r = rng.next();
      const last = r < 0.5 ? `${own} DE ${husband}` : r < 0.85 ? husband : `${own} ${husband}`;
      return { last, first: n.first, middle: n.middle };
    }
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const HISPANIC_IMPL: CultureImpl = {
  culture: "HISPANIC",
  generate: genHispanic,
  vary: varyHispanic,
  ...kindTables({
    DROPPED_SECOND_SURNAME: 30,
    SPELLING_VARIANT: 25,
    SWAPPED_ORDER: 12,
    TYPO: 15,
    MARRIED_NAME: 12,
    NICKNAME: 8,
  }),
};

// ARABIC ---------------------------------------------------------------------------------------

const AR_MALE_BASE = parseList(arabic.ARABIC_MALE);
const AR_ABDUL: Entry[] = parseList(arabic.ABDUL_SUFFIXES).map((suffix) => {
  const s0 = suffix.forms[0]!;
  const forms = [
    `ABDUL ${s0}`,
    `ABDUL${s0}`,
    `ABD AL-${s0}`,
    `ABDEL ${s0}`,
    `ABDEL${s0}`,
    `ABD EL-${s0}`,
    `ABDUL-${s0}`,
  ];
  const sun = sunLetters(s0);
  if (sun !== null) forms.push(`ABDU${sun} ${s0}`, `ABDE${sun}${s0}`);
  for (const alt of suffix.forms.slice(1)) forms.push(`ABDUL ${alt}`, `ABDEL${alt}`);
  const script = suffix.script.length > 0 ? [`عبد ${suffix.script[0]}`] : [];
  return { forms, marks: forms.map(() => null), marked: null, script, extra: "", weight: Number.NaN };
});
const AR_MALE = pool([...AR_MALE_BASE, ...AR_ABDUL], 0.9, 3);
const AR_FEMALE = listPool(arabic.ARABIC_FEMALE, 0.9, 3);
const AR_ARTICLE_CORES = listPool(arabic.ARABIC_ARTICLE_CORES, 0.8, 4);
const AR_PLAIN = listPool(arabic.ARABIC_PLAIN_FAMILIES, 0.8, 4);
const AR_MAGHREB = listPool(arabic.MAGHREB_FAMILIES, 0.8, 4);
const AR_MAGHREB_ARTICLE = codeSet(arabic.MAGHREB_ARTICLE_CORES);
const AR_LEX = lexicon(
  entriesOf(AR_MALE),
  entriesOf(AR_FEMALE),
  entriesOf(AR_ARTICLE_CORES),
  entriesOf(AR_PLAIN),
  entriesOf(AR_MAGHREB),
);
const AR_CORE_LEX = lexicon(entriesOf(AR_ARTICLE_CORES), entriesOf(AR_MAGHREB));
const AR_RULES = parseRules(arabic.ARABIC_RULES);
const AR_COUNTRIES = countryTable(arabic.ARABIC_COUNTRIES);
const AR_MAGHREB_COUNTRIES = codeSet(arabic.MAGHREB);
const AR_GULF_COUNTRIES = codeSet(arabic.GULF);
const AR_EL_COUNTRIES = new Set(["EG", "SD", "LB", "PS"]);

/** The consonant(s) the article assimilates to (AR-RASHID, ASH-SHAMMARI), or null for moon letters. */
function sunLetters(core: string): string | null {
  const two = core.slice(0, 2);
  if (two === "SH" || two === "TH" || two === "DH") return two;
  const c = core[0] ?? "";
  return "TDRZSN".includes(c) && c !== "" ? c : null;
}

/** Written forms of the definite article: AL-X, AL X, ALX, EL-X, EL X, ELX, AS-SX (assimilated), X. */
const ARTICLE_STYLES = 8;
function withArticle(core: string, style: number): string {
  switch (style) {
    case 0:
      return `AL-${core}`;
    case 1:
      return `AL ${core}`;
    case 2:
      return `AL${core}`;
    case 3:
      return `EL-${core}`;
    case 4:
      return `EL ${core}`;
    case 5:
      return `EL${core}`;
    case 6: {
      const sun = sunLetters(core);
      return sun === null ? `AL-${core}` : `A${sun}-${core}`;
    }
    default:
      return core;
  }
}

const ARTICLE_MASHRIQ = new Weighted<number>([
  [0, 40],
  [1, 14],
  [2, 8],
  [3, 8],
  [4, 4],
  [5, 1],
  [6, 5],
  [7, 20],
]);
const ARTICLE_EGYPT = new Weighted<number>([
  [0, 22],
  [1, 8],
  [2, 4],
  [3, 28],
  [4, 12],
  [5, 4],
  [6, 2],
  [7, 20],
]);
const ARTICLE_MAGHREB = new Weighted<number>([
  [3, 15],
  [4, 45],
  [5, 10],
  [0, 10],
  [7, 20],
]);

interface ArabicFamily {
  core: string;
  entry: Entry;
  /** Article style as written, or -1 for a family name that never takes the article. */
  style: number;
}

function parseArabicFamily(last: string): ArabicFamily | null {
  const prefixes: readonly (readonly [string, number])[] = [
    ["AL-", 0],
    ["AL ", 1],
    ["EL-", 3],
    ["EL ", 4],
  ];
  for (const [p, style] of prefixes) {
    if (last.startsWith(p)) {
      const core = last.slice(p.length);
      const entry = AR_CORE_LEX.get(core) ?? AR_LEX.get(core);
      return entry === undefined ? null : { core, entry, style };
    }
  }
  const hyphen = last.indexOf("-");
  if (last[0] === "A" && hyphen >= 2 && hyphen <= 3) {
    const sun = last.slice(1, hyphen);
    const core = last.slice(hyphen + 1);
    const entry = AR_CORE_LEX.get(core);
    if (entry !== undefined && core.startsWith(sun)) return { core, entry, style: 6 };
  }
  if (last.startsWith("AL") || last.startsWith("EL")) {
    const core = last.slice(2);
    const entry = AR_CORE_LEX.get(core);
    if (entry !== undefined) return { core, entry, style: last[0] === "A" ? 2 : 5 };
  }
  const own = AR_CORE_LEX.get(last);
  if (own !== undefined) return { core: last, entry: own, style: 7 };
  const plain = AR_LEX.get(last);
  return plain === undefined ? null : { core: last, entry: plain, style: -1 };
}

function genArabic(rng: Random, sex: Sex): Generated {
  const country = AR_COUNTRIES.pick(rng);
  const maghreb = AR_MAGHREB_COUNTRIES.has(country);
  const first = formOf(rng, (sex === "M" ? AR_MALE : AR_FEMALE).pick(rng), 0.55, false);
  let last: string;
  const r = rng.next();
  if (maghreb) {
    if (r < 0.5) {
      const e = AR_MAGHREB.pick(rng);
      const f = formOf(rng, e, 0.2, false);
      last =
        AR_MAGHREB_ARTICLE.has(e.forms[0]!) && rng.next() < 0.5
          ? withArticle(f, ARTICLE_MAGHREB.pick(rng))
          : f;
    } else if (r < 0.65) {
      last = `BEN${rng.next() < 0.5 ? "" : " "}${formOf(rng, AR_MALE.pick(rng), 0.3, false)}`;
    } else if (r < 0.8) {
      last = withArticle(formOf(rng, AR_ARTICLE_CORES.pick(rng), 0.3, false), ARTICLE_MAGHREB.pick(rng));
    } else last = formOf(rng, AR_MALE.pick(rng), 0.5, false);
  } else if (r < 0.45) {
    const styles = AR_EL_COUNTRIES.has(country) ? ARTICLE_EGYPT : ARTICLE_MASHRIQ;
    last = withArticle(formOf(rng, AR_ARTICLE_CORES.pick(rng), 0.3, false), styles.pick(rng));
  } else if (r < 0.75) last = formOf(rng, AR_PLAIN.pick(rng), 0.3, false);
  else last = formOf(rng, AR_MALE.pick(rng), 0.5, false);
  // Patronymic-style middle names: father's name, sometimes grandfather's too; BIN/BINT in the Gulf.
  let middle: string | null = null;
  const m = rng.next();
  if (AR_GULF_COUNTRIES.has(country) && m < 0.08) {
    middle = `${sex === "M" ? "BIN" : "BINT"} ${formOf(rng, AR_MALE.pick(rng), 0.4, false)}`;
  } else if (m < (maghreb ? 0.25 : 0.6)) {
    middle = formOf(rng, AR_MALE.pick(rng), 0.4, false);
  } else if (!maghreb && m < 0.75) {
    middle = `${formOf(rng, AR_MALE.pick(rng), 0.4, false)} ${formOf(rng, AR_MALE.pick(rng), 0.4, false)}`;
  }
  return { name: { last, first, middle }, country };
}

function arabicScriptOf(text: string): string | null {
  const whole = AR_LEX.get(text);
  if (whole !== undefined) return whole.script[0] ?? null;
  let out = "";
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 32) continue;
    const word = text.slice(start, i);
    let s: string | null;
    if (word === "BIN") s = "بن";
    else if (word === "BINT") s = "بنت";
    else s = AR_LEX.get(word)?.script[0] ?? null;
    if (s === null) return null;
    out = out === "" ? s : `${out} ${s}`;
    start = i + 1;
  }
  return out;
}

function arabicScriptName(n: PersonName): PersonName | null {
  const first = arabicScriptOf(n.first);
  const middle = n.middle === null ? null : arabicScriptOf(n.middle);
  if (first === null || (n.middle !== null && middle === null)) return null;
  let last: string | null = null;
  const fam = parseArabicFamily(n.last);
  if (fam !== null && fam.style >= 0 && fam.style <= 6) {
    const s = fam.entry.script[0];
    if (s !== undefined) last = `ال${s}`;
  } else last = arabicScriptOf(n.last);
  if (last === null) return null;
  return { last, first, middle };
}

function varyArabic(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  switch (kind) {
    case "TRANSLITERATION": {
      const r = rng.next();
      if (r < 0.12) {
        const s = arabicScriptName(n);
        if (s !== null) return s;
      }
      if (r < 0.4) {
        const fam = parseArabicFamily(n.last);
        if (fam !== null && fam.entry.forms.length > 1) {
          const j = indexOther(rng, fam.entry.forms.length, fam.entry.forms.indexOf(fam.core));
          const core = fam.entry.forms[j]!;
          return {
            last: fam.style >= 0 ? withArticle(core, fam.style) : core,
            first: n.first,
            middle: n.middle,
          };
        }
      }
      return groupVariant(rng, n, AR_LEX, r < 0.7 ? [FIRST] : GIVEN_FIELDS);
    }
    case "SPELLING_VARIANT": {
      const r = rng.next();
      if (r < 0.55) {
        const fam = parseArabicFamily(n.last);
        if (fam !== null && fam.style >= 0) {
          let style = Math.floor(rng.next() * ARTICLE_STYLES);
          if (style === fam.style) style = (style + 1) % ARTICLE_STYLES;
          const last = withArticle(fam.core, style);
          if (last !== n.last) return { last, first: n.first, middle: n.middle };
        }
      }
      if (r < 0.7 && n.last.startsWith("BEN")) {
        // BEN ALI ↔ BENALI, only where the rest is a given name.
        const spaced = n.last[3] === " ";
        const rest = n.last.slice(spaced ? 4 : 3);
        if (AR_LEX.has(rest))
          return { last: spaced ? `BEN${rest}` : `BEN ${rest}`, first: n.first, middle: n.middle };
      }
      return applyRule(rng, n, AR_RULES, ALL_FIELDS);
    }
    case "SWAPPED_ORDER": {
      if (n.middle !== null && rng.next() < 0.5) {
        // The father's name taken for the family name.
        const sp = n.middle.lastIndexOf(" ");
        const father = sp < 0 ? n.middle : n.middle.slice(sp + 1);
        const rest = sp < 0 ? null : n.middle.slice(0, sp);
        if (father !== "BIN" && father !== "BINT" && rest !== "BIN" && rest !== "BINT") {
          return { last: father, first: n.first, middle: rest };
        }
      }
      return swapGivenFamily(n);
    }
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const ARABIC_IMPL: CultureImpl = {
  culture: "ARABIC",
  generate: genArabic,
  vary: varyArabic,
  ...kindTables({ TRANSLITERATION: 40, SPELLING_VARIANT: 25, SWAPPED_ORDER: 12, TYPO: 18 }),
};

// CHINESE --------------------------------------------------------------------------------------

interface ChineseSurname {
  /** pinyin, Wade-Giles, Cantonese, then other (Hokkien/Teochew) spellings. */
  readonly forms: readonly string[];
  readonly simplified: string;
  readonly traditional: string;
}

interface ChineseSyllable {
  /** pinyin, Wade-Giles, Cantonese. */
  readonly forms: readonly [string, string, string];
  readonly simplified: string;
  readonly traditional: string;
  readonly sex: "M" | "F" | "U";
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

const CH_SURNAMES: ChineseSurname[] = [];
const CH_SURNAME_WEIGHTS: number[] = [];
for (const line of lines(chinese.CHINESE_SURNAMES)) {
  const [py, wg, yue, simp, trad, w, others] = line.split("|");
  const forms = [py!, wg!, yue!, ...(others ?? "").split(" ").filter((s) => s.length > 0)];
  CH_SURNAMES.push({ forms, simplified: simp!, traditional: trad || simp! });
  CH_SURNAME_WEIGHTS.push(Number(w));
}
const CH_SUR = new Weighted(CH_SURNAMES.map((s, i) => [s, CH_SURNAME_WEIGHTS[i]!] as const));
const CH_SUR_BY_FORM = new Map<string, ChineseSurname>();
for (const s of CH_SURNAMES) for (const f of s.forms) if (!CH_SUR_BY_FORM.has(f)) CH_SUR_BY_FORM.set(f, s);

const CH_SYLLABLES: ChineseSyllable[] = lines(chinese.CHINESE_SYLLABLES).map((line) => {
  const [py, wg, yue, simp, trad, sex] = line.split("|");
  return {
    forms: [py!, wg!, yue!],
    simplified: simp!,
    traditional: trad || simp!,
    sex: sex === "M" || sex === "F" ? sex : "U",
  };
});
function syllablePool(sex: Sex): Weighted<ChineseSyllable> {
  const list = CH_SYLLABLES.filter((s) => s.sex === sex || s.sex === "U");
  return new Weighted(list.map((s, i) => [s, 1 / (i + 4) ** 0.7] as const));
}
const CH_SYL_MALE = syllablePool("M");
const CH_SYL_FEMALE = syllablePool("F");
const CH_SYL_BY_SYSTEM: Map<string, ChineseSyllable>[] = [0, 1, 2].map((sys) => {
  const m = new Map<string, ChineseSyllable>();
  for (const s of CH_SYLLABLES) if (!m.has(s.forms[sys]!)) m.set(s.forms[sys]!, s);
  return m;
});
const CH_COUNTRIES = countryTable(chinese.CHINESE_COUNTRIES);
/** Romanisation system by country: 0 pinyin, 1 Wade-Giles, 2 Cantonese, 3 Southeast Asian. */
function chineseSystem(country: string): number {
  return country === "TW"
    ? 1
    : country === "HK" || country === "MO"
      ? 2
      : country === "MY" || country === "SG"
        ? 3
        : 0;
}
/** How each system usually separates the syllables of a given name: weights for " ", "-", "". */
const CH_SEPARATORS = [
  new Weighted<string>([
    ["", 70],
    [" ", 15],
    ["-", 15],
  ]),
  new Weighted<string>([
    ["-", 70],
    ["", 15],
    [" ", 15],
  ]),
  new Weighted<string>([
    [" ", 60],
    ["-", 25],
    ["", 15],
  ]),
];

function syllableForm(s: ChineseSyllable, sys: number): string {
  return s.forms[Math.min(sys, 2)]!;
}

function genChinese(rng: Random, sex: Sex): Generated {
  const country = CH_COUNTRIES.pick(rng);
  const sys = chineseSystem(country);
  const sur = CH_SUR.pick(rng);
  const last = sys < 3 ? sur.forms[sys]! : (sur.forms[3] ?? sur.forms[2]!);
  const sylPool = sex === "M" ? CH_SYL_MALE : CH_SYL_FEMALE;
  const s1 = sylPool.pick(rng);
  let given = syllableForm(s1, sys);
  if (rng.next() >= 0.15) {
    let s2 = sylPool.pick(rng);
    if (s2 === s1 && rng.next() < 0.9) s2 = sylPool.pick(rng);
    given += CH_SEPARATORS[Math.min(sys, 2)]!.pick(rng) + syllableForm(s2, sys);
  }
  const english = sys >= 2 ? rng.next() < 0.45 : rng.next() < 0.03;
  if (english) return { name: { last, first: englishGiven(rng, sex), middle: given }, country };
  return { name: { last, first: given, middle: null }, country };
}

/** Splits a romanised given name into syllables (trying the country's system first). */
function chineseSyllables(given: string, country: string): ChineseSyllable[] | null {
  const preferred = chineseSystem(country);
  const order = [Math.min(preferred, 2), 0, 1, 2];
  for (const sys of order) {
    const map = CH_SYL_BY_SYSTEM[sys]!;
    const out: ChineseSyllable[] = [];
    let ok = true;
    let start = 0;
    for (let i = 0; i <= given.length && ok; i++) {
      const c = i < given.length ? given.charCodeAt(i) : 32;
      if (c !== 32 && c !== 45) continue;
      const tok = given.slice(start, i);
      start = i + 1;
      const whole = map.get(tok);
      if (whole !== undefined) {
        out.push(whole);
        continue;
      }
      ok = false;
      for (let k = 1; k < tok.length; k++) {
        const a = map.get(tok.slice(0, k));
        const b = map.get(tok.slice(k));
        if (a !== undefined && b !== undefined) {
          out.push(a, b);
          ok = true;
          break;
        }
      }
    }
    if (ok && out.length > 0) return out;
  }
  return null;
}

/** Spellings of a surname plausible for the country (Hokkien/Teochew forms only in Malaysia and Singapore). */
function chineseSurnameForms(sur: ChineseSurname, country: string): readonly string[] {
  return chineseSystem(country) === 3 ? sur.forms : sur.forms.slice(0, 3);
}

/** Which field holds the Chinese given name (HK records often carry an English first name). */
function chineseGivenField(n: PersonName): Field {
  return n.middle !== null && ENGLISH_GIVEN.has(n.first) ? MIDDLE : FIRST;
}

function varyChinese(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  const gf = chineseGivenField(n);
  const given = getField(n, gf)!;
  switch (kind) {
    case "SWAPPED_ORDER":
      return swapGivenFamily(n);
    case "TRANSLITERATION": {
      const r = rng.next();
      if (r < 0.3) {
        const sur = CH_SUR_BY_FORM.get(n.last);
        const syl = chineseSyllables(given, id.countryOfBirth);
        if (sur !== undefined && syl !== null) {
          const trad = id.countryOfBirth === "TW" || id.countryOfBirth === "HK" || id.countryOfBirth === "MO";
          let chars = "";
          for (const s of syl) chars += trad ? s.traditional : s.simplified;
          return { last: trad ? sur.traditional : sur.simplified, first: chars, middle: null };
        }
      }
      if (r < 0.65) {
        const sur = CH_SUR_BY_FORM.get(n.last);
        if (sur !== undefined) {
          const others = chineseSurnameForms(sur, id.countryOfBirth).filter((f) => f !== n.last);
          if (others.length > 0)
            return {
              last: others[Math.floor(rng.next() * others.length)]!,
              first: n.first,
              middle: n.middle,
            };
        }
      }
      const syl = chineseSyllables(given, id.countryOfBirth);
      if (syl === null) return null;
      const sys = Math.floor(rng.next() * 3);
      const sep = CH_SEPARATORS[sys]!.pick(rng);
      return withField(n, gf, syl.map((s) => s.forms[sys]).join(sep));
    }
    case "SPELLING_VARIANT": {
      const r = rng.next();
      const syl = chineseSyllables(given, id.countryOfBirth);
      if (syl !== null && syl.length === 2) {
        const sys = chineseSystem(id.countryOfBirth);
        const parts = syl.map((s) => syllableForm(s, sys));
        if (r < 0.3 && gf === FIRST && n.middle === null)
          return { last: n.last, first: parts[0]!, middle: parts[1]! };
        const v = reseparate(rng, parts, given);
        if (v !== null) return withField(n, gf, v);
      }
      const sur = CH_SUR_BY_FORM.get(n.last);
      if (sur !== undefined && chineseSystem(id.countryOfBirth) === 3) {
        const others = sur.forms.slice(3).filter((f) => f !== n.last);
        if (others.length > 0)
          return { last: others[Math.floor(rng.next() * others.length)]!, first: n.first, middle: n.middle };
      }
      return null;
    }
    case "NICKNAME": {
      if (gf === MIDDLE) return { last: n.last, first: given, middle: null };
      return {
        last: n.last,
        first: englishGiven(rng, id.sex),
        middle: rng.next() < 0.5 ? n.first : n.middle,
      };
    }
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const CHINESE_IMPL: CultureImpl = {
  culture: "CHINESE",
  generate: genChinese,
  vary: varyChinese,
  ...kindTables({ SWAPPED_ORDER: 28, TRANSLITERATION: 25, SPELLING_VARIANT: 20, NICKNAME: 12, TYPO: 15 }),
};

// VIETNAMESE -----------------------------------------------------------------------------------

const VN_SUR = listPool(vietnamese.VIETNAMESE_SURNAMES);
const VN_MALE = listPool(vietnamese.VIETNAMESE_MALE, 0.7, 4);
const VN_FEMALE = listPool(vietnamese.VIETNAMESE_FEMALE, 0.7, 4);
const VN_MID_MALE = listPool(vietnamese.VIETNAMESE_MIDDLE_MALE);
const VN_MID_FEMALE = listPool(vietnamese.VIETNAMESE_MIDDLE_FEMALE);
const VN_LEX = lexicon(
  entriesOf(VN_SUR),
  entriesOf(VN_MALE),
  entriesOf(VN_FEMALE),
  entriesOf(VN_MID_MALE),
  entriesOf(VN_MID_FEMALE),
);
const VN_RULES = parseRules(vietnamese.VIETNAMESE_RULES);

function genVietnamese(rng: Random, sex: Sex): Generated {
  const marked = rng.next() < 0.1;
  const last = formOf(rng, VN_SUR.pick(rng), 0.02, marked);
  const given = sex === "M" ? VN_MALE : VN_FEMALE;
  const midPool = sex === "M" ? VN_MID_MALE : VN_MID_FEMALE;
  let middle: string | null = null;
  let me: Entry | null = null;
  if (rng.next() < 0.93) {
    me = midPool.pick(rng);
    middle = formOf(rng, me, 0, marked);
    if (rng.next() < (sex === "F" ? 0.15 : 0.04)) {
      // Two middle names: THỊ / VĂN come first (NGUYỄN THỊ NGỌC ANH).
      const lead = midPool.values[0]!;
      const second = pickOther(rng, midPool, lead);
      if (second !== lead) middle = `${formOf(rng, lead, 0, marked)} ${formOf(rng, second, 0, marked)}`;
    }
  }
  let fe = given.pick(rng);
  if (me !== null && fe.forms[0] === me.forms[0]) fe = given.pick(rng);
  return { name: { last, first: formOf(rng, fe, 0, marked), middle }, country: "VN" };
}

function varyVietnamese(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  switch (kind) {
    case "SWAPPED_ORDER":
      return swapGivenFamily(n);
    case "SPELLING_VARIANT": {
      const r = rng.next();
      if (r < 0.35) {
        const t = toggleMarks(n, VN_LEX);
        if (t !== null) return t;
      }
      if (r < 0.55) {
        const g = groupVariant(rng, n, VN_LEX, [LAST]);
        if (g !== null) return g;
      }
      if (r < 0.75 && n.middle !== null)
        return { last: n.last, first: `${n.middle} ${n.first}`, middle: null };
      return applyRule(rng, n, VN_RULES, ALL_FIELDS);
    }
    case "NICKNAME":
      return { last: n.last, first: englishGiven(rng, id.sex), middle: rng.next() < 0.3 ? n.first : null };
    case "MARRIED_NAME": {
      if (id.sex !== "F") return null;
      const husband = VN_SUR.pick(rng).forms[0]!;
      return husband === stripDiacritics(n.last) ? null : { last: husband, first: n.first, middle: n.middle };
    }
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const VIETNAMESE_IMPL: CultureImpl = {
  culture: "VIETNAMESE",
  generate: genVietnamese,
  vary: varyVietnamese,
  ...kindTables({ SWAPPED_ORDER: 30, SPELLING_VARIANT: 35, NICKNAME: 6, MARRIED_NAME: 5, TYPO: 15 }),
};

// KOREAN ---------------------------------------------------------------------------------------

const KO_SUR = listPool(korean.KOREAN_SURNAMES);
const KO_MALE = listPool(korean.KOREAN_MALE, 0.7, 4);
const KO_FEMALE = listPool(korean.KOREAN_FEMALE, 0.7, 4);
const KO_LEX = lexicon(entriesOf(KO_SUR));
const KO_RULES = parseRules(korean.KOREAN_RULES);
const KO_COUNTRIES = countryTable(korean.KOREAN_COUNTRIES);
/** Given name (syllables joined, no separator) → syllables and Hangul. */
const KO_GIVEN_BY_KEY = new Map<string, { syllables: string[]; hangul: string }>();
for (const e of [...entriesOf(KO_MALE), ...entriesOf(KO_FEMALE)]) {
  const syllables = e.forms[0]!.split("-");
  KO_GIVEN_BY_KEY.set(syllables.join(""), { syllables, hangul: e.script[0] ?? "" });
}
const KO_SEPARATORS = new Weighted<string>([
  ["-", 35],
  ["", 40],
  [" ", 25],
]);

function koreanKey(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 45) out += s[i];
  }
  return out;
}

function genKorean(rng: Random, sex: Sex): Generated {
  const country = KO_COUNTRIES.pick(rng);
  const last = formOf(rng, KO_SUR.pick(rng), 0.15, false);
  const syllables = (sex === "M" ? KO_MALE : KO_FEMALE).pick(rng).forms[0]!.split("-");
  let first = syllables.join(KO_SEPARATORS.pick(rng));
  if (rng.next() < 0.1) {
    const v = applyRule(rng, { last, first, middle: null }, KO_RULES, [FIRST]);
    if (v !== null) first = v.first;
  }
  return { name: { last, first, middle: null }, country };
}

function varyKorean(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  const key = koreanKey(n.middle === null ? n.first : n.first + n.middle);
  const known = KO_GIVEN_BY_KEY.get(key);
  switch (kind) {
    case "SWAPPED_ORDER":
      return swapGivenFamily(n);
    case "TRANSLITERATION": {
      const r = rng.next();
      if (r < 0.3) {
        const sur = KO_LEX.get(n.last)?.script[0];
        if (sur !== undefined && known !== undefined) return { last: sur, first: known.hangul, middle: null };
      }
      if (r < 0.6) {
        const g = groupVariant(rng, n, KO_LEX, [LAST]);
        if (g !== null) return g;
      }
      return applyRule(rng, n, KO_RULES, GIVEN_FIELDS);
    }
    case "SPELLING_VARIANT": {
      if (n.middle !== null) return { last: n.last, first: `${n.first}-${n.middle}`, middle: null };
      if (known === undefined) return null;
      if (rng.next() < 0.3) return { last: n.last, first: known.syllables[0]!, middle: known.syllables[1]! };
      return withField(n, FIRST, reseparate(rng, known.syllables, n.first) ?? n.first);
    }
    case "NICKNAME":
      return { last: n.last, first: englishGiven(rng, id.sex), middle: rng.next() < 0.5 ? n.first : null };
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const KOREAN_IMPL: CultureImpl = {
  culture: "KOREAN",
  generate: genKorean,
  vary: varyKorean,
  ...kindTables({ SWAPPED_ORDER: 22, TRANSLITERATION: 30, SPELLING_VARIANT: 20, NICKNAME: 10, TYPO: 15 }),
};

// SLAVIC ---------------------------------------------------------------------------------------

type SlavicGroup = "R" | "U" | "P" | "S";
const SLAVIC_GROUP_OF: Readonly<Record<string, SlavicGroup>> = {
  RU: "R",
  BY: "R",
  MD: "R",
  KZ: "R",
  UA: "U",
  PL: "P",
  RS: "S",
  BA: "S",
  HR: "S",
  ME: "S",
};
function slavicGroup(country: string): SlavicGroup {
  return SLAVIC_GROUP_OF[country] ?? "R";
}

function endsWithAny(s: string, ends: readonly string[]): string | null {
  for (const e of ends) if (s.endsWith(e)) return e;
  return null;
}

/** Feminine form of a masculine surname, by naming tradition (Latin or Cyrillic). */
function feminine(s: string, group: SlavicGroup): string {
  if (group === "S") return s;
  if (group === "P") return s.endsWith("KI") ? `${s.slice(0, -2)}KA` : s;
  const ukr = group === "U";
  let e = endsWithAny(s, ["SKIY", "SKII", "SKYI", "SKY", "SKI"]);
  if (e !== null) return s.slice(0, -e.length) + (ukr ? "SKA" : "SKAYA");
  e = endsWithAny(s, ["СЬКИЙ", "ЦЬКИЙ"]);
  if (e !== null) return `${s.slice(0, -2)}А`;
  e = endsWithAny(s, ["СКИЙ", "ЦКИЙ"]);
  if (e !== null) return `${s.slice(0, -2)}АЯ`;
  if (endsWithAny(s, ["OV", "EV", "IN", "YN", "ОВ", "ЕВ", "ЁВ", "ИН", "ЫН", "ІН"]) !== null) {
    return s + (s.charCodeAt(s.length - 1) > 127 ? "А" : "A");
  }
  return s;
}

interface Patronymic {
  male: string;
  female: string;
  maleCyr: string;
  femaleCyr: string;
}

function patronymicOf(e: Entry): Patronymic | null {
  if (e.extra === "") return null;
  const bar = e.extra.indexOf("|");
  if (bar >= 0) {
    const [m, mc] = e.extra.slice(0, bar).split("=");
    const [f, fc] = e.extra.slice(bar + 1).split("=");
    return { male: m!, female: f!, maleCyr: mc ?? "", femaleCyr: fc ?? "" };
  }
  const [stem, stemCyr] = e.extra.split("=");
  return { male: `${stem}ICH`, female: `${stem}NA`, maleCyr: `${stemCyr}ИЧ`, femaleCyr: `${stemCyr}НА` };
}

const SL_R_SUR = listPool(slavic.RUSSIAN_SURNAMES, 0.9, 4);
const SL_R_MALE = listPool(slavic.RUSSIAN_MALE, 0.8, 4);
const SL_R_FEMALE = listPool(slavic.RUSSIAN_FEMALE, 0.8, 4);
const SL_U_SUR = listPool(slavic.UKRAINIAN_SURNAMES, 0.9, 4);
const SL_U_MALE = listPool(slavic.UKRAINIAN_MALE, 0.8, 4);
const SL_U_FEMALE = listPool(slavic.UKRAINIAN_FEMALE, 0.8, 4);
const SL_P_SUR = listPool(slavic.POLISH_SURNAMES, 0.9, 4);
const SL_P_MALE = listPool(slavic.POLISH_MALE, 0.8, 4);
const SL_P_FEMALE = listPool(slavic.POLISH_FEMALE, 0.8, 4);
const SL_S_SUR = listPool(slavic.SOUTH_SLAVIC_SURNAMES, 0.9, 4);
const SL_S_MALE = listPool(slavic.SOUTH_SLAVIC_MALE, 0.8, 4);
const SL_S_FEMALE = listPool(slavic.SOUTH_SLAVIC_FEMALE, 0.8, 4);
const SL_COUNTRIES = countryTable(slavic.SLAVIC_COUNTRIES);
const SL_EAST_RULES = parseRules(slavic.EAST_SLAVIC_RULES);
const SL_WEST_RULES = parseRules(slavic.WEST_SOUTH_SLAVIC_RULES);
const SL_NICK = nickTable(nick.SLAVIC_NICKNAMES);
const SL_POOLS: Readonly<Record<SlavicGroup, { sur: Pool; male: Pool; female: Pool }>> = {
  R: { sur: SL_R_SUR, male: SL_R_MALE, female: SL_R_FEMALE },
  U: { sur: SL_U_SUR, male: SL_U_MALE, female: SL_U_FEMALE },
  P: { sur: SL_P_SUR, male: SL_P_MALE, female: SL_P_FEMALE },
  S: { sur: SL_S_SUR, male: SL_S_MALE, female: SL_S_FEMALE },
};
const SL_PATRONYMIC = new Map<Entry, Patronymic>();
for (const e of [...entriesOf(SL_R_MALE), ...entriesOf(SL_U_MALE)]) {
  const p = patronymicOf(e);
  if (p !== null) SL_PATRONYMIC.set(e, p);
}
/** Latin spelling (any form, either gender) → Cyrillic, for East Slavic names. */
const SL_CYRILLIC = new Map<string, string>();
/** Feminine surname spelling → masculine spelling. */
const SL_MASCULINE = new Map<string, string>();
for (const [group, p] of [
  ["R", SL_R_SUR],
  ["U", SL_U_SUR],
  ["P", SL_P_SUR],
] as const) {
  for (const e of entriesOf(p)) {
    const cyr = e.script[0];
    for (const f of e.forms) {
      const fem = feminine(f, group);
      if (fem !== f) SL_MASCULINE.set(fem, f);
      if (cyr !== undefined) {
        if (!SL_CYRILLIC.has(f)) SL_CYRILLIC.set(f, cyr);
        if (!SL_CYRILLIC.has(fem)) SL_CYRILLIC.set(fem, feminine(cyr, group));
      }
    }
    for (const m of e.marks) if (m) SL_MASCULINE.set(feminine(m, group), m);
  }
}
for (const p of [SL_R_MALE, SL_R_FEMALE, SL_U_MALE, SL_U_FEMALE]) {
  for (const e of entriesOf(p)) {
    const cyr = e.script[0];
    if (cyr !== undefined) for (const f of e.forms) if (!SL_CYRILLIC.has(f)) SL_CYRILLIC.set(f, cyr);
  }
}
for (const p of SL_PATRONYMIC.values()) {
  if (!SL_CYRILLIC.has(p.male)) SL_CYRILLIC.set(p.male, p.maleCyr);
  if (!SL_CYRILLIC.has(p.female)) SL_CYRILLIC.set(p.female, p.femaleCyr);
}
const SL_LEX = lexicon(
  ...(["R", "U", "P", "S"] as const).flatMap((g) => [
    entriesOf(SL_POOLS[g].sur),
    entriesOf(SL_POOLS[g].male),
    entriesOf(SL_POOLS[g].female),
  ]),
);

function genSlavic(rng: Random, sex: Sex): Generated {
  const country = SL_COUNTRIES.pick(rng);
  const group = slavicGroup(country);
  const pools = SL_POOLS[group];
  const marked = group === "P" ? rng.next() < 0.2 : group === "S" ? rng.next() < 0.25 : false;
  const alt = group === "R" || group === "U" ? 0.2 : 0.1;
  let last = formOf(rng, pools.sur.pick(rng), alt, marked);
  if (sex === "F") last = feminine(last, group);
  const fe = (sex === "M" ? pools.male : pools.female).pick(rng);
  const first = formOf(rng, fe, alt, marked);
  let middle: string | null = null;
  const east = group === "R" || group === "U";
  if (east && rng.next() < (group === "R" ? 0.7 : 0.55)) {
    for (let k = 0; k < 6; k++) {
      const p = SL_PATRONYMIC.get(pools.male.pick(rng));
      if (p !== undefined) {
        middle = sex === "M" ? p.male : p.female;
        break;
      }
    }
  } else if (!east && rng.next() < (group === "P" ? 0.3 : 0.1)) {
    const me = pickOther(rng, sex === "M" ? pools.male : pools.female, fe);
    if (me !== fe) middle = formOf(rng, me, 0, marked);
  }
  return { name: { last, first, middle }, country };
}

function varySlavic(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  const group = slavicGroup(id.countryOfBirth);
  const east = group === "R" || group === "U";
  switch (kind) {
    case "TRANSLITERATION": {
      if (!east) return null;
      const r = rng.next();
      if (r < 0.2) {
        const last = SL_CYRILLIC.get(n.last);
        const first = SL_CYRILLIC.get(n.first);
        const middle = n.middle === null ? null : SL_CYRILLIC.get(n.middle);
        if (last !== undefined && first !== undefined && middle !== undefined) return { last, first, middle };
      }
      if (r < 0.5) {
        const g = groupVariant(rng, n, SL_LEX, [FIRST, LAST]);
        if (g !== null) return g;
      }
      return applyRule(rng, n, SL_EAST_RULES, ALL_FIELDS);
    }
    case "SPELLING_VARIANT": {
      if (east) {
        const masc = id.sex === "F" ? SL_MASCULINE.get(n.last) : undefined;
        return masc === undefined ? null : { last: masc, first: n.first, middle: n.middle };
      }
      const r = rng.next();
      if (r < 0.4) {
        const t = toggleMarks(n, SL_LEX);
        if (t !== null) return t;
      }
      if (r < 0.55 && id.sex === "F") {
        const masc = SL_MASCULINE.get(n.last);
        if (masc !== undefined) return { last: masc, first: n.first, middle: n.middle };
      }
      return applyRule(
        rng,
        { last: stripDiacritics(n.last), first: n.first, middle: n.middle },
        SL_WEST_RULES,
        [LAST, FIRST],
      );
    }
    case "NICKNAME":
      return nicknameVariant(rng, n, SL_NICK);
    case "MARRIED_NAME": {
      if (id.sex !== "F") return null;
      const husband = feminine(SL_POOLS[group].sur.pick(rng).forms[0]!, group);
      return husband === stripDiacritics(n.last) ? null : { last: husband, first: n.first, middle: n.middle };
    }
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const SLAVIC_IMPL: CultureImpl = {
  culture: "SLAVIC",
  generate: genSlavic,
  vary: varySlavic,
  ...kindTables({ TRANSLITERATION: 40, SPELLING_VARIANT: 12, NICKNAME: 15, MARRIED_NAME: 10, TYPO: 15 }),
};

// SOUTH_ASIAN ----------------------------------------------------------------------------------

type SouthAsianGroup =
  | "HINDI"
  | "SIKH"
  | "GUJARATI"
  | "SOUTH_INDIAN"
  | "PAKISTANI"
  | "BANGLADESHI"
  | "NEPALI"
  | "SRI_LANKAN";
const SA_GROUPS = new Weighted<SouthAsianGroup>(
  parseList(southAsian.SOUTH_ASIAN_GROUPS).map((e) => [e.forms[0] as SouthAsianGroup, e.weight] as const),
);
const SA_COUNTRY: Readonly<Record<SouthAsianGroup, string>> = {
  HINDI: "IN",
  SIKH: "IN",
  GUJARATI: "IN",
  SOUTH_INDIAN: "IN",
  PAKISTANI: "PK",
  BANGLADESHI: "BD",
  NEPALI: "NP",
  SRI_LANKAN: "LK",
};
const SA_HINDI_SUR = listPool(southAsian.HINDI_SURNAMES);
const SA_HINDI_MALE = listPool(southAsian.HINDI_MALE, 0.7, 4);
const SA_HINDI_FEMALE = listPool(southAsian.HINDI_FEMALE, 0.7, 4);
const SA_HINDI_MID_MALE = listPool(southAsian.HINDI_MIDDLE_MALE);
const SA_HINDI_MID_FEMALE = listPool(southAsian.HINDI_MIDDLE_FEMALE);
const SA_SIKH_MALE = listPool(southAsian.SIKH_GIVEN_MALE, 0.7, 4);
const SA_SIKH_FEMALE = listPool(southAsian.SIKH_GIVEN_FEMALE, 0.7, 4);
const SA_SIKH_CLANS = listPool(southAsian.SIKH_CLANS);
const SA_GUJ_SUR = listPool(southAsian.GUJARATI_SURNAMES);
const SA_GUJ_MALE = listPool(southAsian.GUJARATI_MALE, 0.7, 4);
const SA_GUJ_FEMALE = listPool(southAsian.GUJARATI_FEMALE, 0.7, 4);
const SA_SI_SUR = listPool(southAsian.SOUTH_INDIAN_SURNAMES);
const SA_SI_MALE = listPool(southAsian.SOUTH_INDIAN_MALE, 0.7, 4);
const SA_SI_FEMALE = listPool(southAsian.SOUTH_INDIAN_FEMALE, 0.7, 4);
const SA_PK_SUR = listPool(southAsian.PAKISTANI_SURNAMES);
const SA_PK_MALE = listPool(southAsian.PAKISTANI_MALE, 0.7, 4);
const SA_PK_FEMALE = listPool(southAsian.PAKISTANI_FEMALE, 0.7, 4);
const SA_BD_SUR = listPool(southAsian.BANGLADESHI_SURNAMES);
const SA_BD_FEMALE_SUR = listPool(southAsian.BANGLADESHI_FEMALE_SURNAMES);
const SA_BD_MALE = listPool(southAsian.BANGLADESHI_MALE, 0.7, 4);
const SA_BD_FEMALE = listPool(southAsian.BANGLADESHI_FEMALE, 0.7, 4);
const SA_NP_SUR = listPool(southAsian.NEPALI_SURNAMES);
const SA_NP_MALE = listPool(southAsian.NEPALI_MALE, 0.7, 4);
const SA_NP_FEMALE = listPool(southAsian.NEPALI_FEMALE, 0.7, 4);
const SA_NP_MID_MALE = listPool(southAsian.NEPALI_MIDDLE_MALE);
const SA_NP_MID_FEMALE = listPool(southAsian.NEPALI_MIDDLE_FEMALE);
const SA_LK_SUR = listPool(southAsian.SRI_LANKAN_SURNAMES);
const SA_LK_MALE = listPool(southAsian.SRI_LANKAN_MALE, 0.7, 4);
const SA_LK_FEMALE = listPool(southAsian.SRI_LANKAN_FEMALE, 0.7, 4);
const SA_MUHAMMAD = parseEntry(southAsian.MUHAMMAD_PREFIX);
const SA_MUHAMMAD_PK = new Weighted<string>([
  ["MUHAMMAD", 70],
  ["MOHAMMAD", 15],
  ["MOHAMMED", 8],
  ["MUHAMMED", 4],
  ["MOHD", 3],
]);
const SA_MUHAMMAD_BD = new Weighted<string>([
  ["MD", 55],
  ["MOHAMMAD", 20],
  ["MOHAMMED", 15],
  ["MUHAMMAD", 10],
]);
const SA_ALL_POOLS: readonly Pool[] = [
  SA_HINDI_SUR,
  SA_HINDI_MALE,
  SA_HINDI_FEMALE,
  SA_HINDI_MID_MALE,
  SA_HINDI_MID_FEMALE,
  SA_SIKH_MALE,
  SA_SIKH_FEMALE,
  SA_SIKH_CLANS,
  SA_GUJ_SUR,
  SA_GUJ_MALE,
  SA_GUJ_FEMALE,
  SA_SI_SUR,
  SA_SI_MALE,
  SA_SI_FEMALE,
  SA_PK_SUR,
  SA_PK_MALE,
  SA_PK_FEMALE,
  SA_BD_SUR,
  SA_BD_FEMALE_SUR,
  SA_BD_MALE,
  SA_BD_FEMALE,
  SA_NP_SUR,
  SA_NP_MALE,
  SA_NP_FEMALE,
  SA_LK_SUR,
  SA_LK_MALE,
  SA_LK_FEMALE,
];
const SA_LEX = lexicon([SA_MUHAMMAD], ...SA_ALL_POOLS.map(entriesOf));
const SA_RULES = parseRules(southAsian.SOUTH_ASIAN_RULES);
const SA_NICK = nickTable(nick.SOUTH_ASIAN_NICKNAMES);
const SA_MOVABLE_MIDDLES = new Set(["KUMAR", "KUMARI", "SINGH", "KAUR", "DEVI", "BAHADUR", "PRASAD"]);
const SA_MUHAMMAD_FORMS = new Set(SA_MUHAMMAD.forms);
const SA_SURNAMES_BY_COUNTRY: Readonly<Record<string, Pool>> = {
  IN: SA_HINDI_SUR,
  PK: SA_PK_SUR,
  BD: SA_BD_SUR,
  NP: SA_NP_SUR,
  LK: SA_LK_SUR,
};

function genSouthAsian(rng: Random, sex: Sex): Generated {
  const group = SA_GROUPS.pick(rng);
  const country = SA_COUNTRY[group];
  const male = sex === "M";
  const alt = 0.25;
  let first: string;
  let middle: string | null = null;
  let last: string;
  switch (group) {
    case "HINDI": {
      last = formOf(rng, SA_HINDI_SUR.pick(rng), alt, false);
      first = formOf(rng, (male ? SA_HINDI_MALE : SA_HINDI_FEMALE).pick(rng), alt, false);
      if (rng.next() < (male ? 0.45 : 0.25)) {
        middle = formOf(rng, (male ? SA_HINDI_MID_MALE : SA_HINDI_MID_FEMALE).pick(rng), 0.2, false);
        if (middle === last) middle = null;
      }
      break;
    }
    case "SIKH": {
      first = formOf(rng, (male ? SA_SIKH_MALE : SA_SIKH_FEMALE).pick(rng), alt, false);
      const religious = male ? "SINGH" : "KAUR";
      if (rng.next() < 0.55) last = religious;
      else {
        middle = religious;
        last = formOf(rng, SA_SIKH_CLANS.pick(rng), 0, false);
      }
      break;
    }
    case "GUJARATI": {
      last = formOf(rng, SA_GUJ_SUR.pick(rng), alt, false);
      first = formOf(rng, (male ? SA_GUJ_MALE : SA_GUJ_FEMALE).pick(rng), alt, false);
      if (rng.next() < 0.55) {
        // Father's (or husband's) name as the middle name, usually with the honorific -BHAI.
        const father = SA_GUJ_MALE.pick(rng).forms[0]!;
        middle = rng.next() < 0.8 ? `${father}BHAI` : father;
      }
      break;
    }
    case "SOUTH_INDIAN": {
      last =
        rng.next() < 0.35
          ? formOf(rng, SA_SI_MALE.pick(rng), alt, false)
          : formOf(rng, SA_SI_SUR.pick(rng), alt, false);
      first = formOf(rng, (male ? SA_SI_MALE : SA_SI_FEMALE).pick(rng), alt, false);
      if (first === last) last = formOf(rng, SA_SI_SUR.pick(rng), alt, false);
      if (rng.next() < 0.15) middle = formOf(rng, (male ? SA_SI_MALE : SA_SI_FEMALE).pick(rng), alt, false);
      break;
    }
    case "PAKISTANI": {
      last = formOf(rng, SA_PK_SUR.pick(rng), alt, false);
      if (male && rng.next() < 0.3) {
        first = SA_MUHAMMAD_PK.pick(rng);
        middle = formOf(rng, SA_PK_MALE.pick(rng), alt, false);
      } else {
        first = formOf(rng, (male ? SA_PK_MALE : SA_PK_FEMALE).pick(rng), alt, false);
        if (rng.next() < 0.15) middle = formOf(rng, (male ? SA_PK_MALE : SA_PK_FEMALE).pick(rng), alt, false);
      }
      if (middle === first) middle = null;
      break;
    }
    case "BANGLADESHI": {
      if (male) {
        last = formOf(rng, SA_BD_SUR.pick(rng), alt, false);
        if (rng.next() < 0.55) {
          first = SA_MUHAMMAD_BD.pick(rng);
          middle = formOf(rng, SA_BD_MALE.pick(rng), alt, false);
        } else first = formOf(rng, SA_BD_MALE.pick(rng), alt, false);
      } else {
        last = formOf(rng, (rng.next() < 0.55 ? SA_BD_FEMALE_SUR : SA_BD_SUR).pick(rng), alt, false);
        first = formOf(rng, SA_BD_FEMALE.pick(rng), alt, false);
      }
      break;
    }
    case "NEPALI": {
      last = formOf(rng, SA_NP_SUR.pick(rng), alt, false);
      first = formOf(rng, (male ? SA_NP_MALE : SA_NP_FEMALE).pick(rng), alt, false);
      if (rng.next() < 0.35) middle = (male ? SA_NP_MID_MALE : SA_NP_MID_FEMALE).pick(rng).forms[0]!;
      break;
    }
    default: {
      last = formOf(rng, SA_LK_SUR.pick(rng), alt, false);
      const given = male ? SA_LK_MALE : SA_LK_FEMALE;
      const fe = given.pick(rng);
      first = formOf(rng, fe, alt, false);
      if (rng.next() < 0.3) {
        const me = pickOther(rng, given, fe);
        if (me !== fe) middle = formOf(rng, me, alt, false);
      }
    }
  }
  return { name: { last, first, middle }, country };
}

function varySouthAsian(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  switch (kind) {
    case "TRANSLITERATION":
      return groupVariant(rng, n, SA_LEX, ALL_FIELDS);
    case "SPELLING_VARIANT": {
      if (n.middle?.endsWith("BHAI") && rng.next() < 0.3) {
        return { last: n.last, first: n.first, middle: n.middle.slice(0, -4) };
      }
      return applyRule(rng, n, SA_RULES, ALL_FIELDS);
    }
    case "SWAPPED_ORDER": {
      const r = rng.next();
      if (n.middle !== null && SA_MOVABLE_MIDDLES.has(n.middle) && r < 0.6) {
        // KUMAR / SINGH recorded as the surname, the real surname lost.
        return { last: n.middle, first: n.first, middle: null };
      }
      if (n.middle !== null && SA_MUHAMMAD_FORMS.has(n.first) && r < 0.8) {
        return { last: n.last, first: n.middle, middle: n.first };
      }
      return swapGivenFamily(n);
    }
    case "NICKNAME":
      return nicknameVariant(rng, n, SA_NICK);
    case "MARRIED_NAME": {
      if (id.sex !== "F") return null;
      if (n.last === "KAUR" || n.middle === "KAUR") {
        return { last: SA_SIKH_CLANS.pick(rng).forms[0]!, first: n.first, middle: "KAUR" };
      }
      const p = SA_SURNAMES_BY_COUNTRY[id.countryOfBirth] ?? SA_HINDI_SUR;
      const husband = p.pick(rng).forms[0]!;
      return husband === n.last ? null : { last: husband, first: n.first, middle: n.middle };
    }
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const SOUTH_ASIAN_IMPL: CultureImpl = {
  culture: "SOUTH_ASIAN",
  generate: genSouthAsian,
  vary: varySouthAsian,
  ...kindTables({
    TRANSLITERATION: 18,
    SPELLING_VARIANT: 27,
    SWAPPED_ORDER: 18,
    NICKNAME: 5,
    MARRIED_NAME: 8,
    TYPO: 18,
  }),
};

// WEST_AFRICAN ---------------------------------------------------------------------------------

type WestAfricanGroup = "YORUBA" | "IGBO" | "HAUSA" | "AKAN" | "FRANCOPHONE" | "LIBERIA_SIERRA_LEONE";
const WA_GROUPS = new Weighted<WestAfricanGroup>(
  parseList(westAfrican.WEST_AFRICAN_GROUPS).map((e) => [e.forms[0] as WestAfricanGroup, e.weight] as const),
);
const WA_CHRISTIAN_MALE = listPool(westAfrican.WA_CHRISTIAN_MALE, 0.7, 4);
const WA_CHRISTIAN_FEMALE = listPool(westAfrican.WA_CHRISTIAN_FEMALE, 0.7, 4);
const WA_YO_SUR = listPool(westAfrican.YORUBA_SURNAMES);
const WA_YO_MALE = listPool(westAfrican.YORUBA_MALE, 0.7, 4);
const WA_YO_FEMALE = listPool(westAfrican.YORUBA_FEMALE, 0.7, 4);
const WA_IG_SUR = listPool(westAfrican.IGBO_SURNAMES);
const WA_IG_MALE = listPool(westAfrican.IGBO_MALE, 0.7, 4);
const WA_IG_FEMALE = listPool(westAfrican.IGBO_FEMALE, 0.7, 4);
const WA_HA_SUR = listPool(westAfrican.HAUSA_SURNAMES);
const WA_HA_MALE = listPool(westAfrican.HAUSA_MALE, 0.7, 4);
const WA_HA_FEMALE = listPool(westAfrican.HAUSA_FEMALE, 0.7, 4);
const WA_AK_SUR = listPool(westAfrican.AKAN_SURNAMES);
const WA_AK_DAY_MALE = parseList(westAfrican.AKAN_DAY_NAMES_MALE);
const WA_AK_DAY_FEMALE = parseList(westAfrican.AKAN_DAY_NAMES_FEMALE);
const WA_AK_FEMALE_EXTRA = listPool(westAfrican.AKAN_FEMALE_EXTRA);
const WA_FR_SUR = listPool(westAfrican.FRANCOPHONE_SURNAMES);
const WA_FR_MALE = listPool(westAfrican.FRANCOPHONE_MALE, 0.7, 4);
const WA_FR_FEMALE = listPool(westAfrican.FRANCOPHONE_FEMALE, 0.7, 4);
const WA_FR_COUNTRIES = countryTable(westAfrican.FRANCOPHONE_COUNTRIES);
const WA_LS_SUR = listPool(westAfrican.LIBERIA_SIERRA_LEONE_SURNAMES);
const WA_LS_MALE = listPool(westAfrican.LIBERIA_SIERRA_LEONE_MALE, 0.7, 4);
const WA_LS_FEMALE = listPool(westAfrican.LIBERIA_SIERRA_LEONE_FEMALE, 0.7, 4);
const WA_LS_COUNTRIES = countryTable(westAfrican.LIBERIA_SIERRA_LEONE_COUNTRIES);
const WA_LEX = lexicon(
  WA_AK_DAY_MALE,
  WA_AK_DAY_FEMALE,
  ...[
    WA_CHRISTIAN_MALE,
    WA_CHRISTIAN_FEMALE,
    WA_YO_SUR,
    WA_YO_MALE,
    WA_YO_FEMALE,
    WA_IG_SUR,
    WA_IG_MALE,
    WA_IG_FEMALE,
    WA_HA_SUR,
    WA_HA_MALE,
    WA_HA_FEMALE,
    WA_AK_SUR,
    WA_AK_FEMALE_EXTRA,
    WA_FR_SUR,
    WA_FR_MALE,
    WA_FR_FEMALE,
    WA_LS_SUR,
    WA_LS_MALE,
    WA_LS_FEMALE,
  ].map(entriesOf),
);
const WA_RULES = parseRules(westAfrican.WEST_AFRICAN_RULES);
const WA_NICK = nickTable(nick.WEST_AFRICAN_NICKNAMES);

/** Day of the week of an epoch day number, 0 = Sunday (1970-01-01 was a Thursday). */
function weekday(days: number): number {
  return ((days % 7) + 7 + 4) % 7;
}

/** Given name + optional second given name from a Christian pool or a native pool. */
function westAfricanGiven(
  rng: Random,
  christian: Pool,
  native: Pool,
  christianShare: number,
  secondShare: number,
): [string, string | null] {
  if (rng.next() < christianShare)
    return [christian.pick(rng).forms[0]!, formOf(rng, native.pick(rng), 0.15, false)];
  const fe = native.pick(rng);
  const first = formOf(rng, fe, 0.15, false);
  if (rng.next() < secondShare) {
    const me = pickOther(rng, native, fe);
    if (me !== fe) return [first, formOf(rng, me, 0.15, false)];
  }
  return [first, null];
}

function genWestAfrican(rng: Random, sex: Sex, dobDays: number): Generated {
  const group = WA_GROUPS.pick(rng);
  const male = sex === "M";
  const christian = male ? WA_CHRISTIAN_MALE : WA_CHRISTIAN_FEMALE;
  let country = "NG";
  let last: string;
  let given: [string, string | null];
  switch (group) {
    case "YORUBA":
      last = formOf(rng, WA_YO_SUR.pick(rng), 0.15, false);
      given = westAfricanGiven(rng, christian, male ? WA_YO_MALE : WA_YO_FEMALE, 0.45, 0.4);
      break;
    case "IGBO":
      last = formOf(rng, WA_IG_SUR.pick(rng), 0.15, false);
      given = westAfricanGiven(rng, christian, male ? WA_IG_MALE : WA_IG_FEMALE, 0.5, 0.35);
      break;
    case "HAUSA":
      last =
        rng.next() < 0.4
          ? formOf(rng, WA_HA_MALE.pick(rng), 0.2, false)
          : formOf(rng, WA_HA_SUR.pick(rng), 0.2, false);
      given = westAfricanGiven(rng, christian, male ? WA_HA_MALE : WA_HA_FEMALE, 0.03, 0.3);
      if (given[0] === last) last = formOf(rng, WA_HA_SUR.pick(rng), 0.2, false);
      break;
    case "AKAN": {
      country = "GH";
      last = formOf(rng, WA_AK_SUR.pick(rng), 0, false);
      const day = formOf(rng, (male ? WA_AK_DAY_MALE : WA_AK_DAY_FEMALE)[weekday(dobDays)]!, 0.2, false);
      const r = rng.next();
      if (r < 0.5) given = [christian.pick(rng).forms[0]!, day];
      else if (r < 0.8)
        given = [day, !male && rng.next() < 0.4 ? WA_AK_FEMALE_EXTRA.pick(rng).forms[0]! : null];
      else given = [christian.pick(rng).forms[0]!, null];
      break;
    }
    case "FRANCOPHONE": {
      country = WA_FR_COUNTRIES.pick(rng);
      const marked = rng.next() < 0.2;
      last = formOf(rng, WA_FR_SUR.pick(rng), 0.08, marked);
      const native = male ? WA_FR_MALE : WA_FR_FEMALE;
      const fe = native.pick(rng);
      let middle: string | null = null;
      if (rng.next() < 0.2) {
        const me = pickOther(rng, native, fe);
        if (me !== fe) middle = formOf(rng, me, 0.1, marked);
      }
      given = [formOf(rng, fe, 0.1, marked), middle];
      break;
    }
    default:
      country = WA_LS_COUNTRIES.pick(rng);
      last = formOf(rng, WA_LS_SUR.pick(rng), 0.1, false);
      given = westAfricanGiven(rng, christian, male ? WA_LS_MALE : WA_LS_FEMALE, 0.4, 0.25);
  }
  return { name: { last, first: given[0], middle: given[1] }, country };
}

const WA_SURNAMES_BY_COUNTRY: Readonly<Record<string, readonly Pool[]>> = {
  NG: [WA_YO_SUR, WA_IG_SUR, WA_HA_SUR],
  GH: [WA_AK_SUR],
  SL: [WA_LS_SUR],
  LR: [WA_LS_SUR],
  GM: [WA_LS_SUR],
};

function varyWestAfrican(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  switch (kind) {
    case "TRANSLITERATION":
      return groupVariant(rng, n, WA_LEX, ALL_FIELDS);
    case "SPELLING_VARIANT": {
      if (rng.next() < 0.35) {
        const t = toggleMarks(n, WA_LEX);
        if (t !== null) return t;
      }
      return applyRule(rng, n, WA_RULES, ALL_FIELDS);
    }
    case "SWAPPED_ORDER":
      return swapGivenFamily(n);
    case "NICKNAME":
      return nicknameVariant(rng, n, WA_NICK, ANGLO_NICK);
    case "MARRIED_NAME": {
      if (id.sex !== "F") return null;
      const pools = WA_SURNAMES_BY_COUNTRY[id.countryOfBirth] ?? [WA_FR_SUR];
      const husband = pools[Math.floor(rng.next() * pools.length)]!.pick(rng).forms[0]!;
      return husband === stripDiacritics(n.last) ? null : { last: husband, first: n.first, middle: n.middle };
    }
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const WEST_AFRICAN_IMPL: CultureImpl = {
  culture: "WEST_AFRICAN",
  generate: genWestAfrican,
  vary: varyWestAfrican,
  ...kindTables({
    TRANSLITERATION: 15,
    SPELLING_VARIANT: 25,
    SWAPPED_ORDER: 20,
    NICKNAME: 12,
    MARRIED_NAME: 8,
    TYPO: 18,
  }),
};

// ANGLO ----------------------------------------------------------------------------------------

function genAnglo(rng: Random, sex: Sex): Generated {
  const country = A_COUNTRIES.pick(rng);
  const last = formOf(rng, A_SUR.pick(rng), 0.12, false);
  const fe = (sex === "M" ? A_MALE : A_FEMALE).pick(rng);
  const first = formOf(rng, fe, 0.15, false);
  let middle: string | null = null;
  if (rng.next() < 0.6) {
    middle = formOf(rng, (sex === "M" ? A_MID_MALE : A_MID_FEMALE).pick(rng), 0.15, false);
    if (middle === first) middle = null;
  }
  return { name: { last, first, middle }, country };
}

function varyAnglo(kind: AliasKind, rng: Random, id: SyntheticIdentity): PersonName | null {
  const n = id.name;
  switch (kind) {
    case "NICKNAME":
      return nicknameVariant(rng, n, ANGLO_NICK);
    case "MARRIED_NAME": {
      if (id.sex !== "F") return null;
      const husband = A_SUR.pick(rng).forms[0]!;
      if (husband === n.last) return null;
      return { last: rng.next() < 0.2 ? `${n.last}-${husband}` : husband, first: n.first, middle: n.middle };
    }
    case "SPELLING_VARIANT": {
      if (rng.next() < 0.4) {
        const g = groupVariant(rng, n, A_LEX, ALL_FIELDS);
        if (g !== null) return g;
      }
      return applyRule(rng, n, A_RULES, ALL_FIELDS);
    }
    case "SWAPPED_ORDER":
      return swapGivenFamily(n);
    case "TYPO":
      return typoName(rng, n);
    default:
      return null;
  }
}

const ANGLO_IMPL: CultureImpl = {
  culture: "ANGLO",
  generate: genAnglo,
  vary: varyAnglo,
  ...kindTables({ NICKNAME: 38, MARRIED_NAME: 22, SPELLING_VARIANT: 18, SWAPPED_ORDER: 4, TYPO: 25 }),
};

// ---------------------------------------------------------------------------------------------
// Dates of birth
// ---------------------------------------------------------------------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

const REF_YEAR = 2026;
/** Earliest and latest possible dates of birth for ages MAX_AGE..MIN_AGE on 2026-01-01. */
const DOB_FIRST_DAY = daysFromCivil(REF_YEAR - MAX_AGE - 1, 1, 2);
const DOB_LAST_DAY = daysFromCivil(REF_YEAR - MIN_AGE, 1, 1);
const DOB_STRINGS: string[] = [];
for (let d = DOB_FIRST_DAY; d <= DOB_LAST_DAY; d++) DOB_STRINGS.push(civilFromDays(d));

/** Relative frequency by age: young adults dominate, a thin tail of older people. */
function ageWeight(age: number): number {
  if (age < 18) return 1;
  if (age < 20) return 2.5;
  if (age < 25) return 4;
  if (age < 30) return 4.5;
  if (age < 35) return 4.2;
  if (age < 40) return 3.6;
  if (age < 45) return 2.8;
  if (age < 50) return 2;
  if (age < 55) return 1.4;
  if (age < 60) return 0.9;
  if (age < 65) return 0.6;
  if (age < 70) return 0.35;
  if (age < 75) return 0.2;
  return 0.1;
}
const AGE_TABLE = new Weighted<number>(
  Array.from({ length: MAX_AGE - MIN_AGE + 1 }, (_, i) => [MIN_AGE + i, ageWeight(MIN_AGE + i)] as const),
);

/** For each age: born after 1 January of (2025 - age) and on or before 1 January of (2026 - age). */
const AGE_FIRST_DAY: number[] = [];
const AGE_DAY_COUNT: number[] = [];
for (let age = 0; age <= MAX_AGE; age++) {
  const lo = daysFromCivil(REF_YEAR - age - 1, 1, 2);
  AGE_FIRST_DAY.push(lo);
  AGE_DAY_COUNT.push(daysFromCivil(REF_YEAR - age, 1, 1) - lo + 1);
}

function pickDobDays(rng: Random): number {
  const age = AGE_TABLE.pick(rng);
  return AGE_FIRST_DAY[age]! + Math.floor(rng.next() * AGE_DAY_COUNT[age]!);
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

const IMPLS: Readonly<Record<Culture, CultureImpl>> = {
  HISPANIC: HISPANIC_IMPL,
  ARABIC: ARABIC_IMPL,
  CHINESE: CHINESE_IMPL,
  VIETNAMESE: VIETNAMESE_IMPL,
  KOREAN: KOREAN_IMPL,
  SLAVIC: SLAVIC_IMPL,
  SOUTH_ASIAN: SOUTH_ASIAN_IMPL,
  WEST_AFRICAN: WEST_AFRICAN_IMPL,
  ANGLO: ANGLO_IMPL,
};

export const CULTURES: readonly Culture[] = Object.keys(CULTURE_WEIGHTS) as Culture[];

const CULTURE_TABLE = new Weighted<CultureImpl>(CULTURES.map((c) => [IMPLS[c], CULTURE_WEIGHTS[c]] as const));
const ALIAS_COUNT = new Weighted<number>([
  [0, 40],
  [1, 30],
  [2, 17],
  [3, 9],
  [4, 4],
]);

export function generateIdentity(rng: Random): SyntheticIdentity {
  const impl = CULTURE_TABLE.pick(rng);
  const sex: Sex = rng.next() < 0.68 ? "M" : "F";
  const dobDays = pickDobDays(rng);
  const { name, country } = impl.generate(rng, sex, dobDays);
  const identity: SyntheticIdentity = {
    name,
    sex,
    dob: DOB_STRINGS[dobDays - DOB_FIRST_DAY]!,
    countryOfBirth: country,
    culture: impl.culture,
    aliases: [],
  };
  const count = ALIAS_COUNT.pick(rng);
  const aliases = identity.aliases;
  for (let i = 0; i < count; i++) {
    for (let tries = 0; tries < 3; tries++) {
      const alias = varyName(rng, identity);
      let duplicate = false;
      for (const a of aliases) {
        if (sameName(a.name, alias.name) || (alias.kind === "MARRIED_NAME" && a.kind === "MARRIED_NAME")) {
          duplicate = true;
          break;
        }
      }
      if (!duplicate) {
        aliases.push(alias);
        break;
      }
    }
  }
  return identity;
}

/** A name as another officer/clerk might record the same person: one realistic variation (kind chosen to suit the culture), never identical to the input. */
export function varyName(rng: Random, identity: SyntheticIdentity): NameAlias {
  const impl = IMPLS[identity.culture];
  const original = identity.name;
  const table = identity.sex === "F" ? impl.kindsFemale : impl.kindsMale;
  for (let attempt = 0; attempt < 8; attempt++) {
    const kind = table.pick(rng);
    const v = impl.vary(kind, rng, identity);
    if (v !== null && !sameName(v, original)) return { name: v, kind };
  }
  const typo = typoName(rng, original);
  if (typo !== null && !sameName(typo, original)) return { name: typo, kind: "TYPO" };
  // Only reachable for names without a single A–Z letter (e.g. hand-built non-Latin names).
  const swapped = swapGivenFamily(original);
  if (!sameName(swapped, original)) return { name: swapped, kind: "SWAPPED_ORDER" };
  return {
    name: { last: original.last, first: original.first, middle: original.middle === null ? "X" : null },
    kind: "TYPO",
  };
}
