import { eq, inArray, sql } from "drizzle-orm";
import { fieldOfficesForAgencies } from "../directory/index.js";
import type { MatchSubject, StoreMatcher } from "../matching/index.js";
import {
  formatIarText,
  formatName,
  type Iaq,
  type IarResult,
  type IarStage,
  iarData,
  iarFor,
  replyTo,
} from "../messages/index.js";
import { writeAudits } from "../platform/audit/index.js";
import type { Clock } from "../platform/clock.js";
import {
  cancelTimer,
  enqueueJobs,
  type Job,
  type JobHandler,
  scheduleTimers,
  type TimerOptions,
} from "../platform/queue/index.js";
import type { Executor, Store, Tx } from "../platform/store/store.js";
import type { AcceptedMessage } from "../switch/accept.js";
import { deliverAll } from "../switch/mailbox.js";
import { describeCandidates, type InquiryCandidate, iarCandidate, resultOf } from "./candidates.js";
import { enhancedReasonsOnReceipt, type InquiryPolicy, targetFor } from "./policy.js";
import { type InquiryEventKind, inquiry, inquiryEvent } from "./schema.js";

/**
 * IAQ -> automated search -> PRELIMINARY IAR -> research queue (reference §3.4). The switch
 * calls `openInquiry` inside the transaction that stores the IAQ; the search runs as a job, so
 * a crash between the ACK and the IAR loses nothing; SLA clocks are timers.
 */
export interface InquiryServices {
  store: Store;
  clock: Clock;
  matcher: StoreMatcher;
  policy: InquiryPolicy;
  /** Each user's last audited queue view (see listQueue); absent: every read is audited. */
  queueViews?: Map<string, { signature: string; at: number }>;
}

export const COMPONENT = "inquiries";
export const SEARCH_QUEUE = "inquiry.search";
export const SLA_QUEUE = "inquiry.sla";
/** How many candidates the automated search keeps for the technician. */
export const CANDIDATES_KEPT = 10;

/** The switch's IAQ handler: opens the inquiry, queues its search and starts its clock. */
export function openInquiry(policy: InquiryPolicy, clock: Clock) {
  const openAll = openInquiries(policy, clock);
  return (tx: Tx, accepted: AcceptedMessage): Promise<void> => openAll(tx, [accepted]);
}

/**
 * The same for a batch of accepted IAQs (the switch's group commit): one insert each for the
 * inquiries, their events, their search jobs and their SLA timers, however many there are.
 */
export function openInquiries(policy: InquiryPolicy, clock: Clock) {
  return async (tx: Tx, batch: readonly AcceptedMessage[]): Promise<void> => {
    const receivedAt = clock.now();
    const opened = batch.flatMap((accepted) => {
      if (accepted.message.type !== "IAQ") return [];
      const { iaq } = accepted.message;
      const inCustody = iaq.cus === "Y";
      const target = targetFor(policy, inCustody);
      return [{ accepted, iaq, inCustody, target, reasons: enhancedReasonsOnReceipt(iaq) }];
    });
    if (opened.length === 0) return;
    const rows = await tx
      .insert(inquiry)
      .values(
        opened.map(({ accepted, iaq, inCustody, target, reasons }) => ({
          messageId: accepted.messageId,
          ori: accepted.senderOri,
          controlField: iaq.header.controlField ?? null,
          query: iaq as unknown as Record<string, unknown>,
          subjectName: formatName(iaq.nam),
          inCustody,
          receivedAt,
          dueAt: new Date(receivedAt.getTime() + target),
          status: "SEARCHING" as const,
          candidates: [],
          enhanced: reasons.length > 0,
          enhancedReasons: reasons,
          slaState: "ON_TIME" as const,
        })),
      )
      .returning({ id: inquiry.id, messageId: inquiry.messageId });
    const idOf = new Map(rows.map((row) => [row.messageId, row.id]));
    const events: InquiryEventRow[] = [];
    const timers: TimerOptions[] = [];
    for (const { accepted, inCustody, target, reasons } of opened) {
      const id = idOf.get(accepted.messageId)!;
      events.push({ inquiryId: id, kind: "RECEIVED", details: { messageId: accepted.messageId, inCustody } });
      if (reasons.length > 0) events.push({ inquiryId: id, kind: "ENHANCED_FLAGGED", details: { reasons } });
      timers.push(
        {
          key: slaTimerKey(id, "WARNING"),
          queue: SLA_QUEUE,
          dueAt: new Date(receivedAt.getTime() + Math.round(target * policy.warnAt)),
          payload: { inquiryId: id, level: "WARNING" },
        },
        {
          key: slaTimerKey(id, "BREACHED"),
          queue: SLA_QUEUE,
          dueAt: new Date(receivedAt.getTime() + target),
          payload: { inquiryId: id, level: "BREACHED" },
        },
      );
    }
    await recordEvents(tx, clock, events);
    await enqueueJobs(
      tx,
      clock,
      rows.map((row) => ({ queue: SEARCH_QUEUE, payload: { inquiryId: row.id } })),
    );
    await scheduleTimers(tx, clock, timers);
  };
}

