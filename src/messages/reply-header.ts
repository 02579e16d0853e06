import { LESC_LINE_ORI } from "./legacy-text.js";
import type { MessageKey, NletsHeader } from "./types.js";

/** Who a reply goes to: the requester's ORI and the control field to echo. */
export interface ReplyTo {
  ori: string;
  controlField?: string;
}

/** A reply's address from a stored message: the control field only when there was one. */
export function replyTo(ori: string, controlField: string | null | undefined): ReplyTo {
  return controlField === null || controlField === undefined ? { ori } : { ori, controlField };
}

/**
 * The header of a message lesc sends: from LESC's line ORI (or lesc's own ORI) to the
 * requester, echoing the control field so the requester's switch can route it to the terminal
 * that asked (reference §4).
 */
export function replyHeader<M extends MessageKey>(
  mke: M,
  to: ReplyTo,
  from: string = LESC_LINE_ORI,
): NletsHeader<M> {
  const header: NletsHeader<M> = { mke, ori: from, destinations: [to.ori] };
  if (to.controlField !== undefined) header.controlField = to.controlField;
  return header;
}
