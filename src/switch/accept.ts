import { and, eq, gt, sql } from "drizzle-orm";
import {
  ackFor,
  formatAckText,
  formatRejText,
  headerOf,
  type IaqParseOptions,
  messageKeyOf,
  type NletsMessage,
  type NletsParse,
  parseIaqXml,
  parseNletsText,
  rejData,
  rejFor,
  replyTo,
} from "../messages/index.js";
import { writeAudit } from "../platform/audit/index.js";
import { type Clock, DAY } from "../platform/clock.js";
import type { Store, Tx } from "../platform/store/store.js";
import { deliver } from "./mailbox.js";
import { mailboxMessage, nletsControlField, nletsMessage } from "./schema.js";

/**
 * The switch's front door (contract §2.1): parse, check the sender, store the message and its
 * ACK in one transaction, hand it to its module, and only then answer. A rejected message is
 * stored whole with its REJ, or not at all.
 */
export interface InboundMessage {
  /** The ORI the caller's API key belongs to. */
  senderOri: string;
  contentType: "text" | "xml";
  body: string;
}

export interface AcceptedMessage {
  messageId: number;
  senderOri: string;
  message: NletsMessage;
}

/** What a module does with an accepted message, inside the accepting transaction. */
export type MessageHandler = (tx: Tx, accepted: AcceptedMessage) => Promise<void>;

export interface SwitchOptions {
  /** lesc's own 9-character ORI, accepted as a destination beside the line ORI AX. */
  ownOri?: string | undefined;
  handlers: Partial<Record<NletsMessage["type"], MessageHandler>>;
}

export type Acceptance =
  | { outcome: "ACCEPTED"; messageId: number; ack: string; duplicate: boolean }
  | { outcome: "REJECTED"; messageId: number; error: string; reject: string }
  | { outcome: "WRONG_SENDER"; claimed: string };

/** How long a control field makes a re-sent message a duplicate (contract: 24 hours). */
export const IDEMPOTENCY_WINDOW_MS = DAY;
const COMPONENT = "switch";
// Serialises acceptance per sender and control field, so a message sent twice at once is
// processed once.
const CONTROL_FIELD_LOCK = 0x1e5c_0003;

export async function acceptMessage(
  store: Store,
  clock: Clock,
  inbound: InboundMessage,
  options: SwitchOptions,
): Promise<Acceptance> {
  const parseOptions: IaqParseOptions = options.ownOri === undefined ? {} : { ownOri: options.ownOri };
  const parsed: NletsParse =
    inbound.contentType === "xml"
      ? asNlets(parseIaqXml(inbound.body, parseOptions))
      : parseNletsText(inbound.body, parseOptions);
  const claimed = parsed.ok ? headerOf(parsed.message).ori : parsed.echo.ori;
  if (claimed !== undefined && claimed !== inbound.senderOri) {
    await store.transaction((tx) =>
      writeAudit(tx, clock, {
        component: COMPONENT,
        eventType: "MESSAGE_WRONG_SENDER",
        outcome: "DENIED",
        actorOri: inbound.senderOri,
        subject: `ori:${claimed}`,
        details: { claimedOri: claimed },
      }),
    );
    return { outcome: "WRONG_SENDER", claimed };
  }
  if (!parsed.ok) return rejectMessage(store, clock, inbound, parsed);
  const { message } = parsed;
  const header = headerOf(message);
  const controlField = header.controlField;
  return store.transaction(async (tx) => {
    const now = clock.now();
    if (controlField !== undefined) {
      await tx.execute(
        sql`SELECT pg_advisory_xact_lock(${CONTROL_FIELD_LOCK}, hashtext(${`${inbound.senderOri}*${controlField}`}))`,
      );
      const first = await firstWithin(
        tx,
        inbound.senderOri,
        controlField,
        new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS),
      );
      if (first) return { outcome: "ACCEPTED" as const, ...first, duplicate: true };
    }
    const [stored] = await tx
      .insert(nletsMessage)
      .values({
        senderOri: inbound.senderOri,
        mke: header.mke,
        controlField: controlField ?? null,
        contentType: inbound.contentType,
        body: inbound.body,
        outcome: "ACCEPTED",
        receivedAt: now,
      })
      .returning({ id: nletsMessage.id });
    const messageId = stored!.id;
    if (controlField !== undefined) {
      const row = { senderOri: inbound.senderOri, controlField, messageId, receivedAt: now };
      await tx
        .insert(nletsControlField)
        .values(row)
        .onConflictDoUpdate({
          target: [nletsControlField.senderOri, nletsControlField.controlField],
          set: { messageId, receivedAt: now },
        });
    }
    const ack = ackFor(replyTo(inbound.senderOri, controlField), header.mke, String(messageId));
    const ackText = formatAckText(ack);
    await deliver(tx, clock, {
      recipientOri: inbound.senderOri,
      type: "ACK",
      inReplyTo: messageId,
      text: ackText,
      data: { messageId, acknowledges: header.mke, controlField: controlField ?? null },
    });
    const handler = options.handlers[message.type];
    if (handler) await handler(tx, { messageId, senderOri: inbound.senderOri, message });
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "MESSAGE_ACCEPTED",
      outcome: "SUCCESS",
      actorOri: inbound.senderOri,
      subject: `message:${messageId}`,
      purpose:
        message.type === "IAQ"
          ? purposeOf(message.iaq.pur)
          : message.type === "YQ"
            ? "NCIC hit confirmation"
            : null,
      details: { mke: header.mke, controlField: controlField ?? null },
    });
    return { outcome: "ACCEPTED" as const, messageId, ack: ackText, duplicate: false };
  });
}

