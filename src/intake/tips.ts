import { createHash, createHmac, randomInt } from "node:crypto";
import { and, asc, desc, eq, gte, inArray } from "drizzle-orm";
import { isUsJurisdictionCode, requireStateWithinArea, stateWithinArea } from "../directory/index.js";
import { parseAlias, type StoreMatcher } from "../matching/index.js";
import { writeAudit } from "../platform/audit/index.js";
import type { Role, StaffPrincipal } from "../platform/auth/index.js";
import { type Clock, DAY } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import type { Store, Tx } from "../platform/store/store.js";
import { type Proof, spendChallenge } from "./proof-of-work.js";
import { RECIPIENTS, routeTip, speaksOfThreatToLife, TIP_RULES_VERSION } from "./rules.js";
import { TIP_CATEGORIES, type TipCategory, tip, tipMessage, tipReferral } from "./schema.js";

/**
 * The public tip line: a tip without log-in gets a 16-digit receipt (stored only as a hash),
 * the tipster's only key to read replies and add information; a threat to life takes the fast
 * path; duplicates and junk are kept, not deleted; the rules table refers each tip; subjects
 * are matched against the records. The reporter's identity is shown only to the roles that
 * need it, and every such view is audited.
 */
export interface TipServices {
  store: Store;
  clock: Clock;
  matcher: StoreMatcher;
  /** Zero bits the public form's proof of work must find (`--tip-pow-bits`). */
  proofOfWorkBits: number;
  /** A secret kept outside the database that receipts are hashed with (`--tip-receipt-pepper-file`). */
  receiptPepper?: string | undefined;
}

export const COMPONENT = "intake";
export const NARRATIVE_MAX = 10_000;
export const IDENTITY_ROLES: readonly Role[] = ["tip_operator", "supervisor"];
const DUPLICATE_WINDOW_MS = 30 * DAY;
const DUPLICATE_SIMILARITY = 0.6;

export interface NewTip {
  category: string;
  narrative: string;
  location?: string | undefined;
  state?: string | undefined;
  subject?: Record<string, string> | undefined;
  reporter?: Record<string, string> | undefined;
}

/**
 * A receipt's stored form. With a pepper (a secret outside the database), an HMAC marked `p1:`:
 * a stolen database alone cannot be searched through the 10^16 receipts. Without one, the
 * original plain SHA-256, which lookups keep reading so tips sent before the pepper was set
 * still open.
 */
export const hashReceipt = (receipt: string, pepper?: string) =>
  pepper
    ? `p1:${createHmac("sha256", pepper).update(`lesc-tip-receipt:${receipt}`).digest("hex")}`
    : createHash("sha256").update(`lesc-tip-receipt:${receipt}`).digest("hex");

/** Every stored form a receipt may have: peppered, then plain (from before the pepper). */
export const receiptHashes = (receipt: string, pepper: string | undefined) =>
  pepper ? [hashReceipt(receipt, pepper), hashReceipt(receipt)] : [hashReceipt(receipt)];

/** A 16-digit receipt, readable over the phone (GlobaLeaks practice, reference §1.1). */
export function newReceipt(): string {
  return Array.from({ length: 4 }, () => String(randomInt(0, 10_000)).padStart(4, "0")).join("");
}

function checkTip(input: NewTip): Required<Pick<NewTip, "narrative">> & { category: TipCategory } {
  if (!(TIP_CATEGORIES as readonly string[]).includes(input.category)) {
    throw Errors.invalidField("body.category", `must be one of ${TIP_CATEGORIES.join(", ")}`);
  }
  const narrative = input.narrative.trim();
  if (narrative === "") throw Errors.invalidField("body.narrative", "must not be empty");
  if (input.state !== undefined && !isUsJurisdictionCode(input.state)) {
    throw Errors.invalidField("body.state", "must be a US state or territory postal code");
  }
  return { category: input.category as TipCategory, narrative };
}

/** Words of a narrative, for duplicate detection. */
function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return a.size + b.size === 0 ? 0 : shared / (a.size + b.size - shared);
}

const subjectName = (subject: Record<string, string> | null | undefined) =>
  subject?.name
    ?.toUpperCase()
    .replace(/[^A-Z]+/g, " ")
    .trim() ?? "";

