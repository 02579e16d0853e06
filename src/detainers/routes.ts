import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { type HttpContext, IdParams } from "../platform/http/index.js";
import { detainerDetail, listDetainers, lodgeDetainer, updateDetainer } from "./lodge.js";
import type { DetainerStatus } from "./schema.js";

// Presence rules are the domain's (each refusal names what is missing or contradictory);
// the schema bounds types and sizes.
const LodgeBody = Type.Object(
  {
    hitId: Type.Optional(Type.Integer({ minimum: 1 })),
    inquiryId: Type.Optional(Type.Integer({ minimum: 1 })),
    holdingAgencyOri: Type.String({ maxLength: 9 }),
    probableCause: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 4 })),
    custodyTransfer: Type.Optional(Type.Boolean()),
    warrant: Type.Optional(
      Type.Object(
        {
          form: Type.Optional(Type.String({ maxLength: 10 })),
          number: Type.Optional(Type.String({ maxLength: 40 })),
          signedBy: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const StatusBody = Type.Object(
  {
    status: Type.Union(
      ["SERVED", "HONORED", "DECLINED", "CUSTODY_TRANSFERRED", "CANCELLED"].map((s) => Type.Literal(s)),
    ),
    at: Type.Optional(Type.String({ format: "date-time" })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** Detainers (contract §2.2): lodging, lifecycle, list and detail. */
export function detainerRoutes(app: FastifyInstance, context: HttpContext): void {
  const { store, clock } = context;
  const tags = ["detainers"];
  const security = [{ staffSession: [] }];

  app.post<{ Body: Static<typeof LodgeBody> }>(
    "/api/v1/detainers",
    {
      schema: {
        summary: "Lodge a detainer (I-247A) after a confirmed hit or a researched inquiry",
        tags,
        security,
        body: LodgeBody,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await lodgeDetainer(store, clock, request.staff!, request.body)),
  );

  app.get(
    "/api/v1/detainers",
    {
      schema: { summary: "Detainers, most recent first", tags, security },
    },
    async (request) => ({ detainers: await listDetainers(store.db, request.staff!) }),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    "/api/v1/detainers/:id",
    {
      schema: { summary: "A detainer and its lifecycle", tags, security, params: IdParams },
    },
    async (request) => detainerDetail(store, clock, request.staff!, Number(request.params.id)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof StatusBody> }>(
    "/api/v1/detainers/:id/status",
    {
      schema: {
        summary: "Served, honored (starts the 48-hour hold), declined, custody transferred or cancelled",
        tags,
        security,
        params: IdParams,
        body: StatusBody,
      },
    },
    async (request) =>
      updateDetainer(store, clock, request.staff!, Number(request.params.id), {
        status: request.body.status as DetainerStatus,
        at: request.body.at,
        note: request.body.note,
      }),
  );
}
