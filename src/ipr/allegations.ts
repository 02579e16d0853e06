import { createHash } from "node:crypto";
import { asc, desc, eq, inArray, or } from "drizzle-orm";
import { hashReceipt, newReceipt, receiptHashes } from "../intake/index.js";
import { IDENTITY_ROLES } from "../intake/tips.js";
import { writeAudit } from "../platform/audit/index.js";
import type { StaffPrincipal } from "../platform/auth/index.js";
import type { Clock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import type { Store, Tx } from "../platform/store/store.js";
import { matchReasons, websiteHost } from "./deconflict.js";
import { checkEvidence, sanitiseFileName } from "./evidence-check.js";
import { IPR_PARTNERS, IPR_RULES_VERSION, type IprPartner, isIprPartner, ownerFor } from "./partners.js";
import {
  type IprChannel,
  type IprStatus,
  iprAllegation,
  iprEmail,
  iprEvidence,
  iprLink,
  iprMessage,
  iprNotification,
  RIGHT_TYPES,
  type RightType,
} from "./schema.js";

/**
 * IPR allegations (counterfeiting and piracy) by web form, e-mail and hotline: a receipt for
 * the allegant (stored only as a hash), an owning partner agency by the rules, deconfliction
 * against open allegations, evidence checked by content, and the staff desk. The allegant's
 * identity is shown only to the roles that need it, and every view is audited.
 */
export interface IprServices {
  store: Store;
  clock: Clock;
  /** The tip line's receipt pepper (`--tip-receipt-pepper-file`), used for allegants' receipts too. */
  receiptPepper?: string | undefined;
}

export const COMPONENT = "ipr";
export const NARRATIVE_MAX = 10_000;
export const EVIDENCE_PER_ALLEGATION = 20;
const PURPOSE_INTAKE = "IPR allegation intake";
const PURPOSE_TRIAGE = "IPR deconfliction and referral";

export interface NewAllegation {
  rightType: string;
  rightsHolder: string;
  product: string;
  violator: { name?: string | undefined; website?: string | undefined; address?: string | undefined };
  narrative: string;
  allegant?: Record<string, string> | undefined;
}

/** What an allegation holds once checked (an e-mail may leave the structured fields empty). */
export interface AllegationFacts {
  rightType: RightType | null;
  rightsHolder: string | null;
  product: string | null;
  violatorName: string | null;
  violatorWebsite: string | null;
  violatorAddress: string | null;
  narrative: string;
  allegant: Record<string, string> | null;
}

/** Records a staff member's read (a list, a view, a download) in its own transaction. */
export async function auditStaffRead(
  services: IprServices,
  staff: StaffPrincipal,
  eventType: string,
  about: { subject?: string; purpose?: string; details?: Record<string, unknown> } = {},
) {
  await services.store.transaction((tx) =>
    writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType,
      outcome: "SUCCESS",
      actorUser: staff.username,
      subject: about.subject ?? null,
      purpose: about.purpose ?? PURPOSE_TRIAGE,
      ...(about.details ? { details: about.details } : {}),
    }),
  );
}

const blank = (text: string | undefined | null) => (text ?? "").trim();

/** The form's checks: each refusal names the field and the rule. */
export function checkAllegation(input: NewAllegation): AllegationFacts {
  if (!(RIGHT_TYPES as readonly string[]).includes(input.rightType)) {
    throw Errors.invalidField("body.rightType", `must be one of ${RIGHT_TYPES.join(", ")}`);
  }
  const required = (field: string, value: string | undefined) => {
    const text = blank(value);
    if (text === "") throw Errors.invalidField(`body.${field}`, "must not be empty");
    return text;
  };
  const rightsHolder = required("rightsHolder", input.rightsHolder);
  const product = required("product", input.product);
  const violatorName = required("violator.name", input.violator.name);
  const website = blank(input.violator.website);
  const address = blank(input.violator.address);
  if (website === "" && address === "") {
    throw Errors.invalidField("body.violator", "needs a website or an address (where it sells)");
  }
  if (website !== "" && !websiteHost(website)) {
    throw Errors.invalidField("body.violator.website", "must be a web address with a host name");
  }
  const narrative = required("narrative", input.narrative);
  const allegant = input.allegant && Object.values(input.allegant).some((v) => blank(v) !== "");
  return {
    rightType: input.rightType as RightType,
    rightsHolder,
    product,
    violatorName,
    violatorWebsite: website || null,
    violatorAddress: address || null,
    narrative,
    allegant: allegant ? input.allegant! : null,
  };
}

