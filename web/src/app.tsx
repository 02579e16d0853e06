import { type FormEvent, type ReactNode, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { homeFor, may, PAGES, pagesFor } from "./access";
import { api, currentSession, isOnline, type Session, setSession, subscribe } from "./api";
import { AuditPage } from "./pages/audit";
import { DetainerPage, DetainersPage } from "./pages/detainers";
import { DirectoryPage } from "./pages/directory";
import { HitBoard, HitPage } from "./pages/hits";
import { InquiryPage } from "./pages/inquiry";
import { IprAllegationPage, IprListPage, IprQuarantinePage } from "./pages/ipr";
import { QueuePage } from "./pages/queue";
import { SearchPage } from "./pages/search";
import { StatsPage } from "./pages/stats";
import { PublicTipPage, TipFollowUpPage } from "./pages/tip-public";
import { TipPage, TipsPage } from "./pages/tips";
import { ViolatorPage, ViolatorsPage } from "./pages/violators";
import { ErrorNote, Field, Link, navigate, useKeys, usePath } from "./ui";

/** Locks the console after 30 minutes without input (the server idles tokens out at 30 too). */
export const IDLE_LOCK_MS = 30 * 60_000;

function useSession(): Session | null {
  return useSyncExternalStore(subscribe, currentSession);
}

/** The public tip line's pages: no log-in, whoever asks. */
const PUBLIC_PAGES: Record<string, () => ReactNode> = {
  "/tip": () => <PublicTipPage />,
  "/tip/follow-up": () => <TipFollowUpPage />,
};

export function App() {
  const path = usePath();
  const session = useSession();
  const online = useSyncExternalStore(subscribe, isOnline);
  const [lockedReason, setLockedReason] = useState<string>();
  useIdleLock(session !== null, () => {
    setLockedReason("The console locked after 30 minutes without activity. Log on again to continue.");
    void api("DELETE", "/api/v1/session").catch(() => {});
    setSession(null);
  });
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      {online ? null : (
        <div className="offline" role="status">
          Connection to the server lost. Retrying; nothing you typed is lost.
        </div>
      )}
      {PUBLIC_PAGES[path] ? (
        PUBLIC_PAGES[path]()
      ) : session ? (
        <Shell session={session} />
      ) : (
        <LogOn
          notice={lockedReason}
          onDone={(next) => {
            setLockedReason(undefined);
            setSession(next);
          }}
        />
      )}
    </>
  );
}

function useIdleLock(active: boolean, lock: () => void) {
  const current = useRef(lock);
  current.current = lock;
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    const events = ["keydown", "mousedown", "pointermove", "wheel", "touchstart"] as const;
    for (const name of events) window.addEventListener(name, touch, { passive: true });
    const timer = setInterval(() => {
      if (Date.now() - last >= IDLE_LOCK_MS) current.current();
    }, 15_000);
    return () => {
      for (const name of events) window.removeEventListener(name, touch);
      clearInterval(timer);
    };
  }, [active]);
}

function LogOn(props: { notice: string | undefined; onDone: (session: Session) => void }) {
  const [useNotice, setUseNotice] = useState<string>();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = "Log on · lesc";
    api<{ text: string }>("GET", "/api/v1/use-notice")
      .then((notice) => setUseNotice(notice.text))
      .catch(() => setUseNotice("This is a restricted government system. Use is monitored and audited."));
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!username.trim()) errors.username = "Enter your user name.";
    if (!password) errors.password = "Enter your password.";
    if (!/^\d{6}$/.test(totp.trim())) errors.totp = "Enter the 6-digit code from your authenticator.";
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const session = await api<Session>("POST", "/api/v1/session", {
        username: username.trim(),
        password,
        totp: totp.trim(),
      });
      setPassword("");
      setTotp("");
      props.onDone(session);
      if (!may(session.role, location.pathname)) navigate(homeFor(session.role));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="logon">
      <h1>lesc operator console</h1>
      {props.notice ? (
        <p className="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <section className="use-notice" aria-labelledby="use-notice-title">
        <h2 id="use-notice-title">System use notice</h2>
        <p data-testid="use-notice">{useNotice ?? "Loading the use notice…"}</p>
      </section>
      <form onSubmit={submit} noValidate aria-label="Log on">
        <Field label="User name" error={fieldErrors.username}>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={fieldErrors.username ? true : undefined}
          />
        </Field>
        <Field label="Password" error={fieldErrors.password}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={fieldErrors.password ? true : undefined}
          />
        </Field>
        <Field label="One-time code (TOTP)" error={fieldErrors.totp}>
          <input
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={totp}
            onChange={(e) => setTotp(e.target.value)}
            aria-invalid={fieldErrors.totp ? true : undefined}
          />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Logging on…" : "Log on"}
        </button>
        <p className="hint">By logging on you accept the notice above.</p>
      </form>
    </main>
  );
}

