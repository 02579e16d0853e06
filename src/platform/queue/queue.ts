import { randomBytes } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Clock } from "../clock.js";
import type { Executor, Store, Tx } from "../store/store.js";
import { type Job, job } from "./schema.js";

/**
 * The durable work queue and its timers, kept in the store so nothing acknowledged is lost.
 *
 * - Enqueue in the same transaction as the business write that causes the work.
 * - Claims are short transactions (`FOR UPDATE SKIP LOCKED`) that lease a job to a worker.
 * - A handler runs in its own transaction, which also marks the job done only if this worker
 *   still holds the lease; so a job's effects commit exactly once even when several
 *   processes share one PostgreSQL, or a lease expired and the job was claimed again.
 * - Failures retry with exponential back-off; after `maxAttempts` the job is dead-lettered
 *   with its last error. Leases of workers that died are swept back to ready.
 * - A timer is a job with a future `runAt` and a unique key: scheduling it twice is a no-op,
 *   and it fires once.
 */
export interface EnqueueOptions {
  queue: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
}

export async function enqueueJob(tx: Executor, clock: Clock, options: EnqueueOptions): Promise<number> {
  const [id] = await enqueueJobs(tx, clock, [options]);
  return id!;
}

/** Enqueues several jobs with one insert; returns their ids in the order given. */
export async function enqueueJobs(
  tx: Executor,
  clock: Clock,
  jobs: readonly EnqueueOptions[],
): Promise<number[]> {
  if (jobs.length === 0) return [];
  const now = clock.now();
  const rows = await tx
    .insert(job)
    .values(
      jobs.map((options) => ({
        queue: options.queue,
        payload: options.payload ?? {},
        state: "ready" as const,
        runAt: options.runAt ?? now,
        attempts: 0,
        maxAttempts: options.maxAttempts ?? 8,
        createdAt: now,
      })),
    )
    .returning({ id: job.id });
  return rows.map((row) => row.id);
}

export interface TimerOptions {
  /** Unique name of the timer, e.g. `hit:42:warn-50`. Scheduling an existing key does nothing. */
  key: string;
  queue: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

/** Schedules a timer; returns false when a timer with that key already exists. */
export async function scheduleTimer(tx: Executor, clock: Clock, options: TimerOptions): Promise<boolean> {
  return (await scheduleTimers(tx, clock, [options])) === 1;
}

/** Schedules several timers with one insert (keys must differ); returns how many were new. */
export async function scheduleTimers(
  tx: Executor,
  clock: Clock,
  timers: readonly TimerOptions[],
): Promise<number> {
  if (timers.length === 0) return 0;
  const createdAt = clock.now();
  const rows = await tx
    .insert(job)
    .values(
      timers.map((options) => ({
        queue: options.queue,
        payload: options.payload ?? {},
        state: "ready" as const,
        runAt: options.dueAt,
        attempts: 0,
        maxAttempts: 8,
        timerKey: options.key,
        createdAt,
      })),
    )
    .onConflictDoNothing({ target: job.timerKey })
    .returning({ id: job.id });
  return rows.length;
}

export interface DailyTimerOptions {
  queue: string;
  /** The UTC hour it runs at. */
  hour: number;
  /** Timer keys are `<keyPrefix>:<YYYY-MM-DD>`: one run per day, whatever the process count. */
  keyPrefix: string;
  payload?: Record<string, unknown>;
}

/** Schedules the next run of a daily job, at `hour` UTC today if still ahead, else tomorrow. */
export async function scheduleDailyTimer(
  tx: Executor,
  clock: Clock,
  options: DailyTimerOptions,
): Promise<boolean> {
  const now = clock.now();
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), options.hour));
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return scheduleTimer(tx, clock, {
    key: `${options.keyPrefix}:${next.toISOString().slice(0, 10)}`,
    queue: options.queue,
    dueAt: next,
    payload: options.payload ?? {},
  });
}

/** Cancels a timer that has not fired yet; returns whether one was cancelled. */
export async function cancelTimer(tx: Executor, clock: Clock, key: string): Promise<boolean> {
  const rows = await tx
    .update(job)
    .set({ state: "cancelled", finishedAt: clock.now() })
    .where(and(eq(job.timerKey, key), eq(job.state, "ready")))
    .returning({ id: job.id });
  return rows.length === 1;
}

/**
 * A job's work, run in a transaction that also completes the job. A handler with a `prepare`
 * step first does its slow reading outside any transaction (a search, say, which on the
 * embedded store's single connection could not run beside an open transaction); `commit`
 * then writes the effects, and must check that they are still due.
 */
