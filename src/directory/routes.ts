import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { HttpContext } from "../platform/http/index.js";
import { listAgencies, listKeys, listOffices, revokeKey, rotateKey } from "./admin.js";
import { checkNewAgency, registerAgency } from "./agencies.js";

const OriParams = Type.Object({ ori: Type.String({ pattern: "^[A-Z]{2}[A-Z0-9]{7}$" }) });
const KeyParams = Type.Object({
  ori: Type.String({ pattern: "^[A-Z]{2}[A-Z0-9]{7}$" }),
  keyId: Type.String({ pattern: "^[0-9a-f]{12}$" }),
});
const AgencyBody = Type.Object(
  {
    ori: Type.String({ maxLength: 9 }),
    name: Type.String({ maxLength: 200 }),
    state: Type.String({ maxLength: 2 }),
  },
  { additionalProperties: false },
);

/** The directory's staff routes: agencies, their keys, the field offices. */
export function directoryRoutes(app: FastifyInstance, context: HttpContext): void {
  const { store, clock } = context;
  const tags = ["directory"];
  const security = [{ staffSession: [] }];

  app.get(
    "/api/v1/agencies",
    { schema: { summary: "Registered agencies and the field office covering each", tags, security } },
    async () => ({
      agencies: await listAgencies(store.db),
    }),
  );

  app.post<{ Body: Static<typeof AgencyBody> }>(
    "/api/v1/agencies",
    {
      schema: {
        summary: "Register an agency; its first API key is shown once",
        tags,
        security,
        body: AgencyBody,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await registerAgency(store, clock, checkNewAgency(request.body), { user: request.staff!.username }),
        ),
  );

  app.get<{ Params: Static<typeof OriParams> }>(
    "/api/v1/agencies/:ori/keys",
    { schema: { summary: "An agency's keys (ids and dates only)", tags, security, params: OriParams } },
    async (request) => ({ keys: await listKeys(store.db, request.params.ori) }),
  );

  app.post<{ Params: Static<typeof OriParams> }>(
    "/api/v1/agencies/:ori/keys",
    {
      schema: {
        summary: "Issue another key (rotation: both work until the old one is revoked)",
        tags,
        security,
        params: OriParams,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await rotateKey(store, clock, request.staff!.username, request.params.ori)),
  );

  app.delete<{ Params: Static<typeof KeyParams> }>(
    "/api/v1/agencies/:ori/keys/:keyId",
    { schema: { summary: "Revoke a key", tags, security, params: KeyParams } },
    async (request) =>
      revokeKey(store, clock, request.staff!.username, request.params.ori, request.params.keyId),
  );

  app.get(
    "/api/v1/field-offices",
    { schema: { summary: "Field offices and attachés with their areas of responsibility", tags, security } },
    async () => ({
      offices: await listOffices(store.db),
    }),
  );
}
