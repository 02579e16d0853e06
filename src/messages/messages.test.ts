import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isIsoCountryCode, isUsJurisdictionCode } from "../directory/index.js";
import {
  ackData,
  ackFor,
  formatAckText,
  formatAmText,
  formatIaqText,
  formatIaqXml,
  formatIarText,
  formatRejText,
  formatYqText,
  formatYrText,
  IAQ_REQUIRED,
  type Iaq,
  iarData,
  iarFor,
  MAX_XML_BYTES,
  NCIC_PLACES,
  ncicPlace,
  OFFENCE_CATEGORIES,
  offenceCategory,
  type PersonName,
  PROVISIONAL_NCIC_CODES,
  parseAmText,
  parseIaqText,
  parseIaqXml,
  parseNletsText,
  parseYqText,
  type Reject,
  rejData,
  rejFor,
  type Yq,
  yrData,
  yrFor,
} from "./index.js";

// Fixed "today" so DOB edits (no future dates, mmddyy century) are reproducible.
const TODAY = "2025-06-01";
const OPTS = { today: TODAY };

const REFERENCE_TEXT = `IAQ.ZZ0000000.AX.*TEST000001.TXT
PUR/C.ATN/DET J EXAMPLE.PHN/5550100000.NAM/DOE, JOHN Q.DOB/19800101.SEX/M.POB/ZZ.CUS/Y.OFF/0399.ARN/000000000`;

// The reference example with a real NCIC code in POB (ZZ is not one).
const EXAMPLE_TEXT = REFERENCE_TEXT.replace("POB/ZZ", "POB/MX");

const EXAMPLE_IAQ: Iaq = {
  header: { mke: "IAQ", ori: "ZZ0000000", destinations: ["AX"], controlField: "TEST000001" },
  pur: "C",
  atn: "DET J EXAMPLE",
  phn: "5550100000",
  nam: { last: "DOE", first: "JOHN", middle: "Q" },
  dob: "1980-01-01",
  sex: "M",
  pob: { ncic: "MX", name: "Mexico", country: "MX" },
  cus: "Y",
  off: "0399",
  arn: "000000000",
};

// The same inquiry as a sender might write it in NIEM: other prefixes, CDATA control field with
// white space (as in the Nlets Amber Alert sample), Nlets time stamps, comments, a hyphenated
// phone number.
const EXAMPLE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- synthetic test message -->
<n2:NLETS n2:version="4.00" xmlns:n2="http://www.nlets.org/niem/1.0"
    xmlns:nh2="http://www.nlets.org/niem/nlets-hdr/1.0"
    xmlns:core="http://niem.gov/niem/niem-core/2.0" xmlns:j="http://niem.gov/niem/domains/jxdm/4.1">
  <n2:NLETSMessageHeader>
    <nh2:MessageKeyCodeText>IAQ</nh2:MessageKeyCodeText>
    <nh2:OriginatingORIID>ZZ0000000</nh2:OriginatingORIID>
    <nh2:DestinationORIID>AX</nh2:DestinationORIID>
    <nh2:DocumentControlFieldText>
      <![CDATA[TEST000001]]>
    </nh2:DocumentControlFieldText>
    <nh2:MessageSendDate>06/01/2025</nh2:MessageSendDate>
    <nh2:MessageSendTime>05:36</nh2:MessageSendTime>
  </n2:NLETSMessageHeader>
  <n2:NLETSInquiryData>
    <n2:PurposeCode>C</n2:PurposeCode>
    <n2:ResponseAttentionDescriptionText>DET J EXAMPLE</n2:ResponseAttentionDescriptionText>
    <core:ContactInformation><core:ContactTelephoneNumber><core:FullTelephoneNumber>
      <core:TelephoneNumberFullID>555-010-0000</core:TelephoneNumberFullID>
    </core:FullTelephoneNumber></core:ContactTelephoneNumber></core:ContactInformation>
    <n2:Person>
      <core:PersonName>
        <core:PersonGivenName>John</core:PersonGivenName>
        <core:PersonMiddleName>Q</core:PersonMiddleName>
        <core:PersonSurName>Doe</core:PersonSurName>
      </core:PersonName>
      <core:PersonBirthDate><core:Date>1980-01-01</core:Date></core:PersonBirthDate>
      <core:PersonSexCode>M</core:PersonSexCode>
      <j:PersonBirthPlaceCode>MX</j:PersonBirthPlaceCode>
      <j:PersonAlienRegistrationIdentification>
        <core:IdentificationID>000000000</core:IdentificationID>
      </j:PersonAlienRegistrationIdentification>
    </n2:Person>
    <j:ChargeNCICCode>0399</j:ChargeNCICCode>
    <core:Status><core:StatusText>Y</core:StatusText></core:Status>
  </n2:NLETSInquiryData>
</n2:NLETS>`;

function expectReject(result: { ok: boolean; reject?: Reject }, field: string): Reject {
  assert.equal(result.ok, false, `expected a reject naming ${field}`);
  const reject = result.reject!;
  assert.equal(reject.field, field, `expected field ${field}, got ${reject.field}: ${reject.rule}`);
  assert.ok(reject.rule.length > 0);
  assert.match(reject.text, /^REJECT - [\x20-\x7e]+$/);
  assert.equal(reject.text, reject.text.toUpperCase());
  return reject;
}

// ---------------------------------------------------------------------------------------------
// Generators: valid IAQs with fake ORIs and synthetic names.

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

const fakeOri = fc.integer({ min: 0, max: 9_999_999 }).map((n) => `ZZ${String(n).padStart(7, "0")}`);
const controlField = chars(LETTERS + DIGITS, 1, 10);
const header = fc.record(
  {
    mke: fc.constant("IAQ" as const),
    ori: fakeOri,
    destinations: fc.array(fc.oneof(fc.constant("AX"), fakeOri), { minLength: 1, maxLength: 3 }),
    controlField,
  },
  { requiredKeys: ["mke", "ori", "destinations"], noNullPrototype: true },
);

const nameWord = fc
  .tuple(chars(LETTERS, 1, 6), fc.option(fc.tuple(fc.constantFrom("-", "'"), chars(LETTERS, 1, 4))))
  .map(([head, tail]) => (tail === null ? head : head + tail[0] + tail[1]));
const nameWords = (max: number) =>
  fc.array(nameWord, { minLength: 1, maxLength: max }).map((w) => w.join(" "));
const personName: fc.Arbitrary<PersonName> = fc
  .record({ last: nameWords(2), first: nameWord, middle: fc.option(nameWords(2)) })
  .map(({ last, first, middle }) => (middle === null ? { last, first } : { last, first, middle }))
  .filter((n) => `${n.last}, ${n.first}${n.middle ? ` ${n.middle}` : ""}`.length <= 30);

// Free text as the parser normalises it: printable ASCII, single spaces, no period; includes
// the characters XML must escape.
const textToken = chars(`${LETTERS}abcxyz${DIGITS},-/#'&<>"()`, 1, 8);
const freeText = (maxWords: number, maxLength: number) =>
  fc
    .array(textToken, { minLength: 1, maxLength: maxWords })
    .map((w) => w.join(" "))
    .filter((t) => t.length <= maxLength);

