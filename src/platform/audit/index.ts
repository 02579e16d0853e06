/**
 * Audit: the append-only, hash-chained record of who did what, when, with what outcome and
 * for what purpose. Every module writes here in the same transaction as its action.
 */

export {
  AuditAlarm,
  type AuditFailure,
  type AuditFailureKind,
  type AuditFailureState,
  alertCommand,
  auditVerificationJob,
  checkAuditStorage,
  scheduleAuditVerification,
  VERIFY_QUEUE,
} from "./alarm.js";
export {
  type AuditEntry,
  type AuditEvent,
  type AuditVerification,
  canonicalJson,
  readAnchor,
  verifyAuditChain,
  writeAudit,
  writeAudits,
} from "./audit.js";
export { AuditWriteError, isAuditWriteError } from "./errors.js";
export {
  auditRetentionJob,
  checkRetentionDays,
  DEFAULT_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  purgeAudit,
  RETENTION_QUEUE,
  scheduleAuditRetention,
} from "./retention.js";
export { type AuditOutcome, auditAnchor, auditLog } from "./schema.js";
