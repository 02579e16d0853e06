/**
 * The NLETS-style message switch (contract §2.1): messages in (durable before the 202,
 * idempotent by control field, ACK at once, REJ for bad ones) and each ORI's mailbox out.
 */
export {
  type Acceptance,
  type AcceptedMessage,
  acceptMessage,
  acceptMessages,
  type BatchMessageHandler,
  IDEMPOTENCY_WINDOW_MS,
  type InboundMessage,
  type MessageHandler,
  type SwitchOptions,
} from "./accept.js";
export {
  ackMailbox,
  type Delivery,
  deliver,
  deliverAll,
  type MailboxEntry,
  MailboxSignal,
  readMailbox,
} from "./mailbox.js";
export { MAX_WAIT_SECONDS, SWITCH_BODY_LIMIT, type SwitchRouteOptions, switchRoutes } from "./routes.js";
export { mailboxMessage, nletsControlField, nletsMessage } from "./schema.js";
