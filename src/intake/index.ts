/** Public intake: the tip line (receipts, replies, referral rules, life-safety fast path). */

export { tipRoutes } from "./routes.js";
export { RECIPIENTS, routeTip, speaksOfThreatToLife, TIP_RULES_VERSION } from "./rules.js";
export { TIP_CATEGORIES, tip, tipMessage, tipReferral } from "./schema.js";
export { hashReceipt, submitTip, type TipServices } from "./tips.js";
