/**
 * Telling "the store is unreachable for now" (a PostgreSQL restart, a failover, a dropped
 * connection) from a bug, so callers can answer 503 and try again instead of 500, and
 * describing errors for logs without the SQL text and parameters a query error carries
 * (they can hold personal data).
 */
// SQLSTATE class 08 (connection exception) is matched by prefix; 57P01–57P03: the server is
// shutting down, crashed or starting; 25006: read-only (a standby not yet promoted);
// 53300: too many connections.
const UNAVAILABLE_CODES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "25006",
  "53300",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
// node-postgres reports a lost or unopenable connection with these messages and no code.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed|Connection ended/i;

/** `error` and its causes, outermost first (at most ten). */
export function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let at = error; at instanceof Error && chain.length < 10; at = at.cause) chain.push(at);
  return chain;
}

export function isStoreUnavailable(error: unknown): boolean {
  return causes(error).some((cause) => {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && (code.startsWith("08") || UNAVAILABLE_CODES.has(code))) return true;
    return UNAVAILABLE_MESSAGES.test(cause.message);
  });
}

/** The innermost cause's code and message: never the failed query's text or parameters. */
export function loggableError(error: unknown): string {
  const chain = causes(error);
  const root = chain[chain.length - 1];
  if (!root) return String(error);
  const code = (root as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${root.message}` : root.message;
}
