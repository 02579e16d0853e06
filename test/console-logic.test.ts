import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as Chart from "../web/src/chart.js";
import type * as Clock from "../web/src/clock.js";
import type * as Sse from "../web/src/sse.js";
import type * as Validate from "../web/src/validate.js";
import { importWebModule } from "./support/web-module.js";

/**
 * The console's pure logic, as the browser runs it (the very modules Vite bundles): clocks
 * and their alert thresholds, the event-stream parser, the forms' checks, chart geometry.
 */
const clock = await importWebModule<typeof Clock>("clock.ts");
const sse = await importWebModule<typeof Sse>("sse.ts");
const validate = await importWebModule<typeof Validate>("validate.ts");
const chart = await importWebModule<typeof Chart>("chart.ts");

describe("console clocks", () => {
  it("formats countdowns as m:ss, h:mm:ss past an hour, and negative once overdue", () => {
    assert.equal(clock.formatDuration(10 * 60_000), "10:00");
    assert.equal(clock.formatDuration(9 * 60_000 + 59_999), "9:59");
    assert.equal(clock.formatDuration(3_600_000 + 61_000), "1:01:01");
    assert.equal(clock.formatDuration(-1500), "-0:01");
    assert.equal(clock.formatDuration(0), "0:00");
  });

  it("colours at 50 %, 80 % and the deadline, and alerts once per threshold crossed", () => {
    const start = "2026-11-28T03:00:00.000Z";
    const end = "2026-11-28T03:10:00.000Z";
    const at = (minutes: number) => clock.clockShare(start, end, Date.parse(start) + minutes * 60_000);
    assert.deepEqual(
      [0, 4.99, 5, 7.99, 8, 9.99, 10, 12].map((m) => clock.shareLevel(at(m))),
      ["ok", "ok", "warn", "warn", "late", "late", "over", "over"],
    );
    assert.deepEqual(
      [0, 4.99, 5, 8, 10].map((m) => clock.crossedThreshold(at(m))),
      [0, 0, 50, 80, 100],
    );
    assert.equal(clock.clockShare(end, start, Date.parse(start)), 1, "a clock with no time is spent");
    assert.equal(clock.formatTime("2026-11-28T03:04:05.678Z"), "2026-11-28 03:04:05Z");
    assert.equal(clock.formatTime(null), "—");
  });
});

describe("event-stream parser", () => {
  it("reads events split anywhere across chunks, skips comments, and keeps the retry advice", () => {
    const text =
      'retry: 3000\nevent: ready\ndata: {"heartbeatMs":15000}\n\n: heartbeat\n\nevent: queue\ndata: {"ids":[4,7]}\r\n\r\ndata: a\ndata: b\n\n';
    for (let size = 1; size <= text.length; size += 7) {
      const parser = new sse.EventStreamParser();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      assert.deepEqual(
        events,
        [
          { event: "ready", data: '{"heartbeatMs":15000}' },
          { event: "queue", data: '{"ids":[4,7]}' },
          { event: "message", data: "a\nb" },
        ],
        `chunks of ${size}`,
      );
      assert.equal(parser.retryMs, 3000);
    }
  });

  it("does not emit an event until its blank line arrives", () => {
    const parser = new sse.EventStreamParser();
    assert.deepEqual(parser.push('event: hits\ndata: {"ids":[1]}\n'), []);
    assert.deepEqual(parser.push("\n"), [{ event: "hits", data: '{"ids":[1]}' }]);
  });
});

describe("Violator File form checks", () => {
  const record = {
    last: "QUILLFEATHER",
    first: "ODALYS",
    middle: "",
    dob: "1984-03-17",
    sex: "F",
    pob: "GT",
    arn: "A012345678",
    remarks: "Failed to depart.",
  };

  it("knows a real date from a date-shaped string", () => {
    assert.equal(validate.isRealDate("2024-02-29"), true);
    assert.equal(validate.isRealDate("2023-02-29"), false);
    assert.equal(validate.isRealDate("1984-13-01"), false);
    assert.equal(validate.isRealDate("1984-3-1"), false);
  });

  it("asks for a purpose and a name before searching; the date of birth may be left out", () => {
    assert.deepEqual(
      Object.keys(validate.checkViolatorSearch({ purpose: "", last: "", first: "", dob: "84" })).sort(),
      ["dob", "first", "last", "purpose"],
    );
    assert.deepEqual(
      validate.checkViolatorSearch({ purpose: "records check", last: "O'NEIL", first: "ANA", dob: "" }),
      {},
    );
  });

  it("sends only what changed, the whole name when a part of it changed, and refuses bad fields or no change", () => {
    assert.deepEqual(
      validate.violatorChanges({ ...record, middle: "mara", remarks: "Seen in Phoenix." }, record),
      {
        errors: {},
        changes: {
          name: { last: "QUILLFEATHER", first: "ODALYS", middle: "MARA" },
          remarks: "Seen in Phoenix.",
        },
      },
    );
    assert.deepEqual(validate.violatorChanges({ ...record, dob: "1984-03-18" }, record).changes, {
      dob: "1984-03-18",
    });
    assert.deepEqual(validate.violatorChanges(record, record).errors, { form: "Nothing has changed." });
    const bad = validate.violatorChanges({ ...record, dob: "1984-02-30", pob: "GTM", last: "" }, record);
    assert.deepEqual(Object.keys(bad.errors).sort(), ["dob", "name.last", "pob"]);
    assert.deepEqual(bad.changes, {});
  });

  it("checks a locate's ORI and case number and a closing reason", () => {
    assert.deepEqual(validate.checkLocate({ ori: "zz0000071", oca: "CASE-1" }), {});
    assert.deepEqual(Object.keys(validate.checkLocate({ ori: "Z1", oca: "" })).sort(), ["oca", "ori"]);
    assert.ok(validate.checkReason("  ", "clear").reason);
    assert.deepEqual(validate.checkReason("Removed to GT on 2026-11-01", "clear"), {});
  });

  it("puts the server's refusal next to the field it names", () => {
    const fields = ["name.last", "dob", "ori", "oca"];
    assert.equal(validate.fieldOfMessage("body.ori: must be 9 characters", fields), "ori");
    assert.equal(validate.fieldOfMessage("dob: must be between 1900-01-01 and today", fields), "dob");
    assert.equal(validate.fieldOfMessage("name.last: must be letters", fields), "name.last");
    assert.equal(validate.fieldOfMessage("record 4 is CLEARED: cannot locate", fields), undefined);
  });
});

describe("chart geometry", () => {
  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    assert.deepEqual([0, 1, 3, 7, 10, 11, 180, 501].map(chart.niceMax), [1, 1, 5, 10, 10, 20, 200, 1000]);
  });

  it("draws one column per day from the baseline, the in-SLA part inside the total", () => {
    const { max, columns } = chart.dayColumns(
      [
        { date: "2026-11-27", inquiries: 10, answeredInSla: 4 },
        { date: "2026-11-28", inquiries: 0, answeredInSla: 0 },
      ],
      200,
      100,
    );
    assert.equal(max, 10);
    assert.equal(columns.length, 2);
    assert.deepEqual(columns[0]!.total, { y: 0, height: 100 });
    assert.deepEqual(columns[0]!.inSla, { y: 60, height: 40 });
    assert.deepEqual(columns[1]!.total, { y: 100, height: 0 });
    assert.ok(columns[1]!.x >= columns[0]!.x + columns[0]!.width, "columns do not overlap");
  });
});
