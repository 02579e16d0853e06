import { type FormEvent, useEffect, useRef, useState } from "react";
import { canResearch } from "../access";
import { type ApiError, get, post, type Session } from "../api";
import { useLive } from "../live";
import {
  clockShare,
  crossedThreshold,
  ErrorNote,
  EventTimeline,
  Field,
  formatDuration,
  LEVEL_TEXT,
  Link,
  LiveBadge,
  navigate,
  Page,
  shareLevel,
  useKeys,
  useLoad,
  useNow,
} from "../ui";
import { Explanation } from "./explain";

interface HitCase {
  id: number;
  nic: string;
  priority: "U" | "R";
  rno: number;
  requesterOri: string;
  receivedAt: string;
  deadline: string;
  status: string;
  escalation: number;
  policyViolation: boolean;
}

/**
 * The board is read again when the server announces a change (every 5 s while the event
 * stream is down); the countdown ticks every second in the browser.
 */
export const BOARD_POLL_MS = 5000;
type Answer = "CONFIRMED" | "NOT_CONFIRMED" | "WILL_CONFIRM_BY";

async function answer(id: number, status: Answer, untilMinutes?: number) {
  const body: Record<string, string> = { status };
  if (status === "WILL_CONFIRM_BY") {
    body.until = new Date(Date.now() + (untilMinutes ?? 30) * 60_000).toISOString();
  }
  return post(`/api/v1/hits/${id}/response`, body);
}

/** A short tone when a case crosses 50 % or 80 % of its clock (Web Audio: nothing downloaded). */
function beep(high: boolean) {
  try {
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = high ? 880 : 660;
    gain.gain.value = 0.1;
    oscillator.connect(gain).connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 0.25);
    oscillator.onended = () => void context.close();
  } catch {
    // no audio device: the visual alert stands
  }
}

