/**
 * Nickname coverage (issue #3): how much of the public carltonnorthern/nicknames list
 * (name1 has_nickname name2, 2,691 rows) the project's own nickname table recognises. For each
 * row: `areNicknames(NAME1, NAME2)`, and the decision of `scorePair` for two records that share
 * family name and date of birth and differ only in the first name. A control pairs each name1
 * with a name from the list that is not one of its nicknames, to show what the decisions mean
 * for unrelated first names. The list is only measured against; it is not imported into the engine.
 *
 *   npm run build && node dist/bench/matching/nicknames.bench.js
 */
import path from "node:path";
import {
  areNicknames,
  formalNames,
  jaroWinkler,
  type MatchSubject,
  NICKNAME_TABLES,
  type PairScore,
  scorePair,
} from "../../src/matching/index.js";
import { readCsv, sharedDataDir } from "./data.js";

const FAMILY = "TESTER";
const DOB = "1985-06-15";
const TOP = 30;

const rows = readCsv(path.join(sharedDataDir(), "nicknames", "names.csv")).map((row) => ({
  name1: row.name1!.toUpperCase(),
  name2: row.name2!.toUpperCase(),
}));

const subject = (first: string): MatchSubject => ({ names: [{ last: FAMILY, first }], dob: DOB });

/** The level the scorer gave the first names (NICKNAME, TYPO, PHONETIC…, or MISSING when none). */
function givenLevel(result: PairScore): string {
  const item = result.explanation.find((e) => e.field === "name" && e.query?.startsWith("given:"));
  return item?.level === "MISSING_IN_CANDIDATE" ? "DIFFERENT" : (item?.level ?? "NONE");
}

/** What kind of short form a pair is, from the spelling alone. */
function shape(name1: string, name2: string): string {
  if (name1.startsWith(name2) || name2.startsWith(name1))
    return "one is a prefix of the other (ALEX/ALEXANDER)";
  if (jaroWinkler(name1, name2) >= 0.88)
    return "close spelling (Jaro-Winkler ≥ 0.88: MIGUEL/MIGUAEL, LOIS/LOUISE)";
  if (name1.slice(0, 2) === name2.slice(0, 2))
    return "same first two letters, then a diminutive or contraction (ABBY/ABIGAIL)";
  if (name1.includes(name2.replace(/(IE|Y|EY|I)$/, "").slice(1)) && name2.length >= 3)
    return "inner syllable, often with a new initial (BETSY/ELIZABETH, TONY/ANTHONY)";
  return "other form (BILL/WILLIAM, PEGGY/MARGARET)";
}

function tableStatus(name1: string, name2: string): string {
  const known1 = formalNames(name1) !== undefined;
  const known2 = formalNames(name2) !== undefined;
  if (!known1 && !known2) return "neither name in the table";
  if (!known1) return "name1 not in the table";
  if (!known2) return "name2 not in the table";
  return "both in the table, different groups";
}

const started = performance.now();
const results = rows.map(({ name1, name2 }) => {
  const result = scorePair(subject(name1), subject(name2));
  return { name1, name2, nickname: areNicknames(name1, name2), result, level: givenLevel(result) };
});

// Control: each name1 against a name of the list that is not one of its nicknames (seeded).
const nicknamesOf = new Map<string, Set<string>>();
for (const { name1, name2 } of rows) {
  nicknamesOf.set(name1, (nicknamesOf.get(name1) ?? new Set()).add(name2));
  nicknamesOf.set(name2, (nicknamesOf.get(name2) ?? new Set()).add(name1));
}
const allNames = [...nicknamesOf.keys()].sort();
const random = mulberry32(20240603);
const control = rows.map(({ name1 }) => {
  let other = name1;
  while (other === name1 || nicknamesOf.get(name1)!.has(other))
    other = allNames[Math.floor(random() * allNames.length)]!;
  const result = scorePair(subject(name1), subject(other));
  return { nickname: areNicknames(name1, other), result, level: givenLevel(result) };
});
const elapsed = performance.now() - started;

const missed = results.filter((r) => !r.nickname);
const byName1 = new Map<string, { missed: string[]; total: number }>();
for (const r of results) {
  const entry = byName1.get(r.name1) ?? { missed: [], total: 0 };
  entry.total++;
  if (!r.nickname) entry.missed.push(r.name2);
  byName1.set(r.name1, entry);
}
const projectNames = new Set(
  Object.values(NICKNAME_TABLES)
    .flatMap((table) => table.split(/[,:/]/))
    .map((n) => n.trim().toUpperCase())
    .filter((n) => n !== ""),
);

console.log(
  JSON.stringify(
    {
      benchmark: "nickname coverage against carltonnorthern/nicknames (issue #3)",
      rows: rows.length,
      distinctName1: new Set(rows.map((r) => r.name1)).size,
      distinctNames: allNames.length,
      projectTableNames: projectNames.size,
      listNamesKnownToProjectTable: allNames.filter((n) => formalNames(n) !== undefined).length,
      pair: `{last: ${FAMILY}, first: NAME1, dob: ${DOB}} vs {last: ${FAMILY}, first: NAME2, dob: ${DOB}}, no term frequencies`,
      nicknamePairs: summarise(results),
      control: {
        note: "name1 against a random list name that is not its nickname: what an unrelated first name scores",
        ...summarise(control),
      },
      missedPairs: {
        count: missed.length,
        byTableStatus: tallyBy(missed, (r) => tableStatus(r.name1, r.name2)),
        bothInTableDifferentGroups: missed
          .filter((r) => tableStatus(r.name1, r.name2).startsWith("both"))
          .slice(0, 20)
          .map((r) => `${r.name1}/${r.name2}`),
        byShape: tallyBy(missed, (r) => shape(r.name1, r.name2)),
        scorerLevel: tallyBy(missed, (r) => r.level),
        stillMatchedBySpelling: missed.filter((r) => r.result.decision === "match").length,
        nonLetterNames: rows
          .filter((r) => /[^A-Z]/.test(r.name1 + r.name2))
          .map((r) => `${r.name1}/${r.name2}`),
      },
      mostMissedName1: [...byName1.entries()]
        .filter(([, e]) => e.missed.length > 0)
        .sort((a, b) => b[1].missed.length - a[1].missed.length || a[0].localeCompare(b[0]))
        .slice(0, TOP)
        .map(([name1, e]) => `${name1} ${e.missed.length}/${e.total}: ${e.missed.join(" ")}`),
      ms: Math.round(elapsed),
      command: "node dist/bench/matching/nicknames.bench.js",
    },
    null,
    2,
  ),
);

function summarise(pairs: { nickname: boolean; result: PairScore; level: string }[]) {
  const share = (n: number) => round(n / pairs.length);
  return {
    areNicknames: share(pairs.filter((p) => p.nickname).length),
    decisionMatch: share(pairs.filter((p) => p.result.decision === "match").length),
    decisionPossible: share(pairs.filter((p) => p.result.decision === "possible").length),
    decisionMatchOrPossible: share(pairs.filter((p) => p.result.decision !== "none").length),
    medianScore: median(pairs.map((p) => p.result.score)),
    givenNameLevel: tallyBy(pairs, (p) => p.level),
  };
}

function tallyBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Small seeded generator, so the control pairs are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(x: number, places = 4): number {
  return Math.round(x * 10 ** places) / 10 ** places;
}
