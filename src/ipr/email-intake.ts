import { createHash } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import PostalMime from "postal-mime";
import { writeAudit } from "../platform/audit/index.js";
import type { StaffPrincipal } from "../platform/auth/index.js";
import type { Tx } from "../platform/store/store.js";
import {
  type AllegationFacts,
  auditStaffRead,
  COMPONENT,
  type IprServices,
  recordAllegation,
  storeEvidence,
} from "./allegations.js";
import { iprEmail, iprMailQuarantine, RIGHT_TYPES, type RightType } from "./schema.js";

/**
 * E-mail intake: a raw RFC 5322 / MIME message (`.eml`, parsed with postal-mime) becomes an
 * allegation with its attachments as evidence, or, when it is malformed (no From, no body,
 * not decodable, over the size limit, an attachment refused by the evidence checks), a row in
 * the quarantine with the reason. Nothing is dropped. The message's sha256 makes taking the
 * same file twice (a restart between storing it and moving it) a no-op.
 */
export const EMAIL_MAX_BYTES = 30 * 1024 * 1024;

export type EmailOutcome =
  | { kind: "ALLEGATION"; allegationId: number; duplicate: boolean }
  | { kind: "QUARANTINED"; quarantineId: number; reason: string; duplicate: boolean };

export interface EmailOrigin {
  source: "API" | "FOLDER";
  fileName?: string | undefined;
  staff?: StaffPrincipal | undefined;
}

interface ParsedEmail {
  from: { address: string; name: string };
  subject: string | null;
  messageId: string | null;
  text: string;
  attachments: { fileName: string; content: Buffer }[];
}

const overSize = (size: number) => `over size: ${size} bytes (the limit is ${EMAIL_MAX_BYTES})`;

// A header field name: printable ASCII except the colon (RFC 5322 §2.2), at the very start.
const FIRST_HEADER = /^[\x21-\x39\x3b-\x7e]+:/;

/** A message, or the reason it must be quarantined. */
export async function parseEmail(
  raw: Buffer,
): Promise<{ ok: true; email: ParsedEmail; raw: Buffer } | { ok: false; reason: string }> {
  if (raw.length > EMAIL_MAX_BYTES) return { ok: false, reason: overSize(raw.length) };
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString("latin1");
  if (raw.includes(0) || !FIRST_HEADER.test(head)) {
    return { ok: false, reason: "undecodable: not an RFC 5322 message (no header fields at the start)" };
  }
  let parsed: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    parsed = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
  } catch (error) {
    return { ok: false, reason: `undecodable: ${(error as Error).message}` };
  }
  const from = parsed.from && "address" in parsed.from ? parsed.from : undefined;
  if (!from?.address || !/^[^@\s]+@[^@\s]+$/.test(from.address)) {
    return { ok: false, reason: "no From: the message has no sender address" };
  }
  const text = (parsed.text ?? htmlToText(parsed.html ?? "")).trim();
  const attachments = parsed.attachments.map((a) => ({
    fileName: a.filename ?? "attachment",
    content: Buffer.from(a.content as ArrayBuffer),
  }));
  if (text === "" && attachments.length === 0) {
    return { ok: false, reason: "no body: the message has neither text nor attachments" };
  }
  return {
    ok: true,
    raw,
    email: {
      from: { address: from.address, name: from.name ?? "" },
      subject: parsed.subject?.trim() || null,
      messageId: parsed.messageId ?? null,
      text,
      attachments,
    },
  };
}

/** Markup out, entities in: the text of an HTML-only message (shown to staff as text anyway). */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<br\s*\/?>|<\/p>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ");
}

// The IPR Center's e-mail template: "Right type: TRADEMARK", "Violator: …", one per line.
const TEMPLATE: Record<string, keyof AllegationFacts> = {
  "right type": "rightType",
  "rights holder": "rightsHolder",
  product: "product",
  violator: "violatorName",
  website: "violatorWebsite",
  address: "violatorAddress",
};

/** The structured fields an e-mail gives (template lines), the rest left for triage. */
export function emailFacts(email: ParsedEmail): AllegationFacts {
  const found: Record<string, string> = {};
  for (const line of email.text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z ]{3,20}):\s*(.+?)\s*$/.exec(line);
    const key = match ? TEMPLATE[match[1]!.toLowerCase().trim()] : undefined;
    if (key && !(key in found)) found[key] = match![2]!.slice(0, 500);
  }
  const rightType = found.rightType?.toUpperCase().replace(/[\s-]+/g, "_");
  const narrative = [email.subject, email.text].filter(Boolean).join("\n\n");
  return {
    rightType: (RIGHT_TYPES as readonly string[]).includes(rightType ?? "") ? (rightType as RightType) : null,
    rightsHolder: found.rightsHolder ?? null,
    product: found.product ?? null,
    violatorName: found.violatorName ?? null,
    violatorWebsite: found.violatorWebsite ?? null,
    violatorAddress: found.violatorAddress ?? null,
    narrative: (narrative || `(${email.attachments.length} attachments, no text)`).slice(0, 20_000),
    allegant: { name: email.from.name, email: email.from.address },
  };
}

/**
 * Takes one raw message (or, for a file over the size limit, its size and hash): an allegation
 * with its evidence, or a quarantine row; stored before it returns.
 */
