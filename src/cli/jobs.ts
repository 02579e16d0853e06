import type { JobHandler } from "../platform/queue/index.js";

/** Every module's job handlers, by queue name. Modules add theirs here as they arrive. */
export const JOB_HANDLERS: Record<string, JobHandler> = {};
