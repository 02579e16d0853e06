import { type Iaq, offenceCategory } from "../messages/index.js";
import { HOUR } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";

/**
 * Response-time targets and the rules that flag an enhanced response. The support centre sets
 * the targets; lesc's defaults are the example (in custody 1 hour, others 4 hours),
 * with a warning when 75 % of the time is gone.
 */
export interface InquiryPolicy {
  inCustodyTargetMs: number;
  otherTargetMs: number;
  /** Share of the target after which the supervisor is warned, in (0, 1). */
  warnAt: number;
}

export const DEFAULT_INQUIRY_POLICY: InquiryPolicy = Object.freeze({
  inCustodyTargetMs: HOUR,
  otherTargetMs: 4 * HOUR,
  warnAt: 0.75,
});

export function checkInquiryPolicy(policy: InquiryPolicy): InquiryPolicy {
  for (const field of ["inCustodyTargetMs", "otherTargetMs"] as const) {
    if (!Number.isInteger(policy[field]) || policy[field] < 60_000) {
      throw Errors.invalidField(field, "must be a whole number of milliseconds, at least one minute");
    }
  }
  if (!(policy.warnAt > 0 && policy.warnAt < 1))
    throw Errors.invalidField("warnAt", "must be between 0 and 1");
  return policy;
}

export function targetFor(policy: InquiryPolicy, inCustody: boolean): number {
  return inCustody ? policy.inCustodyTargetMs : policy.otherTargetMs;
}

/**
 * Remarks that ask for a call back. The Nlets remarks field is free text, so the rule reads the
 * words officers use for it.
 */
const CALL_BACK =
  /\b(ENHANCED|CALL(?:\s*BACK)?|CONTACT|PHONE|TELEPHONE|ADVISE\s+BY\s+PHONE|URGENT|ASAP|AGENT|DETAIN(?:ER)?|HOLD)\b/;

/** Offence categories (NCIC code's first two digits) treated as a serious criminal history. */
export const SERIOUS_OFFENCES: ReadonlySet<string> = new Set([
  "09", // homicide
  "10", // kidnapping
  "11", // sexual assault
  "12", // robbery
  "13", // assault
  "35", // dangerous drugs
  "36", // sex offences
  "52", // weapon offences
  "64", // crimes against the person
]);

/** Why an inquiry should get an enhanced response before any search has run. */
export function enhancedReasonsOnReceipt(iaq: Iaq): string[] {
  const reasons: string[] = [];
  if (iaq.rem !== undefined && CALL_BACK.test(iaq.rem.toUpperCase())) reasons.push("REMARKS_REQUEST");
  if (SERIOUS_OFFENCES.has(iaq.off.slice(0, 2)) && offenceCategory(iaq.off) !== undefined) {
    reasons.push("SERIOUS_CHARGE");
  }
  return reasons;
}
