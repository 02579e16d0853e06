import { type Static, Type } from "@sinclair/typebox";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ReasonBody, ReceiptParams, TextBody } from "../intake/routes.js";
import { Errors } from "../platform/errors.js";
import { type HttpContext, IdParams, type RateLimit, RateLimiter } from "../platform/http/index.js";
import {
  addAllegantMessage,
  addEvidenceByReceipt,
  allegationForAllegant,
  allegationForStaff,
  assignOwner,
  attachmentDisposition,
  closeAllegation,
  evidenceForStaff,
  type IprServices,
  junkAllegation,
  listAllegations,
  listNotifications,
  NARRATIVE_MAX,
  replyToAllegant,
  submitAllegation,
} from "./allegations.js";
import { EMAIL_MAX_BYTES, listQuarantine, takeEmail } from "./email-intake.js";
import { EVIDENCE_MAX_BYTES } from "./evidence-check.js";
import { IPR_PARTNER_CODES } from "./partners.js";
import { IPR_STATUSES } from "./schema.js";

/** The form: a few allegations a minute per address, as for tips. */
export const IPR_RATE_LIMIT: RateLimit = { perSecond: 0.1, burst: 5 };
/** Evidence: a handful of files at once, then one every few seconds. */
export const EVIDENCE_RATE_LIMIT: RateLimit = { perSecond: 0.2, burst: 10 };
export const IPR_BODY_LIMIT = 32 * 1024;
/** The file name travels in this header, percent-encoded UTF-8 (header values are Latin-1). */
export const FILE_NAME_HEADER = "x-file-name";

const Text = (max: number) => Type.String({ maxLength: max });
const AllegationBody = Type.Object(
  {
    rightType: Text(40),
    rightsHolder: Text(300),
    product: Text(500),
    violator: Type.Object(
      { name: Text(300), website: Type.Optional(Text(500)), address: Type.Optional(Text(500)) },
      { additionalProperties: false },
    ),
    narrative: Text(NARRATIVE_MAX),
    allegant: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Text(500), { maxProperties: 12 })),
  },
  { additionalProperties: false },
);
const AnswerBody = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
const OwnerBody = Type.Object({ partner: Type.String({ maxLength: 20 }) }, { additionalProperties: false });
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** Fastify's 413 said as lesc says it: the field and the limit. */
const tooLargeAs =
  (field: string, limit: number) => (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      const refusal = Errors.tooLarge(field, limit);
      return reply.status(413).send({ error: refusal.message, code: refusal.code });
    }
    throw error;
  };

function rawBody(body: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(body)) throw Errors.unsupportedMediaType(`must be ${what}`);
  return body;
}

function fileNameHeader(request: FastifyRequest): string | undefined {
  const value = request.headers[FILE_NAME_HEADER];
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(String(value));
  } catch {
    throw Errors.invalidField("headers.x-file-name", "must be percent-encoded UTF-8");
  }
}

