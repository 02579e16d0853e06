import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock } from "../clock.js";
import { RateLimiter } from "./rate-limit.js";

describe("RateLimiter", () => {
  it("allows the burst, refills at the rate, and survives the clock stepping back", () => {
    const clock = new ManualClock("2026-11-28T03:00:00Z");
    const limiter = new RateLimiter(clock, { perSecond: 0.1, burst: 2 });
    assert.deepEqual([limiter.take("a"), limiter.take("a")], [{ ok: true }, { ok: true }]);
    assert.deepEqual(limiter.take("a"), { ok: false, retryAfterSeconds: 10 });
    assert.deepEqual(limiter.take("b"), { ok: true }, "another key has its own bucket");
    clock.advance(10_000);
    assert.deepEqual(limiter.take("a"), { ok: true });
    clock.set("2026-11-01T00:00:00Z");
    assert.deepEqual(limiter.take("a"), { ok: false, retryAfterSeconds: 10 });
    clock.advance(10_000);
    assert.deepEqual(limiter.take("a"), { ok: true }, "refills from the new time, not weeks later");
  });
});