export function slaTimerKey(inquiryId: number, level: "WARNING" | "BREACHED"): string {
  return `inquiry:${inquiryId}:sla-${level.toLowerCase()}`;
}

/** The engine's view of an officer's subject. */
export function subjectOfIaq(iaq: Iaq): MatchSubject {
  return {
    names: [{ last: iaq.nam.last, first: iaq.nam.first, middle: iaq.nam.middle ?? null }],
    dob: iaq.dob,
    sex: iaq.sex,
    pob: iaq.pob.country,
    aNumber: iaq.arn ?? null,
    fbi: iaq.fbi ?? null,
    ssn: iaq.soc ?? null,
  };
}

/** Searches every record file for an inquiry's subject, best first. */
export async function searchFiles(
  services: Pick<InquiryServices, "store" | "matcher">,
  subject: MatchSubject,
  top = CANDIDATES_KEPT,
): Promise<InquiryCandidate[]> {
  const found = await services.matcher.search(subject, { top });
  return describeCandidates(services.store.db, found);
}

/** The automated search: reads outside the transaction, then sends the PRELIMINARY IAR. */
export function searchJob(services: InquiryServices): JobHandler {
  return {
    async prepare(job: Job) {
      const id = inquiryIdOf(job);
      const [row] = await services.store.db
        .select({ query: inquiry.query, status: inquiry.status })
        .from(inquiry)
        .where(eq(inquiry.id, id));
      if (row?.status !== "SEARCHING") return undefined;
      return searchFiles(services, subjectOfIaq(row.query as unknown as Iaq));
    },
    commit: (tx: Tx, job: Job, prepared: unknown) => commitSearches(tx, services.clock, [{ job, prepared }]),
    commitAll: (tx: Tx, items: readonly { job: Job; prepared: unknown }[]) =>
      commitSearches(tx, services.clock, items),
  };
}

/**
 * Sends the PRELIMINARY IARs of searches that finished, for every inquiry still searching:
 * one statement per table however many there are.
 */
