/**
 * Directory of the ICE offices lesc routes to: the 25 Enforcement and Removal Operations (ERO) field
 * offices and the 56 attaché offices abroad (in 43 countries).
 *
 * Office codes: field offices use the three-letter ERO area-of-responsibility codes ("BOS", "SPM", ...);
 * attachés use "ATT-" plus a three-letter code for the host city ("ATT-MEX" for Mexico City).
 * `city`/`state` give the office's namesake city, not its street address (e.g. the Washington field office
 * is modelled in Washington, DC although it sits in the Virginia suburbs).
 *
 * ORIs are FAKE. Every ORI here follows the project's fake-ORI convention `^ZZ[A-Z0-9]{7}$`:
 * field offices are "ZZ" + office code + "0000", attachés "ZZA" + two-digit sequence + "0000".
 * Real LESC/ICE ORIs must never be added to this file.
 *
 * Areas of responsibility (AORs) are modelled at whole-state granularity: each state, DC and
 * inhabited territory routes to exactly one field office, the one whose real AOR covers the whole
 * jurisdiction or its largest part. Four real AORs are sub-state areas and so cover no whole
 * jurisdiction here (Buffalo: upstate NY; Houston and Harlingen: parts of TX; San Diego: two CA
 * counties); their states route to New York City, San Antonio and Los Angeles. County-level
 * routing would need the agency's county, which an ORI does not carry.
 */

export type OfficeKind = "FIELD_OFFICE" | "ATTACHE";

export interface OfficeDefinition {
  /** Short stable code, unique across all offices. */
  code: string;
  kind: OfficeKind;
  name: string;
  city: string;
  /** USPS code of the office's own location for field offices; null for attachés. */
  state: string | null;
  /** ISO 3166-1 alpha-2; "US" for field offices. */
  country: string;
  /** FAKE 9-character ORI matching ^ZZ[A-Z0-9]{7}$. */
  ori: string;
  /** USPS codes the field office covers; [] for attachés. */
  areaOfResponsibility: readonly string[];
}

function fieldOffice(
  code: string,
  city: string,
  state: string,
  areaOfResponsibility: readonly string[],
  ori: string,
): OfficeDefinition {
  return Object.freeze({
    code,
    kind: "FIELD_OFFICE",
    name: `${city} Field Office`,
    city,
    state,
    country: "US",
    ori,
    areaOfResponsibility: Object.freeze([...areaOfResponsibility]),
  });
}

function attache(code: string, city: string, country: string, ori: string): OfficeDefinition {
  return Object.freeze({
    code,
    kind: "ATTACHE",
    name: `ICE Attaché ${city}`,
    city,
    state: null,
    country,
    ori,
    areaOfResponsibility: Object.freeze([]),
  });
}

