import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { writeAudit } from "../audit/index.js";
import { type Clock, MINUTE } from "../clock.js";
import { Errors } from "../errors.js";
import type { Executor, Store } from "../store/store.js";
import { generatePassword, hashPassword, passwordRuleBroken, verifyPassword } from "./password.js";
import { ROLES, type Role, staffSession, staffUser } from "./schema.js";
import { newSecret, sha256Hex } from "./tokens.js";
import { generateTotpSecret, matchTotp, totpStep } from "./totp.js";

/**
 * Staff accounts and their sessions. Log-on needs the password and a TOTP code; five
 * consecutive failures lock the account for ten minutes; a session idles out after thirty
 * minutes without use; a new log-on ends the user's other sessions.
 */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_DURATION_MS = 10 * MINUTE;
export const SESSION_IDLE_MS = 30 * MINUTE;
const COMPONENT = "auth";

export interface NewStaffUser {
  username: string;
  role: string;
  password?: string | undefined;
  /** A field office's code: the user then sees only its area of responsibility. */
  fieldOffice?: string | undefined;
}

const FOREIGN_KEY_VIOLATION = "23503";

/** Roles that oversee the whole system are never scoped to one office. */
export const NATIONAL_ONLY_ROLES: readonly Role[] = ["admin", "auditor"];

export interface CreatedStaffUser {
  username: string;
  role: Role;
  password: string;
  totpSecret: string;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Checks a new account's fields, throwing an error that names the first bad one. */
export function checkNewStaffUser(input: NewStaffUser): {
  username: string;
  role: Role;
  password: string | undefined;
  fieldOffice: string | undefined;
} {
  const username = input.username;
  if (!/^[a-z][a-z0-9._-]{2,39}$/.test(username)) {
    throw Errors.invalidField(
      "username",
      "3–40 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter",
    );
  }
  if (!isRole(input.role)) throw Errors.invalidField("role", `must be one of ${ROLES.join(", ")}`);
  if (input.password !== undefined) {
    const broken = passwordRuleBroken(input.password, username);
    if (broken) throw Errors.invalidField("password", broken);
  }
  const fieldOffice = input.fieldOffice;
  if (fieldOffice !== undefined) {
    if (!/^[A-Z]{3}$/.test(fieldOffice))
      throw Errors.invalidField("fieldOffice", "must be a field office's 3-letter code (e.g. BOS)");
    if (NATIONAL_ONLY_ROLES.includes(input.role))
      throw Errors.invalidField("fieldOffice", `a ${input.role} works nationally and has no field office`);
  }
  return { username, role: input.role, password: input.password, fieldOffice };
}

export async function createStaffUser(
  store: Store,
  clock: Clock,
  input: NewStaffUser,
  actor: { user?: string; purpose?: string } = {},
): Promise<CreatedStaffUser> {
  const { username, role, fieldOffice } = checkNewStaffUser(input);
  const password = input.password ?? generatePassword();
  const totpSecret = generateTotpSecret();
  const passwordHash = await hashPassword(password);
  await store.transaction(async (tx) => {
    const inserted = await tx
      .insert(staffUser)
      .values({
        username,
        role,
        passwordHash,
        totpSecret,
        totpLastStep: 0,
        failedAttempts: 0,
        createdAt: clock.now(),
        fieldOffice: fieldOffice ?? null,
      })
      .onConflictDoNothing({ target: staffUser.username })
      .returning({ id: staffUser.id })
      .catch((error: unknown) => {
        if ((error as { cause?: { code?: string } }).cause?.code === FOREIGN_KEY_VIOLATION)
          throw Errors.invalidField("fieldOffice", `${fieldOffice} is not a field office`);
        throw error;
      });
    if (inserted.length === 0) throw Errors.conflict(`username ${username} is taken`);
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "USER_CREATED",
      outcome: "SUCCESS",
      actorUser: actor.user ?? null,
      subject: `user:${username}`,
      purpose: actor.purpose ?? "account administration",
      details: fieldOffice ? { role, fieldOffice } : { role },
    });
  });
  return { username, role, password, totpSecret };
}

