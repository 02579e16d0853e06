import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GroupCommit, type Settled } from "./group-commit.js";

/** A batch writer the test releases by hand, recording what each batch held. */
function gatedWriter() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const work = async (items: number[]): Promise<Settled<string>[]> => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((item) =>
      item < 0
        ? { ok: false, error: new Error(`item ${item} refused`) }
        : { ok: true, value: `stored ${item}` },
    );
  };
  const releaseNext = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
  };
  return { batches, work, releaseNext };
}

describe("group commit", () => {
  it("writes the first item at once and groups the items that arrive meanwhile into the next batch", async () => {
    const writer = gatedWriter();
    const group = new GroupCommit(writer.work, { maxBatch: 3 });
    const first = group.submit(1);
    const later = [2, 3, 4, 5].map((item) => group.submit(item));
    assert.deepEqual(writer.batches, [[1]], "the first item did not wait for company");
    await writer.releaseNext();
    assert.equal(await first, "stored 1");
    await writer.releaseNext();
    await writer.releaseNext();
    assert.deepEqual(await Promise.all(later), ["stored 2", "stored 3", "stored 4", "stored 5"]);
    assert.deepEqual(writer.batches, [[1], [2, 3, 4], [5]], "at most maxBatch items per batch, in order");
  });

  it("gives each caller its own item's error, and the rest of the batch its results", async () => {
    const writer = gatedWriter();
    const group = new GroupCommit(writer.work);
    const results = [7, -1, 8].map((item) =>
      group.submit(item).then(String, (error: Error) => error.message),
    );
    await writer.releaseNext();
    await writer.releaseNext();
    assert.deepEqual(writer.batches, [[7], [-1, 8]]);
    assert.deepEqual(await Promise.all(results), ["stored 7", "item -1 refused", "stored 8"]);
  });

  it("runs up to `concurrency` batches at once", async () => {
    const writer = gatedWriter();
    const group = new GroupCommit(writer.work, { concurrency: 2 });
    const all = [1, 2, 3].map((item) => group.submit(item));
    assert.deepEqual(writer.batches, [[1], [2]], "two batches in flight, the third item waits");
    await writer.releaseNext();
    await writer.releaseNext();
    await writer.releaseNext();
    assert.deepEqual(await Promise.all(all), ["stored 1", "stored 2", "stored 3"]);
  });

  it("fails every item of a batch whose writer throws", async () => {
    const group = new GroupCommit<number, string>(async () => {
      throw new Error("store down");
    });
    const results = await Promise.allSettled([group.submit(1), group.submit(2)]);
    assert.deepEqual(
      results.map((r) => r.status === "rejected" && (r.reason as Error).message),
      ["store down", "store down"],
    );
  });
});
