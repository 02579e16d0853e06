import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addressKey, matchReasons, nameSimilarity, violatorTokens, websiteHost } from "./deconflict.js";
import { checkEvidence, detectKind, sanitiseFileName } from "./evidence-check.js";
import { ownerFor } from "./partners.js";

describe("IPR evidence checks", () => {
  it("knows each accepted kind by its first bytes, whatever it is called", () => {
    assert.equal(detectKind(Buffer.from("GIF89a\x01\x00", "latin1")), "GIF");
    assert.equal(detectKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), "JPEG");
    assert.equal(detectKind(Buffer.from("RIFF\x10\x00\x00\x00WEBPVP8 ", "latin1")), "WEBP");
    assert.equal(
      detectKind(Buffer.from("RIFF\x10\x00\x00\x00WAVEfmt ", "latin1")),
      undefined,
      "a WAV is not WebP",
    );
    assert.equal(detectKind(Buffer.from("Ünïcödé text\r\n\tindented\f", "utf8")), "TEXT");
    assert.equal(detectKind(Buffer.from([0xc3, 0x28])), undefined, "invalid UTF-8 is not text");
    assert.equal(detectKind(Buffer.from("text with a bell \x07", "latin1")), undefined);
    assert.equal(detectKind(Buffer.from("\x7fELF\x02\x01", "latin1")), undefined);
  });

  it("refuses a damaged archive that only starts like a ZIP", () => {
    const check = checkEvidence(Buffer.from("PK\x03\x04 and nothing else", "latin1"));
    assert.deepEqual(check, { ok: false, rule: "zip: no central directory (damaged or not a ZIP archive)" });
  });

  it("keeps only a file name's last segment, without control or direction characters", () => {
    assert.equal(sanitiseFileName("C:\\Users\\x\\..\\report.pdf"), "report.pdf");
    assert.equal(sanitiseFileName("../../.hidden"), "hidden");
    assert.equal(sanitiseFileName("inv\u202Efdp.exe"), "invfdp.exe");
    assert.equal(sanitiseFileName("a\r\nb.txt"), "ab.txt");
    assert.equal(sanitiseFileName("..."), "evidence");
    assert.equal(sanitiseFileName(undefined), "evidence");
    assert.equal(sanitiseFileName("x".repeat(300)).length, 200);
  });
});

describe("IPR deconfliction and owners", () => {
  it("compares violators by name, web host and address", () => {
    assert.deepEqual(violatorTokens("The Acme Trading Co., Ltd."), ["ACME", "TRADING"]);
    assert.ok(nameSimilarity(violatorTokens("Acme Trading LLC"), violatorTokens("ACME TRADNG")) >= 0.92);
    assert.ok(nameSimilarity(violatorTokens("Acme Trading"), violatorTokens("Apex Textiles")) < 0.92);
    assert.equal(websiteHost("HTTPS://WWW.Shop.Example.test:8443/path?q=1"), "shop.example.test");
    assert.equal(websiteHost("shop.example.test/bags"), "shop.example.test");
    assert.equal(websiteHost("localhost"), null);
    assert.equal(websiteHost("not a web address"), null);
    assert.equal(addressKey("12 Harbor Road, Suite 5"), addressKey("12 HARBOR RD STE 5"));
    assert.equal(addressKey("Main Street"), null, "no number: too vague to link on");
    const reasons = matchReasons(
      { name: "Other Name", host: "shop.example.test", address: null },
      { name: "Unrelated", host: "shop.example.test", address: null },
    );
    assert.deepEqual(reasons, [{ rule: "WEBSITE_HOST", detail: "same web host shop.example.test" }]);
  });

  it("picks the owning partner by the rules, health and safety first", () => {
    const owner = (rightType: "TRADEMARK" | "TRADE_SECRET" | null, narrative: string) =>
      ownerFor({ rightType, product: "", narrative }).partner;
    assert.equal(owner("TRADEMARK", "Fake insulin pens shipped in containers"), "FDA-OCI");
    assert.equal(owner("TRADEMARK", "Counterfeit aircraft parts sold to the military"), "DCIS");
    assert.equal(owner("TRADE_SECRET", "An engineer took the source code"), "FBI");
    assert.equal(owner("TRADE_SECRET", "Designs exported to a competitor abroad"), "COMMERCE");
    assert.equal(owner("TRADEMARK", "Fake watches mailed from a post office box"), "USPIS");
    assert.equal(owner("TRADEMARK", "Fake shoes arrive in shipments at the port"), "CBP");
    assert.equal(owner(null, "Fake handbags at the flea market"), "HSI");
  });
});
