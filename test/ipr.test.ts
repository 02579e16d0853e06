import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { EMAIL_MAX_BYTES, IPR_PARTNERS, takeMailDir } from "../src/ipr/index.js";
import { buildEml, buildZip, EXE, PDF, PNG, postBytes } from "./support/files.js";
import { client, staffToken, startTestLesc, type TestLesc } from "./support/lesc-app.js";
import { storeKind } from "./support/test-store.js";

/**
 * IPR allegation intake over real HTTP: the public form and its receipt, evidence judged by
 * content (zip bombs and 50 MB uploads refused), e-mails by API and by the watched folder
 * with a quarantine for malformed ones, deconfliction links and notices, roles and audit.
 */
describe(`IPR allegation intake (${storeKind})`, () => {
  let t: TestLesc;
  let http: ReturnType<typeof client>;
  const tokens: Record<string, string> = {};

  before(async () => {
    t = await startTestLesc();
    http = client(t.url);
  });
  // Public calls move the clock past the rate limit; sessions idle out after 30 minutes of it.
  beforeEach(async () => {
    t.clock.advance(31_000); // a TOTP code logs on once: the next log-on needs the next code
    for (const [name, role] of [
      ["ipr.op", "tip_operator"],
      ["ipr.super", "supervisor"],
      ["ipr.agent", "agent"],
      ["ipr.analyst", "analyst"],
      ["ipr.tech", "technician"],
    ] as const) {
      tokens[name] = await staffToken(t, name, role);
    }
  });
  after(async () => {
    await t?.close();
  });

  const form = (overrides: Record<string, unknown> = {}) => ({
    rightType: "TRADEMARK",
    rightsHolder: "Example Brands Inc.",
    product: "handbags",
    violator: { name: "Knockoff Corner LLC", website: "https://shop.knockoff-corner.test/bags" },
    narrative: "Counterfeit handbags with our mark are sold online at a tenth of the price.",
    ...overrides,
  });
  /** Each public call from a fresh rate budget: the clock moves past the limit. */
  const publicPost = async (pathname: string, body: unknown) => {
    t.clock.advance(10_000);
    return http.post(pathname, undefined, body);
  };
  const submit = async (overrides: Record<string, unknown> = {}) => {
    const sent = await publicPost("/api/v1/public/ipr-allegations", form(overrides));
    assert.equal(sent.status, 201, sent.text);
    assert.match(sent.json.receipt, /^\d{16}$/);
    const { rows } = await t.store.pool.query("SELECT id FROM ipr_allegation ORDER BY id DESC LIMIT 1");
    return { receipt: sent.json.receipt as string, id: Number(rows[0].id) };
  };
  const view = async (id: number, who = "ipr.op") => {
    const got = await http.get(`/api/v1/ipr/allegations/${id}`, tokens[who]);
    assert.equal(got.status, 200, got.text);
    return got.json;
  };
  const count = async (table: string) =>
    Number((await t.store.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  const counts = async () => ({
    allegations: await count("ipr_allegation"),
    evidence: await count("ipr_evidence"),
    messages: await count("ipr_message"),
    emails: await count("ipr_email"),
    audit: await count("audit_log"),
  });
  const upload = async (receipt: string, name: string, data: Buffer) => {
    t.clock.advance(10_000);
    return postBytes(t.url, `/api/v1/public/ipr-allegations/${receipt}/evidence`, data, {
      "content-type": "application/octet-stream",
      "x-file-name": encodeURIComponent(name),
    });
  };
  const postEml = (raw: Buffer, who = "ipr.op") =>
    postBytes(t.url, "/api/v1/ipr/emails", raw, {
      "content-type": "message/rfc822",
      authorization: `Bearer ${tokens[who]}`,
    });

  it("takes an allegation without log-in, keeps only the receipt's hash, and carries replies and the answer", async () => {
    const { receipt, id } = await submit({ allegant: { name: "Pat Example", email: "pat@example.com" } });
    const stored = await t.store.pool.query("SELECT * FROM ipr_allegation WHERE id = $1", [id]);
    assert.ok(!JSON.stringify(stored.rows[0]).includes(receipt), "the receipt itself is not stored");
    assert.equal(stored.rows[0].channel, "WEB");
    assert.equal(stored.rows[0].violator_host, "shop.knockoff-corner.test");

    const staff = await view(id);
    assert.equal(staff.owningPartner, "HSI");
    assert.deepEqual(staff.allegant, { name: "Pat Example", email: "pat@example.com" });
    assert.equal(
      (await http.post(`/api/v1/ipr/allegations/${id}/replies`, tokens["ipr.op"], { text: "Which listing?" }))
        .status,
      200,
    );
    t.clock.advance(10_000);
    const allegant = await http.get(`/api/v1/public/ipr-allegations/${receipt}`);
    assert.equal(allegant.status, 200);
    assert.equal(allegant.json.status, "RECEIVED");
    assert.deepEqual(
      allegant.json.messages.map((m: { from: string; text: string }) => [m.from, m.text]),
      [["IPR Center", "Which listing?"]],
    );
    assert.equal(JSON.stringify(allegant.json).includes("HSI"), false, "the allegant does not see the owner");
    const added = await publicPost(`/api/v1/public/ipr-allegations/${receipt}/messages`, {
      text: "Listing 4411 on the shop's front page.",
    });
    assert.equal(added.status, 201);
    assert.equal((await view(id)).messages.at(-1).text, "Listing 4411 on the shop's front page.");

    const closed = await http.post(`/api/v1/ipr/allegations/${id}/close`, tokens["ipr.agent"], {
      answer: "Referred; the listings were taken down.",
    });
    assert.equal(closed.status, 200, closed.text);
    t.clock.advance(10_000);
    const after = await http.get(`/api/v1/public/ipr-allegations/${receipt}`);
    assert.equal(after.json.status, "CLOSED");
    assert.equal(after.json.answer, "Referred; the listings were taken down.");
    t.clock.advance(10_000);
    assert.equal((await http.get("/api/v1/public/ipr-allegations/0000000000000000")).status, 404);
  });

  it("names the field and rule of every bad allegation and writes nothing", async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { rightType: "TRADE_DRESS" },
        /^body\.rightType: must be one of TRADEMARK, COPYRIGHT, PATENT, TRADE_SECRET$/,
      ],
      [{ rightsHolder: "  " }, /^body\.rightsHolder: must not be empty$/],
      [{ product: "" }, /^body\.product: must not be empty$/],
      [{ violator: { website: "https://x.test" } }, /^body\.violator\.name: is required$/],
      [{ violator: { name: "Shop" } }, /^body\.violator: needs a website or an address/],
      [
        { violator: { name: "Shop", website: "not a site" } },
        /^body\.violator\.website: must be a web address/,
      ],
      [{ narrative: "\n " }, /^body\.narrative: must not be empty$/],
      [{ extra: 1 }, /^body: must NOT have additional properties$/],
    ];
    for (const [change, rule] of cases) {
      const sent = await publicPost("/api/v1/public/ipr-allegations", form(change));
      assert.equal(sent.status, 400, JSON.stringify(change));
      assert.match(sent.json.error, rule);
    }
    const huge = await publicPost("/api/v1/public/ipr-allegations", form({ narrative: "x".repeat(40_000) }));
    assert.equal(huge.status, 413);
    assert.equal(huge.json.error, "body: is larger than the 32 KB limit");
    assert.deepEqual(await counts(), before);

    t.clock.advance(10_000);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await http.post("/api/v1/public/ipr-allegations", undefined, form({ narrative: `flood ${i}` })))
          .status,
      );
    }
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
  });

  it("judges evidence by content, not name: PNG named .pdf kept as PNG, an .exe named .pdf refused", async () => {
    const { receipt, id } = await submit();
    const png = await upload(receipt, "photo.pdf", PNG);
    assert.equal(png.status, 201, JSON.stringify(png.json));
    assert.equal(png.json.contentType, "image/png");
    assert.equal(png.json.sha256, createHash("sha256").update(PNG).digest("hex"));
    const named = await upload(
      receipt,
      "../../etc/\u202eevil\u0007.txt",
      Buffer.from("Order #4411 confirmation\n"),
    );
    assert.equal(named.status, 201);
    assert.equal(named.json.fileName, "evil.txt", "path and control characters gone");
    assert.equal((await upload(receipt, "invoice.pdf", PDF)).json.contentType, "application/pdf");

    const before = await counts();
    const exe = await upload(receipt, "invoice.pdf", EXE);
    assert.equal(exe.status, 400);
    assert.match(exe.json.error!, /^body: the content is not an accepted type \(PDF, PNG, JPEG/);
    const empty = await upload(receipt, "empty.txt", Buffer.alloc(0));
    assert.equal(empty.status, 400);
    assert.equal(empty.json.error, "body: the file is empty");
    const json = await publicPost(`/api/v1/public/ipr-allegations/${receipt}/evidence`, { a: 1 });
    assert.equal(json.status, 415);
    assert.deepEqual(await counts(), before);

    const staff = await view(id);
    assert.deepEqual(
      staff.evidence.map((e: { fileName: string; contentType: string }) => [e.fileName, e.contentType]),
      [
        ["photo.pdf", "image/png"],
        ["evil.txt", "text/plain; charset=utf-8"],
        ["invoice.pdf", "application/pdf"],
      ],
    );
    const file = await fetch(`${t.url}/api/v1/ipr/evidence/${staff.evidence[0].id}`, {
      headers: { authorization: `Bearer ${tokens["ipr.agent"]}` },
    });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get("content-type"), "image/png");
    assert.equal(file.headers.get("x-content-type-options"), "nosniff");
    assert.match(file.headers.get("content-disposition")!, /^attachment; filename="photo\.pdf"/);
    assert.ok(Buffer.from(await file.arrayBuffer()).equals(PNG));
    const analyst = await http.get(`/api/v1/ipr/evidence/${staff.evidence[0].id}`, tokens["ipr.analyst"]);
    assert.equal(analyst.status, 403);
    const { rows } = await t.store.pool.query(
      "SELECT actor_user FROM audit_log WHERE event_type = 'IPR_EVIDENCE_DOWNLOADED' AND subject = $1",
      [`ipr:${id}`],
    );
    assert.deepEqual(
      rows.map((r) => r.actor_user),
      ["ipr.agent"],
    );
  });

  it("refuses a 50 MB upload with 413 before reading it, and zip bombs by the rule they break", async () => {
    const { receipt } = await submit();
    const before = await counts();
    const big = await upload(receipt, "big.pdf", Buffer.alloc(50 * 1024 * 1024, 0x25));
    assert.equal(big.status, 413);
    assert.equal(big.json.error, "body: is larger than the 20 MB limit");

    const zeros = Buffer.alloc(60 * 1024 * 1024, 0);
    const refusals: [Buffer, RegExp][] = [
      [
        buildZip([{ name: "a.txt", data: Buffer.from("small"), declaredSize: 4_000_000_000 }]),
        /^body: zip bomb: declared uncompressed size over 64 MB$/,
      ],
      [
        buildZip([{ name: "zeros.txt", data: zeros.subarray(0, 10 * 1024 * 1024) }]),
        /^body: zip bomb: entry zeros\.txt compresses more than 100:1$/,
      ],
      [
        buildZip([{ name: "zeros.txt", data: zeros, declaredSize: 1000 }]),
        /^body: zip: entry zeros\.txt: inflates beyond its declared size/,
      ],
      [
        buildZip(Array.from({ length: 501 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(`${i}`) }))),
        /^body: zip: too many entries \(501; the limit is 500\)$/,
      ],
      [
        buildZip([
          { name: "inner.bin", data: buildZip([{ name: "x.txt", data: Buffer.from("x") }]), stored: true },
        ]),
        /^body: zip: nested archives are not accepted \(inner\.bin\)$/,
      ],
    ];
    for (const [zip, rule] of refusals) {
      const refused = await upload(receipt, "evidence.zip", zip);
      assert.equal(refused.status, 400, JSON.stringify(refused.json));
      assert.match(refused.json.error!, rule);
    }
    assert.deepEqual(await counts(), before);
    const good = buildZip([
      { name: "listing.txt", data: Buffer.from("Handbag listing 4411, $25\n".repeat(20)) },
      { name: "photo.png", data: PNG },
    ]);
    const kept = await upload(receipt, "listings.zip", good);
    assert.equal(kept.status, 201, JSON.stringify(kept.json));
    assert.equal(kept.json.contentType, "application/zip");
  });

  it("takes an e-mail with an attachment by API, once, and quarantines malformed ones with the reason", async () => {
    const eml = buildEml({
      from: "Rights Desk <rights@example.com>",
      subject: "Fake chargers sold at a mall kiosk",
      text: [
        "Right type: Trademark",
        "Rights holder: Example Power Co.",
        "Product: phone chargers",
        "Violator: Kiosk Gadgets",
        "Address: 100 Main Street, Springfield",
        "",
        "The kiosk sells chargers bearing our mark.",
      ].join("\r\n"),
      attachments: [{ name: "kiosk.png", type: "image/png", data: PNG }],
    });
    const taken = await postEml(eml);
    assert.equal(taken.status, 201, JSON.stringify(taken.json));
    assert.equal(taken.json.kind, "ALLEGATION");
    const id = taken.json.allegationId as number;
    const staff = await view(id);
    assert.equal(staff.channel, "EMAIL");
    assert.equal(staff.rightType, "TRADEMARK");
    assert.equal(staff.violatorName, "Kiosk Gadgets");
    assert.equal(staff.violatorAddress, "100 Main Street, Springfield");
    assert.equal(staff.email.fromAddress, "rights@example.com");
    assert.deepEqual(
      staff.evidence.map((e: { fileName: string; source: string }) => [e.fileName, e.source]),
      [["kiosk.png", "EMAIL"]],
    );
    const again = await postEml(eml);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, { kind: "ALLEGATION", allegationId: id, duplicate: true });

    const before = await counts();
    const malformed: [Buffer, RegExp][] = [
      [buildEml({ text: "No sender here." }), /^no From/],
      [buildEml({ from: "a@example.com", text: "" }), /^no body/],
      [Buffer.concat([Buffer.from([0x00, 0x01, 0xff]), EXE]), /^undecodable/],
      [
        buildEml({
          from: "b@example.com",
          text: "See attached.",
          attachments: [{ name: "scan.pdf", type: "application/pdf", data: EXE }],
        }),
        /^attachment scan\.pdf: the content is not an accepted type/,
      ],
    ];
    for (const [raw, reason] of malformed) {
      const held = await postEml(raw);
      assert.equal(held.status, 202, JSON.stringify(held.json));
      assert.equal(held.json.kind, "QUARANTINED");
      assert.match(held.json.reason as string, reason);
    }
    assert.deepEqual(
      { ...(await counts()), audit: 0 },
      { ...before, audit: 0 },
      "no allegation, evidence or e-mail row",
    );
    const list = await http.get("/api/v1/ipr/quarantine", tokens["ipr.super"]);
    assert.equal(list.status, 200);
    assert.equal(list.json.quarantine.length, 4);
    assert.ok(
      list.json.quarantine.every((q: { reason: string; source: string }) => q.reason && q.source === "API"),
    );
    assert.equal((await http.get("/api/v1/ipr/quarantine", tokens["ipr.agent"])).status, 403);
    const big = await postEml(Buffer.alloc(31 * 1024 * 1024, 0x41));
    assert.equal(big.status, 413);
    assert.equal(big.json.error, "body: is larger than the 30 MB limit");
  });

  it("takes .eml files from the watched folder: stored, then moved; a file seen again is not taken twice", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-ipr-mail-"));
    try {
      const good = buildEml({
        from: "folder@example.com",
        messageId: "folder-1@example.com",
        text: "Violator: Folder Fakes\nWebsite: folder-fakes.test\n\nFake watches.",
        attachments: [{ name: "watch.pdf", type: "application/pdf", data: PDF }],
      });
      fs.writeFileSync(path.join(dir, "good.eml"), good);
      fs.writeFileSync(path.join(dir, "bad.eml"), buildEml({ text: "no sender" }));
      fs.writeFileSync(path.join(dir, "notes.txt"), "not an e-mail: left alone");
      const services = { store: t.store, clock: t.clock };
      const first = await takeMailDir(services, dir, 0);
      assert.deepEqual(
        first.taken.map((x) => [x.file, x.outcome.kind, x.outcome.duplicate]),
        [
          ["bad.eml", "QUARANTINED", false],
          ["good.eml", "ALLEGATION", false],
        ],
      );
      assert.deepEqual(fs.readdirSync(dir).sort(), ["notes.txt", "processed", "quarantine"]);
      assert.deepEqual(fs.readdirSync(path.join(dir, "processed")), ["good.eml"]);
      assert.deepEqual(fs.readdirSync(path.join(dir, "quarantine")), ["bad.eml"]);
      // A crash after storing but before moving leaves the file in place: the next pass only moves it.
      const before = await counts();
      fs.writeFileSync(path.join(dir, "good.eml"), good);
      assert.deepEqual((await takeMailDir(services, dir)).taken, [], "a file written just now waits a pass");
      const second = await takeMailDir(services, dir, 0);
      assert.equal(second.taken[0]!.outcome.duplicate, true);
      assert.deepEqual(await counts(), before);
      assert.deepEqual(fs.readdirSync(path.join(dir, "processed")).sort(), ["good-1.eml", "good.eml"]);
      // Over the size limit: held with its size and hash, not read into the store.
      fs.writeFileSync(path.join(dir, "huge.eml"), Buffer.alloc(EMAIL_MAX_BYTES + 1, 0x41));
      const huge = (await takeMailDir(services, dir, 0)).taken[0]!.outcome;
      assert.equal(huge.kind, "QUARANTINED");
      assert.match((huge as { reason: string }).reason, /^over size: 31457281 bytes/);
      const held = await t.store.pool.query("SELECT size_bytes, raw FROM ipr_mail_quarantine WHERE id = $1", [
        (huge as { quarantineId: number }).quarantineId,
      ]);
      assert.deepEqual(held.rows[0], { size_bytes: EMAIL_MAX_BYTES + 1, raw: null });
      assert.deepEqual(fs.readdirSync(path.join(dir, "quarantine")).sort(), ["bad.eml", "huge.eml"]);
      const allegation = await view((first.taken[1]!.outcome as { allegationId: number }).allegationId);
      assert.equal(allegation.violatorHost, "folder-fakes.test");
      assert.equal(allegation.evidence[0].contentType, "application/pdf");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("links an allegation on the same violator to the open one and tells its owning agency, with the reasons", async () => {
    const first = await submit({
      product: "insulin pens",
      violator: {
        name: "Acme Pharma Knockoffs LLC",
        website: "http://www.acme-pens.test/",
        address: "12 Harbor Road, Unit 5",
      },
      narrative: "Counterfeit insulin pens sold online.",
    });
    assert.equal((await view(first.id)).owningPartner, "FDA-OCI");
    const closed = await submit({ violator: { name: "Acme Pharma Knockoffs", website: "acme-pens.test" } });
    await http.post(`/api/v1/ipr/allegations/${closed.id}/junk`, tokens["ipr.op"], { reason: "test entry" });

    const second = await submit({
      product: "pens",
      violator: {
        name: "ACME PHARMA KNOCKOFF INC.",
        website: "https://acme-pens.test/shop?id=3",
        address: "12 Harbor Rd Unit 5",
      },
      narrative: "Same pens, another listing.",
    });
    const staff = await view(second.id);
    const toFirst = staff.links.filter((l: { linkedTo: number }) => l.linkedTo === first.id);
    assert.equal(toFirst.length, 1);
    assert.deepEqual(
      toFirst[0].reasons.map((r: { rule: string }) => r.rule),
      ["VIOLATOR_NAME", "WEBSITE_HOST", "ADDRESS"],
    );
    assert.match(toFirst[0].reasons[1].detail, /same web host acme-pens\.test/);
    assert.ok(
      !staff.links.some((l: { linkedTo: number }) => l.linkedTo === closed.id),
      "only open allegations are linked",
    );
    assert.deepEqual(
      staff.notifications.map((n: { partner: string; allegationId: number }) => [n.partner, n.allegationId]),
      [["FDA-OCI", first.id]],
    );
    assert.equal(staff.notifications[0].partnerName, IPR_PARTNERS["FDA-OCI"]);
    assert.ok(
      (await view(first.id)).links.some((l: { allegationId: number }) => l.allegationId === second.id),
      "the earlier one shows the link too",
    );
    const listed = await http.get("/api/v1/ipr/notifications?partner=FDA-OCI", tokens["ipr.agent"]);
    assert.ok(
      listed.json.notifications.some((n: { aboutAllegationId: number }) => n.aboutAllegationId === second.id),
    );
    const { rows } = await t.store.pool.query(
      "SELECT details FROM audit_log WHERE event_type = 'IPR_DECONFLICTION_LINKED' AND subject = $1",
      [`ipr:${second.id}`],
    );
    assert.deepEqual(
      rows.map((r) => r.details.notified),
      ["FDA-OCI"],
    );
    const unrelated = await submit({
      violator: { name: "Totally Different Traders", website: "other-shop.test" },
    });
    assert.deepEqual((await view(unrelated.id)).links, []);
  });

  it("shows the allegant only to the roles that need it, audits each view, and keeps roles to their routes", async () => {
    const hotline = await http.post("/api/v1/ipr/allegations", tokens["ipr.op"], {
      ...form({ narrative: "Caller says <script>alert('x')</script> is printed on the fake labels." }),
      allegant: { name: "CALLER EXAMPLE", phone: "555-0199" },
    });
    assert.equal(hotline.status, 201, hotline.text);
    assert.match(hotline.json.receipt, /^\d{16}$/);
    const id = hotline.json.id as number;
    const op = await view(id, "ipr.op");
    assert.equal(op.channel, "HOTLINE");
    assert.equal(op.enteredBy, "ipr.op");
    assert.equal(op.narrative, "Caller says <script>alert('x')</script> is printed on the fake labels.");
    assert.deepEqual(op.allegant, { name: "CALLER EXAMPLE", phone: "555-0199" });
    assert.equal((await view(id, "ipr.analyst")).allegant, "withheld");
    assert.equal((await http.get(`/api/v1/ipr/allegations/${id}`, tokens["ipr.tech"])).status, 403);
    assert.equal((await http.post("/api/v1/ipr/allegations", tokens["ipr.agent"], form())).status, 403);
    assert.equal(
      (await http.post(`/api/v1/ipr/allegations/${id}/junk`, tokens["ipr.analyst"], { reason: "x" })).status,
      403,
    );
    const { rows } = await t.store.pool.query(
      "SELECT actor_user, event_type FROM audit_log WHERE subject = $1 AND event_type LIKE 'IPR_%VIEWED' ORDER BY seq",
      [`ipr:${id}`],
    );
    assert.deepEqual(
      rows.map((r) => [r.actor_user, r.event_type]),
      [
        ["ipr.op", "IPR_IDENTITY_VIEWED"],
        ["ipr.analyst", "IPR_ALLEGATION_VIEWED"],
      ],
    );

    const owner = await http.post(`/api/v1/ipr/allegations/${id}/owner`, tokens["ipr.super"], {
      partner: "CBP",
    });
    assert.equal(owner.status, 200);
    assert.equal((await view(id)).owningPartner, "CBP");
    const badOwner = await http.post(`/api/v1/ipr/allegations/${id}/owner`, tokens["ipr.super"], {
      partner: "NASA",
    });
    assert.equal(badOwner.status, 400);
    assert.match(badOwner.json.error, /^body\.partner: must be one of HSI, CBP, FBI/);
    const junk = await http.post(`/api/v1/ipr/allegations/${id}/junk`, tokens["ipr.op"], {
      reason: "prank call",
    });
    assert.equal(junk.status, 200);
    const kept = await view(id);
    assert.equal(kept.status, "JUNK");
    assert.equal(kept.junkReason, "prank call");
    assert.equal(
      (await http.post(`/api/v1/ipr/allegations/${id}/close`, tokens["ipr.op"], { answer: "x" })).status,
      409,
    );
    const junkList = await http.get("/api/v1/ipr/allegations?status=JUNK", tokens["ipr.analyst"]);
    assert.ok(junkList.json.allegations.some((a: { id: number }) => a.id === id));
  });
});