function asNlets(parsed: ReturnType<typeof parseIaqXml>): NletsParse {
  return parsed.ok ? { ok: true, message: { type: "IAQ", iaq: parsed.iaq } } : parsed;
}

/** PUR C and F as the audit log's stated purpose. */
function purposeOf(pur: "C" | "F"): string {
  return pur === "C" ? "criminal justice" : "firearms (NICS/Brady) check";
}

async function firstWithin(
  tx: Tx,
  senderOri: string,
  controlField: string,
  since: Date,
): Promise<{ messageId: number; ack: string } | undefined> {
  const [row] = await tx
    .select({ messageId: nletsControlField.messageId, ack: mailboxMessage.text })
    .from(nletsControlField)
    .innerJoin(
      mailboxMessage,
      and(eq(mailboxMessage.inReplyTo, nletsControlField.messageId), eq(mailboxMessage.type, "ACK")),
    )
    .where(
      and(
        eq(nletsControlField.senderOri, senderOri),
        eq(nletsControlField.controlField, controlField),
        gt(nletsControlField.receivedAt, since),
      ),
    );
  return row;
}

async function rejectMessage(
  store: Store,
  clock: Clock,
  inbound: InboundMessage,
  failure: Extract<NletsParse, { ok: false }>,
): Promise<Acceptance> {
  const { reject, echo } = failure;
  const rej = rejFor(replyTo(inbound.senderOri, echo.controlField), reject);
  const data = rejData(rej);
  const messageId = await store.transaction(async (tx) => {
    const [stored] = await tx
      .insert(nletsMessage)
      .values({
        senderOri: inbound.senderOri,
        mke: (inbound.contentType === "xml" ? "IAQ" : messageKeyOf(inbound.body)?.slice(0, 8)) ?? "?",
        controlField: echo.controlField ?? null,
        contentType: inbound.contentType,
        // PostgreSQL text cannot hold NUL; the rest is kept as sent, for the record.
        body: inbound.body.replaceAll("\u0000", "\uFFFD"),
        outcome: "REJECTED",
        rejectField: reject.field,
        rejectRule: reject.rule,
        receivedAt: clock.now(),
      })
      .returning({ id: nletsMessage.id });
    const id = stored!.id;
    await deliver(tx, clock, {
      recipientOri: inbound.senderOri,
      type: "REJ",
      inReplyTo: id,
      text: formatRejText(rej),
      data: { ...data },
    });
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "MESSAGE_REJECTED",
      outcome: "FAILURE",
      actorOri: inbound.senderOri,
      subject: `message:${id}`,
      details: { field: reject.field, rule: reject.rule },
    });
    return id;
  });
  return { outcome: "REJECTED", messageId, error: data.error, reject: data.reject };
}
