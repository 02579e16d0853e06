/** ACK: the automatic acknowledgment sent to the sender once a message is stored (NL-IAQ). */

import { legacyValue } from "./legacy-output.js";
import { formatLegacyHeader } from "./legacy-text.js";
import { type ReplyTo, replyHeader } from "./reply-header.js";
import type { Ack, MessageKey } from "./types.js";

export interface AckData {
  messageId: string;
  acknowledges: MessageKey;
  controlField: string | null;
}

export function ackFor(to: ReplyTo, acknowledges: MessageKey, messageId: string, from?: string): Ack {
  return { header: replyHeader("ACK", to, from), acknowledges, messageId };
}

export function ackData(ack: Ack): AckData {
  return {
    messageId: ack.messageId,
    acknowledges: ack.acknowledges,
    controlField: ack.header.controlField ?? null,
  };
}

export function formatAckText(ack: Ack): string {
  return `${formatLegacyHeader(ack.header)}\n${ack.acknowledges} RECEIVED. MSG/${legacyValue(ack.messageId)}.\n`;
}
