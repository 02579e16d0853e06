/**
 * NCIC hit confirmation: YQ intake into cases with deadlines, escalation timers, YR answers,
 * the confirmation workspace, the board and the figures.
 */
export {
  DEADLINE_MS,
  HIT_CLOCK_QUEUE,
  type HitServices,
  hitClockJob,
  hitWorkspace,
  listHits,
  openHitRequest,
  respondToHit,
} from "./desk.js";
export { hitRoutes } from "./routes.js";
export { hitCase, hitEvent, hitRequest } from "./schema.js";
export { type HitStats, hitStats } from "./stats.js";
