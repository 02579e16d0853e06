import { and, asc, desc, eq, ne } from "drizzle-orm";
import { requireWithinArea, withinArea } from "../directory/index.js";
import type { MatchSubject } from "../matching/index.js";
import type { Iaq, IarResult } from "../messages/index.js";
import { writeAudit } from "../platform/audit/index.js";
import { type StaffPrincipal, staffUser } from "../platform/auth/index.js";
import { Errors } from "../platform/errors.js";
import type { Tx } from "../platform/store/store.js";
import type { InquiryCandidate } from "./candidates.js";
import {
  COMPONENT,
  type InquiryRow,
  type InquiryServices,
  lockInquiry,
  recordEvent,
  searchFiles,
  sendIar,
  stopSlaClock,
} from "./pipeline.js";
import { type ContactMeans, inquiry, inquiryContact, inquiryEvent } from "./schema.js";
import { findTemplate } from "./templates.js";

/**
 * The research desk: the queue (subject in custody first, then oldest), claims so two
 * technicians never work one inquiry, the workspace, manual search, the FINAL IAR and the
 * enhanced response's contact log. Every read of an inquiry's subject is audited.
 */
export interface QueueEntry {
  id: number;
  ori: string;
  subject: string;
  inCustody: boolean;
  receivedAt: string;
  dueAt: string;
  status: "SEARCHING" | "RESEARCH";
  preliminaryResult: IarResult | null;
  enhanced: boolean;
  slaState: string;
  claimedBy: string | null;
}

export async function listQueue(
  services: InquiryServices,
  staff: StaffPrincipal,
  limit = 200,
): Promise<QueueEntry[]> {
  const rows = await services.store.db
    .select()
    .from(inquiry)
    .where(and(ne(inquiry.status, "ANSWERED"), withinArea(services.store.db, staff, inquiry.ori)))
    .orderBy(desc(inquiry.inCustody), asc(inquiry.receivedAt), asc(inquiry.id))
    .limit(limit);
  const shown = rows.map((row) => row.id);
  if (queueViewIsNew(services, staff.username, shown)) {
    await services.store.transaction((tx) =>
      writeAudit(tx, services.clock, {
        component: COMPONENT,
        eventType: "QUEUE_VIEWED",
        outcome: "SUCCESS",
        actorUser: staff.username,
        purpose: "IAQ research",
        details: { shown: shown.length, inquiries: shown },
      }),
    );
  }
  return rows.map((row) => ({
    id: row.id,
    ori: row.ori,
    subject: row.subjectName,
    inCustody: row.inCustody,
    receivedAt: row.receivedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    status: row.status as "SEARCHING" | "RESEARCH",
    preliminaryResult: row.preliminaryResult,
    enhanced: row.enhanced,
    slaState: row.slaState,
    claimedBy: row.claimedBy,
  }));
}

/** A live queue is read every few seconds: one audit entry per change of what it shows. */
export const QUEUE_VIEW_REAUDIT_MS = 5 * 60_000;

/**
 * Whether this read of the queue shows the user something their last audited read did not (or
 * that read is five minutes old). The last audited view is kept per process; a process that
 * restarts audits the next read again.
 */
function queueViewIsNew(services: InquiryServices, username: string, shown: readonly number[]): boolean {
  const views = services.queueViews;
  if (!views) return true;
  const now = services.clock.now().getTime();
  const signature = shown.join(",");
  const last = views.get(username);
  if (last && last.signature === signature && now - last.at < QUEUE_VIEW_REAUDIT_MS) return false;
  views.set(username, { signature, at: now });
  return true;
}

/** Runs `work` on the locked inquiry, or throws 404. */
async function withInquiry<T>(
  services: InquiryServices,
  staff: StaffPrincipal,
  id: number,
  work: (tx: Tx, row: InquiryRow) => Promise<T>,
): Promise<T> {
  return services.store.transaction(async (tx) => {
    const row = await lockInquiry(tx, id);
    if (!row) throw Errors.notFound(`inquiry ${id}`);
    await requireWithinArea(tx, staff, row.ori, `inquiry ${id}`);
    return work(tx, row);
  });
}

