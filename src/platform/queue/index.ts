/**
 * Durable work queue and due-time timers in the store, for every module: enqueue with the
 * business write, claim with SKIP LOCKED, retry with back-off, dead-letter, fire once.
 */
export {
  cancelTimer,
  type DailyTimerOptions,
  type EnqueueOptions,
  enqueueJob,
  enqueueJobs,
  exponentialBackoff,
  type JobHandler,
  JobWorker,
  type JobWorkerOptions,
  type PreparedJobHandler,
  retryDeadJob,
  scheduleDailyTimer,
  scheduleTimer,
  scheduleTimers,
  type TimerOptions,
} from "./queue.js";
export { type Job, type JobState, job } from "./schema.js";
