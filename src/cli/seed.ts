import cliProgress from "cli-progress";
import { sql } from "drizzle-orm";
import { syncOfficeDirectory } from "../directory/index.js";
import { rebuildMatchIndex } from "../matching/index.js";
import { systemClock } from "../platform/clock.js";
import type { Store } from "../platform/store/store.js";
import { seedStore } from "../synthetic/seed.js";
import { openCommandStore, parseCommandArgs, printJson, STORE_FLAGS, wholeNumber } from "./args.js";

/** `lesc seed [--violators N] [--people N] [--seed S]`. */
export async function seedCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("seed", argv, {
    ...STORE_FLAGS,
    violators: { type: "string" },
    people: { type: "string" },
    seed: { type: "string" },
  });
  const violators = wholeNumber("violators", values.violators, 1000);
  const people = wholeNumber("people", values.people, 10_000);
  const store = await openCommandStore("seed", values);
  try {
    printJson(await seedWithProgress(store, { people, violators, seed: values.seed ?? "lesc" }));
  } finally {
    await store.close();
  }
}

/** Seeds with a progress bar on stderr (a plain line per 10 % when stderr is not a terminal). */
export async function seedWithProgress(
  store: Store,
  options: { people: number; violators: number; seed: string },
) {
  const total = options.people + options.violators;
  const bar = new cliProgress.SingleBar(
    {
      format: "seeding [{bar}] {percentage}% | {value}/{total} records | {duration}s",
      stream: process.stderr,
      noTTYOutput: false,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  if (tty) bar.start(total, 0);
  try {
    await store.transaction((tx) => syncOfficeDirectory(tx));
    const seeded = await seedStore(store, systemClock, {
      ...options,
      onProgress(done) {
        if (tty) bar.update(done);
        else {
          const decile = Math.floor((done / Math.max(total, 1)) * 10);
          if (decile !== lastDecile) {
            lastDecile = decile;
            process.stderr.write(`seeding: ${done}/${total} records\n`);
          }
        }
      },
    });
    if (tty) bar.stop();
    // Vacuumed now, in one go after the bulk load, not by the first upkeep pass under traffic
    // (the index rebuild below analyzes them).
    await store.db.execute(sql`VACUUM person, subject_name, violator_record`);
    // The new records are searchable only once the matching index covers them.
    let lastReported = -1;
    const indexed = await rebuildMatchIndex(store, systemClock, ({ source, done, total: inFile }) => {
      const decile = Math.floor((done / Math.max(inFile, 1)) * 4);
      if (decile !== lastReported || done === inFile) {
        lastReported = decile;
        process.stderr.write(
          `indexing ${source === "PERSON" ? "immigration index" : "Violator File"}: ${done}/${inFile}\n`,
        );
      }
    });
    process.stderr.write(
      `indexed ${indexed.records} records for matching in ${indexed.seconds.toFixed(1)} s\n`,
    );
    return seeded;
  } finally {
    if (tty) bar.stop();
  }
}
