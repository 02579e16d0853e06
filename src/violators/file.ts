import { randomInt } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { type FileRecord, prepareMatchKeys, writeMatchKeys } from "../matching/index.js";
import { writeAudit } from "../platform/audit/index.js";
import { type Clock, DAY } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import { type Job, type JobHandler, scheduleDailyTimer } from "../platform/queue/index.js";
import type { Executor, Store, Tx } from "../platform/store/store.js";
import { subjectName } from "../records/index.js";
import { checkViolatorEntry, type ViolatorEntry, type ViolatorName } from "./entry.js";
import { type ViolatorAction, type ViolatorStatus, violatorHistory, violatorRecord } from "./schema.js";

/**
 * The Immigration Violator File as the records staff keep it: entry (active only after a
 * second person's check), modify, cancel, locate, clear, validation (first 60 to 90 days after
 * entry, then yearly) and retirement of records left unvalidated. Every change is kept in the
 * record's history and the audit log, in the same transaction.
 */
export interface Actor {
  username: string;
}

export const COMPONENT = "violators";
export const FIRST_VALIDATION_OPENS_DAYS = 60;
export const FIRST_VALIDATION_DUE_DAYS = 90;
export const VALIDATION_INTERVAL_DAYS = 365;
/** Yearly validations may be done this many days before they fall due. */
export const VALIDATION_WINDOW_DAYS = 30;

type Row = typeof violatorRecord.$inferSelect;
const ENTRY_LOCK = 0x1e5c_0005;

const today = (clock: Clock) => clock.now().toISOString().slice(0, 10);

/** Enters a record, PENDING_CHECK until a second person checks it. */
export async function enterViolator(store: Store, clock: Clock, actor: Actor, input: ViolatorEntry) {
  const entry = checkViolatorEntry(input, today(clock));
  return store.transaction((tx) => enterChecked(tx, clock, actor, entry));
}

/** Enters an already-checked entry in an open transaction (the import uses this per row). */
export async function enterChecked(tx: Tx, clock: Clock, actor: Actor, entry: ViolatorEntry) {
  // Ids continue after the highest (the seed assigns its own); the lock keeps ids and case
  // numbers unique between concurrent entries.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ENTRY_LOCK})`);
  const [clash] = await tx
    .select({ id: violatorRecord.id })
    .from(violatorRecord)
    .where(eq(violatorRecord.oca, entry.oca));
  if (clash) throw Errors.conflict(`oca: ${entry.oca} is already the case number of record ${clash.id}`);
  const [{ next }] = (
    await tx.execute<{ next: number }>(
      sql`SELECT coalesce(max(id), 0)::bigint + 1 AS next FROM violator_record`,
    )
  ).rows as [{ next: number }];
  const id = Number(next);
  const nic = await freeNic(tx);
  const now = clock.now();
  await tx.insert(violatorRecord).values({
    id,
    nic,
    oca: entry.oca,
    category: entry.category,
    status: "PENDING_CHECK",
    lastName: entry.name.last,
    firstName: entry.name.first,
    middleName: entry.name.middle ?? null,
    dob: entry.dob,
    sex: entry.sex,
    pob: entry.pob ?? null,
    aNumber: entry.arn ?? null,
    fbiNumber: entry.fbi ?? null,
    remarks: entry.remarks ?? null,
    enteredBy: actor.username,
    enteredAt: now,
    documents: entry.documents ?? [],
  });
  await writeNames(tx, clock, id, entry);
  await history(tx, clock, id, "ENTERED", actor, { entry });
  return { id, nic, status: "PENDING_CHECK" as ViolatorStatus };
}

