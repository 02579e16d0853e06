/**
 * Group commit: callers submit one item each; items that arrive while a batch is being
 * written wait and go together in the next, so under load many items share one transaction
 * and its statements, and an idle system still writes each item at once, without waiting
 * for a timer. Each caller gets its own item's result or error.
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export type BatchWork<I, O> = (items: I[]) => Promise<Settled<O>[]>;

export interface GroupCommitOptions {
  /** Most items in one batch. */
  maxBatch?: number;
  /** Batches written at once (1 for the embedded store's single connection). */
  concurrency?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private active = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(
    private readonly work: BatchWork<I, O>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 100;
    this.concurrency = options.concurrency ?? 1;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.active++;
      void this.write(batch).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async write(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.work(batch.map((waiting) => waiting.item));
      for (const [i, waiting] of batch.entries()) {
        const result = results[i];
        if (result === undefined) waiting.reject(new Error("group commit: no result for this item"));
        else if (result.ok) waiting.resolve(result.value);
        else waiting.reject(result.error);
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
