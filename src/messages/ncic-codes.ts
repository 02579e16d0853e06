/**
 * NCIC code tables the message codecs edit against: place of birth (POB, also used for OLS)
 * and the offence code (OFF). docs/codes.md documents both tables; keep it in step.
 */
import { US_JURISDICTIONS } from "../directory/index.js";

/**
 * A place in NCIC's state and country table. `country` is the ISO 3166-1 alpha-2 code (what
 * lesc's CSV files and the matching engine use); `usState` is set for US states, DC and the
 * inhabited territories (whose ISO code equals the postal code).
 */
export interface NcicPlace {
  ncic: string;
  name: string;
  country: string;
  usState?: string;
}

interface CountryRow {
  ncic: string;
  iso: string;
  name: string;
  /** lesc's provisional code: the FIPS 10-4 code would collide with a US postal code. */
  provisional?: true;
}

/**
 * NCIC country codes, partial. NCIC's country codes largely follow the older FIPS 10-4 codes
 * (hence MX Mexico but ES El Salvador, SP Spain, GM Germany, CH China, RP Philippines), and use
 * other codes where a FIPS code would read as a US state (CA, CO, IN, AR …). This table was
 * compiled without the NCIC Code Manual at hand; rows marked provisional are lesc's own choice.
 * To extend or correct it, edit this list and the table in docs/codes.md together.
 */
