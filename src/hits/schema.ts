import { bigint, boolean, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";

export type HitStatus = "OPEN" | "WAITING" | "CONFIRMED" | "NOT_CONFIRMED" | "NO_RECORD";
export const OPEN_HIT_STATUSES: readonly HitStatus[] = ["OPEN", "WAITING"];

/** A hit confirmation case: the YQs of one requester about one record, and their answer. */
export const hitCase = pgTable("hit_case", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  nic: text("nic").notNull(),
  violatorId: bigint("violator_id", { mode: "number" }),
  requesterOri: text("requester_ori").notNull(),
  oca: text("oca").notNull(),
  controlField: text("control_field"),
  priority: text("priority").$type<"U" | "R">().notNull(),
  rno: smallint("rno").$type<1 | 2 | 3>().notNull(),
  subject: jsonb("subject").$type<Record<string, unknown>>().notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
  deadline: timestamp("deadline", { withTimezone: true, mode: "date" }).notNull(),
  status: text("status").$type<HitStatus>().notNull(),
  escalation: smallint("escalation").$type<0 | 50 | 80 | 100>().notNull(),
  policyViolation: boolean("policy_violation").notNull(),
  claimedBy: text("claimed_by"),
  answeredBy: text("answered_by"),
  answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }),
  until: timestamp("until", { withTimezone: true, mode: "date" }),
  narrative: text("narrative"),
});

export const hitRequest = pgTable("hit_request", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  caseId: bigint("case_id", { mode: "number" }).notNull(),
  messageId: bigint("message_id", { mode: "number" }).notNull(),
  rno: smallint("rno").$type<1 | 2 | 3>().notNull(),
  priority: text("priority").$type<"U" | "R">().notNull(),
  controlField: text("control_field"),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
});

export type HitEventKind =
  | "RECEIVED"
  | "REQUEST_JOINED"
  | "POLICY_VIOLATION"
  | "WARNING_50"
  | "WARNING_80"
  | "BREACH"
  | "ANSWERED"
  | "NO_RECORD";

export const hitEvent = pgTable("hit_event", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  caseId: bigint("case_id", { mode: "number" }).notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  kind: text("kind").$type<HitEventKind>().notNull(),
  actor: text("actor"),
  details: jsonb("details").$type<Record<string, unknown>>().notNull(),
});
