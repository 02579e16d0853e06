import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { requireWithinArea, withinArea } from "../directory/index.js";
import { loadFileRecords, type MatchSubject, type StoreMatcher, scorePair } from "../matching/index.js";
import { formatYrText, replyTo, type Yq, type YrStatus, yrData, yrFor } from "../messages/index.js";
import { writeAudit } from "../platform/audit/index.js";
import type { StaffPrincipal } from "../platform/auth/index.js";
import { type Clock, MINUTE } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import { cancelTimer, type Job, type JobHandler, scheduleTimer } from "../platform/queue/index.js";
import type { Executor, Store, Tx } from "../platform/store/store.js";
import type { AcceptedMessage } from "../switch/accept.js";
import { deliver } from "../switch/mailbox.js";
import { violatorRecord } from "../violators/index.js";
import {
  type HitEventKind,
  type HitStatus,
  hitCase,
  hitEvent,
  hitRequest,
  OPEN_HIT_STATUSES,
} from "./schema.js";

/**
 * The hit confirmation desk (reference §5): each YQ opens a case, or joins the open case of
 * the same requester and record, with a deadline counted from receipt (10 minutes urgent,
 * 1 hour routine). Timers warn at 50 % and 80 % of the clock and record a breach at 100 %;
 * staff answer with a YR. A YQ for a NIC lesc does not hold is answered at once.
 */
export interface HitServices {
  store: Store;
  clock: Clock;
  matcher: StoreMatcher;
  /** The desk's phone number, given in every YR (synthetic in demos and tests). */
  deskPhone: string;
}

export const HIT_COMPONENT = "hits";
export const HIT_CLOCK_QUEUE = "hit.clock";
export const DEADLINE_MS: Readonly<Record<"U" | "R", number>> = { U: 10 * MINUTE, R: 60 * MINUTE };
/** Escalation points, as shares of the clock. */
export const ESCALATIONS = [50, 80, 100] as const;
/** Who answers a YQ for an unknown NIC: lesc itself. */
export const AUTOMATIC = "lesc";

type CaseRow = typeof hitCase.$inferSelect;

/** The switch's YQ handler. */
export function openHitRequest(services: Pick<HitServices, "clock" | "deskPhone">) {
  return async (tx: Tx, accepted: AcceptedMessage): Promise<void> => {
    if (accepted.message.type !== "YQ") return;
    const { yq } = accepted.message;
    const { clock } = services;
    const now = clock.now();
    const [record] = await tx
      .select({ id: violatorRecord.id, status: violatorRecord.status })
      .from(violatorRecord)
      .where(eq(violatorRecord.nic, yq.nic));
    const known = record?.status === "ACTIVE";
    const [open] = known
      ? await tx
          .select()
          .from(hitCase)
          .where(
            and(
              eq(hitCase.requesterOri, accepted.senderOri),
              eq(hitCase.nic, yq.nic),
              inArray(hitCase.status, [...OPEN_HIT_STATUSES]),
            ),
          )
          .for("update")
      : [];
    if (open) {
      await joinCase(tx, clock, open, accepted, yq);
      return;
    }
    const [created] = await tx
      .insert(hitCase)
      .values({
        nic: yq.nic,
        violatorId: record?.id ?? null,
        requesterOri: accepted.senderOri,
        oca: yq.oca,
        controlField: yq.header.controlField ?? null,
        priority: yq.pri,
        rno: yq.rno,
        subject: subjectJson(yq),
        receivedAt: now,
        deadline: new Date(now.getTime() + DEADLINE_MS[yq.pri]),
        status: "OPEN",
        escalation: 0,
        policyViolation: false,
      })
      .returning();
    const row = created!;
    await addRequest(tx, clock, row.id, accepted, yq);
    await recordHitEvent(tx, clock, row.id, "RECEIVED", null, { rno: yq.rno, priority: yq.pri });
    if (!known) {
      // Nothing to confirm: the requester hears so at once, within any deadline.
      const why = record
        ? `record ${yq.nic} is ${record.status.toLowerCase()}`
        : `no record ${yq.nic} on file`;
      await answer(
        tx,
        services,
        row,
        { status: "NO_RECORD", narrative: `${why}; do not act on this hit.` },
        AUTOMATIC,
      );
      return;
    }
    if (yq.rno === 3) await policyViolation(tx, clock, row.id);
    await scheduleClock(tx, clock, row.id, now, row.deadline);
  };
}

