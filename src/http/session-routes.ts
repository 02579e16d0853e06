import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { logOff, logOn, ROLES } from "../platform/auth/index.js";
import { type HttpContext, requireStaff } from "../platform/http/index.js";

/** Staff log-on (contract §2.2): password plus TOTP code gives a bearer token. */
export function sessionRoutes(app: FastifyInstance, context: HttpContext): void {
  const { store, clock } = context;
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
    async (request) => {
      const { token, principal } = await logOn(store, clock, { ...request.body, address: request.ip });
      return { token, username: principal.username, role: principal.role };
    },
  );

  app.get(
    "/api/v1/session",
    {
      preHandler: requireStaff(context, ROLES),
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
      preHandler: requireStaff(context, ROLES),
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
