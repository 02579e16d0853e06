/** Reads any legacy text message the switch accepts, by its message key. */
import { parseAmText } from "./am-codec.js";
import { type IaqParseOptions, parseIaqText } from "./iaq-codec.js";
import { checkLegacyText, messageKeyOf } from "./legacy-text.js";
import { fieldReject } from "./reject.js";
import type { Am, Iaq, NletsHeader, ParseFailure, Yq } from "./types.js";
import { parseYqText } from "./yq-codec.js";

export type NletsMessage = { type: "IAQ"; iaq: Iaq } | { type: "AM"; am: Am } | { type: "YQ"; yq: Yq };
export type NletsParse = { ok: true; message: NletsMessage } | ParseFailure;

/** Parses an IAQ, a YQ or an AM (the messages agencies send to lesc). */
export function parseNletsText(text: string, options: IaqParseOptions = {}): NletsParse {
  const checked = checkLegacyText(text);
  if (!checked.ok) return { ...checked, echo: {} };
  const mke = messageKeyOf(checked.value);
  if (mke === "IAQ") {
    const parsed = parseIaqText(text, options);
    return parsed.ok ? { ok: true, message: { type: "IAQ", iaq: parsed.iaq } } : parsed;
  }
  if (mke === "AM") {
    const parsed = parseAmText(text, options.ownOri === undefined ? {} : { ownOri: options.ownOri });
    return parsed.ok ? { ok: true, message: { type: "AM", am: parsed.am } } : parsed;
  }
  if (mke === "YQ") {
    const parsed = parseYqText(text, options);
    return parsed.ok ? { ok: true, message: { type: "YQ", yq: parsed.yq } } : parsed;
  }
  return { ok: false, reject: fieldReject("header.MKE", "must be IAQ, YQ or AM"), echo: {} };
}

/** The header of any message the switch reads. */
export function headerOf(message: NletsMessage): NletsHeader {
  return message.type === "IAQ"
    ? message.iaq.header
    : message.type === "YQ"
      ? message.yq.header
      : message.am.header;
}