/** The web form and the hotline: checked, stored, deconflicted, audited; the receipt shown once. */
export async function submitAllegation(
  services: IprServices,
  input: NewAllegation,
  channel: "WEB" | "HOTLINE",
  staff?: StaffPrincipal,
): Promise<{ id: number; receipt: string }> {
  const facts = checkAllegation(input);
  const receipt = newReceipt();
  const id = await services.store.transaction((tx) =>
    recordAllegation(tx, services.clock, facts, channel, {
      receiptHash: hashReceipt(receipt, services.receiptPepper),
      staff,
    }),
  );
  return { id, receipt };
}

/** Stores one allegation in `tx`, links it to the open ones on the same violator and tells their owners. */
export async function recordAllegation(
  tx: Tx,
  clock: Clock,
  facts: AllegationFacts,
  channel: IprChannel,
  options: { receiptHash?: string | undefined; staff?: StaffPrincipal | undefined },
): Promise<number> {
  const owner = ownerFor({
    rightType: facts.rightType,
    product: facts.product ?? "",
    narrative: facts.narrative,
  });
  const now = clock.now();
  const host = websiteHost(facts.violatorWebsite);
  const [row] = await tx
    .insert(iprAllegation)
    .values({
      receiptHash: options.receiptHash ?? null,
      channel,
      ...facts,
      violatorHost: host,
      receivedAt: now,
      status: "OPEN",
      owningPartner: owner.partner,
      ownerRule: owner.rule,
      rulesVersion: IPR_RULES_VERSION,
      enteredBy: options.staff?.username ?? null,
    })
    .returning({ id: iprAllegation.id });
  const id = row!.id;
  await writeAudit(tx, clock, {
    component: COMPONENT,
    eventType: "IPR_ALLEGATION_RECEIVED",
    outcome: "SUCCESS",
    actorUser: options.staff?.username ?? null,
    subject: `ipr:${id}`,
    purpose: PURPOSE_INTAKE,
    details: { channel, owner: owner.partner, rule: owner.rule, rulesVersion: IPR_RULES_VERSION },
  });
  await deconflict(tx, clock, id, { name: facts.violatorName, host, address: facts.violatorAddress });
  return id;
}

async function deconflict(
  tx: Tx,
  clock: Clock,
  id: number,
  mine: { name: string | null; host: string | null; address: string | null },
) {
  const open = await tx
    .select({
      id: iprAllegation.id,
      name: iprAllegation.violatorName,
      host: iprAllegation.violatorHost,
      address: iprAllegation.violatorAddress,
      partner: iprAllegation.owningPartner,
    })
    .from(iprAllegation)
    .where(eq(iprAllegation.status, "OPEN"))
    .orderBy(desc(iprAllegation.id))
    .limit(5000);
  const now = clock.now();
  for (const other of open) {
    if (other.id === id) continue;
    const reasons = matchReasons(mine, other);
    if (reasons.length === 0) continue;
    await tx.insert(iprLink).values({ allegationId: id, linkedTo: other.id, reasons, createdAt: now });
    // Content-free: the owner learns which allegations and why, and reads them on the desk.
    await tx.insert(iprNotification).values({
      partner: other.partner,
      allegationId: other.id,
      aboutAllegationId: id,
      reasons,
      createdAt: now,
    });
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "IPR_DECONFLICTION_LINKED",
      outcome: "SUCCESS",
      subject: `ipr:${id}`,
      purpose: PURPOSE_TRIAGE,
      details: { linkedTo: other.id, notified: other.partner, rules: reasons.map((r) => r.rule) },
    });
  }
}

async function allegationByReceipt(tx: Tx | Store["db"], receipt: string, pepper: string | undefined) {
  if (!/^\d{16}$/.test(receipt)) throw Errors.notFound("allegation");
  const [row] = await tx
    .select()
    .from(iprAllegation)
    .where(inArray(iprAllegation.receiptHash, receiptHashes(receipt, pepper)));
  if (!row) throw Errors.notFound("allegation");
  return row;
}

const PUBLIC_STATUS: Record<IprStatus, string> = { OPEN: "RECEIVED", CLOSED: "CLOSED", JUNK: "CLOSED" };

/** What the allegant sees: the public status, the closing answer, replies and the evidence list. */
export async function allegationForAllegant(services: IprServices, receipt: string) {
  const { db } = services.store;
  const row = await allegationByReceipt(db, receipt, services.receiptPepper);
  const messages = await db
    .select()
    .from(iprMessage)
    .where(eq(iprMessage.allegationId, row.id))
    .orderBy(asc(iprMessage.id));
  const evidence = await evidenceList(db, row.id);
  return {
    status: PUBLIC_STATUS[row.status],
    receivedAt: row.receivedAt.toISOString(),
    answer: row.status === "CLOSED" ? row.closingAnswer : null,
    messages: messages.map((m) => ({
      from: m.author === "STAFF" ? "IPR Center" : "YOU",
      at: m.at.toISOString(),
      text: m.text,
    })),
    evidence: evidence.map(({ fileName, contentType, sizeBytes, receivedAt }) => ({
      fileName,
      contentType,
      sizeBytes,
      receivedAt,
    })),
  };
}

