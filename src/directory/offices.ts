import { eq, inArray, sql } from "drizzle-orm";
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
  return (await fieldOfficesForAgencies(db, [ori])).get(ori);
}

export type OfficeOfAgency = { code: string; name: string; ori: string };

/** Each agency's field office (by the agency's state), for several agencies in one query. */
export async function fieldOfficesForAgencies(
  db: Executor,
  oris: readonly string[],
): Promise<Map<string, OfficeOfAgency>> {
  if (oris.length === 0) return new Map();
  const rows = await db
    .select({ agency: agency.ori, code: fieldOffice.code, name: fieldOffice.name, ori: fieldOffice.ori })
    .from(agency)
    .innerJoin(fieldOfficeAor, eq(fieldOfficeAor.state, agency.state))
    .innerJoin(fieldOffice, eq(fieldOffice.code, fieldOfficeAor.officeCode))
    .where(inArray(agency.ori, [...new Set(oris)]));
  return new Map(rows.map(({ agency: ori, ...office }) => [ori, office]));
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
