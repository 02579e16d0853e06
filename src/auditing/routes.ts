import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { AuditAlarm } from "../platform/audit/index.js";
import type { HttpContext } from "../platform/http/index.js";
import { exportAudit, listReviews, recordReview, searchAudit } from "./desk.js";

const Filter = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    user: Type.Optional(Type.String({ maxLength: 64 })),
    ori: Type.Optional(Type.String({ maxLength: 9 })),
    component: Type.Optional(Type.String({ maxLength: 40 })),
    eventType: Type.Optional(Type.String({ maxLength: 60 })),
    outcome: Type.Optional(
      Type.Union([Type.Literal("SUCCESS"), Type.Literal("FAILURE"), Type.Literal("DENIED")]),
    ),
    subject: Type.Optional(Type.String({ maxLength: 100 })),
    afterSeq: Type.Optional(Type.String({ pattern: "^[0-9]{1,15}$" })),
  },
  { additionalProperties: false },
);
const ReviewBody = Type.Object(
  {
    periodFrom: Type.String({ format: "date-time" }),
    periodTo: Type.String({ format: "date-time" }),
    findings: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);

const filterOf = (query: Static<typeof Filter>) => ({
  ...query,
  afterSeq: query.afterSeq === undefined ? undefined : Number(query.afterSeq),
});

/**
 * The auditors' routes: search, export, weekly review (contract §2.2 `GET /api/v1/audit`), and
 * the audit alarm of this process (CJIS 5.4.2).
 */
export function auditRoutes(alarm: AuditAlarm) {
  return (app: FastifyInstance, context: HttpContext) => auditDeskRoutes(app, context, alarm);
}

function auditDeskRoutes(app: FastifyInstance, context: HttpContext, alarm: AuditAlarm): void {
  const { store, clock } = context;
  const tags = ["audit"];
  const security = [{ staffSession: [] }];

  app.get<{ Querystring: Static<typeof Filter> }>(
    "/api/v1/audit",
    {
      schema: {
        summary: "Search the audit log (this search is itself audited)",
        tags,
        security,
        querystring: Filter,
      },
    },
    async (request) => searchAudit(store, clock, request.staff!, filterOf(request.query)),
  );

  app.get<{ Querystring: Static<typeof Filter> }>(
    "/api/v1/audit/export",
    {
      schema: {
        summary: "The filtered audit log as CSV, safe to open in a spreadsheet (audited)",
        tags,
        security,
        querystring: Filter,
      },
    },
    async (request, reply) => {
      const csv = await exportAudit(store, clock, request.staff!, filterOf(request.query));
      return reply
        .header("Content-Type", "text/csv; charset=utf-8")
        .header("Content-Disposition", 'attachment; filename="lesc-audit.csv"')
        .send(csv);
    },
  );

  app.post<{ Body: Static<typeof ReviewBody> }>(
    "/api/v1/audit/reviews",
    {
      schema: {
        summary: "Record the weekly review of a period (the chain is verified as part of it)",
        tags,
        security,
        body: ReviewBody,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordReview(store, clock, request.staff!, request.body)),
  );

  app.get(
    "/api/v1/audit/reviews",
    { schema: { summary: "The reviews, newest first, and whether the next is overdue", tags, security } },
    async () => listReviews(store, clock),
  );

  // Not itself audited: it must answer while the audit log cannot be written.
  app.get(
    "/api/v1/alerts/audit",
    {
      schema: {
        summary:
          "Audit processing failures this process has seen (write failures, broken chain, low storage)",
        tags,
        security,
      },
    },
    async () => ({ pid: process.pid, failures: alarm.failures() }),
  );
}