export function HitBoard(props: { session: Session }) {
  const live = useLive("hits");
  const board = useLoad(
    () => get<HitCase[]>("/api/v1/hits?open=true"),
    [live.version],
    live.state === "live" ? undefined : BOARD_POLL_MS,
  );
  const now = useNow();
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<ApiError>();
  const [sound, setSound] = useState(true);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [done, setDone] = useState<string>();
  const crossed = useRef(new Map<number, number>());
  const cases = board.data ?? [];
  const researcher = canResearch(props.session.role);

  // Alerts when a case's clock crosses 50 % and 80 %.
  useEffect(() => {
    const fresh: string[] = [];
    for (const hit of cases) {
      const share = clockShare(hit.receivedAt, hit.deadline, now);
      const threshold = crossedThreshold(share);
      const before = crossed.current.get(hit.id) ?? 0;
      if (threshold > before) {
        crossed.current.set(hit.id, threshold);
        const what = `Hit ${hit.id} (${hit.nic}, ${hit.requesterOri})`;
        fresh.push(
          threshold === 100 ? `${what} has run out of time.` : `${what} is past ${threshold} % of its clock.`,
        );
        if (sound) beep(threshold >= 80);
      }
    }
    if (fresh.length > 0) setAlerts((list) => [...fresh, ...list].slice(0, 5));
  }, [cases, now, sound]);

  const act = async (hit: HitCase | undefined, status: Answer, minutes?: number) => {
    if (!hit) return;
    setError(undefined);
    try {
      await answer(hit.id, status, minutes);
      setDone(`Hit ${hit.id}: ${status.replaceAll("_", " ").toLowerCase()} sent.`);
    } catch (caught) {
      setError(caught as ApiError);
    }
    board.reload();
  };
  useKeys((event) => {
    const hit = cases[selected];
    if (event.key === "j" || event.key === "ArrowDown") setSelected((i) => Math.min(i + 1, cases.length - 1));
    else if (event.key === "k" || event.key === "ArrowUp") setSelected((i) => Math.max(i - 1, 0));
    else if (event.key === "Enter" && hit) navigate(`/hits/${hit.id}`);
    else if (researcher && event.key === "c") void act(hit, "CONFIRMED");
    else if (researcher && event.key === "n") void act(hit, "NOT_CONFIRMED");
    else if (researcher && event.key === "w") void act(hit, "WILL_CONFIRM_BY", 30);
    else return;
    event.preventDefault();
  });

  return (
    <Page
      title="Hit confirmation board"
      actions={
        <>
          <LiveBadge state={live.state} pollMs={BOARD_POLL_MS} />
          <label className="check">
            <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} /> Sound
            alerts
          </label>
        </>
      }
    >
      <ErrorNote error={board.error} />
      <ErrorNote error={error} />
      {done ? (
        <p className="ok" role="status">
          {done}
        </p>
      ) : null}
      {alerts.length > 0 ? (
        <div className="alerts" role="alert" data-testid="hit-alerts">
          {alerts.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      ) : null}
      {board.data && cases.length === 0 ? <p className="empty">No open hit confirmation request.</p> : null}
      <ul className="board" aria-label="Open hit confirmation requests">
        {cases.map((hit, index) => {
          const share = clockShare(hit.receivedAt, hit.deadline, now);
          const level = shareLevel(share);
          const left = Date.parse(hit.deadline) - now;
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: j/k and Enter select from the keyboard
            <li
              key={hit.id}
              className={`hit level-${level}${index === selected ? " selected" : ""}`}
              data-hit={hit.id}
              onClick={() => setSelected(index)}
            >
              <div className="hit-clock">
                <span className="countdown" data-testid="countdown">
                  {formatDuration(left)}
                </span>
                <span className={`sla sla-${level}`}>{LEVEL_TEXT[level]}</span>
                <svg viewBox="0 0 100 6" className="meter" aria-hidden="true" preserveAspectRatio="none">
                  <rect width="100" height="6" className="meter-track" />
                  <rect
                    width={Math.min(100, Math.max(0, share * 100))}
                    height="6"
                    className={`meter-${level}`}
                  />
                  <line x1="50" x2="50" y1="0" y2="6" className="meter-mark" />
                  <line x1="80" x2="80" y1="0" y2="6" className="meter-mark" />
                </svg>
              </div>
              <div className="hit-what">
                <Link to={`/hits/${hit.id}`}>
                  Hit {hit.id} · NIC {hit.nic}
                </Link>
                <span className="muted">
                  {" "}
                  {hit.requesterOri} · {hit.priority === "U" ? "URGENT (10 min)" : "routine (1 h)"} · request{" "}
                  {hit.rno}
                  {hit.status === "WILL_CONFIRM_BY" ? " · will confirm by" : ""}
                </span>
                {hit.policyViolation ? <span className="tag late">policy violation</span> : null}
              </div>
              {researcher ? (
                <div className="hit-actions">
                  <button type="button" className="primary" onClick={() => act(hit, "CONFIRMED")}>
                    Confirm <span className="sr-only">hit {hit.id}</span>
                  </button>
                  <button type="button" onClick={() => act(hit, "NOT_CONFIRMED")}>
                    Not confirmed <span className="sr-only">hit {hit.id}</span>
                  </button>
                  <button type="button" onClick={() => act(hit, "WILL_CONFIRM_BY", 30)}>
                    Will confirm in 30 min <span className="sr-only">hit {hit.id}</span>
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Page>
  );
}

interface HitDetail extends HitCase {
  oca: string;
  subject: { nam: { last: string; first?: string }; dob: string | null; sex: string | null; rty: string };
  record: Record<string, unknown> & {
    id: number;
    lastName: string;
    firstName: string;
    category: string;
    status: string;
  };
  comparison: {
    score: number;
    decision: string;
    matchedName: string;
    explanation: Parameters<typeof Explanation>[0]["rows"];
  } | null;
  answer: { status: string; narrative?: string; by?: string } | null;
  events: { at: string; kind: string; actor: string | null }[];
}

export function HitPage(props: { id: number; session: Session }) {
  const hit = useLoad(() => get<HitDetail>(`/api/v1/hits/${props.id}`), [props.id]);
  const now = useNow();
  const [status, setStatus] = useState<Answer>("CONFIRMED");
  const [minutes, setMinutes] = useState("30");
  const [narrative, setNarrative] = useState("");
  const [error, setError] = useState<ApiError>();
  const [fieldError, setFieldError] = useState<string>();
  const h = hit.data;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wait = Number(minutes);
    if (status === "WILL_CONFIRM_BY" && !(wait >= 1 && wait <= 24 * 60)) {
      setFieldError("Give a time between 1 minute and 24 hours.");
      return;
    }
    setFieldError(undefined);
    try {
      await post(`/api/v1/hits/${props.id}/response`, {
        status,
        ...(status === "WILL_CONFIRM_BY"
          ? { until: new Date(Date.now() + wait * 60_000).toISOString() }
          : {}),
        ...(narrative.trim() ? { narrative: narrative.trim() } : {}),
      });
      setError(undefined);
    } catch (caught) {
      setError(caught as ApiError);
    }
    hit.reload();
  };
  return (
    <Page title={`Hit ${props.id}`} actions={<Link to="/hits">Back to the board</Link>}>
      <ErrorNote error={hit.error} />
      {h ? (
        <>
          <div className="summary">
            <span className="tag">{h.status}</span>
            <span>
              {h.requesterOri} · OCA {h.oca} · NIC {h.nic} · {h.priority === "U" ? "URGENT" : "routine"}
            </span>
            {h.status !== "CONFIRMED" && h.status !== "NOT_CONFIRMED" && h.status !== "NO_RECORD" ? (
              <span className={`sla sla-${shareLevel(clockShare(h.receivedAt, h.deadline, now))}`}>
                {formatDuration(Date.parse(h.deadline) - now)} left
              </span>
            ) : null}
          </div>
          <div className="workspace">
            <section className="panel">
              <h2>Officer's subject</h2>
              <p>
                {h.subject.nam.last}, {h.subject.nam.first ?? ""} · DOB {h.subject.dob ?? "—"} · sex{" "}
                {h.subject.sex ?? "—"}
              </p>
              <h2>Violator File record</h2>
              <p>
                <Link to={`/violators/${h.record.id}`}>
                  {h.record.lastName}, {h.record.firstName}
                </Link>{" "}
                · {h.record.category} · {h.record.status}
              </p>
            </section>
            {h.comparison ? (
              <Explanation
                rows={h.comparison.explanation}
                caption={`Subject against ${h.comparison.matchedName}`}
              />
            ) : null}
          </div>
          {canResearch(props.session.role) && !h.answer?.status?.match(/^(NOT_)?CONFIRMED$/) ? (
            <form className="panel row" onSubmit={submit} noValidate>
              <Field label="Answer">
                <select value={status} onChange={(e) => setStatus(e.target.value as Answer)}>
                  <option value="CONFIRMED">CONFIRMED</option>
                  <option value="NOT_CONFIRMED">NOT CONFIRMED</option>
                  <option value="WILL_CONFIRM_BY">WILL CONFIRM BY</option>
                </select>
              </Field>
              {status === "WILL_CONFIRM_BY" ? (
                <Field label="Minutes from now" error={fieldError}>
                  <input inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
                </Field>
              ) : null}
              <Field label="Narrative">
                <input value={narrative} onChange={(e) => setNarrative(e.target.value)} />
              </Field>
              <ErrorNote error={error} />
              <button type="submit" className="primary">
                Send YR
              </button>
            </form>
          ) : null}
          <EventTimeline title="Events" events={h.events} />
        </>
      ) : null}
    </Page>
  );
}