function Shell(props: { session: Session }) {
  const { session } = props;
  const path = usePath();
  const pages = pagesFor(session.role);
  const [help, setHelp] = useState(false);
  useEffect(() => {
    if (path === "/") navigate(homeFor(session.role));
  }, [path, session.role]);
  useKeys((event) => {
    const page = pages.find((p) => p.key === event.key);
    if (page) {
      event.preventDefault();
      navigate(page.path);
    } else if (event.key === "?") setHelp((shown) => !shown);
  });
  const logOff = async () => {
    try {
      await api("DELETE", "/api/v1/session");
    } catch {
      // the token is dropped here whatever the server says
    }
    setSession(null);
  };
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">lesc</span>
        <nav aria-label="Pages">
          <ul>
            {pages.map((page) => (
              <li key={page.path}>
                <Link to={page.path} className={path.startsWith(page.path) ? "current" : ""}>
                  <span className="key" aria-hidden="true">
                    {page.key}
                  </span>{" "}
                  {page.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {session.username} <span className="role">({session.role})</span>
        </span>
        <button type="button" onClick={() => setHelp((shown) => !shown)} aria-expanded={help}>
          Keys
        </button>
        <button type="button" onClick={logOff}>
          Log off
        </button>
      </header>
      {help ? <KeyHelp /> : null}
      <main id="main" className="content">
        <Route path={path} session={session} />
      </main>
    </div>
  );
}

function KeyHelp() {
  return (
    <aside className="keyhelp" aria-label="Keyboard shortcuts">
      <h2>Keyboard</h2>
      <ul>
        <li>
          <kbd>1</kbd>–<kbd>9</kbd> pages (numbers in the menu)
        </li>
        <li>
          <kbd>j</kbd>/<kbd>k</kbd> move in a list, <kbd>Enter</kbd> open
        </li>
        <li>
          Queue: <kbd>c</kbd> claim, <kbd>r</kbd> release
        </li>
        <li>
          Hit board: <kbd>c</kbd> confirm, <kbd>n</kbd> not confirmed, <kbd>w</kbd> will confirm by
        </li>
        <li>
          <kbd>?</kbd> this help
        </li>
      </ul>
    </aside>
  );
}

function Route(props: { path: string; session: Session }) {
  const { path, session } = props;
  const role = session.role;
  const page = PAGES.find((p) => path.startsWith(p.path));
  if (page && !page.roles.includes(role)) {
    return (
      <section className="page">
        <h1>Not available</h1>
        <p>
          Your role ({role}) may not use {page.label}.
        </p>
      </section>
    );
  }
  const id = (prefix: string) => {
    const match = new RegExp(`^${prefix}/(\\d+)$`).exec(path);
    return match ? Number(match[1]) : undefined;
  };
  const inquiryId = id("/inquiries");
  if (inquiryId !== undefined && may(role, "/queue")) return <InquiryPage id={inquiryId} session={session} />;
  const hitId = id("/hits");
  if (hitId !== undefined) return <HitPage id={hitId} session={session} />;
  const violatorId = id("/violators");
  if (violatorId !== undefined) return <ViolatorPage id={violatorId} session={session} />;
  const tipId = id("/tips");
  if (tipId !== undefined) return <TipPage id={tipId} session={session} />;
  const detainerId = id("/detainers");
  if (detainerId !== undefined) return <DetainerPage id={detainerId} session={session} />;
  const iprId = id("/ipr");
  if (iprId !== undefined) return <IprAllegationPage id={iprId} session={session} />;
  switch (path) {
    case "/queue":
      return <QueuePage session={session} />;
    case "/hits":
      return <HitBoard session={session} />;
    case "/search":
      return <SearchPage />;
    case "/violators":
      return <ViolatorsPage session={session} />;
    case "/detainers":
      return <DetainersPage session={session} />;
    case "/directory":
      return <DirectoryPage />;
    case "/stats":
      return <StatsPage />;
    case "/audit":
      return <AuditPage />;
    case "/ipr":
      return <IprListPage />;
    case "/ipr/quarantine":
      return <IprQuarantinePage />;
    case "/tips":
      return <TipsPage session={session} />;
    default:
      return (
        <section className="page">
          <h1>Page not found</h1>
          <p>
            Nothing at {path}. <Link to={pagesFor(role)[0]?.path ?? "/"}>Go to your first page</Link>.
          </p>
        </section>
      );
  }
}
