import { bigint, boolean, date, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";

export const IMMIGRATION_STATUSES = [
  "LAWFUL_PERMANENT_RESIDENT",
  "NATURALIZED_CITIZEN",
  "NONIMMIGRANT_VISA",
  "VISA_OVERSTAY",
  "PENDING_REMOVAL_PROCEEDINGS",
  "FINAL_ORDER",
  "REMOVED",
] as const;
export type ImmigrationStatus = (typeof IMMIGRATION_STATUSES)[number];
export type Sex = "M" | "F" | "X" | "U";

/** The immigration index: one row per person known to immigration records. */
export const person = pgTable("person", {
  id: bigint("id", { mode: "number" }).primaryKey(),
  aNumber: text("a_number"),
  fbiNumber: text("fbi_number"),
  ssn: text("ssn"),
  lastName: text("last_name").notNull(),
  firstName: text("first_name").notNull(),
  middleName: text("middle_name"),
  dob: date("dob", { mode: "string" }),
  sex: text("sex").$type<Sex>().notNull(),
  countryOfBirth: text("country_of_birth"),
  citizenship: text("citizenship"),
  status: text("status").$type<ImmigrationStatus>().notNull(),
  statusDate: date("status_date", { mode: "string" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
});

export const immigrationEvent = pgTable("immigration_event", {
  personId: bigint("person_id", { mode: "number" }).notNull(),
  seq: smallint("seq").notNull(),
  kind: text("kind").$type<"ENTRY" | "EXIT">().notNull(),
  occurredOn: date("occurred_on", { mode: "string" }).notNull(),
  port: text("port").notNull(),
  document: text("document").notNull(),
});

export type NameSource = "PERSON" | "VIOLATOR";

/** Every name a record is known by, primary and aliases, in both files: what matching searches. */
export const subjectName = pgTable("subject_name", {
  source: text("source").$type<NameSource>().notNull(),
  recordId: bigint("record_id", { mode: "number" }).notNull(),
  ordinal: smallint("ordinal").notNull(),
  isPrimary: boolean("is_primary").notNull(),
  aliasKind: text("alias_kind"),
  lastName: text("last_name").notNull(),
  firstName: text("first_name").notNull(),
  middleName: text("middle_name"),
});
