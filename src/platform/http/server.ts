import swagger from "@fastify/swagger";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import { type AuditAlarm, isAuditWriteError } from "../audit/index.js";
import { authenticateSession, type Role, type StaffPrincipal } from "../auth/index.js";
import type { Clock } from "../clock.js";
import { Errors, LescError } from "../errors.js";
import { isStoreUnavailable, loggableError } from "../store/availability.js";
import type { Store } from "../store/store.js";
import type { Gauge, Metrics } from "./metrics.js";

/**
 * The HTTP server every module's routes hang on: schema validation, one error shape
 * (`{"error": "<field>: <rule>", "code"}`), security headers, staff bearer authentication and
 * role checks, structured logs with credentials redacted, and the OpenAPI document.
 */
declare module "fastify" {
  interface FastifyRequest {
    staff?: StaffPrincipal;
  }
}

export interface HttpContext {
  store: Store;
  clock: Clock;
}

export type RouteModule = (app: FastifyInstance, context: HttpContext) => Promise<void> | void;

/** Who may call a route: anyone, an agency's API key (checked by the switch), or staff roles. */
export type AccessRule = { kind: "public" } | { kind: "agency" } | { kind: "staff"; roles: readonly Role[] };

export interface HttpServerOptions extends HttpContext {
  routes: RouteModule[];
  /**
   * The role × route matrix, keyed `METHOD /path` as the routes declare it. When given, every
   * route must have an entry (the server refuses to start otherwise) and staff routes are
   * guarded from it before the body is read.
   */
  access?: Readonly<Record<string, AccessRule>>;
  logger?: boolean;
  bodyLimit?: number;
  version?: string;
  /** Request metrics, and the gauges to add at each scrape of `GET /metrics`. */
  metrics?: { registry: Metrics; gauges: () => Promise<Gauge[]> } | undefined;
  /** Readiness beyond the store answering: false while starting or draining (`GET /readyz`). */
  ready?: () => boolean;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: Buffer; key: Buffer } | undefined;
  /** Raised when a request's action could not be audited (and so was not done). */
  auditAlarm?: AuditAlarm | undefined;
}

