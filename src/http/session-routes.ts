import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { logOff, logOn } from "../platform/auth/index.js";
import { type HttpContext, type RateLimit, RateLimiter } from "../platform/http/index.js";

/** Log-on attempts per client address: on top of the per-account lock-out, against spraying. */
export const LOGON_RATE_LIMIT: RateLimit = { perSecond: 0.5, burst: 10 };

/**
 * The CJIS use notice (Security Policy 5.5.4), shown before log-on: restricted system,
 * monitored, unauthorised use prohibited, use means consent. Deployments set their own.
 */
export const DEFAULT_USE_NOTICE = [
  "You are accessing a U.S. Government information system that holds criminal justice information.",
  "Use of this system is restricted to authorized users for authorized purposes.",
  "All use may be monitored, recorded and audited; unauthorized or improper use is prohibited",
  "and may result in disciplinary action and civil and criminal penalties.",
  "By logging on you acknowledge and consent to these terms.",
].join(" ");

/** Staff log-on (contract §2.2): password plus TOTP code gives a bearer token. */
export function sessionRoutes(options: { useNotice?: string | undefined } = {}) {
  return (app: FastifyInstance, context: HttpContext): void =>
    sessionRoutesOn(app, context, options.useNotice ?? DEFAULT_USE_NOTICE);
}

function sessionRoutesOn(app: FastifyInstance, context: HttpContext, useNotice: string): void {
  const { store, clock } = context;
  const limiter = new RateLimiter(clock, LOGON_RATE_LIMIT);
  app.get(
    "/api/v1/use-notice",
    {
      schema: {
        summary: "The system use notice, to show before log-on",
        tags: ["session"],
        response: { 200: Type.Object({ text: Type.String() }) },
      },
    },
    async () => ({ text: useNotice }),
  );
  const LogOnBody = Type.Object(
    {
      username: Type.String({ minLength: 1, maxLength: 64 }),
      password: Type.String({ minLength: 1, maxLength: 256 }),
      totp: Type.String({ minLength: 1, maxLength: 16 }),
    },
    { additionalProperties: false },
  );
  app.post<{ Body: { username: string; password: string; totp: string } }>(
    "/api/v1/session",
    {
      schema: {
        summary: "Log on with password and one-time code",
        tags: ["session"],
        body: LogOnBody,
        response: {
          200: Type.Object({ token: Type.String(), username: Type.String(), role: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      limiter.enforce(request.ip, reply);
      const { token, principal } = await logOn(store, clock, { ...request.body, address: request.ip });
      return { token, username: principal.username, role: principal.role };
    },
  );

  app.get(
    "/api/v1/session",
    {
      schema: {
        summary: "Who the bearer of this token is",
        tags: ["session"],
        security: [{ staffSession: [] }],
        response: { 200: Type.Object({ username: Type.String(), role: Type.String() }) },
      },
    },
    async (request) => ({ username: request.staff!.username, role: request.staff!.role }),
  );

  app.delete(
    "/api/v1/session",
    {
      schema: {
        summary: "Log off: the token stops working at once",
        tags: ["session"],
        security: [{ staffSession: [] }],
      },
    },
    async (request, reply) => {
      await logOff(store, clock, request.staff!);
      return reply.status(204).send();
    },
  );
}
