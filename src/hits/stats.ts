import { sql } from "drizzle-orm";
import type { Executor } from "../platform/store/store.js";

/** Hit confirmations of a period by priority, with the share answered by their deadline. */
export interface HitStats {
  received: number;
  byPriority: Record<
    "U" | "R",
    { received: number; answered: number; answeredInTime: number; shareInTime: number | null }
  >;
  noRecord: number;
  confirmed: number;
  notConfirmed: number;
  breached: number;
  policyViolations: number;
}

export async function hitStats(db: Executor, from: Date, to: Date): Promise<HitStats> {
  // "In time": the first answer (YR) came by the deadline that applied when it was sent.
  const { rows } = await db.execute<{
    priority: "U" | "R";
    received: number;
    answered: number;
    in_time: number;
    no_record: number;
    confirmed: number;
    not_confirmed: number;
    breached: number;
    violations: number;
  }>(sql`
    SELECT c.priority,
      count(*)::int AS received,
      count(*) FILTER (WHERE first_answer.at IS NOT NULL)::int AS answered,
      count(*) FILTER (WHERE (first_answer.details->>'onTime')::boolean)::int AS in_time,
      count(*) FILTER (WHERE c.status = 'NO_RECORD')::int AS no_record,
      count(*) FILTER (WHERE c.status = 'CONFIRMED')::int AS confirmed,
      count(*) FILTER (WHERE c.status = 'NOT_CONFIRMED')::int AS not_confirmed,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM hit_event b WHERE b.case_id = c.id AND b.kind = 'BREACH'))::int AS breached,
      count(*) FILTER (WHERE c.policy_violation)::int AS violations
    FROM hit_case c
    LEFT JOIN LATERAL (
      SELECT e.at, e.details FROM hit_event e
      WHERE e.case_id = c.id AND e.kind IN ('ANSWERED', 'NO_RECORD')
      ORDER BY e.id LIMIT 1
    ) first_answer ON true
    WHERE c.received_at >= ${from} AND c.received_at < ${to}
    GROUP BY c.priority`);
  const empty = { received: 0, answered: 0, answeredInTime: 0, shareInTime: null };
  const stats: HitStats = {
    received: 0,
    byPriority: { U: { ...empty }, R: { ...empty } },
    noRecord: 0,
    confirmed: 0,
    notConfirmed: 0,
    breached: 0,
    policyViolations: 0,
  };
  for (const row of rows) {
    stats.received += row.received;
    stats.byPriority[row.priority] = {
      received: row.received,
      answered: row.answered,
      answeredInTime: row.in_time,
      shareInTime: row.received === 0 ? null : row.in_time / row.received,
    };
    stats.noRecord += row.no_record;
    stats.confirmed += row.confirmed;
    stats.notConfirmed += row.not_confirmed;
    stats.breached += row.breached;
    stats.policyViolations += row.violations;
  }
  return stats;
}
