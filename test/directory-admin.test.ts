import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { client, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/** Agencies and their keys over real HTTP: registration, rotation without downtime, revocation. */
describe(`agency directory and key rotation (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  let admin = "";
  let technician = "";

  before(async () => {
    t = await startTestLesc();
    http = client(t.url);
    admin = await staffToken(t, "admin.one", "admin");
    technician = await staffToken(t, "tech.one", "technician");
  });
  after(async () => {
    await t?.close();
  });

  it("registers an agency, rotates its key with both working, then revokes the old one", async () => {
    const bad = await http.post("/api/v1/agencies", admin, {
      ori: "ZZ81",
      name: "Short ORI PD",
      state: "TX",
    });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /^ori: must be 9 characters/);
    const created = await http.post("/api/v1/agencies", admin, {
      ori: "ZZ0000081",
      name: "Rotation PD",
      state: "TX",
    });
    assert.equal(created.status, 201, created.text);
    const oldKey = created.json.apiKey as string;
    const listed = (await http.get("/api/v1/agencies", technician)).json.agencies as {
      ori: string;
      fieldOffice: string;
    }[];
    assert.ok(listed.find((a) => a.ori === "ZZ0000081")?.fieldOffice, "the agency's field office is shown");

    const rotated = await http.post("/api/v1/agencies/ZZ0000081/keys", admin);
    assert.equal(rotated.status, 201);
    const newKey = rotated.json.apiKey as string;
    assert.notEqual(newKey, oldKey);
    assert.equal((await http.get("/nlets/mailbox", oldKey)).status, 200);
    assert.equal((await http.get("/nlets/mailbox", newKey)).status, 200);
    const keys = (await http.get("/api/v1/agencies/ZZ0000081/keys", admin)).json.keys as {
      keyId: string;
      revokedAt: string | null;
    }[];
    assert.equal(keys.length, 2);
    assert.ok(keys.every((k) => k.revokedAt === null));
    assert.ok(!JSON.stringify(keys).includes(oldKey.split("_")[3]!), "secrets are never listed");

    const oldId = oldKey.split("_")[2]!;
    const revoked = await http.call("DELETE", `/api/v1/agencies/ZZ0000081/keys/${oldId}`, admin);
    assert.equal(revoked.status, 200);
    assert.equal((await http.get("/nlets/mailbox", oldKey)).status, 401);
    assert.equal((await http.get("/nlets/mailbox", newKey)).status, 200);
    assert.equal((await http.call("DELETE", `/api/v1/agencies/ZZ0000081/keys/${oldId}`, admin)).status, 404);
    const audit = await t.store.pool.query(
      "SELECT event_type FROM audit_log WHERE subject = 'agency:ZZ0000081' ORDER BY seq",
    );
    assert.deepEqual(
      audit.rows.map((r) => r.event_type),
      ["AGENCY_REGISTERED", "AGENCY_KEY_ISSUED", "AGENCY_KEY_REVOKED"],
    );
  });

  it("lists the field offices with their areas of responsibility", async () => {
    const offices = (await http.get("/api/v1/field-offices", technician)).json.offices as {
      kind: string;
      areaOfResponsibility: string[];
    }[];
    const fieldOffices = offices.filter((o) => o.kind === "FIELD_OFFICE");
    assert.equal(fieldOffices.length, 25);
    const covered = fieldOffices.flatMap((o) => o.areaOfResponsibility);
    assert.equal(new Set(covered).size, covered.length, "each state has one field office");
    assert.ok(covered.includes("TX") && covered.includes("VT"));
  });
});
