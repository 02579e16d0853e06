import { bigint, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";

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

/** Where the chain continues after a retention purge: the last purged entry. */
export const auditAnchor = pgTable("audit_anchor", {
  id: smallint("id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
  purgedAt: timestamp("purged_at", { withTimezone: true, mode: "date" }).notNull(),
  purgedEntries: bigint("purged_entries", { mode: "number" }).notNull(),
});
