/** Reads any legacy text message the switch accepts, by its message key. */
import { parseAmText } from "./am-codec.js";
import { type IaqParseOptions, parseIaqText } from "./iaq-codec.js";
import { checkLegacyText, messageKeyOf } from "./legacy-text.js";
import { fieldReject } from "./reject.js";
import type { Am, Iaq, ParseFailure } from "./types.js";

export type NletsMessage = { type: "IAQ"; iaq: Iaq } | { type: "AM"; am: Am };
export type NletsParse = { ok: true; message: NletsMessage } | ParseFailure;

/** Parses an IAQ or an AM; YQ and YR are not read by this codec yet. */
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
  return { ok: false, reject: fieldReject("header.MKE", "must be IAQ or AM"), echo: {} };
}
