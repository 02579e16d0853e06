import { sql } from "drizzle-orm";
import { writeAudit } from "../platform/audit/index.js";
import type { Clock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import type { Executor, Store } from "../platform/store/store.js";
import type { ImmigrationStatus } from "../records/index.js";
import type { ViolatorCategory } from "../violators/index.js";
import { generateIdentity, type SyntheticIdentity, varyName } from "./identities.js";
import { Random } from "./random.js";

/**
 * `lesc seed`: synthetic immigration-index people and Violator File records, the same for the
 * same seed. Every identifier is fake: A-numbers in the 9xxxxxxxx range, SSNs in the 9xx area
 * (never issued), NICs `N` + 9 digits, FBI numbers of a made-up shape.
 */
export interface SeedOptions {
  people: number;
  violators: number;
  seed: string;
  /** Called after each batch with rows written so far and the total. */
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

export interface SeedResult {
  people: number;
  violators: number;
}

interface PersonRow {
  id: number;
  aNumber: string;
  fbi: string | null;
  ssn: string | null;
  identity: SyntheticIdentity;
  status: ImmigrationStatus;
  statusDate: string;
}

/** Share of Violator File subjects who also appear in the immigration index. */
const LINKED_SHARE = 0.6;
const REFERENCE_DAY = Date.UTC(2026, 0, 1);

const STATUS_WEIGHTS: readonly (readonly [ImmigrationStatus, number])[] = [
  ["LAWFUL_PERMANENT_RESIDENT", 30],
  ["NATURALIZED_CITIZEN", 20],
  ["NONIMMIGRANT_VISA", 20],
  ["VISA_OVERSTAY", 10],
  ["PENDING_REMOVAL_PROCEEDINGS", 10],
  ["FINAL_ORDER", 5],
  ["REMOVED", 5],
];
const CATEGORY_WEIGHTS: readonly (readonly [ViolatorCategory, number])[] = [
  ["DEPORTED_FELON", 45],
  ["ABSCONDER", 40],
  ["ICE_CRIMINAL_WARRANT", 15],
];
const STATUS_FOR_CATEGORY: Record<ViolatorCategory, ImmigrationStatus> = {
  DEPORTED_FELON: "REMOVED",
  ABSCONDER: "FINAL_ORDER",
  ICE_CRIMINAL_WARRANT: "PENDING_REMOVAL_PROCEEDINGS",
};
const PORTS = [
  "SAN YSIDRO CA",
  "LAREDO TX",
  "EL PASO TX",
  "JFK AIRPORT NY",
  "MIAMI AIRPORT FL",
  "LOS ANGELES AIRPORT CA",
  "NOGALES AZ",
  "HIDALGO TX",
  "CHICAGO OHARE IL",
  "NEWARK AIRPORT NJ",
  "HOUSTON AIRPORT TX",
  "DETROIT MI",
  "BLAINE WA",
  "CHAMPLAIN NY",
  "ATLANTA AIRPORT GA",
  "SAN JUAN PR",
  "HONOLULU HI",
  "DULLES AIRPORT VA",
] as const;
const DOCUMENTS = ["B1/B2 VISA", "F1 VISA", "H1B VISA", "I-551", "I-94", "PAROLE", "NONE (EWI)"] as const;
const REMARKS = [
  null,
  null,
  null,
  null,
  "CAUTION: MAY BE ARMED",
  "SUBJECT HAS USED MULTIPLE DATES OF BIRTH",
  "PRIOR REMOVAL; RE-ENTRY AFTER DEPORTATION",
  "TATTOO LEFT FOREARM",
  "FAILED TO APPEAR FOR REMOVAL",
] as const;

export async function seedStore(store: Store, clock: Clock, options: SeedOptions): Promise<SeedResult> {
  for (const [field, value] of [
    ["--people", options.people],
    ["--violators", options.violators],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 50_000_000) {
      throw Errors.invalidField(field, "must be a whole number from 0 to 50000000");
    }
  }
  const batchSize = options.batchSize ?? 5000;
  const total = options.people + options.violators;
  let done = 0;
  return store.transaction(async (tx) => {
    await refuseSeededFiles(tx, options);
    const root = new Random(options.seed);
    const peopleRng = root.fork("people");
    const extraRng = root.fork("violator-only subjects");
    const idRng = root.fork("identifiers");
    const ids = new IdentifierMint(idRng);
    const linked = Math.min(options.people, Math.floor(options.violators * LINKED_SHARE));
    // Linked violator j is person number floor(j * people / linked).
    let nextLinked = 0;
    const linkedPersonIndex = (j: number) => Math.floor((j * options.people) / Math.max(linked, 1));

    const people = new PersonBatch();
    const violators = new ViolatorBatch();
    let violatorCount = 0;
    // One batch is written while the next is generated: the store works in its own thread.
    let writing: Promise<void> = Promise.resolve();
    const flush = async (force: boolean) => {
      await writing;
      const writeViolators = force || violators.size >= batchSize;
      // Violator records refer to index people: write the people they may refer to first.
      const writePeople = writeViolators || people.size >= batchSize;
      // Both batches are taken now (generation goes on meanwhile); their writes run in order.
      const peopleWritten = writePeople ? people.flush(tx, clock) : Promise.resolve(0);
      const violatorsWritten = writeViolators ? violators.flush(tx, peopleWritten) : Promise.resolve(0);
      writing = Promise.all([peopleWritten, violatorsWritten]).then(([a, b]) => {
        done += a + b;
        options.onProgress?.(done, total);
      });
      if (force) await writing;
    };

    for (let i = 0; i < options.people; i++) {
      const identity = generateIdentity(peopleRng);
      let category: ViolatorCategory | undefined;
      if (nextLinked < linked && linkedPersonIndex(nextLinked) === i) {
        category = peopleRng.weighted(CATEGORY_WEIGHTS);
        nextLinked++;
      }
      const status = category ? STATUS_FOR_CATEGORY[category] : peopleRng.weighted(STATUS_WEIGHTS);
      const row: PersonRow = {
        id: i + 1,
        aNumber: ids.aNumber(),
        fbi: category || peopleRng.chance(0.15) ? ids.fbiNumber() : null,
        ssn: status === "LAWFUL_PERMANENT_RESIDENT" || status === "NATURALIZED_CITIZEN" ? ids.ssn(0.7) : null,
        identity,
        status,
        statusDate: dateBetween(peopleRng, identity.dob, 16),
      };
      people.add(row, peopleRng);
      if (category) {
        violatorCount++;
        violators.add(violatorFromPerson(violatorCount, row, category, peopleRng, ids));
      }
      if (people.size >= batchSize || violators.size >= batchSize) await flush(false);
    }
    while (violatorCount < options.violators) {
      violatorCount++;
      const identity = generateIdentity(extraRng);
      const category = extraRng.weighted(CATEGORY_WEIGHTS);
      violators.add({
        id: violatorCount,
        nic: ids.nic(),
        oca: oca(violatorCount),
        category,
        identity,
        name: identity.name,
        aNumber: extraRng.chance(0.8) ? ids.aNumber() : null,
        fbi: ids.fbiNumber(),
        personId: null,
        remarks: extraRng.pick(REMARKS),
        enteredAt: dateBetween(extraRng, "2019-01-01", 0),
      });
      if (violators.size >= batchSize) await flush(false);
    }
    await flush(true);
    await tx.execute(sql`INSERT INTO seed_run (seed, people, violators, finished_at)
      VALUES (${options.seed}, ${options.people}, ${options.violators}, ${clock.now()})`);
    await writeAudit(tx, clock, {
      component: "synthetic",
      eventType: "SEED",
      outcome: "SUCCESS",
      subject: "store",
      purpose: "synthetic demonstration and test data",
      details: { seed: options.seed, people: options.people, violators: options.violators },
    });
    return { people: options.people, violators: options.violators };
  });
}

async function refuseSeededFiles(tx: Executor, options: SeedOptions): Promise<void> {
  const result = await tx.execute<{ people: number; violators: number }>(sql`
    SELECT (SELECT count(*)::int FROM (SELECT 1 FROM person LIMIT 1) p) AS people,
           (SELECT count(*)::int FROM (SELECT 1 FROM violator_record LIMIT 1) v) AS violators`);
  const row = result.rows[0]!;
  if (options.people > 0 && row.people > 0) {
    throw Errors.conflict("the immigration index already holds people; seed into an empty store");
  }
  if (options.violators > 0 && row.violators > 0) {
    throw Errors.conflict("the Violator File already holds records; seed into an empty store");
  }
}

interface ViolatorRow {
  id: number;
  nic: string;
  oca: string;
  category: ViolatorCategory;
  identity: SyntheticIdentity;
  name: SyntheticIdentity["name"];
  aNumber: string | null;
  fbi: string | null;
  personId: number | null;
  remarks: string | null;
  enteredAt: string;
}

function violatorFromPerson(
  id: number,
  person: PersonRow,
  category: ViolatorCategory,
  rng: Random,
  ids: IdentifierMint,
): ViolatorRow {
  // The Violator File entry was keyed by another clerk: sometimes under a variant of the name.
  const name = rng.chance(0.3) ? varyName(rng, person.identity).name : person.identity.name;
  return {
    id,
    nic: ids.nic(),
    oca: oca(id),
    category,
    identity: person.identity,
    name,
    aNumber: person.aNumber,
    fbi: person.fbi,
    personId: person.id,
    remarks: rng.pick(REMARKS),
    enteredAt: dateBetween(rng, "2019-01-01", 0),
  };
}

function oca(id: number): string {
  return `IVF${String(id).padStart(9, "0")}`;
}

/** A date from `from` (plus `minYears`) up to the reference day, as YYYY-MM-DD. */
function dateBetween(rng: Random, from: string, minYears: number): string {
  const start = Date.parse(`${from}T00:00:00Z`) + minYears * 365.25 * 86_400_000;
  const end = Math.max(start, REFERENCE_DAY);
  return new Date(start + Math.floor(rng.next() * (end - start))).toISOString().slice(0, 10);
}

/** Unique fake identifiers. */
class IdentifierMint {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Random) {}

  private unique(make: () => string): string {
    for (;;) {
      const value = make();
      if (!this.used.has(value)) {
        this.used.add(value);
        return value;
      }
    }
  }
  aNumber(): string {
    return this.unique(() => `9${this.rng.digits(8)}`);
  }
  nic(): string {
    return this.unique(() => `N${this.rng.digits(9)}`);
  }
  fbiNumber(): string {
    const letters = "ABCDEFGHJKLMNPRTUVWXY";
    return this.unique(
      () =>
        `${this.rng.digits(6)}${this.rng.pick([...letters])}${this.rng.pick([...letters])}${this.rng.digits(1)}`,
    );
  }
  ssn(probability: number): string | null {
    return this.rng.chance(probability) ? `9${this.rng.digits(8)}` : null;
  }
}

type Column = (string | number | boolean | null)[];

/** Column-wise buffers flushed with one `INSERT … SELECT FROM unnest(…)` per table. */
class PersonBatch {
  private person = columns(13);
  private names = columns(8);
  private events = columns(6);
  size = 0;

  add(row: PersonRow, rng: Random): void {
    const { identity } = row;
    push(this.person, [
      row.id,
      row.aNumber,
      row.fbi,
      row.ssn,
      identity.name.last,
      identity.name.first,
      identity.name.middle,
      identity.dob,
      identity.sex,
      identity.countryOfBirth,
      row.status === "NATURALIZED_CITIZEN" ? "US" : identity.countryOfBirth,
      row.status,
      row.statusDate,
    ]);
    addNames(this.names, "PERSON", row.id, identity);
    const entries = rng.int(1, 2);
    let last = dateBetween(rng, identity.dob, 14);
    let seq = 0;
    for (let e = 0; e < entries; e++) {
      push(this.events, [row.id, ++seq, "ENTRY", last, rng.pick(PORTS), rng.pick(DOCUMENTS)]);
      if (rng.chance(0.35)) {
        last = dateBetween(rng, last, 0);
        push(this.events, [row.id, ++seq, "EXIT", last, rng.pick(PORTS), "I-94"]);
      }
    }
    this.size++;
  }

  /** Takes the buffered rows at once (so more can be added meanwhile), then writes them. */
  async flush(tx: Executor, clock: Clock): Promise<number> {
    if (this.size === 0) return 0;
    const { person: p, names, events: e, size } = this;
    this.person = columns(13);
    this.names = columns(8);
    this.events = columns(6);
    this.size = 0;
    await tx.execute(sql`INSERT INTO person (id, a_number, fbi_number, ssn, last_name, first_name, middle_name,
        dob, sex, country_of_birth, citizenship, status, status_date, created_at)
      SELECT *, ${clock.now()}::timestamptz FROM unnest(${arr(p[0])}::bigint[], ${arr(p[1])}::text[], ${arr(p[2])}::text[], ${arr(p[3])}::text[],
        ${arr(p[4])}::text[], ${arr(p[5])}::text[], ${arr(p[6])}::text[], ${arr(p[7])}::date[], ${arr(p[8])}::text[], ${arr(p[9])}::text[],
        ${arr(p[10])}::text[], ${arr(p[11])}::text[], ${arr(p[12])}::date[])`);
    await insertNames(tx, names);
    await tx.execute(sql`INSERT INTO immigration_event (person_id, seq, kind, occurred_on, port, document)
      SELECT * FROM unnest(${arr(e[0])}::bigint[], ${arr(e[1])}::smallint[], ${arr(e[2])}::text[], ${arr(e[3])}::date[],
        ${arr(e[4])}::text[], ${arr(e[5])}::text[])`);
    return size;
  }
}

class ViolatorBatch {
  private rows = columns(16);
  private names = columns(8);
  size = 0;

  add(row: ViolatorRow): void {
    const entered = `${row.enteredAt}T12:00:00Z`;
    push(this.rows, [
      row.id,
      row.nic,
      row.oca,
      row.category,
      row.name.last,
      row.name.first,
      row.name.middle,
      row.identity.dob,
      row.identity.sex,
      row.identity.countryOfBirth,
      row.aNumber,
      row.fbi,
      row.remarks,
      row.personId,
      entered,
      entered,
    ]);
    addNames(this.names, "VIOLATOR", row.id, { ...row.identity, name: row.name });
    this.size++;
  }

  /** Takes the buffered rows at once, then writes them once `after` (their people) is written. */
  async flush(tx: Executor, after: Promise<unknown>): Promise<number> {
    if (this.size === 0) return 0;
    const { rows: v, names, size } = this;
    this.rows = columns(16);
    this.names = columns(8);
    this.size = 0;
    await after;
    await tx.execute(sql`INSERT INTO violator_record (id, nic, oca, category, status, last_name, first_name, middle_name,
        dob, sex, pob, a_number, fbi_number, remarks, person_id, entered_by, entered_at, checked_by, checked_at,
        last_validated_at, last_validated_by)
      SELECT id, nic, oca, category, 'ACTIVE', last_name, first_name, middle_name, dob, sex, pob, a_number, fbi,
        remarks, person_id, 'seed', entered_at, 'seed.check', entered_at, validated_at, 'seed.check'
      FROM unnest(${arr(v[0])}::bigint[], ${arr(v[1])}::text[], ${arr(v[2])}::text[], ${arr(v[3])}::text[], ${arr(v[4])}::text[],
        ${arr(v[5])}::text[], ${arr(v[6])}::text[], ${arr(v[7])}::date[], ${arr(v[8])}::text[], ${arr(v[9])}::text[], ${arr(v[10])}::text[],
        ${arr(v[11])}::text[], ${arr(v[12])}::text[], ${arr(v[13])}::bigint[], ${arr(v[14])}::timestamptz[], ${arr(v[15])}::timestamptz[])
        AS t(id, nic, oca, category, last_name, first_name, middle_name, dob, sex, pob, a_number, fbi, remarks,
          person_id, entered_at, validated_at)`);
    await insertNames(tx, names);
    return size;
  }
}

/** Binds a whole column as one array parameter (drizzle would otherwise expand it into a list). */
function arr(column: Column | undefined) {
  return sql.param(column);
}

function columns(count: number): Column[] {
  return Array.from({ length: count }, () => []);
}

function push(target: Column[], values: (string | number | boolean | null)[]): void {
  for (let i = 0; i < values.length; i++) target[i]!.push(values[i]!);
}

function addNames(
  target: Column[],
  source: "PERSON" | "VIOLATOR",
  id: number,
  identity: SyntheticIdentity,
): void {
  push(target, [source, id, 0, true, null, identity.name.last, identity.name.first, identity.name.middle]);
  identity.aliases.forEach((alias, index) => {
    push(target, [
      source,
      id,
      index + 1,
      false,
      alias.kind,
      alias.name.last,
      alias.name.first,
      alias.name.middle,
    ]);
  });
}

async function insertNames(tx: Executor, n: Column[]): Promise<void> {
  await tx.execute(sql`INSERT INTO subject_name (source, record_id, ordinal, is_primary, alias_kind, last_name,
      first_name, middle_name)
    SELECT * FROM unnest(${arr(n[0])}::text[], ${arr(n[1])}::bigint[], ${arr(n[2])}::smallint[], ${arr(n[3])}::boolean[],
      ${arr(n[4])}::text[], ${arr(n[5])}::text[], ${arr(n[6])}::text[], ${arr(n[7])}::text[])`);
}
