import { sql } from "drizzle-orm";
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
import { writeAudit, writeAudits } from "../platform/audit/index.js";
import { type Clock, DAY } from "../platform/clock.js";
import type { Settled } from "../platform/store/group-commit.js";
import type { Store, Tx } from "../platform/store/store.js";
import { deliver, deliverAll } from "./mailbox.js";
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
/** A handler that takes all of a batch's messages of its type at once (multi-row writes). */
export type BatchMessageHandler = (tx: Tx, accepted: readonly AcceptedMessage[]) => Promise<void>;

export interface SwitchOptions {
  /** lesc's own 9-character ORI, accepted as a destination beside the line ORI AX. */
  ownOri?: string | undefined;
  handlers: Partial<Record<NletsMessage["type"], MessageHandler>>;
  /** Preferred over `handlers` for a type that has both. */
  batchHandlers?: Partial<Record<NletsMessage["type"], BatchMessageHandler>>;
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
  const [settled] = await acceptMessages(store, clock, [inbound], options);
  if (settled!.ok) return settled!.value;
  throw settled!.error;
}

/**
 * Accepts a batch of messages (the switch's group commit, `GroupCommit` in app.ts): every valid message is
 * stored, acknowledged, handed to its module and audited in one transaction, with one
 * statement per table for the whole batch. If that transaction fails, each message is tried
 * again alone, so one message's failure is its own. Malformed and wrong-sender messages take
 * their own short transactions, as before. Results come back in the order given.
 */
export async function acceptMessages(
  store: Store,
  clock: Clock,
  inbounds: readonly InboundMessage[],
  options: SwitchOptions,
): Promise<Settled<Acceptance>[]> {
  const parseOptions: IaqParseOptions = options.ownOri === undefined ? {} : { ownOri: options.ownOri };
  const results: Settled<Acceptance>[] = new Array(inbounds.length);
  const valid: { index: number; inbound: InboundMessage; message: NletsMessage }[] = [];
  for (const [index, inbound] of inbounds.entries()) {
    const parsed: NletsParse =
      inbound.contentType === "xml"
        ? asNlets(parseIaqXml(inbound.body, parseOptions))
        : parseNletsText(inbound.body, parseOptions);
    const claimed = parsed.ok ? headerOf(parsed.message).ori : parsed.echo.ori;
    if (claimed !== undefined && claimed !== inbound.senderOri) {
      results[index] = await settle(() => refuseWrongSender(store, clock, inbound, claimed));
    } else if (!parsed.ok) {
      results[index] = await settle(() => rejectMessage(store, clock, inbound, parsed));
    } else {
      valid.push({ index, inbound, message: parsed.message });
    }
  }
  if (valid.length === 0) return results;
  try {
    const accepted = await store.transaction((tx) => storeValid(tx, clock, valid, options));
    for (const [i, item] of valid.entries()) results[item.index] = { ok: true, value: accepted[i]! };
  } catch (error) {
    if (valid.length === 1) {
      results[valid[0]!.index] = { ok: false, error };
      return results;
    }
    for (const item of valid) {
      results[item.index] = await settle(async () => {
        const [one] = await store.transaction((tx) => storeValid(tx, clock, [item], options));
        return one!;
      });
    }
  }
  return results;
}

