import { type Static, Type } from "@sinclair/typebox";
import { inArray } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { StoreMatcher } from "../matching/index.js";
import { writeAudit } from "../platform/audit/index.js";
import type { Clock } from "../platform/clock.js";
import type { HttpContext } from "../platform/http/index.js";
import type { Store } from "../platform/store/store.js";
import { COMPONENT } from "./file.js";
import { type ViolatorStatus, violatorRecord } from "./schema.js";

/**
 * Name search in the Violator File for the people who keep it: the identity engine, limited
 * to this file and showing every status (a record awaiting its check, cancelled or cleared is
 * still the records desk's business), with a stated purpose that is audited.
 */
export interface ViolatorSearch {
  purpose: string;
  last: string;
  first: string;
  dob?: string | undefined;
}

export interface ViolatorSearchHit {
  id: number;
  nic: string;
  status: ViolatorStatus;
  category: string;
  name: string;
  dob: string;
  score: number;
  decision: string;
}

export async function searchViolatorFile(
  store: Store,
  clock: Clock,
  matcher: StoreMatcher,
  actor: { username: string },
  search: ViolatorSearch,
): Promise<ViolatorSearchHit[]> {
  const found = await matcher.search(
    { names: [{ last: search.last, first: search.first }], dob: search.dob ?? null },
    { sources: ["VIOLATOR"], top: 20 },
  );
  const ids = found.map((candidate) => candidate.record.id);
  const rows =
    ids.length === 0
      ? []
      : await store.db
          .select({
            id: violatorRecord.id,
            nic: violatorRecord.nic,
            status: violatorRecord.status,
            category: violatorRecord.category,
            lastName: violatorRecord.lastName,
            firstName: violatorRecord.firstName,
            dob: violatorRecord.dob,
          })
          .from(violatorRecord)
          .where(inArray(violatorRecord.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const hits: ViolatorSearchHit[] = [];
  for (const candidate of found) {
    const row = byId.get(candidate.record.id);
    if (!row) continue;
    hits.push({
      id: row.id,
      nic: row.nic,
      status: row.status,
      category: row.category,
      name: `${row.lastName}, ${row.firstName}`,
      dob: row.dob,
      score: Math.round(candidate.result.score * 1000) / 1000,
      decision: candidate.result.decision,
    });
  }
  await store.transaction((tx) =>
    writeAudit(tx, clock, {
      component: COMPONENT,
      eventType: "VIOLATOR_SEARCH",
      outcome: "SUCCESS",
      actorUser: actor.username,
      subject: null,
      purpose: search.purpose,
      details: { name: `${search.last}, ${search.first}`, dob: search.dob ?? null, found: hits.length },
    }),
  );
  return hits;
}

const SearchBody = Type.Object(
  {
    purpose: Type.String({ minLength: 1, maxLength: 200 }),
    last: Type.String({ minLength: 1, maxLength: 30 }),
    first: Type.String({ minLength: 1, maxLength: 30 }),
    dob: Type.Optional(Type.String({ pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" })),
  },
  { additionalProperties: false },
);

/** `POST /api/v1/violators/search`. */
export function violatorSearchRoutes(options: { matcher: StoreMatcher }) {
  return (app: FastifyInstance, context: HttpContext): void => {
    app.post<{ Body: Static<typeof SearchBody> }>(
      "/api/v1/violators/search",
      {
        schema: {
          summary: "Search the Violator File by name and date of birth (every status), with a stated purpose",
          tags: ["violators"],
          security: [{ staffSession: [] }],
          body: SearchBody,
        },
      },
      async (request) => ({
        records: await searchViolatorFile(
          context.store,
          context.clock,
          options.matcher,
          request.staff!,
          request.body,
        ),
      }),
    );
  };
}
