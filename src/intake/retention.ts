import { and, eq, inArray, lt } from "drizzle-orm";
import { writeAudit } from "../platform/audit/index.js";
import { type Clock, DAY } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import { type Job, type JobHandler, scheduleDailyTimer } from "../platform/queue/index.js";
import type { Executor, Tx } from "../platform/store/store.js";
import { forgetExpiredChallenges } from "./proof-of-work.js";
import { FINAL_TIP_STATUSES, tip, tipMessage, tipReferral } from "./schema.js";

/**
 * Retention per status (GlobaLeaks' daily cleaner, per status): a tip that has rested in a
 * final status (duplicate, junk, closed) for longer than that status's days is deleted with its
 * messages and referrals. Open tips (NEW, REFERRED) are never purged, and statuses not
 * configured are kept: the default keeps everything, because records schedules and legal holds
 * decide, not lesc. The purge is audited by counts only. The same daily run forgets spent
 * proof-of-work challenges once they have expired.
 */
export type FinalTipStatus = (typeof FINAL_TIP_STATUSES)[number];
export type TipRetention = Partial<Record<FinalTipStatus, number>>;
export const TIP_RETENTION_QUEUE = "intake.retention";
const MAX_DAYS = 100 * 365;

/** `JUNK=90,CLOSED=1825,DUPLICATE=365` → days per status; NEW and REFERRED are refused. */
export function parseTipRetention(text: string | undefined, field = "--tip-retention"): TipRetention {
  return parseStatusRetention(text, field, FINAL_TIP_STATUSES, "tips");
}

/**
 * `STATUS=DAYS,…` → days per final status, for any intake whose records rest in final statuses
 * (tips, IPR allegations); an open status, a repeat or absurd days are refused naming them.
 */
export function parseStatusRetention<S extends string>(
  text: string | undefined,
  field: string,
  finalStatuses: readonly S[],
  what: string,
): Partial<Record<S, number>> {
  const retention: Partial<Record<S, number>> = {};
  if (text === undefined || text.trim() === "") return retention;
  for (const part of text.split(",")) {
    const match = /^\s*([A-Z]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match) throw Errors.invalidField(field, `"${part}" must be STATUS=DAYS, e.g. JUNK=90`);
    const [, status, days] = match as unknown as [string, S, string];
    if (!finalStatuses.includes(status)) {
      throw Errors.invalidField(
        field,
        `${status}: only the final statuses ${finalStatuses.join(", ")} may be purged (open ${what} never are)`,
      );
    }
    if (Number(days) < 1 || Number(days) > MAX_DAYS) {
      throw Errors.invalidField(field, `${status}: days must be from 1 to ${MAX_DAYS}`);
    }
    if (retention[status] !== undefined) {
      throw Errors.invalidField(field, `${status} is given twice`);
    }
    retention[status] = Number(days);
  }
  return retention;
}

/** Deletes the tips past their status's retention, with their messages and referrals; audited by counts. */
export async function purgeTips(
  tx: Tx,
  clock: Clock,
  retention: TipRetention,
): Promise<{ purged: Partial<Record<FinalTipStatus, number>>; challenges: number }> {
  const now = clock.now();
  const challenges = await forgetExpiredChallenges(tx, clock);
  const purged: Partial<Record<FinalTipStatus, number>> = {};
  let messages = 0;
  let referrals = 0;
  for (const status of FINAL_TIP_STATUSES) {
    const days = retention[status];
    if (days === undefined) continue;
    const due = await tx
      .select({ id: tip.id })
      .from(tip)
      .where(and(eq(tip.status, status), lt(tip.statusAt, new Date(now.getTime() - days * DAY))))
      .for("update");
    if (due.length === 0) continue;
    const ids = due.map((row) => row.id);
    // A kept duplicate loses its link to a purged original rather than keeping the original.
    await tx.update(tip).set({ duplicateOf: null }).where(inArray(tip.duplicateOf, ids));
    messages += (
      await tx.delete(tipMessage).where(inArray(tipMessage.tipId, ids)).returning({ id: tipMessage.id })
    ).length;
    referrals += (
      await tx.delete(tipReferral).where(inArray(tipReferral.tipId, ids)).returning({ id: tipReferral.id })
    ).length;
    await tx.delete(tip).where(inArray(tip.id, ids));
    purged[status] = ids.length;
  }
  if (Object.keys(purged).length > 0) {
    await writeAudit(tx, clock, {
      component: "intake",
      eventType: "TIPS_PURGED",
      outcome: "SUCCESS",
      actorUser: null,
      purpose: "tip retention",
      details: { purged, messages, referrals, retentionDays: retention },
    });
  }
  return { purged, challenges };
}

/**
 * A daily retention purge at 05:00 UTC (once a day, whatever the process count): the settings
 * travel in the timer's payload, and each run schedules the next. Tips and IPR allegations use it.
 */
export function dailyPurge<R extends object>(
  queue: string,
  keyPrefix: string,
  purge: (tx: Tx, clock: Clock, retention: R) => Promise<unknown>,
) {
  const schedule = async (tx: Executor, clock: Clock, retention: R): Promise<void> => {
    await scheduleDailyTimer(tx, clock, { queue, hour: 5, keyPrefix, payload: { retention } });
  };
  const job =
    (clock: Clock): JobHandler =>
    async (tx: Tx, job: Job) => {
      const retention = (job.payload.retention ?? {}) as R;
      await purge(tx, clock, retention);
      await schedule(tx, clock, retention);
    };
  return { schedule, job };
}

const tipPurge = dailyPurge(TIP_RETENTION_QUEUE, "tips:retention", purgeTips);
/** Schedules the daily tip purge for the next 05:00 UTC. */
export const scheduleTipRetention = tipPurge.schedule;
export const tipRetentionJob = tipPurge.job;
