/** The HTTP layer: server, error shape, security headers, staff authentication guard. */

export { type Gauge, Metrics } from "./metrics.js";
export { type RateDecision, type RateLimit, RateLimiter } from "./rate-limit.js";
export { IdParams } from "./schemas.js";
export {
  type AccessRule,
  buildHttpServer,
  type HttpContext,
  type HttpServerOptions,
  type RouteModule,
  requireStaff,
} from "./server.js";
