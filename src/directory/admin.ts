import { and, asc, eq, isNull } from "drizzle-orm";
import { writeAudit } from "../platform/audit/index.js";
import type { Clock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import type { Executor, Store } from "../platform/store/store.js";
import { issueApiKey } from "./agencies.js";
import { agency, agencyApiKey, fieldOffice, fieldOfficeAor } from "./schema.js";

/**
 * The directory as administrators and the desks see it: agencies with their field office,
 * key rotation (a new key works at once, the old one until it is revoked) and revocation,
 * and the offices with their areas of responsibility.
 */
const COMPONENT = "directory";

export async function listAgencies(db: Executor) {
  const rows = await db
    .select({
      ori: agency.ori,
      name: agency.name,
      state: agency.state,
      createdAt: agency.createdAt,
      disabledAt: agency.disabledAt,
      fieldOffice: fieldOffice.code,
    })
    .from(agency)
    .leftJoin(fieldOfficeAor, eq(fieldOfficeAor.state, agency.state))
    .leftJoin(fieldOffice, eq(fieldOffice.code, fieldOfficeAor.officeCode))
    .orderBy(asc(agency.ori));
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    disabledAt: r.disabledAt?.toISOString() ?? null,
  }));
}

export async function listKeys(db: Executor, ori: string) {
  await requireAgency(db, ori);
  const rows = await db
    .select()
    .from(agencyApiKey)
    .where(eq(agencyApiKey.ori, ori))
    .orderBy(asc(agencyApiKey.id));
  return rows.map((r) => ({
    keyId: r.keyId,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

async function requireAgency(db: Executor, ori: string) {
  const [row] = await db.select({ ori: agency.ori }).from(agency).where(eq(agency.ori, ori));
  if (!row) throw Errors.notFound(`agency ${ori}`);
}

/** Issues an additional key: the agency switches to it, then the old one is revoked. */
export async function rotateKey(store: Store, clock: Clock, actor: string, ori: string) {
  return store.transaction(async (tx) => {
    await requireAgency(tx, ori);
    const apiKey = await issueApiKey(tx, clock, ori);
    const keyId = apiKey.split("_")[2]!;
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "AGENCY_KEY_ISSUED",
      outcome: "SUCCESS",
      actorUser: actor,
      actorOri: ori,
      subject: `agency:${ori}`,
      purpose: "agency administration",
      details: { keyId },
    });
    return { ori, keyId, apiKey };
  });
}

export async function revokeKey(store: Store, clock: Clock, actor: string, ori: string, keyId: string) {
  return store.transaction(async (tx) => {
    const rows = await tx
      .update(agencyApiKey)
      .set({ revokedAt: clock.now() })
      .where(and(eq(agencyApiKey.ori, ori), eq(agencyApiKey.keyId, keyId), isNull(agencyApiKey.revokedAt)))
      .returning({ id: agencyApiKey.id });
    if (rows.length === 0) throw Errors.notFound(`active key ${keyId} of agency ${ori}`);
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "AGENCY_KEY_REVOKED",
      outcome: "SUCCESS",
      actorUser: actor,
      actorOri: ori,
      subject: `agency:${ori}`,
      purpose: "agency administration",
      details: { keyId },
    });
    return { ori, keyId, revoked: true };
  });
}

export async function listOffices(db: Executor) {
  const offices = await db.select().from(fieldOffice).orderBy(asc(fieldOffice.kind), asc(fieldOffice.code));
  const aor = await db.select().from(fieldOfficeAor).orderBy(asc(fieldOfficeAor.state));
  return offices.map((office) => ({
    ...office,
    areaOfResponsibility: aor.filter((a) => a.officeCode === office.code).map((a) => a.state),
  }));
}
