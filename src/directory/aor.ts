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

/** The agencies (ORIs) of the office's states, or only `ori` if it is one of them. */
function areaOris(db: Executor, office: string, ori?: string) {
  return db
    .select({ ori: agency.ori })
    .from(agency)
    .innerJoin(fieldOfficeAor, eq(fieldOfficeAor.state, agency.state))
    .where(and(eq(fieldOfficeAor.officeCode, office), ori === undefined ? undefined : eq(agency.ori, ori)));
}

/** The office's states, or only `state` if it is one of them. */
function areaStates(db: Executor, office: string, state?: string) {
  return db
    .select({ state: fieldOfficeAor.state })
    .from(fieldOfficeAor)
    .where(
      and(
        eq(fieldOfficeAor.officeCode, office),
        state === undefined ? undefined : eq(fieldOfficeAor.state, state),
      ),
    );
}

/** A condition on an ORI column for the staff member's area; undefined for national staff. */
export function withinArea(db: Executor, staff: StaffPrincipal, oriColumn: Column): SQL | undefined {
  return staff.fieldOffice ? inArray(oriColumn, areaOris(db, staff.fieldOffice)) : undefined;
}

/** A condition on a state column (a tip's state) for the staff member's area; undefined for national staff. */
export function stateWithinArea(db: Executor, staff: StaffPrincipal, stateColumn: Column): SQL | undefined {
  return staff.fieldOffice ? inArray(stateColumn, areaStates(db, staff.fieldOffice)) : undefined;
}

/** Throws 404 (`what`) unless `state` (a tip's) lies in the staff member's area; no state is national. */
export async function requireStateWithinArea(
  db: Executor,
  staff: StaffPrincipal,
  state: string | null,
  what: string,
): Promise<void> {
  if (!staff.fieldOffice) return;
  const [found] = state === null ? [] : await areaStates(db, staff.fieldOffice, state);
  if (!found) throw Errors.notFound(what);
}

/** Throws 404 (`what`) unless the agency `ori` lies in the staff member's area. */
export async function requireWithinArea(
  db: Executor,
  staff: StaffPrincipal,
  ori: string,
  what: string,
): Promise<void> {
  if (!staff.fieldOffice) return;
  const [found] = await areaOris(db, staff.fieldOffice, ori);
  if (!found) throw Errors.notFound(what);
}
