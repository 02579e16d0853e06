import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { federalHolidays, holdEnds, isHoldDay } from "./hold.js";

describe("the 48-hour detainer hold", () => {
  it("knows the federal holidays, observed on the nearest weekday", () => {
    const y2026 = federalHolidays(2026);
    for (const day of [
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03",
      "2026-09-07",
      "2026-10-12",
      "2026-11-11",
      "2026-11-26",
      "2026-12-25",
    ]) {
      assert.ok(y2026.has(day), `${day} is a 2026 federal holiday`);
    }
    assert.equal(y2026.size, 11);
    const y2027 = federalHolidays(2027);
    assert.ok(y2027.has("2027-12-24"), "Christmas 2027 (a Saturday) is observed on Friday");
    assert.ok(y2027.has("2027-12-31"), "New Year's Day 2028 (a Saturday) is observed on 31 December 2027");
    assert.ok(
      y2027.has("2027-06-18") && y2027.has("2027-07-05"),
      "Juneteenth and Independence Day 2027 observed",
    );
  });

  it("counts only business days", () => {
    assert.equal(isHoldDay(new Date("2026-11-28T10:00:00Z")), false); // Saturday
    assert.equal(isHoldDay(new Date("2026-11-26T10:00:00Z")), false); // Thanksgiving
    assert.equal(isHoldDay(new Date("2026-11-30T10:00:00Z")), true);
    // Monday 09:00 + 48 h = Wednesday 09:00.
    assert.equal(holdEnds(new Date("2026-11-30T09:00:00Z")).toISOString(), "2026-12-02T09:00:00.000Z");
    // Friday 10:00: 14 h Friday, Monday 24 h, Tuesday 10 h.
    assert.equal(holdEnds(new Date("2026-12-04T10:00:00Z")).toISOString(), "2026-12-08T10:00:00.000Z");
    // Wednesday before Thanksgiving 12:00: 12 h, (Thursday off), Friday 24 h, (weekend), Monday 12 h.
    assert.equal(holdEnds(new Date("2026-11-25T12:00:00Z")).toISOString(), "2026-11-30T12:00:00.000Z");
    // Starting on a Saturday: the clock starts on Monday.
    assert.equal(holdEnds(new Date("2026-11-28T15:00:00Z")).toISOString(), "2026-12-02T00:00:00.000Z");
  });
});
