import { spawn } from "node:child_process";
import fs from "node:fs";
import type { Clock } from "../clock.js";
import type { Job, JobHandler, PreparedJobHandler } from "../queue/index.js";
import { scheduleDailyTimer } from "../queue/index.js";
import type { Executor, Store, Tx } from "../store/store.js";
import { type AuditVerification, verifyAuditChain, writeAudit } from "./audit.js";

/**
 * CJIS 5.4.2, response to audit processing failures: officials are alerted when the audit
 * log cannot be written, when its chain no longer verifies, or when its storage runs low.
 * Entries are written in the transaction of their action, so an action that cannot be
 * audited is not done (the caller gets 503); this alarm is what tells people about it.
 *
 * The alarm's state lives in the process (the store may be the thing that failed): each
 * process reports its own through `GET /api/v1/alerts/audit`, the metric
 * `lesc_audit_failures_total`, an error log line, and the operator's alert command.
 */
export type AuditFailureKind = "WRITE_FAILED" | "CHAIN_BROKEN" | "STORAGE_LOW";

export interface AuditFailure {
  kind: AuditFailureKind;
  at: Date;
  reason: string;
}

export interface AuditFailureState {
  kind: AuditFailureKind;
  count: number;
  firstAt: string;
  lastAt: string;
  lastReason: string;
}

/** A repeated failure of the same kind is alerted again after this long, not on every request. */
export const DEFAULT_REALERT_MS = 5 * 60_000;

export class AuditAlarm {
  private readonly state = new Map<AuditFailureKind, AuditFailureState>();
  private readonly lastAlerted = new Map<AuditFailureKind, number>();
  private readonly listeners: ((failure: AuditFailure) => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly realertMs = DEFAULT_REALERT_MS,
  ) {}

  /** Called once per alert (not per failure: repeats within the re-alert period are counted only). */
  listen(listener: (failure: AuditFailure) => void): void {
    this.listeners.push(listener);
  }

  raise(kind: AuditFailureKind, reason: string): void {
    const at = this.clock.now();
    const previous = this.state.get(kind);
    this.state.set(kind, {
      kind,
      count: (previous?.count ?? 0) + 1,
      firstAt: previous?.firstAt ?? at.toISOString(),
      lastAt: at.toISOString(),
      lastReason: reason,
    });
    const alerted = this.lastAlerted.get(kind);
    if (alerted !== undefined && at.getTime() - alerted < this.realertMs) return;
    this.lastAlerted.set(kind, at.getTime());
    for (const listener of this.listeners) listener({ kind, at, reason });
  }

  /** What this process has seen since it started; empty when the audit log has been healthy. */
  failures(): AuditFailureState[] {
    return [...this.state.values()].map((entry) => ({ ...entry }));
  }
}

/**
 * Runs the operator's alert command (`--audit-alert-command`, through /bin/sh) with the
 * failure as one JSON line on its standard input: a mailer, a pager hook, a syslog writer.
 * A command that fails is reported to `log`; it never stops lesc.
 */
export function alertCommand(command: string, log: (line: string) => void): (failure: AuditFailure) => void {
  return (failure) => {
    const child = spawn("/bin/sh", ["-c", command], { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", (error) => log(`audit alert command failed to start: ${error.message}`));
    child.on("exit", (code) => {
      if (code !== 0) log(`audit alert command exited ${code}: ${stderr.trim().slice(0, 200)}`);
    });
    child.stdin.on("error", () => {}); // a command that ignores its input closes the pipe early
    child.stdin.end(
      `${JSON.stringify({ event: "audit_failure", ...failure, at: failure.at.toISOString() })}\n`,
    );
  };
}

/** Raises STORAGE_LOW when the file system holding an embedded store has less than `minFreeBytes`. */
export function checkAuditStorage(alarm: AuditAlarm, dataDir: string, minFreeBytes: number): void {
  try {
    const stats = fs.statfsSync(dataDir);
    const free = stats.bavail * stats.bsize;
    if (free < minFreeBytes) {
      alarm.raise(
        "STORAGE_LOW",
        `${Math.floor(free / 1048576)} MiB free for the store at ${dataDir}, below ${Math.floor(minFreeBytes / 1048576)} MiB`,
      );
    }
  } catch (error) {
    alarm.raise("STORAGE_LOW", `cannot read free space of ${dataDir}: ${(error as Error).message}`);
  }
}

export const VERIFY_QUEUE = "audit.verify";

/** Schedules the daily chain verification for the next 05:00 UTC (once a day across processes). */
export async function scheduleAuditVerification(tx: Executor, clock: Clock): Promise<void> {
  await scheduleDailyTimer(tx, clock, { queue: VERIFY_QUEUE, hour: 5, keyPrefix: "audit:verify" });
}

/**
 * The daily check of the whole chain: its result is itself audited (the auditors' evidence
 * that the log was watched), a broken chain raises the alarm, and the next day's check is
 * scheduled in the same transaction.
 */
export function auditVerificationJob(
  store: Store,
  clock: Clock,
  alarm: AuditAlarm,
): PreparedJobHandler<AuditVerification> & JobHandler {
  return {
    prepare: (_job: Job) => verifyAuditChain(store.db),
    async commit(tx: Tx, _job: Job, result: AuditVerification) {
      if (!result.ok) {
        alarm.raise(
          "CHAIN_BROKEN",
          `the audit chain breaks at entry ${result.firstBad.seq}: ${result.firstBad.reason}`,
        );
      }
      await writeAudit(tx, clock, {
        component: "audit",
        eventType: "AUDIT_CHAIN_VERIFIED",
        outcome: result.ok ? "SUCCESS" : "FAILURE",
        actorUser: "system",
        details: result.ok ? { entries: result.entries } : { firstBad: result.firstBad },
      });
      await scheduleAuditVerification(tx, clock);
    },
  };
}