function audit(
  tx: Tx,
  services: InquiryServices,
  staff: StaffPrincipal,
  row: InquiryRow,
  eventType: string,
  details = {},
) {
  return writeAudit(tx, services.clock, {
    component: COMPONENT,
    eventType,
    outcome: "SUCCESS",
    actorUser: staff.username,
    actorOri: row.ori,
    subject: `inquiry:${row.id}`,
    purpose: "IAQ research",
    details,
  });
}

export async function claimInquiry(services: InquiryServices, staff: StaffPrincipal, id: number) {
  return withInquiry(services, staff, id, async (tx, row) => {
    if (row.status === "ANSWERED") throw Errors.conflict(`inquiry ${id} is already answered`);
    if (row.claimedBy !== null && row.claimedBy !== staff.username) {
      throw Errors.conflict(`inquiry ${id} is claimed by ${row.claimedBy}`);
    }
    const claimedAt = row.claimedBy === staff.username ? row.claimedAt! : services.clock.now();
    if (row.claimedBy === null) {
      await tx.update(inquiry).set({ claimedBy: staff.username, claimedAt }).where(eq(inquiry.id, id));
      await recordEvent(tx, services.clock, id, "CLAIMED", staff.username);
      await audit(tx, services, staff, row, "INQUIRY_CLAIMED");
    }
    return { id, claimedBy: staff.username, claimedAt: claimedAt.toISOString() };
  });
}

/** Gives an inquiry back to the queue: its holder may, and a supervisor may for anyone. */
export async function releaseInquiry(services: InquiryServices, staff: StaffPrincipal, id: number) {
  return withInquiry(services, staff, id, async (tx, row) => {
    if (row.status === "ANSWERED") throw Errors.conflict(`inquiry ${id} is already answered`);
    if (row.claimedBy === null) throw Errors.conflict(`inquiry ${id} is not claimed`);
    if (row.claimedBy !== staff.username && staff.role !== "supervisor") {
      throw Errors.conflict(`inquiry ${id} is claimed by ${row.claimedBy}`);
    }
    await tx.update(inquiry).set({ claimedBy: null, claimedAt: null }).where(eq(inquiry.id, id));
    await recordEvent(tx, services.clock, id, "RELEASED", staff.username, { heldBy: row.claimedBy });
    await audit(tx, services, staff, row, "INQUIRY_RELEASED", { heldBy: row.claimedBy });
    return { id, claimedBy: null };
  });
}

export interface FinalResponse {
  result: IarResult;
  /** A template code from RESPONSE_TEMPLATES; its text leads the narrative. */
  template?: string | undefined;
  narrative?: string | undefined;
  /** Which of the inquiry's candidates (by record) the response names; default: none for NO_RECORD, the matching ones otherwise. */
  records?: { source: string; recordId: number }[] | undefined;
}

export const NARRATIVE_MAX = 2000;

/** Sends the FINAL IAR; 409 if answered already, still searching, or held by someone else. */
export async function respondToInquiry(
  services: InquiryServices,
  staff: StaffPrincipal,
  id: number,
  response: FinalResponse,
) {
  const template = response.template === undefined ? undefined : findTemplate(response.template);
  if (response.template !== undefined && !template) {
    throw Errors.invalidField("body.template", `unknown template ${response.template}`);
  }
  if (template && template.result !== response.result) {
    throw Errors.invalidField(
      "body.template",
      `${template.code} is a ${template.result} response, not ${response.result}`,
    );
  }
  const extra = (response.narrative ?? "").trim();
  if (!template && extra === "")
    throw Errors.invalidField("body.narrative", "is required when no template is given");
  const narrative = [template?.text, extra].filter((part) => part).join("\n");
  if (narrative.length > NARRATIVE_MAX) {
    throw Errors.invalidField("body.narrative", `must be at most ${NARRATIVE_MAX} characters`);
  }
  return withInquiry(services, staff, id, async (tx, row) => {
    if (row.status === "ANSWERED") throw Errors.conflict(`inquiry ${id} is already answered`);
    if (row.status === "SEARCHING")
      throw Errors.conflict(`inquiry ${id}: the automated search has not finished`);
    if (row.claimedBy !== null && row.claimedBy !== staff.username) {
      throw Errors.conflict(`inquiry ${id} is claimed by ${row.claimedBy}`);
    }
    const candidates = chooseCandidates(row.candidates as InquiryCandidate[], response);
    const now = services.clock.now();
    await tx
      .update(inquiry)
      .set({
        status: "ANSWERED",
        finalResult: response.result,
        finalTemplate: template?.code ?? null,
        finalNarrative: narrative,
        answeredBy: staff.username,
        answeredAt: now,
        claimedBy: row.claimedBy ?? staff.username,
        claimedAt: row.claimedAt ?? now,
      })
      .where(eq(inquiry.id, id));
    const mailboxId = await sendIar(tx, services.clock, row, {
      stage: "FINAL",
      result: response.result,
      candidates,
      narrative,
      actor: staff.username,
    });
    await stopSlaClock(tx, services.clock, id);
    await audit(tx, services, staff, row, "FINAL_IAR_SENT", {
      result: response.result,
      template: template?.code ?? null,
    });
    return { id, result: response.result, mailboxId, answeredAt: now.toISOString() };
  });
}

