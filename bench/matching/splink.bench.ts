/**
 * splink fake_1000 (issue #3): pairwise precision and recall on the 3,176 clerical labels
 * (2,031 matches, 1,145 hard non-matches), against a plain Jaro-Winkler baseline on the full
 * name string. Each labelled pair is scored with `scorePair` (left record = query, right =
 * candidate) and term frequencies counted over all 1,000 records. The same metrics are then
 * taken against `cluster` truth: on the labelled pairs, and on all 499,500 pairs of the file.
 *
 * Fields: first_name/surname → names[0], dob → dob. city and email have no MatchSubject field
 * and are ignored; the file carries no sex, place of birth or identifier.
 *
 *   npm run build && node dist/bench/matching/splink.bench.js
 */
import path from "node:path";
import {
  jaroWinkler,
  MATCH_THRESHOLD,
  type MatchSubject,
  normaliseTokens,
  type PairScore,
  REPORTING_FLOOR,
  scorePair,
  TokenCounts,
} from "../../src/matching/index.js";
import { readCsv, sharedDataDir } from "./data.js";

const dir = path.join(sharedDataDir(), "splink");
const SCORE_THRESHOLDS = [0.3, 0.5, 0.7, 0.9];
const BASELINE_THRESHOLDS = [0.8, 0.85, 0.9, 0.95];
const EXAMPLES_PER_PATTERN = 3;
const PATTERNS_SHOWN = 6;

interface Person {
  id: string;
  cluster: string;
  subject: MatchSubject;
  /** The same person without a date of birth: name evidence only. */
  nameOnly: MatchSubject;
  /** "first surname", lower case, for the Jaro-Winkler baseline. */
  fullName: string;
  display: string;
  /**
   * A lower-case letter followed by a capital ("pMurphy", "DaviDs") splits into two tokens in
   * normalisation (the rule meant for transliterated CamelCase); the data scrambles case as noise.
   */
  caseSplit: boolean;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const started = performance.now();
const people = new Map<string, Person>();
for (const row of readCsv(path.join(dir, "fake_1000.csv"))) {
  const first = row.first_name ?? "";
  const last = row.surname ?? "";
  const dob = /^\d{4}-\d{2}-\d{2}$/.test(row.dob ?? "") ? row.dob! : null;
  // One name per record even when both parts are blank (36 records), so the population is
  // 1,000 names: TokenCounts gives no term-frequency evidence below 1,000.
  const names = [{ last, first }];
  people.set(row.unique_id!, {
    id: row.unique_id!,
    cluster: row.cluster!,
    subject: { names, dob },
    nameOnly: { names },
    fullName: [first, last]
      .filter((p) => p !== "")
      .join(" ")
      .toLowerCase(),
    display: `${first || "∅"} ${last || "∅"} ${dob ?? "∅"}`,
    caseSplit: [first, last].some(
      (part) => normaliseTokens(part).length !== normaliseTokens(part.toLowerCase()).length,
    ),
  });
}
const frequencies = new TokenCounts();
for (const person of people.values()) frequencies.addSubject(person.subject);

const labels = readCsv(path.join(dir, "fake_1000_labels.csv")).map((row) => {
  const left = people.get(row.unique_id_l!);
  const right = people.get(row.unique_id_r!);
  if (!left || !right) throw new Error(`label refers to an unknown record: ${JSON.stringify(row)}`);
  return { left, right, clerical: Number(row.clerical_match_score) >= 0.5 };
});

/** Plain Jaro-Winkler on the full name; a record without any name is no evidence (0). */
function baseline(a: Person, b: Person): number {
  return a.fullName === "" || b.fullName === "" ? 0 : jaroWinkler(a.fullName, b.fullName);
}

const scoringStarted = performance.now();
const labelled = labels.map(({ left, right, clerical }) => {
  const result = scorePair(left.subject, right.subject, frequencies);
  const swapped = scorePair(right.subject, left.subject, frequencies);
  return {
    left,
    right,
    clerical,
    cluster: left.cluster === right.cluster,
    result,
    swappedDecision: swapped.decision,
    nameOnly: scorePair(left.nameOnly, right.nameOnly, frequencies).score,
    jw: baseline(left, right),
  };
});
const scoringMs = performance.now() - scoringStarted;

type Labelled = (typeof labelled)[number];
interface Scored {
  left: Person;
  right: Person;
  result: PairScore;
  jw: number;
}
const reportable = (r: PairScore) => r.decision !== "none";

function evaluate(truth: (p: Labelled) => boolean) {
  const count = (predict: (p: Labelled) => boolean) => {
    const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const pair of labelled) tally(c, truth(pair), predict(pair));
    return metrics(c);
  };
  const baselines = BASELINE_THRESHOLDS.map((t) => ({ threshold: t, ...count((p) => p.jw >= t) }));
  const bestBaseline = baselines.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  const engine = count((p) => reportable(p.result));
  return {
    engine: {
      reportable: engine,
      match: count((p) => p.result.decision === "match"),
      byScore: SCORE_THRESHOLDS.map((t) => ({ threshold: t, ...count((p) => p.result.score >= t) })),
    },
    engineWithoutDob: {
      note: "same pairs, dob withheld: name evidence only (no `match` decision is possible without a date)",
      byScore: SCORE_THRESHOLDS.map((t) => ({ threshold: t, ...count((p) => p.nameOnly >= t) })),
    },
    jaroWinklerBaseline: baselines,
    fittedOnTheseLabels: {
      note: "diagnostic only: the threshold maximising F1 on these same pairs (ranking quality, not calibration)",
      engineScore: bestThreshold(labelled.map((p) => ({ value: p.result.score, truth: truth(p) }))),
      jaroWinkler: bestThreshold(labelled.map((p) => ({ value: p.jw, truth: truth(p) }))),
    },
    f1: {
      engineReportable: engine.f1,
      bestBaseline: bestBaseline.f1,
      bestBaselineThreshold: bestBaseline.threshold,
      difference: round(engine.f1 - bestBaseline.f1),
    },
  };
}

