import { type ReactNode, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { ApiError, reconnectCount, subscribe } from "./api";

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

export function formatDuration(ms: number): string {
  const negative = ms < 0;
  let seconds = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const two = (n: number) => String(n).padStart(2, "0");
  const text = hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
  return negative ? `-${text}` : text;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)}Z`;
}

/** Share of a clock used: 0 at start, 1 at the deadline. */
export function clockShare(startIso: string, deadlineIso: string, now: number): number {
  const start = Date.parse(startIso);
  const end = Date.parse(deadlineIso);
  if (end <= start) return 1;
  return (now - start) / (end - start);
}

export function shareLevel(share: number): "ok" | "warn" | "late" | "over" {
  if (share >= 1) return "over";
  if (share >= 0.8) return "late";
  if (share >= 0.5) return "warn";
  return "ok";
}

export const LEVEL_TEXT = { ok: "on time", warn: "past 50 %", late: "past 80 %", over: "overdue" } as const;

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