export interface LogOnAttempt {
  username: string;
  password: string;
  totp: string;
  /** Where the attempt came from, for the audit log. */
  address?: string;
}

export interface StaffPrincipal {
  userId: number;
  username: string;
  role: Role;
  sessionId: number;
  /** Set for field-office staff: they see only their office's area of responsibility. */
  fieldOffice: string | null;
}

type LogOnOutcome =
  | { kind: "ok"; token: string; principal: StaffPrincipal }
  | { kind: "bad" }
  | { kind: "locked"; until: Date };

/** Returns a bearer token, or throws 401 (bad credentials) or 423 (locked). */
export async function logOn(
  store: Store,
  clock: Clock,
  attempt: LogOnAttempt,
): Promise<{ token: string; principal: StaffPrincipal }> {
  const [user] = await store.db.select().from(staffUser).where(eq(staffUser.username, attempt.username));
  // The expensive check runs outside any transaction so it never holds the store.
  const passwordOk = user ? await verifyPassword(attempt.password, user.passwordHash) : false;
  const outcome = await store.transaction(async (tx): Promise<LogOnOutcome> => {
    const audit = (
      eventType: string,
      outcome: "SUCCESS" | "FAILURE" | "DENIED",
      details: Record<string, unknown> = {},
    ) =>
      writeAudit(tx, clock, {
        component: COMPONENT,
        eventType,
        outcome,
        actorUser: attempt.username,
        subject: `user:${attempt.username}`,
        purpose: "log-on",
        details: { ...details, ...(attempt.address ? { address: attempt.address } : {}) },
      });
    if (!user) {
      await audit("LOGON", "FAILURE", { reason: "unknown username" });
      return { kind: "bad" };
    }
    const [current] = await tx.select().from(staffUser).where(eq(staffUser.id, user.id)).for("update");
    const now = clock.now();
    if (!current || current.disabledAt) {
      await audit("LOGON", "FAILURE", { reason: "account disabled" });
      return { kind: "bad" };
    }
    if (current.lockedUntil && current.lockedUntil > now) {
      await audit("LOGON", "DENIED", { reason: "account locked" });
      return { kind: "locked", until: current.lockedUntil };
    }
    const step = passwordOk ? matchTotp(current.totpSecret, attempt.totp, now) : undefined;
    const replayed = step !== undefined && step <= current.totpLastStep;
    if (!passwordOk || step === undefined || replayed) {
      const failures = current.failedAttempts + 1;
      const lock = failures >= LOCKOUT_THRESHOLD;
      await tx
        .update(staffUser)
        .set({
          failedAttempts: lock ? 0 : failures,
          lockedUntil: lock ? new Date(now.getTime() + LOCKOUT_DURATION_MS) : current.lockedUntil,
        })
        .where(eq(staffUser.id, current.id));
      const reason = !passwordOk
        ? "wrong password"
        : replayed
          ? "one-time code already used"
          : "wrong one-time code";
      await audit("LOGON", "FAILURE", { reason, consecutiveFailures: failures });
      if (lock) await audit("ACCOUNT_LOCKED", "SUCCESS", { minutes: LOCKOUT_DURATION_MS / MINUTE });
      return { kind: "bad" };
    }
    await tx
      .update(staffUser)
      .set({ failedAttempts: 0, lockedUntil: null, totpLastStep: step })
      .where(eq(staffUser.id, current.id));
    // One session per user: a new log-on ends the others.
    await tx
      .update(staffSession)
      .set({ endedAt: now, endReason: "superseded by a new log-on" })
      .where(and(eq(staffSession.userId, current.id), isNull(staffSession.endedAt)));
    const token = `lesc_s_${newSecret()}`;
    const [session] = await tx
      .insert(staffSession)
      .values({ tokenHash: sha256Hex(token), userId: current.id, createdAt: now, lastSeenAt: now })
      .returning({ id: staffSession.id });
    await audit("LOGON", "SUCCESS");
    return {
      kind: "ok",
      token,
      principal: {
        userId: current.id,
        username: current.username,
        role: current.role,
        sessionId: session!.id,
        fieldOffice: current.fieldOffice,
      },
    };
  });
  if (outcome.kind === "locked") throw Errors.accountLocked(outcome.until);
  if (outcome.kind === "bad") throw Errors.badCredentials();
  return { token: outcome.token, principal: outcome.principal };
}

