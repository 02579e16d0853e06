import { type FormEvent, useState } from "react";
import { canWorkIpr } from "../access";
import { type ApiError, download, get, post, type Session } from "../api";
import { ErrorNote, Field, formatTime, Link, Page, useLoad } from "../ui";

/** The IPR desk: allegations (web form, e-mail, hotline), their evidence and deconfliction links. */
interface AllegationRow {
  id: number;
  channel: string;
  status: string;
  rightType: string | null;
  product: string | null;
  violatorName: string | null;
  owningPartner: string;
  receivedAt: string;
  linked: boolean;
}

interface Reason {
  rule: string;
  detail: string;
}

interface Allegation extends AllegationRow {
  rightsHolder: string | null;
  violatorWebsite: string | null;
  violatorHost: string | null;
  violatorAddress: string | null;
  narrative: string;
  owningPartnerName: string;
  ownerRule: string;
  enteredBy: string | null;
  anonymous: boolean;
  allegant: Record<string, string> | "withheld" | null;
  email: { fromAddress: string; subject: string | null } | null;
  closingAnswer: string | null;
  junkReason: string | null;
  evidence: {
    id: number;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    source: string;
  }[];
  links: { allegationId: number; linkedTo: number; reasons: Reason[] }[];
  notifications: {
    id: number;
    partner: string;
    allegationId: number;
    aboutAllegationId: number;
    reasons: Reason[];
  }[];
  messages: { author: string; staffUser: string | null; at: string; text: string }[];
}

const PARTNERS = [
  "HSI",
  "CBP",
  "FBI",
  "FDA-OCI",
  "USPIS",
  "COMMERCE",
  "DCIS",
  "NCIS",
  "AFOSI",
  "DLA",
  "GSA-OIG",
  "USPTO",
];