export async function submitTip(
  services: TipServices,
  input: NewTip,
  channel: "WEB" | "PHONE",
  staff?: StaffPrincipal,
  proof?: Proof,
): Promise<{ id: number; receipt: string; lifeSafety: boolean }> {
  const checked = checkTip(input);
  const lifeSafety = speaksOfThreatToLife(checked.narrative);
  const routing = routeTip({
    ...checked,
    location: input.location as "INSIDE_US" | undefined,
    state: input.state,
    lifeSafety,
  });
  const candidates = await matchSubject(services, input.subject);
  const receipt = newReceipt();
  const now = services.clock.now();
  return services.store.transaction(async (tx) => {
    if (proof) await spendChallenge(tx, proof);
    const duplicateOf = await findDuplicate(tx, now, checked.narrative, input.subject);
    const [row] = await tx
      .insert(tip)
      .values({
        receiptHash: hashReceipt(receipt, services.receiptPepper),
        channel,
        category: checked.category,
        narrative: checked.narrative,
        location: (input.location as "INSIDE_US" | "OUTSIDE_US" | undefined) ?? null,
        state: input.state ?? null,
        subject: input.subject ?? null,
        reporter: input.reporter && Object.keys(input.reporter).length > 0 ? input.reporter : null,
        receivedAt: now,
        status: duplicateOf ? "DUPLICATE" : "REFERRED",
        statusAt: now,
        lifeSafety,
        duplicateOf: duplicateOf ?? null,
        enteredBy: staff?.username ?? null,
        rulesVersion: TIP_RULES_VERSION,
        candidates,
      })
      .returning({ id: tip.id });
    const id = row!.id;
    // A duplicate is linked to the tip it repeats, not referred again (no duplicate referral).
    if (!duplicateOf || lifeSafety) {
      await tx.insert(tipReferral).values([
        {
          tipId: id,
          recipient: routing.primary,
          role: "PRIMARY" as const,
          status: "OPEN" as const,
          createdAt: now,
        },
        ...routing.info.map((recipient) => ({
          tipId: id,
          recipient,
          role: "INFO" as const,
          status: "OPEN" as const,
          createdAt: now,
        })),
      ]);
    }
    await writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: lifeSafety ? "TIP_LIFE_SAFETY" : "TIP_RECEIVED",
      outcome: "SUCCESS",
      actorUser: staff?.username ?? null,
      subject: `tip:${id}`,
      purpose: "tip intake",
      details: {
        category: checked.category,
        channel,
        rule: routing.rule,
        rulesVersion: TIP_RULES_VERSION,
        duplicateOf: duplicateOf ?? null,
      },
    });
    return { id, receipt, lifeSafety };
  });
}

async function matchSubject(services: TipServices, subject: Record<string, string> | undefined) {
  const name = subject?.name?.trim();
  if (!name) return [];
  // "LAST, FIRST MIDDLE" as the record files write it, else "FIRST … LAST" as people say it.
  const parts = name.split(/\s+/);
  const written = name.includes(",")
    ? parseAlias(name)
    : { last: parts.at(-1) ?? name, first: parts.slice(0, -1).join(" ") || null };
  if (!written) return [];
  const names = [written];
  const found = await services.matcher.search({ names, dob: subject?.dob ?? null }, { top: 5 });
  return found.map(({ record, result }) => ({
    source: record.source,
    recordId: record.id,
    name: result.matchedName,
    score: Math.round(result.score * 1000) / 1000,
    decision: result.decision,
  }));
}

async function findDuplicate(
  tx: Tx,
  now: Date,
  narrative: string,
  subject: Record<string, string> | undefined,
) {
  const recent = await tx
    .select({ id: tip.id, narrative: tip.narrative, subject: tip.subject, duplicateOf: tip.duplicateOf })
    .from(tip)
    .where(
      and(
        gte(tip.receivedAt, new Date(now.getTime() - DUPLICATE_WINDOW_MS)),
        inArray(tip.status, ["NEW", "REFERRED", "CLOSED"]),
      ),
    )
    .orderBy(desc(tip.id))
    .limit(500);
  const mine = words(narrative);
  const name = subjectName(subject);
  for (const other of recent) {
    const close = similarity(mine, words(other.narrative));
    const sameSubject = name !== "" && subjectName(other.subject) === name;
    if ((sameSubject && close >= DUPLICATE_SIMILARITY) || close >= 0.85) return other.id;
  }
  return undefined;
}

