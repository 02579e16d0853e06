/**
 * Shared by the hard-negative and calibration benchmarks (issue #3): a synthetic population in a
 * `MemoryIndex`, hard-negative queries (different people built to collide with a record),
 * positive queries (the same person as a record, as another officer would key them), one-line
 * explanations, and the plumbing that splits a run across worker threads.
 *
 * Every query draws from its own `Random` (forked from the run's seed and the query's label),
 * so a run gives the same queries and the same figures whatever the number of workers.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { Worker } from "node:worker_threads";
import {
  areNicknames,
  jaroWinkler,
  type MatchSubject,
  MemoryIndex,
  type NameInput,
  normaliseName,
  normaliseTokens,
  type PairScore,
  soundAlike,
} from "../../src/matching/index.js";
import { packageRoot } from "../../src/platform/paths.js";
import {
  type Culture,
  generateIdentity,
  type Sex,
  type SyntheticIdentity,
  stripDiacritics,
  varyName,
} from "../../src/synthetic/identities.js";
import { Random } from "../../src/synthetic/random.js";

export interface PopulationRecord extends MatchSubject {
  id: number;
  identity: SyntheticIdentity;
}

/** A-numbers of the population: unique, nine digits, never one digit apart from each other. */
const A_NUMBER_BASE = 200_000_000;
const A_NUMBER_STEP = 617;

export function populationANumber(id: number): string {
  return `A${A_NUMBER_BASE + id * A_NUMBER_STEP}`;
}

/** The record as the file holds it: primary name first, then the aliases. */
export function toSubject(identity: SyntheticIdentity, id: number, withANumber: boolean): PopulationRecord {
  return {
    id,
    identity,
    names: [identity.name, ...identity.aliases.map((a) => a.name)],
    dob: identity.dob,
    sex: identity.sex,
    pob: identity.countryOfBirth,
    aNumber: withANumber ? populationANumber(id) : null,
  };
}

/**
 * The first N identities of one seeded stream, indexed. `grow` adds more of the same stream, so
 * a population of 10,000 is the start of the population of 1,000,000 (a curve over N compares
 * like with like).
 */
export class Population {
  readonly index = new MemoryIndex<PopulationRecord>();
  readonly records: PopulationRecord[] = [];
  /** Name parts of primary names: real names (aliases add typos and variant spellings). */
  readonly primaryTokens = new Set<string>();
  private readonly rng: Random;
  private readonly lastCounts = new Map<Culture, Map<string, number>>();
  private readonly firstCounts = new Map<string, Map<string, number>>();
  private common: Map<string, { lasts: string[]; firsts: string[] }> | undefined;

  constructor(
    seed: string,
    readonly withANumbers: boolean,
  ) {
    this.rng = new Random(seed).fork("population");
  }

  get size(): number {
    return this.records.length;
  }

  grow(size: number, progress?: (done: number) => void): void {
    this.common = undefined;
    while (this.records.length < size) {
      const identity = generateIdentity(this.rng);
      const record = toSubject(identity, this.records.length, this.withANumbers);
      this.records.push(record);
      this.index.add(record);
      const primary = normaliseName(identity.name);
      for (const token of [...primary.family, ...primary.given]) this.primaryTokens.add(token);
      count(this.lastCounts, identity.culture, identity.name.last);
      count(this.firstCounts, `${identity.culture}|${identity.sex}`, identity.name.first);
      if (progress && this.records.length % 100_000 === 0) progress(this.records.length);
    }
  }

  pick(rng: Random): PopulationRecord {
    return this.records[rng.int(0, this.records.length - 1)]!;
  }

  /** The ten most common family-name fields of a culture and first-name fields of a culture and sex. */
  commonNames(culture: Culture, sex: Sex): { lasts: string[]; firsts: string[] } {
    this.common ??= new Map();
    const key = `${culture}|${sex}`;
    let found = this.common.get(key);
    if (!found) {
      found = { lasts: top(this.lastCounts.get(culture), 10), firsts: top(this.firstCounts.get(key), 10) };
      this.common.set(key, found);
    }
    return found;
  }
}