const COUNTRY_ROWS: readonly CountryRow[] = [
  // North America, Central America and the Caribbean
  { ncic: "CN", iso: "CA", name: "Canada", provisional: true },
  { ncic: "MX", iso: "MX", name: "Mexico" },
  { ncic: "GT", iso: "GT", name: "Guatemala" },
  { ncic: "HO", iso: "HN", name: "Honduras" },
  { ncic: "ES", iso: "SV", name: "El Salvador" },
  { ncic: "NU", iso: "NI", name: "Nicaragua" },
  { ncic: "CS", iso: "CR", name: "Costa Rica" },
  { ncic: "PM", iso: "PA", name: "Panama" },
  { ncic: "BH", iso: "BZ", name: "Belize" },
  { ncic: "CU", iso: "CU", name: "Cuba" },
  { ncic: "HA", iso: "HT", name: "Haiti" },
  { ncic: "DR", iso: "DO", name: "Dominican Republic" },
  { ncic: "JM", iso: "JM", name: "Jamaica" },
  { ncic: "BF", iso: "BS", name: "Bahamas" },
  { ncic: "BB", iso: "BB", name: "Barbados" },
  { ncic: "TD", iso: "TT", name: "Trinidad and Tobago" },
  { ncic: "GJ", iso: "GD", name: "Grenada" },
  { ncic: "ST", iso: "LC", name: "Saint Lucia" },
  { ncic: "VC", iso: "VC", name: "Saint Vincent and the Grenadines" },
  { ncic: "AC", iso: "AG", name: "Antigua and Barbuda" },
  { ncic: "DO", iso: "DM", name: "Dominica" },
  // South America
  { ncic: "CK", iso: "CO", name: "Colombia", provisional: true },
  { ncic: "VE", iso: "VE", name: "Venezuela" },
  { ncic: "EC", iso: "EC", name: "Ecuador" },
  { ncic: "PE", iso: "PE", name: "Peru" },
  { ncic: "BL", iso: "BO", name: "Bolivia" },
  { ncic: "CI", iso: "CL", name: "Chile" },
  { ncic: "AT", iso: "AR", name: "Argentina", provisional: true },
  { ncic: "BR", iso: "BR", name: "Brazil" },
  { ncic: "UY", iso: "UY", name: "Uruguay" },
  { ncic: "PY", iso: "PY", name: "Paraguay", provisional: true },
  { ncic: "GY", iso: "GY", name: "Guyana" },
  { ncic: "NS", iso: "SR", name: "Suriname" },
  // Europe
  { ncic: "UK", iso: "GB", name: "United Kingdom" },
  { ncic: "EI", iso: "IE", name: "Ireland" },
  { ncic: "GM", iso: "DE", name: "Germany" },
  { ncic: "FR", iso: "FR", name: "France" },
  { ncic: "IT", iso: "IT", name: "Italy" },
  { ncic: "SP", iso: "ES", name: "Spain" },
  { ncic: "PO", iso: "PT", name: "Portugal" },
  { ncic: "NL", iso: "NL", name: "Netherlands" },
  { ncic: "BE", iso: "BE", name: "Belgium" },
  { ncic: "SZ", iso: "CH", name: "Switzerland" },
  { ncic: "AU", iso: "AT", name: "Austria" },
  { ncic: "SW", iso: "SE", name: "Sweden" },
  { ncic: "NO", iso: "NO", name: "Norway" },
  { ncic: "DA", iso: "DK", name: "Denmark" },
  { ncic: "FI", iso: "FI", name: "Finland" },
  { ncic: "PL", iso: "PL", name: "Poland" },
  { ncic: "EZ", iso: "CZ", name: "Czechia" },
  { ncic: "LO", iso: "SK", name: "Slovakia" },
  { ncic: "HU", iso: "HU", name: "Hungary" },
  { ncic: "RO", iso: "RO", name: "Romania" },
  { ncic: "BU", iso: "BG", name: "Bulgaria" },
  { ncic: "GR", iso: "GR", name: "Greece" },
  { ncic: "HR", iso: "HR", name: "Croatia" },
  { ncic: "BK", iso: "BA", name: "Bosnia and Herzegovina" },
  { ncic: "MK", iso: "MK", name: "North Macedonia" },
  { ncic: "UP", iso: "UA", name: "Ukraine" },
  { ncic: "BO", iso: "BY", name: "Belarus" },
  { ncic: "RS", iso: "RU", name: "Russia" },
  { ncic: "LH", iso: "LT", name: "Lithuania" },
  { ncic: "LG", iso: "LV", name: "Latvia" },
  { ncic: "EN", iso: "EE", name: "Estonia" },
  // Asia and the Middle East
  { ncic: "CH", iso: "CN", name: "China" },
  { ncic: "TW", iso: "TW", name: "Taiwan" },
  { ncic: "HK", iso: "HK", name: "Hong Kong" },
  { ncic: "JA", iso: "JP", name: "Japan" },
  { ncic: "KO", iso: "KR", name: "South Korea", provisional: true },
  { ncic: "KN", iso: "KP", name: "North Korea" },
  { ncic: "MG", iso: "MN", name: "Mongolia" },
  { ncic: "RP", iso: "PH", name: "Philippines" },
  { ncic: "VM", iso: "VN", name: "Vietnam" },
  { ncic: "TH", iso: "TH", name: "Thailand" },
  { ncic: "CB", iso: "KH", name: "Cambodia" },
  { ncic: "LQ", iso: "LA", name: "Laos", provisional: true },
  { ncic: "BM", iso: "MM", name: "Burma (Myanmar)" },
  { ncic: "MY", iso: "MY", name: "Malaysia" },
  { ncic: "SN", iso: "SG", name: "Singapore" },
  { ncic: "IO", iso: "ID", name: "Indonesia", provisional: true },
  { ncic: "II", iso: "IN", name: "India", provisional: true },
  { ncic: "PK", iso: "PK", name: "Pakistan" },
  { ncic: "BG", iso: "BD", name: "Bangladesh" },
  { ncic: "NP", iso: "NP", name: "Nepal" },
  { ncic: "CE", iso: "LK", name: "Sri Lanka" },
  { ncic: "AF", iso: "AF", name: "Afghanistan" },
  { ncic: "IR", iso: "IR", name: "Iran" },
  { ncic: "IZ", iso: "IQ", name: "Iraq" },
  { ncic: "SY", iso: "SY", name: "Syria" },
  { ncic: "LE", iso: "LB", name: "Lebanon" },
  { ncic: "JO", iso: "JO", name: "Jordan" },
  { ncic: "IS", iso: "IL", name: "Israel" },
  { ncic: "SA", iso: "SA", name: "Saudi Arabia" },
  { ncic: "YM", iso: "YE", name: "Yemen" },
  { ncic: "AE", iso: "AE", name: "United Arab Emirates" },
  { ncic: "KU", iso: "KW", name: "Kuwait" },
  { ncic: "TU", iso: "TR", name: "Turkey" },
  { ncic: "AM", iso: "AM", name: "Armenia" },
  { ncic: "GG", iso: "GE", name: "Georgia" },
  { ncic: "AJ", iso: "AZ", name: "Azerbaijan" },
  { ncic: "KZ", iso: "KZ", name: "Kazakhstan" },
  { ncic: "UZ", iso: "UZ", name: "Uzbekistan" },
  { ncic: "KG", iso: "KG", name: "Kyrgyzstan" },
  { ncic: "TI", iso: "TJ", name: "Tajikistan" },
  // Africa
  { ncic: "NI", iso: "NG", name: "Nigeria" },
  { ncic: "GH", iso: "GH", name: "Ghana" },
  { ncic: "SG", iso: "SN", name: "Senegal" },
  { ncic: "MR", iso: "MR", name: "Mauritania" },
  { ncic: "GV", iso: "GN", name: "Guinea" },
  { ncic: "SL", iso: "SL", name: "Sierra Leone" },
  { ncic: "LI", iso: "LR", name: "Liberia" },
  { ncic: "IV", iso: "CI", name: "Côte d'Ivoire" },
  { ncic: "TO", iso: "TG", name: "Togo" },
  { ncic: "BN", iso: "BJ", name: "Benin" },
  { ncic: "UV", iso: "BF", name: "Burkina Faso" },
  { ncic: "ML", iso: "ML", name: "Mali" },
  { ncic: "NG", iso: "NE", name: "Niger" },
  { ncic: "CD", iso: "TD", name: "Chad" },
  { ncic: "CM", iso: "CM", name: "Cameroon" },
  { ncic: "CG", iso: "CD", name: "Congo (Kinshasa)" },
  { ncic: "CF", iso: "CG", name: "Congo (Brazzaville)" },
  { ncic: "AO", iso: "AO", name: "Angola" },
  { ncic: "ET", iso: "ET", name: "Ethiopia" },
  { ncic: "ER", iso: "ER", name: "Eritrea" },
  { ncic: "SO", iso: "SO", name: "Somalia" },
  { ncic: "KE", iso: "KE", name: "Kenya" },
  { ncic: "UG", iso: "UG", name: "Uganda" },
  { ncic: "TZ", iso: "TZ", name: "Tanzania" },
  { ncic: "RW", iso: "RW", name: "Rwanda" },
  { ncic: "SU", iso: "SD", name: "Sudan" },
  { ncic: "OD", iso: "SS", name: "South Sudan" },
  { ncic: "EG", iso: "EG", name: "Egypt" },
  { ncic: "LY", iso: "LY", name: "Libya" },
  { ncic: "TS", iso: "TN", name: "Tunisia" },
  { ncic: "AG", iso: "DZ", name: "Algeria" },
  { ncic: "MQ", iso: "MA", name: "Morocco", provisional: true },
  { ncic: "SF", iso: "ZA", name: "South Africa" },
  { ncic: "ZI", iso: "ZW", name: "Zimbabwe" },
  // Oceania, including the Freely Associated States
  { ncic: "NZ", iso: "NZ", name: "New Zealand" },
  { ncic: "FJ", iso: "FJ", name: "Fiji" },
  { ncic: "WS", iso: "WS", name: "Samoa" },
  { ncic: "FM", iso: "FM", name: "Micronesia" },
  { ncic: "RM", iso: "MH", name: "Marshall Islands" },
  { ncic: "PS", iso: "PW", name: "Palau" },
  // Born in the United States, state not known
  { ncic: "US", iso: "US", name: "United States" },
];

