/**
 * The Nlets legacy text frame shared by every message type: the header
 * `MKE.ORI.DEST[.DEST…][.*CONTROL].TXT` and a body of `PREFIX/value.` fields.
 */
import { ORI_PATTERN } from "../directory/index.js";
import { fieldReject } from "./reject.js";
import type { MessageKey, NletsHeader, ParseFailure, Reject, RejectEcho } from "./types.js";

/** Largest legacy text message accepted, in bytes; an IAQ is well under 1 KiB. */
export const MAX_TEXT_BYTES = 16 * 1024;

/** LESC's line ORI: Nlets destination for IAQs (NL-IAQ). */
export const LESC_LINE_ORI = "AX";

const LINE_ORI_PATTERN = /^[A-Z]{2}$/;

/**
 * Nlets reads the text after `*` as a supplemental address (device and terminal) used to route
 * the reply; the maximum length is not confirmed (≈10, reference §4), so lesc takes 1–10
 * letters or digits.
 */
export const CONTROL_FIELD_PATTERN = /^[A-Z0-9]{1,10}$/;
export const CONTROL_FIELD_RULE = "must be 1 to 10 letters or digits after the *";
export const ORI_RULE = "must be 9 characters: 2 letters, then 7 letters or digits (e.g. ZZ0000000)";

/** YQ header: "up to three 9-character ORIs" (NL-YQ-TXT); the same header serves every type. */
const MAX_DESTINATIONS = 3;

export type Step<T> = { ok: true; value: T } | { ok: false; reject: Reject };

export const fail = (field: string, rule: string): { ok: false; reject: Reject } => ({
  ok: false,
  reject: fieldReject(field, rule),
});

export interface HeaderRules {
  mke: MessageKey;
  /** Whether a destination is acceptable (e.g. IAQ: only `AX` or lesc's own ORI). */
  destination: (dest: string) => boolean;
  destinationRule: string;
}

export interface LegacyFrame<M extends MessageKey> {
  header: NletsHeader<M>;
  /** Everything after `TXT` and its line break. */
  body: string;
}

export type FrameResult<M extends MessageKey> = { ok: true; frame: LegacyFrame<M> } | ParseFailure;

/** The message key a legacy text begins with, or undefined when it does not begin with one. */
export function messageKeyOf(text: string): string | undefined {
  return /^\s*([A-Z]{2,3})\./.exec(text)?.[1];
}

/** Frame checks that come before any header field: size and characters. */
export function checkLegacyText(text: string): Step<string> {
  if (Buffer.byteLength(text, "utf8") > MAX_TEXT_BYTES) {
    return fail("message", `must be at most ${MAX_TEXT_BYTES} bytes`);
  }
  // Nlets text is printable characters and line breaks; control characters are never data.
  if (hasControlCharacters(text, "\n\r")) {
    return fail("message", "must not contain control characters other than line breaks");
  }
  return { ok: true, value: text.replace(/\r\n?/g, "\n") };
}

/** Whether `text` holds a C0 control character (or DEL) other than those in `allowed`. */
export function hasControlCharacters(text: string, allowed: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 || code === 0x7f) && !allowed.includes(text[i]!)) return true;
  }
  return false;
}