/** Resolves a bearer token to its user, ending the session if it has idled out. */
export async function authenticateSession(
  store: Store,
  clock: Clock,
  token: string,
): Promise<StaffPrincipal> {
  const now = clock.now();
  const [row] = await store.db
    .select({
      sessionId: staffSession.id,
      lastSeenAt: staffSession.lastSeenAt,
      endedAt: staffSession.endedAt,
      userId: staffUser.id,
      username: staffUser.username,
      role: staffUser.role,
      fieldOffice: staffUser.fieldOffice,
      disabledAt: staffUser.disabledAt,
    })
    .from(staffSession)
    .innerJoin(staffUser, eq(staffUser.id, staffSession.userId))
    .where(eq(staffSession.tokenHash, sha256Hex(token)));
  if (!row || row.endedAt) throw Errors.unauthenticated("session token is not valid; log on again");
  if (row.disabledAt) throw Errors.unauthenticated("account disabled");
  if (await endIfIdle(store, now, row)) {
    throw Errors.unauthenticated("session idled out after 30 minutes; log on again");
  }
  await store.db
    .update(staffSession)
    .set({ lastSeenAt: now })
    .where(and(eq(staffSession.id, row.sessionId), ne(staffSession.lastSeenAt, now)));
  return {
    userId: row.userId,
    username: row.username,
    role: row.role,
    sessionId: row.sessionId,
    fieldOffice: row.fieldOffice,
  };
}

async function endIfIdle(
  store: Store,
  now: Date,
  row: { sessionId: number; lastSeenAt: Date },
): Promise<boolean> {
  if (now.getTime() - row.lastSeenAt.getTime() < SESSION_IDLE_MS) return false;
  await store.db
    .update(staffSession)
    .set({ endedAt: now, endReason: "idle time-out" })
    .where(and(eq(staffSession.id, row.sessionId), isNull(staffSession.endedAt)));
  return true;
}

/**
 * Why a session no longer admits its bearer (logged off, superseded, idled out, account
 * disabled), or undefined while it is open. Unlike `authenticateSession` it does not count as
 * use: a long-lived stream checks its session with it without keeping the session alive.
 */
export async function sessionEndReason(
  store: Store,
  clock: Clock,
  sessionId: number,
): Promise<string | undefined> {
  const [row] = await store.db
    .select({
      sessionId: staffSession.id,
      lastSeenAt: staffSession.lastSeenAt,
      endedAt: staffSession.endedAt,
      endReason: staffSession.endReason,
      disabledAt: staffUser.disabledAt,
    })
    .from(staffSession)
    .innerJoin(staffUser, eq(staffUser.id, staffSession.userId))
    .where(eq(staffSession.id, sessionId));
  if (!row) return "session not found";
  if (row.endedAt) return row.endReason ?? "session ended";
  if (row.disabledAt) return "account disabled";
  if (await endIfIdle(store, clock.now(), row)) return "idle time-out";
  return undefined;
}

export async function logOff(store: Store, clock: Clock, principal: StaffPrincipal): Promise<void> {
  await store.transaction(async (tx) => {
    await tx
      .update(staffSession)
      .set({ endedAt: clock.now(), endReason: "logged off" })
      .where(and(eq(staffSession.id, principal.sessionId), isNull(staffSession.endedAt)));
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "LOGOFF",
      outcome: "SUCCESS",
      actorUser: principal.username,
      subject: `user:${principal.username}`,
      purpose: "log-off",
    });
  });
}

export async function countStaffUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(staffUser);
  return row?.n ?? 0;
}

export { totpStep };
