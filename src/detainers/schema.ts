import { bigint, boolean, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const PROBABLE_CAUSES = [
  "FINAL_ORDER",
  "PENDING_PROCEEDINGS",
  "BIOMETRIC_AND_RECORDS",
  "STATEMENTS_OR_EVIDENCE",
] as const;
export type ProbableCause = (typeof PROBABLE_CAUSES)[number];
export type DetainerStatus =
  | "ISSUED"
  | "SERVED"
  | "HONORED"
  | "DECLINED"
  | "CUSTODY_TRANSFERRED"
  | "CANCELLED"
  | "EXPIRED";

export const detainer = pgTable("detainer", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  hitId: bigint("hit_id", { mode: "number" }),
  inquiryId: bigint("inquiry_id", { mode: "number" }),
  violatorId: bigint("violator_id", { mode: "number" }),
  subject: jsonb("subject").$type<DetainerSubject>().notNull(),
  holdingAgencyOri: text("holding_agency_ori").notNull(),
  probableCause: text("probable_cause").array().$type<ProbableCause[]>().notNull(),
  custodyTransfer: boolean("custody_transfer").notNull(),
  warrantForm: text("warrant_form").$type<"I-200" | "I-205">().notNull(),
  warrantNumber: text("warrant_number").notNull(),
  warrantSignedBy: text("warrant_signed_by").notNull(),
  lodgedBy: text("lodged_by").notNull(),
  lodgedAt: timestamp("lodged_at", { withTimezone: true, mode: "date" }).notNull(),
  status: text("status").$type<DetainerStatus>().notNull(),
  statusAt: timestamp("status_at", { withTimezone: true, mode: "date" }).notNull(),
  holdExpiresAt: timestamp("hold_expires_at", { withTimezone: true, mode: "date" }),
});

/** Who the detainer is for, as the form's header gives it. */
export interface DetainerSubject {
  name: string;
  dob: string | null;
  sex: string | null;
  nic: string | null;
  arn: string | null;
  citizenship: string | null;
}

export const detainerEvent = pgTable("detainer_event", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  detainerId: bigint("detainer_id", { mode: "number" }).notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  status: text("status").$type<DetainerStatus>().notNull(),
  actor: text("actor").notNull(),
  note: text("note"),
});
