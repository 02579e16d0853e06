import { createHash } from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Clock } from "../clock.js";
import type { Executor } from "../store/store.js";
import { AuditWriteError } from "./errors.js";
import { type AuditOutcome, auditAnchor, auditLog } from "./schema.js";

/**
 * The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE) and
 * hash-chained, so any later change to an entry, or a removed entry, breaks the chain at
 * that entry. Entries are written inside the transaction of the action they record, so an
 * action and its audit entry commit or vanish together.
 */
export interface AuditEvent {
  component: string;
  eventType: string;
  outcome: AuditOutcome;
  actorUser?: string | null;
  actorOri?: string | null;
  subject?: string | null;
  purpose?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Required<Omit<AuditEvent, "details">> {
  seq: number;
  at: Date;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = "0".repeat(64);

/** The last purged entry, if a retention purge ran. */
export async function readAnchor(db: Executor): Promise<{ seq: number; hash: string } | undefined> {
  const [anchor] = await db.select({ seq: auditAnchor.seq, hash: auditAnchor.hash }).from(auditAnchor);
  return anchor;
}
// Serialises appends (and purges) so each entry links to the one committed before it.
export const AUDIT_CHAIN_LOCK = 0x1e5c_0002;

/**
 * Appends one entry. Call it late in the transaction: it holds the chain lock until commit.
 * A failure is thrown as an AuditWriteError, so whoever sees the rolled-back action can raise
 * the audit alarm (CJIS 5.4.2) and tell the caller why nothing was done.
 */
export async function writeAudit(tx: Executor, clock: Clock, event: AuditEvent): Promise<AuditEntry> {
  const [entry] = await writeAudits(tx, clock, [event]);
  return entry!;
}

/**
 * Appends several entries, chained in the order given, with one look-up of the chain's head
 * and one insert: what a batch of accepted messages (group commit) writes.
 */
export async function writeAudits(
  tx: Executor,
  clock: Clock,
  events: readonly AuditEvent[],
): Promise<AuditEntry[]> {
  if (events.length === 0) return [];
  try {
    return await appendEntries(tx, clock, events);
  } catch (error) {
    throw new AuditWriteError(error);
  }
}

async function appendEntries(
  tx: Executor,
  clock: Clock,
  events: readonly AuditEvent[],
): Promise<AuditEntry[]> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [newest] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  // After a purge that took every entry, the chain continues from the anchor.
  let last = newest ?? (await readAnchor(tx));
  const at = clock.now();
  const entries: AuditEntry[] = [];
  for (const event of events) {
    const body = {
      seq: (last?.seq ?? 0) + 1,
      at,
      component: event.component,
      eventType: event.eventType,
      outcome: event.outcome,
      actorUser: event.actorUser ?? null,
      actorOri: event.actorOri ?? null,
      subject: event.subject ?? null,
      purpose: event.purpose ?? null,
      details: event.details ?? {},
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...body, hash: hashAuditEntry(body) };
    entries.push(entry);
    last = entry;
  }
  await tx.insert(auditLog).values(entries);
  return entries;
}

export function hashAuditEntry(entry: Omit<AuditEntry, "hash">): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    at: entry.at.toISOString(),
    component: entry.component,
    eventType: entry.eventType,
    outcome: entry.outcome,
    actorUser: entry.actorUser,
    actorOri: entry.actorOri,
    subject: entry.subject,
    purpose: entry.purpose,
    details: entry.details,
    prevHash: entry.prevHash,
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/** JSON with object keys sorted at every level, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value as Record<string, unknown>).sort();
  return `{${keys
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
    .join(",")}}`;
}

export type AuditVerification =
  | { ok: true; entries: number }
  | { ok: false; entries: number; firstBad: { seq: number; reason: string } };

/** Walks the whole chain in order; reports the first entry that does not verify. */
export async function verifyAuditChain(db: Executor, batchSize = 5000): Promise<AuditVerification> {
  const anchor = await readAnchor(db);
  let expectedSeq = (anchor?.seq ?? 0) + 1;
  let prevHash = anchor?.hash ?? GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    for (const row of rows) {
      const bad = (reason: string): AuditVerification => ({
        ok: false,
        entries: checked,
        firstBad: { seq: row.seq, reason },
      });
      if (row.seq !== expectedSeq)
        return {
          ok: false,
          entries: checked,
          firstBad: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` },
        };
      if (row.prevHash !== prevHash) return bad("prev_hash does not match the hash of the entry before it");
      if (hashAuditEntry(row as Omit<AuditEntry, "hash">) !== row.hash)
        return bad("contents do not match the entry's hash");
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batchSize) return { ok: true, entries: checked };
  }
}
