import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import { type Clock, MINUTE } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import type { Store, Tx } from "../platform/store/store.js";
import { leadingZeroBits } from "./proof-of-work-solver.js";
import { intakeKey, tipPowSpent } from "./schema.js";

/**
 * Proof of work for the public tip form (hashcash, as GlobaLeaks asks of every client without
 * an account): the server hands out a signed challenge with an expiry; the form finds a nonce
 * such that SHA-256(`challenge:nonce`) starts with `difficulty` zero bits and sends
 * `X-Proof-Of-Work: challenge:nonce` with the tip. Each challenge is good for one tip: spent
 * ones are kept in the store until they expire, so reuse is refused by every process, and
 * after a restart. Nothing about the sender is stored.
 */
export const POW_HEADER = "x-proof-of-work";
/** About 65 000 tries: measured at ~55 000 Web Crypto digests a second in Chromium on a busy 2-core box. */
export const DEFAULT_POW_BITS = 16;
export const MAX_POW_BITS = 28;
export const CHALLENGE_TTL_MS = 10 * MINUTE;
const KEY_NAME = "tip-pow-hmac";

export interface Challenge {
  challenge: string;
  difficulty: number;
  expiresAt: string;
}

/** A solved, genuine, unexpired challenge, still to be spent with the tip it carries. */
export interface Proof {
  challenge: string;
  expiresAt: Date;
}

export function checkPowBits(bits: number, field = "--tip-pow-bits"): number {
  if (!Number.isInteger(bits) || bits < 0 || bits > MAX_POW_BITS) {
    throw Errors.invalidField(field, `must be a whole number of bits from 0 to ${MAX_POW_BITS}`);
  }
  return bits;
}

/** The signing key: generated once by whichever process asks first, then read by all. */
const keys = new WeakMap<Store, Promise<Buffer>>();
function signingKey(store: Store, clock: Clock): Promise<Buffer> {
  let key = keys.get(store);
  if (!key) {
    key = (async () => {
      await store.db
        .insert(intakeKey)
        .values({ name: KEY_NAME, secret: randomBytes(32).toString("base64url"), createdAt: clock.now() })
        .onConflictDoNothing({ target: intakeKey.name });
      const [row] = await store.db.select().from(intakeKey).where(eq(intakeKey.name, KEY_NAME));
      return Buffer.from(row!.secret, "base64url");
    })();
    key.catch(() => keys.delete(store));
    keys.set(store, key);
  }
  return key;
}

const sign = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest("base64url");

/** `<difficulty>.<expiry, ms base 36>.<random>.<HMAC of the three>`: no `:`, so the header splits cleanly. */
export async function issueChallenge(store: Store, clock: Clock, difficulty: number): Promise<Challenge> {
  const expiresAt = new Date(clock.now().getTime() + CHALLENGE_TTL_MS);
  const body = `${difficulty}.${expiresAt.getTime().toString(36)}.${randomBytes(12).toString("base64url")}`;
  return {
    challenge: `${body}.${sign(await signingKey(store, clock), body)}`,
    difficulty,
    expiresAt: expiresAt.toISOString(),
  };
}

/**
 * Checks the header without spending the challenge (the tip's transaction spends it, so a tip
 * refused for its content does not cost the tipster the work). 400 when the header is absent
 * or malformed; 403 when forged, too easy, expired or not solved.
 */
export async function checkProofOfWork(
  store: Store,
  clock: Clock,
  header: string | string[] | undefined,
  requiredBits: number,
): Promise<Proof> {
  if (header === undefined || header === "") {
    throw Errors.invalidField(
      "X-Proof-Of-Work",
      "is required: get a challenge from GET /api/v1/public/tips/challenge and send challenge:nonce",
    );
  }
  const value = Array.isArray(header) ? header.join(",") : header;
  const match = /^(\d{1,2}\.[a-z0-9]{1,12}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}):(\d{1,15})$/.exec(value);
  if (!match) throw Errors.invalidField("X-Proof-Of-Work", "must be challenge:nonce (nonce a whole number)");
  const [, challenge, nonce] = match as unknown as [string, string, string];
  const [bitsText, expiryText, random, mac] = challenge.split(".") as [string, string, string, string];
  const expected = Buffer.from(sign(await signingKey(store, clock), `${bitsText}.${expiryText}.${random}`));
  if (!timingSafeEqual(expected, Buffer.from(mac))) {
    throw Errors.proofOfWork("the challenge was not issued by this server");
  }
  const bits = Number(bitsText);
  if (bits < requiredBits) {
    throw Errors.proofOfWork(
      `the challenge asks ${bits} bits; ${requiredBits} are required now: get a new one`,
    );
  }
  const expiresAt = new Date(Number.parseInt(expiryText, 36));
  if (clock.now() >= expiresAt) {
    throw Errors.proofOfWork(`the challenge expired at ${expiresAt.toISOString()}: get a new one`);
  }
  const digest = createHash("sha256").update(`${challenge}:${nonce}`).digest();
  if (leadingZeroBits(digest) < bits) {
    throw Errors.proofOfWork(`SHA-256 of challenge:nonce must start with ${bits} zero bits`);
  }
  return { challenge, expiresAt };
}

/** Spends a challenge in the tip's transaction: a second use is refused, in any process. */
export async function spendChallenge(tx: Tx, proof: Proof): Promise<void> {
  const spent = await tx
    .insert(tipPowSpent)
    .values({ challenge: proof.challenge, expiresAt: proof.expiresAt })
    .onConflictDoNothing({ target: tipPowSpent.challenge })
    .returning({ challenge: tipPowSpent.challenge });
  if (spent.length === 0) throw Errors.proofOfWork("this challenge was already used: get a new one");
}

/** Spent challenges past their expiry would be refused as expired anyway (the daily job). */
export async function forgetExpiredChallenges(tx: Tx, clock: Clock): Promise<number> {
  const gone = await tx
    .delete(tipPowSpent)
    .where(lt(tipPowSpent.expiresAt, clock.now()))
    .returning({ challenge: tipPowSpent.challenge });
  return gone.length;
}
