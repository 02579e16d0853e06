import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { COUNTRIES, countryName, isIsoCountryCode } from "./countries.js";
import { fieldOfficeForState, OFFICES } from "./field-offices.js";
import { isUsJurisdictionCode, US_JURISDICTIONS } from "./us-states.js";

const ORI_PATTERN = /^ZZ[A-Z0-9]{7}$/;
const fieldOffices = OFFICES.filter((o) => o.kind === "FIELD_OFFICE");
const attaches = OFFICES.filter((o) => o.kind === "ATTACHE");

describe("US jurisdictions", () => {
  it("has 50 states, DC and 5 territories", () => {
    assert.equal(US_JURISDICTIONS.length, 56);
    assert.equal(US_JURISDICTIONS.filter((j) => j.kind === "STATE").length, 50);
    assert.deepEqual(
      US_JURISDICTIONS.filter((j) => j.kind === "DISTRICT").map((j) => j.code),
      ["DC"],
    );
    assert.deepEqual(
      US_JURISDICTIONS.filter((j) => j.kind === "TERRITORY")
        .map((j) => j.code)
        .sort(),
      ["AS", "GU", "MP", "PR", "VI"],
    );
  });

  it("has unique two-letter uppercase codes", () => {
    const codes = US_JURISDICTIONS.map((j) => j.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^[A-Z]{2}$/);
  });

  it("recognises codes exactly", () => {
    assert.equal(isUsJurisdictionCode("VT"), true);
    assert.equal(isUsJurisdictionCode("PR"), true);
    assert.equal(isUsJurisdictionCode("vt"), false);
    assert.equal(isUsJurisdictionCode("XX"), false);
    assert.equal(isUsJurisdictionCode(""), false);
  });
});

describe("field offices", () => {
  it("has 25 field offices in the US", () => {
    assert.equal(fieldOffices.length, 25);
    for (const office of fieldOffices) {
      assert.equal(office.country, "US", office.code);
      assert.ok(office.state !== null && isUsJurisdictionCode(office.state), office.code);
    }
  });

  it("covers every jurisdiction with exactly one field office", () => {
    for (const jurisdiction of US_JURISDICTIONS) {
      const covering = fieldOffices.filter((o) => o.areaOfResponsibility.includes(jurisdiction.code));
      assert.equal(covering.length, 1, `${jurisdiction.code} covered by ${covering.map((o) => o.code)}`);
      assert.equal(fieldOfficeForState(jurisdiction.code), covering[0]);
    }
  });

  it("gives field offices valid, non-repeated jurisdictions; only sub-state AORs cover none", () => {
    const coveringNone = fieldOffices.filter((o) => o.areaOfResponsibility.length === 0).map((o) => o.code);
    assert.deepEqual(coveringNone.sort(), ["BUF", "HLG", "HOU", "SND"]);
    assert.equal(fieldOfficeForState("OH")?.code, "DET");
    assert.equal(fieldOfficeForState("NV")?.code, "SLC");
    for (const office of fieldOffices) {
      assert.equal(
        new Set(office.areaOfResponsibility).size,
        office.areaOfResponsibility.length,
        office.code,
      );
      for (const code of office.areaOfResponsibility) assert.ok(isUsJurisdictionCode(code), code);
    }
  });

  it("routes known states to the expected office", () => {
    assert.equal(fieldOfficeForState("VT")?.name, "Boston Field Office");
    assert.equal(fieldOfficeForState("PR")?.name, "Miami Field Office");
    assert.equal(fieldOfficeForState("GU")?.name, "San Francisco Field Office");
    assert.equal(fieldOfficeForState("XX"), undefined);
    assert.equal(fieldOfficeForState(""), undefined);
    assert.equal(fieldOfficeForState("vt"), undefined);
  });
});

describe("attachés", () => {
  it("has exactly 56 attachés in exactly 43 distinct countries", () => {
    assert.equal(attaches.length, 56);
    assert.equal(new Set(attaches.map((o) => o.country)).size, 43);
  });

  it("locates each attaché abroad in a valid ISO country, with no state and no AOR", () => {
    for (const office of attaches) {
      assert.ok(isIsoCountryCode(office.country), `${office.code}: ${office.country}`);
      assert.notEqual(office.country, "US", office.code);
      assert.equal(office.state, null, office.code);
      assert.deepEqual(office.areaOfResponsibility, [], office.code);
    }
  });
});

describe("office codes and ORIs", () => {
  it("has only the two office kinds", () => {
    assert.equal(fieldOffices.length + attaches.length, OFFICES.length);
  });

  it("has unique office codes", () => {
    const codes = OFFICES.map((o) => o.code);
    assert.equal(new Set(codes).size, codes.length);
  });

  it("has unique fake ORIs", () => {
    const oris = OFFICES.map((o) => o.ori);
    assert.equal(new Set(oris).size, oris.length);
    for (const ori of oris) assert.match(ori, ORI_PATTERN);
  });
});

describe("countries", () => {
  it("lists at least 249 countries with unique uppercase alpha-2 codes", () => {
    assert.ok(COUNTRIES.length >= 249, `${COUNTRIES.length}`);
    const codes = COUNTRIES.map((c) => c.alpha2);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^[A-Z]{2}$/);
    for (const country of COUNTRIES) assert.ok(country.name.length > 0, country.alpha2);
  });

  it("includes US, MX, GB and CN", () => {
    for (const code of ["US", "MX", "GB", "CN"]) assert.ok(isIsoCountryCode(code), code);
    assert.equal(countryName("US"), "United States");
    assert.equal(countryName("MX"), "Mexico");
  });

  it("rejects unassigned, alpha-3 and lowercase codes", () => {
    assert.equal(isIsoCountryCode("XX"), false);
    assert.equal(isIsoCountryCode("usa"), false);
    assert.equal(isIsoCountryCode("us"), false);
    assert.equal(countryName("XX"), undefined);
  });
});
