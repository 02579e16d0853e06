import { sql } from "drizzle-orm";
import type { Executor } from "../platform/store/store.js";
import { RECIPIENTS } from "./rules.js";
import { TIP_CATEGORIES, TIP_STATUSES, type TipCategory, type TipStatus } from "./schema.js";

/**
 * The tip line's figures for a period (the stats route gives a fiscal year): tips received,
 * how many were forwarded, by category, by outcome (the tip's status now) and by channel.
 * Forwarded means referred to someone outside the tip line (not only to the tip line's own
 * triage) and not found to be junk afterwards: the "about half of all tips carry enough
 * information to be forwarded" of the reference. Tips purged by retention are no longer counted.
 */
export interface TipStats {
  received: number;
  forwarded: number;
  /** forwarded / received; null without tips. */
  shareForwarded: number | null;
  lifeSafety: number;
  byCategory: Record<TipCategory, { received: number; forwarded: number }>;
  byOutcome: Record<TipStatus, number>;
  byChannel: { WEB: number; PHONE: number };
}

export async function tipStats(db: Executor, from: Date, to: Date): Promise<TipStats> {
  const { rows } = await db.execute<{
    category: TipCategory;
    status: TipStatus;
    channel: "WEB" | "PHONE";
    life_safety: boolean;
    forwarded: boolean;
    n: number;
  }>(sql`
    SELECT t.category, t.status, t.channel, t.life_safety,
           (t.status <> 'JUNK' AND EXISTS (
             SELECT 1 FROM tip_referral r WHERE r.tip_id = t.id AND r.recipient <> ${RECIPIENTS.TIPLINE_TRIAGE}
           )) AS forwarded,
           count(*)::int AS n
    FROM tip t
    WHERE t.received_at >= ${from} AND t.received_at < ${to}
    GROUP BY 1, 2, 3, 4, 5`);
  const stats: TipStats = {
    received: 0,
    forwarded: 0,
    shareForwarded: null,
    lifeSafety: 0,
    byCategory: Object.fromEntries(TIP_CATEGORIES.map((c) => [c, { received: 0, forwarded: 0 }])) as Record<
      TipCategory,
      { received: number; forwarded: number }
    >,
    byOutcome: Object.fromEntries(TIP_STATUSES.map((s) => [s, 0])) as Record<TipStatus, number>,
    byChannel: { WEB: 0, PHONE: 0 },
  };
  for (const row of rows) {
    const n = Number(row.n);
    stats.received += n;
    stats.byCategory[row.category].received += n;
    stats.byOutcome[row.status] += n;
    stats.byChannel[row.channel] += n;
    if (row.life_safety) stats.lifeSafety += n;
    if (row.forwarded) {
      stats.forwarded += n;
      stats.byCategory[row.category].forwarded += n;
    }
  }
  stats.shareForwarded =
    stats.received === 0 ? null : Math.round((stats.forwarded / stats.received) * 1000) / 1000;
  return stats;
}
