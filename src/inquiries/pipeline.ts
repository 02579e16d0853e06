import { eq } from "drizzle-orm";
import { fieldOfficeForAgency } from "../directory/index.js";
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
import { writeAudit } from "../platform/audit/index.js";
import type { Clock } from "../platform/clock.js";
import {
  cancelTimer,
  enqueueJob,
  type Job,
  type JobHandler,
  scheduleTimer,
} from "../platform/queue/index.js";
import type { Executor, Store, Tx } from "../platform/store/store.js";
import type { AcceptedMessage } from "../switch/accept.js";
import { deliver } from "../switch/mailbox.js";
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
  return async (tx: Tx, accepted: AcceptedMessage): Promise<void> => {
    if (accepted.message.type !== "IAQ") return;
    const { iaq } = accepted.message;
    const receivedAt = clock.now();
    const inCustody = iaq.cus === "Y";
    const target = targetFor(policy, inCustody);
    const reasons = enhancedReasonsOnReceipt(iaq);
    const [row] = await tx
      .insert(inquiry)
      .values({
        messageId: accepted.messageId,
        ori: accepted.senderOri,
        controlField: iaq.header.controlField ?? null,
        query: iaq as unknown as Record<string, unknown>,
        subjectName: formatName(iaq.nam),
        inCustody,
        receivedAt,
        dueAt: new Date(receivedAt.getTime() + target),
        status: "SEARCHING",
        candidates: [],
        enhanced: reasons.length > 0,
        enhancedReasons: reasons,
        slaState: "ON_TIME",
      })
      .returning({ id: inquiry.id });
    const id = row!.id;
    await recordEvent(tx, clock, id, "RECEIVED", null, { messageId: accepted.messageId, inCustody });
    if (reasons.length > 0) await recordEvent(tx, clock, id, "ENHANCED_FLAGGED", null, { reasons });
    await enqueueJob(tx, clock, { queue: SEARCH_QUEUE, payload: { inquiryId: id } });
    await scheduleTimer(tx, clock, {
      key: slaTimerKey(id, "WARNING"),
      queue: SLA_QUEUE,
      dueAt: new Date(receivedAt.getTime() + Math.round(target * policy.warnAt)),
      payload: { inquiryId: id, level: "WARNING" },
    });
    await scheduleTimer(tx, clock, {
      key: slaTimerKey(id, "BREACHED"),
      queue: SLA_QUEUE,
      dueAt: new Date(receivedAt.getTime() + target),
      payload: { inquiryId: id, level: "BREACHED" },
    });
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
    async commit(tx: Tx, job: Job, prepared: unknown) {
      const id = inquiryIdOf(job);
      const candidates = prepared as InquiryCandidate[] | undefined;
      const current = await lockInquiry(tx, id);
      if (current?.status !== "SEARCHING" || candidates === undefined) return;
      const { clock } = services;
      const result = resultOf(candidates);
      const reasons = new Set(current.enhancedReasons);
      const findings = enhancedReasonsFromFindings(candidates);
      for (const reason of findings) reasons.add(reason);
      await tx
        .update(inquiry)
        .set({
          status: "RESEARCH",
          preliminaryResult: result,
          preliminaryAt: clock.now(),
          candidates,
          enhanced: reasons.size > 0,
          enhancedReasons: [...reasons],
        })
        .where(eq(inquiry.id, id));
      const added = findings.filter((reason) => !current.enhancedReasons.includes(reason));
      if (added.length > 0) await recordEvent(tx, clock, id, "ENHANCED_FLAGGED", null, { reasons: added });
      await sendIar(tx, clock, current, {
        stage: "PRELIMINARY",
        result,
        candidates,
        narrative: preliminaryNarrative(result, candidates.length),
        actor: null,
      });
      await writeAudit(tx, clock, {
        component: COMPONENT,
        eventType: "AUTOMATED_SEARCH",
        outcome: "SUCCESS",
        actorOri: current.ori,
        subject: `inquiry:${id}`,
        purpose: "IAQ automated search",
        details: { result, candidates: candidates.length },
      });
    },
  };
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
  const message = iarFor(replyTo(row.ori, row.controlField), {
    inquiryId: String(row.id),
    stage: iar.stage,
    result: iar.result,
    candidates: iar.candidates.map(iarCandidate),
    narrative: iar.narrative,
  });
  const text = formatIarText(message);
  const data = iarData(message) as unknown as Record<string, unknown>;
  const sent = await deliver(tx, clock, {
    recipientOri: row.ori,
    type: "IAR",
    inReplyTo: row.messageId,
    text,
    data,
  });
  const office = await fieldOfficeForAgency(tx, row.ori);
  if (office) {
    await deliver(tx, clock, {
      recipientOri: office.ori,
      type: "IAR",
      inReplyTo: row.messageId,
      copyOf: sent,
      text,
      data: { ...data, requesterOri: row.ori },
    });
  }
  await recordEvent(
    tx,
    clock,
    row.id,
    iar.stage === "PRELIMINARY" ? "PRELIMINARY_SENT" : "FINAL_SENT",
    iar.actor,
    {
      result: iar.result,
      mailboxId: sent,
      fieldOffice: office?.code ?? null,
    },
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
  await tx.insert(inquiryEvent).values({ inquiryId, at: clock.now(), kind, actor, details });
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
