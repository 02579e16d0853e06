/** The auditors' desk: audit log search and export, the weekly review. */
export { exportAudit, listReviews, REVIEW_INTERVAL_MS, recordReview, searchAudit } from "./desk.js";
export { auditRoutes } from "./routes.js";
export { auditReview } from "./schema.js";
