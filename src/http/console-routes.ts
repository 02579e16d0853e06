import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { packageRoot } from "../platform/paths.js";

/**
 * The operator console (web/, built by `vite build web` into dist/web/): its files at `/`, and
 * index.html for any other GET path that is not an API path, so the single-page application's
 * own paths (`/queue`, `/hits/7`) load on refresh. `/api/*`, `/nlets*` and `/healthz` keep
 * their routes and their JSON 404. Everything is read from disk at start-up: nothing is
 * fetched at run time, and a file name from the request never leaves the console's folder.
 */
export const CONSOLE_ROOT = path.join(packageRoot(), "dist", "web");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

interface ConsoleFile {
  body: Buffer;
  type: string;
  immutable: boolean;
}

function loadFiles(root: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const relative = path.relative(root, full).split(path.sep).join("/");
        const type = TYPES[path.extname(entry.name).toLowerCase()] ?? "application/octet-stream";
        files.set(relative, {
          body: fs.readFileSync(full),
          type,
          immutable: relative.startsWith("assets/"),
        });
      }
    }
  };
  if (fs.existsSync(root)) walk(root);
  return files;
}

const RESERVED = /^\/(api(\/|$)|nlets|healthz)/;

export function consoleRoutes(options: { root?: string } = {}) {
  return (app: FastifyInstance): void => {
    const files = loadFiles(options.root ?? CONSOLE_ROOT);
    const index = files.get("index.html");
    app.get(
      "/*",
      {
        schema: {
          summary: "The operator console (single-page application): its files, and index.html for its paths",
          tags: ["console"],
        },
      },
      async (request, reply) => {
        const urlPath = request.url.split("?")[0]!;
        if (RESERVED.test(urlPath)) return reply.callNotFound();
        let name: string;
        try {
          name = decodeURIComponent(urlPath).replace(/^\/+/, "");
        } catch {
          return reply.callNotFound();
        }
        const file = files.get(name);
        if (file) {
          reply.header("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
          return reply.type(file.type).send(file.body);
        }
        // A missing asset is a 404; any other path is one of the application's own.
        if (/\.[a-z0-9]+$/i.test(name)) return reply.callNotFound();
        if (!index) {
          return reply
            .status(503)
            .type("text/plain; charset=utf-8")
            .send("The operator console is not built: run `npm run build`.\n");
        }
        reply.header("Cache-Control", "no-cache");
        return reply.type(index.type).send(index.body);
      },
    );
  };
}
