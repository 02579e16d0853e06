import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** High-entropy bearer secrets: only their SHA-256 is stored, so a stolen table grants nothing. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function sameHash(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, "hex");
  const b = Buffer.from(bHex, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
