import { sql } from "drizzle-orm";
import type { Executor } from "../platform/store/store.js";
import { SOURCE_LABEL } from "./candidates.js";

/**
 * The support centre's figures by federal fiscal year (October to September, named by the
 * year it ends in: FY2027 runs from 2026-10-01 to 2027-09-30), computed from the inquiries
 * themselves so the seed page's figures can be produced by the system.
 */
export interface FiscalYearStats {
  fiscalYear: number;
  from: string;
  to: string;
  inquiries: {
    received: number;
    answered: number;
    open: number;
    inCustody: number;
    /** Answered automatically (PRELIMINARY IAR sent). */
    automated: number;
    /** Answered after research (FINAL IAR sent). */
    researched: number;
    enhanced: number;
  };
  results: { HIT: number; POSSIBLE: number; NO_RECORD: number };
  /** Inquiries with at least one matching record, by file. */
  hitsByFile: Record<string, number>;
  /** Seconds from receipt. */
  responseSeconds: {
    preliminary: Percentiles;
    final: Percentiles;
  };
  sla: { answeredOnTime: number; answeredLate: number; breachedOpen: number; compliance: number | null };
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export function fiscalYearRange(fiscalYear: number): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(fiscalYear - 1, 9, 1)), to: new Date(Date.UTC(fiscalYear, 9, 1)) };
}

/** The fiscal year a date falls in. */
export function fiscalYearOf(date: Date): number {
  return date.getUTCMonth() >= 9 ? date.getUTCFullYear() + 1 : date.getUTCFullYear();
}

export async function fiscalYearStats(db: Executor, fiscalYear: number): Promise<FiscalYearStats> {
  const { from, to } = fiscalYearRange(fiscalYear);
  const inYear = sql`received_at >= ${from} AND received_at < ${to}`;
  const counts = await db.execute<Record<string, number | null>>(sql`
    SELECT
      count(*)::int AS received,
      count(*) FILTER (WHERE status = 'ANSWERED')::int AS answered,
      count(*) FILTER (WHERE status <> 'ANSWERED')::int AS open,
      count(*) FILTER (WHERE in_custody)::int AS in_custody,
      count(*) FILTER (WHERE preliminary_at IS NOT NULL)::int AS automated,
      count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS researched,
      count(*) FILTER (WHERE enhanced)::int AS enhanced,
      count(*) FILTER (WHERE coalesce(final_result, preliminary_result) = 'HIT')::int AS hit,
      count(*) FILTER (WHERE coalesce(final_result, preliminary_result) = 'POSSIBLE')::int AS possible,
      count(*) FILTER (WHERE coalesce(final_result, preliminary_result) = 'NO_RECORD')::int AS no_record,
      count(*) FILTER (WHERE answered_at IS NOT NULL AND answered_at <= due_at)::int AS on_time,
      count(*) FILTER (WHERE answered_at IS NOT NULL AND answered_at > due_at)::int AS late,
      count(*) FILTER (WHERE answered_at IS NULL AND sla_state = 'BREACHED')::int AS breached_open,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM preliminary_at - received_at)) AS pre_p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM preliminary_at - received_at)) AS pre_p90,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM preliminary_at - received_at)) AS pre_p99,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - received_at)) AS fin_p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - received_at)) AS fin_p90,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - received_at)) AS fin_p99
    FROM inquiry WHERE ${inYear}`);
  const hits = await db.execute<{ source: string; n: number }>(sql`
    SELECT c->>'source' AS source, count(DISTINCT i.id)::int AS n
    FROM inquiry i CROSS JOIN LATERAL jsonb_array_elements(i.candidates) c
    WHERE ${inYear} AND c->>'decision' = 'match'
    GROUP BY 1`);
  const row = counts.rows[0]!;
  const n = (key: string) => Number(row[key] ?? 0);
  const seconds = (key: string) =>
    row[key] === null || row[key] === undefined ? null : Math.round(Number(row[key]) * 1000) / 1000;
  const hitsByFile: Record<string, number> = Object.fromEntries(
    Object.values(SOURCE_LABEL).map((label) => [label, 0]),
  );
  for (const hit of hits.rows) hitsByFile[hit.source] = hit.n;
  const answeredOnTime = n("on_time");
  const answeredLate = n("late");
  return {
    fiscalYear,
    from: from.toISOString().slice(0, 10),
    to: new Date(to.getTime() - 1).toISOString().slice(0, 10),
    inquiries: {
      received: n("received"),
      answered: n("answered"),
      open: n("open"),
      inCustody: n("in_custody"),
      automated: n("automated"),
      researched: n("researched"),
      enhanced: n("enhanced"),
    },
    results: { HIT: n("hit"), POSSIBLE: n("possible"), NO_RECORD: n("no_record") },
    hitsByFile,
    responseSeconds: {
      preliminary: { p50: seconds("pre_p50"), p90: seconds("pre_p90"), p99: seconds("pre_p99") },
      final: { p50: seconds("fin_p50"), p90: seconds("fin_p90"), p99: seconds("fin_p99") },
    },
    sla: {
      answeredOnTime,
      answeredLate,
      breachedOpen: n("breached_open"),
      compliance:
        answeredOnTime + answeredLate === 0 ? null : answeredOnTime / (answeredOnTime + answeredLate),
    },
  };
}

/** One day of the inquiries-per-day chart (UTC days). */
export interface DailyInquiries {
  date: string;
  /** Inquiries received that day. */
  inquiries: number;
  /** Of those, answered (FINAL IAR) by their due time. */
  answeredInSla: number;
}

/** Every UTC day from `from` up to (not including) `to`, with zero days included. */
export async function dailyInquiries(db: Executor, from: Date, to: Date): Promise<DailyInquiries[]> {
  if (to <= from) return [];
  const first = from.toISOString().slice(0, 10);
  const last = new Date(to.getTime() - 1).toISOString().slice(0, 10);
  const rows = await db.execute<{ date: string; inquiries: number; in_sla: number }>(sql`
    WITH received AS (
      SELECT (received_at AT TIME ZONE 'UTC')::date AS day,
        count(*)::int AS inquiries,
        count(*) FILTER (WHERE answered_at IS NOT NULL AND answered_at <= due_at)::int AS in_sla
      FROM inquiry WHERE received_at >= ${from} AND received_at < ${to}
      GROUP BY 1
    )
    SELECT to_char(d, 'YYYY-MM-DD') AS date, coalesce(r.inquiries, 0)::int AS inquiries,
      coalesce(r.in_sla, 0)::int AS in_sla
    FROM generate_series(${first}::date, ${last}::date, interval '1 day') d
    LEFT JOIN received r ON r.day = d::date
    ORDER BY d`);
  return rows.rows.map((row) => ({
    date: row.date,
    inquiries: Number(row.inquiries),
    answeredInSla: Number(row.in_sla),
  }));
}