async function commitSearches(
  tx: Tx,
  clock: Clock,
  items: readonly { job: Job; prepared: unknown }[],
): Promise<void> {
  const found = new Map(
    items.map((item) => [inquiryIdOf(item.job), item.prepared as InquiryCandidate[] | undefined]),
  );
  const rows = await lockInquiries(tx, [...found.keys()]);
  const done = rows.flatMap((current) => {
    const candidates = found.get(current.id);
    if (current.status !== "SEARCHING" || candidates === undefined) return [];
    const result = resultOf(candidates);
    const findings = enhancedReasonsFromFindings(candidates);
    const reasons = [...new Set([...current.enhancedReasons, ...findings])];
    const added = findings.filter((reason) => !current.enhancedReasons.includes(reason));
    return [{ current, candidates, result, reasons, added }];
  });
  if (done.length === 0) return;
  await tx.execute(sql`
    UPDATE inquiry SET
      status = 'RESEARCH',
      preliminary_result = x.result,
      preliminary_at = ${clock.now()},
      candidates = x.candidates,
      enhanced = cardinality(x.reasons) > 0,
      enhanced_reasons = x.reasons
    FROM (
      SELECT (e->>'id')::bigint AS id, e->>'result' AS result, e->'candidates' AS candidates,
             ARRAY(SELECT jsonb_array_elements_text(e->'reasons')) AS reasons
      FROM jsonb_array_elements(${JSON.stringify(
        done.map(({ current, result, candidates, reasons }) => ({
          id: current.id,
          result,
          candidates,
          reasons,
        })),
      )}::jsonb) AS e
    ) AS x
    WHERE inquiry.id = x.id`);
  await recordEvents(
    tx,
    clock,
    done.flatMap(({ current, added }) =>
      added.length > 0
        ? [{ inquiryId: current.id, kind: "ENHANCED_FLAGGED" as const, details: { reasons: added } }]
        : [],
    ),
  );
  await sendIars(
    tx,
    clock,
    done.map(({ current, result, candidates }) => ({
      row: current,
      iar: {
        stage: "PRELIMINARY" as const,
        result,
        candidates,
        narrative: preliminaryNarrative(result, candidates.length),
        actor: null,
      },
    })),
  );
  await writeAudits(
    tx,
    clock,
    done.map(({ current, result, candidates }) => ({
      component: COMPONENT,
      eventType: "AUTOMATED_SEARCH",
      outcome: "SUCCESS" as const,
      actorOri: current.ori,
      subject: `inquiry:${current.id}`,
      purpose: "IAQ automated search",
      details: { result, candidates: candidates.length },
    })),
  );
}

/** Findings that call for an enhanced response: a Violator File subject or a serious history. */
export function enhancedReasonsFromFindings(candidates: readonly InquiryCandidate[]): string[] {
  const matched = candidates.filter((c) => c.decision === "match" && c.nic !== null);
  const reasons: string[] = [];
  if (matched.length > 0) reasons.push("VIOLATOR_FILE_SUBJECT");
  if (matched.some((c) => c.status === "DEPORTED_FELON")) reasons.push("SERIOUS_CRIMINAL_HISTORY");
  return reasons;
}

function preliminaryNarrative(result: IarResult, count: number): string {
  const searched = "AUTOMATED SEARCH OF THE IMMIGRATION VIOLATOR FILE AND THE IMMIGRATION INDEX.";
  const found =
    result === "HIT"
      ? `${count} RECORD(S) FOUND; AT LEAST ONE AGREES ON NAME AND DATE OF BIRTH.`
      : result === "POSSIBLE"
        ? `${count} POSSIBLE RECORD(S) FOUND; NONE AGREES CLOSELY ENOUGH TO BE TREATED AS THE SUBJECT.`
        : "NO RECORD FOUND BY THE AUTOMATED SEARCH.";
  return `${searched} ${found} THIS IS NOT A FINAL RESPONSE: A LESC TECHNICIAN WILL RESEARCH THE INQUIRY AND SEND A FINAL IAR. DO NOT ACT ON THIS RESPONSE ALONE.`;
}

export type InquiryRow = typeof inquiry.$inferSelect;

export async function lockInquiry(tx: Tx, id: number): Promise<InquiryRow | undefined> {
  const [row] = await tx.select().from(inquiry).where(eq(inquiry.id, id)).for("update");
  return row;
}

/** Locks several inquiries, in id order (so two lockers never wait on each other crosswise). */
async function lockInquiries(tx: Tx, ids: readonly number[]): Promise<InquiryRow[]> {
  return tx
    .select()
    .from(inquiry)
    .where(inArray(inquiry.id, [...ids]))
    .orderBy(inquiry.id)
    .for("update");
}

export interface IarToSend {
  stage: IarStage;
  result: IarResult;
  candidates: readonly InquiryCandidate[];
  narrative: string;
  actor: string | null;
}

/**
 * Sends an IAR to the requesting ORI and a copy to the field office whose area of
 * responsibility covers the requester's state. Returns the mailbox id of the requester's copy.
 */
export async function sendIar(tx: Tx, clock: Clock, row: InquiryRow, iar: IarToSend): Promise<number> {
  const [sent] = await sendIars(tx, clock, [{ row, iar }]);
  return sent!;
}

