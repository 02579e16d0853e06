import { bigint, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export type JobState = "ready" | "running" | "done" | "dead" | "cancelled";

export const job = pgTable("job", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  queue: text("queue").notNull(),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  state: text("state").$type<JobState>().notNull(),
  runAt: timestamp("run_at", { withTimezone: true, mode: "date" }).notNull(),
  attempts: integer("attempts").notNull(),
  maxAttempts: integer("max_attempts").notNull(),
  lockedBy: text("locked_by"),
  lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
  lastError: text("last_error"),
  timerKey: text("timer_key"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
});

export type Job = typeof job.$inferSelect;