async function freeNic(tx: Tx): Promise<string> {
  for (;;) {
    const nic = `N${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
    const [taken] = await tx
      .select({ id: violatorRecord.id })
      .from(violatorRecord)
      .where(eq(violatorRecord.nic, nic));
    if (!taken) return nic;
  }
}

/** The record's names in the name index and its match keys, so searches find it at once. */
async function writeNames(tx: Tx, clock: Clock, id: number, entry: ViolatorEntry) {
  await tx.delete(subjectName).where(and(eq(subjectName.source, "VIOLATOR"), eq(subjectName.recordId, id)));
  const names: ViolatorName[] = [entry.name, ...(entry.aliases ?? [])];
  await tx.insert(subjectName).values(
    names.map((name, ordinal) => ({
      source: "VIOLATOR" as const,
      recordId: id,
      ordinal,
      isPrimary: ordinal === 0,
      aliasKind: ordinal === 0 ? null : "AKA",
      lastName: name.last,
      firstName: name.first,
      middleName: name.middle ?? null,
    })),
  );
  const record: FileRecord = {
    source: "VIOLATOR",
    id,
    names: names.map((n) => ({ last: n.last, first: n.first, middle: n.middle ?? null })),
    dob: entry.dob,
    sex: entry.sex,
    pob: entry.pob ?? null,
    aNumber: entry.arn ?? null,
    fbi: entry.fbi ?? null,
  };
  await writeMatchKeys(tx, clock, prepareMatchKeys([record]));
}

async function history(
  tx: Executor,
  clock: Clock,
  id: number,
  action: ViolatorAction,
  actor: Actor,
  changes: Record<string, unknown>,
) {
  await tx
    .insert(violatorHistory)
    .values({ violatorId: id, at: clock.now(), action, actor: actor.username, changes });
  await writeAudit(tx, clock, {
    component: COMPONENT,
    eventType: `VIOLATOR_${action}`,
    outcome: "SUCCESS",
    actorUser: actor.username,
    subject: `violator:${id}`,
    purpose: "Violator File maintenance",
    details: { action },
  });
}

async function withRecord<T>(store: Store, id: number, work: (tx: Tx, row: Row) => Promise<T>): Promise<T> {
  return store.transaction(async (tx) => {
    const [row] = await tx.select().from(violatorRecord).where(eq(violatorRecord.id, id)).for("update");
    if (!row) throw Errors.notFound(`violator record ${id}`);
    return work(tx, row);
  });
}

function requireStatus(row: Row, allowed: readonly ViolatorStatus[], doing: string) {
  if (!allowed.includes(row.status)) {
    throw Errors.conflict(`record ${row.id} is ${row.status}; cannot ${doing} it`);
  }
}

/** The second person's check: the record becomes ACTIVE. The person who entered it may not. */
export async function checkViolator(store: Store, clock: Clock, actor: Actor, id: number) {
  return withRecord(store, id, async (tx, row) => {
    requireStatus(row, ["PENDING_CHECK"], "check");
    if (row.enteredBy === actor.username) {
      throw Errors.forbidden(`record ${id} was entered by ${actor.username}; a second person must check it`);
    }
    const now = clock.now();
    await tx
      .update(violatorRecord)
      .set({ status: "ACTIVE", checkedBy: actor.username, checkedAt: now })
      .where(eq(violatorRecord.id, id));
    await history(tx, clock, id, "CHECKED", actor, {});
    return { id, nic: row.nic, status: "ACTIVE" as ViolatorStatus };
  });
}

export type ViolatorChanges = Partial<Omit<ViolatorEntry, "oca">>;

/** Modifies a pending or active record; the name index follows a change of names or DOB. */
export async function modifyViolator(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: number,
  changes: ViolatorChanges,
) {
  return withRecord(store, id, async (tx, row) => {
    requireStatus(row, ["PENDING_CHECK", "ACTIVE"], "modify");
    const current = entryOf(row, await aliasesOf(tx, id));
    const merged = checkViolatorEntry({ ...current, ...changes, oca: row.oca }, today(clock));
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of Object.keys(changes) as (keyof ViolatorChanges)[]) {
      if (JSON.stringify(current[key]) !== JSON.stringify(merged[key])) {
        before[key] = current[key] ?? null;
        after[key] = merged[key] ?? null;
      }
    }
    if (Object.keys(after).length === 0) return { id, changed: [] as string[] };
    await tx
      .update(violatorRecord)
      .set({
        category: merged.category,
        lastName: merged.name.last,
        firstName: merged.name.first,
        middleName: merged.name.middle ?? null,
        dob: merged.dob,
        sex: merged.sex,
        pob: merged.pob ?? null,
        aNumber: merged.arn ?? null,
        fbiNumber: merged.fbi ?? null,
        remarks: merged.remarks ?? null,
        documents: merged.documents ?? [],
      })
      .where(eq(violatorRecord.id, id));
    if (["name", "aliases", "dob", "sex", "pob", "arn", "fbi"].some((key) => key in after)) {
      await writeNames(tx, clock, id, merged);
    }
    await history(tx, clock, id, "MODIFIED", actor, { before, after });
    return { id, changed: Object.keys(after) };
  });
}

/** Cancel (entered in error) or clear (the subject is in custody or removed): the record closes. */
export async function closeViolator(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: number,
  how: "CANCELLED" | "CLEARED",
  reason: string,
) {
  return withRecord(store, id, async (tx, row) => {
    requireStatus(
      row,
      how === "CANCELLED" ? ["PENDING_CHECK", "ACTIVE"] : ["ACTIVE"],
      how === "CANCELLED" ? "cancel" : "clear",
    );
    await tx
      .update(violatorRecord)
      .set({ status: how, closedAt: clock.now(), closedBy: actor.username, closedReason: reason })
      .where(eq(violatorRecord.id, id));
    await history(tx, clock, id, how, actor, { reason });
    return { id, status: how };
  });
}

/** Locate: an agency has found the subject; the record stays active until cleared. */
export async function locateViolator(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: number,
  by: { ori: string; oca: string },
) {
  return withRecord(store, id, async (tx, row) => {
    requireStatus(row, ["ACTIVE"], "locate");
    const now = clock.now();
    await tx
      .update(violatorRecord)
      .set({ locatedAt: now, locatingOri: by.ori, locatingOca: by.oca })
      .where(eq(violatorRecord.id, id));
    await history(tx, clock, id, "LOCATED", actor, { ori: by.ori, oca: by.oca });
    return { id, locatedAt: now.toISOString() };
  });
}

/** When a record's next validation opens and falls due. */
export function validationWindow(row: Pick<Row, "enteredAt" | "lastValidatedAt">): {
  opens: Date;
  due: Date;
} {
  if (row.lastValidatedAt === null) {
    return {
      opens: new Date(row.enteredAt.getTime() + FIRST_VALIDATION_OPENS_DAYS * DAY),
      due: new Date(row.enteredAt.getTime() + FIRST_VALIDATION_DUE_DAYS * DAY),
    };
  }
  const due = new Date(row.lastValidatedAt.getTime() + VALIDATION_INTERVAL_DAYS * DAY);
  return { opens: new Date(due.getTime() - VALIDATION_WINDOW_DAYS * DAY), due };
}

/** Records the validator and the date; refused before the window opens. */
export async function validateViolator(store: Store, clock: Clock, actor: Actor, id: number) {
  return withRecord(store, id, async (tx, row) => {
    requireStatus(row, ["ACTIVE"], "validate");
    const now = clock.now();
    const { opens } = validationWindow(row);
    if (now < opens)
      throw Errors.conflict(
        `record ${id} is not due for validation until ${opens.toISOString().slice(0, 10)}`,
      );
    await tx
      .update(violatorRecord)
      .set({ lastValidatedAt: now, lastValidatedBy: actor.username })
      .where(eq(violatorRecord.id, id));
    await history(tx, clock, id, "VALIDATED", actor, {});
    return {
      id,
      validatedAt: now.toISOString(),
      nextDue: validationWindow({ ...row, lastValidatedAt: now }).due.toISOString(),
    };
  });
}

export interface DueRecord {
  id: number;
  nic: string;
  name: string;
  opens: string;
  due: string;
  overdue: boolean;
}

/** Active records whose validation window is open, most overdue first. */
export async function validationDue(db: Executor, clock: Clock, limit = 500): Promise<DueRecord[]> {
  const now = clock.now();
  const rows = await db.execute<{
    id: number;
    nic: string;
    last_name: string;
    first_name: string;
    entered_at: Date;
    last_validated_at: Date | null;
  }>(sql`
    SELECT id, nic, last_name, first_name, entered_at, last_validated_at FROM violator_record
    WHERE status = 'ACTIVE' AND (
      (last_validated_at IS NULL AND entered_at <= ${new Date(now.getTime() - FIRST_VALIDATION_OPENS_DAYS * DAY)})
      OR last_validated_at <= ${new Date(now.getTime() - (VALIDATION_INTERVAL_DAYS - VALIDATION_WINDOW_DAYS) * DAY)})
    ORDER BY coalesce(last_validated_at + interval '365 days', entered_at + interval '90 days'), id
    LIMIT ${limit}`);
  return rows.rows.map((row) => {
    const window = validationWindow({
      enteredAt: new Date(row.entered_at),
      lastValidatedAt: row.last_validated_at && new Date(row.last_validated_at),
    });
    return {
      id: Number(row.id),
      nic: row.nic,
      name: `${row.last_name}, ${row.first_name}`,
      opens: window.opens.toISOString(),
      due: window.due.toISOString(),
      overdue: window.due < now,
    };
  });
}

/** Retires active records left unvalidated `graceDays` past their due date. */
export async function retireUnvalidated(tx: Executor, clock: Clock, graceDays: number): Promise<number> {
  const now = clock.now();
  const firstCutoff = new Date(now.getTime() - (FIRST_VALIDATION_DUE_DAYS + graceDays) * DAY);
  const yearlyCutoff = new Date(now.getTime() - (VALIDATION_INTERVAL_DAYS + graceDays) * DAY);
  const retired = await tx.execute<{ id: number }>(sql`
    UPDATE violator_record SET status = 'RETIRED', closed_at = ${now}, closed_by = ${SYSTEM.username},
      closed_reason = ${`not validated within ${graceDays} days of falling due`}
    WHERE status = 'ACTIVE' AND (
      (last_validated_at IS NULL AND entered_at < ${firstCutoff}) OR last_validated_at < ${yearlyCutoff})
    RETURNING id`);
  for (const { id } of retired.rows) await history(tx, clock, Number(id), "RETIRED", SYSTEM, { graceDays });
  return retired.rows.length;
}

export const RETIRE_QUEUE = "violators.retire";
export const DEFAULT_GRACE_DAYS = 30;
const SYSTEM: Actor = { username: "lesc" };

/** Schedules the daily retirement run for the next 03:00 UTC (once per day, whatever the process count). */
export async function scheduleRetirement(tx: Executor, clock: Clock, graceDays: number): Promise<void> {
  await scheduleDailyTimer(tx, clock, {
    queue: RETIRE_QUEUE,
    hour: 3,
    keyPrefix: "violators:retire",
    payload: { graceDays },
  });
}

/** The daily run: retire, then schedule tomorrow's. */
export function retirementJob(clock: Clock): JobHandler {
  return async (tx: Tx, job: Job) => {
    const graceDays = Number(job.payload.graceDays ?? DEFAULT_GRACE_DAYS);
    await retireUnvalidated(tx, clock, graceDays);
    await scheduleRetirement(tx, clock, graceDays);
  };
}

async function aliasesOf(tx: Executor, id: number): Promise<ViolatorName[]> {
  const rows = await tx
    .select()
    .from(subjectName)
    .where(
      and(eq(subjectName.source, "VIOLATOR"), eq(subjectName.recordId, id), eq(subjectName.isPrimary, false)),
    )
    .orderBy(asc(subjectName.ordinal));
  return rows.map((r) =>
    r.middleName
      ? { last: r.lastName, first: r.firstName, middle: r.middleName }
      : { last: r.lastName, first: r.firstName },
  );
}

function entryOf(row: Row, aliases: ViolatorName[]): ViolatorEntry {
  return {
    oca: row.oca,
    category: row.category,
    name: row.middleName
      ? { last: row.lastName, first: row.firstName, middle: row.middleName }
      : { last: row.lastName, first: row.firstName },
    dob: row.dob,
    sex: row.sex,
    pob: row.pob,
    arn: row.aNumber,
    fbi: row.fbiNumber,
    aliases,
    remarks: row.remarks,
    documents: row.documents,
  };
}

/** A record with its aliases, documents and history (for the staff API). */
export async function violatorDetail(db: Executor, id: number) {
  const [row] = await db.select().from(violatorRecord).where(eq(violatorRecord.id, id));
  if (!row) throw Errors.notFound(`violator record ${id}`);
  const changes = await db
    .select()
    .from(violatorHistory)
    .where(eq(violatorHistory.violatorId, id))
    .orderBy(asc(violatorHistory.id));
  return {
    ...row,
    aliases: await aliasesOf(db, id),
    validation: row.status === "ACTIVE" ? validationWindow(row) : null,
    history: changes.map((c) => ({
      at: c.at.toISOString(),
      action: c.action,
      actor: c.actor,
      changes: c.changes,
    })),
  };
}
