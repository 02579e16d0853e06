import { ACCESS_MATRIX } from "./access.js";
import { auditRoutes } from "./auditing/index.js";
import { detainerRoutes, EXPIRY_QUEUE, expiryJob } from "./detainers/index.js";
import { directoryRoutes } from "./directory/index.js";
import { HIT_CLOCK_QUEUE, hitClockJob, hitRoutes, openHitRequest } from "./hits/index.js";
import { backupRoutes } from "./http/backup-routes.js";
import { consoleRoutes } from "./http/console-routes.js";
import { ChangeFeed, eventRoutes } from "./http/events-routes.js";
import { sessionRoutes } from "./http/session-routes.js";
import { statsRoutes } from "./http/stats-routes.js";
import {
  inquiryRoutes,
  openInquiries,
  openInquiry,
  SEARCH_QUEUE,
  SLA_QUEUE,
  searchJob,
  slaJob,
} from "./inquiries/index.js";
import { checkInquiryPolicy, DEFAULT_INQUIRY_POLICY, type InquiryPolicy } from "./inquiries/policy.js";
import { DEFAULT_POW_BITS, TIP_RETENTION_QUEUE, tipRetentionJob, tipRoutes } from "./intake/index.js";
import { IPR_RETENTION_QUEUE, iprRetentionJob, iprRoutes } from "./ipr/index.js";
import { StoreMatcher } from "./matching/index.js";
import {
  AuditAlarm,
  auditRetentionJob,
  auditVerificationJob,
  RETENTION_QUEUE,
  VERIFY_QUEUE,
} from "./platform/audit/index.js";
import type { Clock } from "./platform/clock.js";
import { type AccessRule, type RateLimit, RateLimiter, type RouteModule } from "./platform/http/index.js";
import type { JobHandler } from "./platform/queue/index.js";
import { GroupCommit } from "./platform/store/group-commit.js";
import type { Store } from "./platform/store/store.js";
import {
  type Acceptance,
  acceptMessages,
  type InboundMessage,
  MailboxSignal,
  type SwitchOptions,
  switchRoutes,
} from "./switch/index.js";
import { RETIRE_QUEUE, retirementJob, violatorRoutes, violatorSearchRoutes } from "./violators/index.js";

/**
 * lesc assembled: the modules' routes and job handlers over one store and one clock. `serve`
 * and the tests build the same thing, so what is tested is what runs.
 */
export interface LescOptions {
  store: Store;
  clock: Clock;
  /** lesc's own 9-character ORI, accepted as a destination beside AX. */
  ownOri?: string | undefined;
  inquiryPolicy?: InquiryPolicy;
  /** Per sending ORI on the switch. */
  switchRateLimit?: RateLimit;
  /** How long the matcher reuses term frequencies (0 in tests that change the files). */
  frequencyTtlMs?: number;
  /** The hit desk's phone number, given in every YR. */
  hitDeskPhone?: string;
  /** The system use notice shown before log-on (default: lesc's CJIS notice). */
  useNotice?: string | undefined;
  /** The built operator console served at `/` (default dist/web). */
  consoleRoot?: string | undefined;
  /** Zero bits the public tip form's proof of work must find (default 16). */
  tipPowBits?: number;
  /** A secret outside the database that tip receipts are hashed with (none: plain SHA-256). */
  tipReceiptPepper?: string | undefined;
  /** How often the console's event stream sends a heartbeat and checks its session (default 15 s). */
  eventHeartbeatMs?: number;
}

export interface Lesc {
  routes: RouteModule[];
  /** The role × route matrix the server enforces (src/access.ts). */
  access: Readonly<Record<string, AccessRule>>;
  jobHandlers: Record<string, JobHandler>;
  signal: MailboxSignal;
  matcher: StoreMatcher;
  /** Set by the runner: called when new work was queued, to wake the job worker. */
  onWork: () => void;
  /** The switch's front door (the HTTP route calls it after checking the key; the demo directly). */
  accept(inbound: InboundMessage): Promise<Acceptance>;
  /** Raised when the audit log cannot be written or verified (CJIS 5.4.2); the runner adds alerts. */
  auditAlarm: AuditAlarm;
}