// Every pair of the file against cluster truth: the realistic mix of easy and hard negatives.
const allPairsStarted = performance.now();
const all = [...people.values()];
const engineAll = { reportable: zero(), match: zero(), byScore: SCORE_THRESHOLDS.map(zero) };
const baselineAll = BASELINE_THRESHOLDS.map(zero);
let namelessReportable = 0;
const allPairFalsePositives: Scored[] = [];
for (let i = 0; i < all.length; i++) {
  const a = all[i]!;
  for (let j = i + 1; j < all.length; j++) {
    const b = all[j]!;
    const truth = a.cluster === b.cluster;
    const result = scorePair(a.subject, b.subject, frequencies);
    tally(engineAll.reportable, truth, reportable(result));
    tally(engineAll.match, truth, result.decision === "match");
    SCORE_THRESHOLDS.forEach((t, k) => {
      tally(engineAll.byScore[k]!, truth, result.score >= t);
    });
    const jw = baseline(a, b);
    BASELINE_THRESHOLDS.forEach((t, k) => {
      tally(baselineAll[k]!, truth, jw >= t);
    });
    if (!truth && reportable(result)) {
      allPairFalsePositives.push({ left: a, right: b, result, jw });
      if (a.fullName === "" || b.fullName === "") namelessReportable++;
    }
  }
}
const allPairsMs = performance.now() - allPairsStarted;
const allBaselines = BASELINE_THRESHOLDS.map((t, k) => ({ threshold: t, ...metrics(baselineAll[k]!) }));
const allBestBaseline = allBaselines.reduce((a, b) => (b.f1 > a.f1 ? b : a));
const allEngine = metrics(engineAll.reportable);

