import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { IdParams } from "../platform/http/index.js";
import type { InquiryServices } from "./pipeline.js";
import {
  claimInquiry,
  flagEnhanced,
  inquiryWorkspace,
  listQueue,
  manualSearch,
  NARRATIVE_MAX,
  openSlaAlerts,
  recordContact,
  releaseInquiry,
  respondToInquiry,
} from "./research.js";
import { CONTACT_MEANS } from "./schema.js";
import { RESPONSE_TEMPLATES } from "./templates.js";

const Result = Type.Union([Type.Literal("HIT"), Type.Literal("POSSIBLE"), Type.Literal("NO_RECORD")]);
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Name = Type.Object(
  {
    last: Text(60),
    first: Type.Optional(Type.String({ maxLength: 60 })),
    middle: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);

const ResponseBody = Type.Object(
  {
    result: Result,
    template: Type.Optional(Type.String({ maxLength: 40 })),
    narrative: Type.Optional(Type.String({ maxLength: NARRATIVE_MAX })),
    records: Type.Optional(
      Type.Array(
        Type.Object(
          { source: Text(40), recordId: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
  },
  { additionalProperties: false },
);
const ContactBody = Type.Object(
  {
    contactedAt: Type.String({ format: "date-time" }),
    means: Type.Union(CONTACT_MEANS.map((m) => Type.Literal(m))),
    officer: Text(100),
    agent: Type.Optional(Text(64)),
    summary: Text(2000),
  },
  { additionalProperties: false },
);
const SearchBody = Type.Object(
  {
    purpose: Text(200),
    inquiryId: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Name,
    aliases: Type.Optional(Type.Array(Name, { maxItems: 10 })),
    dob: Type.Optional(Type.String({ pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" })),
    sex: Type.Optional(Type.Union(["M", "F", "X", "U"].map((s) => Type.Literal(s)))),
    pob: Type.Optional(Type.String({ pattern: "^[A-Z]{2}$" })),
    arn: Type.Optional(Type.String({ pattern: "^A?\\d{8,9}$" })),
    fbi: Type.Optional(Type.String({ maxLength: 20 })),
    ssn: Type.Optional(Type.String({ pattern: "^\\d{3}-?\\d{2}-?\\d{4}$" })),
    top: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

/** The research desk's staff API (contract §2.2) and the fiscal-year figures. */
export function inquiryRoutes(services: InquiryServices) {
  return (app: FastifyInstance) => {
    const tags = ["inquiries"];
    const security = [{ staffSession: [] }];

    app.get(
      "/api/v1/queue",
      {
        schema: { summary: "Open inquiries, subject in custody first, then oldest", tags, security },
      },
      async (request) => listQueue(services, request.staff!),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      "/api/v1/inquiries/:id",
      {
        schema: {
          summary: "The inquiry workspace: query, candidates with explanations, contacts, timeline",
          tags,
          security,
          params: IdParams,
        },
      },
      async (request) => inquiryWorkspace(services, request.staff!, Number(request.params.id)),
    );

    app.post<{ Params: Static<typeof IdParams> }>(
      "/api/v1/inquiries/:id/claim",
      {
        schema: {
          summary: "Claim an inquiry; 409 when someone else holds it",
          tags,
          security,
          params: IdParams,
        },
      },
      async (request) => claimInquiry(services, request.staff!, Number(request.params.id)),
    );

    app.post<{ Params: Static<typeof IdParams> }>(
      "/api/v1/inquiries/:id/release",
      {
        schema: {
          summary: "Give a claimed inquiry back to the queue (its holder, or a supervisor)",
          tags,
          security,
          params: IdParams,
        },
      },
      async (request) => releaseInquiry(services, request.staff!, Number(request.params.id)),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ResponseBody> }>(
      "/api/v1/inquiries/:id/response",
      {
        schema: {
          summary: "Send the FINAL IAR; 409 if already answered",
          tags,
          security,
          params: IdParams,
          body: ResponseBody,
        },
      },
      async (request) => respondToInquiry(services, request.staff!, Number(request.params.id), request.body),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: { reason: string } }>(
      "/api/v1/inquiries/:id/enhanced",
      {
        schema: {
          summary: "Flag an enhanced response by hand",
          tags,
          security,
          params: IdParams,
          body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
        },
      },
      async (request) =>
        flagEnhanced(services, request.staff!, Number(request.params.id), request.body.reason),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ContactBody> }>(
      "/api/v1/inquiries/:id/contacts",
      {
        schema: {
          summary: "Record a contact with the requesting officer (enhanced response)",
          tags,
          security,
          params: IdParams,
          body: ContactBody,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await recordContact(services, request.staff!, Number(request.params.id), request.body)),
    );

    app.post<{ Body: Static<typeof SearchBody> }>(
      "/api/v1/search",
      {
        schema: {
          summary: "Manual search across every record file, with a stated purpose",
          tags,
          security,
          body: SearchBody,
        },
      },
      async (request) => {
        const body = request.body;
        const names = [body.name, ...(body.aliases ?? [])];
        const candidates = await manualSearch(services, request.staff!, {
          purpose: body.purpose,
          inquiryId: body.inquiryId,
          top: body.top,
          subject: {
            names,
            dob: body.dob,
            sex: body.sex,
            pob: body.pob,
            aNumber: body.arn,
            fbi: body.fbi,
            ssn: body.ssn,
          },
        });
        return { candidates };
      },
    );

    app.get(
      "/api/v1/response-templates",
      {
        schema: { summary: "The response templates a technician composes a FINAL IAR from", tags, security },
      },
      async () => ({ templates: RESPONSE_TEMPLATES }),
    );

    app.get(
      "/api/v1/alerts/inquiries",
      {
        schema: { summary: "Open inquiries whose response-time clock warned or ran out", tags, security },
      },
      async (request) => ({
        alerts: (await openSlaAlerts(services, request.staff!)).map((alert) => ({
          ...alert,
          dueAt: alert.dueAt.toISOString(),
        })),
      }),
    );
  };
}
