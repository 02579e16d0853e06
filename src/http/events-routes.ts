import { asc, gt, max } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { hitEvent } from "../hits/index.js";
import { inquiryEvent } from "../inquiries/index.js";
import { writeAudit } from "../platform/audit/index.js";
import { sessionEndReason } from "../platform/auth/index.js";
import type { HttpContext } from "../platform/http/index.js";
import type { Store } from "../platform/store/store.js";
import type { MailboxSignal } from "../switch/index.js";

/**
 * The console's live research queue and hit board: `GET /api/v1/events`, a server-sent event
 * stream of change notices (`event: queue` / `event: hits` with the changed ids, nothing
 * else), so the console reads the queue or board again only when something changed.
 *
 * Changes are found in the inquiries' and hit cases' own timelines (`inquiry_event`,
 * `hit_event`: every receipt, preliminary answer, claim, release, answer, SLA or clock
 * warning adds a row), read by one poller per process while any stream is open. The poller
 * looks again when a job finishes or a message is accepted here (the mailbox signal), and at
 * least every second, which covers changes made by other `lesc serve` processes on the same
 * database. Identity values are handed out before commit, so a later-committing transaction
 * can show up with a lower id: the poller re-reads a window of recent ids and remembers which
 * it has announced.
 */
export type ChangeTopic = "queue" | "hits";
export interface ChangeNotice {
  topic: ChangeTopic;
  ids: number[];
}
interface Subscriber {
  notice: (notice: ChangeNotice) => void;
  closed: (reason: string) => void;
}

/** How many recent event ids are read again each time (late commits of concurrent writers). */
const LOOKBACK_IDS = 200;
/** The mailbox signal's key for the feed: no agency has it; `notifyAll` reaches it. */
const FEED_WAKE_KEY = "\u0000change-feed";

export class ChangeFeed {
  private readonly subscribers = new Set<Subscriber>();
  private readonly cursors = new Map<ChangeTopic, { last: number; seen: Set<number> }>();
  private running = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly signal: MailboxSignal,
    private readonly recheckMs = 1000,
  ) {}

  /** Starts the poller with the first subscriber; it stops when the last one leaves. */
  subscribe(notice: Subscriber["notice"], closed: Subscriber["closed"]): () => void {
    const subscriber = { notice, closed };
    this.subscribers.add(subscriber);
    if (!this.running) void this.run();
    return () => {
      this.subscribers.delete(subscriber);
      this.wake();
    };
  }

  /** Something changed in this process: look now rather than at the next recheck. */
  wake(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    this.running = true;
    this.cursors.clear();
    try {
      while (this.subscribers.size > 0) {
        if (this.signal.isClosed) {
          for (const subscriber of [...this.subscribers]) subscriber.closed("server stopping");
          this.subscribers.clear();
          break;
        }
        try {
          for (const notice of await this.poll()) {
            for (const subscriber of this.subscribers) subscriber.notice(notice);
          }
        } catch {
          // The store did not answer: streams stay open and the next look tries again.
        }
        await this.pause();
      }
    } finally {
      this.running = false;
      this.wakeUp = undefined;
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      void this.signal.wait(FEED_WAKE_KEY, this.recheckMs).then(resolve);
    });
  }

  private async poll(): Promise<ChangeNotice[]> {
    const notices: ChangeNotice[] = [];
    const sources = [
      { topic: "queue", table: inquiryEvent, ref: inquiryEvent.inquiryId },
      { topic: "hits", table: hitEvent, ref: hitEvent.caseId },
    ] as const;
    for (const { topic, table, ref } of sources) {
      let cursor = this.cursors.get(topic);
      const fresh = cursor === undefined;
      if (!cursor) {
        const [top] = await this.store.db.select({ last: max(table.id) }).from(table);
        cursor = { last: Number(top?.last ?? 0), seen: new Set() };
        this.cursors.set(topic, cursor);
      }
      const floor = Math.max(0, cursor.last - LOOKBACK_IDS);
      const rows = await this.store.db
        .select({ id: table.id, ref })
        .from(table)
        .where(gt(table.id, floor))
        .orderBy(asc(table.id));
      const changed = new Set<number>();
      const before = cursor.last;
      for (const row of rows) {
        if (cursor.seen.has(row.id)) continue;
        cursor.seen.add(row.id);
        cursor.last = Math.max(cursor.last, row.id);
        // What was there before the first look is not news.
        if (!fresh || row.id > before) changed.add(row.ref);
      }
      for (const id of cursor.seen) if (id <= cursor.last - LOOKBACK_IDS) cursor.seen.delete(id);
      if (changed.size > 0) notices.push({ topic, ids: [...changed].sort((a, b) => a - b) });
    }
    return notices;
  }
}

export interface EventStreamOptions {
  feed: ChangeFeed;
  /** A comment line this often keeps proxies from closing the stream; the session is checked too. */
  heartbeatMs?: number;
}

export const DEFAULT_EVENT_HEARTBEAT_MS = 15_000;

/**
 * `GET /api/v1/events`. EventSource cannot send an Authorization header, so the console reads
 * the stream with fetch and its bearer token (no token ever goes in a URL). The stream ends
 * when its session does (log-off, idle time-out, log-on elsewhere, checked with each
 * heartbeat without counting as use) and when the server stops.
 */
export function eventRoutes(options: EventStreamOptions) {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_EVENT_HEARTBEAT_MS;
  return (app: FastifyInstance, context: HttpContext): void => {
    const { store, clock } = context;
    const open = new Set<(reason: string) => void>();
    app.addHook("preClose", async () => {
      for (const end of [...open]) end("server stopping");
    });

    app.get(
      "/api/v1/events",
      {
        schema: {
          summary:
            "Server-sent events: `queue` and `hits` change notices (ids only), a heartbeat comment, and `end` with the reason when the session ends",
          tags: ["events"],
          security: [{ staffSession: [] }],
        },
      },
      async (request, reply) => {
        const staff = request.staff!;
        // Opening the stream is an access; what it then shows is read (and audited) by the
        // queue and board routes.
        await store.transaction((tx) =>
          writeAudit(tx, clock, {
            component: "console",
            eventType: "EVENT_STREAM_OPENED",
            outcome: "SUCCESS",
            actorUser: staff.username,
            subject: `user:${staff.username}`,
            purpose: "live research queue and hit board",
            details: { topics: ["queue", "hits"] },
          }),
        );
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          "Content-Type": "text/event-stream; charset=utf-8",
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
          "X-Accel-Buffering": "no",
        });
        const send = (text: string) => {
          if (!raw.writableEnded) raw.write(text);
        };
        let ended = false;
        const end = (reason: string | undefined) => {
          if (ended) return;
          ended = true;
          open.delete(end);
          clearInterval(heartbeat);
          unsubscribe();
          if (reason) send(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
          raw.end();
        };
        open.add(end);
        send(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ heartbeatMs })}\n\n`);
        const unsubscribe = options.feed.subscribe(
          (notice) => send(`event: ${notice.topic}\ndata: ${JSON.stringify({ ids: notice.ids })}\n\n`),
          (reason) => end(reason),
        );
        const heartbeat = setInterval(() => {
          sessionEndReason(store, clock, staff.sessionId)
            .then((reason) => (reason ? end(`session ended: ${reason}`) : send(": heartbeat\n\n")))
            .catch(() => send(": heartbeat\n\n"));
        }, heartbeatMs);
        raw.on("close", () => end(undefined));
      },
    );
  };
}
