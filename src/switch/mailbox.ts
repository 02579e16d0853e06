import { EventEmitter } from "node:events";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Clock } from "../platform/clock.js";
import type { Executor } from "../platform/store/store.js";
import { type MailboxType, mailboxMessage } from "./schema.js";

/**
 * Each ORI's mailbox (contract §2.1): what lesc sends an agency or a field office waits here,
 * oldest first, until the recipient acknowledges it. Deliveries are written in the transaction
 * of the work that causes them, so a reply exists exactly when its cause committed.
 */
export interface Delivery {
  recipientOri: string;
  type: MailboxType;
  /** The inbound message this answers. */
  inReplyTo?: number | null;
  /** For a field office's copy: the message it copies. */
  copyOf?: number | null;
  text: string;
  data: Record<string, unknown>;
}

export async function deliver(tx: Executor, clock: Clock, delivery: Delivery): Promise<number> {
  const [id] = await deliverAll(tx, clock, [delivery]);
  return id!;
}

/** Delivers several messages with one insert; returns their mailbox ids in the order given. */
export async function deliverAll(
  tx: Executor,
  clock: Clock,
  deliveries: readonly Delivery[],
): Promise<number[]> {
  if (deliveries.length === 0) return [];
  const createdAt = clock.now();
  const rows = await tx
    .insert(mailboxMessage)
    .values(
      deliveries.map((delivery) => ({
        recipientOri: delivery.recipientOri,
        type: delivery.type,
        inReplyTo: delivery.inReplyTo ?? null,
        copyOf: delivery.copyOf ?? null,
        createdAt,
        text: delivery.text,
        data: delivery.data,
      })),
    )
    .returning({ id: mailboxMessage.id });
  // PostgreSQL inserts a VALUES list in its order and returns the rows as inserted (Django's
  // bulk_create relies on the same).
  return rows.map((row) => row.id);
}

/** A mailbox entry as the contract shows it. */
export interface MailboxEntry {
  id: number;
  type: MailboxType;
  inReplyTo: number | null;
  createdAt: string;
  text: string;
  data: Record<string, unknown>;
}

export const MAILBOX_PAGE = 100;

function toEntry(row: typeof mailboxMessage.$inferSelect): MailboxEntry {
  return {
    id: row.id,
    type: row.type,
    inReplyTo: row.inReplyTo,
    createdAt: row.createdAt.toISOString(),
    text: row.text,
    data: row.data,
  };
}

/** The recipient's unacknowledged messages, oldest first. */
export async function readMailbox(db: Executor, ori: string, limit = MAILBOX_PAGE): Promise<MailboxEntry[]> {
  const rows = await db
    .select()
    .from(mailboxMessage)
    .where(and(eq(mailboxMessage.recipientOri, ori), isNull(mailboxMessage.ackedAt)))
    .orderBy(asc(mailboxMessage.id))
    .limit(limit);
  return rows.map(toEntry);
}

/** Acknowledges the recipient's own messages; ids of others' messages are ignored. */
export async function ackMailbox(
  db: Executor,
  clock: Clock,
  ori: string,
  ids: readonly number[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .update(mailboxMessage)
    .set({ ackedAt: clock.now() })
    .where(
      and(
        eq(mailboxMessage.recipientOri, ori),
        isNull(mailboxMessage.ackedAt),
        inArray(mailboxMessage.id, [...ids]),
      ),
    )
    .returning({ id: mailboxMessage.id });
  return rows.length;
}

/**
 * Wakes long-polling readers in this process when a delivery commits. Readers also look again
 * at a fixed interval, which covers deliveries made by other processes on the same database.
 */
const ANY = Symbol("any recipient");

export class MailboxSignal {
  private readonly emitter = new EventEmitter();
  private closed = false;

  constructor(private readonly recheckMs = 1000) {
    this.emitter.setMaxListeners(0);
  }

  notify(oris: Iterable<string>): void {
    for (const ori of new Set(oris)) this.emitter.emit(ori);
  }

  /** Wakes every reader, for writers that do not know whose mail they wrote. */
  notifyAll(): void {
    this.emitter.emit(ANY);
  }

  /** Shutting down: every waiting reader returns now, and later waits return at once. */
  close(): void {
    this.closed = true;
    this.emitter.emit(ANY);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves when `ori` gets mail here, after `recheckMs`, or after `ms`, whichever is first. */
  wait(ori: string, ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(ori, done);
        this.emitter.off(ANY, done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, this.recheckMs)));
      this.emitter.on(ori, done);
      this.emitter.on(ANY, done);
    });
  }
}
