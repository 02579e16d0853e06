import { useState } from "react";
import { canResearch } from "../access";
import { type ApiError, get, post, type Session } from "../api";
import { useLive } from "../live";
import {
  clockShare,
  ErrorNote,
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

export interface QueueEntry {
  id: number;
  ori: string;
  subject: string;
  inCustody: boolean;
  receivedAt: string;
  dueAt: string;
  status: "SEARCHING" | "RESEARCH";
  preliminaryResult: string | null;
  enhanced: boolean;
  slaState: string;
  claimedBy: string | null;
}

/**
 * The queue is read again when the server announces a change (new IAQs, claims by others,
 * answers); while the event stream is down, every 5 s instead.
 */
export const QUEUE_POLL_MS = 5000;

export function QueuePage(props: { session: Session }) {
  const { session } = props;
  const live = useLive("queue");
  const queue = useLoad(
    () => get<QueueEntry[]>("/api/v1/queue"),
    [live.version],
    live.state === "live" ? undefined : QUEUE_POLL_MS,
  );
  const now = useNow();
  const [selected, setSelected] = useState(0);
  const [actionError, setActionError] = useState<ApiError>();
  const entries = queue.data ?? [];
  const researcher = canResearch(session.role);

  const act = async (entry: QueueEntry | undefined, action: "claim" | "release") => {
    if (!entry) return;
    setActionError(undefined);
    try {
      await post(`/api/v1/inquiries/${entry.id}/${action}`);
      queue.reload();
      if (action === "claim") navigate(`/inquiries/${entry.id}`);
    } catch (error) {
      setActionError(error as ApiError);
      queue.reload();
    }
  };
  useKeys((event) => {
    const entry = entries[selected];
    if (event.key === "j" || event.key === "ArrowDown")
      setSelected((i) => Math.min(i + 1, entries.length - 1));
    else if (event.key === "k" || event.key === "ArrowUp") setSelected((i) => Math.max(i - 1, 0));
    else if (event.key === "Enter" && entry) navigate(`/inquiries/${entry.id}`);
    else if (event.key === "c" && researcher) void act(entry, "claim");
    else if (event.key === "r") void act(entry, "release");
    else return;
    event.preventDefault();
  });

  return (
    <Page
      title="Research queue"
      actions={
        <>
          <span className="muted" aria-live="polite">
            {entries.length} open · in custody first, then oldest
          </span>
          <LiveBadge state={live.state} pollMs={QUEUE_POLL_MS} />
        </>
      }
    >
      <ErrorNote error={queue.error} />
      <ErrorNote error={actionError} />
      {queue.loading && !queue.data ? <p>Loading…</p> : null}
      {queue.data && entries.length === 0 ? <p className="empty">The queue is empty.</p> : null}
      {entries.length > 0 ? (
        <table className="grid queue" aria-label="Open inquiries">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Subject</th>
              <th scope="col">Agency</th>
              <th scope="col">Custody</th>
              <th scope="col">Preliminary</th>
              <th scope="col">Age</th>
              <th scope="col">Due in</th>
              <th scope="col">SLA</th>
              <th scope="col">Held by</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => {
              const share = clockShare(entry.receivedAt, entry.dueAt, now);
              const level = shareLevel(share);
              const mine = entry.claimedBy === session.username;
              return (
                <tr
                  key={entry.id}
                  className={`level-${level}${index === selected ? " selected" : ""}`}
                  aria-selected={index === selected}
                  data-inquiry={entry.id}
                  onClick={() => setSelected(index)}
                >
                  <td>{entry.id}</td>
                  <td>
                    <Link to={`/inquiries/${entry.id}`}>{entry.subject}</Link>
                    {entry.enhanced ? <span className="tag enhanced">enhanced</span> : null}
                  </td>
                  <td>{entry.ori}</td>
                  <td>{entry.inCustody ? <span className="tag custody">IN CUSTODY</span> : "no"}</td>
                  <td>{entry.status === "SEARCHING" ? "searching…" : (entry.preliminaryResult ?? "—")}</td>
                  <td>{formatDuration(now - Date.parse(entry.receivedAt))}</td>
                  <td className="num">{formatDuration(Date.parse(entry.dueAt) - now)}</td>
                  <td>
                    <span className={`sla sla-${level}`}>
                      {entry.slaState === "ON_TIME" ? LEVEL_TEXT[level] : entry.slaState.toLowerCase()}
                    </span>
                  </td>
                  <td>{entry.claimedBy ? (mine ? "you" : entry.claimedBy) : "—"}</td>
                  <td className="actions">
                    {researcher && !entry.claimedBy ? (
                      <button type="button" onClick={() => act(entry, "claim")}>
                        Claim <span className="sr-only">inquiry {entry.id}</span>
                      </button>
                    ) : null}
                    {entry.claimedBy && (mine || session.role === "supervisor") ? (
                      <button type="button" onClick={() => act(entry, "release")}>
                        Release <span className="sr-only">inquiry {entry.id}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
