/** The HTTP layer: server, error shape, security headers, staff authentication guard. */
export {
  buildHttpServer,
  type HttpContext,
  type HttpServerOptions,
  type RouteModule,
  requireStaff,
} from "./server.js";
