import { bigint, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const auditLog = pgTable("audit_log", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  component: text("component").notNull(),
  eventType: text("event_type").notNull(),
  actorUser: text("actor_user"),
  actorOri: text("actor_ori"),
  subject: text("subject"),
  outcome: text("outcome").$type<AuditOutcome>().notNull(),
  purpose: text("purpose"),
  details: jsonb("details").$type<Record<string, unknown>>().notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});

export type AuditOutcome = "SUCCESS" | "FAILURE" | "DENIED";
