import { type FormEvent, useState } from "react";
import { type ApiError, download, get, post } from "../api";
import { ErrorNote, Field, formatTime, Page, useLoad } from "../ui";

interface Entry {
  seq: number;
  at: string;
  component: string;
  eventType: string;
  outcome: string;
  user: string | null;
  ori: string | null;
  subject: string | null;
  purpose: string | null;
  details: unknown;
}
interface Reviews {
  overdue: boolean;
  reviews: {
    id?: number;
    reviewer?: string;
    periodFrom: string;
    periodTo: string;
    findings: string;
    [key: string]: unknown;
  }[];
}

const FILTERS = ["user", "ori", "component", "eventType", "subject", "from", "to"] as const;

export function AuditPage() {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [query, setQuery] = useState("");
  const entries = useLoad(() => get<{ entries: Entry[] }>(`/api/v1/audit${query}`), [query]);
  const reviews = useLoad(() => get<Reviews>("/api/v1/audit/reviews"), []);
  const [error, setError] = useState<ApiError>();
  const search = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const key of FILTERS) if (draft[key]?.trim()) params.set(key, draft[key]!.trim());
    setQuery(params.size > 0 ? `?${params}` : "");
  };
  const list = entries.data?.entries ?? [];
  return (
    <Page
      title="Audit log"
      actions={
        <button
          type="button"
          onClick={() =>
            download(`/api/v1/audit/export${query}`, "lesc-audit.csv").catch((e) => setError(e as ApiError))
          }
        >
          Export CSV
        </button>
      }
    >
      <form className="panel row" onSubmit={search} aria-label="Filter the audit log">
        {FILTERS.map((key) => (
          <Field key={key} label={key}>
            <input value={draft[key] ?? ""} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
          </Field>
        ))}
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <ErrorNote error={entries.error} />
      <ErrorNote error={error} />
      <table className="grid audit">
        <caption>{list.length} entries (each search is itself audited)</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time</th>
            <th scope="col">Component</th>
            <th scope="col">Event</th>
            <th scope="col">Outcome</th>
            <th scope="col">User / ORI</th>
            <th scope="col">Subject</th>
            <th scope="col">Purpose</th>
          </tr>
        </thead>
        <tbody>
          {list.map((entry) => (
            <tr key={entry.seq}>
              <td>{entry.seq}</td>
              <td>{formatTime(entry.at)}</td>
              <td>{entry.component}</td>
              <td>{entry.eventType}</td>
              <td>{entry.outcome}</td>
              <td>{entry.user ?? entry.ori ?? "—"}</td>
              <td>{entry.subject ?? "—"}</td>
              <td>{entry.purpose ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ReviewPanel reviews={reviews.data} onDone={reviews.reload} error={reviews.error} />
    </Page>
  );
}

function ReviewPanel(props: { reviews: Reviews | undefined; onDone: () => void; error: unknown }) {
  const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const [findings, setFindings] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!findings.trim()) {
      setFieldError("Write the review's findings.");
      return;
    }
    setFieldError(undefined);
    try {
      await post("/api/v1/audit/reviews", {
        periodFrom: week,
        periodTo: new Date().toISOString(),
        findings: findings.trim(),
      });
      setFindings("");
      setError(undefined);
      props.onDone();
    } catch (caught) {
      setError(caught as ApiError);
    }
  };
  return (
    <section className="panel" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Weekly reviews</h2>
      <ErrorNote error={props.error} />
      {props.reviews?.overdue ? (
        <p className="warning" role="status">
          The weekly review is overdue.
        </p>
      ) : null}
      <ul>
        {(props.reviews?.reviews ?? []).map((review, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: reviews are listed as returned
          <li key={index}>
            {formatTime(review.periodFrom)} – {formatTime(review.periodTo)}: {review.findings}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} noValidate>
        <Field label="Findings for the last 7 days" error={fieldError}>
          <textarea rows={3} value={findings} onChange={(e) => setFindings(e.target.value)} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit">Record review</button>
      </form>
    </section>
  );
}
