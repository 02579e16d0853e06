import { useEffect, useSyncExternalStore } from "react";
import { currentSession, setSession, subscribe as subscribeSession } from "./api";
import { EventStreamParser } from "./sse";

/**
 * The live research queue and hit board: one `GET /api/v1/events` stream per tab, read with
 * fetch and the bearer token (EventSource cannot send it, and a token never goes in a URL).
 * Pages ask for a topic's version and read their data again when it changes; while the
 * stream is down they poll instead, and the stream is tried again with a growing pause.
 */
export type Topic = "queue" | "hits";
export type LiveState = "connecting" | "live" | "reconnecting" | "polling";

/** After this many failed attempts in a row the pages say they are polling. */
const FAILURES_BEFORE_POLLING = 3;
const MAX_RETRY_MS = 30_000;
/** How long an unused stream stays open (a page change should not reopen it). */
const LINGER_MS = 10_000;

const listeners = new Set<() => void>();
const versions: Record<Topic, number> = { queue: 0, hits: 0 };
let state: LiveState = "connecting";
let users = 0;
let failures = 0;
let abort: AbortController | undefined;
let retry: ReturnType<typeof setTimeout> | undefined;
let linger: ReturnType<typeof setTimeout> | undefined;

const notify = () => {
  for (const listener of listeners) listener();
};
function setState(next: LiveState) {
  if (state === next) return;
  state = next;
  notify();
}
function bump(topic: Topic) {
  versions[topic]++;
  notify();
}

function connect() {
  const session = currentSession();
  if (!session || abort) return;
  const controller = new AbortController();
  abort = controller;
  let stale: ReturnType<typeof setTimeout> | undefined;
  let heartbeatMs = 15_000;
  // No byte for three heartbeats: the stream is dead even if the socket is not.
  const watch = () => {
    clearTimeout(stale);
    stale = setTimeout(() => controller.abort(), heartbeatMs * 3);
  };
  watch();
  fetch("/api/v1/events", {
    headers: { accept: "text/event-stream", authorization: `Bearer ${session.token}` },
    cache: "no-store",
    signal: controller.signal,
  })
    .then(async (response) => {
      if (response.status === 401) {
        setSession(null);
        return;
      }
      if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
      const parser = new EventStreamParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watch();
        for (const event of parser.push(value)) {
          if (event.event === "ready") {
            heartbeatMs = (JSON.parse(event.data) as { heartbeatMs: number }).heartbeatMs;
            watch();
            failures = 0;
            setState("live");
            // Whatever changed while the stream was down: read everything once.
            bump("queue");
            bump("hits");
          } else if (event.event === "queue" || event.event === "hits") bump(event.event);
        }
      }
    })
    .catch(() => {})
    .finally(() => {
      clearTimeout(stale);
      if (abort === controller) abort = undefined;
      if (users === 0 || !currentSession()) return;
      failures++;
      setState(failures >= FAILURES_BEFORE_POLLING ? "polling" : "reconnecting");
      retry = setTimeout(
        () => {
          retry = undefined;
          connect();
        },
        Math.min(MAX_RETRY_MS, 1000 * 2 ** (failures - 1)),
      );
    });
}

function disconnect() {
  clearTimeout(retry);
  retry = undefined;
  abort?.abort();
  abort = undefined;
  failures = 0;
  setState("connecting");
}

// Log-off, lock or an expired session: the stream goes with the session.
subscribeSession(() => {
  if (!currentSession()) disconnect();
  else if (users > 0 && !abort && !retry) connect();
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Keeps the stream open while a page uses it. Returns the topic's version (it changes when the
 * server announces a change) and the stream's state; poll while it is not `live`.
 */
export function useLive(topic: Topic): { version: number; state: LiveState } {
  useEffect(() => {
    users++;
    if (linger) clearTimeout(linger);
    linger = undefined;
    connect();
    return () => {
      users--;
      // Moving from the queue to the board keeps the stream: close it only when no page wants it.
      if (users === 0) linger = setTimeout(() => users === 0 && disconnect(), LINGER_MS);
    };
  }, []);
  const version = useSyncExternalStore(subscribe, () => versions[topic]);
  const current = useSyncExternalStore(subscribe, () => state);
  return { version, state: current };
}

export const LIVE_TEXT: Record<LiveState, string> = {
  connecting: "connecting…",
  live: "live",
  reconnecting: "reconnecting…",
  polling: "live updates unavailable: polling",
};