async function joinCase(
  tx: Tx,
  clock: Clock,
  open: CaseRow,
  accepted: AcceptedMessage,
  yq: Yq,
): Promise<void> {
  const now = clock.now();
  await addRequest(tx, clock, open.id, accepted, yq);
  const rno = Math.max(open.rno, yq.rno) as 1 | 2 | 3;
  // A follow-up raises the case: an urgent follow-up to a routine case shortens its clock.
  const urgentDeadline = new Date(now.getTime() + DEADLINE_MS.U);
  const raise = yq.pri === "U" && open.priority === "R" && urgentDeadline < open.deadline;
  await tx
    .update(hitCase)
    .set({
      rno,
      ...(raise ? { priority: "U" as const, deadline: urgentDeadline, escalation: 0 as const } : {}),
    })
    .where(eq(hitCase.id, open.id));
  await recordHitEvent(tx, clock, open.id, "REQUEST_JOINED", null, {
    rno: yq.rno,
    priority: yq.pri,
    raised: raise,
  });
  if (raise) {
    await cancelClock(tx, clock, open.id, open.deadline);
    await scheduleClock(tx, clock, open.id, now, urgentDeadline);
  }
  if (yq.rno === 3 && !open.policyViolation) await policyViolation(tx, clock, open.id);
}

async function addRequest(tx: Tx, clock: Clock, caseId: number, accepted: AcceptedMessage, yq: Yq) {
  await tx.insert(hitRequest).values({
    caseId,
    messageId: accepted.messageId,
    rno: yq.rno,
    priority: yq.pri,
    controlField: yq.header.controlField ?? null,
    receivedAt: clock.now(),
  });
}

/** A third request means the entering agency did not answer twice: an NCIC policy violation. */
async function policyViolation(tx: Tx, clock: Clock, caseId: number) {
  await tx.update(hitCase).set({ policyViolation: true }).where(eq(hitCase.id, caseId));
  await recordHitEvent(tx, clock, caseId, "POLICY_VIOLATION", null, {
    rule: "third hit confirmation request (RNO 3)",
  });
  await writeAudit(tx, clock, {
    component: HIT_COMPONENT,
    eventType: "HIT_POLICY_VIOLATION",
    outcome: "FAILURE",
    subject: `hit:${caseId}`,
    purpose: "NCIC hit confirmation",
    details: { rule: "third hit confirmation request (RNO 3)" },
  });
}

function subjectJson(yq: Yq): Record<string, unknown> {
  return { nam: yq.nam ?? null, dob: yq.dob ?? null, sex: yq.sex ?? null, rty: yq.rty };
}

function clockKey(caseId: number, deadline: Date, level: number): string {
  return `hit:${caseId}:${deadline.getTime()}:${level}`;
}

/** Timers at 50 %, 80 % and 100 % of the clock from `start` to `deadline`. */
async function scheduleClock(tx: Tx, clock: Clock, caseId: number, start: Date, deadline: Date) {
  const span = deadline.getTime() - start.getTime();
  for (const level of ESCALATIONS) {
    await scheduleTimer(tx, clock, {
      key: clockKey(caseId, deadline, level),
      queue: HIT_CLOCK_QUEUE,
      dueAt: new Date(start.getTime() + Math.round((span * level) / 100)),
      payload: { caseId, level, deadline: deadline.toISOString() },
    });
  }
}

async function cancelClock(tx: Tx, clock: Clock, caseId: number, deadline: Date) {
  for (const level of ESCALATIONS) await cancelTimer(tx, clock, clockKey(caseId, deadline, level));
}

export async function recordHitEvent(
  tx: Executor,
  clock: Clock,
  caseId: number,
  kind: HitEventKind,
  actor: string | null,
  details: Record<string, unknown> = {},
) {
  await tx.insert(hitEvent).values({ caseId, at: clock.now(), kind, actor, details });
}

/** The clock's timers: each level is recorded once, and only for the deadline it was set for. */
export function hitClockJob(services: Pick<HitServices, "clock">): JobHandler {
  return async (tx: Tx, job: Job) => {
    const caseId = Number(job.payload.caseId);
    const level = Number(job.payload.level) as 50 | 80 | 100;
    const [row] = await tx.select().from(hitCase).where(eq(hitCase.id, caseId)).for("update");
    if (!row || !OPEN_HIT_STATUSES.includes(row.status)) return;
    if (row.deadline.toISOString() !== job.payload.deadline || row.escalation >= level) return;
    await tx.update(hitCase).set({ escalation: level }).where(eq(hitCase.id, caseId));
    const kind: HitEventKind = level === 100 ? "BREACH" : level === 80 ? "WARNING_80" : "WARNING_50";
    await recordHitEvent(tx, services.clock, caseId, kind, null, {
      deadline: row.deadline.toISOString(),
      priority: row.priority,
      rno: row.rno,
    });
    if (level === 100) {
      await writeAudit(tx, services.clock, {
        component: HIT_COMPONENT,
        eventType: "HIT_DEADLINE_BREACHED",
        outcome: "FAILURE",
        actorOri: row.requesterOri,
        subject: `hit:${caseId}`,
        purpose: "NCIC hit confirmation",
        details: { deadline: row.deadline.toISOString(), priority: row.priority },
      });
    }
  };
}

