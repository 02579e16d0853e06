import { fieldOfficeForState } from "../directory/index.js";
import type { TipCategory } from "./schema.js";

/**
 * Who a tip goes to: a versioned rules table (reference: intake-and-referral.md §0 and §6).
 * The primary recipient works it; info-only recipients are told. Recipients outside ICE:
 * domestic hacking and identity theft go to the Secret Service (FBI informed), child
 * exploitation through the mail to the Postal Inspection Service, export cases are shared with
 * Commerce, and with the FBI when there is a counter-intelligence nexus.
 */
export const TIP_RULES_VERSION = "2026-11-28.1";

export const RECIPIENTS = {
  TIPLINE_TRIAGE: "HSI Tip Line triage (LESC)",
  C3: "ICE Cyber Crimes Center",
  IPR_CENTER: "National IPR Coordination Center",
  TTU: "HSI Trade Transparency Unit",
  JTTF: "JTTF liaison (HSI)",
  CTCEU: "HSI Counter-Proliferation Investigations",
  USSS: "U.S. Secret Service",
  FBI: "FBI",
  USPIS: "U.S. Postal Inspection Service",
  COMMERCE: "Department of Commerce (BIS Export Enforcement)",
  DUTY_AGENT: "LESC duty agent (life safety)",
} as const;

export interface Routing {
  primary: string;
  info: string[];
  rule: string;
}

export interface RoutingInput {
  category: TipCategory;
  narrative: string;
  location?: "INSIDE_US" | "OUTSIDE_US" | null | undefined;
  state?: string | null | undefined;
  lifeSafety: boolean;
}

const MAIL = /\b(mail(ed|ing)?|postal|usps|post office|package)\b/i;
const DOMESTIC_CYBER =
  /\b(hack(ed|ing|er)?|identity theft|stolen identity|phishing|ransomware|account takeover)\b/i;
const COUNTER_INTELLIGENCE =
  /\b(espionage|spy|spying|intelligence service|foreign agent|counter-?intelligence)\b/i;

function fieldOffice(state: string | null | undefined): string | undefined {
  if (!state) return undefined;
  const office = fieldOfficeForState(state);
  return office ? `${office.name} (${office.code})` : undefined;
}

export function routeTip(input: RoutingInput): Routing {
  const office = input.location === "OUTSIDE_US" ? undefined : fieldOffice(input.state);
  const local = office ?? RECIPIENTS.TIPLINE_TRIAGE;
  let routing: Routing;
  switch (input.category) {
    case "IMMIGRATION":
    case "CUSTOMS":
    case "FRAUDULENT_DOCUMENTS":
    case "HUMAN_TRAFFICKING":
      routing = { primary: local, info: [], rule: `${input.category}: the field office for the area` };
      break;
    case "IPR":
      routing = { primary: RECIPIENTS.IPR_CENTER, info: office ? [office] : [], rule: "IPR: the IPR Center" };
      break;
    case "CHILD_EXPLOITATION":
      routing = MAIL.test(input.narrative)
        ? {
            primary: RECIPIENTS.USPIS,
            info: [RECIPIENTS.C3],
            rule: "child exploitation through the mail: USPIS",
          }
        : { primary: RECIPIENTS.C3, info: office ? [office] : [], rule: "child exploitation: C3" };
      break;
    case "CYBER":
      routing =
        input.location !== "OUTSIDE_US" && DOMESTIC_CYBER.test(input.narrative)
          ? {
              primary: RECIPIENTS.USSS,
              info: [RECIPIENTS.FBI],
              rule: "domestic hacking or identity theft: Secret Service, FBI informed",
            }
          : { primary: RECIPIENTS.C3, info: [], rule: "cross-border cyber crime: C3" };
      break;
    case "MONEY_LAUNDERING":
      routing = {
        primary: RECIPIENTS.TTU,
        info: office ? [office] : [],
        rule: "trade-based money laundering: TTU",
      };
      break;
    case "EXPORT_ARMS":
      routing = {
        primary: RECIPIENTS.CTCEU,
        info: [
          RECIPIENTS.COMMERCE,
          ...(COUNTER_INTELLIGENCE.test(input.narrative) ? [RECIPIENTS.FBI] : []),
          ...(office ? [office] : []),
        ],
        rule: COUNTER_INTELLIGENCE.test(input.narrative)
          ? "export with a counter-intelligence nexus: shared with Commerce and the FBI"
          : "export and arms: shared with Commerce",
      };
      break;
    case "TERRORISM":
      routing = {
        primary: RECIPIENTS.JTTF,
        info: [RECIPIENTS.FBI, ...(office ? [office] : [])],
        rule: "terrorism: JTTF",
      };
      break;
    default:
      routing = { primary: RECIPIENTS.TIPLINE_TRIAGE, info: [], rule: "other: triage" };
  }
  if (input.lifeSafety) {
    // Threats to life are dual-routed at once (TTL dual routing), before any queue.
    routing = {
      primary: RECIPIENTS.DUTY_AGENT,
      info: [...new Set([routing.primary, ...routing.info, RECIPIENTS.FBI])],
      rule: `life safety: duty agent first; then ${routing.rule}`,
    };
  }
  return routing;
}

const LIFE_SAFETY =
  /\b(kill|killing|shoot|shooting|bomb|explosive|murder|hostage|kidnap(ped|ping)?|suicide|going to hurt|threat(en)? to (his|her|their|my)? ?life|armed and)\b/i;

/** Words of an imminent threat to life: the fast path, before any queue. */
export function speaksOfThreatToLife(text: string): boolean {
  return LIFE_SAFETY.test(text);
}
