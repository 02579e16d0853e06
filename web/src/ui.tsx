import { type ReactNode, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { ApiError, reconnectCount, subscribe } from "./api";
import { formatTime } from "./clock";
import { LIVE_TEXT, type LiveState } from "./live";

export { clockShare, crossedThreshold, formatDuration, formatTime, LEVEL_TEXT, shareLevel } from "./clock";

/** A small router over the History API: the console's paths load on refresh (SPA fallback). */
const routeListeners = new Set<() => void>();
export function navigate(path: string) {
  if (path === location.pathname + location.search) return;
  history.pushState(null, "", path);
  for (const listener of routeListeners) listener();
}
window.addEventListener("popstate", () => {
  for (const listener of routeListeners) listener();
});
export function usePath(): string {
  return useSyncExternalStore(
    (listener) => {
      routeListeners.add(listener);
      return () => routeListeners.delete(listener);
    },
    () => location.pathname,
  );
}

export function Link(props: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={props.to}
      className={props.className}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

/** The current time, ticking every `ms`. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads `load()` now and every `everyMs` (when given); keeps the last good data on errors. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], everyMs?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  const reconnects = useSyncExternalStore(subscribe, reconnectCount);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's
  useEffect(() => {
    let live = true;
    const run = async () => {
      try {
        const value = await loadRef.current();
        if (!live) return;
        setData(value);
        setError(undefined);
      } catch (caught) {
        if (!live) return;
        setError(caught instanceof ApiError ? caught : new ApiError(0, "LESC_CLIENT", String(caught)));
      } finally {
        if (live) setLoading(false);
      }
    };
    void run();
    const timer = everyMs ? setInterval(run, everyMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [...deps, tick, everyMs, reconnects]);
  return { data, error, loading, reload };
}

/** An API error as people read it: 403 says what the role cannot do, others quote the server. */
export function ErrorNote(props: { error: unknown; id?: string }) {
  if (!props.error) return null;
  const error = props.error as ApiError;
  const text =
    error.status === 403
      ? `Not allowed: ${error.message}.`
      : error.status === 0
        ? "The server cannot be reached. Your work is kept; it will retry."
        : error.message;
  return (
    <p className="error" role="alert" id={props.id}>
      {text}
    </p>
  );
}

/** True when a key press should be taken as a shortcut (not typing in a field). */
export function isShortcut(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (event.altKey || event.ctrlKey || event.metaKey) return false;
  if (!target) return true;
  const tag = target.tagName;
  return !(tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable);
}

export function useKeys(handler: (event: KeyboardEvent) => void) {
  const current = useRef(handler);
  current.current = handler;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (isShortcut(event)) current.current(event);
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}

/** A horizontal bar for a value in [min, max] (the engine's field weights). */
export function WeightBar(props: { weight: number; max: number; label: string }) {
  const share = Math.min(1, Math.abs(props.weight) / props.max);
  return (
    <svg
      className="weight-bar"
      viewBox="0 0 100 10"
      width="120"
      height="12"
      role="img"
      aria-label={props.label}
    >
      <rect x="0" y="0" width="100" height="10" className="weight-track" />
      <rect
        x={props.weight >= 0 ? 50 : 50 - share * 50}
        y="0"
        width={share * 50}
        height="10"
        className={props.weight >= 0 ? "weight-pos" : "weight-neg"}
      />
      <line x1="50" x2="50" y1="0" y2="10" className="weight-axis" />
    </svg>
  );
}

export function Field(props: {
  label: string;
  error?: string | undefined;
  children: ReactNode;
  hint?: string;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child
    <label className="field">
      <span className="field-label">{props.label}</span>
      {props.children}
      {props.hint ? <span className="hint">{props.hint}</span> : null}
      {props.error ? (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      ) : null}
    </label>
  );
}

export function Page(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${props.title} · lesc`;
  }, [props.title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {props.title}
        </h1>
        <div className="page-actions">{props.actions}</div>
      </header>
      {props.children}
    </section>
  );
}

/** Whether a page is updated by the server's change notices or by polling. */
export function LiveBadge(props: { state: LiveState; pollMs: number }) {
  const text =
    props.state === "polling"
      ? `${LIVE_TEXT.polling} every ${props.pollMs / 1000} s`
      : LIVE_TEXT[props.state];
  return (
    <span className={`live live-${props.state}`} data-testid="live-state">
      <span aria-hidden="true">●</span> {text}
    </span>
  );
}

/** The NCIC sex codes as a select's options (with "any" for searches). */
export function SexOptions(props: { any?: boolean }) {
  return (
    <>
      {props.any ? <option value="">any</option> : null}
      <option>M</option>
      <option>F</option>
      <option>X</option>
      <option>U</option>
    </>
  );
}

/** A case's events in order: time, what happened, who (an inquiry's or a hit's timeline). */
export function EventTimeline(props: {
  title: string;
  events: readonly { at: string; kind: string; actor: string | null }[];
}) {
  return (
    <section className="panel">
      <h2>{props.title}</h2>
      <ol className="timeline">
        {props.events.map((event, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: events are in order and never reordered
          <li key={index}>
            <time dateTime={event.at}>{formatTime(event.at)}</time> {event.kind.replaceAll("_", " ")}
            {event.actor ? ` · ${event.actor}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