export async function addAllegantMessage(services: IprServices, receipt: string, text: string) {
  const clean = text.trim();
  if (clean === "") throw Errors.invalidField("body.text", "must not be empty");
  return services.store.transaction(async (tx) => {
    const row = await allegationByReceipt(tx, receipt, services.receiptPepper);
    await tx
      .insert(iprMessage)
      .values({ allegationId: row.id, at: services.clock.now(), author: "ALLEGANT", text: clean });
    await writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: "IPR_MESSAGE_FROM_ALLEGANT",
      outcome: "SUCCESS",
      subject: `ipr:${row.id}`,
      purpose: PURPOSE_INTAKE,
    });
    return { added: true };
  });
}

/** The allegant adds an evidence file with the receipt: refused by content, or stored with its sha256. */
export async function addEvidenceByReceipt(
  services: IprServices,
  receipt: string,
  fileName: string | undefined,
  data: Buffer,
) {
  return services.store.transaction(async (tx) => {
    const row = await allegationByReceipt(tx, receipt, services.receiptPepper);
    if (row.status !== "OPEN")
      throw Errors.conflict("the allegation is closed: evidence can no longer be added");
    const stored = await storeEvidence(tx, services.clock, row.id, fileName, data, "WEB");
    if (!stored.ok) throw Errors.invalidField("body", stored.rule);
    return {
      fileName: stored.fileName,
      contentType: stored.contentType,
      sizeBytes: data.length,
      sha256: stored.sha256,
    };
  });
}

export type StoredEvidence =
  | { ok: true; id: number; fileName: string; contentType: string; sha256: string }
  | { ok: false; fileName: string; rule: string };

/** One evidence file into `tx` after the content checks (the web form and e-mail attachments alike). */
export async function storeEvidence(
  tx: Tx,
  clock: Clock,
  allegationId: number,
  name: string | undefined,
  data: Buffer,
  source: "WEB" | "EMAIL" | "STAFF",
  staff?: StaffPrincipal,
): Promise<StoredEvidence> {
  const fileName = sanitiseFileName(name);
  const check = checkEvidence(data);
  if (!check.ok) return { ok: false, fileName, rule: check.rule };
  const held = await tx
    .select({ id: iprEvidence.id })
    .from(iprEvidence)
    .where(eq(iprEvidence.allegationId, allegationId));
  if (held.length >= EVIDENCE_PER_ALLEGATION) {
    return { ok: false, fileName, rule: `an allegation holds at most ${EVIDENCE_PER_ALLEGATION} files` };
  }
  const sha256 = createHash("sha256").update(data).digest("hex");
  const [row] = await tx
    .insert(iprEvidence)
    .values({
      allegationId,
      fileName,
      contentType: check.contentType,
      sizeBytes: data.length,
      sha256,
      content: data,
      source,
      receivedAt: clock.now(),
      uploadedBy: staff?.username ?? null,
    })
    .returning({ id: iprEvidence.id });
  await writeAudit(tx, clock, {
    component: COMPONENT,
    eventType: "IPR_EVIDENCE_ADDED",
    outcome: "SUCCESS",
    actorUser: staff?.username ?? null,
    subject: `ipr:${allegationId}`,
    purpose: PURPOSE_INTAKE,
    details: { evidence: row!.id, kind: check.kind, sizeBytes: data.length, sha256, source },
  });
  return { ok: true, id: row!.id, fileName, contentType: check.contentType, sha256 };
}

async function evidenceList(db: Tx | Store["db"], allegationId: number) {
  const rows = await db
    .select({
      id: iprEvidence.id,
      fileName: iprEvidence.fileName,
      contentType: iprEvidence.contentType,
      sizeBytes: iprEvidence.sizeBytes,
      sha256: iprEvidence.sha256,
      source: iprEvidence.source,
      receivedAt: iprEvidence.receivedAt,
    })
    .from(iprEvidence)
    .where(eq(iprEvidence.allegationId, allegationId))
    .orderBy(asc(iprEvidence.id));
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
}

