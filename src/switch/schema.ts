import { bigint, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export type MailboxType = "ACK" | "REJ" | "IAR" | "YQ" | "YR" | "DETAINER" | "AM";

/** Every message an agency sent, as it arrived, accepted or rejected. */
export const nletsMessage = pgTable("nlets_message", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  senderOri: text("sender_ori").notNull(),
  mke: text("mke").notNull(),
  controlField: text("control_field"),
  contentType: text("content_type").$type<"text" | "xml">().notNull(),
  body: text("body").notNull(),
  outcome: text("outcome").$type<"ACCEPTED" | "REJECTED">().notNull(),
  rejectField: text("reject_field"),
  rejectRule: text("reject_rule"),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** The first accepted message per sender and control field, for 24-hour idempotency. */
export const nletsControlField = pgTable("nlets_control_field", {
  senderOri: text("sender_ori").notNull(),
  controlField: text("control_field").notNull(),
  messageId: bigint("message_id", { mode: "number" }).notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** What lesc sends: each ORI's mailbox, kept until the recipient acknowledges it. */
export const mailboxMessage = pgTable("mailbox_message", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  recipientOri: text("recipient_ori").notNull(),
  type: text("type").$type<MailboxType>().notNull(),
  inReplyTo: bigint("in_reply_to", { mode: "number" }),
  copyOf: bigint("copy_of", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  text: text("text").notNull(),
  data: jsonb("data").$type<Record<string, unknown>>().notNull(),
  ackedAt: timestamp("acked_at", { withTimezone: true, mode: "date" }),
});