export type JobHandler = ((tx: Tx, job: Job) => Promise<void>) | PreparedJobHandler<unknown>;

export interface PreparedJobHandler<P> {
  prepare(job: Job): Promise<P>;
  commit(tx: Tx, job: Job, prepared: P): Promise<void>;
  /**
   * Optional: commits several of this queue's prepared jobs in one transaction, with one
   * statement per table for all of them. The worker then prepares a claimed batch at once
   * (their reads overlap) and falls back to `commit`, job by job, if the batch fails.
   */
  commitAll?(tx: Tx, items: readonly { job: Job; prepared: P }[]): Promise<void>;
}

export interface JobWorkerOptions {
  store: Store;
  clock: Clock;
  handlers: Record<string, JobHandler>;
  /** How long a claim is held before another worker may take the job over. */
  leaseMs?: number;
  /** How often an idle worker looks for due work. */
  pollMs?: number;
  batchSize?: number;
  /** Delay before retry number `attempt` (1-based). */
  backoffMs?: (attempt: number) => number;
  workerId?: string;
  onError?: (error: unknown, job?: Job) => void;
  /** Called after a job's effects committed, e.g. to wake readers of what it wrote. */
  onDone?: (job: Job) => void;
}

export function exponentialBackoff(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 10 * 60 * 1000);
}

