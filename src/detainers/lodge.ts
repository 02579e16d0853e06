import { asc, desc, eq, sql } from "drizzle-orm";
import { agency, fieldOfficeForAgency, requireWithinArea, withinArea } from "../directory/index.js";
import { hitCase } from "../hits/index.js";
import { inquiry } from "../inquiries/index.js";
import type { Iaq } from "../messages/index.js";
import { legacyBlock, legacyValue } from "../messages/legacy-output.js";
import { writeAudit } from "../platform/audit/index.js";
import type { StaffPrincipal } from "../platform/auth/index.js";
import type { Clock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import { cancelTimer, type Job, type JobHandler, scheduleTimer } from "../platform/queue/index.js";
import type { Executor, Store, Tx } from "../platform/store/store.js";
import { deliver } from "../switch/mailbox.js";
import { violatorRecord } from "../violators/index.js";
import { holdEnds } from "./hold.js";
import {
  type DetainerStatus,
  type DetainerSubject,
  detainer,
  detainerEvent,
  PROBABLE_CAUSES,
  type ProbableCause,
} from "./schema.js";

/**
 * Detainers, modelled on Form I-247A: lodged only by an agent, after a confirmed hit or from an
 * inquiry's research; a probable-cause basis (box 1) or the custody-transfer box (box 2), not
 * both; always with a signed I-200 or I-205. The holding agency gets a DETAINER message, the
 * field office for its state a notice with the case's essentials.
 */
export const COMPONENT = "detainers";
export const EXPIRY_QUEUE = "detainer.expiry";

export interface NewDetainer {
  hitId?: number | undefined;
  inquiryId?: number | undefined;
  holdingAgencyOri: string;
  probableCause?: string[] | undefined;
  custodyTransfer?: boolean | undefined;
  warrant?: { form?: string; number?: string; signedBy?: string } | undefined;
}

type Row = typeof detainer.$inferSelect;

/** The body's own rules, before anything is read: each failure names the field. */
function checkRequest(input: NewDetainer) {
  if ((input.hitId === undefined) === (input.inquiryId === undefined)) {
    throw Errors.invalidField(
      "body.hitId",
      "give exactly one of hitId (a confirmed hit) or inquiryId (a researched inquiry)",
    );
  }
  const causes = input.probableCause ?? [];
  const transfer = input.custodyTransfer === true;
  for (const [index, cause] of causes.entries()) {
    if (!(PROBABLE_CAUSES as readonly string[]).includes(cause)) {
      throw Errors.invalidField(
        `body.probableCause.${index}`,
        `must be one of ${PROBABLE_CAUSES.join(", ")}`,
      );
    }
  }
  if (new Set(causes).size !== causes.length)
    throw Errors.invalidField("body.probableCause", "names a basis twice");
  if (causes.length > 0 && transfer) {
    throw Errors.invalidField(
      "body.custodyTransfer",
      "probable cause (box 1) or custody transfer (box 2), not both",
    );
  }
  if (causes.length === 0 && !transfer) {
    throw Errors.invalidField(
      "body.probableCause",
      "a detainer needs a probable-cause basis, or the custody-transfer box",
    );
  }
  const warrant = input.warrant;
  if (warrant === undefined)
    throw Errors.invalidField("body.warrant", "is required: every detainer needs a signed I-200 or I-205");
  const form = warrant.form;
  if (form !== "I-200" && form !== "I-205")
    throw Errors.invalidField("body.warrant.form", "must be I-200 or I-205");
  const number = warrant.number?.trim() ?? "";
  if (!/^[A-Za-z0-9-]{1,30}$/.test(number))
    throw Errors.invalidField("body.warrant.number", "must be 1 to 30 letters, digits or hyphens");
  const signedBy = warrant.signedBy?.trim() ?? "";
  if (signedBy === "")
    throw Errors.invalidField("body.warrant.signedBy", "must name the signing immigration officer");
  return {
    causes: causes as ProbableCause[],
    transfer,
    warrant: { form: form as "I-200" | "I-205", number, signedBy: signedBy.slice(0, 100) },
  };
}

export async function lodgeDetainer(store: Store, clock: Clock, staff: StaffPrincipal, input: NewDetainer) {
  if (staff.role !== "agent") throw Errors.forbidden("only an agent lodges a detainer");
  const checked = checkRequest(input);
  return store.transaction(async (tx) => {
    const [holder] = await tx.select().from(agency).where(eq(agency.ori, input.holdingAgencyOri));
    if (holder) await requireWithinArea(tx, staff, holder.ori, `agency ${holder.ori}`);
    if (!holder || holder.disabledAt !== null) {
      throw Errors.invalidField(
        "body.holdingAgencyOri",
        `${input.holdingAgencyOri} is not a registered agency`,
      );
    }
    const basis =
      input.hitId !== undefined ? await fromHit(tx, input.hitId) : await fromInquiry(tx, input.inquiryId!);
    const now = clock.now();
    const [row] = await tx
      .insert(detainer)
      .values({
        hitId: input.hitId ?? null,
        inquiryId: input.inquiryId ?? null,
        violatorId: basis.violatorId,
        subject: basis.subject,
        holdingAgencyOri: holder.ori,
        probableCause: checked.causes,
        custodyTransfer: checked.transfer,
        warrantForm: checked.warrant.form,
        warrantNumber: checked.warrant.number,
        warrantSignedBy: checked.warrant.signedBy,
        lodgedBy: staff.username,
        lodgedAt: now,
        status: "ISSUED",
        statusAt: now,
      })
      .returning();
    const lodged = row!;
    await tx
      .insert(detainerEvent)
      .values({ detainerId: lodged.id, at: now, status: "ISSUED", actor: staff.username });
    const text = formatDetainerText(lodged, holder.name);
    const data = detainerData(lodged);
    await deliver(tx, clock, { recipientOri: holder.ori, type: "DETAINER", text, data });
    const office = await fieldOfficeForAgency(tx, holder.ori);
    if (office) {
      await deliver(tx, clock, {
        recipientOri: office.ori,
        type: "DETAINER",
        text: `NOTICE TO ${legacyValue(office.name)}: DETAINER LODGED IN YOUR AREA\n${text}`,
        data: {
          ...data,
          notice: true,
          holdingAgency: { ori: holder.ori, name: holder.name, state: holder.state },
          record: basis.record,
          hit: basis.hit,
          lodgedBy: staff.username,
        },
      });
    }
    await audit(tx, clock, staff.username, lodged.id, "DETAINER_LODGED", {
      hitId: lodged.hitId,
      inquiryId: lodged.inquiryId,
      holdingAgencyOri: holder.ori,
    });
    return { id: lodged.id, status: lodged.status };
  });
}

interface Basis {
  violatorId: number | null;
  subject: DetainerSubject;
  record: Record<string, unknown> | null;
  hit: Record<string, unknown> | null;
}

async function fromHit(tx: Tx, hitId: number): Promise<Basis> {
  const [hit] = await tx.select().from(hitCase).where(eq(hitCase.id, hitId));
  if (!hit) throw Errors.invalidField("body.hitId", `no hit ${hitId}`);
  if (hit.status !== "CONFIRMED")
    throw Errors.conflict(`hit ${hitId} is ${hit.status}: a detainer follows a confirmed hit`);
  const [record] = await tx.select().from(violatorRecord).where(eq(violatorRecord.id, hit.violatorId!));
  if (record?.status !== "ACTIVE") {
    throw Errors.conflict(`record ${hit.nic} is ${record?.status ?? "missing"}: no detainer on it`);
  }
  return {
    violatorId: record.id,
    subject: {
      name: `${record.lastName}, ${record.firstName}${record.middleName ? ` ${record.middleName}` : ""}`,
      dob: record.dob,
      sex: record.sex,
      nic: record.nic,
      arn: record.aNumber,
      citizenship: record.pob,
    },
    record: { nic: record.nic, oca: record.oca, category: record.category, documents: record.documents },
    hit: {
      id: hit.id,
      requesterOri: hit.requesterOri,
      oca: hit.oca,
      confirmedBy: hit.answeredBy,
      confirmedAt: hit.answeredAt,
    },
  };
}

async function fromInquiry(tx: Tx, inquiryId: number): Promise<Basis> {
  const [row] = await tx.select().from(inquiry).where(eq(inquiry.id, inquiryId));
  if (!row) throw Errors.invalidField("body.inquiryId", `no inquiry ${inquiryId}`);
  if (row.status !== "ANSWERED" || row.finalResult !== "HIT") {
    throw Errors.conflict(
      `inquiry ${inquiryId} has no researched HIT: a detainer follows the technician's FINAL IAR`,
    );
  }
  const query = row.query as unknown as Iaq;
  return {
    violatorId: null,
    subject: {
      name: row.subjectName,
      dob: query.dob,
      sex: query.sex,
      nic: null,
      arn: query.arn ?? null,
      citizenship: query.pob.country,
    },
    record: null,
    hit: null,
  };
}

function audit(
  tx: Executor,
  clock: Clock,
  user: string,
  id: number,
  eventType: string,
  details: Record<string, unknown>,
) {
  return writeAudit(tx, clock, {
    component: COMPONENT,
    eventType,
    outcome: "SUCCESS",
    actorUser: user,
    subject: `detainer:${id}`,
    purpose: "immigration detainer",
    details,
  });
}

/** Which status may follow which (the lifecycle of reference §8). */
const NEXT: Readonly<Record<DetainerStatus, readonly DetainerStatus[]>> = {
  ISSUED: ["SERVED", "CANCELLED"],
  SERVED: ["HONORED", "DECLINED", "CANCELLED"],
  HONORED: ["CUSTODY_TRANSFERRED", "CANCELLED"],
  DECLINED: ["CANCELLED"],
  CUSTODY_TRANSFERRED: [],
  CANCELLED: [],
  EXPIRED: [],
};

/**
 * Moves a detainer on. HONORED starts the hold at `at` (the time the subject would have been
 * released) and schedules its expiry 48 hours later, weekends and federal holidays excluded.
 */
export async function updateDetainer(
  store: Store,
  clock: Clock,
  staff: StaffPrincipal,
  id: number,
  change: { status: DetainerStatus; at?: string | undefined; note?: string | undefined },
) {
  const at = change.at === undefined ? clock.now() : new Date(change.at);
  if (Number.isNaN(at.getTime())) throw Errors.invalidField("body.at", "must be an ISO 8601 date-time");
  return store.transaction(async (tx) => {
    const [row] = await tx.select().from(detainer).where(eq(detainer.id, id)).for("update");
    if (!row) throw Errors.notFound(`detainer ${id}`);
    await requireWithinArea(tx, staff, row.holdingAgencyOri, `detainer ${id}`);
    if (!NEXT[row.status].includes(change.status)) {
      throw Errors.conflict(`detainer ${id} is ${row.status}; it cannot become ${change.status}`);
    }
    const holdExpiresAt = change.status === "HONORED" ? holdEnds(at) : row.holdExpiresAt;
    await tx
      .update(detainer)
      .set({ status: change.status, statusAt: at, holdExpiresAt })
      .where(eq(detainer.id, id));
    await tx.insert(detainerEvent).values({
      detainerId: id,
      at,
      status: change.status,
      actor: staff.username,
      note: change.note ?? null,
    });
    if (change.status === "HONORED") {
      await scheduleTimer(tx, clock, {
        key: `detainer:${id}:expiry`,
        queue: EXPIRY_QUEUE,
        dueAt: holdExpiresAt!,
        payload: { detainerId: id },
      });
    } else {
      await cancelTimer(tx, clock, `detainer:${id}:expiry`);
    }
    await audit(tx, clock, staff.username, id, `DETAINER_${change.status}`, { note: change.note ?? null });
    return { id, status: change.status, holdExpiresAt: holdExpiresAt?.toISOString() ?? null };
  });
}

/** The hold ran out with the subject not transferred: the detainer expires. */
export function expiryJob(clock: Clock): JobHandler {
  return async (tx: Tx, job: Job) => {
    const id = Number(job.payload.detainerId);
    const [row] = await tx.select().from(detainer).where(eq(detainer.id, id)).for("update");
    if (row?.status !== "HONORED") return;
    const now = clock.now();
    await tx.update(detainer).set({ status: "EXPIRED", statusAt: now }).where(eq(detainer.id, id));
    await tx
      .insert(detainerEvent)
      .values({ detainerId: id, at: now, status: "EXPIRED", actor: "lesc", note: "48-hour hold passed" });
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "DETAINER_EXPIRED",
      outcome: "SUCCESS",
      subject: `detainer:${id}`,
      purpose: "immigration detainer",
    });
  };
}

