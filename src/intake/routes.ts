import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type HttpContext, IdParams, type RateLimit, RateLimiter } from "../platform/http/index.js";
import { checkProofOfWork, issueChallenge, POW_HEADER } from "./proof-of-work.js";
import {
  addTipsterMessage,
  closeReferral,
  lifeSafetyAlerts,
  listTips,
  markJunk,
  NARRATIVE_MAX,
  replyToTipster,
  submitTip,
  type TipServices,
  tipForStaff,
  tipForTipster,
} from "./tips.js";

/** The public form takes a few tips a minute per address; more is a flood. */
export const PUBLIC_RATE_LIMIT: RateLimit = { perSecond: 0.1, burst: 5 };
/** Challenges cost the server an HMAC, not a row: a looser limit, apart from the tips' own. */
export const CHALLENGE_RATE_LIMIT: RateLimit = { perSecond: 1, burst: 20 };
/** Public bodies: a tip, not a document. */
export const PUBLIC_BODY_LIMIT = 32 * 1024;

const Text = (max: number) => Type.String({ maxLength: max });
const TipBody = Type.Object(
  {
    category: Text(40),
    narrative: Text(NARRATIVE_MAX),
    location: Type.Optional(Type.Union([Type.Literal("INSIDE_US"), Type.Literal("OUTSIDE_US")])),
    state: Type.Optional(Text(2)),
    subject: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Text(500), { maxProperties: 12 })),
    reporter: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Text(500), { maxProperties: 12 })),
  },
  { additionalProperties: false },
);
/** Schemas the IPR desk shares with the tip line. */
export const ReceiptParams = Type.Object({ receipt: Type.String({ maxLength: 40 }) });
export const TextBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
const CloseBody = Type.Object(
  {
    recipient: Type.String({ minLength: 1, maxLength: 200 }),
    answer: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

/** The public tip line (contract §2.3) and the tip desk's staff routes. */
export function tipRoutes(services: TipServices) {
  return (app: FastifyInstance, context: HttpContext) => {
    const limiter = new RateLimiter(context.clock, PUBLIC_RATE_LIMIT);
    const limit = async (request: FastifyRequest, reply: FastifyReply) => {
      limiter.enforce(request.ip, reply);
    };
    const challengeLimiter = new RateLimiter(context.clock, CHALLENGE_RATE_LIMIT);
    const tags = ["tips"];
    const security = [{ staffSession: [] }];

    app.get(
      "/api/v1/public/tips/challenge",
      {
        onRequest: async (request, reply) => challengeLimiter.enforce(request.ip, reply),
        schema: {
          summary:
            "A proof-of-work challenge for one tip: find a nonce such that SHA-256(challenge:nonce) starts with `difficulty` zero bits",
          tags,
        },
      },
      async (_request, reply) =>
        reply
          .header("cache-control", "no-store")
          .send(await issueChallenge(services.store, services.clock, services.proofOfWorkBits)),
    );

    app.post<{ Body: Static<typeof TipBody> }>(
      "/api/v1/public/tips",
      {
        bodyLimit: PUBLIC_BODY_LIMIT,
        onRequest: limit,
        schema: {
          summary:
            "Send a tip (no log-in) with a solved challenge in `X-Proof-Of-Work: challenge:nonce`; the receipt is shown once and is the only key to it",
          tags,
          headers: Type.Object({ [POW_HEADER]: Type.Optional(Type.String({ maxLength: 200 })) }),
          body: TipBody,
        },
      },
      async (request, reply) => {
        const proof = await checkProofOfWork(
          services.store,
          services.clock,
          request.headers[POW_HEADER],
          services.proofOfWorkBits,
        );
        const { receipt } = await submitTip(services, request.body, "WEB", undefined, proof);
        return reply.status(201).send({ receipt });
      },
    );

    app.get<{ Params: Static<typeof ReceiptParams> }>(
      "/api/v1/public/tips/:receipt",
      {
        onRequest: limit,
        schema: {
          summary: "A tip's public status and the replies, by its receipt",
          tags,
          params: ReceiptParams,
        },
      },
      async (request) => tipForTipster(services, request.params.receipt),
    );

    app.post<{ Params: Static<typeof ReceiptParams>; Body: Static<typeof TextBody> }>(
      "/api/v1/public/tips/:receipt/messages",
      {
        bodyLimit: PUBLIC_BODY_LIMIT,
        onRequest: limit,
        schema: {
          summary: "Add information to a tip, by its receipt",
          tags,
          params: ReceiptParams,
          body: TextBody,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addTipsterMessage(services, request.params.receipt, request.body.text)),
    );

    app.post<{ Body: Static<typeof TipBody> }>(
      "/api/v1/tips",
      {
        schema: {
          summary: "Enter a phone tip; the receipt is read back to the caller",
          tags,
          security,
          body: TipBody,
        },
      },
      async (request, reply) => {
        const { id, receipt } = await submitTip(services, request.body, "PHONE", request.staff);
        return reply.status(201).send({ id, receipt });
      },
    );

    app.get<{ Querystring: { status?: string } }>(
      "/api/v1/tips",
      {
        schema: {
          summary: "Tips, threats to life first, then newest",
          tags,
          security,
          querystring: Type.Object(
            {
              status: Type.Optional(
                Type.Union(["NEW", "REFERRED", "DUPLICATE", "JUNK", "CLOSED"].map((s) => Type.Literal(s))),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => ({ tips: await listTips(services, request.staff!, request.query.status) }),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      "/api/v1/tips/:id",
      {
        schema: {
          summary:
            "A tip with its referrals and messages; the reporter only for the roles that need it (audited)",
          tags,
          security,
          params: IdParams,
        },
      },
      async (request) => tipForStaff(services, request.staff!, Number(request.params.id)),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof TextBody> }>(
      "/api/v1/tips/:id/replies",
      {
        schema: {
          summary: "Reply to the tipster (read with the receipt)",
          tags,
          security,
          params: IdParams,
          body: TextBody,
        },
      },
      async (request) =>
        replyToTipster(services, request.staff!, Number(request.params.id), request.body.text),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReasonBody> }>(
      "/api/v1/tips/:id/junk",
      {
        schema: {
          summary: "Mark a tip junk (kept, not deleted)",
          tags,
          security,
          params: IdParams,
          body: ReasonBody,
        },
      },
      async (request) => markJunk(services, request.staff!, Number(request.params.id), request.body.reason),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CloseBody> }>(
      "/api/v1/tips/:id/referrals/close",
      {
        schema: {
          summary: "Close a referral with the recipient's answer",
          tags,
          security,
          params: IdParams,
          body: CloseBody,
        },
      },
      async (request) =>
        closeReferral(
          services,
          request.staff!,
          Number(request.params.id),
          request.body.recipient,
          request.body.answer,
        ),
    );

    app.get(
      "/api/v1/alerts/tips",
      { schema: { summary: "Open tips that speak of a threat to life", tags, security } },
      async (request) => ({ alerts: await lifeSafetyAlerts(services, request.staff!) }),
    );
  };
}
