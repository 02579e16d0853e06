import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { auditReview } from "../src/auditing/index.js";
import { detainer, detainerEvent } from "../src/detainers/index.js";
import { agency, agencyApiKey, fieldOffice, fieldOfficeAor, officeApiKey } from "../src/directory/index.js";
import { hitCase, hitEvent, hitRequest } from "../src/hits/index.js";
import { inquiry, inquiryContact, inquiryEvent } from "../src/inquiries/index.js";
import { intakeKey, tip, tipMessage, tipPowSpent, tipReferral } from "../src/intake/index.js";
import {
  iprAllegation,
  iprEmail,
  iprEvidence,
  iprLink,
  iprMailQuarantine,
  iprMessage,
  iprNotification,
} from "../src/ipr/index.js";
import { matchIndexState, matchKey, nameToken } from "../src/matching/index.js";
import { auditAnchor, auditLog } from "../src/platform/audit/index.js";
import { staffSession, staffUser } from "../src/platform/auth/index.js";
import { job } from "../src/platform/queue/index.js";
import { immigrationEvent, person, subjectName } from "../src/records/index.js";
import { mailboxMessage, nletsControlField, nletsMessage } from "../src/switch/index.js";
import { violatorHistory, violatorRecord } from "../src/violators/index.js";
import { openTestStore, storeKind, type TestStore } from "./support/test-store.js";

/** Tables whose rows only the migration runner or raw SQL touches. */
const SQL_ONLY_TABLES = ["schema_migration", "seed_run"];
const DECLARED: PgTable[] = [
  auditLog,
  job,
  staffUser,
  staffSession,
  agency,
  agencyApiKey,
  fieldOffice,
  fieldOfficeAor,
  person,
  immigrationEvent,
  subjectName,
  violatorRecord,
  matchKey,
  nameToken,
  matchIndexState,
  officeApiKey,
  nletsMessage,
  nletsControlField,
  mailboxMessage,
  inquiry,
  inquiryContact,
  inquiryEvent,
  hitCase,
  hitRequest,
  hitEvent,
  violatorHistory,
  detainer,
  detainerEvent,
  auditReview,
  auditAnchor,
  tip,
  tipMessage,
  tipReferral,
  iprAllegation,
  iprMessage,
  iprEvidence,
  iprEmail,
  iprMailQuarantine,
  iprLink,
  iprNotification,
  tipPowSpent,
  intakeKey,
];

describe(`typed table declarations match the migrations (${storeKind})`, () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store.close();
    await store.destroy();
  });

  it("declares every table the migrations create", async () => {
    const { rows } = await store.pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const declared = DECLARED.map((table) => getTableConfig(table).name);
    const inDb = rows.map((r) => r.table_name).filter((name) => !SQL_ONLY_TABLES.includes(name));
    assert.deepEqual(declared.sort(), inDb.sort());
  });

  for (const table of DECLARED) {
    const config = getTableConfig(table);
    it(`${config.name}: same columns, same nullability`, async () => {
      const { rows } = await store.pool.query<{ column_name: string; is_nullable: string }>(
        "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        [config.name],
      );
      const inDb = new Map(rows.map((r) => [r.column_name, r.is_nullable === "NO"]));
      const inCode = new Map(config.columns.map((c) => [c.name, c.notNull]));
      assert.deepEqual([...inCode.keys()].sort(), [...inDb.keys()].sort());
      for (const [name, notNull] of inCode) assert.equal(inDb.get(name), notNull, `${name} NOT NULL`);
    });
  }
});