export async function takeEmail(
  services: IprServices,
  message: Buffer | { size: number; sha256: string },
  origin: EmailOrigin,
): Promise<EmailOutcome> {
  const raw = Buffer.isBuffer(message) ? message : undefined;
  const held = Buffer.isBuffer(message) ? undefined : message;
  const sha256 = raw ? createHash("sha256").update(raw).digest("hex") : held!.sha256;
  const size = raw ? raw.length : held!.size;
  const seen = await alreadyTaken(services.store.db, sha256);
  if (seen) return seen;
  const parsed = raw ? await parseEmail(raw) : ({ ok: false, reason: overSize(size) } as const);
  const { clock } = services;
  const outcome = await services.store
    .transaction(async (tx) => {
      const again = await alreadyTaken(tx, sha256);
      if (again) return again;
      if (!parsed.ok) return quarantine(tx, services, raw, size, sha256, origin, parsed.reason);
      const email = parsed.email;
      const allegationId = await recordAllegation(tx, clock, emailFacts(email), "EMAIL", {
        staff: origin.staff,
      });
      for (const attachment of email.attachments) {
        const stored = await storeEvidence(
          tx,
          clock,
          allegationId,
          attachment.fileName,
          attachment.content,
          "EMAIL",
        );
        // An attachment the evidence checks refuse sends the whole message to quarantine.
        if (!stored.ok) throw new AttachmentRefused(`attachment ${stored.fileName}: ${stored.rule}`);
      }
      await tx.insert(iprEmail).values({
        sha256,
        source: origin.source,
        fileName: origin.fileName ?? null,
        messageId: email.messageId,
        fromAddress: email.from.address,
        subject: email.subject,
        receivedAt: clock.now(),
        allegationId,
        raw: parsed.raw,
        enteredBy: origin.staff?.username ?? null,
      });
      await writeAudit(tx, clock, {
        component: COMPONENT,
        eventType: "IPR_EMAIL_RECEIVED",
        outcome: "SUCCESS",
        actorUser: origin.staff?.username ?? null,
        subject: `ipr:${allegationId}`,
        purpose: "IPR allegation intake",
        details: { source: origin.source, sha256, attachments: email.attachments.length },
      });
      return { kind: "ALLEGATION", allegationId, duplicate: false } as const;
    })
    .catch(async (error: unknown) => {
      if (error instanceof AttachmentRefused) return { refused: error.message } as const;
      // The same message taken at the same moment by another request: its row answers.
      const meanwhile = await alreadyTaken(services.store.db, sha256);
      if (meanwhile) return meanwhile;
      throw error;
    });
  if ("refused" in outcome) {
    // The allegation's transaction was rolled back; the message goes to quarantine instead.
    return services.store.transaction((tx) =>
      quarantine(tx, services, raw, size, sha256, origin, outcome.refused),
    );
  }
  return outcome;
}

class AttachmentRefused extends Error {}

async function alreadyTaken(
  db: Tx | IprServices["store"]["db"],
  sha256: string,
): Promise<EmailOutcome | undefined> {
  const [email] = await db
    .select({ allegationId: iprEmail.allegationId })
    .from(iprEmail)
    .where(eq(iprEmail.sha256, sha256));
  if (email) return { kind: "ALLEGATION", allegationId: email.allegationId, duplicate: true };
  const [held] = await db
    .select({ id: iprMailQuarantine.id, reason: iprMailQuarantine.reason })
    .from(iprMailQuarantine)
    .where(eq(iprMailQuarantine.sha256, sha256));
  if (held) return { kind: "QUARANTINED", quarantineId: held.id, reason: held.reason, duplicate: true };
  return undefined;
}

async function quarantine(
  tx: Tx,
  services: IprServices,
  raw: Buffer | undefined,
  size: number,
  sha256: string,
  origin: EmailOrigin,
  reason: string,
): Promise<EmailOutcome> {
  const [row] = await tx
    .insert(iprMailQuarantine)
    .values({
      sha256,
      source: origin.source,
      fileName: origin.fileName ?? null,
      sizeBytes: size,
      reason,
      raw: raw && raw.length <= EMAIL_MAX_BYTES ? raw : null,
      receivedAt: services.clock.now(),
      enteredBy: origin.staff?.username ?? null,
    })
    .returning({ id: iprMailQuarantine.id });
  await writeAudit(tx, services.clock, {
    component: COMPONENT,
    eventType: "IPR_EMAIL_QUARANTINED",
    outcome: "FAILURE",
    actorUser: origin.staff?.username ?? null,
    subject: `ipr-quarantine:${row!.id}`,
    purpose: "IPR allegation intake",
    details: { source: origin.source, reason, sha256 },
  });
  return { kind: "QUARANTINED", quarantineId: row!.id, reason, duplicate: false };
}

/** The quarantine for staff (audited): what came in, when, from where, and why it was held. */
export async function listQuarantine(services: IprServices, staff: StaffPrincipal) {
  const rows = await services.store.db
    .select({
      id: iprMailQuarantine.id,
      source: iprMailQuarantine.source,
      fileName: iprMailQuarantine.fileName,
      sizeBytes: iprMailQuarantine.sizeBytes,
      sha256: iprMailQuarantine.sha256,
      reason: iprMailQuarantine.reason,
      receivedAt: iprMailQuarantine.receivedAt,
      enteredBy: iprMailQuarantine.enteredBy,
    })
    .from(iprMailQuarantine)
    .orderBy(desc(iprMailQuarantine.id))
    .limit(1000);
  await auditStaffRead(services, staff, "IPR_QUARANTINE_LISTED", {
    purpose: "IPR allegation intake",
    details: { count: rows.length },
  });

  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
}