/** The same for several inquiries, with one insert per table. */
export async function sendIars(
  tx: Tx,
  clock: Clock,
  replies: readonly { row: InquiryRow; iar: IarToSend }[],
): Promise<number[]> {
  const formatted = replies.map(({ row, iar }) => {
    const message = iarFor(replyTo(row.ori, row.controlField), {
      inquiryId: String(row.id),
      stage: iar.stage,
      result: iar.result,
      candidates: iar.candidates.map(iarCandidate),
      narrative: iar.narrative,
    });
    return { text: formatIarText(message), data: iarData(message) as unknown as Record<string, unknown> };
  });
  const sent = await deliverAll(
    tx,
    clock,
    replies.map(({ row }, i) => ({
      recipientOri: row.ori,
      type: "IAR" as const,
      inReplyTo: row.messageId,
      text: formatted[i]!.text,
      data: formatted[i]!.data,
    })),
  );
  const offices = await fieldOfficesForAgencies(
    tx,
    replies.map(({ row }) => row.ori),
  );
  await deliverAll(
    tx,
    clock,
    replies.flatMap(({ row }, i) => {
      const office = offices.get(row.ori);
      if (!office) return [];
      const { text, data } = formatted[i]!;
      return [
        {
          recipientOri: office.ori,
          type: "IAR" as const,
          inReplyTo: row.messageId,
          copyOf: sent[i]!,
          text,
          data: { ...data, requesterOri: row.ori },
        },
      ];
    }),
  );
  await recordEvents(
    tx,
    clock,
    replies.map(({ row, iar }, i) => ({
      inquiryId: row.id,
      kind: iar.stage === "PRELIMINARY" ? ("PRELIMINARY_SENT" as const) : ("FINAL_SENT" as const),
      actor: iar.actor,
      details: { result: iar.result, mailboxId: sent[i]!, fieldOffice: offices.get(row.ori)?.code ?? null },
    })),
  );
  return sent;
}

export async function recordEvent(
  tx: Executor,
  clock: Clock,
  inquiryId: number,
  kind: InquiryEventKind,
  actor: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordEvents(tx, clock, [{ inquiryId, kind, actor, details }]);
}

export interface InquiryEventRow {
  inquiryId: number;
  kind: InquiryEventKind;
  actor?: string | null;
  details?: Record<string, unknown>;
}

/** Records several inquiries' events with one insert. */
export async function recordEvents(
  tx: Executor,
  clock: Clock,
  events: readonly InquiryEventRow[],
): Promise<void> {
  if (events.length === 0) return;
  const at = clock.now();
  await tx
    .insert(inquiryEvent)
    .values(
      events.map((event) => ({ ...event, actor: event.actor ?? null, details: event.details ?? {}, at })),
    );
}

/** SLA timers: a warning, then a breach, each recorded once unless the inquiry was answered. */
export function slaJob(services: Pick<InquiryServices, "clock">): JobHandler {
  return async (tx: Tx, job: Job) => {
    const id = inquiryIdOf(job);
    const level = job.payload.level === "BREACHED" ? "BREACHED" : "WARNING";
    const current = await lockInquiry(tx, id);
    if (!current || current.status === "ANSWERED") return;
    if (level === "WARNING" && current.slaState !== "ON_TIME") return;
    await tx.update(inquiry).set({ slaState: level }).where(eq(inquiry.id, id));
    await recordEvent(tx, services.clock, id, level === "WARNING" ? "SLA_WARNING" : "SLA_BREACH", null, {
      dueAt: current.dueAt.toISOString(),
      inCustody: current.inCustody,
      claimedBy: current.claimedBy,
    });
  };
}

/** Stops an answered inquiry's clocks. */
export async function stopSlaClock(tx: Tx, clock: Clock, inquiryId: number): Promise<void> {
  await cancelTimer(tx, clock, slaTimerKey(inquiryId, "WARNING"));
  await cancelTimer(tx, clock, slaTimerKey(inquiryId, "BREACHED"));
}

function inquiryIdOf(job: Job): number {
  const id = job.payload.inquiryId;
  if (typeof id !== "number") throw new Error(`job ${job.id}: payload.inquiryId is missing`);
  return id;
}
