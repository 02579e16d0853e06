import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { writeAudit } from "../platform/audit/index.js";
import { newSecret, sameHash, sha256Hex } from "../platform/auth/index.js";
import type { Clock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import type { Executor, Store } from "../platform/store/store.js";
import { agency, agencyApiKey, fieldOffice, officeApiKey } from "./schema.js";
import { isUsJurisdictionCode } from "./us-states.js";

/**
 * Law-enforcement agencies that may use the message switch, each identified by its ORI and
 * holding API keys. Keys are shown once and stored only as hashes; an agency may hold several
 * at a time so a key can be rotated without downtime.
 */
export const ORI_PATTERN = /^[A-Z]{2}[A-Z0-9]{7}$/;
export const ORI_RULE = "must be 9 characters: 2 letters, then 7 letters or digits (e.g. ZZ0000000)";
const COMPONENT = "directory";

export interface NewAgency {
  ori: string;
  name: string;
  state: string;
}

export function checkOri(ori: string, field = "ori"): string {
  if (!ORI_PATTERN.test(ori)) throw Errors.invalidField(field, ORI_RULE);
  return ori;
}

/** Checks a new agency's fields, throwing an error that names the first bad one. */
export function checkNewAgency(input: NewAgency): NewAgency {
  const ori = checkOri(input.ori);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw Errors.invalidField("name", "must be 1–200 characters");
  if (!isUsJurisdictionCode(input.state)) {
    throw Errors.invalidField("state", "must be a USPS state, district or territory code such as VT");
  }
  return { ori, name, state: input.state };
}

export async function registerAgency(
  store: Store,
  clock: Clock,
  input: NewAgency,
  actor: { user?: string } = {},
): Promise<{ ori: string; apiKey: string }> {
  const { ori, name } = checkNewAgency(input);
  return store.transaction(async (tx) => {
    const inserted = await tx
      .insert(agency)
      .values({ ori, name, state: input.state, createdAt: clock.now() })
      .onConflictDoNothing({ target: agency.ori })
      .returning({ ori: agency.ori });
    if (inserted.length === 0) throw Errors.conflict(`agency ${ori} is already registered`);
    const apiKey = await issueApiKey(tx, clock, ori);
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "AGENCY_REGISTERED",
      outcome: "SUCCESS",
      actorUser: actor.user ?? null,
      actorOri: ori,
      subject: `agency:${ori}`,
      purpose: "agency administration",
      details: { name, state: input.state },
    });
    return { ori, apiKey };
  });
}

/** Issues an additional key for the agency; its other keys keep working until revoked. */
export async function issueApiKey(tx: Executor, clock: Clock, ori: string): Promise<string> {
  const { keyId, secret, apiKey } = newApiKey();
  await tx.insert(agencyApiKey).values({ ori, keyId, keyHash: sha256Hex(secret), createdAt: clock.now() });
  return apiKey;
}

/** Issues a key with which a field office reads its mailbox (the IAR copies for its area). */
export async function issueOfficeKey(
  store: Store,
  clock: Clock,
  code: string,
  actor: { user?: string } = {},
): Promise<{ code: string; ori: string; apiKey: string }> {
  return store.transaction(async (tx) => {
    const [office] = await tx
      .select({ ori: fieldOffice.ori })
      .from(fieldOffice)
      .where(eq(fieldOffice.code, code));
    if (!office)
      throw Errors.invalidField("code", `must be the code of a field office or attaché (${code} is not)`);
    const { keyId, secret, apiKey } = newApiKey();
    await tx
      .insert(officeApiKey)
      .values({ officeOri: office.ori, keyId, keyHash: sha256Hex(secret), createdAt: clock.now() });
    await writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "OFFICE_KEY_ISSUED",
      outcome: "SUCCESS",
      actorUser: actor.user ?? null,
      actorOri: office.ori,
      subject: `office:${code}`,
      purpose: "agency administration",
    });
    return { code, ori: office.ori, apiKey };
  });
}

function newApiKey(): { keyId: string; secret: string; apiKey: string } {
  const keyId = randomBytes(6).toString("hex");
  const secret = newSecret();
  return { keyId, secret, apiKey: `lesc_ak_${keyId}_${secret}` };
}

export async function revokeApiKey(tx: Executor, clock: Clock, apiKey: string): Promise<boolean> {
  const parsed = parseApiKey(apiKey);
  if (!parsed) return false;
  const rows = await tx
    .update(agencyApiKey)
    .set({ revokedAt: clock.now() })
    .where(and(eq(agencyApiKey.keyId, parsed.keyId), isNull(agencyApiKey.revokedAt)))
    .returning({ id: agencyApiKey.id });
  return rows.length === 1;
}

function parseApiKey(apiKey: string): { keyId: string; secret: string } | undefined {
  const match = /^lesc_ak_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(apiKey);
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined;
}

/** Who holds a switch key: an agency, which sends and reads, or a field office, which reads. */
export interface KeyHolder {
  ori: string;
  kind: "AGENCY" | "OFFICE";
}

/** The holder of an API key, or undefined for an unknown, revoked or disabled key. */
export async function authenticateSwitchKey(db: Executor, apiKey: string): Promise<KeyHolder | undefined> {
  const parsed = parseApiKey(apiKey);
  if (!parsed) return undefined;
  const [row] = await db
    .select({ ori: agencyApiKey.ori, keyHash: agencyApiKey.keyHash })
    .from(agencyApiKey)
    .innerJoin(agency, eq(agency.ori, agencyApiKey.ori))
    .where(
      and(eq(agencyApiKey.keyId, parsed.keyId), isNull(agencyApiKey.revokedAt), isNull(agency.disabledAt)),
    );
  if (row)
    return sameHash(row.keyHash, sha256Hex(parsed.secret)) ? { ori: row.ori, kind: "AGENCY" } : undefined;
  const [office] = await db
    .select({ ori: officeApiKey.officeOri, keyHash: officeApiKey.keyHash })
    .from(officeApiKey)
    .where(and(eq(officeApiKey.keyId, parsed.keyId), isNull(officeApiKey.revokedAt)));
  return office && sameHash(office.keyHash, sha256Hex(parsed.secret))
    ? { ori: office.ori, kind: "OFFICE" }
    : undefined;
}

/** The ORI of an agency's API key, or undefined for an unknown, revoked or disabled key. */
export async function authenticateAgencyKey(db: Executor, apiKey: string): Promise<string | undefined> {
  const holder = await authenticateSwitchKey(db, apiKey);
  return holder?.kind === "AGENCY" ? holder.ori : undefined;
}

export async function findAgency(db: Executor, ori: string) {
  const [row] = await db.select().from(agency).where(eq(agency.ori, ori));
  return row;
}

export async function countAgencies(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(agency);
  return row?.n ?? 0;
}
