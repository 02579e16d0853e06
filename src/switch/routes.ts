import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authenticateSwitchKey, type KeyHolder } from "../directory/index.js";
import { MAX_XML_BYTES } from "../messages/index.js";
import type { Clock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import type { RateLimiter } from "../platform/http/index.js";
import type { Store } from "../platform/store/store.js";
import type { Acceptance, InboundMessage } from "./accept.js";
import { ackMailbox, type MailboxSignal, readMailbox } from "./mailbox.js";

declare module "fastify" {
  interface FastifyRequest {
    keyHolder?: KeyHolder;
  }
}

export interface SwitchRouteOptions {
  store: Store;
  clock: Clock;
  signal: MailboxSignal;
  limiter: RateLimiter;
  /** Accepts a message (acceptMessage with the modules' handlers) and wakes its readers and workers. */
  accept: (inbound: InboundMessage) => Promise<Acceptance>;
}

/** The contract's largest message body: 64 KiB; larger gets 413. */
export const SWITCH_BODY_LIMIT = MAX_XML_BYTES;
/** The longest long-poll a mailbox read may ask for. */
export const MAX_WAIT_SECONDS = 60;

const MailboxEntrySchema = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  inReplyTo: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
  text: Type.String(),
  data: Type.Object({}, { additionalProperties: true }),
});

/** `POST /nlets`, `GET /nlets/mailbox`, `POST /nlets/mailbox/ack` (contract §2.1). */
export function switchRoutes(options: SwitchRouteOptions) {
  const { store, clock, signal, limiter } = options;

  async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers.authorization;
    const key = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    if (!key) throw Errors.unauthenticated("Authorization: Bearer <API key> is required");
    const holder = await authenticateSwitchKey(store.db, key);
    if (!holder) throw Errors.unauthenticated("the API key is unknown or revoked");
    limiter.enforce(holder.ori, reply);
    request.keyHolder = holder;
  }

  return (app: FastifyInstance) => {
    app.addContentTypeParser(
      ["application/xml", "text/xml"],
      { parseAs: "string", bodyLimit: SWITCH_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );

    app.post(
      "/nlets",
      {
        bodyLimit: SWITCH_BODY_LIMIT,
        onRequest: authenticate,
        schema: {
          summary: "Send one NLETS message (legacy text IAQ or AM, or a NIEM XML IAQ)",
          tags: ["switch"],
          security: [{ agencyKey: [] }],
          response: {
            202: Type.Object({ messageId: Type.Integer(), ack: Type.String(), duplicate: Type.Boolean() }),
            400: Type.Object({
              error: Type.String(),
              reject: Type.Optional(Type.String()),
              code: Type.Optional(Type.String()),
            }),
          },
        },
      },
      async (request, reply) => {
        const holder = request.keyHolder!;
        if (holder.kind !== "AGENCY")
          throw Errors.forbidden("a field office key reads its mailbox; it cannot send");
        const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
        const contentType =
          mediaType === "text/plain"
            ? "text"
            : mediaType === "application/xml" || mediaType === "text/xml"
              ? "xml"
              : undefined;
        if (contentType === undefined)
          throw Errors.unsupportedMediaType("must be text/plain (legacy text) or application/xml (NIEM)");
        if (typeof request.body !== "string") throw Errors.invalidField("body", "must be the message text");
        const outcome = await options.accept({ senderOri: holder.ori, contentType, body: request.body });
        if (outcome.outcome === "WRONG_SENDER") {
          throw Errors.forbidden(
            `the message names sender ORI ${outcome.claimed}, but the key belongs to ${holder.ori}`,
          );
        }
        if (outcome.outcome === "REJECTED")
          return reply.status(400).send({ error: outcome.error, reject: outcome.reject });
        return reply
          .status(202)
          .send({ messageId: outcome.messageId, ack: outcome.ack, duplicate: outcome.duplicate });
      },
    );

    app.get<{ Querystring: { wait?: string } }>(
      "/nlets/mailbox",
      {
        onRequest: authenticate,
        schema: {
          summary:
            "The caller's unacknowledged messages, oldest first; long-polls up to `wait` seconds when empty",
          tags: ["switch"],
          security: [{ agencyKey: [] }],
          querystring: Type.Object(
            {
              wait: Type.Optional(
                Type.String({ pattern: "^[0-9]{1,2}$", description: `0 to ${MAX_WAIT_SECONDS}` }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ messages: Type.Array(MailboxEntrySchema) }) },
        },
      },
      async (request) => {
        const { ori } = request.keyHolder!;
        const wait = Number(request.query.wait ?? 0);
        if (wait > MAX_WAIT_SECONDS)
          throw Errors.invalidField("querystring.wait", `must be at most ${MAX_WAIT_SECONDS} seconds`);
        const deadline = Date.now() + wait * 1000;
        let messages = await readMailbox(store.db, ori);
        while (messages.length === 0 && Date.now() < deadline && !request.raw.destroyed && !signal.isClosed) {
          await signal.wait(ori, deadline - Date.now());
          messages = await readMailbox(store.db, ori);
        }
        return { messages };
      },
    );

    app.post<{ Body: { ids: number[] } }>(
      "/nlets/mailbox/ack",
      {
        onRequest: authenticate,
        schema: {
          summary: "Acknowledge mailbox messages; they are not delivered again",
          tags: ["switch"],
          security: [{ agencyKey: [] }],
          body: Type.Object(
            { ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ acked: Type.Integer() }) },
        },
      },
      async (request) => ({
        acked: await ackMailbox(store.db, clock, request.keyHolder!.ori, request.body.ids),
      }),
    );
  };
}