export async function listAllegations(services: IprServices, staff: StaffPrincipal, status?: string) {
  const rows = await services.store.db
    .select({
      id: iprAllegation.id,
      channel: iprAllegation.channel,
      status: iprAllegation.status,
      rightType: iprAllegation.rightType,
      product: iprAllegation.product,
      violatorName: iprAllegation.violatorName,
      owningPartner: iprAllegation.owningPartner,
      receivedAt: iprAllegation.receivedAt,
    })
    .from(iprAllegation)
    .where(status ? eq(iprAllegation.status, status as IprStatus) : undefined)
    .orderBy(desc(iprAllegation.receivedAt), desc(iprAllegation.id))
    .limit(500);
  await auditStaffRead(services, staff, "IPR_ALLEGATIONS_LISTED", {
    details: { status: status ?? null, count: rows.length },
  });
  const linked = await linkedIds(
    services.store.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), linked: linked.has(r.id) }));
}

async function linkedIds(db: Store["db"], ids: number[]) {
  if (ids.length === 0) return new Set<number>();
  const links = await db
    .select({ a: iprLink.allegationId, b: iprLink.linkedTo })
    .from(iprLink)
    .where(or(inArray(iprLink.allegationId, ids), inArray(iprLink.linkedTo, ids)));
  return new Set(links.flatMap((l) => [l.a, l.b]));
}

/** An allegation for staff; the allegant's identity only for the roles that need it, each view audited. */
export async function allegationForStaff(services: IprServices, staff: StaffPrincipal, id: number) {
  const { db } = services.store;
  const [row] = await db.select().from(iprAllegation).where(eq(iprAllegation.id, id));
  if (!row) throw Errors.notFound(`allegation ${id}`);
  const messages = await db
    .select()
    .from(iprMessage)
    .where(eq(iprMessage.allegationId, id))
    .orderBy(asc(iprMessage.id));
  const links = await db
    .select()
    .from(iprLink)
    .where(or(eq(iprLink.allegationId, id), eq(iprLink.linkedTo, id)))
    .orderBy(asc(iprLink.id));
  const notifications = await db
    .select()
    .from(iprNotification)
    .where(or(eq(iprNotification.allegationId, id), eq(iprNotification.aboutAllegationId, id)))
    .orderBy(asc(iprNotification.id));
  const [email] = await db
    .select({
      fromAddress: iprEmail.fromAddress,
      subject: iprEmail.subject,
      messageId: iprEmail.messageId,
      source: iprEmail.source,
    })
    .from(iprEmail)
    .where(eq(iprEmail.allegationId, id));
  const mayIdentify = IDENTITY_ROLES.includes(staff.role);
  const identified = row.allegant !== null || email !== undefined;
  await auditStaffRead(
    services,
    staff,
    mayIdentify && identified ? "IPR_IDENTITY_VIEWED" : "IPR_ALLEGATION_VIEWED",
    {
      subject: `ipr:${id}`,
    },
  );
  const { receiptHash: _hash, allegant, ...rest } = row;
  const withheld = (value: unknown) => (mayIdentify ? value : value === null ? null : "withheld");
  return {
    ...rest,
    owningPartnerName: IPR_PARTNERS[row.owningPartner as IprPartner] ?? row.owningPartner,
    receivedAt: row.receivedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    anonymous: allegant === null && email === undefined,
    allegant: withheld(allegant),
    email: email ? { ...email, fromAddress: withheld(email.fromAddress) } : null,
    evidence: await evidenceList(db, id),
    links: links.map((l) => ({
      allegationId: l.allegationId,
      linkedTo: l.linkedTo,
      reasons: l.reasons,
      createdAt: l.createdAt.toISOString(),
    })),
    notifications: notifications.map(presentNotification),
    messages: messages.map((m) => ({
      author: m.author,
      staffUser: m.staffUser,
      at: m.at.toISOString(),
      text: m.text,
    })),
  };
}

function presentNotification(n: typeof iprNotification.$inferSelect) {
  return {
    id: n.id,
    partner: n.partner,
    partnerName: IPR_PARTNERS[n.partner as IprPartner] ?? n.partner,
    allegationId: n.allegationId,
    aboutAllegationId: n.aboutAllegationId,
    reasons: n.reasons,
    createdAt: n.createdAt.toISOString(),
  };
}

/** Deconfliction notices: which partner was told that a new allegation touches one it owns. */
export async function listNotifications(services: IprServices, staff: StaffPrincipal, partner?: string) {
  const rows = await services.store.db
    .select()
    .from(iprNotification)
    .where(partner ? eq(iprNotification.partner, partner) : undefined)
    .orderBy(desc(iprNotification.id))
    .limit(500);
  await auditStaffRead(services, staff, "IPR_NOTIFICATIONS_LISTED", {
    details: { partner: partner ?? null, count: rows.length },
  });
  return rows.map(presentNotification);
}

