import { RECIPIENTS } from "../intake/index.js";
import type { RightType } from "./schema.js";

/**
 * The IPR Center's partner agencies (reference intake-and-referral.md §5: "CBP, AFOSI, DCIS,
 * DLA, Commerce, FBI, FDA-OCI, GSA-OIG, NCIS, USPIS, USPTO …", led by HSI) and the versioned
 * rule that picks the one owning a new allegation. The Center deconflicts: one owner per
 * allegation, and the owner of an earlier open allegation on the same violator is told.
 */
export const IPR_RULES_VERSION = "2026-11-28.1";

export const IPR_PARTNERS = {
  HSI: RECIPIENTS.IPR_CENTER,
  CBP: "U.S. Customs and Border Protection",
  FBI: RECIPIENTS.FBI,
  "FDA-OCI": "FDA Office of Criminal Investigations",
  USPIS: RECIPIENTS.USPIS,
  COMMERCE: RECIPIENTS.COMMERCE,
  DCIS: "Defense Criminal Investigative Service",
  NCIS: "Naval Criminal Investigative Service",
  AFOSI: "Air Force Office of Special Investigations",
  DLA: "Defense Logistics Agency (Office of the Inspector General)",
  "GSA-OIG": "GSA Office of Inspector General",
  USPTO: "U.S. Patent and Trademark Office",
} as const;
export type IprPartner = keyof typeof IPR_PARTNERS;
export const IPR_PARTNER_CODES = Object.keys(IPR_PARTNERS) as IprPartner[];

export interface Ownership {
  partner: IprPartner;
  rule: string;
}

const HEALTH =
  /\b(medicines?|medication|pharma\w*|drugs?|pills?|vaccines?|insulin|medical devices?|cosmetics?|food|supplements?)\b/i;
const DEFENCE = /\b(military|defen[cs]e|dod|aircraft parts?|avionics|weapon systems?|armou?r|body armor)\b/i;
const GOVERNMENT_SUPPLY = /\b(gsa|government (contract|purchase|supply)|federal agencies)\b/i;
const MAIL = /\b(mail(ed|ing)?|postal|usps|post office)\b/i;
const BORDER = /\b(import(ed|s|ing)?|shipments?|containers?|port of entry|customs|border|cargo)\b/i;
const EXPORT = /\b(export(ed|s|ing)?|export control|dual[- ]use)\b/i;

/** Who owns a new allegation; the first rule that applies, health and safety first. */
export function ownerFor(input: {
  rightType: RightType | null;
  product: string;
  narrative: string;
}): Ownership {
  const text = `${input.product}\n${input.narrative}`;
  if (HEALTH.test(text)) return { partner: "FDA-OCI", rule: "health and safety products: FDA-OCI" };
  if (DEFENCE.test(text)) return { partner: "DCIS", rule: "defence supply chain: DCIS" };
  if (GOVERNMENT_SUPPLY.test(text)) return { partner: "GSA-OIG", rule: "government supply: GSA-OIG" };
  if (input.rightType === "TRADE_SECRET") {
    return EXPORT.test(text)
      ? { partner: "COMMERCE", rule: "trade secret with an export nexus: Commerce" }
      : { partner: "FBI", rule: "trade secret theft: FBI" };
  }
  if (MAIL.test(text)) return { partner: "USPIS", rule: "counterfeits through the mail: USPIS" };
  if (BORDER.test(text)) return { partner: "CBP", rule: "counterfeit imports at the border: CBP" };
  return { partner: "HSI", rule: "counterfeiting and piracy: HSI (IPR Center)" };
}

export const isIprPartner = (code: string): code is IprPartner => Object.hasOwn(IPR_PARTNERS, code);
