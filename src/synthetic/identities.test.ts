import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CULTURE_WEIGHTS,
  CULTURES,
  type Culture,
  generateIdentity,
  hispanicSurnameUnits,
  type PersonName,
  type SyntheticIdentity,
  sameName,
  stripDiacritics,
  varyName,
} from "./identities.js";
import { Random } from "./random.js";

function draw(seed: string | number, count: number): SyntheticIdentity[] {
  const rng = new Random(seed);
  const out: SyntheticIdentity[] = [];
  for (let i = 0; i < count; i++) out.push(generateIdentity(rng));
  return out;
}

// One shared sample for the statistical checks.
const SAMPLE = draw("identities-test", 10_000);

function parts(n: PersonName): string[] {
  return n.middle === null ? [n.last, n.first] : [n.last, n.first, n.middle];
}

/** Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

const COUNTRIES: Readonly<Record<Culture, readonly string[]>> = {
  HISPANIC: ["MX", "GT", "SV", "HN", "CO", "DO", "EC", "VE", "NI", "CU", "PE", "ES", "AR", "BO", "CL"],
  ARABIC: [
    "EG",
    "SA",
    "IQ",
    "SY",
    "JO",
    "MA",
    "YE",
    "LB",
    "SD",
    "PS",
    "DZ",
    "TN",
    "LY",
    "KW",
    "AE",
    "QA",
    "OM",
  ],
  CHINESE: ["CN", "TW", "HK", "MY", "SG"],
  VIETNAMESE: ["VN"],
  KOREAN: ["KR", "KP"],
  SLAVIC: ["RU", "UA", "PL", "BY", "RS", "BA", "HR", "ME", "MD", "KZ"],
  SOUTH_ASIAN: ["IN", "PK", "BD", "NP", "LK"],
  WEST_AFRICAN: ["NG", "GH", "SN", "ML", "CI", "GN", "BF", "LR", "SL", "GM"],
  ANGLO: ["GB", "CA", "AU", "IE", "JM", "TT", "GY", "NZ", "BS", "BZ", "BB", "ZA"],
};

describe("generateIdentity", () => {
  it("is deterministic for a seed", () => {
    assert.deepEqual(draw(2024, 2_000), draw(2024, 2_000));
    assert.deepEqual(draw("alpha", 500), draw("alpha", 500));
  });

  it("differs across seeds", () => {
    const a = draw(1, 200);
    const b = draw(2, 200);
    const same = a.filter((x, i) => sameName(x.name, b[i]!.name) && x.dob === b[i]!.dob).length;
    assert.ok(same < 5, `${same} of 200 identical`);
    assert.notDeepEqual(a, b);
  });

  it("draws every culture in roughly the intended shares", () => {
    const counts = new Map<Culture, number>();
    for (const id of SAMPLE) counts.set(id.culture, (counts.get(id.culture) ?? 0) + 1);
    let total = 0;
    for (const c of CULTURES) total += CULTURE_WEIGHTS[c];
    for (const c of CULTURES) {
      const share = (counts.get(c) ?? 0) / SAMPLE.length;
      const expected = CULTURE_WEIGHTS[c] / total;
      assert.ok(share > 0, `${c} never drawn`);
      assert.ok(Math.abs(share - expected) < 0.2 * expected + 0.005, `${c}: ${share} vs ${expected}`);
    }
    const byShare = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    assert.equal(byShare[0], "HISPANIC");
    assert.ok((counts.get("HISPANIC") ?? 0) / SAMPLE.length > 0.36);
  });

  it("gives valid dates of birth for ages 16 to 80 on 2026-01-01", () => {
    let minAge = 200;
    let maxAge = 0;
    for (const id of SAMPLE) {
      assert.match(id.dob, /^\d{4}-\d{2}-\d{2}$/);
      const [y, m, d] = id.dob.split("-").map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      assert.equal(date.toISOString().slice(0, 10), id.dob, `not a calendar date: ${id.dob}`);
      const age = m === 1 && d === 1 ? 2026 - y : 2025 - y;
      assert.ok(age >= 16 && age <= 80, `${id.dob} gives age ${age}`);
      minAge = Math.min(minAge, age);
      maxAge = Math.max(maxAge, age);
    }
    assert.ok(minAge <= 17 && maxAge >= 70, `ages ${minAge}..${maxAge}`);
  });

  it("draws both sexes and countries plausible for the culture", () => {
    const males = SAMPLE.filter((id) => id.sex === "M").length;
    assert.ok(males > 0.55 * SAMPLE.length && males < 0.8 * SAMPLE.length);
    for (const id of SAMPLE) {
      assert.ok(
        COUNTRIES[id.culture].includes(id.countryOfBirth),
        `${id.culture} born in ${id.countryOfBirth}`,
      );
    }
  });

  it("writes names in uppercase with only letters, spaces, hyphens and apostrophes", () => {
    const latin = /^[A-Z\u00C0-\u024F\u1E00-\u1EFF]+(?:(?: |-|')[A-Z\u00C0-\u024F\u1E00-\u1EFF]+)*$/u;
    const any = /^[\p{L}\p{M}]+(?:(?: |-|')[\p{L}\p{M}]+)*$/u;
    for (const id of SAMPLE) {
      assert.ok(id.name.middle === null || id.name.middle.length > 0);
      for (const p of parts(id.name)) {
        assert.match(p, latin, `primary name part ${JSON.stringify(p)}`);
        assert.equal(p, p.toUpperCase());
      }
      assert.ok(id.aliases.length <= 4);
      for (const a of id.aliases) {
        assert.ok(a.name.middle === null || a.name.middle.length > 0);
        for (const p of parts(a.name)) {
          assert.match(p, any, `${a.kind} alias part ${JSON.stringify(p)} of ${JSON.stringify(id.name)}`);
          assert.equal(p, p.toUpperCase());
        }
      }
    }
  });

  it("mostly writes plain ASCII but sometimes keeps diacritics", () => {
    const marked = SAMPLE.filter((id) => parts(id.name).some((p) => stripDiacritics(p) !== p)).length;
    assert.ok(marked > 0.02 * SAMPLE.length && marked < 0.15 * SAMPLE.length, `${marked} with diacritics`);
  });

  it("gives each person distinct aliases, none equal to the primary name", () => {
    let withAliases = 0;
    for (const id of SAMPLE) {
      if (id.aliases.length > 0) withAliases++;
      for (let i = 0; i < id.aliases.length; i++) {
        assert.ok(!sameName(id.aliases[i]!.name, id.name));
        for (let j = 0; j < i; j++) assert.ok(!sameName(id.aliases[i]!.name, id.aliases[j]!.name));
      }
      if (id.sex === "M") assert.ok(id.aliases.every((a) => a.kind !== "MARRIED_NAME"));
    }
    assert.ok(withAliases > 0.45 * SAMPLE.length && withAliases < 0.75 * SAMPLE.length);
  });

  it("has a long-tailed surname distribution with very common names on top", () => {
    const counts = new Map<string, number>();
    for (const id of SAMPLE) {
      const lead = id.culture === "HISPANIC" ? hispanicSurnameUnits(id.name.last)[0]! : id.name.last;
      counts.set(stripDiacritics(lead), (counts.get(stripDiacritics(lead)) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const top10 = sorted.slice(0, 10).map(([k]) => k);
    assert.ok(top10.includes("GARCIA") && top10.includes("NGUYEN"), top10.join(","));
    assert.ok(sorted[0]![1] > 100, "the most common surname is common");
    assert.ok(counts.size > 800, `${counts.size} distinct surnames`);
    const rare = sorted.filter(([, n]) => n <= 3).length;
    assert.ok(rare > 150, `${rare} rare surnames`);
  });
});

describe("culture-specific names", () => {
  const byCulture = (c: Culture) => SAMPLE.filter((id) => id.culture === c);

  it("gives most Hispanic people compound surnames, and drops the second one correctly", () => {
    const hispanic = byCulture("HISPANIC");
    const compound = hispanic.filter((id) => hispanicSurnameUnits(id.name.last).length >= 2).length;
    assert.ok(compound > 0.6 * hispanic.length, `${compound} of ${hispanic.length} compound`);
    assert.ok(hispanic.some((id) => /^(DE|DEL) /.test(id.name.last) || / (DE|DEL) /.test(id.name.last)));
    assert.ok(hispanic.some((id) => id.name.last.includes("-")));
    const twoGiven = hispanic.filter((id) => id.name.middle !== null).length;
    assert.ok(twoGiven > 0.4 * hispanic.length);
    let dropped = 0;
    for (const id of SAMPLE) {
      for (const a of id.aliases) {
        if (a.kind !== "DROPPED_SECOND_SURNAME") continue;
        dropped++;
        assert.equal(id.culture, "HISPANIC");
        const units = hispanicSurnameUnits(id.name.last);
        assert.ok(units.length >= 2);
        assert.equal(a.name.last, units[0]);
        assert.ok(id.name.last.startsWith(`${a.name.last} `) || id.name.last.startsWith(`${a.name.last}-`));
        assert.equal(a.name.first, id.name.first);
      }
    }
    assert.ok(dropped > 200, `${dropped} DROPPED_SECOND_SURNAME aliases`);
  });

  it("splits Hispanic surname fields on particles", () => {
    assert.deepEqual(hispanicSurnameUnits("GARCIA LOPEZ"), ["GARCIA", "LOPEZ"]);
    assert.deepEqual(hispanicSurnameUnits("DE LA CRUZ-MARTINEZ"), ["DE LA CRUZ", "MARTINEZ"]);
    assert.deepEqual(hispanicSurnameUnits("GARCIA DE HERNANDEZ"), ["GARCIA", "DE HERNANDEZ"]);
    assert.deepEqual(hispanicSurnameUnits("SAN MARTÍN DEL VALLE"), ["SAN MARTÍN", "DEL VALLE"]);
    assert.deepEqual(hispanicSurnameUnits("PEREZ"), ["PEREZ"]);
  });

  it("romanises Mohammed in several ways", () => {
    const spellings = new Set(["MOHAMMED", "MUHAMMAD", "MOHAMED", "MOHAMMAD", "MOHAMAD", "MUHAMMED"]);
    const seen = new Set<string>();
    for (const id of byCulture("ARABIC")) {
      for (const w of `${id.name.first} ${id.name.middle ?? ""} ${id.name.last}`.split(/[ -]/)) {
        if (spellings.has(w)) seen.add(w);
      }
    }
    assert.ok(seen.size >= 3, [...seen].join(","));
    const arabic = byCulture("ARABIC");
    assert.ok(
      arabic.some((id) => /^(AL|EL)[- ]/.test(id.name.last)),
      "article-prefixed family names",
    );
    assert.ok(
      SAMPLE.some((id) =>
        id.aliases.some((a) => a.kind === "TRANSLITERATION" && /\p{Script=Arabic}/u.test(a.name.first)),
      ),
      "an alias in Arabic script",
    );
  });

  it("swaps Chinese given and family names in SWAPPED_ORDER aliases", () => {
    let swapped = 0;
    for (const id of byCulture("CHINESE")) {
      for (const a of id.aliases) {
        if (a.kind !== "SWAPPED_ORDER") continue;
        swapped++;
        assert.equal(a.name.last, id.name.first);
        assert.equal(a.name.first, id.name.last);
        assert.notEqual(a.name.last, id.name.last);
      }
    }
    assert.ok(swapped > 30, `${swapped} swapped`);
    assert.ok(
      SAMPLE.some((id) => id.aliases.some((a) => /\p{Script=Han}/u.test(a.name.last))),
      "Chinese characters",
    );
  });

  it("uses VAN / THI middle names for Vietnamese and Hangul aliases for Koreans", () => {
    const vn = byCulture("VIETNAMESE");
    assert.ok(
      vn.filter((id) => id.name.last === "NGUYEN" || id.name.last === "NGUYỄN").length > 0.25 * vn.length,
    );
    const men = vn.filter((id) => id.sex === "M");
    const women = vn.filter((id) => id.sex === "F");
    assert.ok(men.filter((id) => stripDiacritics(id.name.middle ?? "") === "VAN").length > 0.3 * men.length);
    assert.ok(
      women.filter((id) => stripDiacritics(id.name.middle ?? "").startsWith("THI")).length >
        0.4 * women.length,
    );
    assert.ok(
      SAMPLE.some((id) => id.aliases.some((a) => /\p{Script=Hangul}/u.test(a.name.last))),
      "Hangul",
    );
  });

  it("gives East Slavic people patronymics and women feminine surnames", () => {
    const east = byCulture("SLAVIC").filter((id) => ["RU", "UA", "BY"].includes(id.countryOfBirth));
    assert.ok(
      east.filter((id) => id.name.middle !== null && /(VICH|VYCH|VNA)$/.test(id.name.middle)).length >
        0.4 * east.length,
    );
    const russianWomen = east.filter((id) => id.sex === "F" && id.countryOfBirth === "RU");
    assert.ok(
      russianWomen.filter((id) => /(OVA|EVA|INA|AYA)$/.test(id.name.last)).length > 0.7 * russianWomen.length,
    );
    assert.ok(
      SAMPLE.some((id) => id.aliases.some((a) => /\p{Script=Cyrillic}/u.test(a.name.last))),
      "Cyrillic",
    );
  });

  it("makes TYPO aliases exactly one keyboard edit away in one name part", () => {
    let typos = 0;
    for (const id of SAMPLE) {
      for (const a of id.aliases) {
        if (a.kind !== "TYPO") continue;
        typos++;
        const before = parts(id.name);
        const after = parts(a.name);
        assert.equal(after.length, before.length);
        const changed = before.map((p, i) => editDistance(p, after[i]!)).filter((d) => d > 0);
        assert.deepEqual(changed, [1], `${JSON.stringify(id.name)} → ${JSON.stringify(a.name)}`);
      }
    }
    assert.ok(typos > 500, `${typos} typos`);
  });

  it("gives Anglo nicknames and married names to women only", () => {
    const anglo = byCulture("ANGLO");
    const nick = anglo.flatMap((id) =>
      id.aliases.filter((a) => a.kind === "NICKNAME").map((a) => [id, a] as const),
    );
    assert.ok(nick.length > 50);
    for (const [id, a] of nick) {
      assert.equal(a.name.last, id.name.last);
      assert.notEqual(a.name.first, id.name.first);
    }
    const william = draw("william", 30_000).find(
      (id) => id.name.first === "WILLIAM" && id.aliases.some((a) => a.kind === "NICKNAME"),
    );
    assert.ok(william !== undefined);
    for (const a of william.aliases.filter((x) => x.kind === "NICKNAME")) {
      assert.ok(["BILL", "WILL", "BILLY", "LIAM"].includes(a.name.first), a.name.first);
    }
    const married = SAMPLE.flatMap((id) => id.aliases.filter((a) => a.kind === "MARRIED_NAME").map(() => id));
    assert.ok(married.length > 100);
    assert.ok(married.every((id) => id.sex === "F"));
  });

  it("uses a realistic mix of alias kinds per culture", () => {
    const kindsOf = (c: Culture) => new Set(byCulture(c).flatMap((id) => id.aliases.map((a) => a.kind)));
    assert.ok(kindsOf("HISPANIC").has("DROPPED_SECOND_SURNAME"));
    assert.ok(!kindsOf("ANGLO").has("DROPPED_SECOND_SURNAME"));
    assert.ok(kindsOf("ARABIC").has("TRANSLITERATION"));
    assert.ok(!kindsOf("ARABIC").has("MARRIED_NAME"));
    assert.ok(kindsOf("CHINESE").has("SWAPPED_ORDER"));
    assert.ok(kindsOf("KOREAN").has("TRANSLITERATION"));
    assert.ok(kindsOf("ANGLO").has("NICKNAME"));
  });
});

describe("varyName", () => {
  it("never returns the identical name", () => {
    const rng = new Random("vary");
    for (const id of SAMPLE.slice(0, 3_000)) {
      for (let k = 0; k < 8; k++) {
        const alias = varyName(rng, id);
        assert.ok(!sameName(alias.name, id.name), `${alias.kind} of ${JSON.stringify(id.name)}`);
      }
    }
  });

  it("still varies hand-made or unusual names", () => {
    const rng = new Random(7);
    const base: SyntheticIdentity = {
      name: { last: "XU", first: "LI", middle: null },
      sex: "F",
      dob: "1990-05-05",
      countryOfBirth: "CN",
      culture: "CHINESE",
      aliases: [],
    };
    const odd: SyntheticIdentity = {
      ...base,
      name: { last: "김", first: "김", middle: null },
      culture: "KOREAN",
    };
    for (const id of [
      base,
      odd,
      { ...base, culture: "HISPANIC" as const },
      { ...base, culture: "SLAVIC" as const },
    ]) {
      for (let k = 0; k < 50; k++) assert.ok(!sameName(varyName(rng, id).name, id.name));
    }
  });

  it("is deterministic for a seed", () => {
    const id = SAMPLE[0]!;
    const a = Array.from({ length: 20 }, (_, i) => varyName(new Random(i), id));
    const b = Array.from({ length: 20 }, (_, i) => varyName(new Random(i), id));
    assert.deepEqual(a, b);
  });
});
