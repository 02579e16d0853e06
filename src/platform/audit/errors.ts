import { causes } from "../store/availability.js";

/** An audit entry could not be written; the action it recorded was rolled back with it. */
export class AuditWriteError extends Error {
  constructor(cause: unknown) {
    // The innermost cause's message: the database's own words. A query wrapper's message would
    // carry the entry's parameters (names, addresses), which must not reach logs or alerts.
    super(`the audit log could not be written: ${causes(cause).at(-1)?.message ?? String(cause)}`, { cause });
    this.name = "AuditWriteError";
  }
}

/** True when `error`, or anything in its cause chain, is an AuditWriteError. */
export function isAuditWriteError(error: unknown): boolean {
  return causes(error).some((cause) => cause instanceof AuditWriteError);
}
