/** Public intake: the tip line (receipts, replies, referral rules, life-safety fast path). */

export {
  CHALLENGE_TTL_MS,
  checkPowBits,
  DEFAULT_POW_BITS,
  issueChallenge,
  POW_HEADER,
} from "./proof-of-work.js";
export { leadingZeroBits, proofOfWorkHeader, solveProofOfWork } from "./proof-of-work-solver.js";
export {
  dailyPurge,
  parseStatusRetention,
  parseTipRetention,
  purgeTips,
  scheduleTipRetention,
  TIP_RETENTION_QUEUE,
  type TipRetention,
  tipRetentionJob,
} from "./retention.js";
export { tipRoutes } from "./routes.js";
export { RECIPIENTS, routeTip, speaksOfThreatToLife, TIP_RULES_VERSION } from "./rules.js";
export {
  FINAL_TIP_STATUSES,
  intakeKey,
  TIP_CATEGORIES,
  TIP_STATUSES,
  tip,
  tipMessage,
  tipPowSpent,
  tipReferral,
} from "./schema.js";
export { type TipStats, tipStats } from "./stats.js";
export { hashReceipt, newReceipt, receiptHashes, submitTip, type TipServices } from "./tips.js";
