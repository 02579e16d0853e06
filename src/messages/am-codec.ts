/**
 * AM: the Nlets administrative message, free text. Agencies send AMs to `AX` for general help
 * and to `AXADMHELP` for the HELP file (NL-IAQ); lesc sends AMs to agencies.
 */
import { ORI_PATTERN } from "../directory/index.js";
import { fail, formatLegacyHeader, LESC_LINE_ORI, parseLegacyFrame, type Step } from "./legacy-text.js";
import type { Am, ParseFailure } from "./types.js";

/** LESC's HELP file address (NL-IAQ). */
export const LESC_HELP_ORI = "AXADMHELP";

export interface AmParseOptions {
  /** lesc's own 9-character ORI; when given, only AX, AXADMHELP and this ORI are accepted. */
  ownOri?: string;
}

export type AmParse = { ok: true; am: Am } | ParseFailure;

export function parseAmText(text: string, options: AmParseOptions = {}): AmParse {
  const { ownOri } = options;
  const frame = parseLegacyFrame(text, {
    mke: "AM",
    destination: (d) =>
      d === LESC_LINE_ORI ||
      d === LESC_HELP_ORI ||
      (ownOri === undefined ? ORI_PATTERN.test(d) : d === ownOri),
    destinationRule:
      ownOri === undefined
        ? `must be ${LESC_LINE_ORI}, ${LESC_HELP_ORI} or a 9-character ORI`
        : `must be ${LESC_LINE_ORI}, ${LESC_HELP_ORI} or ${ownOri}`,
  });
  if (!frame.ok) return frame;
  const body = amText(frame.frame.body);
  if (!body.ok) {
    const { header } = frame.frame;
    return {
      ...body,
      echo:
        header.controlField === undefined
          ? { ori: header.ori }
          : { ori: header.ori, controlField: header.controlField },
    };
  }
  return { ok: true, am: { header: frame.frame.header, text: body.value } };
}

/** The text of an AM: lines without trailing spaces, no blank lines before or after. */
function amText(raw: string): Step<string> {
  const text = raw
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
  if (text.trim() === "") return fail("TXT", "the administrative message has no text");
  if (/[^\x20-\x7e\n]/.test(text)) return fail("TXT", "must be printable ASCII");
  return { ok: true, value: text };
}

export function formatAmText(am: Am): string {
  return `${formatLegacyHeader(am.header)}\n${am.text}\n`;
}
