import { bigint, boolean, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { IarResult } from "../messages/index.js";

export type InquiryStatus = "SEARCHING" | "RESEARCH" | "ANSWERED";
export type SlaState = "ON_TIME" | "WARNING" | "BREACHED";

/** One Immigration Alien Query and its research. */
export const inquiry = pgTable("inquiry", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  messageId: bigint("message_id", { mode: "number" }).notNull(),
  ori: text("ori").notNull(),
  controlField: text("control_field"),
  query: jsonb("query").$type<Record<string, unknown>>().notNull(),
  subjectName: text("subject_name").notNull(),
  inCustody: boolean("in_custody").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
  dueAt: timestamp("due_at", { withTimezone: true, mode: "date" }).notNull(),
  status: text("status").$type<InquiryStatus>().notNull(),
  preliminaryResult: text("preliminary_result").$type<IarResult>(),
  preliminaryAt: timestamp("preliminary_at", { withTimezone: true, mode: "date" }),
  candidates: jsonb("candidates").$type<unknown[]>().notNull(),
  enhanced: boolean("enhanced").notNull(),
  enhancedReasons: text("enhanced_reasons").array().notNull(),
  claimedBy: text("claimed_by"),
  claimedAt: timestamp("claimed_at", { withTimezone: true, mode: "date" }),
  finalResult: text("final_result").$type<IarResult>(),
  finalTemplate: text("final_template"),
  finalNarrative: text("final_narrative"),
  answeredBy: text("answered_by"),
  answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }),
  slaState: text("sla_state").$type<SlaState>().notNull(),
});

export type ContactMeans = "PHONE" | "RADIO" | "EMAIL" | "NLETS" | "IN_PERSON";
export const CONTACT_MEANS: readonly ContactMeans[] = ["PHONE", "RADIO", "EMAIL", "NLETS", "IN_PERSON"];

/** Enhanced response: a contact with the requesting officer. */
export const inquiryContact = pgTable("inquiry_contact", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  inquiryId: bigint("inquiry_id", { mode: "number" }).notNull(),
  recordedBy: text("recorded_by").notNull(),
  recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull(),
  contactedAt: timestamp("contacted_at", { withTimezone: true, mode: "date" }).notNull(),
  means: text("means").$type<ContactMeans>().notNull(),
  officer: text("officer").notNull(),
  agent: text("agent").notNull(),
  summary: text("summary").notNull(),
});

export type InquiryEventKind =
  | "RECEIVED"
  | "PRELIMINARY_SENT"
  | "CLAIMED"
  | "RELEASED"
  | "ENHANCED_FLAGGED"
  | "CONTACT_RECORDED"
  | "FINAL_SENT"
  | "SLA_WARNING"
  | "SLA_BREACH";

/** The inquiry's timeline, and the source of the supervisor's SLA alerts. */
export const inquiryEvent = pgTable("inquiry_event", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  inquiryId: bigint("inquiry_id", { mode: "number" }).notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  kind: text("kind").$type<InquiryEventKind>().notNull(),
  actor: text("actor"),
  details: jsonb("details").$type<Record<string, unknown>>().notNull(),
});