const dob = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const place = fc.constantFrom(...NCIC_PLACES);
const usStates = NCIC_PLACES.filter((p) => p.usState !== undefined).map((p) => p.ncic);
const offence = fc.oneof(
  fc.constant("0399"),
  fc
    .tuple(fc.constantFrom(...Object.keys(OFFENCE_CATEGORIES)), fc.integer({ min: 1, max: 99 }))
    .map(([category, n]) => category + String(n).padStart(2, "0")),
);
const ssn = fc
  .tuple(
    fc.integer({ min: 1, max: 899 }).filter((a) => a !== 666),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 9999 }),
  )
  .map(
    ([a, g, s]) => `${String(a).padStart(3, "0")}${String(g).padStart(2, "0")}${String(s).padStart(4, "0")}`,
  );

const validIaq: fc.Arbitrary<Iaq> = fc
  .record(
    {
      header,
      pur: fc.constantFrom("C" as const, "F" as const),
      atn: freeText(5, 30),
      phn: chars(DIGITS, 10, 20),
      nam: personName,
      dob,
      sex: fc.constantFrom("M" as const, "F" as const, "X" as const, "U" as const),
      pob: place,
      cus: fc.constantFrom("Y" as const, "N" as const),
      off: offence,
      arn: chars(DIGITS, 8, 9),
      fbi: chars(LETTERS + DIGITS, 1, 9),
      sid: fc.tuple(fc.constantFrom(...usStates), chars(LETTERS + DIGITS, 1, 8)).map(([s, n]) => s + n),
      licence: fc.record({ oln: chars(LETTERS + DIGITS, 1, 20), ols: place }),
      soc: ssn,
      mnu: fc.tuple(chars(LETTERS, 2, 2), chars(LETTERS + DIGITS, 1, 12)).map(([t, n]) => `${t}-${n}`),
      rem: freeText(80, 500),
    },
    {
      requiredKeys: ["header", "pur", "atn", "phn", "nam", "dob", "sex", "pob", "cus", "off"],
      noNullPrototype: true,
    },
  )
  .map(({ licence, ...rest }) => (licence === undefined ? rest : { ...rest, ...licence }));

// ---------------------------------------------------------------------------------------------
// Single-field corruptions: each value certainly breaks its field's rule.

const BAD_VALUES: Record<string, string[]> = {
  PUR: ["X", "CF", "c"],
  ATN: ["A".repeat(31), "DET \u00c9TIENNE"],
  PHN: ["555010000", "555-010-00AB", "1".repeat(21)],
  NAM: ["DOEJOHN", `DOE, ${"J".repeat(30)}`, "D0E, JOHN", ", JOHN"],
  DOB: ["19800230", "13011980", "0101801", "20990101", "18991231", "023080", "19801301"],
  SEX: ["Q", "MALE"],
  POB: ["QQ", "M1", "MEX"],
  CUS: ["M", "YES"],
  OFF: ["03A9", "3101", "03999", "0300"],
  ARN: ["1234567", "A12345678"],
  FBI: ["1234567890", "12-345"],
  SID: ["ZZ12345", "TX123456789"],
  OLN: ["A".repeat(21), "AB-12"],
  OLS: ["QQ", "Q"],
  SOC: ["000123456", "666123456", "12345678", "900123456"],
  MNU: ["AR12345", "ar-123"],
  REM: ["X".repeat(501)],
};
const BAD_HEADER: Record<string, string[]> = {
  "header.MKE": ["IAR", "YQ"],
  "header.ORI": ["ZZ000000", "Z10000001", "zz0000001", "ZZ00000011"],
  "header.DEST": ["AY", "A", "ZZ00000011"],
  "header.controlField": ["*ABCDEFGHIJK", "*AB-1", "*"],
};

interface TextParts {
  mke: string;
  ori: string;
  destinations: string[];
  control: string | undefined;
  fields: [string, string][];
}

function textParts(iaq: Iaq): TextParts {
  const [head, body] = formatIaqText(iaq).split("\n") as [string, string];
  const tokens = head.split(".");
  const control = tokens.find((t) => t.startsWith("*"));
  return {
    mke: tokens[0]!,
    ori: tokens[1]!,
    destinations: tokens.slice(2).filter((t) => t !== "TXT" && !t.startsWith("*")),
    control,
    fields: body
      .split(".")
      .filter((t) => t !== "")
      .map((t) => [t.slice(0, 3), t.slice(4)]),
  };
}

function textOf(parts: TextParts): string {
  const control = parts.control === undefined ? "" : `${parts.control}.`;
  const head = `${parts.mke}.${parts.ori}.${parts.destinations.join(".")}.${control}TXT`;
  return `${head}\n${parts.fields.map(([p, v]) => `${p}/${v}.`).join("")}`;
}