async function tipByReceipt(tx: Tx | Store["db"], receipt: string, pepper: string | undefined) {
  if (!/^\d{16}$/.test(receipt)) throw Errors.notFound("tip");
  const [row] = await tx
    .select()
    .from(tip)
    .where(inArray(tip.receiptHash, receiptHashes(receipt, pepper)));
  if (!row) throw Errors.notFound("tip");
  return row;
}

const PUBLIC_STATUS = {
  NEW: "RECEIVED",
  REFERRED: "FORWARDED",
  DUPLICATE: "RECEIVED",
  JUNK: "CLOSED",
  CLOSED: "CLOSED",
} as const;

/** What the tipster sees: a public status and the replies, nothing about where it went. */
export async function tipForTipster(services: TipServices, receipt: string) {
  const row = await tipByReceipt(services.store.db, receipt, services.receiptPepper);
  const messages = await services.store.db
    .select()
    .from(tipMessage)
    .where(eq(tipMessage.tipId, row.id))
    .orderBy(asc(tipMessage.id));
  return {
    status: PUBLIC_STATUS[row.status],
    receivedAt: row.receivedAt.toISOString(),
    messages: messages.map((m) => ({
      from: m.author === "STAFF" ? "LESC" : "YOU",
      at: m.at.toISOString(),
      text: m.text,
    })),
  };
}

export async function addTipsterMessage(services: TipServices, receipt: string, text: string) {
  const clean = text.trim();
  if (clean === "") throw Errors.invalidField("body.text", "must not be empty");
  return services.store.transaction(async (tx) => {
    const row = await tipByReceipt(tx, receipt, services.receiptPepper);
    await tx
      .insert(tipMessage)
      .values({ tipId: row.id, at: services.clock.now(), author: "TIPSTER", text: clean });
    await writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: "TIP_MESSAGE_FROM_TIPSTER",
      outcome: "SUCCESS",
      subject: `tip:${row.id}`,
      purpose: "tip intake",
    });
    return { added: true };
  });
}

export async function listTips(services: TipServices, staff: StaffPrincipal, status?: string) {
  const rows = await services.store.db
    .select({
      id: tip.id,
      category: tip.category,
      channel: tip.channel,
      status: tip.status,
      lifeSafety: tip.lifeSafety,
      receivedAt: tip.receivedAt,
      state: tip.state,
      duplicateOf: tip.duplicateOf,
    })
    .from(tip)
    .where(
      and(
        status ? eq(tip.status, status as "NEW") : undefined,
        stateWithinArea(services.store.db, staff, tip.state),
      ),
    )
    .orderBy(desc(tip.lifeSafety), desc(tip.receivedAt))
    .limit(500);
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
}

/** A tip for staff; the reporter's identity only for the roles that need it, each view audited. */
export async function tipForStaff(services: TipServices, staff: StaffPrincipal, id: number) {
  const { db } = services.store;
  const [row] = await db.select().from(tip).where(eq(tip.id, id));
  if (!row) throw Errors.notFound(`tip ${id}`);
  await requireStateWithinArea(db, staff, row.state, `tip ${id}`);
  const referrals = await db
    .select()
    .from(tipReferral)
    .where(eq(tipReferral.tipId, id))
    .orderBy(asc(tipReferral.id));
  const messages = await db
    .select()
    .from(tipMessage)
    .where(eq(tipMessage.tipId, id))
    .orderBy(asc(tipMessage.id));
  const mayIdentify = IDENTITY_ROLES.includes(staff.role);
  await services.store.transaction((tx) =>
    writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: mayIdentify && row.reporter ? "TIP_IDENTITY_VIEWED" : "TIP_VIEWED",
      outcome: "SUCCESS",
      actorUser: staff.username,
      subject: `tip:${id}`,
      purpose: "tip triage",
    }),
  );
  const { receiptHash: _hash, reporter, ...rest } = row;
  return {
    ...rest,
    receivedAt: row.receivedAt.toISOString(),
    anonymous: reporter === null,
    reporter: mayIdentify ? reporter : reporter === null ? null : "withheld",
    referrals: referrals.map((r) => ({
      recipient: r.recipient,
      role: r.role,
      status: r.status,
      closingAnswer: r.closingAnswer,
      closedBy: r.closedBy,
    })),
    messages: messages.map((m) => ({
      author: m.author,
      staffUser: m.staffUser,
      at: m.at.toISOString(),
      text: m.text,
    })),
  };
}

