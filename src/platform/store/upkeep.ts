import type pg from "pg";

/**
 * VACUUM and ANALYZE for the embedded store. PGlite is a single backend without background
 * workers, so nothing vacuums or analyzes it on its own: the job queue's and the timers'
 * updated rows stay as dead versions in their tables and indexes, and tables filled at run
 * time (messages, inquiries, audit entries) have no statistics, so the planner guesses (it was
 * seen sorting a whole mailbox, 240 ms a batch). This does what PostgreSQL's autovacuum does,
 * with its default thresholds, from the table counters PostgreSQL keeps anyway. A server has
 * autovacuum and does not need it.
 */
export interface TableActivity {
  /** The table's name as SQL can use it (regclass text, quoted where needed). */
  table: string;
  live: number;
  dead: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
}

export interface Upkeep {
  table: string;
  vacuum: boolean;
  analyze: boolean;
}

// PostgreSQL's autovacuum defaults: autovacuum_vacuum_threshold / _scale_factor,
// autovacuum_vacuum_insert_threshold / _scale_factor, autovacuum_analyze_threshold / _scale_factor.
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE = 0.2;
const INSERT_VACUUM_THRESHOLD = 1000;
const INSERT_VACUUM_SCALE = 0.2;
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;

/** The tables that autovacuum, at its default settings, would vacuum or analyze now. */
export function dueUpkeep(tables: readonly TableActivity[]): Upkeep[] {
  const due: Upkeep[] = [];
  for (const t of tables) {
    const vacuum =
      t.dead > VACUUM_THRESHOLD + VACUUM_SCALE * t.live ||
      t.insertedSinceVacuum > INSERT_VACUUM_THRESHOLD + INSERT_VACUUM_SCALE * t.live;
    const analyze = t.modifiedSinceAnalyze > ANALYZE_THRESHOLD + ANALYZE_SCALE * t.live;
    if (vacuum || analyze) due.push({ table: t.table, vacuum, analyze });
  }
  return due;
}

/** The table counters, current (the backend's pending counts are flushed first). */
export async function tableActivity(pool: pg.Pool): Promise<TableActivity[]> {
  await pool.query("SELECT pg_stat_force_next_flush()");
  const { rows } = await pool.query<TableActivity>(`
    SELECT relid::regclass::text AS "table", n_live_tup::float8 AS live, n_dead_tup::float8 AS dead,
           n_ins_since_vacuum::float8 AS "insertedSinceVacuum",
           n_mod_since_analyze::float8 AS "modifiedSinceAnalyze"
    FROM pg_stat_user_tables ORDER BY relid`);
  return rows;
}

export type UpkeepAction = "vacuum_analyze" | "vacuum" | "analyze";

const STATEMENT: Record<UpkeepAction, string> = {
  vacuum_analyze: "VACUUM (ANALYZE)",
  vacuum: "VACUUM",
  analyze: "ANALYZE",
};

export interface UpkeepRun extends Upkeep {
  action: UpkeepAction;
  ms: number;
}

/**
 * One pass: each due table in turn, one statement each, outside any transaction. On the
 * embedded store a statement holds the store while it runs, so tables go one at a time and
 * other work gets its turn between them.
 */
export async function runUpkeep(
  pool: pg.Pool,
  now: () => number = () => performance.now(),
): Promise<UpkeepRun[]> {
  const done: UpkeepRun[] = [];
  for (const item of dueUpkeep(await tableActivity(pool))) {
    const started = now();
    const action: UpkeepAction = item.vacuum ? (item.analyze ? "vacuum_analyze" : "vacuum") : "analyze";
    await pool.query(`${STATEMENT[action]} ${item.table}`);
    done.push({ ...item, action, ms: Math.round(now() - started) });
  }
  return done;
}

export interface UpkeepSchedule {
  stop(): Promise<void>;
}

/**
 * Runs a pass every `intervalMs`; a pass still running when the next is due makes that one
 * skip. A failed pass (the store closing, say) is reported and the next one tries again.
 */
export function scheduleUpkeep(
  pool: pg.Pool,
  intervalMs: number,
  report: { done(runs: UpkeepRun[]): void; failed(error: unknown): void },
): UpkeepSchedule {
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = async () => {
    try {
      const runs = await runUpkeep(pool);
      if (runs.length > 0) report.done(runs);
    } catch (error) {
      if (!stopped) report.failed(error);
    } finally {
      running = undefined;
    }
  };
  const timer = setInterval(() => {
    if (!stopped && !running) running = pass();
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