export function IprListPage() {
  const [status, setStatus] = useState("OPEN");
  const list = useLoad(
    () =>
      get<{ allegations: AllegationRow[] }>(`/api/v1/ipr/allegations${status ? `?status=${status}` : ""}`),
    [status],
  );
  const rows = list.data?.allegations ?? [];
  return (
    <Page title="IPR allegations" actions={<Link to="/ipr/quarantine">E-mail quarantine</Link>}>
      <div className="panel row">
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="OPEN">Open</option>
            <option value="CLOSED">Closed</option>
            <option value="JUNK">Junk</option>
            <option value="">All</option>
          </select>
        </Field>
      </div>
      <ErrorNote error={list.error} />
      {list.data && rows.length === 0 ? <p className="empty">No allegation.</p> : null}
      {rows.length > 0 ? (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Received</th>
              <th scope="col">Channel</th>
              <th scope="col">Right</th>
              <th scope="col">Product</th>
              <th scope="col">Violator</th>
              <th scope="col">Owner</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/ipr/${a.id}`}>{a.id}</Link>
                </td>
                <td>{formatTime(a.receivedAt)}</td>
                <td>{a.channel}</td>
                <td>{a.rightType ?? "—"}</td>
                <td>{a.product ?? "—"}</td>
                <td>
                  {a.violatorName ?? "—"}
                  {a.linked ? <span className="tag"> linked</span> : null}
                </td>
                <td>{a.owningPartner}</td>
                <td>{a.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

export function IprAllegationPage(props: { id: number; session: Session }) {
  const loaded = useLoad(() => get<Allegation>(`/api/v1/ipr/allegations/${props.id}`), [props.id]);
  const [error, setError] = useState<ApiError>();
  const a = loaded.data;
  const act = async (path: string, body: unknown) => {
    try {
      await post(`/api/v1/ipr/allegations/${props.id}/${path}`, body);
      setError(undefined);
      loaded.reload();
      return true;
    } catch (caught) {
      setError(caught as ApiError);
      return false;
    }
  };
  const mayWork = canWorkIpr(props.session.role);
  return (
    <Page title={`IPR allegation ${props.id}`} actions={<Link to="/ipr">All allegations</Link>}>
      <ErrorNote error={loaded.error} />
      <ErrorNote error={error} />
      {a ? (
        <>
          <div className="summary">
            <span className="tag">{a.status}</span>
            <span>
              {a.channel}
              {a.enteredBy ? ` by ${a.enteredBy}` : ""}, received {formatTime(a.receivedAt)}
            </span>
            <span>
              owner {a.owningPartnerName} ({a.ownerRule})
            </span>
          </div>
          <div className="query">
            <dl>
              <dt>Right</dt>
              <dd>{a.rightType ?? "—"}</dd>
              <dt>Rights holder</dt>
              <dd>{a.rightsHolder ?? "—"}</dd>
              <dt>Product</dt>
              <dd>{a.product ?? "—"}</dd>
              <dt>Violator</dt>
              <dd>{a.violatorName ?? "—"}</dd>
              <dt>Website</dt>
              <dd>{a.violatorWebsite ?? "—"}</dd>
              <dt>Address</dt>
              <dd>{a.violatorAddress ?? "—"}</dd>
              <dt>Allegant</dt>
              <dd data-testid="allegant">
                {a.anonymous
                  ? "anonymous"
                  : a.allegant === "withheld"
                    ? "withheld (your role does not see identities)"
                    : Object.entries(a.allegant ?? {})
                        .map(([k, v]) => `${k}: ${v}`)
                        .join(", ") || (a.email ? `e-mail from ${a.email.fromAddress}` : "—")}
              </dd>
              {a.closingAnswer ? (
                <>
                  <dt>Answer</dt>
                  <dd>{a.closingAnswer}</dd>
                </>
              ) : null}
              {a.junkReason ? (
                <>
                  <dt>Junk because</dt>
                  <dd>{a.junkReason}</dd>
                </>
              ) : null}
            </dl>
          </div>
          <h2>Narrative</h2>
          <pre className="narrative" data-testid="narrative">
            {a.narrative}
          </pre>
          <Evidence evidence={a.evidence} onError={setError} />
          <Deconfliction id={a.id} links={a.links} notifications={a.notifications} />
          <section aria-labelledby="messages-title">
            <h2 id="messages-title">Messages ({a.messages.length})</h2>
            <ul className="messages">
              {a.messages.map((m) => (
                <li key={`${m.at}-${m.text.slice(0, 20)}`}>
                  <strong>{m.author === "STAFF" ? (m.staffUser ?? "staff") : "allegant"}</strong>{" "}
                  {formatTime(m.at)}: {m.text}
                </li>
              ))}
            </ul>
          </section>
          {mayWork && a.status === "OPEN" ? <Actions act={act} owner={a.owningPartner} /> : null}
        </>
      ) : null}
    </Page>
  );
}

function Evidence(props: { evidence: Allegation["evidence"]; onError: (error: ApiError) => void }) {
  return (
    <section aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence ({props.evidence.length})</h2>
      {props.evidence.length === 0 ? <p className="empty">No file.</p> : null}
      <ul>
        {props.evidence.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              onClick={() =>
                download(`/api/v1/ipr/evidence/${e.id}`, e.fileName).catch((caught) =>
                  props.onError(caught as ApiError),
                )
              }
            >
              Download {e.fileName}
            </button>{" "}
            {e.contentType}, {Math.ceil(e.sizeBytes / 1024)} KB, from {e.source.toLowerCase()}, sha256{" "}
            <code>{e.sha256.slice(0, 16)}…</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Deconfliction(props: {
  id: number;
  links: Allegation["links"];
  notifications: Allegation["notifications"];
}) {
  return (
    <section aria-labelledby="links-title">
      <h2 id="links-title">Deconfliction</h2>
      {props.links.length === 0 ? <p className="empty">No other open allegation on this violator.</p> : null}
      <ul>
        {props.links.map((l) => {
          const other = l.allegationId === props.id ? l.linkedTo : l.allegationId;
          return (
            <li key={`${l.allegationId}-${l.linkedTo}`}>
              Linked to <Link to={`/ipr/${other}`}>allegation {other}</Link>:{" "}
              {l.reasons.map((r) => r.detail).join("; ")}
            </li>
          );
        })}
      </ul>
      {props.notifications.length > 0 ? (
        <ul>
          {props.notifications.map((n) => (
            <li key={n.id}>
              {n.partner} told: allegation {n.aboutAllegationId} touches its allegation {n.allegationId}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Actions(props: { act: (path: string, body: unknown) => Promise<boolean>; owner: string }) {
  const [reply, setReply] = useState("");
  const [owner, setOwner] = useState(props.owner);
  const [answer, setAnswer] = useState("");
  const [reason, setReason] = useState("");
  const submit = (path: string, body: unknown, clear: () => void) => async (event: FormEvent) => {
    event.preventDefault();
    if (await props.act(path, body)) clear();
  };
  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Work the allegation</h2>
      <form className="row" onSubmit={submit("replies", { text: reply }, () => setReply(""))}>
        <Field label="Reply to the allegant">
          <textarea value={reply} onChange={(e) => setReply(e.target.value)} rows={2} />
        </Field>
        <button type="submit" disabled={!reply.trim()}>
          Send reply
        </button>
      </form>
      <form className="row" onSubmit={submit("owner", { partner: owner }, () => {})}>
        <Field label="Owning partner agency">
          <select value={owner} onChange={(e) => setOwner(e.target.value)}>
            {PARTNERS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <button type="submit">Assign owner</button>
      </form>
      <form className="row" onSubmit={submit("close", { answer }, () => setAnswer(""))}>
        <Field label="Closing answer">
          <input value={answer} onChange={(e) => setAnswer(e.target.value)} />
        </Field>
        <button type="submit" disabled={!answer.trim()}>
          Close
        </button>
      </form>
      <form className="row" onSubmit={submit("junk", { reason }, () => setReason(""))}>
        <Field label="Junk reason">
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <button type="submit" disabled={!reason.trim()}>
          Mark junk
        </button>
      </form>
    </section>
  );
}

interface Held {
  id: number;
  source: string;
  fileName: string | null;
  sizeBytes: number;
  reason: string;
  receivedAt: string;
}

export function IprQuarantinePage() {
  const list = useLoad(() => get<{ quarantine: Held[] }>("/api/v1/ipr/quarantine"), []);
  const rows = list.data?.quarantine ?? [];
  return (
    <Page title="IPR e-mail quarantine" actions={<Link to="/ipr">All allegations</Link>}>
      <ErrorNote error={list.error} />
      {list.data && rows.length === 0 ? <p className="empty">No e-mail held.</p> : null}
      {rows.length > 0 ? (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Received</th>
              <th scope="col">From</th>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((q) => (
              <tr key={q.id}>
                <td>{q.id}</td>
                <td>{formatTime(q.receivedAt)}</td>
                <td>{q.source === "API" ? "API" : "watched folder"}</td>
                <td>{q.fileName ?? "—"}</td>
                <td>{Math.ceil(q.sizeBytes / 1024)} KB</td>
                <td>{q.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