/** Errors grouped by the kind of evidence the pair had, largest group first. */
function errorPatterns(errors: Scored[], key: (pair: Scored) => string) {
  const groups = new Map<string, Scored[]>();
  for (const pair of errors) {
    const k = key(pair);
    groups.set(k, [...(groups.get(k) ?? []), pair]);
  }
  const patterns = [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, PATTERNS_SHOWN)
    .map(([pattern, pairs]) => ({
      pattern,
      count: pairs.length,
      examples: pairs.slice(0, EXAMPLES_PER_PATTERN).map(describe),
    }));
  return { count: [...groups.values()].reduce((n, g) => n + g.length, 0), patterns };
}

/** The agreement levels of a pair, without the name text: what kind of evidence it had. */
function signature(pair: Scored): string {
  const parts = pair.result.explanation
    .filter((e) => e.level !== "MISSING" || e.field === "dob")
    .map((e) => {
      if (e.field !== "name") return `${e.field} ${e.level}`;
      const role = e.query ? e.query.split(":")[0] : "candidate";
      return `${role} ${e.level}`;
    });
  return parts.join(", ");
}

function describe(pair: Scored): string {
  const r = pair.result;
  const items = r.explanation
    .filter((e) => e.level !== "MISSING" || e.field === "dob")
    .map((e) => {
      if (e.field === "name") {
        const q = e.query ? e.query.replace(/^(family|given):/, "") : "∅";
        return `${q}~${e.candidate ?? "∅"} ${e.level} ${signed(e.weight)}`;
      }
      return `dob ${e.level} ${signed(e.weight)}`;
    });
  return (
    `#${pair.left.id} ${pair.left.display} | #${pair.right.id} ${pair.right.display} (clusters ` +
    `${pair.left.cluster}/${pair.right.cluster}) → ${items.join("; ")} ⇒ ${r.weight} bits, ` +
    `score ${r.score}, ${r.decision}; JW ${round(pair.jw, 3)}`
  );
}

const falseNegatives = labelled.filter((p) => p.clerical && !reportable(p.result));

function dobLevel(result: PairScore): string {
  return result.explanation.find((e) => e.field === "dob")?.level ?? "MISSING";
}

/** Coarse reason a true pair fell below the floor: the date level and how the names fared. */
function cause(pair: Scored): string {
  const names = pair.result.explanation.filter((e) => e.field === "name");
  const nameOutcome =
    pair.left.fullName === "" || pair.right.fullName === ""
      ? "a record has no name"
      : names.some((e) => e.weight < 0)
        ? "a name part missing or different"
        : "every name part agrees (possibly as typo/nickname)";
  return `dob ${dobLevel(pair.result)}; ${nameOutcome}`;
}

function tallyBy<T>(items: T[], key: (item: T) => string, top = Infinity): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, top));
}