export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.tls
      ? { https: { cert: options.tls.cert, key: options.tls.key, minVersion: "TLSv1.2" as const } }
      : {}),
    logger: options.logger
      ? {
          level: "info",
          redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "[redacted]" },
        }
      : false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { allErrors: false, removeAdditional: false, coerceTypes: false } },
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "lesc staff and switch API",
        version: options.version ?? "0.1.0",
        description:
          "Routes of lesc. The external contract is docs/contract.md; this document lists every route.",
      },
      components: {
        securitySchemes: {
          staffSession: { type: "http", scheme: "bearer", description: "token from POST /api/v1/session" },
          agencyKey: { type: "http", scheme: "bearer", description: "an agency's API key" },
        },
      },
    },
  });

  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("X-Frame-Options", "DENY");
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; object-src 'none'");
    if (options.tls) reply.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // Not ready (starting, or draining for shutdown): close each connection after its reply,
    // so keep-alive sockets do not hold the shutdown open.
    if (options.ready && !options.ready()) reply.header("Connection", "close");
    if (request.url.startsWith("/api/") || request.url.startsWith("/nlets"))
      reply.header("Cache-Control", "no-store");
    return payload;
  });

  app.setErrorHandler((error: FastifyError | LescError, request, reply) => {
    if (error instanceof LescError) {
      return reply.status(error.statusCode).send({ error: error.message, code: error.code });
    }
    if ((error as FastifyError).validation) {
      const first = (error as FastifyError).validation![0]!;
      const where = (error as FastifyError).validationContext ?? "body";
      const field = [where, ...first.instancePath.split("/").filter(Boolean)].join(".");
      const missing = (first.params as { missingProperty?: string }).missingProperty;
      const message = missing ? `${field}.${missing}: is required` : `${field}: ${first.message}`;
      return reply.status(400).send({ error: message, code: "LESC_INVALID_FIELD" });
    }
    // A restart, failover or dropped connection: the client should retry, not treat it as a bug.
    if (isStoreUnavailable(error)) {
      request.log.warn({ cause: loggableError(error) }, "store unavailable");
      // An entry that could not be written because the store went away is an audit failure too.
      if (isAuditWriteError(error)) options.auditAlarm?.raise("WRITE_FAILED", (error as Error).message);
      const unavailable = Errors.storeUnavailable();
      return reply
        .status(unavailable.statusCode)
        .header("Retry-After", "1")
        .send({ error: unavailable.message, code: unavailable.code });
    }
    if (isAuditWriteError(error)) {
      options.auditAlarm?.raise("WRITE_FAILED", (error as Error).message);
      return reply.status(503).header("Retry-After", "30").send({
        error: "the action could not be recorded in the audit log, so it was not done; try again later",
        code: "LESC_AUDIT_UNAVAILABLE",
      });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    // Not the error object itself: a query error's message carries its SQL parameters.
    if (status >= 500) request.log.error({ cause: loggableError(error) }, "request failed");
    return reply.status(status).send({
      error: status >= 500 ? "internal error" : error.message,
      code: (error as FastifyError).code ?? "LESC_INTERNAL",
    });
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: `no route ${request.method} ${request.url.split("?")[0]}`, code: "LESC_NOT_FOUND" });
  });

  // Liveness: the process runs and its store answers.
  app.get("/healthz", { schema: { hide: true } }, async (_request, reply) => {
    try {
      await options.store.pool.query("SELECT 1");
      return { status: "ok" };
    } catch {
      return reply.status(503).send({ status: "unavailable" });
    }
  });

  // Readiness: send traffic here (false before the worker runs and once draining has begun).
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    if (options.ready && !options.ready()) return reply.status(503).send({ status: "not ready" });
    try {
      await options.store.pool.query("SELECT 1");
      return { status: "ready" };
    } catch {
      return reply.status(503).send({ status: "unavailable" });
    }
  });

  const metrics = options.metrics;
  if (metrics) {
    app.addHook("onResponse", async (request, reply) => {
      const route = request.routeOptions.url ?? "unmatched";
      metrics.registry.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
    app.get("/metrics", { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header("Content-Type", "text/plain; version=0.0.4")
        .send(metrics.registry.render(await metrics.gauges())),
    );
  }

  if (options.access) enforceAccess(app, options, options.access);
  for (const route of options.routes) await app.register(async (scope) => route(scope, options));

  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}

function enforceAccess(
  app: FastifyInstance,
  context: HttpContext,
  access: Readonly<Record<string, AccessRule>>,
) {
  app.addHook("onRoute", (route) => {
    if ((route.schema as { hide?: boolean } | undefined)?.hide) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const key = `${method === "HEAD" ? "GET" : method} ${route.url}`;
      const rule = access[key];
      if (!rule) throw new Error(`route ${method} ${route.url} has no entry in the access matrix`);
      if (rule.kind !== "staff") continue;
      const guard = requireStaff(context, rule.roles);
      const existing =
        route.onRequest === undefined
          ? []
          : Array.isArray(route.onRequest)
            ? route.onRequest
            : [route.onRequest];
      route.onRequest = [guard, ...existing];
      if (route.schema) {
        const schema = route.schema as { description?: string };
        schema.description = `${schema.description ? `${schema.description} ` : ""}Roles: ${rule.roles.join(", ")}.`;
      }
    }
  });
}

/** Route guard: a valid staff session whose role is one of `roles`. */
export function requireStaff(context: HttpContext, roles: readonly Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    if (!token) throw Errors.unauthenticated("Authorization: Bearer <session token> is required");
    const principal = await authenticateSession(context.store, context.clock, token);
    if (!roles.includes(principal.role)) {
      throw Errors.forbidden(`role ${principal.role} may not use this route`);
    }
    request.staff = principal;
  };
}