async function settle<T>(work: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

async function refuseWrongSender(
  store: Store,
  clock: Clock,
  inbound: InboundMessage,
  claimed: string,
): Promise<Acceptance> {
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

type Accepted = Extract<Acceptance, { outcome: "ACCEPTED" }>;

/** A valid message's sender and control field, read once for the whole batch. */
interface Keyed {
  inbound: InboundMessage;
  message: NletsMessage;
  header: ReturnType<typeof headerOf>;
  /** `sender*control field`, the idempotency key; undefined without a control field. */
  key: string | undefined;
}

/** Stores valid messages, their control fields and ACKs, runs the handlers and audits. */
async function storeValid(
  tx: Tx,
  clock: Clock,
  batch: readonly { inbound: InboundMessage; message: NletsMessage }[],
  options: SwitchOptions,
): Promise<Accepted[]> {
  const now = clock.now();
  const items: Keyed[] = batch.map(({ inbound, message }) => {
    const header = headerOf(message);
    const key = header.controlField === undefined ? undefined : `${inbound.senderOri}*${header.controlField}`;
    return { inbound, message, header, key };
  });
  const earlier = await firstWithin(tx, items, new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS));
  // Each message is new, a re-send of one stored before, or a re-send of one in this batch.
  type Slot = { stored: Accepted } | { fresh: number; duplicate: boolean };
  const slots: Slot[] = [];
  const fresh: Keyed[] = [];
  const firstInBatch = new Map<string, number>();
  for (const item of items) {
    const stored = item.key === undefined ? undefined : earlier.get(item.key);
    const inBatch = item.key === undefined ? undefined : firstInBatch.get(item.key);
    if (stored) slots.push({ stored: { outcome: "ACCEPTED", ...stored, duplicate: true } });
    else if (inBatch !== undefined) slots.push({ fresh: inBatch, duplicate: true });
    else {
      if (item.key !== undefined) firstInBatch.set(item.key, fresh.length);
      slots.push({ fresh: fresh.length, duplicate: false });
      fresh.push(item);
    }
  }
  if (fresh.length === 0) return slots.map((slot) => (slot as { stored: Accepted }).stored);
  const stored = await tx
    .insert(nletsMessage)
    .values(
      fresh.map(({ inbound, header }) => ({
        senderOri: inbound.senderOri,
        mke: header.mke,
        controlField: header.controlField ?? null,
        contentType: inbound.contentType,
        body: inbound.body,
        outcome: "ACCEPTED" as const,
        receivedAt: now,
      })),
    )
    .returning({ id: nletsMessage.id });
  // A VALUES list is inserted, and returned, in its order.
  const accepted: AcceptedMessage[] = fresh.map(({ inbound, message }, i) => ({
    messageId: stored[i]!.id,
    senderOri: inbound.senderOri,
    message,
  }));
  const controlFields = fresh.flatMap(({ inbound, header }, i) =>
    header.controlField === undefined
      ? []
      : [
          {
            senderOri: inbound.senderOri,
            controlField: header.controlField,
            messageId: accepted[i]!.messageId,
            receivedAt: now,
          },
        ],
  );
  if (controlFields.length > 0) {
    await tx
      .insert(nletsControlField)
      .values(controlFields)
      .onConflictDoUpdate({
        target: [nletsControlField.senderOri, nletsControlField.controlField],
        set: { messageId: sql`excluded.message_id`, receivedAt: sql`excluded.received_at` },
      });
  }
  const acks = fresh.map(({ inbound, header }, i) =>
    formatAckText(
      ackFor(replyTo(inbound.senderOri, header.controlField), header.mke, String(accepted[i]!.messageId)),
    ),
  );
  await deliverAll(
    tx,
    clock,
    fresh.map(({ inbound, header }, i) => {
      const { messageId } = accepted[i]!;
      return {
        recipientOri: inbound.senderOri,
        type: "ACK" as const,
        inReplyTo: messageId,
        text: acks[i]!,
        data: { messageId, acknowledges: header.mke, controlField: header.controlField ?? null },
      };
    }),
  );
  for (const type of new Set(accepted.map((a) => a.message.type))) {
    const ofType = accepted.filter((a) => a.message.type === type);
    const batchHandler = options.batchHandlers?.[type];
    const handler = options.handlers[type];
    if (batchHandler) await batchHandler(tx, ofType);
    else if (handler) for (const one of ofType) await handler(tx, one);
  }
  await writeAudits(
    tx,
    clock,
    fresh.map(({ inbound, message, header }, i) => ({
      component: COMPONENT,
      eventType: "MESSAGE_ACCEPTED",
      outcome: "SUCCESS" as const,
      actorOri: inbound.senderOri,
      subject: `message:${accepted[i]!.messageId}`,
      purpose:
        message.type === "IAQ"
          ? purposeOf(message.iaq.pur)
          : message.type === "YQ"
            ? "NCIC hit confirmation"
            : null,
      details: { mke: header.mke, controlField: header.controlField ?? null },
    })),
  );
  return slots.map((slot) =>
    "stored" in slot
      ? slot.stored
      : {
          outcome: "ACCEPTED",
          messageId: accepted[slot.fresh]!.messageId,
          ack: acks[slot.fresh]!,
          duplicate: slot.duplicate,
        },
  );
}

function asNlets(parsed: ReturnType<typeof parseIaqXml>): NletsParse {
  return parsed.ok ? { ok: true, message: { type: "IAQ", iaq: parsed.iaq } } : parsed;
}

/** PUR C and F as the audit log's stated purpose. */
function purposeOf(pur: "C" | "F"): string {
  return pur === "C" ? "criminal justice" : "firearms (NICS/Brady) check";
}

/**
 * Takes each key's control-field lock (in lock order, so two batches never wait on each
 * other crosswise), then finds the messages stored under those keys since `since`.
 */
async function firstWithin(
  tx: Tx,
  items: readonly Keyed[],
  since: Date,
): Promise<Map<string, { messageId: number; ack: string }>> {
  const found = new Map<string, { messageId: number; ack: string }>();
  const keyed = items.filter((item) => item.key !== undefined);
  if (keyed.length === 0) return found;
  const unique = [...new Set(keyed.map((item) => item.key!))];
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(${CONTROL_FIELD_LOCK}, h)
        FROM (SELECT DISTINCT hashtext(k) AS h FROM jsonb_array_elements_text(${JSON.stringify(unique)}::jsonb) AS k ORDER BY h) AS locks`,
  );
  const pairs = JSON.stringify(
    keyed.map((item) => ({ k: item.key, s: item.inbound.senderOri, c: item.header.controlField })),
  );
  // A second statement, so it reads what was committed before the locks were granted. Each
  // key is looked up through the primary key (LATERAL): the embedded store has no autovacuum,
  // so without statistics the planner chose to scan and sort whole tables (240 ms at 80,000
  // mailbox rows, against under 1 ms).
  const { rows } = await tx.execute<{ key: string; messageId: number; ack: string }>(sql`
    SELECT k.k AS key, found.message_id AS "messageId", found.text AS ack
    FROM jsonb_to_recordset(${pairs}::jsonb) AS k(k text, s text, c text)
    CROSS JOIN LATERAL (
      SELECT cf.message_id, m.text
      FROM ${nletsControlField} cf
      JOIN ${mailboxMessage} m ON m.in_reply_to = cf.message_id AND m.type = 'ACK'
      WHERE cf.sender_ori = k.s AND cf.control_field = k.c AND cf.received_at > ${since}
      LIMIT 1
    ) AS found`);
  for (const row of rows) {
    found.set(row.key, { messageId: row.messageId, ack: row.ack });
  }
  return found;
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
