/** Immigration detainers (Form I-247A): lodging by agents, the 48-hour hold, lifecycle, notices. */
export { federalHolidays, HOLD_HOURS, holdEnds, isHoldDay } from "./hold.js";
export {
  detainerDetail,
  detainerStats,
  EXPIRY_QUEUE,
  expiryJob,
  listDetainers,
  lodgeDetainer,
  type NewDetainer,
  updateDetainer,
} from "./lodge.js";
export { detainerRoutes } from "./routes.js";
export { detainer, detainerEvent, PROBABLE_CAUSES } from "./schema.js";
