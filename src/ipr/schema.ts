import { bigint, customType, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const RIGHT_TYPES = ["TRADEMARK", "COPYRIGHT", "PATENT", "TRADE_SECRET"] as const;
export type RightType = (typeof RIGHT_TYPES)[number];
export type IprChannel = "WEB" | "EMAIL" | "HOTLINE";
export const IPR_STATUSES = ["OPEN", "CLOSED", "JUNK"] as const;
export type IprStatus = (typeof IPR_STATUSES)[number];

/** Why two allegations were linked: each a rule and the values that met it. */
export interface MatchReason {
  rule: "VIOLATOR_NAME" | "WEBSITE_HOST" | "ADDRESS";
  detail: string;
}

/** bytea as a Buffer (pg gives a Buffer, PGlite a Uint8Array: both become a Buffer). */
const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: "number" });

export const iprAllegation = pgTable("ipr_allegation", {
  id: id(),
  receiptHash: text("receipt_hash"),
  channel: text("channel").$type<IprChannel>().notNull(),
  rightType: text("right_type").$type<RightType>(),
  rightsHolder: text("rights_holder"),
  product: text("product"),
  violatorName: text("violator_name"),
  violatorWebsite: text("violator_website"),
  violatorHost: text("violator_host"),
  violatorAddress: text("violator_address"),
  narrative: text("narrative").notNull(),
  allegant: jsonb("allegant").$type<Record<string, string>>(),
  receivedAt: at("received_at").notNull(),
  status: text("status").$type<IprStatus>().notNull(),
  owningPartner: text("owning_partner").notNull(),
  ownerRule: text("owner_rule").notNull(),
  rulesVersion: text("rules_version").notNull(),
  enteredBy: text("entered_by"),
  closedAt: at("closed_at"),
  closedBy: text("closed_by"),
  closingAnswer: text("closing_answer"),
  junkReason: text("junk_reason"),
});

export const iprMessage = pgTable("ipr_message", {
  id: id(),
  allegationId: ref("allegation_id").notNull(),
  at: at("at").notNull(),
  author: text("author").$type<"ALLEGANT" | "STAFF">().notNull(),
  staffUser: text("staff_user"),
  text: text("text").notNull(),
});

export const iprEvidence = pgTable("ipr_evidence", {
  id: id(),
  allegationId: ref("allegation_id").notNull(),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  sha256: text("sha256").notNull(),
  content: bytes("content").notNull(),
  source: text("source").$type<"WEB" | "EMAIL" | "STAFF">().notNull(),
  receivedAt: at("received_at").notNull(),
  uploadedBy: text("uploaded_by"),
});

export const iprEmail = pgTable("ipr_email", {
  id: id(),
  sha256: text("sha256").notNull(),
  source: text("source").$type<"API" | "FOLDER">().notNull(),
  fileName: text("file_name"),
  messageId: text("message_id"),
  fromAddress: text("from_address").notNull(),
  subject: text("subject"),
  receivedAt: at("received_at").notNull(),
  allegationId: ref("allegation_id").notNull(),
  raw: bytes("raw").notNull(),
  enteredBy: text("entered_by"),
});

export const iprMailQuarantine = pgTable("ipr_mail_quarantine", {
  id: id(),
  sha256: text("sha256").notNull(),
  source: text("source").$type<"API" | "FOLDER">().notNull(),
  fileName: text("file_name"),
  sizeBytes: integer("size_bytes").notNull(),
  reason: text("reason").notNull(),
  raw: bytes("raw"),
  receivedAt: at("received_at").notNull(),
  enteredBy: text("entered_by"),
});

export const iprLink = pgTable("ipr_link", {
  id: id(),
  allegationId: ref("allegation_id").notNull(),
  linkedTo: ref("linked_to").notNull(),
  reasons: jsonb("reasons").$type<MatchReason[]>().notNull(),
  createdAt: at("created_at").notNull(),
});

export const iprNotification = pgTable("ipr_notification", {
  id: id(),
  partner: text("partner").notNull(),
  allegationId: ref("allegation_id").notNull(),
  aboutAllegationId: ref("about_allegation_id").notNull(),
  reasons: jsonb("reasons").$type<MatchReason[]>().notNull(),
  createdAt: at("created_at").notNull(),
});