/** A synthetic number (555-01xx): deployments set their own. */
export const DEFAULT_HIT_DESK_PHONE = "555-0100";

/** 50 messages a second sustained per agency, 200 at once: far above any one agency's traffic. */
export const DEFAULT_SWITCH_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 200 };

export function assembleLesc(options: LescOptions): Lesc {
  const { store, clock } = options;
  const policy = checkInquiryPolicy(options.inquiryPolicy ?? DEFAULT_INQUIRY_POLICY);
  const matcher = new StoreMatcher(store, options.frequencyTtlMs);
  const services = {
    store,
    clock,
    matcher,
    policy,
    queueViews: new Map<string, { signature: string; at: number }>(),
  };
  const hitServices = { store, clock, matcher, deskPhone: options.hitDeskPhone ?? DEFAULT_HIT_DESK_PHONE };
  const signal = new MailboxSignal();
  const auditAlarm = new AuditAlarm(clock);
  const changes = new ChangeFeed(store, signal);
  const switchOptions: SwitchOptions = {
    ownOri: options.ownOri,
    handlers: { IAQ: openInquiry(policy, clock), YQ: openHitRequest(hitServices) },
    batchHandlers: { IAQ: openInquiries(policy, clock) },
  };
  // Messages that arrive while a batch is being stored share the next transaction.
  const acceptance = new GroupCommit(
    (inbounds: InboundMessage[]) => acceptMessages(store, clock, inbounds, switchOptions),
    { concurrency: store.kind === "server" ? 2 : 1 },
  );
  const lesc: Lesc = {
    matcher,
    signal,
    auditAlarm,
    onWork: () => {},
    async accept(inbound) {
      const outcome = await acceptance.submit(inbound);
      signal.notify([inbound.senderOri]);
      changes.wake();
      lesc.onWork();
      return outcome;
    },
    jobHandlers: {
      [SEARCH_QUEUE]: searchJob(services),
      [SLA_QUEUE]: slaJob(services),
      [HIT_CLOCK_QUEUE]: hitClockJob(hitServices),
      [RETIRE_QUEUE]: retirementJob(clock),
      [EXPIRY_QUEUE]: expiryJob(clock),
      [RETENTION_QUEUE]: auditRetentionJob(clock),
      [TIP_RETENTION_QUEUE]: tipRetentionJob(clock),
      [IPR_RETENTION_QUEUE]: iprRetentionJob(clock),
      [VERIFY_QUEUE]: auditVerificationJob(store, clock, auditAlarm),
    },
    routes: [],
    access: ACCESS_MATRIX,
  };
  lesc.routes = [
    sessionRoutes({ useNotice: options.useNotice }),
    switchRoutes({
      store,
      clock,
      signal,
      limiter: new RateLimiter(clock, options.switchRateLimit ?? DEFAULT_SWITCH_RATE_LIMIT),
      accept: (inbound) => lesc.accept(inbound),
    }),
    inquiryRoutes(services),
    hitRoutes(hitServices),
    violatorRoutes,
    violatorSearchRoutes({ matcher }),
    detainerRoutes,
    statsRoutes,
    eventRoutes({ feed: changes, heartbeatMs: options.eventHeartbeatMs }),
    auditRoutes(auditAlarm),
    directoryRoutes,
    backupRoutes,
    tipRoutes({
      store,
      clock,
      matcher,
      proofOfWorkBits: options.tipPowBits ?? DEFAULT_POW_BITS,
      receiptPepper: options.tipReceiptPepper,
    }),
    iprRoutes({ store, clock, receiptPepper: options.tipReceiptPepper }),
    consoleRoutes({ root: options.consoleRoot }),
  ];
  return lesc;
}