export function detainerData(row: Row) {
  return {
    detainerId: row.id,
    status: row.status,
    subject: row.subject,
    holdingAgencyOri: row.holdingAgencyOri,
    probableCause: row.probableCause,
    custodyTransfer: row.custodyTransfer,
    warrant: { form: row.warrantForm, number: row.warrantNumber, signedBy: row.warrantSignedBy },
    lodgedAt: row.lodgedAt.toISOString(),
    holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
  };
}

const CAUSE_TEXT: Readonly<Record<ProbableCause, string>> = {
  FINAL_ORDER: "A FINAL ORDER OF REMOVAL AGAINST THE ALIEN",
  PENDING_PROCEEDINGS: "THE PENDENCY OF ONGOING REMOVAL PROCEEDINGS AGAINST THE ALIEN",
  BIOMETRIC_AND_RECORDS:
    "BIOMETRIC CONFIRMATION OF THE ALIEN'S IDENTITY AND RECORDS CHECKS OF FEDERAL DATABASES SHOWING THE ALIEN LACKS STATUS OR IS REMOVABLE",
  STATEMENTS_OR_EVIDENCE:
    "STATEMENTS MADE BY THE ALIEN TO AN IMMIGRATION OFFICER AND/OR OTHER RELIABLE EVIDENCE",
};