export class JobWorker {
  readonly workerId: string;
  private readonly options: Required<Omit<JobWorkerOptions, "workerId">>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: JobWorkerOptions) {
    this.workerId = options.workerId ?? `w-${process.pid}-${randomBytes(4).toString("hex")}`;
    this.options = {
      leaseMs: 60_000,
      pollMs: 200,
      batchSize: 10,
      backoffMs: exponentialBackoff,
      onError: () => {},
      onDone: () => {},
      ...options,
    };
  }

  /** Re-queues jobs whose worker's lease ran out (the worker died or hung). */
  async sweepExpiredLeases(): Promise<number> {
    const { store, clock } = this.options;
    const rows = await store.db
      .update(job)
      .set({
        state: "ready",
        lockedBy: null,
        lockedUntil: null,
        lastError: sql`coalesce(${job.lastError}, 'lease expired')`,
      })
      .where(and(eq(job.state, "running"), lt(job.lockedUntil, clock.now())))
      .returning({ id: job.id });
    return rows.length;
  }

  /** Claims up to one batch of due jobs and runs them. Returns how many it ran. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    for (const queue of new Set(claimed.map((one) => one.queue))) {
      const jobs = claimed.filter((one) => one.queue === queue);
      const handler = this.options.handlers[queue]!;
      if (typeof handler !== "function" && handler.commitAll && jobs.length > 1) {
        await this.runBatch(handler, jobs);
      } else {
        for (const one of jobs) await this.runJob(one);
      }
    }
    return claimed.length;
  }

  /** Runs until nothing is due. For tests and batch commands. */
  async drain(): Promise<number> {
    let total = 0;
    await this.sweepExpiredLeases();
    for (;;) {
      const ran = await this.runOnce();
      total += ran;
      if (ran === 0) return total;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Wakes an idle worker at once, e.g. after this process enqueued work. */
  nudge(): void {
    this.wake?.();
  }

  /** Stops claiming; waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  private async runLoop(): Promise<void> {
    let lastSweep = 0;
    while (this.running) {
      let ran = 0;
      try {
        const now = Date.now();
        if (now - lastSweep > this.options.leaseMs / 4) {
          lastSweep = now;
          await this.sweepExpiredLeases();
        }
        ran = await this.runOnce();
      } catch (error) {
        this.options.onError(error);
      }
      if (ran === 0 && this.running) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.options.pollMs);
        });
        clearTimeout(this.timer);
        this.wake = undefined;
      }
    }
  }

  private async claim(): Promise<Job[]> {
    const { store, clock, handlers, batchSize, leaseMs } = this.options;
    const queues = Object.keys(handlers);
    if (queues.length === 0) return [];
    const now = clock.now();
    const claimed = await store.transaction(async (tx) => {
      const due = tx
        .select({ id: job.id })
        .from(job)
        .where(and(eq(job.state, "ready"), inArray(job.queue, queues), sql`${job.runAt} <= ${now}`))
        .orderBy(job.runAt, job.id)
        .limit(batchSize)
        .for("update", { skipLocked: true });
      return tx
        .update(job)
        .set({
          state: "running",
          lockedBy: this.workerId,
          lockedUntil: new Date(now.getTime() + leaseMs),
          attempts: sql`${job.attempts} + 1`,
        })
        .where(inArray(job.id, due))
        .returning();
    });
    // An UPDATE returns rows in no set order: run them in the order they fell due.
    return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  }

  /** Prepares the jobs side by side, then commits them together (or one by one if that fails). */
  private async runBatch(handler: PreparedJobHandler<unknown>, jobs: Job[]): Promise<void> {
    const { store } = this.options;
    const settled = await Promise.allSettled(jobs.map((one) => handler.prepare(one)));
    const ready: { job: Job; prepared: unknown }[] = [];
    for (const [i, outcome] of settled.entries()) {
      const one = jobs[i]!;
      if (outcome.status === "fulfilled") ready.push({ job: one, prepared: outcome.value });
      else {
        this.options.onError(outcome.reason, one);
        await this.recordFailure(one, outcome.reason);
      }
    }
    if (ready.length === 0) return;
    let committed: Job[];
    try {
      committed = await store.transaction(async (tx) => {
        const held = await this.lockHeld(
          tx,
          ready.map((item) => item.job.id),
        );
        const mine = ready.filter((item) => held.has(item.job.id));
        if (mine.length > 0) {
          await handler.commitAll!(tx, mine);
          await this.markDone(
            tx,
            mine.map((item) => item.job.id),
          );
        }
        return mine.map((item) => item.job);
      });
    } catch {
      for (const item of ready) await this.runJob(item.job, { prepared: item.prepared });
      return;
    }
    for (const one of committed) this.options.onDone(one);
  }

  private async runJob(claimed: Job, already?: { prepared: unknown }): Promise<void> {
    const { store, handlers } = this.options;
    const handler = handlers[claimed.queue]!;
    try {
      const prepared =
        typeof handler === "function"
          ? undefined
          : already
            ? already.prepared
            : await handler.prepare(claimed);
      await store.transaction(async (tx) => {
        // Lock our job row first: if the lease was lost, stop before doing any work.
        if ((await this.lockHeld(tx, [claimed.id])).size === 0) throw new LeaseLost(claimed.id);
        if (typeof handler === "function") await handler(tx, claimed);
        else await handler.commit(tx, claimed, prepared);
        await this.markDone(tx, [claimed.id]);
      });
      this.options.onDone(claimed);
    } catch (error) {
      if (error instanceof LeaseLost) return;
      this.options.onError(error, claimed);
      await this.recordFailure(claimed, error);
    }
  }

  /** Locks those of `ids` whose lease this worker still holds (in id order); returns their ids. */
  private async lockHeld(tx: Tx, ids: readonly number[]): Promise<Set<number>> {
    const held = await tx
      .select({ id: job.id })
      .from(job)
      .where(and(inArray(job.id, [...ids]), eq(job.state, "running"), eq(job.lockedBy, this.workerId)))
      .orderBy(job.id)
      .for("update");
    return new Set(held.map((row) => row.id));
  }

  private async markDone(tx: Tx, ids: readonly number[]): Promise<void> {
    await tx
      .update(job)
      .set({ state: "done", finishedAt: this.options.clock.now(), lockedBy: null, lockedUntil: null })
      .where(inArray(job.id, [...ids]));
  }

  private async recordFailure(failed: Job, error: unknown): Promise<void> {
    const { store, clock, backoffMs } = this.options;
    const message = error instanceof Error ? error.message : String(error);
    const dead = failed.attempts >= failed.maxAttempts;
    const now = clock.now();
    await store.db
      .update(job)
      .set({
        state: dead ? "dead" : "ready",
        runAt: dead ? failed.runAt : new Date(now.getTime() + backoffMs(failed.attempts)),
        lastError: message.slice(0, 2000),
        lockedBy: null,
        lockedUntil: null,
        finishedAt: dead ? now : null,
      })
      .where(and(eq(job.id, failed.id), eq(job.lockedBy, this.workerId), eq(job.state, "running")));
  }
}

class LeaseLost extends Error {
  constructor(id: number) {
    super(`job ${id}: lease lost to another worker`);
  }
}

/** Dead-lettered jobs go back to ready for another round of attempts (an operator's action). */
export async function retryDeadJob(tx: Executor, clock: Clock, id: number): Promise<boolean> {
  const rows = await tx
    .update(job)
    .set({ state: "ready", attempts: 0, runAt: clock.now(), finishedAt: null })
    .where(and(eq(job.id, id), eq(job.state, "dead")))
    .returning({ id: job.id });
  return rows.length === 1;
}
