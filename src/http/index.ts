/** The HTTP routes of every module, in the order the server mounts them. */
import type { RouteModule } from "../platform/http/index.js";
import { sessionRoutes } from "./session-routes.js";

export const ROUTES: RouteModule[] = [sessionRoutes];