/** The DETAINER message: the I-247A's content as legacy text. */
export function formatDetainerText(row: Row, holderName: string): string {
  const s = row.subject;
  const basis = row.custodyTransfer
    ? "DHS TRANSFERRED THE ALIEN TO YOUR CUSTODY AND INTENDS TO RESUME CUSTODY."
    : `DHS HAS DETERMINED THAT PROBABLE CAUSE EXISTS THAT THE SUBJECT IS A REMOVABLE ALIEN, BASED ON:\n${row.probableCause
        .map((cause) => `- ${CAUSE_TEXT[cause]}`)
        .join("\n")}`;
  return `${legacyBlock(
    [
      `DETAINER.AX.${row.holdingAgencyOri}.TXT`,
      "IMMIGRATION DETAINER - NOTICE OF ACTION (I-247A)",
      `DET/${row.id}.TO/${legacyValue(holderName)}.NAM/${legacyValue(s.name)}.${s.dob ? `DOB/${s.dob.replace(/-/g, "")}.` : ""}${s.sex ? `SEX/${s.sex}.` : ""}${s.nic ? `NIC/${s.nic}.` : ""}${s.arn ? `ARN/${s.arn}.` : ""}`,
      basis,
      `WARRANT: ${row.warrantForm} NO ${row.warrantNumber} SIGNED BY ${legacyValue(row.warrantSignedBy)}`,
      "IT IS REQUESTED THAT YOU: NOTIFY DHS AS EARLY AS PRACTICABLE (AT LEAST 48 HOURS, IF POSSIBLE) BEFORE THE ALIEN IS RELEASED;",
      "MAINTAIN CUSTODY OF THE ALIEN FOR A PERIOD NOT TO EXCEED 48 HOURS (EXCLUDING SATURDAYS, SUNDAYS AND FEDERAL HOLIDAYS) BEYOND THE TIME WHEN HE OR SHE WOULD OTHERWISE HAVE BEEN RELEASED;",
      "SERVE A COPY OF THIS FORM ON THE ALIEN.",
    ].join("\n"),
  )}\n`;
}

