import { inflateRawSync } from "node:zlib";

/**
 * Evidence is judged by its content, never by its name or declared type: the first bytes must
 * be one of the accepted kinds, plain text must be valid UTF-8, and a ZIP archive is read from
 * its central directory and each entry inflated up to its declared size, so a zip bomb (a huge
 * declared or real size, an extreme compression ratio, thousands of entries, archives inside
 * the archive) is refused with the rule it broke. Expected refusals are values, not exceptions.
 */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const ZIP_LIMITS = {
  maxEntries: 500,
  maxTotalUncompressed: 64 * 1024 * 1024,
  /** Ordinary documents compress 2–10 times; a bomb compresses hundreds of times. */
  maxRatio: 100,
};

export type EvidenceKind = "PDF" | "PNG" | "JPEG" | "GIF" | "WEBP" | "TEXT" | "ZIP";
export const CONTENT_TYPES: Record<EvidenceKind, string> = {
  PDF: "application/pdf",
  PNG: "image/png",
  JPEG: "image/jpeg",
  GIF: "image/gif",
  WEBP: "image/webp",
  TEXT: "text/plain; charset=utf-8",
  ZIP: "application/zip",
};
export const ACCEPTED_KINDS = "PDF, PNG, JPEG, GIF, WebP, UTF-8 plain text or ZIP";

export type EvidenceCheck =
  | { ok: true; kind: EvidenceKind; contentType: string }
  | { ok: false; rule: string };

const startsWith = (data: Buffer, bytes: number[] | string, at = 0) => {
  const expected = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : Buffer.from(bytes);
  return data.length >= at + expected.length && data.subarray(at, at + expected.length).equals(expected);
};

const ARCHIVES: [string, (data: Buffer) => boolean][] = [
  ["ZIP", (d) => startsWith(d, "PK\x03\x04") || startsWith(d, "PK\x05\x06")],
  ["gzip", (d) => startsWith(d, [0x1f, 0x8b])],
  ["7-Zip", (d) => startsWith(d, "7z\xbc\xaf\x27\x1c")],
  ["RAR", (d) => startsWith(d, "Rar!\x1a\x07")],
  ["bzip2", (d) => startsWith(d, "BZh")],
  ["xz", (d) => startsWith(d, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
  ["tar", (d) => startsWith(d, "ustar", 257)],
];

/** The kind of a file by its first bytes; text when it is all valid UTF-8 without control bytes. */
export function detectKind(data: Buffer): EvidenceKind | undefined {
  if (startsWith(data, "%PDF-")) return "PDF";
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "PNG";
  if (startsWith(data, [0xff, 0xd8, 0xff])) return "JPEG";
  if (startsWith(data, "GIF87a") || startsWith(data, "GIF89a")) return "GIF";
  if (startsWith(data, "RIFF") && startsWith(data, "WEBP", 8)) return "WEBP";
  if (startsWith(data, "PK\x03\x04") || startsWith(data, "PK\x05\x06")) return "ZIP";
  if (isPlainText(data)) return "TEXT";
  return undefined;
}

function isPlainText(data: Buffer): boolean {
  // Tab, line feed, form feed and carriage return are text; other C0 controls and DEL are not.
  for (const byte of data) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
      return false;
    }
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

export function checkEvidence(data: Buffer): EvidenceCheck {
  if (data.length === 0) return { ok: false, rule: "the file is empty" };
  if (data.length > EVIDENCE_MAX_BYTES) {
    return { ok: false, rule: `is larger than the ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB limit` };
  }
  const kind = detectKind(data);
  if (!kind) return { ok: false, rule: `the content is not an accepted type (${ACCEPTED_KINDS})` };
  if (kind === "ZIP") {
    const refusal = inspectZip(data);
    if (refusal) return { ok: false, rule: refusal };
  }
  return { ok: true, kind, contentType: CONTENT_TYPES[kind] };
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Reads the central directory; returns the rule a zip breaks, or undefined when it may be kept. */
export function inspectZip(data: Buffer): string | undefined {
  let eocd = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (data.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return "zip: no central directory (damaged or not a ZIP archive)";
  const entries = data.readUInt16LE(eocd + 10);
  const directoryOffset = data.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) {
    return "zip: ZIP64 archives are not accepted";
  }
  if (entries > ZIP_LIMITS.maxEntries) {
    return `zip: too many entries (${entries}; the limit is ${ZIP_LIMITS.maxEntries})`;
  }
  let at = directoryOffset;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL) {
      return "zip: central directory damaged";
    }
    const flags = data.readUInt16LE(at + 8);
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const size = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const local = data.readUInt32LE(at + 42);
    at = next;
    if (name.endsWith("/") && size === 0) continue;
    if (flags & 1) return `zip: entry ${name} is encrypted and cannot be inspected`;
    total += size;
    if (total > ZIP_LIMITS.maxTotalUncompressed) {
      return `zip bomb: declared uncompressed size over ${ZIP_LIMITS.maxTotalUncompressed / 1024 / 1024} MB`;
    }
    if (size > Math.max(compressed, 1) * ZIP_LIMITS.maxRatio && size > 64 * 1024) {
      return `zip bomb: entry ${name} compresses more than ${ZIP_LIMITS.maxRatio}:1`;
    }
    const content = entryContent(data, local, method, compressed, size);
    if (typeof content === "string") return `zip: entry ${name}: ${content}`;
    const nested = ARCHIVES.find(([, test]) => test(content));
    if (nested || /\.(zip|jar|gz|tgz|7z|rar|bz2|xz|tar)$/i.test(name)) {
      return `zip: nested archives are not accepted (${name})`;
    }
  }
  return undefined;
}

function entryContent(data: Buffer, local: number, method: number, compressed: number, size: number) {
  if (local + 30 > data.length || data.readUInt32LE(local) !== LOCAL) return "local header damaged";
  const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
  const raw = data.subarray(start, start + compressed);
  if (raw.length !== compressed) return "data past the end of the archive";
  if (method === 0) return raw;
  if (method !== 8) return `compression method ${method} is not accepted (stored or deflate only)`;
  try {
    // Inflating stops one byte past the declared size: an entry that lies about it is a bomb.
    const content = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
    if (content.length !== size) return "inflates to a size other than the one declared";
    return content;
  } catch {
    return "inflates beyond its declared size or is damaged";
  }
}

/**
 * A file name to show and to offer on download: the last path segment only, no control or
 * bidirectional-override characters, no leading dots; never used as a path on disk.
 */
export function sanitiseFileName(name: string | undefined | null): string {
  const last = (name ?? "").normalize("NFC").split(/[/\\]/).at(-1) ?? "";
  const clean = last
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(/\s+/g, " ")
    .replace(/^[.\s]+/, "")
    .trim()
    .slice(0, 200);
  return clean === "" ? "evidence" : clean;
}
