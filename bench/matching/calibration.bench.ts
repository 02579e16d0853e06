/**
 * Calibration (issue #3: "a score of 0.9 is right about 90 % of the time"). Labelled pairs from
 * a synthetic population of 200,000 in a `MemoryIndex` (its own TokenCounts as frequencies):
 * - positives: a record and a query built from the same identity (`variedQuery`: `varyName`
 *   with probability 0.7; DOB kept, day/month swapped 0.1, one year off 0.05, missing 0.05);
 * - negatives: every other candidate `MemoryIndex.search` returns (top 10, score ≥ the
 *   reporting floor): for hard-negative queries (all categories of hard-negatives.bench.ts),
 *   for queries about random people not on file, and beside the true record for positives.
 * The positive share of such a sample is arbitrary, so every figure is given for a stated
 * prior: positives weighted to be 1 in 100 of the retrieved candidates (--prior). Reports a
 * reliability table of the engine's `score`, fits p = 1/(1 + 2^-(slope·weight + intercept))
 * (the engine's parametrisation) by Newton's method, and the table again with the fitted values.
 *
 *   npm run build && node dist/bench/matching/calibration.bench.js \
 *     [--population 200000] [--positives 6000] [--hard 3000] [--random 6000] [--prior 0.01] [--workers 2]
 */
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import {
  CALIBRATION,
  MATCH_THRESHOLD,
  type PairScore,
  REPORTING_FLOOR,
  scorePair,
} from "../../src/matching/index.js";
import { generateIdentity } from "../../src/synthetic/identities.js";
import { Random } from "../../src/synthetic/random.js";
import {
  argValue,
  defaultWorkers,
  EXTRA_CATEGORIES,
  engineVersion,
  HARD_NEGATIVE_CATEGORIES,
  type HardNegativeCategory,
  hardNegative,
  Population,
  progress,
  round,
  runShards,
  variedQuery,
} from "./labelled-pairs.js";

const SOURCES = ["positive", "co-candidate", "hard-negative", "random-other"] as const;
type Source = (typeof SOURCES)[number];
const CATEGORIES: HardNegativeCategory[] = [...HARD_NEGATIVE_CATEGORIES, ...EXTRA_CATEGORIES];

interface ShardInput {
  seed: string;
  population: number;
  positives: number;
  hard: number;
  random: number;
  shard: number;
  shards: number;
}

interface ShardOutput {
  /** Per pair: label (1 = same person), weight (bits), score, source index, query index. */
  label: number[];
  weight: number[];
  score: number[];
  /** 1 when the engine's decision was `match`. */
  match: number[];
  source: number[];
  query: number[];
  positiveReported: number;
  positiveBelowFloor: number;
  positiveNotReported: number;
  /** Reported candidates per query type. */
  results: Record<string, number>;
  queries: Record<string, number>;
  buildMs: number;
  searchMs: number;
}

