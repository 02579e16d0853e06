import { Type } from "@sinclair/typebox";

/**
 * `/…/:id` of a numeric record. Path and query values arrive as text and are not coerced
 * (bodies stay strict), so the id is matched as digits here and converted by the route.
 */
export const IdParams = Type.Object({ id: Type.String({ pattern: "^[1-9][0-9]{0,15}$" }) });