export async function replyToTipster(services: TipServices, staff: StaffPrincipal, id: number, text: string) {
  return services.store.transaction(async (tx) => {
    const [row] = await tx.select({ id: tip.id, state: tip.state }).from(tip).where(eq(tip.id, id));
    if (!row) throw Errors.notFound(`tip ${id}`);
    await requireStateWithinArea(tx, staff, row.state, `tip ${id}`);
    await tx.insert(tipMessage).values({
      tipId: id,
      at: services.clock.now(),
      author: "STAFF",
      staffUser: staff.username,
      text: text.trim(),
    });
    await writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: "TIP_REPLIED",
      outcome: "SUCCESS",
      actorUser: staff.username,
      subject: `tip:${id}`,
      purpose: "tip triage",
    });
    return { id, replied: true };
  });
}

/** Junk is kept (for pattern-blocking and statistics), never deleted; its open referrals close. */
export async function markJunk(services: TipServices, staff: StaffPrincipal, id: number, reason: string) {
  return services.store.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: tip.status, state: tip.state })
      .from(tip)
      .where(eq(tip.id, id))
      .for("update");
    if (!row) throw Errors.notFound(`tip ${id}`);
    await requireStateWithinArea(tx, staff, row.state, `tip ${id}`);
    if (row.status === "JUNK") throw Errors.conflict(`tip ${id} is already junk`);
    const now = services.clock.now();
    await tx.update(tip).set({ status: "JUNK", statusAt: now, junkReason: reason }).where(eq(tip.id, id));
    await tx
      .update(tipReferral)
      .set({ status: "CLOSED", closedAt: now, closedBy: staff.username, closingAnswer: `junk: ${reason}` })
      .where(and(eq(tipReferral.tipId, id), eq(tipReferral.status, "OPEN")));
    await writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: "TIP_JUNKED",
      outcome: "SUCCESS",
      actorUser: staff.username,
      subject: `tip:${id}`,
      purpose: "tip triage",
      details: { reason },
    });
    return { id, status: "JUNK" };
  });
}

/** A recipient's closing answer; the tip closes when its primary referral does. */
export async function closeReferral(
  services: TipServices,
  staff: StaffPrincipal,
  id: number,
  recipient: string,
  answer: string,
) {
  return services.store.transaction(async (tx) => {
    const [owner] = await tx.select({ state: tip.state }).from(tip).where(eq(tip.id, id));
    if (owner)
      await requireStateWithinArea(tx, staff, owner.state, `open referral of tip ${id} to ${recipient}`);
    const now = services.clock.now();
    const closed = await tx
      .update(tipReferral)
      .set({ status: "CLOSED", closedAt: now, closedBy: staff.username, closingAnswer: answer })
      .where(
        and(eq(tipReferral.tipId, id), eq(tipReferral.recipient, recipient), eq(tipReferral.status, "OPEN")),
      )
      .returning({ role: tipReferral.role });
    if (closed.length === 0) throw Errors.notFound(`open referral of tip ${id} to ${recipient}`);
    if (closed[0]!.role === "PRIMARY") {
      await tx.update(tip).set({ status: "CLOSED", statusAt: now }).where(eq(tip.id, id));
    }
    await writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: "TIP_REFERRAL_CLOSED",
      outcome: "SUCCESS",
      actorUser: staff.username,
      subject: `tip:${id}`,
      purpose: "tip triage",
      details: { recipient, role: closed[0]!.role },
    });
    return { id, recipient, status: "CLOSED" };
  });
}

/** Open tips that speak of a threat to life: the supervisor's alerts. */
export async function lifeSafetyAlerts(services: TipServices, staff: StaffPrincipal) {
  const rows = await services.store.db
    .select({ id: tip.id, category: tip.category, receivedAt: tip.receivedAt, status: tip.status })
    .from(tip)
    .where(
      and(
        eq(tip.lifeSafety, true),
        inArray(tip.status, ["NEW", "REFERRED", "DUPLICATE"]),
        stateWithinArea(services.store.db, staff, tip.state),
      ),
    )
    .orderBy(desc(tip.receivedAt));
  return rows.map((r) => ({
    ...r,
    receivedAt: r.receivedAt.toISOString(),
    dutyAgent: RECIPIENTS.DUTY_AGENT,
  }));
}
