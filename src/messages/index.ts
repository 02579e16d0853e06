/**
 * NLETS / NCIC codecs: legacy text and NIEM XML <-> typed messages (IAQ in; IAR, ACK, REJ, AM
 * out), with every field edit of the reference. Expected failures come back as a Reject naming
 * the field and the rule, with the legacy reject text; nothing here touches the store.
 */
export { type AckData, ackData, ackFor, formatAckText } from "./ack-codec.js";
export { type AmParse, type AmParseOptions, formatAmText, LESC_HELP_ORI, parseAmText } from "./am-codec.js";
export {
  formatIaqText,
  formatIaqXml,
  type IaqParse,
  type IaqParseOptions,
  NAMESPACES,
  parseIaqText,
  parseIaqXml,
} from "./iaq-codec.js";
export { formatName, IAQ_OPTIONAL, IAQ_REQUIRED } from "./iaq-fields.js";
export { formatIarText, type IarData, iarData, iarFor, type NewIar } from "./iar-codec.js";
export { LESC_LINE_ORI, MAX_TEXT_BYTES, messageKeyOf } from "./legacy-text.js";
export {
  GENERIC_OFFENCE,
  IMMIGRATION_OFFENCES,
  NCIC_PLACES,
  type NcicPlace,
  ncicPlace,
  OFFENCE_CATEGORIES,
  offenceCategory,
  PROVISIONAL_NCIC_CODES,
} from "./ncic-codes.js";
export { headerOf, type NletsMessage, type NletsParse, parseNletsText } from "./nlets-codec.js";
export { formatRejText, type RejData, rejData, rejFor } from "./rej-codec.js";
export { fieldReject } from "./reject.js";
export { type ReplyTo, replyHeader, replyTo } from "./reply-header.js";
export type {
  Ack,
  Am,
  Iaq,
  Iar,
  IarCandidate,
  IarResult,
  IarStage,
  MessageKey,
  NletsHeader,
  ParseFailure,
  PersonName,
  Rej,
  Reject,
  RejectEcho,
  Sex,
  Yq,
  YqRecordType,
  Yr,
  YrStatus,
} from "./types.js";
export { MAX_XML_BYTES } from "./xml-reader.js";
export {
  formatYqText,
  formatYrText,
  type NewYr,
  NIC_PATTERN,
  parseYqText,
  YQ_RECORD_TYPES,
  type YqParse,
  yrData,
  yrFor,
} from "./yq-codec.js";
