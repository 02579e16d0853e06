/**
 * IPR allegation intake: counterfeiting and piracy reported by web form, e-mail (.eml, by API
 * or a watched folder) and hotline; evidence checked by content; deconfliction across the IPR
 * Center's partner agencies.
 */

export {
  allegationForStaff,
  checkAllegation,
  type IprServices,
  type NewAllegation,
  submitAllegation,
} from "./allegations.js";
export { addressKey, matchReasons, nameSimilarity, violatorTokens, websiteHost } from "./deconflict.js";
export { EMAIL_MAX_BYTES, type EmailOutcome, parseEmail, takeEmail } from "./email-intake.js";
export {
  checkEvidence,
  detectKind,
  EVIDENCE_MAX_BYTES,
  inspectZip,
  sanitiseFileName,
  ZIP_LIMITS,
} from "./evidence-check.js";
export { MAIL_DIR_POLL_MS, MAIL_DIR_SETTLE_MS, takeMailDir, watchMailDir } from "./mail-dir.js";
export { IPR_PARTNERS, IPR_RULES_VERSION, type IprPartner, ownerFor } from "./partners.js";
export {
  FINAL_IPR_STATUSES,
  IPR_RETENTION_QUEUE,
  type IprRetention,
  iprRetentionJob,
  parseIprRetention,
  purgeAllegations,
  scheduleIprRetention,
} from "./retention.js";
export { FILE_NAME_HEADER, iprRoutes } from "./routes.js";
export {
  iprAllegation,
  iprEmail,
  iprEvidence,
  iprLink,
  iprMailQuarantine,
  iprMessage,
  iprNotification,
  RIGHT_TYPES,
} from "./schema.js";