export interface HitAnswer {
  status: Exclude<YrStatus, "NO_RECORD">;
  until?: string | undefined;
  narrative?: string | undefined;
}

/** Staff answer a case with a YR; `409` when it is closed already. */
export async function respondToHit(
  services: HitServices,
  staff: StaffPrincipal,
  id: number,
  input: HitAnswer,
) {
  const now = services.clock.now();
  let until: Date | undefined;
  if (input.status === "WILL_CONFIRM_BY") {
    if (input.until === undefined)
      throw Errors.invalidField("body.until", "is required with WILL_CONFIRM_BY");
    until = new Date(input.until);
    if (Number.isNaN(until.getTime()))
      throw Errors.invalidField("body.until", "must be an ISO 8601 date-time");
    if (until <= now) throw Errors.invalidField("body.until", "must be in the future");
    if (until.getTime() - now.getTime() > 24 * 60 * MINUTE) {
      throw Errors.invalidField("body.until", "must be within 24 hours");
    }
  } else if (input.until !== undefined) {
    throw Errors.invalidField("body.until", `only goes with WILL_CONFIRM_BY, not ${input.status}`);
  }
  return services.store.transaction(async (tx) => {
    const [row] = await tx.select().from(hitCase).where(eq(hitCase.id, id)).for("update");
    if (!row) throw Errors.notFound(`hit ${id}`);
    await requireWithinArea(tx, staff, row.requesterOri, `hit ${id}`);
    if (!OPEN_HIT_STATUSES.includes(row.status)) {
      throw Errors.conflict(`hit ${id} is closed (${row.status}); it cannot be answered again`);
    }
    const mailboxId = await answer(
      tx,
      services,
      row,
      { status: input.status, until, narrative: input.narrative ?? "" },
      staff.username,
    );
    return { id, status: input.status, until: until?.toISOString() ?? null, mailboxId };
  });
}

async function answer(
  tx: Tx,
  services: Pick<HitServices, "clock" | "deskPhone">,
  row: CaseRow,
  reply: { status: YrStatus; until?: Date | undefined; narrative: string },
  by: string,
): Promise<number> {
  const { clock } = services;
  const now = clock.now();
  const waiting = reply.status === "WILL_CONFIRM_BY";
  const status: HitStatus = reply.status === "WILL_CONFIRM_BY" ? "WAITING" : reply.status;
  await tx
    .update(hitCase)
    .set({
      status,
      answeredBy: by,
      answeredAt: now,
      until: reply.until ?? null,
      narrative: reply.narrative,
      ...(waiting ? { deadline: reply.until!, escalation: 0 as const } : {}),
    })
    .where(eq(hitCase.id, row.id));
  await cancelClock(tx, clock, row.id, row.deadline);
  if (waiting) await scheduleClock(tx, clock, row.id, now, reply.until!);
  const yr = yrFor(replyTo(row.requesterOri, row.controlField), {
    hitId: String(row.id),
    rno: row.rno,
    nic: row.nic,
    oca: row.oca,
    status: reply.status,
    until: reply.until?.toISOString(),
    confirmedBy: by,
    phone: services.deskPhone,
    narrative: reply.narrative,
  });
  // The YR answers the case's latest request (the one the requester is waiting on).
  const [latest] = await tx
    .select({ messageId: hitRequest.messageId })
    .from(hitRequest)
    .where(eq(hitRequest.caseId, row.id))
    .orderBy(desc(hitRequest.id))
    .limit(1);
  const mailboxId = await deliver(tx, clock, {
    recipientOri: row.requesterOri,
    type: "YR",
    inReplyTo: latest?.messageId ?? null,
    text: formatYrText(yr),
    data: yrData(yr),
  });
  await recordHitEvent(tx, clock, row.id, reply.status === "NO_RECORD" ? "NO_RECORD" : "ANSWERED", by, {
    status: reply.status,
    until: reply.until?.toISOString() ?? null,
    onTime: now <= row.deadline,
  });
  await writeAudit(tx, clock, {
    component: HIT_COMPONENT,
    eventType: "YR_SENT",
    outcome: "SUCCESS",
    actorUser: by === AUTOMATIC ? null : by,
    actorOri: row.requesterOri,
    subject: `hit:${row.id}`,
    purpose: "NCIC hit confirmation",
    details: { status: reply.status, nic: row.nic, onTime: now <= row.deadline },
  });
  return mailboxId;
}