function count<K>(map: Map<K, Map<string, number>>, key: K, value: string): void {
  let counts = map.get(key);
  if (!counts) {
    counts = new Map();
    map.set(key, counts);
  }
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

function top(counts: Map<string, number> | undefined, n: number): string[] {
  return [...(counts ?? new Map<string, number>()).entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([value]) => value);
}

// ---------------------------------------------------------------------------------------------
// Hard negatives
// ---------------------------------------------------------------------------------------------

export const HARD_NEGATIVE_CATEGORIES = [
  "a_same_name_other_dob",
  "b_twins_other_first_name",
  "c_same_name_near_dob",
  "d_one_edit_name_other_dob",
  "e_common_name_random_dob",
] as const;
/** Reported on its own, outside the overall rate of a–e. */
export const EXTRA_CATEGORIES = ["f_twins_shared_first_name"] as const;
export type HardNegativeCategory =
  | (typeof HARD_NEGATIVE_CATEGORIES)[number]
  | (typeof EXTRA_CATEGORIES)[number];

export const CATEGORY_DESCRIPTIONS: Record<HardNegativeCategory, string> = {
  a_same_name_other_dob:
    "the record's full primary name exactly, a different DOB (drawn from the population's age mix), same sex, POB of a fresh person of the same culture",
  b_twins_other_first_name:
    "twin: the record's family name, DOB and POB, another first name (not a spelling, sound-alike or nickname of the record's for a twin of the same sex), middle name and sex drawn for the same culture",
  c_same_name_near_dob:
    "the record's full primary name, DOB one year off (same day), day/month swapped, or within a year; with A-numbers in the population, half carry a different A-number",
  d_one_edit_name_other_dob:
    "the record's name with one part one edit away (a real name, i.e. a part of some primary name in the population, when there is one, e.g. HERNANDEZ/FERNANDEZ, else a keyboard slip), a different DOB",
  e_common_name_random_dob:
    "one of the 10 commonest family names and first names of the record's culture (and sex), a random DOB, no middle name",
  f_twins_shared_first_name:
    "twin sharing the first given name: the record's family name, DOB, POB and first given name, a different second given name (JUAN CARLOS / JUAN PABLO)",
};

export interface HardNegative {
  query: MatchSubject;
  category: HardNegativeCategory;
  variant: string;
  /** The record it was built to collide with. */
  targetId: number;
}

/** A fresh person of the given culture (and sex): the other person behind a hard negative. */
export function freshPerson(rng: Random, culture: Culture, sex?: Sex): SyntheticIdentity {
  let person = generateIdentity(rng);
  for (let tries = 0; tries < 5000; tries++) {
    if (person.culture === culture && (sex === undefined || person.sex === sex)) return person;
    person = generateIdentity(rng);
  }
  return person;
}

function firstToken(text: string | null | undefined): string | undefined {
  return normaliseTokens(text)[0];
}

function givenTokens(name: NameInput): string[] {
  return [...normaliseTokens(name.first), ...normaliseTokens(name.middle)];
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function splitDate(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

function isoOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A random nine-digit A-number that is no population record's and not one digit off the target's. */
function otherANumber(rng: Random, target: string | null | undefined): string {
  for (;;) {
    const n = rng.int(100_000_000, 999_999_999);
    const offset = n - A_NUMBER_BASE;
    if (offset >= 0 && offset % A_NUMBER_STEP === 0) continue;
    const candidate = String(n);
    const t = (target ?? "").replace(/^A/, "");
    let diff = 0;
    for (let i = 0; i < candidate.length; i++) if (candidate[i] !== t[i]) diff++;
    if (diff >= 3) return `A${candidate}`;
  }
}

const KEYBOARD = "QWERTYUIOPASDFGHJKLZXCVBNM";

/** One keyboard slip in a token: substitution, deletion, insertion or adjacent transposition. */
function keyboardSlip(rng: Random, token: string): string {
  const i = rng.int(0, token.length - 1);
  switch (rng.int(0, 3)) {
    case 0:
      return token.slice(0, i) + rng.pick(KEYBOARD.replace(token[i]!, "").split("")) + token.slice(i + 1);
    case 1:
      return token.slice(0, i) + token.slice(i + 1);
    case 2:
      return token.slice(0, i) + rng.pick(KEYBOARD.split("")) + token.slice(i);
    default: {
      const j = Math.min(i, token.length - 2);
      return token.slice(0, j) + token[j + 1]! + token[j]! + token.slice(j + 2);
    }
  }
}

export function hardNegative(
  population: Population,
  category: HardNegativeCategory,
  rng: Random,
): HardNegative {
  switch (category) {
    case "a_same_name_other_dob": {
      const target = population.pick(rng);
      const t = target.identity;
      const other = freshPerson(rng, t.culture, t.sex);
      let dob = other.dob;
      while (dob === t.dob) dob = freshPerson(rng, t.culture, t.sex).dob;
      return {
        query: { names: [{ ...t.name }], dob, sex: t.sex, pob: other.countryOfBirth },
        category,
        variant: "same_full_name",
        targetId: target.id,
      };
    }
    case "b_twins_other_first_name": {
      const target = population.pick(rng);
      const t = target.identity;
      const first = firstToken(t.name.first) ?? "";
      // Another first name, not another spelling of the same one (FATIMA / FATEMA); a gendered
      // pair for twins of opposite sex (FERNANDO / FERNANDA) is another name.
      const sameFirstName = (person: SyntheticIdentity) => {
        const g = firstToken(person.name.first) ?? "";
        return g === first || areNicknames(g, first) || (person.sex === t.sex && soundAlike(g, first));
      };
      let other = freshPerson(rng, t.culture);
      for (let tries = 0; tries < 50 && sameFirstName(other); tries++) other = freshPerson(rng, t.culture);
      const own = new Set(target.names.flatMap((n) => givenTokens(n)));
      const shares = givenTokens(other.name).some((g) => own.has(g));
      const otherFirst = firstToken(other.name.first) ?? "";
      const similar = soundAlike(otherFirst, first) || jaroWinkler(otherFirst, first) >= 0.85;
      return {
        query: {
          names: [{ last: t.name.last, first: other.name.first, middle: other.name.middle }],
          dob: t.dob,
          sex: other.sex,
          pob: t.countryOfBirth,
        },
        category,
        variant: `${other.sex === t.sex ? "same_sex" : "opposite_sex"}${similar ? "+similar_first_name" : ""}${shares ? "+shares_a_given_name" : ""}`,
        targetId: target.id,
      };
    }
    case "c_same_name_near_dob": {
      const kind = rng.pick(["year_off_by_one", "day_month_swapped", "within_a_year"] as const);
      let target = population.pick(rng);
      if (kind === "day_month_swapped") {
        for (let tries = 0; tries < 1000; tries++) {
          const [, month, day] = splitDate(target.identity.dob);
          if (day <= 12 && day !== month) break;
          target = population.pick(rng);
        }
      }
      const t = target.identity;
      const [year, month, day] = splitDate(t.dob);
      let dob: string;
      if (kind === "day_month_swapped") dob = isoOf(year, day, month);
      else if (kind === "year_off_by_one") {
        const y = year + (rng.chance(0.5) ? 1 : -1);
        dob = month === 2 && day === 29 ? isoOf(y, 2, 28) : isoOf(y, month, day);
      } else dob = addDays(t.dob, (rng.chance(0.5) ? 1 : -1) * rng.int(1, 365));
      const other = freshPerson(rng, t.culture, t.sex);
      const withId = population.withANumbers && rng.chance(0.5);
      return {
        query: {
          names: [{ ...t.name }],
          dob,
          sex: t.sex,
          pob: other.countryOfBirth,
          aNumber: withId ? otherANumber(rng, target.aNumber) : null,
        },
        category,
        variant: `${kind}${population.withANumbers ? (withId ? "+other_a_number" : "+no_id") : ""}`,
        targetId: target.id,
      };
    }
    case "d_one_edit_name_other_dob": {
      const target = population.pick(rng);
      const t = target.identity;
      const other = freshPerson(rng, t.culture, t.sex);
      let dob = other.dob;
      while (dob === t.dob) dob = freshPerson(rng, t.culture, t.sex).dob;
      const own = new Set(target.names.flatMap((n) => [...normaliseTokens(n.last), ...givenTokens(n)]));
      const fields: ("last" | "first")[] = rng.chance(0.5) ? ["last", "first"] : ["first", "last"];
      for (const field of fields) {
        const tokens = stripDiacritics(t.name[field]).toUpperCase().split(" ");
        const positions = tokens
          .map((tok, i) => [tok, i] as const)
          .filter(([tok]) => /^[A-Z]{4,}$/.test(tok));
        if (positions.length === 0) continue;
        const [token, at] = rng.pick(positions);
        const real = population.index.frequencies
          .nearSpellings(token, 10)
          .filter((n) => population.primaryTokens.has(n) && !own.has(n) && !areNicknames(n, token));
        const replacement = real.length > 0 ? rng.pick(real) : keyboardSlip(rng, token);
        if (own.has(replacement)) continue;
        const edited = [...tokens];
        edited[at] = replacement;
        return {
          query: {
            names: [{ ...t.name, [field]: edited.join(" ") }],
            dob,
            sex: t.sex,
            pob: other.countryOfBirth,
          },
          category,
          variant: `${field === "last" ? "family" : "first"}_${real.length > 0 ? "real_name" : "keyboard_slip"}`,
          targetId: target.id,
        };
      }
      return hardNegative(population, category, rng);
    }
    case "e_common_name_random_dob": {
      const target = population.pick(rng);
      const t = target.identity;
      const { lasts, firsts } = population.commonNames(t.culture, t.sex);
      const other = freshPerson(rng, t.culture, t.sex);
      return {
        query: {
          names: [{ last: rng.pick(lasts), first: rng.pick(firsts), middle: null }],
          dob: other.dob,
          sex: t.sex,
          pob: other.countryOfBirth,
        },
        category,
        variant: t.culture.toLowerCase(),
        targetId: target.id,
      };
    }
    case "f_twins_shared_first_name": {
      let target = population.pick(rng);
      for (let tries = 0; tries < 1000 && givenTokens(target.identity.name).length < 2; tries++)
        target = population.pick(rng);
      const t = target.identity;
      const own = new Set(target.names.flatMap((n) => givenTokens(n)));
      const first = givenTokens(t.name)[0] ?? t.name.first;
      // Clearly another name: not a spelling, sound-alike or nickname of any given name on file.
      const distinct = (g: string) =>
        g.length >= 2 &&
        [...own].every(
          (o) => o !== g && !areNicknames(g, o) && !soundAlike(g, o) && jaroWinkler(g, o) < 0.85,
        );
      let second: string | undefined;
      for (let tries = 0; tries < 50 && second === undefined; tries++) {
        const other = freshPerson(rng, t.culture, t.sex);
        second = givenTokens(other.name).find(distinct);
      }
      return {
        query: {
          names: [{ last: t.name.last, first, middle: second ?? null }],
          dob: t.dob,
          sex: t.sex,
          pob: t.countryOfBirth,
        },
        category,
        variant: t.culture.toLowerCase(),
        targetId: target.id,
      };
    }
  }
}

/**
 * The query shares a name (same name parts, any order) and the exact date of birth with the
 * record: no engine comparing name, DOB, sex and POB could tell these two people apart.
 */
export function indistinguishable(query: MatchSubject, record: MatchSubject): boolean {
  if (!query.dob || query.dob !== record.dob) return false;
  const key = (n: MatchSubject["names"][number]) => {
    const m = normaliseName(n);
    return [...m.family, ...m.given].sort().join(" ");
  };
  const queryKeys = new Set(query.names.map(key));
  return record.names.some((n) => queryKeys.has(key(n)));
}

// ---------------------------------------------------------------------------------------------
// Positive queries: the same person, as another officer would key them
// ---------------------------------------------------------------------------------------------

export type DobTreatment = "kept" | "day_month_swapped" | "year_off_by_one" | "missing";

export interface VariedQuery {
  query: MatchSubject;
  nameKind: string;
  dobTreatment: DobTreatment;
}

/**
 * Name: `varyName` with probability 0.7 (typo, transliteration, nickname, swapped order, dropped
 * second surname, married name…), else the primary name. DOB: kept (0.8), day and month swapped
 * (0.1; kept when the day is above 12 or equals the month), one year off (0.05), missing (0.05).
 * Sex and POB as on the record.
 */
export function variedQuery(identity: SyntheticIdentity, rng: Random): VariedQuery {
  let name = identity.name;
  let nameKind = "PRIMARY";
  if (rng.chance(0.7)) {
    const varied = varyName(rng, identity);
    name = varied.name;
    nameKind = varied.kind;
  }
  const r = rng.next();
  const [year, month, day] = splitDate(identity.dob);
  let dob: string | null = identity.dob;
  let dobTreatment: DobTreatment = "kept";
  if (r < 0.8) dobTreatment = "kept";
  else if (r < 0.9) {
    if (day <= 12 && day !== month) {
      dob = isoOf(year, day, month);
      dobTreatment = "day_month_swapped";
    }
  } else if (r < 0.95) {
    const y = year + (rng.chance(0.5) ? 1 : -1);
    dob = month === 2 && day === 29 ? isoOf(y, 2, 28) : isoOf(y, month, day);
    dobTreatment = "year_off_by_one";
  } else {
    dob = null;
    dobTreatment = "missing";
  }
  return {
    query: { names: [{ ...name }], dob, sex: identity.sex, pob: identity.countryOfBirth },
    nameKind,
    dobTreatment,
  };
}

// ---------------------------------------------------------------------------------------------
// Display
// ---------------------------------------------------------------------------------------------

function describe(subject: MatchSubject): string {
  const name = subject.names[0]!;
  const given = [name.first, name.middle].filter((p) => p && p.trim() !== "").join(" ");
  const id = subject.aNumber ? ` ${subject.aNumber}` : "";
  return `"${name.last ?? ""}, ${given}" ${subject.dob ?? "----------"} ${subject.sex ?? "-"} ${subject.pob ?? "--"}${id}`;
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : ""}${Math.round(x * 100) / 100}`;
}

/** One line: the pair, the decision and every field comparison with its weight in bits. */
export function explainPair(
  query: MatchSubject,
  record: MatchSubject & { id: number },
  result: PairScore,
): string {
  const items = result.explanation
    .filter((e) => e.level !== "MISSING" || e.field === "name")
    .map((e) =>
      e.field === "name"
        ? `${e.query ?? "-"}~${e.candidate ?? "-"} ${e.level} ${signed(e.weight)}`
        : `${e.field} ${e.level} ${signed(e.weight)}`,
    );
  return `${describe(query)} vs #${record.id} [${result.matchedName}] ${record.dob ?? ""} ${record.sex ?? ""} ${record.pob ?? ""}: ${result.decision} ${result.score} (${result.weight} bits) = ${items.join("; ")}`;
}

// ---------------------------------------------------------------------------------------------
// Statistics and plumbing
// ---------------------------------------------------------------------------------------------

/** Wilson score interval, 95 %. */
export function wilson(successes: number, trials: number): [number, number] {
  if (trials === 0) return [0, 1];
  const z = 1.959964;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function round(x: number, places = 4): number {
  return Math.round(x * 10 ** places) / 10 ** places;
}

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const prefixed = process.argv.find((a) => a.startsWith(`${name}=`));
  return prefixed?.slice(name.length + 1);
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(2, os.availableParallelism()));
}

/**
 * Runs `file` (the benchmark's own compiled script) once per shard in a worker thread; each
 * worker posts one result. Progress lines go to stderr from the workers themselves.
 */
export function runShards<I, O>(file: string, inputs: I[]): Promise<O[]> {
  return Promise.all(
    inputs.map(
      (input) =>
        new Promise<O>((resolve, reject) => {
          const worker = new Worker(file, {
            workerData: input,
            resourceLimits: { maxOldGenerationSizeMb: 8192 },
          });
          let result: O | undefined;
          worker.on("message", (message: O) => {
            result = message;
          });
          worker.on("error", reject);
          worker.on("exit", (code) => {
            if (code === 0 && result !== undefined) resolve(result);
            else reject(new Error(`worker exited with code ${code} without a result`));
          });
        }),
    ),
  );
}

export function progress(text: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

/** The commit the figures were taken on, and whether src/ differed from it (others edit the tree). */
export function engineVersion(): { commit: string; srcChanged: string[] } {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: packageRoot(), encoding: "utf8" }).trim();
    return {
      commit: git("rev-parse", "--short", "HEAD"),
      srcChanged: git("status", "--porcelain", "--", "src")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => line.slice(3)),
    };
  } catch {
    return { commit: "unknown", srcChanged: [] };
  }
}
