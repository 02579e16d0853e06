import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { OfficeKind } from "./field-offices.js";

export const agency = pgTable("agency", {
  ori: text("ori").primaryKey(),
  name: text("name").notNull(),
  state: text("state").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
});

export const agencyApiKey = pgTable("agency_api_key", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  ori: text("ori").notNull(),
  keyId: text("key_id").notNull(),
  keyHash: text("key_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
});

export const fieldOffice = pgTable("field_office", {
  code: text("code").primaryKey(),
  kind: text("kind").$type<OfficeKind>().notNull(),
  name: text("name").notNull(),
  city: text("city").notNull(),
  state: text("state"),
  country: text("country").notNull(),
  ori: text("ori").notNull(),
});

export const fieldOfficeAor = pgTable("field_office_aor", {
  state: text("state").primaryKey(),
  officeCode: text("office_code").notNull(),
});

/** Keys with which a field office reads its mailbox of IAR copies. */
export const officeApiKey = pgTable("office_api_key", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  officeOri: text("office_ori").notNull(),
  keyId: text("key_id").notNull(),
  keyHash: text("key_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
});