function runShard(input: ShardInput): ShardOutput {
  const loud = input.shard === 0;
  const t0 = performance.now();
  const population = new Population(input.seed, false);
  population.grow(
    input.population,
    loud ? (n) => progress(`population ${n.toLocaleString("en-US")}`) : undefined,
  );
  const buildMs = performance.now() - t0;
  const base = new Random(input.seed).fork("calibration-queries");
  const out: ShardOutput = {
    label: [],
    weight: [],
    score: [],
    match: [],
    source: [],
    query: [],
    positiveReported: 0,
    positiveBelowFloor: 0,
    positiveNotReported: 0,
    results: { positive: 0, "hard-negative": 0, "random-other": 0 },
    queries: { positive: 0, "hard-negative": 0, "random-other": 0 },
    buildMs,
    searchMs: 0,
  };
  const push = (label: number, r: { result: PairScore }, source: Source, query: number) => {
    out.label.push(label);
    out.weight.push(r.result.weight);
    out.score.push(r.result.score);
    out.match.push(r.result.decision === "match" ? 1 : 0);
    out.source.push(SOURCES.indexOf(source));
    out.query.push(query);
  };
  const total = input.positives + input.hard + input.random;
  const t1 = performance.now();
  let done = 0;
  for (let k = 0; k < total; k++) {
    if (k % input.shards !== input.shard) continue;
    const rng = base.fork(`q|${k}`);
    if (k < input.positives) {
      const target = population.pick(rng);
      const { query } = variedQuery(target.identity, rng);
      const results = population.index.search(query, { top: 10 });
      out.queries.positive!++;
      out.results.positive! += results.length;
      let found = false;
      for (const r of results) {
        const same = r.record.id === target.id;
        found ||= same;
        push(same ? 1 : 0, r, same ? "positive" : "co-candidate", k);
      }
      if (found) out.positiveReported++;
      else if (scorePair(query, target, population.index.frequencies).score < REPORTING_FLOOR)
        out.positiveBelowFloor++;
      else out.positiveNotReported++;
    } else if (k < input.positives + input.hard) {
      const category = CATEGORIES[(k - input.positives) % CATEGORIES.length]!;
      const negative = hardNegative(population, category, rng);
      const results = population.index.search(negative.query, { top: 10 });
      out.queries["hard-negative"]!++;
      out.results["hard-negative"]! += results.length;
      for (const r of results) push(0, r, "hard-negative", k);
    } else {
      // A person not on file: an identity from another stream, keyed the way a positive is.
      const person = generateIdentity(rng.fork("person"));
      const { query } = variedQuery(person, rng);
      const results = population.index.search(query, { top: 10 });
      out.queries["random-other"]!++;
      out.results["random-other"]! += results.length;
      for (const r of results) push(0, r, "random-other", k);
    }
    if (loud && ++done % 1000 === 0)
      progress(`${(done * input.shards).toLocaleString("en-US")} queries searched`);
  }
  out.searchMs = performance.now() - t1;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fitting and tables
// ---------------------------------------------------------------------------------------------

interface Pairs {
  label: Uint8Array;
  weight: Float64Array;
  score: Float64Array;
  match: Uint8Array;
  source: Uint8Array;
  query: Int32Array;
}

/** Case weights that make positives `prior` of the (weighted) sample; negatives weigh 1. */
function priorWeights(pairs: Pairs, prior: number, keep: (i: number) => boolean = () => true): Float64Array {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < pairs.label.length; i++) {
    if (!keep(i)) continue;
    if (pairs.label[i] === 1) positives++;
    else negatives++;
  }
  const positiveWeight = ((prior / (1 - prior)) * negatives) / Math.max(1, positives);
  return Float64Array.from(pairs.label, (y, i) => (keep(i) ? (y === 1 ? positiveWeight : 1) : 0));
}

/**
 * Weighted logistic regression of label on weight by Newton's method (step halving when the
 * log-likelihood would drop), in natural-log odds, returned in the engine's base-2 form.
 */
function fitLogistic(x: Float64Array, y: Uint8Array, c: Float64Array) {
  let b0 = 0;
  let b1 = 0;
  const logLik = (a0: number, a1: number) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      if (c[i] === 0) continue;
      const eta = a0 + a1 * x[i]!;
      // log p = -log(1+e^-eta), log(1-p) = -log(1+e^eta), computed stably
      sum -= c[i]! * (y[i] === 1 ? softplus(-eta) : softplus(eta));
    }
    return sum;
  };
  let current = logLik(b0, b1);
  let iterations = 0;
  for (; iterations < 100; iterations++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < x.length; i++) {
      if (c[i] === 0) continue;
      const p = 1 / (1 + Math.exp(-(b0 + b1 * x[i]!)));
      const r = c[i]! * (y[i]! - p);
      const v = c[i]! * p * (1 - p);
      g0 += r;
      g1 += r * x[i]!;
      h00 += v;
      h01 += v * x[i]!;
      h11 += v * x[i]! * x[i]!;
    }
    const det = h00 * h11 - h01 * h01;
    let d0 = (h11 * g0 - h01 * g1) / det;
    let d1 = (h00 * g1 - h01 * g0) / det;
    let next = logLik(b0 + d0, b1 + d1);
    for (let halvings = 0; next < current && halvings < 30; halvings++) {
      d0 /= 2;
      d1 /= 2;
      next = logLik(b0 + d0, b1 + d1);
    }
    b0 += d0;
    b1 += d1;
    const converged = Math.abs(next - current) < 1e-9 * Math.max(1, Math.abs(current));
    current = next;
    if (converged) break;
  }
  let totalWeight = 0;
  for (let i = 0; i < c.length; i++) totalWeight += c[i]!;
  return {
    slope: b1 / Math.LN2,
    intercept: b0 / Math.LN2,
    iterations: iterations + 1,
    logLossPerPair: -current / totalWeight,
  };
}

function softplus(z: number): number {
  return z > 30 ? z : Math.log1p(Math.exp(z));
}

function probability(weight: number, slope: number, intercept: number): number {
  return 1 / (1 + 2 ** -(slope * weight + intercept));
}

