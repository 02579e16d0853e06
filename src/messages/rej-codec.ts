/** REJ: the reject a sender's terminal shows, naming the field and the rule it broke. */
import { formatLegacyHeader } from "./legacy-text.js";
import { type ReplyTo, replyHeader } from "./reply-header.js";
import type { Rej, Reject } from "./types.js";

/** The contract's `400 {"error","reject"}` body and the mailbox `data` of a REJ. */
export interface RejData {
  error: string;
  reject: string;
  field: string;
  rule: string;
  controlField: string | null;
}

export function rejFor(to: ReplyTo, reject: Reject, from?: string): Rej {
  return { header: replyHeader("REJ", to, from), field: reject.field, rule: reject.rule, text: reject.text };
}

/** `error` names the field and the rule; `reject` is the legacy reject text. */
export function rejData(rej: Rej): RejData {
  return {
    error: `${rej.field}: ${rej.rule}`,
    reject: rej.text,
    field: rej.field,
    rule: rej.rule,
    controlField: rej.header.controlField ?? null,
  };
}

export function formatRejText(rej: Rej): string {
  return `${formatLegacyHeader(rej.header)}\n${rej.text}\n`;
}
