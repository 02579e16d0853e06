import { rebuildMatchIndex } from "../matching/index.js";
import { systemClock } from "../platform/clock.js";
import { openCommandStore, parseCommandArgs, printJson, STORE_FLAGS } from "./args.js";

/** `lesc index rebuild`: recomputes the matching index from the record files. */
export async function indexRebuildCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("index rebuild", argv, { ...STORE_FLAGS });
  const store = await openCommandStore("index rebuild", values);
  try {
    const result = await rebuildMatchIndex(store, systemClock, ({ source, done, total }) => {
      if (done === total || done % 100_000 === 0)
        process.stderr.write(`indexing ${source}: ${done}/${total}\n`);
    });
    printJson({ records: result.records, seconds: Number(result.seconds.toFixed(1)) });
  } finally {
    await store.close();
  }
}