const BIN_EDGES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

function binLabel(i: number): string {
  const lo = BIN_EDGES[i]!;
  const hi = BIN_EDGES[i + 1];
  return hi === undefined ? `≥${lo}` : `${lo}–${hi}`;
}

/** Reliability table: per bin of predicted probability, the counts and the observed share of positives. */
function reliability(predicted: Float64Array, pairs: Pairs, c: Float64Array) {
  const n = BIN_EDGES.length;
  const rows = Array.from({ length: n }, () => ({ pos: 0, neg: 0, w: 0, wPos: 0, wPred: 0 }));
  let brier = 0;
  let totalWeight = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (c[i] === 0) continue;
    const p = predicted[i]!;
    let bin = 0;
    while (bin + 1 < n && p >= BIN_EDGES[bin + 1]!) bin++;
    const row = rows[bin]!;
    if (pairs.label[i] === 1) row.pos++;
    else row.neg++;
    row.w += c[i]!;
    row.wPos += c[i]! * pairs.label[i]!;
    row.wPred += c[i]! * p;
    brier += c[i]! * (p - pairs.label[i]!) ** 2;
    totalWeight += c[i]!;
  }
  let ece = 0;
  const table = rows
    .map((row, i) => {
      if (row.w > 0) ece += (row.w / totalWeight) * Math.abs(row.wPos / row.w - row.wPred / row.w);
      return {
        bin: binLabel(i),
        count: row.pos + row.neg,
        positives: row.pos,
        negatives: row.neg,
        meanPredicted: row.w > 0 ? round(row.wPred / row.w) : null,
        observedShare: row.w > 0 ? round(row.wPos / row.w) : null,
        rawShare: row.pos + row.neg > 0 ? round(row.pos / (row.pos + row.neg)) : null,
      };
    })
    .filter((row) => row.count > 0);
  return { table, brierScore: round(brier / totalWeight, 5), expectedCalibrationError: round(ece, 4) };
}

/** The weight (bits) at which a calibration gives probability p. */
function weightFor(p: number, slope: number, intercept: number): number {
  return round((Math.log2(p / (1 - p)) - intercept) / slope, 2);
}