type Corruption = { kind: "drop" | "bad" | "duplicate" | "header"; field: string; index: number };
const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant("drop" as const), field: fc.constantFrom(...IAQ_REQUIRED), index: fc.nat() }),
  fc.record({
    kind: fc.constant("bad" as const),
    field: fc.constantFrom(...Object.keys(BAD_VALUES)),
    index: fc.nat(),
  }),
  fc.record({
    kind: fc.constant("duplicate" as const),
    field: fc.constantFrom(...IAQ_REQUIRED),
    index: fc.nat(),
  }),
  fc.record({
    kind: fc.constant("header" as const),
    field: fc.constantFrom(...Object.keys(BAD_HEADER)),
    index: fc.nat(),
  }),
);

function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length]!;
}

/** Applies one corruption to the legacy text of a valid IAQ. */
function corruptText(iaq: Iaq, c: Corruption): string {
  const parts = textParts(iaq);
  const set = (prefix: string, value: string) => {
    const at = parts.fields.findIndex(([p]) => p === prefix);
    if (at === -1) parts.fields.push([prefix, value]);
    else parts.fields[at] = [prefix, value];
  };
  switch (c.kind) {
    case "drop":
      parts.fields = parts.fields.filter(([p]) => p !== c.field);
      break;
    case "duplicate": {
      const field = parts.fields.find(([p]) => p === c.field)!;
      parts.fields.push([...field]);
      break;
    }
    case "bad":
      set(c.field, pick(BAD_VALUES[c.field]!, c.index));
      // OLN and OLS travel together; give the bad one a valid partner.
      if (c.field === "OLN" && iaq.ols === undefined) set("OLS", "MX");
      if (c.field === "OLS" && iaq.oln === undefined) set("OLN", "A1234567");
      break;
    case "header": {
      const bad = pick(BAD_HEADER[c.field]!, c.index);
      if (c.field === "header.MKE") parts.mke = bad;
      if (c.field === "header.ORI") parts.ori = bad;
      if (c.field === "header.DEST") parts.destinations[c.index % parts.destinations.length] = bad;
      if (c.field === "header.controlField") parts.control = bad;
      break;
    }
  }
  return textOf(parts);
}

/** Where each field's value sits in the XML formatIaqXml writes. */
const XML_LEAF: Record<string, RegExp> = {
  PUR: /(<n2:PurposeCode>)[^<]*(<\/n2:PurposeCode>)/,
  ATN: /(<n2:ResponseAttentionDescriptionText>)[^<]*(<\/n2:ResponseAttentionDescriptionText>)/,
  PHN: /(<nc:TelephoneNumberFullID>)[^<]*(<\/nc:TelephoneNumberFullID>)/,
  NAM: /(<nc:PersonSurName>)[^<]*(<\/nc:PersonSurName>)/,
  DOB: /(<nc:Date>)[^<]*(<\/nc:Date>)/,
  SEX: /(<nc:PersonSexCode>)[^<]*(<\/nc:PersonSexCode>)/,
  POB: /(<j4:PersonBirthPlaceCode>)[^<]*(<\/j4:PersonBirthPlaceCode>)/,
  CUS: /(<nc:StatusText>)[^<]*(<\/nc:StatusText>)/,
  OFF: /(<j4:ChargeNCICCode>)[^<]*(<\/j4:ChargeNCICCode>)/,
  ARN: /(<j4:PersonAlienRegistrationIdentification>\s*<nc:IdentificationID>)[^<]*(<\/nc:IdentificationID>)/,
  FBI: /(<j4:PersonFBIIdentification>\s*<nc:IdentificationID>)[^<]*(<\/nc:IdentificationID>)/,
  SID: /(<j4:PersonStateFingerprintIdentification>\s*<nc:IdentificationID>)[^<]*(<\/nc:IdentificationID>)/,
  OLN: /(<j4:DriverLicenseIdentification>\s*<nc:IdentificationID>)[^<]*(<\/nc:IdentificationID>)/,
  OLS: /(<nc:IdentificationJurisdictionNCICLSTACode>)[^<]*(<\/nc:IdentificationJurisdictionNCICLSTACode>)/,
  SOC: /(<nc:PersonSSNIdentification>\s*<nc:IdentificationID>)[^<]*(<\/nc:IdentificationID>)/,
  MNU: /(<nc:PersonOtherIdentification>\s*<nc:IdentificationID>)[^<]*(<\/nc:IdentificationID>)/,
  REM: /(<nc:CommentText>)[^<]*(<\/nc:CommentText>)/,
  "header.MKE": /(<nh2:MessageKeyCodeText>)[^<]*(<\/nh2:MessageKeyCodeText>)/,
  "header.ORI": /(<nh2:OriginatingORIID>)[^<]*(<\/nh2:OriginatingORIID>)/,
  "header.DEST": /(<nh2:DestinationORIID>)[^<]*(<\/nh2:DestinationORIID>)/,
  "header.controlField": /(<nh2:DocumentControlFieldText>)[^<]*(<\/nh2:DocumentControlFieldText>)/,
};
// In NIEM the name comes in parts, so a name without a comma is not a fault there.
const BAD_XML_SURNAMES = ["D0E", "L".repeat(31), "DOE,"];
// OFF is not dropped: in NIEM an absent charge means 0399 (NL-IAQ-XML).
const XML_DROPPABLE: Record<string, RegExp> = {
  PUR: /\s*<n2:PurposeCode>[^<]*<\/n2:PurposeCode>/,
  ATN: /\s*<n2:ResponseAttentionDescriptionText>[^<]*<\/n2:ResponseAttentionDescriptionText>/,
  PHN: /\s*<nc:ContactInformation>[\s\S]*<\/nc:ContactInformation>/,
  NAM: /\s*<nc:PersonName>[\s\S]*<\/nc:PersonName>/,
  DOB: /\s*<nc:PersonBirthDate>[\s\S]*<\/nc:PersonBirthDate>/,
  SEX: /\s*<nc:PersonSexCode>[^<]*<\/nc:PersonSexCode>/,
  POB: /\s*<j4:PersonBirthPlaceCode>[^<]*<\/j4:PersonBirthPlaceCode>/,
  CUS: /\s*<nc:Status>[\s\S]*<\/nc:Status>/,
};

