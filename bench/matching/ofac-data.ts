/**
 * Reader for the January 2019 OFAC SDN list in the shared evaluation data (`ofac-sdn-2019/`,
 * legacy CSV: no header row, `-0-` for empty). OFAC names real, publicly sanctioned people:
 * these rows are benchmark inputs only, never fixtures.
 */
import fs from "node:fs";
import path from "node:path";
import type { NameInput } from "../../src/matching/index.js";
import { readCsvRows, sharedDataDir } from "./data.js";

export interface OfacIndividual {
  entNum: string;
  /** SDN_Name as written: `LAST, First Middle`. */
  name: string;
  parsed: ParsedOfacName;
  /** The first (non-alternative) DOB of the remarks when it is a single date; else null. */
  dob: string | null;
  /** The DOB text as found in the remarks (may be a range or `circa`), or null. */
  dobText: string | null;
}

export interface OfacAlias {
  entNum: string;
  altNum: string;
  /** aka, fka or nka. */
  type: string;
  name: string;
  parsed: ParsedOfacName;
}

export interface ParsedOfacName extends NameInput {
  last: string;
  first: string;
  middle: string;
  /** False when the name had no comma: last token taken as the family name, the rest as given. */
  hadComma: boolean;
}

export function ofacDataDir(): string {
  return path.join(sharedDataDir(), "ofac-sdn-2019");
}

/** Headerless CSV of the legacy SDN files: quoted fields, `-0-` read as empty, cells trimmed. */
export function readOfacCsv(file: string): string[][] {
  // sdn_comments.csv ends in a DOS end-of-file byte.
  const text = fs.readFileSync(file, "latin1").replaceAll("\u001a", "");
  return readCsvRows(text)
    .map((row) => row.map((cell) => (cell === "-0-" ? "" : cell)))
    .filter((row) => row.length > 1);
}

/**
 * `LAST, First Middle`: split on the first comma into family and given, the given part into
 * first and middle on the first space. Without a comma the last token is the family name and
 * the rest the first name (`KHIN MAUNG SOE` → SOE, KHIN MAUNG).
 */
export function parseOfacName(text: string): ParsedOfacName {
  const comma = text.indexOf(",");
  if (comma >= 0) {
    const given = text.slice(comma + 1).trim();
    const space = given.indexOf(" ");
    return {
      last: text.slice(0, comma).trim(),
      first: space >= 0 ? given.slice(0, space) : given,
      middle: space >= 0 ? given.slice(space + 1).trim() : "",
      hadComma: true,
    };
  }
  const tokens = text.trim().split(/\s+/);
  return { last: tokens.at(-1) ?? "", first: tokens.slice(0, -1).join(" "), middle: "", hadComma: false };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * The first `DOB …` of the remarks (not an `alt. DOB`). Only single dates are kept:
 * `14 Jun 1975` → 1975-06-14, `Jun 1975` → 1975-06, `1975` → 1975. Ranges (`1963 to 1965`)
 * and `circa` dates give null: they are not dates of birth the engine can compare.
 */
export function remarksDob(remarks: string): { text: string | null; dob: string | null } {
  const match = /(?:^|;\s*)DOB:? ([^;]+)/.exec(remarks);
  if (!match) return { text: null, dob: null };
  const text = match[1]!.trim().replace(/\.$/, "");
  const full = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/.exec(text);
  if (full) {
    const month = MONTHS.indexOf(full[2]!) + 1;
    if (month === 0) return { text, dob: null };
    return { text, dob: `${full[3]}-${pad(month)}-${pad(Number(full[1]))}` };
  }
  const monthYear = /^([A-Z][a-z]{2}) (\d{4})$/.exec(text);
  if (monthYear) {
    const month = MONTHS.indexOf(monthYear[1]!) + 1;
    return { text, dob: month === 0 ? null : `${monthYear[2]}-${pad(month)}` };
  }
  if (/^\d{4}$/.test(text)) return { text, dob: text };
  return { text, dob: null };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The individuals of sdn.csv and their aliases (aka, fka, nka) from alt.csv. */
export function loadOfacIndividuals(dir = ofacDataDir()): {
  individuals: OfacIndividual[];
  aliases: OfacAlias[];
} {
  const individuals: OfacIndividual[] = [];
  for (const row of readOfacCsv(path.join(dir, "sdn.csv"))) {
    if (row[2] !== "individual") continue;
    const { text, dob } = remarksDob(row[11] ?? "");
    individuals.push({ entNum: row[0]!, name: row[1]!, parsed: parseOfacName(row[1]!), dob, dobText: text });
  }
  const byEnt = new Set(individuals.map((i) => i.entNum));
  const aliases: OfacAlias[] = [];
  for (const row of readOfacCsv(path.join(dir, "alt.csv"))) {
    if (!byEnt.has(row[0]!)) continue;
    aliases.push({
      entNum: row[0]!,
      altNum: row[1]!,
      type: row[2]!,
      name: row[3]!,
      parsed: parseOfacName(row[3]!),
    });
  }
  return { individuals, aliases };
}
