import { and, type Column, eq, inArray, type SQL } from "drizzle-orm";
import type { StaffPrincipal } from "../platform/auth/index.js";
import { Errors } from "../platform/errors.js";
import type { Executor } from "../platform/store/store.js";
import { agency, fieldOfficeAor } from "./schema.js";

/**
 * Areas of responsibility. Staff tied to a field office (`lesc user add --field-office CODE`)
 * see only the traffic of agencies in the states their office covers; everyone else works
 * nationally. Out-of-area items answer 404, as if they did not exist.
 */

/** The agencies (ORIs) of the office's states, as a subquery. */
function areaOris(db: Executor, office: string) {
  return db
    .select({ ori: agency.ori })
    .from(agency)
    .innerJoin(fieldOfficeAor, eq(fieldOfficeAor.state, agency.state))
    .where(eq(fieldOfficeAor.officeCode, office));
}

/** A condition on an ORI column for the staff member's area; undefined for national staff. */
export function withinArea(db: Executor, staff: StaffPrincipal, oriColumn: Column): SQL | undefined {
  return staff.fieldOffice ? inArray(oriColumn, areaOris(db, staff.fieldOffice)) : undefined;
}

/** Throws 404 (`what`) unless the agency `ori` lies in the staff member's area. */
export async function requireWithinArea(
  db: Executor,
  staff: StaffPrincipal,
  ori: string,
  what: string,
): Promise<void> {
  if (!staff.fieldOffice) return;
  const [found] = await db
    .select({ ori: agency.ori })
    .from(agency)
    .innerJoin(fieldOfficeAor, eq(fieldOfficeAor.state, agency.state))
    .where(and(eq(agency.ori, ori), eq(fieldOfficeAor.officeCode, staff.fieldOffice)));
  if (!found) throw Errors.notFound(what);
}