/** Runs `change` on an open allegation, locked, and audits it. */
async function changeOpen<T>(
  services: IprServices,
  staff: StaffPrincipal,
  id: number,
  eventType: string,
  change: (tx: Tx) => Promise<{ result: T; details?: Record<string, unknown> }>,
): Promise<T> {
  return services.store.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: iprAllegation.status })
      .from(iprAllegation)
      .where(eq(iprAllegation.id, id))
      .for("update");
    if (!row) throw Errors.notFound(`allegation ${id}`);
    if (row.status !== "OPEN") throw Errors.conflict(`allegation ${id} is ${row.status.toLowerCase()}`);
    const { result, details } = await change(tx);
    await writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType,
      outcome: "SUCCESS",
      actorUser: staff.username,
      subject: `ipr:${id}`,
      purpose: PURPOSE_TRIAGE,
      ...(details ? { details } : {}),
    });
    return result;
  });
}

export async function assignOwner(services: IprServices, staff: StaffPrincipal, id: number, partner: string) {
  if (!isIprPartner(partner)) {
    throw Errors.invalidField("body.partner", `must be one of ${Object.keys(IPR_PARTNERS).join(", ")}`);
  }
  return changeOpen(services, staff, id, "IPR_OWNER_ASSIGNED", async (tx) => {
    await tx
      .update(iprAllegation)
      .set({ owningPartner: partner, ownerRule: `assigned by ${staff.username}` })
      .where(eq(iprAllegation.id, id));
    return { result: { id, owningPartner: partner }, details: { partner } };
  });
}

export async function replyToAllegant(
  services: IprServices,
  staff: StaffPrincipal,
  id: number,
  text: string,
) {
  const clean = text.trim();
  if (clean === "") throw Errors.invalidField("body.text", "must not be empty");
  return services.store.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: iprAllegation.id })
      .from(iprAllegation)
      .where(eq(iprAllegation.id, id));
    if (!row) throw Errors.notFound(`allegation ${id}`);
    await tx.insert(iprMessage).values({
      allegationId: id,
      at: services.clock.now(),
      author: "STAFF",
      staffUser: staff.username,
      text: clean,
    });
    await writeAudit(tx, services.clock, {
      component: COMPONENT,
      eventType: "IPR_REPLIED",
      outcome: "SUCCESS",
      actorUser: staff.username,
      subject: `ipr:${id}`,
      purpose: PURPOSE_TRIAGE,
    });
    return { id, replied: true };
  });
}

export async function closeAllegation(
  services: IprServices,
  staff: StaffPrincipal,
  id: number,
  answer: string,
) {
  const clean = answer.trim();
  if (clean === "") throw Errors.invalidField("body.answer", "must not be empty");
  return changeOpen(services, staff, id, "IPR_CLOSED", async (tx) => {
    await tx
      .update(iprAllegation)
      .set({
        status: "CLOSED",
        closedAt: services.clock.now(),
        closedBy: staff.username,
        closingAnswer: clean,
      })
      .where(eq(iprAllegation.id, id));
    return { result: { id, status: "CLOSED" } };
  });
}

/** Junk is kept with its reason (for pattern-blocking and statistics), never deleted. */
export async function junkAllegation(
  services: IprServices,
  staff: StaffPrincipal,
  id: number,
  reason: string,
) {
  const clean = reason.trim();
  if (clean === "") throw Errors.invalidField("body.reason", "must not be empty");
  return changeOpen(services, staff, id, "IPR_JUNKED", async (tx) => {
    await tx
      .update(iprAllegation)
      .set({ status: "JUNK", junkReason: clean, closedAt: services.clock.now(), closedBy: staff.username })
      .where(eq(iprAllegation.id, id));
    return { result: { id, status: "JUNK" }, details: { reason: clean } };
  });
}

/** An evidence file for download (audited); the caller serves it as an attachment. */
export async function evidenceForStaff(services: IprServices, staff: StaffPrincipal, evidenceId: number) {
  const [row] = await services.store.db.select().from(iprEvidence).where(eq(iprEvidence.id, evidenceId));
  if (!row) throw Errors.notFound(`evidence ${evidenceId}`);
  await auditStaffRead(services, staff, "IPR_EVIDENCE_DOWNLOADED", {
    subject: `ipr:${row.allegationId}`,
    details: { evidence: row.id, sha256: row.sha256 },
  });
  return row;
}

/** `Content-Disposition` for a sanitised name: ASCII fallback plus the UTF-8 name (RFC 6266). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
