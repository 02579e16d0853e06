import { bigint, date, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { Sex } from "../records/index.js";

export const VIOLATOR_CATEGORIES = ["DEPORTED_FELON", "ABSCONDER", "ICE_CRIMINAL_WARRANT"] as const;
export type ViolatorCategory = (typeof VIOLATOR_CATEGORIES)[number];
export type ViolatorStatus = "PENDING_CHECK" | "ACTIVE" | "CANCELLED" | "CLEARED" | "RETIRED";

/** The Immigration Violator File. */
export const violatorRecord = pgTable("violator_record", {
  id: bigint("id", { mode: "number" }).primaryKey(),
  nic: text("nic").notNull(),
  oca: text("oca").notNull(),
  category: text("category").$type<ViolatorCategory>().notNull(),
  status: text("status").$type<ViolatorStatus>().notNull(),
  lastName: text("last_name").notNull(),
  firstName: text("first_name").notNull(),
  middleName: text("middle_name"),
  dob: date("dob", { mode: "string" }).notNull(),
  sex: text("sex").$type<Sex>().notNull(),
  pob: text("pob"),
  aNumber: text("a_number"),
  fbiNumber: text("fbi_number"),
  remarks: text("remarks"),
  personId: bigint("person_id", { mode: "number" }),
  enteredBy: text("entered_by").notNull(),
  enteredAt: timestamp("entered_at", { withTimezone: true, mode: "date" }).notNull(),
  checkedBy: text("checked_by"),
  checkedAt: timestamp("checked_at", { withTimezone: true, mode: "date" }),
  lastValidatedAt: timestamp("last_validated_at", { withTimezone: true, mode: "date" }),
  lastValidatedBy: text("last_validated_by"),
  documents: jsonb("documents").$type<ViolatorDocument[]>().notNull(),
  locatedAt: timestamp("located_at", { withTimezone: true, mode: "date" }),
  locatingOri: text("locating_ori"),
  locatingOca: text("locating_oca"),
  closedAt: timestamp("closed_at", { withTimezone: true, mode: "date" }),
  closedBy: text("closed_by"),
  closedReason: text("closed_reason"),
});

/** A supporting document of a record: the warrant or removal order it rests on. */
export interface ViolatorDocument {
  kind: (typeof DOCUMENT_KINDS)[number];
  number: string;
  /** YYYY-MM-DD */
  date: string;
  issuedBy?: string;
}
export const DOCUMENT_KINDS = [
  "I-200",
  "I-205",
  "FINAL_ORDER",
  "CRIMINAL_WARRANT",
  "REMOVAL_RECORD",
] as const;

export type ViolatorAction =
  | "ENTERED"
  | "CHECKED"
  | "MODIFIED"
  | "CANCELLED"
  | "CLEARED"
  | "LOCATED"
  | "VALIDATED"
  | "RETIRED";

export const violatorHistory = pgTable("violator_history", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  violatorId: bigint("violator_id", { mode: "number" }).notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  action: text("action").$type<ViolatorAction>().notNull(),
  actor: text("actor").notNull(),
  changes: jsonb("changes").$type<Record<string, unknown>>().notNull(),
});