function chooseCandidates(candidates: InquiryCandidate[], response: FinalResponse): InquiryCandidate[] {
  if (response.records === undefined) {
    if (response.result === "NO_RECORD") return [];
    const wanted = response.result === "HIT" ? "match" : undefined;
    return candidates.filter((c) => wanted === undefined || c.decision === wanted);
  }
  if (response.result === "NO_RECORD" && response.records.length > 0) {
    throw Errors.invalidField("body.records", "must be empty for a NO_RECORD response");
  }
  return response.records.map((ref, index) => {
    const found = candidates.find((c) => c.recordId === ref.recordId && c.source === ref.source);
    if (!found) {
      throw Errors.invalidField(`body.records.${index}`, "must be one of the inquiry's candidates");
    }
    return found;
  });
}

/** Flags an enhanced response by hand. */
export async function flagEnhanced(
  services: InquiryServices,
  staff: StaffPrincipal,
  id: number,
  reason: string,
) {
  return withInquiry(services, staff, id, async (tx, row) => {
    const reasons = row.enhancedReasons.includes("REQUESTED_BY_STAFF")
      ? row.enhancedReasons
      : [...row.enhancedReasons, "REQUESTED_BY_STAFF"];
    await tx.update(inquiry).set({ enhanced: true, enhancedReasons: reasons }).where(eq(inquiry.id, id));
    await recordEvent(tx, services.clock, id, "ENHANCED_FLAGGED", staff.username, {
      reasons: ["REQUESTED_BY_STAFF"],
      note: reason,
    });
    await audit(tx, services, staff, row, "ENHANCED_FLAGGED", { note: reason });
    return { id, enhanced: true, enhancedReasons: reasons };
  });
}

export interface NewContact {
  contactedAt: string;
  means: ContactMeans;
  officer: string;
  /** Username of the agent involved; defaults to the recorder when the recorder is an agent. */
  agent?: string | undefined;
  summary: string;
}

/** Records a contact with the requesting officer; an agent is always involved. */
export async function recordContact(
  services: InquiryServices,
  staff: StaffPrincipal,
  id: number,
  contact: NewContact,
) {
  const contactedAt = new Date(contact.contactedAt);
  if (Number.isNaN(contactedAt.getTime()))
    throw Errors.invalidField("body.contactedAt", "must be an ISO 8601 date-time");
  if (contactedAt.getTime() > services.clock.now().getTime() + 60_000) {
    throw Errors.invalidField("body.contactedAt", "must not be in the future");
  }
  const agent = contact.agent ?? (staff.role === "agent" ? staff.username : undefined);
  if (agent === undefined)
    throw Errors.invalidField("body.agent", "is required: an enhanced response involves an agent");
  return withInquiry(services, staff, id, async (tx, row) => {
    const [agentUser] = await tx
      .select({ role: staffUser.role })
      .from(staffUser)
      .where(eq(staffUser.username, agent));
    if (agentUser?.role !== "agent")
      throw Errors.invalidField("body.agent", `must be the username of an agent (${agent} is not)`);
    const [saved] = await tx
      .insert(inquiryContact)
      .values({
        inquiryId: id,
        recordedBy: staff.username,
        recordedAt: services.clock.now(),
        contactedAt,
        means: contact.means,
        officer: contact.officer,
        agent,
        summary: contact.summary,
      })
      .returning({ id: inquiryContact.id });
    if (!row.enhanced) {
      await tx.update(inquiry).set({ enhanced: true }).where(eq(inquiry.id, id));
    }
    await recordEvent(tx, services.clock, id, "CONTACT_RECORDED", staff.username, {
      contactId: saved!.id,
      means: contact.means,
    });
    await audit(tx, services, staff, row, "CONTACT_RECORDED", { contactId: saved!.id });
    return { id: saved!.id, inquiryId: id, agent };
  });
}

