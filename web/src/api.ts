/**
 * The staff API, as the console uses it: a bearer token kept for this tab only
 * (sessionStorage), one error shape (`{"error","code"}`), and the connection state the shell
 * shows (a lost connection is shown and polling recovers by itself).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** The field the server named (`body.narrative: is required` → `narrative`), if any. */
  get field(): string | undefined {
    const match = /^(?:body|querystring)\.([\w.]+):/.exec(this.message);
    return match?.[1];
  }
}

export interface Session {
  token: string;
  username: string;
  role: Role;
}

export type Role =
  | "technician"
  | "agent"
  | "supervisor"
  | "records"
  | "tip_operator"
  | "analyst"
  | "auditor"
  | "admin";

const KEY = "lesc.session";
type Listener = () => void;
const listeners = new Set<Listener>();
let session: Session | null = readSession();
let online = true;

function readSession(): Session | null {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const notify = () => {
  for (const listener of listeners) listener();
};

export const currentSession = () => session;
export const isOnline = () => online;

export function setSession(next: Session | null) {
  session = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  notify();
}

let reconnects = 0;
let probing: ReturnType<typeof setInterval> | undefined;

/** How many times the connection came back: pages load again when it changes. */
export const reconnectCount = () => reconnects;

function setOnline(value: boolean) {
  if (online === value) return;
  online = value;
  if (value) {
    reconnects++;
    if (probing) clearInterval(probing);
    probing = undefined;
  } else if (!probing) {
    // Probe until the server answers again, whatever page is open.
    probing = setInterval(() => {
      fetch("/healthz", { cache: "no-store" })
        .then((response) => {
          if (response.ok) setOnline(true);
        })
        .catch(() => {});
    }, 3000);
  }
  notify();
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, accept: "application/json" };
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    setOnline(false);
    throw new ApiError(0, "LESC_OFFLINE", "the server cannot be reached: retrying");
  }
  setOnline(true);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = json as { error?: string; code?: string } | undefined;
    const failure = new ApiError(
      response.status,
      error?.code ?? "LESC_HTTP",
      error?.error ?? `${response.status} ${response.statusText}`,
    );
    // An expired or ended session (idle 30 minutes, or a log-on elsewhere): back to log-on.
    if (response.status === 401 && session && path !== "/api/v1/session") setSession(null);
    throw failure;
  }
  return json as T;
}

/** Downloads a route's body as a file (the audit export needs the bearer token). */
export async function download(path: string, filename: string) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${session?.token ?? ""}` } });
  if (!response.ok) throw new ApiError(response.status, "LESC_HTTP", await response.text());
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body ?? {});
