import { and, asc, gte, lte, sql } from "drizzle-orm";
import { type Clock, DAY } from "../clock.js";
import { Errors } from "../errors.js";
import { type Job, type JobHandler, scheduleDailyTimer } from "../queue/index.js";
import type { Executor, Tx } from "../store/store.js";
import { AUDIT_CHAIN_LOCK, readAnchor, writeAudit } from "./audit.js";
import { auditAnchor, auditLog } from "./schema.js";

/**
 * Audit retention: entries are kept at least `retentionDays` (never less than a year, CJIS
 * 5.4.6); older ones are purged oldest first, and only as an unbroken prefix of the chain.
 * The purge leaves an anchor (the last purged entry's sequence number and hash) from which
 * `verifyAuditChain` continues, and records itself in the log.
 */
export const MIN_RETENTION_DAYS = 365;
export const DEFAULT_RETENTION_DAYS = 3 * 365;
export const RETENTION_QUEUE = "audit.retention";

export function checkRetentionDays(days: number, field = "retentionDays"): number {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS) {
    throw Errors.invalidField(
      field,
      `must be a whole number of days, at least ${MIN_RETENTION_DAYS} (one year)`,
    );
  }
  return days;
}

export async function purgeAudit(
  tx: Tx,
  clock: Clock,
  retentionDays: number,
): Promise<{ purged: number; through: number | null }> {
  checkRetentionDays(retentionDays);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const cutoff = new Date(clock.now().getTime() - retentionDays * DAY);
  // The prefix ends before the first entry that is still within the retention period.
  const [firstKept] = await tx
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(gte(auditLog.at, cutoff))
    .orderBy(asc(auditLog.seq))
    .limit(1);
  const [newest] = await tx.select({ seq: sql<number>`max(${auditLog.seq})::bigint` }).from(auditLog);
  const through = firstKept ? firstKept.seq - 1 : Number(newest?.seq ?? 0);
  const anchor = await readAnchor(tx);
  if (through <= (anchor?.seq ?? 0)) return { purged: 0, through: null };
  const [last] = await tx
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(sql`${auditLog.seq} = ${through}`);
  await tx.execute(sql`SELECT set_config('lesc.audit_purge', 'on', true)`);
  const deleted = await tx
    .delete(auditLog)
    .where(and(lte(auditLog.seq, through)))
    .returning({ seq: auditLog.seq });
  const now = clock.now();
  await tx
    .insert(auditAnchor)
    .values({ id: 1, seq: through, hash: last!.hash, purgedAt: now, purgedEntries: deleted.length })
    .onConflictDoUpdate({
      target: auditAnchor.id,
      set: {
        seq: through,
        hash: last!.hash,
        purgedAt: now,
        purgedEntries: sql`${auditAnchor.purgedEntries} + ${deleted.length}`,
      },
    });
  await tx.execute(sql`SELECT set_config('lesc.audit_purge', 'off', true)`);
  await writeAudit(tx, clock, {
    component: "audit",
    eventType: "AUDIT_PURGED",
    outcome: "SUCCESS",
    actorUser: null,
    purpose: "audit retention",
    details: { through, entries: deleted.length, retentionDays, cutoff: cutoff.toISOString() },
  });
  return { purged: deleted.length, through };
}

/** Schedules the daily purge for the next 04:00 UTC (once per day, whatever the process count). */
export async function scheduleAuditRetention(
  tx: Executor,
  clock: Clock,
  retentionDays: number,
): Promise<void> {
  checkRetentionDays(retentionDays, "--audit-retention-days");
  await scheduleDailyTimer(tx, clock, {
    queue: RETENTION_QUEUE,
    hour: 4,
    keyPrefix: "audit:retention",
    payload: { retentionDays },
  });
}

export function auditRetentionJob(clock: Clock): JobHandler {
  return async (tx: Tx, job: Job) => {
    const retentionDays = Number(job.payload.retentionDays ?? DEFAULT_RETENTION_DAYS);
    await purgeAudit(tx, clock, retentionDays);
    await scheduleAuditRetention(tx, clock, retentionDays);
  };
}