/** The workspace: the officer's query, each candidate with its explanation, contacts, timeline. */
export async function inquiryWorkspace(services: InquiryServices, staff: StaffPrincipal, id: number) {
  const { db } = services.store;
  const [row] = await db.select().from(inquiry).where(eq(inquiry.id, id));
  if (!row) throw Errors.notFound(`inquiry ${id}`);
  await requireWithinArea(db, staff, row.ori, `inquiry ${id}`);
  const contacts = await db
    .select()
    .from(inquiryContact)
    .where(eq(inquiryContact.inquiryId, id))
    .orderBy(asc(inquiryContact.id));
  const events = await db
    .select()
    .from(inquiryEvent)
    .where(eq(inquiryEvent.inquiryId, id))
    .orderBy(asc(inquiryEvent.id));
  await services.store.transaction((tx) => audit(tx, services, staff, row, "INQUIRY_VIEWED"));
  const query = row.query as unknown as Iaq;
  return {
    id: row.id,
    ori: row.ori,
    controlField: row.controlField,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    slaState: row.slaState,
    inCustody: row.inCustody,
    claimedBy: row.claimedBy,
    enhanced: row.enhanced,
    enhancedReasons: row.enhancedReasons,
    query,
    preliminary: row.preliminaryAt
      ? { result: row.preliminaryResult, sentAt: row.preliminaryAt.toISOString() }
      : null,
    candidates: row.candidates as InquiryCandidate[],
    final: row.answeredAt
      ? {
          result: row.finalResult,
          template: row.finalTemplate,
          narrative: row.finalNarrative,
          answeredBy: row.answeredBy,
          answeredAt: row.answeredAt.toISOString(),
        }
      : null,
    contacts: contacts.map((c) => ({
      id: c.id,
      contactedAt: c.contactedAt.toISOString(),
      means: c.means,
      officer: c.officer,
      agent: c.agent,
      summary: c.summary,
      recordedBy: c.recordedBy,
    })),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actor, details: e.details })),
  };
}

export interface ManualSearch {
  subject: MatchSubject;
  purpose: string;
  inquiryId?: number | undefined;
  top?: number | undefined;
}

/** A technician's own search across every file, with its stated purpose in the audit log. */
export async function manualSearch(services: InquiryServices, staff: StaffPrincipal, search: ManualSearch) {
  const candidates = await searchFiles(services, search.subject, search.top ?? 20);
  await services.store.transaction((tx) =>
    writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: "MANUAL_SEARCH",
      outcome: "SUCCESS",
      actorUser: staff.username,
      subject: search.inquiryId === undefined ? null : `inquiry:${search.inquiryId}`,
      purpose: search.purpose,
      details: {
        name: search.subject.names[0] ?? null,
        dob: search.subject.dob ?? null,
        found: candidates.length,
      },
    }),
  );
  return candidates;
}

/** SLA alerts for the supervisor: warnings and breaches of inquiries still open. */
export async function openSlaAlerts(services: InquiryServices, staff: StaffPrincipal) {
  return services.store.db
    .select({
      inquiryId: inquiry.id,
      ori: inquiry.ori,
      subject: inquiry.subjectName,
      slaState: inquiry.slaState,
      dueAt: inquiry.dueAt,
      claimedBy: inquiry.claimedBy,
      inCustody: inquiry.inCustody,
    })
    .from(inquiry)
    .where(
      and(
        ne(inquiry.status, "ANSWERED"),
        ne(inquiry.slaState, "ON_TIME"),
        withinArea(services.store.db, staff, inquiry.ori),
      ),
    )
    .orderBy(asc(inquiry.dueAt));
}