const FIELD_OFFICES: readonly OfficeDefinition[] = [
  fieldOffice("ATL", "Atlanta", "GA", ["GA", "NC", "SC"], "ZZATL0000"),
  fieldOffice("BAL", "Baltimore", "MD", ["MD"], "ZZBAL0000"),
  fieldOffice("BOS", "Boston", "MA", ["CT", "MA", "ME", "NH", "RI", "VT"], "ZZBOS0000"),
  // Real AOR: upstate New York, a sub-state area; all of NY routes to New York City here.
  fieldOffice("BUF", "Buffalo", "NY", [], "ZZBUF0000"),
  fieldOffice("CHI", "Chicago", "IL", ["IL", "IN", "KS", "KY", "MO", "WI"], "ZZCHI0000"),
  // Real AOR: north Texas and Oklahoma. TX is assigned to San Antonio.
  fieldOffice("DAL", "Dallas", "TX", ["OK"], "ZZDAL0000"),
  fieldOffice("DEN", "Denver", "CO", ["CO", "WY"], "ZZDEN0000"),
  fieldOffice("DET", "Detroit", "MI", ["MI", "OH"], "ZZDET0000"),
  // Real AOR: west Texas and New Mexico. TX is assigned to San Antonio.
  fieldOffice("ELP", "El Paso", "TX", ["NM"], "ZZELP0000"),
  // Real AOR: southeast Texas, a sub-state area; all of TX routes to San Antonio here.
  fieldOffice("HOU", "Houston", "TX", [], "ZZHOU0000"),
  // Real AOR: the Los Angeles area and the central coast; stands in for all of California here.
  fieldOffice("LOS", "Los Angeles", "CA", ["CA"], "ZZLOS0000"),
  fieldOffice("MIA", "Miami", "FL", ["FL", "PR", "VI"], "ZZMIA0000"),
  fieldOffice("NEW", "Newark", "NJ", ["NJ"], "ZZNEW0000"),
  fieldOffice("NOL", "New Orleans", "LA", ["AL", "AR", "LA", "MS", "TN"], "ZZNOL0000"),
  // Real AOR: New York City, Long Island and the lower Hudson Valley; stands in for all of New York here.
  fieldOffice("NYC", "New York City", "NY", ["NY"], "ZZNYC0000"),
  fieldOffice("PHI", "Philadelphia", "PA", ["DE", "PA", "WV"], "ZZPHI0000"),
  fieldOffice("PHO", "Phoenix", "AZ", ["AZ"], "ZZPHO0000"),
  fieldOffice("SLC", "Salt Lake City", "UT", ["ID", "MT", "NV", "UT"], "ZZSLC0000"),
  // Real AOR: central and south Texas; stands in for all of Texas here.
  fieldOffice("SNA", "San Antonio", "TX", ["TX"], "ZZSNA0000"),
  // Real AOR: San Diego and Imperial counties, a sub-state area; all of CA routes to Los Angeles here.
  fieldOffice("SND", "San Diego", "CA", [], "ZZSND0000"),
  // Real AOR: northern and central California, Hawaii, Guam, the Northern Mariana Islands and American Samoa.
  fieldOffice("SFR", "San Francisco", "CA", ["AS", "GU", "HI", "MP"], "ZZSFR0000"),
  fieldOffice("SEA", "Seattle", "WA", ["AK", "OR", "WA"], "ZZSEA0000"),
  fieldOffice("SPM", "St. Paul", "MN", ["IA", "MN", "ND", "NE", "SD"], "ZZSPM0000"),
  fieldOffice("WAS", "Washington", "DC", ["DC", "VA"], "ZZWAS0000"),
  // Real AOR: the Rio Grande Valley, a sub-state area; all of TX routes to San Antonio here.
  fieldOffice("HLG", "Harlingen", "TX", [], "ZZHLG0000"),
];

