import http from "node:http";
import { deflateRawSync } from "node:zlib";

/** Small real files for evidence tests: their first bytes are what the checks read. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("0000000dIHDR", "latin1"),
  Buffer.alloc(32, 7),
]);
export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
  "latin1",
);
/** A Windows executable's header (MZ … PE): never accepted, whatever its name. */
export const EXE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(120, 0)]);

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Declare this uncompressed size instead of the real one (to build a lying archive). */
  declaredSize?: number;
  stored?: boolean;
}

/** A ZIP archive written by hand (local headers, central directory, end record), deflated with node:zlib. */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const body = entry.stored ? entry.data : deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.stored ? 0 : 8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.stored ? 0 : 8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An RFC 5322 message; attachments base64 in a multipart/mixed body. */
export function buildEml(options: {
  from?: string | undefined;
  subject?: string;
  text?: string | undefined;
  attachments?: { name: string; type: string; data: Buffer }[];
  messageId?: string;
}): Buffer {
  const boundary = "lesc-boundary-42";
  const head = [
    ...(options.from === undefined ? [] : [`From: ${options.from}`]),
    "To: IPR Center <ipr-intake@example.test>",
    `Subject: ${options.subject ?? "Counterfeit goods"}`,
    "Date: Sat, 28 Nov 2026 02:00:00 +0000",
    `Message-ID: <${options.messageId ?? "m1@example.com"}>`,
    "MIME-Version: 1.0",
  ];
  const attachments = options.attachments ?? [];
  if (attachments.length === 0) {
    return Buffer.from(
      [...head, "Content-Type: text/plain; charset=utf-8", "", options.text ?? ""].join("\r\n"),
      "utf8",
    );
  }
  const parts = [
    ...(options.text === undefined
      ? []
      : [`--${boundary}`, "Content-Type: text/plain; charset=utf-8", "", options.text]),
    ...attachments.flatMap((a) => [
      `--${boundary}`,
      `Content-Type: ${a.type}`,
      `Content-Disposition: attachment; filename="${a.name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      a.data.toString("base64").replace(/.{76}/g, "$&\r\n"),
    ]),
    `--${boundary}--`,
    "",
  ];
  return Buffer.from(
    [...head, `Content-Type: multipart/mixed; boundary="${boundary}"`, "", ...parts].join("\r\n"),
    "utf8",
  );
}

/**
 * POSTs raw bytes with node:http, reading the answer even when the server answers (413) before
 * the body is sent and closes the connection; `fetch` reports that as a network error.
 */
export function postBytes(
  url: string,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; json: { error?: string; code?: string } & Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, {
      method: "POST",
      headers: { ...headers, "content-length": String(body.length) },
    });
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        text += chunk;
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, json: text ? JSON.parse(text) : {} }),
      );
    });
    // The server may close while the body is still being written: the response is what counts.
    request.on("error", (error) => setTimeout(() => reject(error), 2000));
    request.end(body);
  });
}