// ---------------------------------------------------------------------------------------------

describe("NCIC code tables", () => {
  it("every code is unique, two letters, and maps to a real ISO country", () => {
    const codes = NCIC_PLACES.map((p) => p.ncic);
    assert.equal(new Set(codes).size, codes.length);
    for (const p of NCIC_PLACES) {
      assert.match(p.ncic, /^[A-Z]{2}$/);
      assert.ok(isIsoCountryCode(p.country), `${p.ncic} → ${p.country}`);
    }
  });

  it("holds the US jurisdictions by postal code and at least 60 countries, none read as a state", () => {
    const countries = NCIC_PLACES.filter((p) => p.usState === undefined);
    assert.ok(countries.length >= 60);
    for (const c of countries) assert.equal(isUsJurisdictionCode(c.ncic), false, c.ncic);
    assert.deepEqual(ncicPlace("TX"), { ncic: "TX", name: "Texas", country: "US", usState: "TX" });
    assert.equal(ncicPlace("PR")?.country, "PR");
    for (const code of PROVISIONAL_NCIC_CODES) assert.ok(ncicPlace(code));
  });

  it("NCIC country codes that differ from ISO map to the right country", () => {
    assert.equal(ncicPlace("MX")?.country, "MX");
    assert.equal(ncicPlace("ES")?.country, "SV");
    assert.equal(ncicPlace("SP")?.country, "ES");
    assert.equal(ncicPlace("GM")?.country, "DE");
    assert.equal(ncicPlace("CH")?.country, "CN");
    assert.equal(ncicPlace("HO")?.country, "HN");
    assert.equal(ncicPlace("QQ"), undefined);
    assert.equal(ncicPlace("ZZ"), undefined);
  });

  it("offence codes: 0399 and any code of a known category, nothing else", () => {
    assert.equal(offenceCategory("0399"), "Immigration");
    assert.equal(offenceCategory("1399"), "Assault");
    assert.equal(offenceCategory("3101"), undefined);
    assert.equal(offenceCategory("0300"), undefined);
    assert.equal(offenceCategory("399"), undefined);
  });
});

