/** The HTTP layer: server, error shape, security headers, staff authentication guard. */

export { type RateDecision, type RateLimit, RateLimiter } from "./rate-limit.js";
export {
  buildHttpServer,
  type HttpContext,
  type HttpServerOptions,
  type RouteModule,
  requireStaff,
} from "./server.js";