async function main(): Promise<void> {
  const started = performance.now();
  // The tree the run started on (others commit while a run is going).
  const version = engineVersion();
  const input = {
    seed: argValue("--seed") ?? "calibration-v1",
    population: Number(argValue("--population") ?? 200_000),
    positives: Number(argValue("--positives") ?? 6000),
    hard: Number(argValue("--hard") ?? 3000),
    random: Number(argValue("--random") ?? 6000),
  };
  const prior = Number(argValue("--prior") ?? 0.01);
  const workers = Number(argValue("--workers") ?? defaultWorkers());
  progress(
    `population ${input.population.toLocaleString("en-US")}; ${input.positives} positive, ${input.hard} hard-negative, ${input.random} random-other queries; ${workers} worker(s)`,
  );
  const inputs: ShardInput[] = Array.from({ length: workers }, (_, shard) => ({
    ...input,
    shard,
    shards: workers,
  }));
  const shards =
    workers > 1
      ? await runShards<ShardInput, ShardOutput>(fileURLToPath(import.meta.url), inputs)
      : [runShard(inputs[0]!)];

  const pairs: Pairs = {
    label: Uint8Array.from(shards.flatMap((s) => s.label)),
    weight: Float64Array.from(shards.flatMap((s) => s.weight)),
    score: Float64Array.from(shards.flatMap((s) => s.score)),
    match: Uint8Array.from(shards.flatMap((s) => s.match)),
    source: Uint8Array.from(shards.flatMap((s) => s.source)),
    query: Int32Array.from(shards.flatMap((s) => s.query)),
  };
  const sum = (f: (s: ShardOutput) => number) => shards.reduce((acc, s) => acc + f(s), 0);
  const queries = { positive: 0, "hard-negative": 0, "random-other": 0 } as Record<string, number>;
  const results = { ...queries };
  for (const s of shards)
    for (const key of Object.keys(queries)) {
      queries[key]! += s.queries[key]!;
      results[key]! += s.results[key]!;
    }
  const bySource = Object.fromEntries(SOURCES.map((s, i) => [s, pairs.source.filter((x) => x === i).length]));
  const positives = bySource.positive!;
  const negatives = pairs.label.length - positives;
  const positiveReported = sum((s) => s.positiveReported);
  const recall = positiveReported / Math.max(1, queries.positive!);
  const perQuery = {
    positive: round(results.positive! / Math.max(1, queries.positive!), 3),
    coCandidatesPerPositiveQuery: round(bySource["co-candidate"]! / Math.max(1, queries.positive!), 3),
    hardNegative: round(results["hard-negative"]! / Math.max(1, queries["hard-negative"]!), 3),
    randomOther: round(results["random-other"]! / Math.max(1, queries["random-other"]!), 3),
  };
  // Share h of queries about someone on file for which positives are `prior` of the reported
  // candidates, when the queries not on file look like random-other ones:
  //   prior = h·recall / (h·(recall + r1) + (1 − h)·r0)
  const r0 = perQuery.randomOther;
  const r1 = perQuery.coCandidatesPerPositiveQuery;
  const impliedOnFile = (p: number) => (p * r0) / (recall - p * (recall + r1 - r0));

  const c = priorWeights(pairs, prior);
  const current = reliability(pairs.score, pairs, c);
  const fit = fitLogistic(pairs.weight, pairs.label, c);
  const fitted = { slope: round(fit.slope, 4), intercept: round(fit.intercept, 4) };
  const fittedP = Float64Array.from(pairs.weight, (w) => probability(w, fitted.slope, fitted.intercept));
  const fittedTable = reliability(fittedP, pairs, c);
  const half = (parity: number) => {
    const f = fitLogistic(
      pairs.weight,
      pairs.label,
      priorWeights(pairs, prior, (i) => pairs.query[i]! % 2 === parity),
    );
    return { slope: round(f.slope, 4), intercept: round(f.intercept, 4) };
  };
  const sensitivity = [0.1, 0.03, 0.01, 0.003, 0.001].map((p) => {
    const f = fitLogistic(pairs.weight, pairs.label, priorWeights(pairs, p));
    return {
      prior: p,
      impliedShareOfQueriesOnFile: round(impliedOnFile(p), 4),
      slope: round(f.slope, 4),
      intercept: round(f.intercept, 4),
      weightForMatchThreshold: weightFor(MATCH_THRESHOLD, f.slope, f.intercept),
    };
  });
  const noHard = fitLogistic(
    pairs.weight,
    pairs.label,
    priorWeights(pairs, prior, (i) => SOURCES[pairs.source[i]!] !== "hard-negative"),
  );

  // What the change would do at the score threshold alone (the decision rule's name and DOB
  // conditions come on top and are not recomputed here).
  const above = (p: Float64Array, label: number) => {
    let n = 0;
    for (let i = 0; i < p.length; i++) if (pairs.label[i] === label && p[i]! >= MATCH_THRESHOLD) n++;
    return n;
  };
  const negativesAbove = (p: Float64Array) =>
    Object.fromEntries(
      SOURCES.slice(1).map((s) => {
        const index = SOURCES.indexOf(s);
        let n = 0;
        for (let i = 0; i < p.length; i++) if (pairs.source[i] === index && p[i]! >= MATCH_THRESHOLD) n++;
        return [s, n];
      }),
    );

  // The engine's own `match` decisions (score ≥ MATCH_THRESHOLD plus its name and DOB rules).
  let matchPositives = 0;
  const matchNegatives: Record<string, number> = { "co-candidate": 0, "hard-negative": 0, "random-other": 0 };
  for (let i = 0; i < pairs.label.length; i++) {
    if (pairs.match[i] !== 1) continue;
    if (pairs.label[i] === 1) matchPositives++;
    else matchNegatives[SOURCES[pairs.source[i]!]!]!++;
  }
  const matchNegativeTotal = Object.values(matchNegatives).reduce((a, b) => a + b, 0);
  const positiveWeight = c.find((_, i) => pairs.label[i] === 1) ?? 1;
  const matchDecisions = {
    positivesDecidedMatch: matchPositives,
    shareOfPositives: round(matchPositives / Math.max(1, positives)),
    negativesDecidedMatch: matchNegativeTotal,
    negativesDecidedMatchBySource: matchNegatives,
    precisionOfMatchAtPrior: round(
      (matchPositives * positiveWeight) /
        Math.max(1e-9, matchPositives * positiveWeight + matchNegativeTotal),
    ),
    rawPrecisionOfMatch: round(matchPositives / Math.max(1, matchPositives + matchNegativeTotal)),
  };

  const paste = `export const CALIBRATION = { slope: ${fitted.slope}, intercept: ${fitted.intercept} };`;
  const args = process.argv.slice(2).join(" ");
  console.log(
    JSON.stringify(
      {
        benchmark: "Calibration of the pair score on labelled synthetic pairs (issue #3)",
        fittedCalibration: { ...fitted, prior, pasteIntoScorer: paste },
        target: "a score of 0.9 is right about 90 % of the time",
        population: {
          size: input.population,
          seed: input.seed,
          fields: "names = primary + aliases, dob, sex, pob; no identifiers",
          frequencies: "the index's own TokenCounts",
        },
        sample: {
          queries,
          hardNegativeCategories: CATEGORIES,
          pairs: { total: pairs.label.length, positives, negatives, bySource },
          positiveQueries: {
            trueRecordReported: positiveReported,
            trueRecordBelowFloor: sum((s) => s.positiveBelowFloor),
            trueRecordNotReportedOtherwise: sum((s) => s.positiveNotReported),
            recall: round(recall),
          },
          reportedCandidatesPerQuery: perQuery,
          note: "Only what MemoryIndex.search reports (top 10, score ≥ REPORTING_FLOOR) is in the sample, positives included: the fit is P(same person | weight) among reported candidates, the population an operator sees.",
        },
        prior: {
          positiveShareOfReportedCandidates: prior,
          how: "positives weighted so that they are this share of the weighted sample; negatives weigh 1 and keep their sampled mix of sources",
          impliedShareOfQueriesAboutSomeoneOnFile: round(impliedOnFile(prior), 4),
          why: "The sample's own share of positives only reflects how many queries of each kind were generated. We do not have the real share of support-centre queries whose subject is on file; 1 in 100 reported candidates corresponds to the share of queries above (with queries not on file reporting as many candidates as the random-other ones here). That is a low share, chosen on purpose: a lower prior gives a lower probability at every weight, so the error is towards `possible` (an analyst looks) rather than towards `match` (a wrong person held). The sensitivity table gives the fit at other priors.",
        },
        reliabilityCurrent: { calibration: CALIBRATION, ...current },
        currentMatchDecisions: matchDecisions,
        fit: {
          method: "weighted logistic regression of label on weight (bits), Newton's method with step halving",
          parametrisation: "p = 1 / (1 + 2^-(slope·weight + intercept))",
          ...fitted,
          iterations: fit.iterations,
          logLossPerPair: round(fit.logLossPerPair, 5),
          halfSamples: { evenQueries: half(0), oddQueries: half(1) },
          withoutHardNegativeQueries: {
            slope: round(noHard.slope, 4),
            intercept: round(noHard.intercept, 4),
          },
        },
        reliabilityFitted: { calibration: fitted, ...fittedTable },
        sensitivity,
        thresholds: {
          weightForMatchThreshold: {
            current: weightFor(MATCH_THRESHOLD, CALIBRATION.slope, CALIBRATION.intercept),
            fitted: weightFor(MATCH_THRESHOLD, fitted.slope, fitted.intercept),
          },
          weightForReportingFloor: {
            current: weightFor(REPORTING_FLOOR, CALIBRATION.slope, CALIBRATION.intercept),
            fitted: weightFor(REPORTING_FLOOR, fitted.slope, fitted.intercept),
          },
          pairsAtOrAboveMatchThreshold: {
            note: "score ≥ MATCH_THRESHOLD only; the decision rule's name and DOB conditions come on top",
            current: {
              positives: above(pairs.score, 1),
              negatives: above(pairs.score, 0),
              negativesBySource: negativesAbove(pairs.score),
            },
            fitted: {
              positives: above(fittedP, 1),
              negatives: above(fittedP, 0),
              negativesBySource: negativesAbove(fittedP),
            },
          },
        },
        engineVersion: version,
        timing: {
          buildSeconds: round(Math.max(...shards.map((s) => s.buildMs)) / 1000, 1),
          searchMsPerQuery: round(
            sum((s) => s.searchMs) / Math.max(1, input.positives + input.hard + input.random),
            2,
          ),
          seconds: round((performance.now() - started) / 1000, 1),
          workers,
        },
        command: `node dist/bench/matching/calibration.bench.js${args ? ` ${args}` : ""}`,
      },
      null,
      2,
    ),
  );
  process.stderr.write(
    `\n=== fitted calibration (prior ${prior}) — paste into src/matching/scorer.ts ===\n${paste}\n\n`,
  );
}

if (isMainThread) await main();
else parentPort!.postMessage(runShard(workerData as ShardInput));