describe("IAQ legacy text", () => {
  it("parses the reference example (with a real POB code) to a typed IAQ", () => {
    assert.deepEqual(parseIaqText(EXAMPLE_TEXT, OPTS), { ok: true, iaq: EXAMPLE_IAQ });
  });

  it("rejects the reference example as written: ZZ is not an NCIC place-of-birth code", () => {
    const result = parseIaqText(REFERENCE_TEXT, OPTS);
    const reject = expectReject(result, "POB");
    assert.equal(reject.text, "REJECT - POB/ - IS NOT A KNOWN NCIC STATE OR COUNTRY CODE");
    assert.ok(!result.ok && result.echo.controlField === "TEST000001" && result.echo.ori === "ZZ0000000");
  });

  it("formats every field followed by a period and parses back to the same IAQ", () => {
    const text = formatIaqText(EXAMPLE_IAQ);
    assert.equal(text, `${EXAMPLE_TEXT}.`);
    assert.deepEqual(parseIaqText(text, OPTS), { ok: true, iaq: EXAMPLE_IAQ });
  });

  it("reads DOB in both reference formats; a two-digit year is the latest not in the future", () => {
    const dobOf = (value: string) => {
      const r = parseIaqText(EXAMPLE_TEXT.replace("DOB/19800101", `DOB/${value}`), OPTS);
      assert.ok(r.ok, value);
      return r.iaq.dob;
    };
    assert.equal(dobOf("010180"), "1980-01-01");
    assert.equal(dobOf("19800101"), "1980-01-01");
    assert.equal(dobOf("053125"), "2025-05-31");
    assert.equal(dobOf("060225"), "1925-06-02");
    assert.equal(dobOf("022900"), "2000-02-29");
    expectReject(parseIaqText(EXAMPLE_TEXT.replace("DOB/19800101", "DOB/19000229"), OPTS), "DOB");
  });

  it("normalises what senders vary: name case, phone punctuation, spacing, line breaks", () => {
    const text =
      "IAQ.ZZ0000000.AX.TXT\nPUR/C.ATN/DET  J   EXAMPLE.PHN/(555) 010-0000.\nNAM/Doe,John Q.DOB/010180.SEX/M.POB/MX.CUS/Y.OFF/0399.";
    const result = parseIaqText(text, OPTS);
    assert.ok(result.ok);
    assert.deepEqual(result.iaq.nam, { last: "DOE", first: "JOHN", middle: "Q" });
    assert.equal(result.iaq.phn, "5550100000");
    assert.equal(result.iaq.atn, "DET J EXAMPLE");
    assert.equal(result.iaq.header.controlField, undefined);
    assert.equal("controlField" in result.iaq.header, false);
  });

  it("takes compound surnames and several middle names", () => {
    const r = parseIaqText(EXAMPLE_TEXT.replace("DOE, JOHN Q", "DE LA CRUZ, MARIA J O'NEIL"), OPTS);
    assert.ok(r.ok);
    assert.deepEqual(r.iaq.nam, { last: "DE LA CRUZ", first: "MARIA", middle: "J O'NEIL" });
  });

  it("accepts AX or lesc's own ORI as destination, nothing else when lesc's ORI is configured", () => {
    const own = { ...OPTS, ownOri: "ZZLESC001" };
    assert.ok(parseIaqText(EXAMPLE_TEXT, own).ok);
    assert.ok(parseIaqText(EXAMPLE_TEXT.replace(".AX.", ".ZZLESC001."), own).ok);
    expectReject(parseIaqText(EXAMPLE_TEXT.replace(".AX.", ".ZZ0000009."), own), "header.DEST");
    expectReject(parseIaqText(EXAMPLE_TEXT.replace(".AX.", "."), own), "header.DEST");
  });

  it("names the field for the structural faults of a legacy body", () => {
    const swap = EXAMPLE_TEXT.replace("PUR/C.ATN/DET J EXAMPLE", "ATN/DET J EXAMPLE.PUR/C");
    expectReject(parseIaqText(swap, OPTS), "PUR");
    expectReject(parseIaqText(EXAMPLE_TEXT.replace("PUR/C.", "PUR/C.ARN/000000001."), OPTS), "ARN");
    expectReject(parseIaqText(EXAMPLE_TEXT.replace("SEX/M.", "SEX/M.XYZ/1."), OPTS), "XYZ");
    expectReject(parseIaqText(EXAMPLE_TEXT.replace("SEX/M.", "SEX/."), OPTS), "SEX");
    expectReject(parseIaqText(EXAMPLE_TEXT.replace("SEX/M.", "SEX/M.."), OPTS), "TXT");
    expectReject(parseIaqText(`${EXAMPLE_TEXT}.OLN/A1234567`, OPTS), "OLS");
    expectReject(parseIaqText(EXAMPLE_TEXT.replace(".TXT", ""), OPTS), "header.TXT");
    expectReject(parseIaqText(`IAQ.ZZ0000000.AX.*T1.TXT\n${"REM/X.".repeat(3000)}`, OPTS), "message");
    expectReject(parseIaqText(EXAMPLE_TEXT.replace("DET J", "DET\u0007J"), OPTS), "message");
  });

  it("every valid IAQ round-trips through its legacy text", () => {
    fc.assert(
      fc.property(validIaq, (iaq) => {
        assert.deepEqual(parseIaqText(formatIaqText(iaq), OPTS), { ok: true, iaq });
      }),
      { numRuns: 1000 },
    );
  });

  it("every single-field corruption is rejected, naming that field", () => {
    fc.assert(
      fc.property(validIaq, corruption, (iaq, c) => {
        const result = parseIaqText(corruptText(iaq, c), OPTS);
        expectReject(result, c.field);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("IAQ NIEM XML", () => {
  it("the reference example in XML parses to the same IAQ as its legacy text", () => {
    const fromXml = parseIaqXml(EXAMPLE_XML, OPTS);
    assert.deepEqual(fromXml, { ok: true, iaq: EXAMPLE_IAQ });
    assert.deepEqual(fromXml, parseIaqText(EXAMPLE_TEXT, OPTS));
  });

  it("an absent charge code means 0399", () => {
    const xml = EXAMPLE_XML.replace("<j:ChargeNCICCode>0399</j:ChargeNCICCode>", "");
    const result = parseIaqXml(xml, OPTS);
    assert.ok(result.ok);
    assert.equal(result.iaq.off, "0399");
  });

  it("names unknown elements, duplicated fields and misplaced text", () => {
    expectReject(
      parseIaqXml(EXAMPLE_XML.replace("<n2:PurposeCode>", "<n2:Extra/><n2:PurposeCode>"), OPTS),
      "xml.n2:Extra",
    );
    const twice = EXAMPLE_XML.replace(
      "<n2:PurposeCode>C</n2:PurposeCode>",
      "<n2:PurposeCode>C</n2:PurposeCode>".repeat(2),
    );
    expectReject(parseIaqXml(twice, OPTS), "PUR");
    expectReject(parseIaqXml(EXAMPLE_XML.replace("<n2:Person>", "<n2:Person>stray"), OPTS), "xml.n2:Person");
    expectReject(
      parseIaqXml(EXAMPLE_XML.replace("<core:PersonGivenName>John</core:PersonGivenName>", ""), OPTS),
      "NAM",
    );
    expectReject(parseIaqXml("<root/>", OPTS), "xml");
    expectReject(parseIaqXml(EXAMPLE_XML.replace("</n2:NLETS>", ""), OPTS), "xml");
  });

  it("every valid IAQ round-trips through its XML, and both forms give the same IAQ", () => {
    fc.assert(
      fc.property(validIaq, (iaq) => {
        const fromXml = parseIaqXml(formatIaqXml(iaq), OPTS);
        assert.deepEqual(fromXml, { ok: true, iaq });
        assert.deepEqual(fromXml, parseIaqText(formatIaqText(iaq), OPTS));
      }),
      { numRuns: 1000 },
    );
  });

  it("every single-field corruption of the XML is rejected, naming that field", () => {
    const present = (iaq: Iaq) =>
      Object.keys(XML_LEAF).filter(
        (k) => XML_LEAF[k]!.test(formatIaqXml(iaq)) && k in BAD_VALUES,
      ) as string[];
    const xmlCorruption = fc.oneof(
      fc.record({
        kind: fc.constant("drop" as const),
        field: fc.constantFrom(...Object.keys(XML_DROPPABLE)),
        index: fc.nat(),
      }),
      fc.record({ kind: fc.constant("bad" as const), field: fc.constant(""), index: fc.nat() }),
      fc.record({
        kind: fc.constant("header" as const),
        field: fc.constantFrom(...Object.keys(BAD_HEADER)),
        index: fc.nat(),
      }),
    );
    fc.assert(
      fc.property(validIaq, xmlCorruption, (iaq, c) => {
        let xml = formatIaqXml(iaq);
        let field = c.field;
        if (c.kind === "drop") {
          xml = xml.replace(XML_DROPPABLE[field]!, "");
        } else if (c.kind === "bad") {
          field = pick(present(iaq), c.index);
          const bad = field === "NAM" ? pick(BAD_XML_SURNAMES, c.index) : pick(BAD_VALUES[field]!, c.index);
          xml = xml.replace(XML_LEAF[field]!, `$1${bad}$2`);
        } else {
          const bad = pick(BAD_HEADER[field]!, c.index).replace(/^\*/, "");
          // An empty control field in XML is simply no control field; use an over-long one.
          const value = field === "header.controlField" && bad === "" ? "ABCDEFGHIJK" : bad;
          if (field === "header.controlField" && iaq.header.controlField === undefined) {
            xml = xml.replace(
              "</n2:NLETSMessageHeader>",
              `<nh2:DocumentControlFieldText>${value}</nh2:DocumentControlFieldText></n2:NLETSMessageHeader>`,
            );
          } else {
            xml = xml.replace(XML_LEAF[field]!, `$1${value}$2`);
          }
        }
        expectReject(parseIaqXml(xml, OPTS), field);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("XML entity expansion is off", () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<n2:NLETS xmlns:n2="http://www.nlets.org/niem/1.0"><n2:NLETSInquiryData>&lol9;</n2:NLETSInquiryData></n2:NLETS>`;

  it("a billion-laughs document is refused at once, naming the DOCTYPE", () => {
    const started = performance.now();
    const reject = expectReject(parseIaqXml(billionLaughs, OPTS), "xml.DOCTYPE");
    assert.ok(performance.now() - started < 100);
    assert.doesNotMatch(reject.text, /LOL/);
  });

  it("an external entity is refused without being fetched", () => {
    const xxe = EXAMPLE_XML.replace(
      "<!-- synthetic test message -->",
      '<!DOCTYPE n2:NLETS [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>',
    ).replace("DET J EXAMPLE", "&xxe;");
    expectReject(parseIaqXml(xxe, OPTS), "xml.DOCTYPE");
    expectReject(parseIaqXml(xxe.replace("<!DOCTYPE", "<!doctype"), OPTS), "xml.DOCTYPE");
  });

  it("an ENTITY declaration anywhere is refused, naming the ENTITY", () => {
    const stray = EXAMPLE_XML.replace(
      "<!-- synthetic test message -->",
      '<!ENTITY % pe SYSTEM "http://example.invalid/x">',
    );
    expectReject(parseIaqXml(stray, OPTS), "xml.ENTITY");
  });

  it("an undeclared entity reference is refused, not expanded", () => {
    const reject = expectReject(parseIaqXml(EXAMPLE_XML.replace("DET J EXAMPLE", "&xxe;"), OPTS), "xml");
    assert.match(reject.rule, /entity expansion is off/);
    const escaped = parseIaqXml(EXAMPLE_XML.replace("DET J EXAMPLE", "DET &amp; J &#69;XAMPLE"), OPTS);
    assert.ok(escaped.ok);
    assert.equal(escaped.iaq.atn, "DET & J EXAMPLE");
  });

  it("refuses documents over 64 KiB and absurd nesting", () => {
    const padded = EXAMPLE_XML.replace("<!-- synthetic", `<!-- ${"x".repeat(MAX_XML_BYTES)} synthetic`);
    expectReject(parseIaqXml(padded, OPTS), "xml");
    const deep = `${"<a>".repeat(100)}${"</a>".repeat(100)}`;
    expectReject(parseIaqXml(deep, OPTS), "xml");
  });
});

describe("parsers never throw", () => {
  const parsers: [string, (s: string) => { ok: boolean }][] = [
    ["parseIaqText", (s) => parseIaqText(s, OPTS)],
    ["parseIaqXml", (s) => parseIaqXml(s, OPTS)],
    ["parseAmText", (s) => parseAmText(s)],
    ["parseNletsText", (s) => parseNletsText(s, OPTS)],
  ];
  const returnsAValue = (parse: (s: string) => { ok: boolean }) => (input: string) => {
    const result = parse(input);
    assert.equal(typeof result.ok, "boolean");
  };

  for (const [name, parse] of parsers) {
    it(`${name}: arbitrary strings give a value`, () => {
      const anyText = fc.oneof(
        fc.string({ unit: "binary", maxLength: 300 }),
        fc.string({ unit: "binary", maxLength: 300 }).map((s) => `IAQ.ZZ0000001.AX.*C1.TXT\n${s}`),
        fc.string({ unit: "binary", maxLength: 300 }).map((s) => `AM.ZZ0000001.AX.TXT\n${s}`),
      );
      fc.assert(fc.property(anyText, returnsAValue(parse)), { numRuns: 2000 });
    });
  }

  const mutate = (text: string, edits: [number, number, string][]) =>
    edits.reduce((t, [at, cut, insert]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + (cut % 4));
    }, text);
  const edits = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: "binary", maxLength: 3 })), {
    minLength: 1,
    maxLength: 6,
  });

  it("mutated valid legacy IAQs give a value", () => {
    fc.assert(
      fc.property(validIaq, edits, (iaq, e) => returnsAValue(parsers[0]![1])(mutate(formatIaqText(iaq), e))),
      { numRuns: 2000 },
    );
  });

  it("mutated valid XML IAQs and XML token soup give a value", () => {
    fc.assert(
      fc.property(validIaq, edits, (iaq, e) => returnsAValue(parsers[1]![1])(mutate(formatIaqXml(iaq), e))),
      { numRuns: 2000 },
    );
    const token = fc.constantFrom(
      "<",
      ">",
      "</",
      "/>",
      "<!--",
      "-->",
      "<![CDATA[",
      "]]>",
      "<?xml ",
      "?>",
      "<!DOCTYPE",
      "&",
      "&amp;",
      "&#x1F600;",
      "&#0;",
      ";",
      '"',
      "'",
      "=",
      " ",
      "xmlns:n2=",
      "n2:NLETS",
      "a",
      "nh2:",
      "\ud800",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) =>
        returnsAValue(parsers[1]![1])(tokens.join("")),
      ),
      { numRuns: 2000 },
    );
  });
});

describe("replies: IAR, ACK, REJ", () => {
  const to = { ori: "ZZ0000001", controlField: "TERM01" };
  const iar = iarFor(to, {
    inquiryId: "inq-0001",
    stage: "PRELIMINARY",
    result: "HIT",
    candidates: [
      {
        source: "IVF",
        nic: "N000000123",
        oca: "OCA-1",
        arn: "000000000",
        name: "Doe, John Q.",
        dob: "1980-01-01",
        score: 0.934,
        decision: "match",
      },
      {
        source: "IMMIGRATION_INDEX",
        nic: null,
        oca: null,
        arn: null,
        name: "Dóe, Jon",
        dob: null,
        score: 0.61,
        decision: "possible",
      },
    ],
    narrative: "Subject matches an IVF record.\nCall the agency.",
  });

  it("IAR data has exactly the contract's shape and echoes the control field", () => {
    const data = iarData(iar);
    assert.deepEqual(Object.keys(data), [
      "inquiryId",
      "controlField",
      "stage",
      "result",
      "candidates",
      "narrative",
    ]);
    assert.deepEqual(Object.keys(data.candidates[0]!), [
      "source",
      "nic",
      "oca",
      "arn",
      "name",
      "dob",
      "score",
      "decision",
    ]);
    assert.equal(data.controlField, "TERM01");
    assert.deepEqual(JSON.parse(JSON.stringify(data)), data);
  });

  it("IAR text goes from AX to the requester, echoes the control field, leaves blanks out", () => {
    const text = formatIarText(iar);
    const lines = text.split("\n");
    assert.equal(lines[0], "IAR.AX.ZZ0000001.*TERM01.TXT");
    assert.ok(lines.includes("INQ/INQ-0001.STG/PRELIMINARY.RES/HIT.CNT/2."));
    assert.ok(
      lines.includes(
        "01 SRC/IVF.NIC/N000000123.OCA/OCA-1.ARN/000000000.NAM/DOE, JOHN Q.DOB/19800101.SCR/93.DEC/MATCH.",
      ),
    );
    assert.ok(lines.includes("02 SRC/IMMIGRATION_INDEX.NAM/DOE, JON.SCR/61.DEC/POSSIBLE."));
    assert.ok(lines.includes("SUBJECT MATCHES AN IVF RECORD."));
    assert.match(text, /^[\x20-\x7e\n]+$/);
  });

  it("ACK and REJ name the message, the field and the rule, and echo the control field", () => {
    const ack = ackFor(to, "IAQ", "msg-1");
    assert.equal(formatAckText(ack), "ACK.AX.ZZ0000001.*TERM01.TXT\nIAQ RECEIVED. MSG/MSG-1.\n");
    assert.deepEqual(ackData(ack), { messageId: "msg-1", acknowledges: "IAQ", controlField: "TERM01" });

    const parsed = parseIaqText(EXAMPLE_TEXT.replace("DOB/19800101", "DOB/19800230"), OPTS);
    assert.ok(!parsed.ok);
    const rej = rejFor({ ori: "ZZ0000000", ...parsed.echo }, parsed.reject);
    assert.equal(
      formatRejText(rej),
      "REJ.AX.ZZ0000000.*TEST000001.TXT\nREJECT - DOB/ - MUST BE A REAL CALENDAR DATE\n",
    );
    assert.deepEqual(rejData(rej), {
      error: "DOB: must be a real calendar date",
      reject: "REJECT - DOB/ - MUST BE A REAL CALENDAR DATE",
      field: "DOB",
      rule: "must be a real calendar date",
      controlField: "TEST000001",
    });
  });
});

describe("AM administrative messages", () => {
  it("parses an AM to the LESC HELP file", () => {
    const result = parseAmText("AM.ZZ0000001.AXADMHELP.*T1.TXT\nPLEASE SEND THE IAQ HELP FILE.\n");
    assert.deepEqual(result, {
      ok: true,
      am: {
        header: { mke: "AM", ori: "ZZ0000001", destinations: ["AXADMHELP"], controlField: "T1" },
        text: "PLEASE SEND THE IAQ HELP FILE.",
      },
    });
  });

  it("an AM without text, or with a bad header, is rejected naming the field", () => {
    expectReject(parseAmText("AM.ZZ0000001.AX.TXT\n  \n"), "TXT");
    expectReject(parseAmText("AM.ZZ000001.AX.TXT\nHELLO"), "header.ORI");
    assert.ok(parseAmText("AM.ZZ0000001.ZZLESC001.TXT\nHELLO", { ownOri: "ZZLESC001" }).ok);
    expectReject(parseAmText("AM.ZZ0000001.ZZ0000009.TXT\nHELLO", { ownOri: "ZZLESC001" }), "header.DEST");
  });

  it("every AM round-trips", () => {
    const line = fc
      .string({ unit: fc.constantFrom(...`${LETTERS}${DIGITS} .,/-*`), maxLength: 60 })
      .map((l) => l.trimEnd());
    const text = fc
      .array(line, { minLength: 1, maxLength: 8 })
      .map((lines) => lines.join("\n").replace(/^\n+|\n+$/g, ""))
      .filter((t) => t.trim() !== "");
    const am = fc.record(
      {
        header: fc.record(
          {
            mke: fc.constant("AM" as const),
            ori: fakeOri,
            destinations: fc.constant<string[]>(["AX"]),
            controlField,
          },
          { requiredKeys: ["mke", "ori", "destinations"], noNullPrototype: true },
        ),
        text,
      },
      { noNullPrototype: true },
    );
    fc.assert(
      fc.property(am, (message) => {
        assert.deepEqual(parseAmText(formatAmText(message)), { ok: true, am: message });
      }),
      { numRuns: 500 },
    );
  });

  it("parseNletsText dispatches on the message key", () => {
    const iaq = parseNletsText(EXAMPLE_TEXT, OPTS);
    assert.ok(iaq.ok && iaq.message.type === "IAQ");
    const am = parseNletsText("AM.ZZ0000001.AX.TXT\nHELLO");
    assert.ok(am.ok && am.message.type === "AM");
    expectReject(parseNletsText("YR.ZZ0000001.AX.TXT\nSTA/CONFIRMED."), "header.MKE");
    // A YQ is read now; this one lacks its required fields.
    expectReject(parseNletsText("YQ.ZZ0000001.AX.TXT\nRTY/WP."), "RNO");
  });
});

describe("YQ hit confirmation request", () => {
  const YQ_TEXT =
    "YQ.ZZ0000000.AX.*HIT0000001.TXT\nRTY/WP.RNO/1.PRI/U.OCA/CASE-2025-0017.NIC/N000000123.NAM/DOE, JOHN Q.DOB/19800101.SEX/M.\n";

  it("parses the person data set and round-trips through its legacy text", () => {
    const parsed = parseYqText(YQ_TEXT, OPTS);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.yq, {
      header: { mke: "YQ", ori: "ZZ0000000", destinations: ["AX"], controlField: "HIT0000001" },
      rty: "WP",
      rno: 1,
      pri: "U",
      oca: "CASE-2025-0017",
      nic: "N000000123",
      nam: { last: "DOE", first: "JOHN", middle: "Q" },
      dob: "1980-01-01",
      sex: "M",
    });
    assert.equal(formatYqText(parsed.yq), YQ_TEXT);
    const viaSwitch = parseNletsText(YQ_TEXT, OPTS);
    assert.ok(viaSwitch.ok && viaSwitch.message.type === "YQ");
  });

  it("applies the reference edits, naming the field", () => {
    const edit = (from: string, to: string) => parseYqText(YQ_TEXT.replace(from, to), OPTS);
    expectReject(edit("RNO/1", "RNO/4"), "RNO");
    expectReject(edit("PRI/U", "PRI/X"), "PRI");
    expectReject(edit("RTY/WP", "RTY/ZZ"), "RTY");
    expectReject(edit("NIC/N000000123", "NIC/123"), "NIC");
    expectReject(edit("OCA/CASE-2025-0017.", ""), "OCA");
    expectReject(edit("OCA/CASE-2025-0017", "OCA/"), "OCA");
    expectReject(edit("DOB/19800101", "DOB/19801301"), "DOB");
    expectReject(edit("NAM/DOE, JOHN Q", "NAM/DOE JOHN"), "NAM");
    // A data set that does not fit the RTY is rejected (NL-YQ-TXT): a plate on a wanted person.
    expectReject(edit("SEX/M.", "SEX/M.LIC/ABC123."), "LIC");
    expectReject(edit("NAM/DOE, JOHN Q.DOB/19800101.SEX/M.", "LIC/ABC123."), "LIC");
    const plate = parseYqText(
      YQ_TEXT.replace("RTY/WP", "RTY/SL").replace("NAM/DOE, JOHN Q.DOB/19800101.SEX/M.", "LIC/ABC123."),
      OPTS,
    );
    expectReject(plate, "RTY");
    expectReject(edit("NAM/DOE, JOHN Q.DOB/19800101.SEX/M.", ""), "NAM");
    expectReject(edit("SEX/M.", "SEX/M.FOO/1."), "FOO");
  });

  const yq: fc.Arbitrary<Yq> = fc
    .record({
      ori: fakeOri,
      control: fc.option(controlField),
      rno: fc.constantFrom(1 as const, 2 as const, 3 as const),
      pri: fc.constantFrom("U" as const, "R" as const),
      oca: chars(`${LETTERS}${DIGITS}-`, 1, 20),
      nic: chars(DIGITS, 9, 9).map((d) => `N${d}`),
      nam: personName,
      dob: fc.option(
        fc.date({ min: new Date("1930-01-01"), max: new Date("2005-12-31"), noInvalidDate: true }),
      ),
      sex: fc.option(fc.constantFrom("M" as const, "F" as const, "X" as const, "U" as const)),
    })
    .map(({ ori, control, rno, pri, oca, nic, nam, dob, sex }) => {
      const value: Yq = {
        header: {
          mke: "YQ",
          ori,
          destinations: ["AX"],
          ...(control === null ? {} : { controlField: control }),
        },
        rty: "WP",
        rno,
        pri,
        oca,
        nic,
        nam,
      };
      if (dob !== null) value.dob = dob.toISOString().slice(0, 10);
      if (sex !== null) value.sex = sex;
      return value;
    });

  it("every valid YQ round-trips through its legacy text", () => {
    fc.assert(
      fc.property(yq, (value) => {
        const parsed = parseYqText(formatYqText(value), OPTS);
        assert.ok(parsed.ok, JSON.stringify(parsed));
        assert.deepEqual(parsed.yq, value);
      }),
      { numRuns: 300 },
    );
  });

  it("every single-field corruption of a YQ is rejected, naming that field", () => {
    const corrupt: Record<string, string> = {
      RNO: "7",
      PRI: "Q",
      NIC: "X12",
      RTY: "QQ",
      DOB: "20251399",
      SEX: "Z",
    };
    fc.assert(
      fc.property(yq, fc.constantFrom(...Object.keys(corrupt)), (value, field) => {
        const text = formatYqText({ ...value, dob: value.dob ?? "1980-01-01", sex: value.sex ?? "M" });
        const broken = text.replace(new RegExp(`${field}/[^.]*\\.`), `${field}/${corrupt[field]}.`);
        expectReject(parseYqText(broken, OPTS), field);
      }),
      { numRuns: 300 },
    );
  });

  it("writes a YR echoing the control field, with the status and the confirming person", () => {
    const yr = yrFor(
      { ori: "ZZ0000000", controlField: "HIT0000001" },
      {
        hitId: "7",
        rno: 1,
        nic: "N000000123",
        oca: "CASE-2025-0017",
        status: "WILL_CONFIRM_BY",
        until: "2025-06-01T05:45:00.000Z",
        confirmedBy: "tech.one",
        phone: "555-0100",
        narrative: "Pulling the A-file.",
      },
    );
    const text = formatYrText(yr);
    assert.match(
      text,
      /^YR\.AX\.ZZ0000000\.\*HIT0000001\.TXT\nHIT CONFIRMATION RESPONSE - CONFIRMATION TO FOLLOW\n/,
    );
    assert.match(text, /STA\/WILL_CONFIRM_BY\.CBY\/202506010545Z\./);
    assert.match(text, /PULLING THE A-FILE\./);
    assert.equal(yrData(yr).controlField, "HIT0000001");
    assert.equal(yrData(yr).until, "2025-06-01T05:45:00.000Z");
  });
});