/** 56 attaché offices in 43 countries; ten countries host two to four offices each. */
const ATTACHES: readonly OfficeDefinition[] = [
  // Mexico (4)
  attache("ATT-MEX", "Mexico City", "MX", "ZZA010000"),
  attache("ATT-MTY", "Monterrey", "MX", "ZZA020000"),
  attache("ATT-GDL", "Guadalajara", "MX", "ZZA030000"),
  attache("ATT-TIJ", "Tijuana", "MX", "ZZA040000"),
  // Canada (3)
  attache("ATT-OTT", "Ottawa", "CA", "ZZA050000"),
  attache("ATT-TOR", "Toronto", "CA", "ZZA060000"),
  attache("ATT-VAN", "Vancouver", "CA", "ZZA070000"),
  // China (2)
  attache("ATT-BJS", "Beijing", "CN", "ZZA080000"),
  attache("ATT-CAN", "Guangzhou", "CN", "ZZA090000"),
  // Brazil (2)
  attache("ATT-BSB", "Brasília", "BR", "ZZA100000"),
  attache("ATT-SAO", "São Paulo", "BR", "ZZA110000"),
  // Germany (2)
  attache("ATT-BER", "Berlin", "DE", "ZZA120000"),
  attache("ATT-FRA", "Frankfurt", "DE", "ZZA130000"),
  // India (2)
  attache("ATT-DEL", "New Delhi", "IN", "ZZA140000"),
  attache("ATT-BOM", "Mumbai", "IN", "ZZA150000"),
  // Colombia (2)
  attache("ATT-BOG", "Bogotá", "CO", "ZZA160000"),
  attache("ATT-CTG", "Cartagena", "CO", "ZZA170000"),
  // United Arab Emirates (2)
  attache("ATT-AUH", "Abu Dhabi", "AE", "ZZA180000"),
  attache("ATT-DXB", "Dubai", "AE", "ZZA190000"),
  // Italy (2)
  attache("ATT-ROM", "Rome", "IT", "ZZA200000"),
  attache("ATT-MIL", "Milan", "IT", "ZZA210000"),
  // Australia (2)
  attache("ATT-CBR", "Canberra", "AU", "ZZA220000"),
  attache("ATT-SYD", "Sydney", "AU", "ZZA230000"),
  // One office each (33 countries)
  attache("ATT-LON", "London", "GB", "ZZA240000"),
  attache("ATT-PAR", "Paris", "FR", "ZZA250000"),
  attache("ATT-MAD", "Madrid", "ES", "ZZA260000"),
  attache("ATT-HAG", "The Hague", "NL", "ZZA270000"),
  attache("ATT-BRU", "Brussels", "BE", "ZZA280000"),
  attache("ATT-VIE", "Vienna", "AT", "ZZA290000"),
  attache("ATT-WAW", "Warsaw", "PL", "ZZA300000"),
  attache("ATT-ANK", "Ankara", "TR", "ZZA310000"),
  attache("ATT-TLV", "Tel Aviv", "IL", "ZZA320000"),
  attache("ATT-CAI", "Cairo", "EG", "ZZA330000"),
  attache("ATT-RUH", "Riyadh", "SA", "ZZA340000"),
  attache("ATT-ISB", "Islamabad", "PK", "ZZA350000"),
  attache("ATT-BKK", "Bangkok", "TH", "ZZA360000"),
  attache("ATT-HAN", "Hanoi", "VN", "ZZA370000"),
  attache("ATT-MNL", "Manila", "PH", "ZZA380000"),
  attache("ATT-SIN", "Singapore", "SG", "ZZA390000"),
  attache("ATT-SEL", "Seoul", "KR", "ZZA400000"),
  attache("ATT-TYO", "Tokyo", "JP", "ZZA410000"),
  attache("ATT-HKG", "Hong Kong", "HK", "ZZA420000"),
  attache("ATT-PRY", "Pretoria", "ZA", "ZZA430000"),
  attache("ATT-NBO", "Nairobi", "KE", "ZZA440000"),
  attache("ATT-ABV", "Abuja", "NG", "ZZA450000"),
  attache("ATT-GUA", "Guatemala City", "GT", "ZZA460000"),
  attache("ATT-SAL", "San Salvador", "SV", "ZZA470000"),
  attache("ATT-TGU", "Tegucigalpa", "HN", "ZZA480000"),
  attache("ATT-PTY", "Panama City", "PA", "ZZA490000"),
  attache("ATT-SDQ", "Santo Domingo", "DO", "ZZA500000"),
  attache("ATT-KIN", "Kingston", "JM", "ZZA510000"),
  attache("ATT-LIM", "Lima", "PE", "ZZA520000"),
  attache("ATT-UIO", "Quito", "EC", "ZZA530000"),
  attache("ATT-BUE", "Buenos Aires", "AR", "ZZA540000"),
  attache("ATT-SCL", "Santiago", "CL", "ZZA550000"),
  attache("ATT-SJO", "San José", "CR", "ZZA560000"),
];

export const OFFICES: readonly OfficeDefinition[] = Object.freeze([...FIELD_OFFICES, ...ATTACHES]);

const FIELD_OFFICE_BY_STATE: ReadonlyMap<string, OfficeDefinition> = new Map(
  FIELD_OFFICES.flatMap((office) => office.areaOfResponsibility.map((code) => [code, office] as const)),
);

/**
 * The field office whose (simplified, whole-jurisdiction) area of responsibility covers the given
 * uppercase USPS code, or undefined for an unknown code.
 */
export function fieldOfficeForState(state: string): OfficeDefinition | undefined {
  return FIELD_OFFICE_BY_STATE.get(state);
}