const clerical = evaluate((p) => p.clerical);
const clusterLabelled = evaluate((p) => p.cluster);
console.log(
  JSON.stringify(
    {
      benchmark: "splink fake_1000 pairwise precision/recall (issue #3)",
      data: {
        records: people.size,
        clusters: new Set(all.map((p) => p.cluster)).size,
        labelledPairs: labelled.length,
        clericalMatches: labelled.filter((p) => p.clerical).length,
        clericalNonMatches: labelled.filter((p) => !p.clerical).length,
        labelsDisagreeingWithCluster: labelled.filter((p) => p.clerical !== p.cluster).length,
        allPairs: (all.length * (all.length - 1)) / 2,
        clusterTruePairs: engineAll.reportable.tp + engineAll.reportable.fn,
        recordsWithCaseSplitNames: all.filter((p) => p.caseSplit).length,
      },
      fields:
        "first_name + surname → names[0], dob → dob; city and email have no MatchSubject field and are " +
        "ignored; no sex, place of birth or identifier in the file",
      termFrequencies: `TokenCounts over all ${people.size} records (${frequencies.nameCount} names)`,
      predictedPositive: {
        reportable: `decision match or possible (score ≥ REPORTING_FLOOR ${REPORTING_FLOOR})`,
        match: `decision match (score ≥ ${MATCH_THRESHOLD}, name agrees and dob exact, or an agreeing identifier)`,
        baseline: "jaroWinkler(first + ' ' + surname, lower case) ≥ threshold; 0 when a record has no name",
      },
      pairDirection: "left record is the query, right the candidate",
      asymmetricDecisions: labelled.filter((p) => p.swappedDecision !== p.result.decision).length,
      clericalLabels: clerical,
      clusterTruth: {
        labelledPairs: clusterLabelled,
        allPairs: {
          engine: {
            reportable: allEngine,
            match: metrics(engineAll.match),
            byScore: SCORE_THRESHOLDS.map((t, k) => ({ threshold: t, ...metrics(engineAll.byScore[k]!) })),
          },
          jaroWinklerBaseline: allBaselines,
          f1: {
            engineReportable: allEngine.f1,
            bestBaseline: allBestBaseline.f1,
            bestBaselineThreshold: allBestBaseline.threshold,
            difference: round(allEngine.f1 - allBestBaseline.f1),
          },
          falsePositivesWithANamelessRecord: namelessReportable,
        },
      },
      errorsOnClericalLabels: {
        at: "reportable (match or possible)",
        falsePositives: errorPatterns(
          labelled.filter((p) => !p.clerical && reportable(p.result)),
          signature,
        ),
        highestScoringNonMatches: labelled
          .filter((p) => !p.clerical)
          .sort((a, b) => b.result.score - a.result.score || b.jw - a.jw)
          .slice(0, EXAMPLES_PER_PATTERN)
          .map(describe),
        baselineFalsePositivesAt: {
          threshold: BASELINE_THRESHOLDS[0],
          examples: labelled
            .filter((p) => !p.clerical && p.jw >= BASELINE_THRESHOLDS[0]!)
            .sort((a, b) => b.jw - a.jw)
            .slice(0, EXAMPLES_PER_PATTERN)
            .map(describe),
        },
        clericalMatchesByDobLevel: tallyBy(
          labelled.filter((p) => p.clerical),
          (p) => dobLevel(p.result),
        ),
        falseNegativeCauses: tallyBy(falseNegatives, cause),
        falseNegativesWithACaseSplitName: falseNegatives.filter((p) => p.left.caseSplit || p.right.caseSplit)
          .length,
        falseNegatives: errorPatterns(falseNegatives, cause),
        falseNegativeSignatures: tallyBy(falseNegatives, signature, PATTERNS_SHOWN),
      },
      errorsOnAllPairs: {
        at: "reportable (match or possible), cluster truth",
        falsePositives: errorPatterns(allPairFalsePositives, signature),
      },
      ms: {
        load: Math.round(scoringStarted - started),
        labelledPairs: Math.round(scoringMs),
        allPairs: Math.round(allPairsMs),
      },
      command: "node dist/bench/matching/splink.bench.js",
    },
    null,
    2,
  ),
);

/** The cut (predict value ≥ threshold) with the best F1. */
function bestThreshold(values: { value: number; truth: boolean }[]) {
  const sorted = [...values].sort((a, b) => b.value - a.value);
  const positives = sorted.filter((v) => v.truth).length;
  let best = { threshold: 1, ...metrics({ tp: 0, fp: 0, fn: positives, tn: sorted.length - positives }) };
  let tp = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.truth) tp++;
    if (i + 1 < sorted.length && sorted[i + 1]!.value === sorted[i]!.value) continue;
    const fp = i + 1 - tp;
    const m = metrics({ tp, fp, fn: positives - tp, tn: sorted.length - positives - fp });
    if (m.f1 > best.f1) best = { threshold: sorted[i]!.value, ...m };
  }
  return { ...best, threshold: round(best.threshold) };
}

function zero(): Counts {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

function tally(c: Counts, truth: boolean, predicted: boolean): void {
  if (truth && predicted) c.tp++;
  else if (predicted) c.fp++;
  else if (truth) c.fn++;
  else c.tn++;
}

function metrics(c: Counts) {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    tp: c.tp,
    fp: c.fp,
    fn: c.fn,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
  };
}

function signed(x: number): string {
  return x >= 0 ? `+${x}` : `${x}`;
}

function round(x: number, places = 4): number {
  return Math.round(x * 10 ** places) / 10 ** places;
}
