import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { checkOri } from "../directory/index.js";
import { writeAudit } from "../platform/audit/index.js";
import { type HttpContext, IdParams } from "../platform/http/index.js";
import type { ViolatorEntry } from "./entry.js";
import {
  COMPONENT,
  checkViolator,
  closeViolator,
  enterViolator,
  locateViolator,
  modifyViolator,
  validateViolator,
  validationDue,
  violatorDetail,
} from "./file.js";
import { DOCUMENT_KINDS, VIOLATOR_CATEGORIES } from "./schema.js";

type Id = { Params: Static<typeof IdParams> };

const Name = Type.Object(
  {
    last: Type.String({ maxLength: 30 }),
    first: Type.String({ maxLength: 30 }),
    middle: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
);
const Document = Type.Object(
  {
    kind: Type.Union(DOCUMENT_KINDS.map((k) => Type.Literal(k))),
    number: Type.String({ maxLength: 30 }),
    date: Type.String({ maxLength: 10 }),
    issuedBy: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
const fields = {
  category: Type.Union(VIOLATOR_CATEGORIES.map((c) => Type.Literal(c))),
  name: Name,
  dob: Type.String({ maxLength: 10 }),
  sex: Type.Union(["M", "F", "X", "U"].map((s) => Type.Literal(s))),
  pob: Type.Optional(Type.String({ maxLength: 2 })),
  arn: Type.Optional(Type.String({ maxLength: 10 })),
  fbi: Type.Optional(Type.String({ maxLength: 9 })),
  aliases: Type.Optional(Type.Array(Name, { maxItems: 20 })),
  remarks: Type.Optional(Type.String({ maxLength: 500 })),
  documents: Type.Optional(Type.Array(Document, { maxItems: 20 })),
};
const EntryBody = Type.Object(
  { oca: Type.String({ maxLength: 20 }), ...fields },
  { additionalProperties: false },
);
const ChangesBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });
const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
const LocateBody = Type.Object(
  { ori: Type.String({ maxLength: 9 }), oca: Type.String({ minLength: 1, maxLength: 20 }) },
  { additionalProperties: false },
);

/** The Violator File's staff API: entry with a second person's check, maintenance, validation. */
export function violatorRoutes(app: FastifyInstance, context: HttpContext): void {
  const { store, clock } = context;
  const tags = ["violators"];
  const security = [{ staffSession: [] }];
  const actor = (request: { staff?: { username: string } }) => ({ username: request.staff!.username });

  app.post<{ Body: Static<typeof EntryBody> }>(
    "/api/v1/violators",
    {
      schema: {
        summary: "Enter a record (active after a second person's check)",
        tags,
        security,
        body: EntryBody,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await enterViolator(store, clock, actor(request), request.body as ViolatorEntry)),
  );

  app.get(
    "/api/v1/violators/validation-due",
    {
      schema: { summary: "Active records due or overdue for validation", tags, security },
    },
    async () => ({ records: await validationDue(store.db, clock) }),
  );

  app.get<Id>(
    "/api/v1/violators/:id",
    {
      schema: {
        summary: "A record with aliases, documents, validation and history",
        tags,
        security,
        params: IdParams,
      },
    },
    async (request) => {
      const detail = await violatorDetail(store.db, Number(request.params.id));
      await store.transaction((tx) =>
        writeAudit(tx, clock, {
          component: COMPONENT,
          eventType: "VIOLATOR_VIEWED",
          outcome: "SUCCESS",
          actorUser: request.staff!.username,
          subject: `violator:${detail.id}`,
          purpose: "Violator File",
        }),
      );
      return detail;
    },
  );

  app.post<Id>(
    "/api/v1/violators/:id/check",
    {
      schema: {
        summary: "Second person's check: the record becomes active",
        tags,
        security,
        params: IdParams,
      },
    },
    async (request) => checkViolator(store, clock, actor(request), Number(request.params.id)),
  );

  app.patch<Id & { Body: Static<typeof ChangesBody> }>(
    "/api/v1/violators/:id",
    {
      schema: { summary: "Modify a record", tags, security, params: IdParams, body: ChangesBody },
    },
    async (request) =>
      modifyViolator(
        store,
        clock,
        actor(request),
        Number(request.params.id),
        request.body as Partial<ViolatorEntry>,
      ),
  );

  for (const [path, how, summary] of [
    ["cancel", "CANCELLED", "Cancel a record entered in error"],
    ["clear", "CLEARED", "Clear a record: the subject is in custody or removed"],
  ] as const) {
    app.post<Id & { Body: Static<typeof ReasonBody> }>(
      `/api/v1/violators/:id/${path}`,
      {
        schema: { summary, tags, security, params: IdParams, body: ReasonBody },
      },
      async (request) =>
        closeViolator(store, clock, actor(request), Number(request.params.id), how, request.body.reason),
    );
  }

  app.post<Id & { Body: Static<typeof LocateBody> }>(
    "/api/v1/violators/:id/locate",
    {
      schema: {
        summary: "Locate: an agency has found the subject",
        tags,
        security,
        params: IdParams,
        body: LocateBody,
      },
    },
    async (request) =>
      locateViolator(store, clock, actor(request), Number(request.params.id), {
        ori: checkOri(request.body.ori, "body.ori"),
        oca: request.body.oca,
      }),
  );

  app.post<Id>(
    "/api/v1/violators/:id/validate",
    {
      schema: { summary: "Record a validation (validator and date)", tags, security, params: IdParams },
    },
    async (request) => validateViolator(store, clock, actor(request), Number(request.params.id)),
  );
}
