import type { EventStreamParser as Parser, StreamEvent } from "../../web/src/sse.js";
import { importWebModule } from "./web-module.js";

const { EventStreamParser } = await importWebModule<{ EventStreamParser: typeof Parser }>("sse.ts");

export interface OpenStream {
  status: number;
  /** The error body when the stream was refused. */
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on error bodies field by field
  json: any;
  text: string;
  /** The next event that `wanted` accepts (earlier ones are skipped), or a failure after `ms`. */
  next(wanted: (event: StreamEvent) => boolean, ms?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * `GET path` as a server-sent event stream over real HTTP, read with fetch and the bearer
 * token, as the console reads it (and parsed by the console's own parser).
 */
export async function openEventStream(url: string, token?: string): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) {
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const refused = Promise.resolve();
    return {
      status: response.status,
      json,
      text,
      next: () => Promise.reject(new Error(`the stream was refused: ${response.status} ${text}`)),
      ended: refused,
      close: () => {},
    };
  }
  const parser = new EventStreamParser();
  const events: StreamEvent[] = [];
  let changed: () => void = () => {};
  let done = false;
  const ended = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        events.push(...parser.push(value));
        changed();
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      changed();
    }
  })();
  return {
    status: response.status,
    json: undefined,
    text: "",
    ended,
    close: () => abort.abort(),
    async next(wanted, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const index = events.findIndex(wanted);
        if (index >= 0) return events.splice(0, index + 1).at(-1)!;
        events.length = 0;
        if (done) throw new Error("the stream ended before the event came");
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no such event within ${ms} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          changed = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}