/** Every NCIC place lesc accepts: US states and territories by postal code, then countries. */
export const NCIC_PLACES: readonly NcicPlace[] = Object.freeze([
  ...US_JURISDICTIONS.map(
    (j): NcicPlace => ({
      ncic: j.code,
      name: j.name,
      country: j.kind === "TERRITORY" ? j.code : "US",
      usState: j.code,
    }),
  ),
  ...COUNTRY_ROWS.map((row): NcicPlace => ({ ncic: row.ncic, name: row.name, country: row.iso })),
]);

/** NCIC codes of the rows that are lesc's provisional choice (see COUNTRY_ROWS). */
export const PROVISIONAL_NCIC_CODES: ReadonlySet<string> = new Set(
  COUNTRY_ROWS.filter((row) => row.provisional).map((row) => row.ncic),
);

const PLACE_BY_CODE: ReadonlyMap<string, NcicPlace> = new Map(NCIC_PLACES.map((p) => [p.ncic, p]));

/** The place for an NCIC state or country code, or undefined for a code lesc does not know. */
export function ncicPlace(code: string): NcicPlace | undefined {
  return PLACE_BY_CODE.get(code);
}

/**
 * NCIC Uniform Offense Classification categories: the first two digits of a four-digit OFF
 * code. Any code xx01–xx99 in a listed category is accepted; xx99 is the category's generic
 * ("free text") code, and 0399 is the generic immigration code LESC accepts when the charge
 * is unknown (NL-IAQ-TXT, MULES REASON field).
 */