export async function listDetainers(db: Executor, staff: StaffPrincipal, limit = 200) {
  const rows = await db
    .select()
    .from(detainer)
    .where(withinArea(db, staff, detainer.holdingAgencyOri))
    .orderBy(desc(detainer.lodgedAt), desc(detainer.id))
    .limit(limit);
  return rows.map((row) => ({ ...detainerData(row), hitId: row.hitId, inquiryId: row.inquiryId }));
}

/** A detainer and its lifecycle; the view is audited. */
export async function detainerDetail(store: Store, clock: Clock, staff: StaffPrincipal, id: number) {
  const { db } = store;
  const [row] = await db.select().from(detainer).where(eq(detainer.id, id));
  if (!row) throw Errors.notFound(`detainer ${id}`);
  await requireWithinArea(db, staff, row.holdingAgencyOri, `detainer ${id}`);
  await store.transaction((tx) => audit(tx, clock, staff.username, id, "DETAINER_VIEWED", {}));
  const events = await db
    .select()
    .from(detainerEvent)
    .where(eq(detainerEvent.detainerId, id))
    .orderBy(asc(detainerEvent.id));
  return {
    ...detainerData(row),
    hitId: row.hitId,
    inquiryId: row.inquiryId,
    lodgedBy: row.lodgedBy,
    events: events.map((e) => ({ at: e.at.toISOString(), status: e.status, actor: e.actor, note: e.note })),
  };
}

/** Detainers of a period: on Violator File hits, and others (from inquiries). */
export async function detainerStats(db: Executor, from: Date, to: Date) {
  const { rows } = await db.execute<{ file_hits: number; others: number }>(sql`
    SELECT count(*) FILTER (WHERE hit_id IS NOT NULL)::int AS file_hits,
           count(*) FILTER (WHERE hit_id IS NULL)::int AS others
    FROM detainer WHERE lodged_at >= ${from} AND lodged_at < ${to}`);
  const row = rows[0] ?? { file_hits: 0, others: 0 };
  return { lodged: row.file_hits + row.others, onFileHits: row.file_hits, others: row.others };
}
