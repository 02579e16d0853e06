import type { Clock } from "../clock.js";
import { Errors } from "../errors.js";

/**
 * Token buckets by key (an agency's ORI, an address): `perSecond` sustained, `burst` at once.
 * In memory, per process; a flood from one key drains only that key's bucket.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: RateLimit,
    private readonly maxKeys = 100_000,
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1))
      throw new Error("rate limit: perSecond > 0 and burst >= 1");
  }

  take(key: string): RateDecision {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    // A clock stepped back refills nothing, rather than emptying the bucket for the step's length.
    const refilled = Math.min(
      this.limit.burst,
      bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.limit.perSecond,
    );
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / this.limit.perSecond)) };
    }
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.forgetFullBuckets(now);
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    return { ok: true };
  }

  /** Takes a token for `key`, or refuses with 429 and `Retry-After` (a LescError the server renders). */
  enforce(key: string, reply: { header(name: string, value: string): unknown }): void {
    const decision = this.take(key);
    if (decision.ok) return;
    reply.header("Retry-After", String(decision.retryAfterSeconds));
    throw Errors.rateLimited(decision.retryAfterSeconds);
  }

  /** Buckets that have refilled carry no state worth keeping. */
  private forgetFullBuckets(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond >= this.limit.burst) {
        this.buckets.delete(key);
      }
    }
  }
}