/** IPR allegations: the public form and follow-up (contract §2.3) and the IPR desk's staff routes. */
export function iprRoutes(services: IprServices) {
  return (app: FastifyInstance, context: HttpContext) => {
    // Evidence and e-mails arrive as raw bytes; the route's bodyLimit stops them early.
    app.addContentTypeParser(
      ["application/octet-stream", "message/rfc822"],
      { parseAs: "buffer" },
      (_request, body, done) => done(null, body),
    );
    const limiter = new RateLimiter(context.clock, IPR_RATE_LIMIT);
    const evidenceLimiter = new RateLimiter(context.clock, EVIDENCE_RATE_LIMIT);
    const limit = async (request: FastifyRequest, reply: FastifyReply) => limiter.enforce(request.ip, reply);
    const tags = ["ipr"];
    const security = [{ staffSession: [] }];

    app.post<{ Body: Static<typeof AllegationBody> }>(
      "/api/v1/public/ipr-allegations",
      {
        bodyLimit: IPR_BODY_LIMIT,
        onRequest: limit,
        errorHandler: tooLargeAs("body", IPR_BODY_LIMIT),
        schema: {
          summary: "Report counterfeiting or piracy (no log-in); the receipt is shown once",
          tags,
          body: AllegationBody,
        },
      },
      async (request, reply) => {
        const { receipt } = await submitAllegation(services, request.body, "WEB");
        return reply.status(201).send({ receipt });
      },
    );

    app.get<{ Params: Static<typeof ReceiptParams> }>(
      "/api/v1/public/ipr-allegations/:receipt",
      {
        onRequest: limit,
        schema: {
          summary: "An allegation's public status, answer and replies, by its receipt",
          tags,
          params: ReceiptParams,
        },
      },
      async (request) => allegationForAllegant(services, request.params.receipt),
    );

    app.post<{ Params: Static<typeof ReceiptParams>; Body: Static<typeof TextBody> }>(
      "/api/v1/public/ipr-allegations/:receipt/messages",
      {
        bodyLimit: IPR_BODY_LIMIT,
        onRequest: limit,
        schema: {
          summary: "Add information to an allegation, by its receipt",
          tags,
          params: ReceiptParams,
          body: TextBody,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addAllegantMessage(services, request.params.receipt, request.body.text)),
    );

    app.post<{ Params: Static<typeof ReceiptParams> }>(
      "/api/v1/public/ipr-allegations/:receipt/evidence",
      {
        bodyLimit: EVIDENCE_MAX_BYTES,
        onRequest: async (request, reply) => evidenceLimiter.enforce(request.ip, reply),
        errorHandler: tooLargeAs("body", EVIDENCE_MAX_BYTES),
        schema: {
          summary:
            "Add an evidence file (raw body, application/octet-stream; name in X-File-Name): checked by content",
          tags,
          params: ReceiptParams,
        },
      },
      async (request, reply) => {
        const data = rawBody(request.body, "application/octet-stream");
        return reply
          .status(201)
          .send(await addEvidenceByReceipt(services, request.params.receipt, fileNameHeader(request), data));
      },
    );

    app.post<{ Body: Static<typeof AllegationBody> }>(
      "/api/v1/ipr/allegations",
      {
        schema: {
          summary: "Enter a hotline allegation; the receipt is read back to the caller",
          tags,
          security,
          body: AllegationBody,
        },
      },
      async (request, reply) => {
        const { id, receipt } = await submitAllegation(services, request.body, "HOTLINE", request.staff);
        return reply.status(201).send({ id, receipt });
      },
    );

    app.post(
      "/api/v1/ipr/emails",
      {
        bodyLimit: EMAIL_MAX_BYTES,
        errorHandler: tooLargeAs("body", EMAIL_MAX_BYTES),
        schema: {
          summary:
            "Take a raw e-mail (message/rfc822): an allegation with its attachments, or the quarantine",
          tags,
          security,
        },
      },
      async (request, reply) => {
        const raw = rawBody(request.body, "message/rfc822");
        const outcome = await takeEmail(services, raw, { source: "API", staff: request.staff });
        return reply
          .status(outcome.duplicate ? 200 : outcome.kind === "ALLEGATION" ? 201 : 202)
          .send(outcome);
      },
    );

    app.get<{ Querystring: { status?: string } }>(
      "/api/v1/ipr/allegations",
      {
        schema: {
          summary: "IPR allegations, newest first",
          tags,
          security,
          querystring: Type.Object(
            { status: Type.Optional(Literals(IPR_STATUSES)) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => ({
        allegations: await listAllegations(services, request.staff!, request.query.status),
      }),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      "/api/v1/ipr/allegations/:id",
      {
        schema: {
          summary:
            "An allegation with evidence, links and notices; the allegant only for the roles that need it (audited)",
          tags,
          security,
          params: IdParams,
        },
      },
      async (request) => allegationForStaff(services, request.staff!, Number(request.params.id)),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof OwnerBody> }>(
      "/api/v1/ipr/allegations/:id/owner",
      {
        schema: {
          summary: "Assign the owning partner agency",
          tags,
          security,
          params: IdParams,
          body: OwnerBody,
        },
      },
      async (request) =>
        assignOwner(services, request.staff!, Number(request.params.id), request.body.partner),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof TextBody> }>(
      "/api/v1/ipr/allegations/:id/replies",
      {
        schema: {
          summary: "Reply to the allegant (read with the receipt)",
          tags,
          security,
          params: IdParams,
          body: TextBody,
        },
      },
      async (request) =>
        replyToAllegant(services, request.staff!, Number(request.params.id), request.body.text),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AnswerBody> }>(
      "/api/v1/ipr/allegations/:id/close",
      {
        schema: {
          summary: "Close with the answer the allegant reads",
          tags,
          security,
          params: IdParams,
          body: AnswerBody,
        },
      },
      async (request) =>
        closeAllegation(services, request.staff!, Number(request.params.id), request.body.answer),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReasonBody> }>(
      "/api/v1/ipr/allegations/:id/junk",
      {
        schema: {
          summary: "Mark junk with a reason (kept, not deleted)",
          tags,
          security,
          params: IdParams,
          body: ReasonBody,
        },
      },
      async (request) =>
        junkAllegation(services, request.staff!, Number(request.params.id), request.body.reason),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      "/api/v1/ipr/evidence/:id",
      {
        schema: {
          summary: "Download an evidence file (audited), always as an attachment",
          tags,
          security,
          params: IdParams,
        },
      },
      async (request, reply) => {
        const evidence = await evidenceForStaff(services, request.staff!, Number(request.params.id));
        return reply
          .header("Content-Type", evidence.contentType)
          .header("Content-Disposition", attachmentDisposition(evidence.fileName))
          .header("X-Content-Type-Options", "nosniff")
          .header("Digest", `sha-256=${Buffer.from(evidence.sha256, "hex").toString("base64")}`)
          .send(evidence.content);
      },
    );

    app.get<{ Querystring: { partner?: string } }>(
      "/api/v1/ipr/notifications",
      {
        schema: {
          summary: "Deconfliction notices sent to the owning partner agencies",
          tags,
          security,
          querystring: Type.Object(
            { partner: Type.Optional(Literals(IPR_PARTNER_CODES)) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => ({
        notifications: await listNotifications(services, request.staff!, request.query.partner),
      }),
    );

    app.get(
      "/api/v1/ipr/quarantine",
      { schema: { summary: "E-mails held in quarantine, with the reason", tags, security } },
      async (request) => ({ quarantine: await listQuarantine(services, request.staff!) }),
    );
  };
}