export const OFFENCE_CATEGORIES: Readonly<Record<string, string>> = Object.freeze({
  "01": "Sovereignty",
  "02": "Military",
  "03": "Immigration",
  "09": "Homicide",
  "10": "Kidnapping",
  "11": "Sexual assault",
  "12": "Robbery",
  "13": "Assault",
  "14": "Abortion",
  "20": "Arson",
  "21": "Extortion",
  "22": "Burglary",
  "23": "Larceny",
  "24": "Stolen vehicle",
  "25": "Forgery",
  "26": "Fraudulent activities",
  "27": "Embezzlement",
  "28": "Stolen property",
  "29": "Damage property",
  "35": "Dangerous drugs",
  "36": "Sex offenses",
  "37": "Obscenity",
  "38": "Family offenses",
  "39": "Gambling",
  "40": "Commercialized sex",
  "41": "Liquor",
  "42": "Drunkenness",
  "48": "Obstructing police",
  "49": "Flight / escape",
  "50": "Obstructing the judiciary",
  "51": "Bribery",
  "52": "Weapon offenses",
  "53": "Public peace",
  "54": "Traffic offenses",
  "55": "Health / safety",
  "56": "Civil rights",
  "57": "Invasion of privacy",
  "58": "Smuggling",
  "59": "Election laws",
  "60": "Antitrust",
  "61": "Tax / revenue",
  "62": "Conservation",
  "63": "Vagrancy",
  "64": "Crimes against the person",
  "70": "Crimes against property",
  "71": "Morals / decency crimes",
  "72": "Public order crimes",
});

/** Immigration offence codes named in the table (category 03). */
export const IMMIGRATION_OFFENCES: Readonly<Record<string, string>> = Object.freeze({
  "0301": "Illegal entry",
  "0302": "False citizenship",
  "0303": "Smuggling aliens",
  "0399": "Immigration (generic; use when the charge is unknown)",
});

/** The generic offence code LESC accepts when the charge is not known. */
export const GENERIC_OFFENCE = "0399";

/** The category name of a four-digit offence code, or undefined for a code not in the table. */
export function offenceCategory(code: string): string | undefined {
  if (!/^\d{4}$/.test(code) || code.endsWith("00")) return undefined;
  return OFFENCE_CATEGORIES[code.slice(0, 2)];
}
