import { bigint, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { RecordSource } from "./record.js";

export const matchKey = pgTable("match_key", {
  source: text("source").$type<RecordSource>().notNull(),
  recordId: bigint("record_id", { mode: "number" }).notNull(),
  keys: integer("keys").array().notNull(),
});

export const nameToken = pgTable("name_token", {
  token: text("token").primaryKey(),
  names: integer("names").notNull(),
});

export const matchIndexState = pgTable("match_index_state", {
  id: integer("id").primaryKey(),
  names: bigint("names", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
});
