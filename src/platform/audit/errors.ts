/** An audit entry could not be written; the action it recorded was rolled back with it. */
export class AuditWriteError extends Error {
  constructor(cause: unknown) {
    super(`the audit log could not be written: ${rootMessage(cause)}`, { cause });
    this.name = "AuditWriteError";
  }
}

/** True when `error`, or anything in its cause chain, is an AuditWriteError. */
export function isAuditWriteError(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof AuditWriteError) return true;
  }
  return false;
}

/**
 * The innermost cause's message: the database's own words. A query wrapper's message would
 * carry the entry's parameters (names, addresses), which must not reach logs or alerts.
 */
function rootMessage(error: unknown): string {
  let e = error;
  for (let depth = 0; depth < 8 && (e as { cause?: unknown })?.cause !== undefined; depth++) {
    e = (e as { cause?: unknown }).cause;
  }
  return e instanceof Error ? e.message : String(e);
}