export interface HitListEntry {
  id: number;
  nic: string;
  priority: "U" | "R";
  rno: number;
  requesterOri: string;
  receivedAt: string;
  deadline: string;
  status: HitStatus;
  escalation: number;
  policyViolation: boolean;
}

/** Hit cases, open ones by deadline (the board), or the most recent closed ones too. */
export async function listHits(
  db: Executor,
  staff: StaffPrincipal,
  options: { open: boolean; limit?: number },
): Promise<HitListEntry[]> {
  const rows = await db
    .select()
    .from(hitCase)
    .where(
      and(
        options.open ? inArray(hitCase.status, [...OPEN_HIT_STATUSES]) : undefined,
        withinArea(db, staff, hitCase.requesterOri),
      ),
    )
    .orderBy(options.open ? asc(hitCase.deadline) : asc(hitCase.receivedAt), asc(hitCase.id))
    .limit(options.limit ?? 500);
  return rows.map((row) => ({
    id: row.id,
    nic: row.nic,
    priority: row.priority,
    rno: row.rno,
    requesterOri: row.requesterOri,
    receivedAt: row.receivedAt.toISOString(),
    deadline: row.deadline.toISOString(),
    status: row.status,
    escalation: row.escalation,
    policyViolation: row.policyViolation,
  }));
}

/**
 * The confirmation workspace: the case, its requests and events, the Violator File record and
 * a side-by-side of the officer's subject and the record with the engine's explanation.
 */
export async function hitWorkspace(services: HitServices, staff: StaffPrincipal, id: number) {
  const { db } = services.store;
  const [row] = await db.select().from(hitCase).where(eq(hitCase.id, id));
  if (!row) throw Errors.notFound(`hit ${id}`);
  await requireWithinArea(db, staff, row.requesterOri, `hit ${id}`);
  const requests = await db
    .select()
    .from(hitRequest)
    .where(eq(hitRequest.caseId, id))
    .orderBy(asc(hitRequest.id));
  const events = await db.select().from(hitEvent).where(eq(hitEvent.caseId, id)).orderBy(asc(hitEvent.id));
  let record: Record<string, unknown> | null = null;
  let comparison: unknown = null;
  if (row.violatorId !== null) {
    const [violator] = await db.select().from(violatorRecord).where(eq(violatorRecord.id, row.violatorId));
    record = violator ?? null;
    const [fileRecord] = await loadFileRecords(services.store.pool, [
      { source: "VIOLATOR", id: row.violatorId },
    ]);
    const subject = row.subject as {
      nam: { last: string; first: string; middle?: string } | null;
      dob: string | null;
      sex: string | null;
    };
    if (fileRecord && subject.nam) {
      const query: MatchSubject = {
        names: [{ last: subject.nam.last, first: subject.nam.first, middle: subject.nam.middle ?? null }],
        dob: subject.dob,
        sex: subject.sex,
      };
      comparison = scorePair(query, fileRecord, await services.matcher.frequencies());
    }
  }
  await services.store.transaction((tx) =>
    writeAudit(tx, services.clock, {
      component: HIT_COMPONENT,
      eventType: "HIT_VIEWED",
      outcome: "SUCCESS",
      actorUser: staff.username,
      actorOri: row.requesterOri,
      subject: `hit:${id}`,
      purpose: "NCIC hit confirmation",
      details: { nic: row.nic },
    }),
  );
  return {
    id: row.id,
    nic: row.nic,
    requesterOri: row.requesterOri,
    oca: row.oca,
    priority: row.priority,
    rno: row.rno,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    deadline: row.deadline.toISOString(),
    escalation: row.escalation,
    policyViolation: row.policyViolation,
    subject: row.subject,
    record,
    comparison,
    answer: row.answeredAt
      ? {
          by: row.answeredBy,
          at: row.answeredAt.toISOString(),
          until: row.until?.toISOString() ?? null,
          narrative: row.narrative,
        }
      : null,
    requests: requests.map((r) => ({
      rno: r.rno,
      priority: r.priority,
      messageId: r.messageId,
      receivedAt: r.receivedAt.toISOString(),
    })),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actor, details: e.details })),
  };
}
