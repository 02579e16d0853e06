import { eq, sql } from "drizzle-orm";
import type { Executor } from "../platform/store/store.js";
import { OFFICES } from "./field-offices.js";
import { agency, fieldOffice, fieldOfficeAor } from "./schema.js";

/**
 * The office directory ships with lesc (field-offices.ts) and is written to the store at
 * start-up, so routing reads one source of truth and an operator can see it in SQL.
 */
export async function syncOfficeDirectory(tx: Executor): Promise<number> {
  for (const office of OFFICES) {
    const row = {
      code: office.code,
      kind: office.kind,
      name: office.name,
      city: office.city,
      state: office.state,
      country: office.country,
      ori: office.ori,
    };
    await tx.insert(fieldOffice).values(row).onConflictDoUpdate({ target: fieldOffice.code, set: row });
    for (const state of office.areaOfResponsibility) {
      await tx
        .insert(fieldOfficeAor)
        .values({ state, officeCode: office.code })
        .onConflictDoUpdate({ target: fieldOfficeAor.state, set: { officeCode: office.code } });
    }
  }
  return OFFICES.length;
}

/** The field office whose area of responsibility covers the agency's state. */
export async function fieldOfficeForAgency(db: Executor, ori: string) {
  const [row] = await db
    .select({ code: fieldOffice.code, name: fieldOffice.name, ori: fieldOffice.ori })
    .from(agency)
    .innerJoin(fieldOfficeAor, eq(fieldOfficeAor.state, agency.state))
    .innerJoin(fieldOffice, eq(fieldOffice.code, fieldOfficeAor.officeCode))
    .where(eq(agency.ori, ori));
  return row;
}

export async function countOffices(
  db: Executor,
): Promise<{ fieldOffices: number; attaches: number; countries: number }> {
  const [row] = await db
    .select({
      fieldOffices: sql<number>`count(*) FILTER (WHERE kind = 'FIELD_OFFICE')::int`,
      attaches: sql<number>`count(*) FILTER (WHERE kind = 'ATTACHE')::int`,
      countries: sql<number>`count(DISTINCT country) FILTER (WHERE kind = 'ATTACHE')::int`,
    })
    .from(fieldOffice);
  return row!;
}
