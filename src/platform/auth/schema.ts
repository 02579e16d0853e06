import { bigint, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const ROLES = [
  "technician",
  "agent",
  "supervisor",
  "records",
  "tip_operator",
  "analyst",
  "auditor",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];

export const staffUser = pgTable("staff_user", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  username: text("username").notNull(),
  role: text("role").$type<Role>().notNull(),
  passwordHash: text("password_hash").notNull(),
  totpSecret: text("totp_secret").notNull(),
  totpLastStep: bigint("totp_last_step", { mode: "number" }).notNull(),
  failedAttempts: integer("failed_attempts").notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
  disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  /** A field office's code for staff scoped to its area of responsibility; null: national. */
  fieldOffice: text("field_office"),
});

export const staffSession = pgTable("staff_session", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  tokenHash: text("token_hash").notNull(),
  userId: bigint("user_id", { mode: "number" }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull(),
  endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  endReason: text("end_reason"),
});
