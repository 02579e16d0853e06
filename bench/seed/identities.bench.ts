/**
 * Generates 1,000,000 synthetic identities and reports the time taken and the most common surnames.
 * Run: npx tsc -p tsconfig.json && node dist/bench/seed/identities.bench.js [count] [seed]
 *
 * The timed pass only generates (the way a seeding job streams people out); the frequencies come from
 * a second, untimed pass with the same seed, which yields exactly the same people.
 */
import {
  generateIdentity,
  hispanicSurnameUnits,
  type SyntheticIdentity,
} from "../../src/synthetic/identities.js";
import { Random } from "../../src/synthetic/random.js";

const count = Number(process.argv[2] ?? 1_000_000);
const seed = process.argv[3] ?? "identities-bench";

function top(counts: Map<string, number>, n: number): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, v], i) =>
        `  ${String(i + 1).padStart(2)}. ${k.padEnd(24)} ${String(v).padStart(8)}  ${((100 * v) / count).toFixed(2)}%`,
    )
    .join("\n");
}

/** The family name a record is indexed under: the paternal surname for Hispanic compound surnames. */
function leadingSurname(id: SyntheticIdentity): string {
  return id.culture === "HISPANIC" ? (hispanicSurnameUnits(id.name.last)[0] ?? id.name.last) : id.name.last;
}

// Warm-up (module initialisation and JIT) outside the timed run.
{
  const warm = new Random("warm-up");
  for (let i = 0; i < 20_000; i++) generateIdentity(warm);
}

let rng = new Random(seed);
let aliases = 0;
const start = performance.now();
for (let i = 0; i < count; i++) aliases += generateIdentity(rng).aliases.length;
const elapsed = performance.now() - start;

rng = new Random(seed);
const lastCounts = new Map<string, number>();
const leadCounts = new Map<string, number>();
for (let i = 0; i < count; i++) {
  const id = generateIdentity(rng);
  lastCounts.set(id.name.last, (lastCounts.get(id.name.last) ?? 0) + 1);
  const lead = leadingSurname(id);
  leadCounts.set(lead, (leadCounts.get(lead) ?? 0) + 1);
}

console.log(`generated ${count.toLocaleString("en-US")} identities in ${(elapsed / 1000).toFixed(2)} s`);
console.log(
  `(${((elapsed * 1000) / count).toFixed(2)} µs per identity, ${aliases.toLocaleString("en-US")} aliases)`,
);
console.log(`distinct surname fields: ${lastCounts.size.toLocaleString("en-US")}`);
console.log("top-10 surname fields (as recorded):");
console.log(top(lastCounts, 10));
console.log("top-10 surnames (paternal surname for Hispanic compound surnames):");
console.log(top(leadCounts, 10));
