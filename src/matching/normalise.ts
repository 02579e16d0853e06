import anyAscii from "any-ascii";

/**
 * Names become comparable tokens: any script transliterated to ASCII (`any-ascii`), diacritics
 * gone, upper case, apostrophes dropped (O'BRIEN = OBRIEN), every other non-letter a
 * separator. Family-name particles (DE LA, AL, BIN, VAN…) are set aside: records spell them
 * every which way (AL-RASHID, AL RASHID, RASHID). The raw text is kept for display and audit.
 */
export interface NameInput {
  last?: string | null | undefined;
  first?: string | null | undefined;
  middle?: string | null | undefined;
}

export interface NormalisedName {
  given: string[];
  family: string[];
  /** Particles removed from the family name, kept for explanations. */
  particles: string[];
  /** The name as given, LAST, FIRST MIDDLE. */
  raw: string;
  /** Whether the input was in a non-Latin script (transliterated). */
  transliterated: boolean;
}

const PARTICLES = new Set([
  "DE",
  "DEL",
  "LA",
  "LAS",
  "LOS",
  "DA",
  "DAS",
  "DO",
  "DOS",
  "DI",
  "DU",
  "VAN",
  "VON",
  "DER",
  "DEN",
  "TER",
  "AL",
  "EL",
  "BIN",
  "BEN",
  "IBN",
  "BINT",
  "Y",
  "E",
]);

// Latin letters with diacritics stay Latin; anything beyond Latin Extended is another script.
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

const tokenCache = new Map<string, string[]>();
const PLAIN = /^[A-Z]+( [A-Z]+)*$/;

/** Transliterates, upper-cases and splits one field into tokens (memoised: names repeat). */
export function normaliseTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  if (PLAIN.test(text)) return text.split(" ");
  let tokens = tokenCache.get(text);
  if (!tokens) {
    tokens = foldTokens(text);
    if (tokenCache.size > 200_000) tokenCache.clear();
    tokenCache.set(text, tokens);
  }
  return tokens;
}

