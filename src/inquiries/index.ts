/**
 * Immigration Alien Queries: intake from the switch, the automated search and PRELIMINARY IAR,
 * the research queue and workspace, the FINAL IAR, enhanced responses, response-time clocks
 * and the fiscal-year figures.
 */
export {
  describeCandidates,
  type InquiryCandidate,
  iarCandidate,
  resultOf,
  SOURCE_LABEL,
} from "./candidates.js";
export {
  COMPONENT,
  type InquiryServices,
  openInquiries,
  openInquiry,
  SEARCH_QUEUE,
  SLA_QUEUE,
  searchJob,
  slaJob,
  slaTimerKey,
  subjectOfIaq,
} from "./pipeline.js";
export {
  checkInquiryPolicy,
  DEFAULT_INQUIRY_POLICY,
  enhancedReasonsOnReceipt,
  type InquiryPolicy,
} from "./policy.js";
export {
  claimInquiry,
  flagEnhanced,
  inquiryWorkspace,
  listQueue,
  manualSearch,
  recordContact,
  releaseInquiry,
  respondToInquiry,
} from "./research.js";
export { inquiryRoutes } from "./routes.js";
export { inquiry, inquiryContact, inquiryEvent } from "./schema.js";
export {
  type DailyInquiries,
  dailyInquiries,
  fiscalYearOf,
  fiscalYearRange,
  fiscalYearStats,
} from "./stats.js";
export { findTemplate, RESPONSE_TEMPLATES } from "./templates.js";
