import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from "drizzle-orm";
import { auditLog, verifyAuditChain, writeAudit } from "../platform/audit/index.js";
import type { StaffPrincipal } from "../platform/auth/index.js";
import { type Clock, DAY } from "../platform/clock.js";
import { writeCsv } from "../platform/csv.js";
import { Errors } from "../platform/errors.js";
import type { Store } from "../platform/store/store.js";
import { auditReview } from "./schema.js";

/**
 * The auditors' desk: search and export the audit log (every search and export is itself
 * audited), and record the weekly review (CJIS 5.4.3) with a fresh check of the hash chain.
 */
export const COMPONENT = "audit";
export const REVIEW_INTERVAL_MS = 7 * DAY;
export const EXPORT_LIMIT = 100_000;

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  user?: string | undefined;
  ori?: string | undefined;
  component?: string | undefined;
  eventType?: string | undefined;
  outcome?: string | undefined;
  subject?: string | undefined;
  /** Entries after this sequence number (paging). */
  afterSeq?: number | undefined;
}

function time(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw Errors.invalidField(`querystring.${field}`, "must be an ISO 8601 date-time");
  return date;
}

function conditions(filter: AuditFilter): SQL[] {
  const from = time(filter.from, "from");
  const to = time(filter.to, "to");
  if (from && to && to <= from) throw Errors.invalidField("querystring.to", "must be after from");
  const where: SQL[] = [];
  if (from) where.push(gte(auditLog.at, from));
  if (to) where.push(lt(auditLog.at, to));
  if (filter.user !== undefined) where.push(eq(auditLog.actorUser, filter.user));
  if (filter.ori !== undefined) where.push(eq(auditLog.actorOri, filter.ori));
  if (filter.component !== undefined) where.push(eq(auditLog.component, filter.component));
  if (filter.eventType !== undefined) where.push(eq(auditLog.eventType, filter.eventType));
  if (filter.outcome !== undefined) where.push(eq(auditLog.outcome, filter.outcome as "SUCCESS"));
  if (filter.subject !== undefined) where.push(eq(auditLog.subject, filter.subject));
  if (filter.afterSeq !== undefined) where.push(gt(auditLog.seq, filter.afterSeq));
  return where;
}

function shape(row: typeof auditLog.$inferSelect) {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    component: row.component,
    eventType: row.eventType,
    outcome: row.outcome,
    user: row.actorUser,
    ori: row.actorOri,
    subject: row.subject,
    purpose: row.purpose,
    details: row.details,
  };
}

async function recordAccess(
  store: Store,
  clock: Clock,
  staff: StaffPrincipal,
  eventType: string,
  filter: AuditFilter,
  count: number,
) {
  await store.transaction((tx) =>
    writeAudit(tx, clock, {
      component: COMPONENT,
      eventType,
      outcome: "SUCCESS",
      actorUser: staff.username,
      purpose: "audit review",
      details: { filter: { ...filter }, returned: count },
    }),
  );
}

export async function searchAudit(
  store: Store,
  clock: Clock,
  staff: StaffPrincipal,
  filter: AuditFilter,
  limit = 200,
) {
  const rows = await store.db
    .select()
    .from(auditLog)
    .where(and(...conditions(filter)))
    .orderBy(asc(auditLog.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  await recordAccess(store, clock, staff, "AUDIT_SEARCHED", filter, page.length);
  return { entries: page.map(shape), next: rows.length > limit ? page.at(-1)!.seq : null };
}

/** The filtered log as CSV, each cell safe to open in a spreadsheet. */
export async function exportAudit(
  store: Store,
  clock: Clock,
  staff: StaffPrincipal,
  filter: AuditFilter,
): Promise<string> {
  const rows = await store.db
    .select()
    .from(auditLog)
    .where(and(...conditions(filter)))
    .orderBy(asc(auditLog.seq))
    .limit(EXPORT_LIMIT);
  await recordAccess(store, clock, staff, "AUDIT_EXPORTED", filter, rows.length);
  return writeCsv(
    [
      "seq",
      "at",
      "component",
      "event_type",
      "outcome",
      "user",
      "ori",
      "subject",
      "purpose",
      "details",
      "hash",
    ],
    rows.map((r) => [
      r.seq,
      r.at.toISOString(),
      r.component,
      r.eventType,
      r.outcome,
      r.actorUser ?? "",
      r.actorOri ?? "",
      r.subject ?? "",
      r.purpose ?? "",
      JSON.stringify(r.details),
      r.hash,
    ]),
  );
}

export interface NewReview {
  periodFrom: string;
  periodTo: string;
  findings: string;
}

/** Records a review of a period: the entries and failures in it, and whether the chain verifies. */
export async function recordReview(store: Store, clock: Clock, staff: StaffPrincipal, input: NewReview) {
  const from = time(input.periodFrom, "periodFrom")!;
  const to = time(input.periodTo, "periodTo")!;
  if (to <= from) throw Errors.invalidField("body.periodTo", "must be after periodFrom");
  if (to > clock.now()) throw Errors.invalidField("body.periodTo", "must not be in the future");
  const verification = await verifyAuditChain(store.db);
  const [counts] = await store.db
    .select({
      entries: sql<number>`count(*)::int`,
      failures: sql<number>`count(*) FILTER (WHERE ${auditLog.outcome} <> 'SUCCESS')::int`,
    })
    .from(auditLog)
    .where(and(gte(auditLog.at, from), lt(auditLog.at, to)));
  return store.transaction(async (tx) => {
    const [row] = await tx
      .insert(auditReview)
      .values({
        reviewedBy: staff.username,
        reviewedAt: clock.now(),
        periodFrom: from,
        periodTo: to,
        entries: counts!.entries,
        failures: counts!.failures,
        chainOk: verification.ok,
        findings: input.findings,
      })
      .returning();
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "AUDIT_REVIEWED",
      outcome: verification.ok ? "SUCCESS" : "FAILURE",
      actorUser: staff.username,
      purpose: "weekly audit review",
      details: {
        reviewId: row!.id,
        entries: counts!.entries,
        failures: counts!.failures,
        chainOk: verification.ok,
      },
    });
    return {
      id: row!.id,
      entries: counts!.entries,
      failures: counts!.failures,
      chain: verification,
    };
  });
}

/** The reviews, newest first, and whether the next one is overdue (more than 7 days since the last). */
export async function listReviews(store: Store, clock: Clock) {
  const rows = await store.db.select().from(auditReview).orderBy(desc(auditReview.reviewedAt)).limit(100);
  const last = rows[0]?.reviewedAt;
  return {
    overdue: last === undefined || clock.now().getTime() - last.getTime() > REVIEW_INTERVAL_MS,
    reviews: rows.map((r) => ({
      id: r.id,
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt.toISOString(),
      periodFrom: r.periodFrom.toISOString(),
      periodTo: r.periodTo.toISOString(),
      entries: r.entries,
      failures: r.failures,
      chainOk: r.chainOk,
      findings: r.findings,
    })),
  };
}