function foldTokens(text: string): string[] {
  let folded = anyAscii(text.normalize("NFKC"));
  // any-ascii writes CJK and Hangul syllables in CamelCase (XiJinPing): split them, but only
  // for text that was in such a script; a stray capital in Latin input (eTheodroe) is a typo.
  if (isNonLatin(text)) folded = folded.replace(/([a-z])([A-Z])/g, "$1 $2");
  folded = folded
    .toUpperCase()
    .replace(/['`´’‘]/g, "")
    .replace(/[^A-Z]+/g, " ")
    .trim();
  return folded === "" ? [] : folded.split(" ");
}

export function isNonLatin(text: string | null | undefined): boolean {
  return !!text && NON_LATIN.test(text);
}

// Honorifics and religious or military titles: records carry them inconsistently
// (DR. RAMADAN ABDULLAH, HAFIZ SAEED). Set aside like particles, kept for display.
const TITLES = new Set([
  "DR",
  "DOCTOR",
  "PROF",
  "MR",
  "MRS",
  "MS",
  "ENG",
  "ENGR",
  "COL",
  "GEN",
  "MAJ",
  "CAPT",
  "LT",
  "SGT",
  "HAJI",
  "HAJJ",
  "HAJJI",
  "HADJI",
  "ALHAJI",
  "SHEIKH",
  "SHAYKH",
  "SHAIKH",
  "SHEIK",
  "MULLAH",
  "MULLA",
  "MAULANA",
  "MAWLANA",
  "MAULAWI",
  "MAWLAWI",
  "MAULVI",
  "MOULVI",
  "HAFIZ",
  "HAFEZ",
  "QARI",
  "SAYYID",
  "SAYYED",
  "SAYED",
  "SYED",
  "SEYYED",
  "SEYED",
  "SEYYID",
  "IMAM",
  "HADJ",
  "MOLAVI",
  "MOULAVI",
  "MAULAVI",
  "MAWLAVI",
]);
// Patronymic and article connectors inside Arabic given names: MUHAMMAD BIN SALMAN, ABD AL RAHMAN.
const GIVEN_CONNECTORS = new Set([
  "BIN",
  "IBN",
  "BEN",
  "BINT",
  "AL",
  "EL",
  "UL",
  "UR",
  "AR",
  "ER",
  "AS",
  "US",
  "AD",
  "ADH",
]);
const LEADING_ARTICLES = new Set(["AL", "EL"]);
const ABD_FORMS = new Set(["ABD", "ABDUL", "ABDEL", "ABDAL", "ABDOUL", "ABDOL", "ABDU", "ABDI"]);

/**
 * ABD AL RAHMAN, ABDEL RAHMAN and ABDUL RAHMAN are one name: "servant of" plus a name of God.
 * Written as ABDUL plus the name, so parts line up however the article was spelt.
 */
function canonicalAbd(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (ABD_FORMS.has(token)) {
      out.push("ABDUL");
      if (GIVEN_CONNECTORS.has(tokens[i + 1] ?? "") && tokens[i + 2]) i++;
      continue;
    }
    out.push(token);
  }
  return out;
}

// Generational suffixes (MEZA, JR., ARTURO): not a name part of either field.
const SUFFIXES = new Set(["JR", "SR", "II", "III", "IV"]);

/**
 * Titles and generational suffixes set aside. A family name made only of a title (AL-HAJJ,
 * AL-SAYYID) is a name there and stays.
 */
function withoutTitles(tokens: string[], family: boolean): string[] {
  const kept = tokens.filter((t) => !TITLES.has(t) && !SUFFIXES.has(t));
  if (!family || kept.some((t) => !PARTICLES.has(t))) return kept;
  const withTitles = tokens.filter((t) => !SUFFIXES.has(t));
  return withTitles.length > 0 ? withTitles : kept;
}

export function normaliseName(name: NameInput): NormalisedName {
  const familyTokens = canonicalAbd(withoutTitles(normaliseTokens(name.last), true));
  const family = familyTokens.filter((t) => !PARTICLES.has(t));
  const particles = familyTokens.filter((t) => PARTICLES.has(t));
  const givenTokens = canonicalAbd(
    withoutTitles([...normaliseTokens(name.first), ...normaliseTokens(name.middle)], false),
  );
  // Connectors after the first given name are dropped: MUHAMMAD BIN SALMAN = MUHAMMAD SALMAN.
  // Only between names: a trailing BIN is a name of its own (Korean SOO BIN).
  // A leading article (EL HADJ, AL HASSAN) goes too: AL and EL are not first names.
  const given = givenTokens.filter(
    (t, i) =>
      !GIVEN_CONNECTORS.has(t) || (i === 0 && !LEADING_ARTICLES.has(t)) || i === givenTokens.length - 1,
  );
  return {
    given,
    // A family name made only of particles (e.g. "DE LA") keeps them rather than vanish.
    family: family.length > 0 ? family : familyTokens,
    particles: family.length > 0 ? particles : [],
    raw: formatName(name),
    transliterated: isNonLatin(name.last) || isNonLatin(name.first) || isNonLatin(name.middle),
  };
}

const folded = new Map<string, string>();

/**
 * Folds spellings that transliteration systems disagree on (Arabic Q/K, KH/H, GH/G, DH/Z;
 * Slavic ZH/J, KH/H, TSCH/CH, -IY/-I, W/V; Korean and Chinese OU/U, EO/O) so that GADDAFI and
 * QADHAFI, SERHIY and SERGEY's cousins, or ZHAO and CHAO reach the same sound code.
 */
export function transliterationFold(token: string): string {
  let result = folded.get(token);
  if (result === undefined) {
    result = token
      .replace(/TSCH|TCH/g, "CH")
      .replace(/DZH|DJ|ZH/g, "J")
      .replace(/KH/g, "H")
      .replace(/GH/g, "G")
      .replace(/DH/g, "Z")
      .replace(/Q/g, "K")
      .replace(/W/g, "V")
      .replace(/OU|OO/g, "U")
      .replace(/EO/g, "O")
      .replace(/EE/g, "I")
      .replace(/IY$|II$|IJ$/g, "I")
      .replace(/(.)\1+/g, "$1");
    if (folded.size > 200_000) folded.clear();
    folded.set(token, result);
  }
  return result;
}

export function formatName(name: NameInput): string {
  const given = [name.first, name.middle].filter((p) => p && p.trim() !== "").join(" ");
  return given ? `${name.last ?? ""}, ${given}` : (name.last ?? "");
}

const skeletons = new Map<string, string>();

/** Consonant skeleton: what survives a script without written vowels (Arabic, Hebrew). */
export function skeleton(token: string): string {
  let result = skeletons.get(token);
  if (result === undefined) {
    const stripped = token.replace(/[AEIOUYWH]/g, "").replace(/(.)\1+/g, "$1");
    result = stripped.length > 0 ? stripped : token.slice(0, 1);
    if (skeletons.size > 200_000) skeletons.clear();
    skeletons.set(token, result);
  }
  return result;
}
