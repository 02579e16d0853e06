import type { Gauge } from "./platform/http/index.js";
import type { Store } from "./platform/store/store.js";

/**
 * What an operator watches, read from the store at each scrape: job queue depths (and the
 * oldest due job's lag), open inquiries by SLA state, open hit cases by escalation, and
 * unacknowledged mailbox messages.
 */
export async function storeGauges(store: Store): Promise<Gauge[]> {
  const gauges: Gauge[] = [];
  const jobs = await store.pool.query<{ queue: string; state: string; n: number }>(
    "SELECT queue, state, count(*)::int AS n FROM job WHERE state IN ('ready','running','dead') GROUP BY 1, 2",
  );
  for (const row of jobs.rows) {
    gauges.push({
      name: "lesc_jobs",
      help: "Jobs by queue and state (ready includes future timers).",
      labels: { queue: row.queue, state: row.state },
      value: row.n,
    });
  }
  const lag = await store.pool.query<{ seconds: number | null }>(
    "SELECT extract(epoch FROM now() - min(run_at))::float8 AS seconds FROM job WHERE state = 'ready' AND run_at <= now()",
  );
  gauges.push({
    name: "lesc_job_lag_seconds",
    help: "How long the oldest due job has waited.",
    value: Math.max(0, lag.rows[0]?.seconds ?? 0),
  });
  const inquiries = await store.pool.query<{ sla_state: string; n: number }>(
    "SELECT sla_state, count(*)::int AS n FROM inquiry WHERE status <> 'ANSWERED' GROUP BY 1",
  );
  for (const state of ["ON_TIME", "WARNING", "BREACHED"]) {
    gauges.push({
      name: "lesc_inquiries_open",
      help: "Open inquiries by response-time state.",
      labels: { sla_state: state },
      value: inquiries.rows.find((r) => r.sla_state === state)?.n ?? 0,
    });
  }
  const hits = await store.pool.query<{ escalation: number; n: number }>(
    "SELECT escalation, count(*)::int AS n FROM hit_case WHERE status IN ('OPEN','WAITING') GROUP BY 1",
  );
  for (const level of [0, 50, 80, 100]) {
    gauges.push({
      name: "lesc_hits_open",
      help: "Open hit confirmation cases by escalation level (percent of the clock gone).",
      labels: { escalation: String(level) },
      value: hits.rows.find((r) => Number(r.escalation) === level)?.n ?? 0,
    });
  }
  const mail = await store.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM mailbox_message WHERE acked_at IS NULL",
  );
  gauges.push({
    name: "lesc_mailbox_unread",
    help: "Mailbox messages not yet acknowledged.",
    value: mail.rows[0]?.n ?? 0,
  });
  return gauges;
}
