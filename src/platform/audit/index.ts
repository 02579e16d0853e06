/**
 * Audit: the append-only, hash-chained record of who did what, when, with what outcome and
 * for what purpose. Every module writes here in the same transaction as its action.
 */
export {
  type AuditEntry,
  type AuditEvent,
  type AuditVerification,
  canonicalJson,
  verifyAuditChain,
  writeAudit,
} from "./audit.js";
export { type AuditOutcome, auditLog } from "./schema.js";
