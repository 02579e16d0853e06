import { bigint, boolean, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const TIP_CATEGORIES = [
  "IMMIGRATION",
  "CUSTOMS",
  "IPR",
  "CHILD_EXPLOITATION",
  "CYBER",
  "MONEY_LAUNDERING",
  "EXPORT_ARMS",
  "HUMAN_TRAFFICKING",
  "TERRORISM",
  "FRAUDULENT_DOCUMENTS",
  "OTHER",
] as const;
export type TipCategory = (typeof TIP_CATEGORIES)[number];
export const TIP_STATUSES = ["NEW", "REFERRED", "DUPLICATE", "JUNK", "CLOSED"] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];
/** Statuses a tip rests in; only these may be purged by retention. NEW and REFERRED are open. */
export const FINAL_TIP_STATUSES = ["DUPLICATE", "JUNK", "CLOSED"] as const;

export const tip = pgTable("tip", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  receiptHash: text("receipt_hash").notNull(),
  channel: text("channel").$type<"WEB" | "PHONE">().notNull(),
  category: text("category").$type<TipCategory>().notNull(),
  narrative: text("narrative").notNull(),
  location: text("location").$type<"INSIDE_US" | "OUTSIDE_US">(),
  state: text("state"),
  subject: jsonb("subject").$type<Record<string, string>>(),
  reporter: jsonb("reporter").$type<Record<string, string>>(),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
  status: text("status").$type<TipStatus>().notNull(),
  /** When the status last changed: retention per status counts from here. */
  statusAt: timestamp("status_at", { withTimezone: true, mode: "date" }).notNull(),
  lifeSafety: boolean("life_safety").notNull(),
  duplicateOf: bigint("duplicate_of", { mode: "number" }),
  junkReason: text("junk_reason"),
  enteredBy: text("entered_by"),
  rulesVersion: text("rules_version").notNull(),
  candidates: jsonb("candidates").$type<unknown[]>().notNull(),
});

export const tipMessage = pgTable("tip_message", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  tipId: bigint("tip_id", { mode: "number" }).notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  author: text("author").$type<"TIPSTER" | "STAFF">().notNull(),
  staffUser: text("staff_user"),
  text: text("text").notNull(),
});

export const tipReferral = pgTable("tip_referral", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  tipId: bigint("tip_id", { mode: "number" }).notNull(),
  recipient: text("recipient").notNull(),
  role: text("role").$type<"PRIMARY" | "INFO">().notNull(),
  status: text("status").$type<"OPEN" | "CLOSED">().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  closedAt: timestamp("closed_at", { withTimezone: true, mode: "date" }),
  closedBy: text("closed_by"),
  closingAnswer: text("closing_answer"),
});

/** Proof-of-work challenges already used: single use until they expire, whatever the process. */
export const tipPowSpent = pgTable("tip_pow_spent", {
  challenge: text("challenge").primaryKey(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** Keys the intake generates once (the challenge signing key), kept across restarts. */
export const intakeKey = pgTable("intake_key", {
  name: text("name").primaryKey(),
  secret: text("secret").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
});