/** Splits a legacy message into its header and body, applying the header edits. */
export function parseLegacyFrame<M extends MessageKey>(
  raw: string,
  rules: HeaderRules & { mke: M },
): FrameResult<M> {
  const echo: RejectEcho = {};
  const refuse = (field: string, rule: string): FrameResult<M> => ({
    ok: false,
    reject: fieldReject(field, rule),
    echo,
  });
  const checked = checkLegacyText(raw);
  if (!checked.ok) return { ...checked, echo };
  const text = checked.value.replace(/^\s+/, "");

  // Header tokens end at a period or a line break; TXT ends the header.
  let at = 0;
  const next = (): string | undefined => {
    while (at < text.length && text[at] === "\n") at++;
    if (at >= text.length) return undefined;
    let end = at;
    while (end < text.length && text[end] !== "." && text[end] !== "\n") end++;
    const token = text.slice(at, end).trim();
    at = end < text.length && text[end] === "." ? end + 1 : end;
    return token;
  };

  const mke = next();
  if (mke !== rules.mke) return refuse("header.MKE", `must be ${rules.mke}`);
  const ori = next();
  if (ori === undefined || !ORI_PATTERN.test(ori)) return refuse("header.ORI", ORI_RULE);
  echo.ori = ori;

  const destinations: string[] = [];
  let controlField: string | undefined;
  let token = next();
  while (token !== undefined && token !== "TXT" && !token.startsWith("*")) {
    if (!(ORI_PATTERN.test(token) || LINE_ORI_PATTERN.test(token)) || !rules.destination(token)) {
      return refuse("header.DEST", rules.destinationRule);
    }
    destinations.push(token);
    if (destinations.length > MAX_DESTINATIONS) {
      return refuse("header.DEST", `at most ${MAX_DESTINATIONS} destinations`);
    }
    token = next();
  }
  if (destinations.length === 0) return refuse("header.DEST", `required; ${rules.destinationRule}`);
  if (token?.startsWith("*")) {
    const control = token.slice(1);
    if (!CONTROL_FIELD_PATTERN.test(control)) return refuse("header.controlField", CONTROL_FIELD_RULE);
    controlField = control;
    echo.controlField = control;
    token = next();
  }
  if (token !== "TXT") return refuse("header.TXT", "the header must end with TXT");
  const afterTxt = text.slice(at);
  // TXT is followed by a line break (or the body directly after its period).
  const body = afterTxt.startsWith("\n") ? afterTxt.slice(1) : afterTxt;

  const header: NletsHeader<M> = { mke: rules.mke, ori, destinations };
  if (controlField !== undefined) header.controlField = controlField;
  return { ok: true, frame: { header, body } };
}

/** `MKE.ORI.DEST….*CONTROL.TXT`, the form the reference shows (the output header lines that
 * Nlets itself adds on delivery are not lesc's to write). */
export function formatLegacyHeader(header: NletsHeader): string {
  const control = header.controlField === undefined ? "" : `*${header.controlField}.`;
  return `${header.mke}.${header.ori}.${header.destinations.join(".")}.${control}TXT`;
}

/** One `PREFIX/value` field of a legacy body. */
export interface LegacyField {
  prefix: string;
  value: string;
}

/**
 * Splits a body into its `PREFIX/value` fields. Each field ends with a period; the last period
 * is optional (the reference example omits it). Blank fields are an error: Nlets requires the
 * prefix to be dropped rather than sent empty.
 */
export function splitLegacyFields(body: string): Step<LegacyField[]> {
  const tokens = body.split(".").map((t) => t.trim());
  while (tokens.length > 0 && tokens[tokens.length - 1] === "") tokens.pop();
  const fields: LegacyField[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token === "") return fail("TXT", `field ${index + 1} is empty (two periods in a row)`);
    const match = /^([A-Z]{3})\/([\s\S]*)$/.exec(token);
    if (!match) return fail("TXT", `field ${index + 1} is not PREFIX/value with a 3-letter prefix`);
    fields.push({ prefix: match[1]!, value: match[2]! });
  }
  return { ok: true, value: fields };
}

/** A destination accepted for messages to LESC: the line ORI `AX`, or lesc's own ORI. */
export function lescDestination(
  ownOri: string | undefined,
): Pick<HeaderRules, "destination" | "destinationRule"> {
  return ownOri === undefined
    ? {
        destination: (d) => d === LESC_LINE_ORI || ORI_PATTERN.test(d),
        destinationRule: `must be ${LESC_LINE_ORI} or a 9-character ORI`,
      }
    : {
        destination: (d) => d === LESC_LINE_ORI || d === ownOri,
        destinationRule: `must be ${LESC_LINE_ORI} or ${ownOri}`,
      };
}
