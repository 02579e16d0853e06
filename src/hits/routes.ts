import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { IdParams } from "../platform/http/index.js";
import { type HitServices, hitWorkspace, listHits, respondToHit } from "./desk.js";

const AnswerBody = Type.Object(
  {
    status: Type.Union([
      Type.Literal("CONFIRMED"),
      Type.Literal("NOT_CONFIRMED"),
      Type.Literal("WILL_CONFIRM_BY"),
    ]),
    until: Type.Optional(Type.String({ format: "date-time" })),
    narrative: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** The hit confirmation board and its answers (contract §2.2). */
export function hitRoutes(services: HitServices) {
  return (app: FastifyInstance) => {
    const tags = ["hits"];
    const security = [{ staffSession: [] }];

    app.get<{ Querystring: { open?: "true" | "false" } }>(
      "/api/v1/hits",
      {
        schema: {
          summary: "Hit confirmation cases; open=true: the board, by deadline",
          tags,
          security,
          querystring: Type.Object(
            { open: Type.Optional(Type.Union([Type.Literal("true"), Type.Literal("false")])) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) =>
        listHits(services.store.db, request.staff!, { open: request.query.open !== "false" }),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      "/api/v1/hits/:id",
      {
        schema: {
          summary:
            "The confirmation workspace: case, requests, the record and a side-by-side with the engine's explanation",
          tags,
          security,
          params: IdParams,
        },
      },
      async (request) => hitWorkspace(services, request.staff!, Number(request.params.id)),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AnswerBody> }>(
      "/api/v1/hits/:id/response",
      {
        schema: {
          summary: "Answer with a YR: CONFIRMED, NOT_CONFIRMED or WILL_CONFIRM_BY (until)",
          tags,
          security,
          params: IdParams,
          body: AnswerBody,
        },
      },
      async (request) => respondToHit(services, request.staff!, Number(request.params.id), request.body),
    );

    app.get(
      "/api/v1/alerts/hits",
      {
        schema: {
          summary: "Open cases past 50 % of their clock, followed up (RNO 2, 3) or in breach",
          tags,
          security,
        },
      },
      async (request) => ({
        alerts: (await listHits(services.store.db, request.staff!, { open: true })).filter(
          (hit) => hit.escalation > 0 || hit.rno > 1,
        ),
      }),
    );
  };
}
