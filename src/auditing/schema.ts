import { bigint, boolean, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const auditReview = pgTable("audit_review", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  reviewedBy: text("reviewed_by").notNull(),
  reviewedAt: timestamp("reviewed_at", { withTimezone: true, mode: "date" }).notNull(),
  periodFrom: timestamp("period_from", { withTimezone: true, mode: "date" }).notNull(),
  periodTo: timestamp("period_to", { withTimezone: true, mode: "date" }).notNull(),
  entries: integer("entries").notNull(),
  failures: integer("failures").notNull(),
  chainOk: boolean("chain_ok").notNull(),
  findings: text("findings").notNull(),
});
