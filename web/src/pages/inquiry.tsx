import { type FormEvent, useEffect, useState } from "react";
import { canResearch } from "../access";
import { type ApiError, get, post, type Session } from "../api";
import {
  ErrorNote,
  EventTimeline,
  Field,
  formatDuration,
  formatTime,
  Link,
  Page,
  useLoad,
  useNow,
} from "../ui";
import { type Candidate, Explanation } from "./explain";

interface Iaq {
  nam: { last: string; first?: string; middle?: string };
  dob: string;
  sex: string;
  pob?: { name: string; ncic: string } | null;
  cus: string;
  off?: string;
  arn?: string;
  fbi?: string;
  soc?: string;
  rem?: string;
  atn?: string;
  phn?: string;
  pur?: string;
  header: { controlField?: string };
}

interface Workspace {
  id: number;
  ori: string;
  controlField: string | null;
  status: string;
  receivedAt: string;
  dueAt: string;
  slaState: string;
  inCustody: boolean;
  claimedBy: string | null;
  enhanced: boolean;
  enhancedReasons: string[];
  query: Iaq;
  preliminary: { result: string; sentAt: string } | null;
  final: { result: string; narrative?: string; answeredBy?: string; answeredAt?: string } | null;
  candidates: Candidate[];
  contacts: {
    id?: number;
    contactedAt: string;
    means: string;
    officer: string;
    agent: string;
    summary: string;
  }[];
  events: { at: string; kind: string; actor: string | null }[];
}

export interface Template {
  code: string;
  result: string;
  title: string;
  text: string;
}

const draftKey = (id: number) => `lesc.draft.inquiry.${id}`;

export function InquiryPage(props: { id: number; session: Session }) {
  const { id, session } = props;
  const workspace = useLoad(() => get<Workspace>(`/api/v1/inquiries/${id}`), [id]);
  const templates = useLoad(() => get<{ templates: Template[] }>("/api/v1/response-templates"), []);
  const now = useNow();
  const [actionError, setActionError] = useState<ApiError>();
  const w = workspace.data;
  const researcher = canResearch(session.role);
  const mine = w?.claimedBy === session.username;

  const act = async (action: "claim" | "release") => {
    setActionError(undefined);
    try {
      await post(`/api/v1/inquiries/${id}/${action}`);
    } catch (error) {
      setActionError(error as ApiError);
    }
    workspace.reload();
  };

  return (
    <Page
      title={`Inquiry ${id}${w ? ` · ${w.query.nam.last}, ${w.query.nam.first ?? ""}` : ""}`}
      actions={
        <>
          <Link to="/queue">Back to the queue</Link>
          {w && w.status !== "ANSWERED" && researcher && !w.claimedBy ? (
            <button type="button" className="primary" onClick={() => act("claim")}>
              Claim
            </button>
          ) : null}
          {w && w.status !== "ANSWERED" && w.claimedBy && (mine || session.role === "supervisor") ? (
            <button type="button" onClick={() => act("release")}>
              Release
            </button>
          ) : null}
        </>
      }
    >
      <ErrorNote error={workspace.error} />
      <ErrorNote error={actionError} />
      {w ? (
        <>
          <div className="summary" data-testid="inquiry-summary">
            <span className={`tag ${w.status === "ANSWERED" ? "done" : ""}`}>{w.status}</span>
            {w.inCustody ? <span className="tag custody">IN CUSTODY</span> : null}
            {w.enhanced ? (
              <span className="tag enhanced">enhanced: {w.enhancedReasons.join(", ")}</span>
            ) : null}
            <span>
              Held by <strong>{w.claimedBy ? (mine ? "you" : w.claimedBy) : "nobody"}</strong>
            </span>
            {w.status !== "ANSWERED" ? (
              <span>
                Due in <strong>{formatDuration(Date.parse(w.dueAt) - now)}</strong> (
                {w.slaState.toLowerCase()})
              </span>
            ) : null}
            <span>Preliminary: {w.preliminary?.result ?? "—"}</span>
            {w.final ? (
              <span data-testid="final-result">
                FINAL: <strong>{w.final.result}</strong>
              </span>
            ) : null}
          </div>
          <div className="workspace">
            <QueryPanel w={w} />
            <div className="candidates">
              <h2>Candidates ({w.candidates.length})</h2>
              {w.candidates.length === 0 ? (
                <p className="empty">The automated search found no record.</p>
              ) : null}
              {w.candidates.map((candidate) => (
                <CandidateCard key={`${candidate.source}-${candidate.recordId}`} candidate={candidate} />
              ))}
            </div>
          </div>
          {w.status !== "ANSWERED" && researcher ? (
            <Composer
              workspace={w}
              templates={templates.data?.templates ?? []}
              mine={mine}
              onSent={() => workspace.reload()}
            />
          ) : null}
          {w.final ? (
            <section className="panel">
              <h2>FINAL response</h2>
              <pre className="narrative">{w.final.narrative}</pre>
            </section>
          ) : null}
          <Contacts workspace={w} session={session} onSaved={() => workspace.reload()} />
          <EventTimeline title="Timeline" events={w.events} />
        </>
      ) : null}
    </Page>
  );
}

function QueryPanel(props: { w: Workspace }) {
  const q = props.w.query;
  const rows: [string, string | undefined][] = [
    ["Name", `${q.nam.last}, ${q.nam.first ?? ""} ${q.nam.middle ?? ""}`.trim()],
    ["Date of birth", q.dob],
    ["Sex", q.sex],
    ["Place of birth", q.pob ? `${q.pob.name} (${q.pob.ncic})` : undefined],
    ["In custody", q.cus === "Y" ? "YES" : "no"],
    ["Offence", q.off],
    ["A-number", q.arn],
    ["FBI", q.fbi],
    ["SSN", q.soc],
    ["Remarks", q.rem],
    ["Officer", q.atn],
    ["Phone", q.phn],
    ["Agency", props.w.ori],
    ["Control", props.w.controlField ?? undefined],
    ["Received", formatTime(props.w.receivedAt)],
  ];
  return (
    <section className="query panel" aria-labelledby="query-title">
      <h2 id="query-title">Officer's query</h2>
      <dl>
        {rows
          .filter(([, value]) => value !== undefined && value !== "")
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <Link to={`/search?inquiry=${props.w.id}`}>Manual search for this inquiry</Link>
    </section>
  );
}

function CandidateCard(props: { candidate: Candidate }) {
  const c = props.candidate;
  return (
    <article className={`candidate decision-${c.decision}`} aria-label={`${c.source} record ${c.recordId}`}>
      <header>
        <strong>{c.name}</strong> <span className={`tag decision-${c.decision}`}>{c.decision}</span>
        <span className="muted">
          {" "}
          {c.source} · score {c.score.toFixed(3)} · weight {c.weight.toFixed(1)}
        </span>
      </header>
      <p className="ids">
        DOB {c.dob ?? "—"} · NIC {c.nic ?? "—"} · OCA {c.oca ?? "—"} · A# {c.arn ?? "—"} · {c.status ?? ""}
        {c.source.includes("VIOLATOR") ? (
          <>
            {" "}
            · <Link to={`/violators/${c.recordId}`}>record</Link>
          </>
        ) : null}
      </p>
      <Explanation rows={c.explanation} caption={`Why the engine put ${c.matchedName} forward`} />
    </article>
  );
}

interface Draft {
  result: string;
  template: string;
  narrative: string;
  records: string[];
}

function Composer(props: { workspace: Workspace; templates: Template[]; mine: boolean; onSent: () => void }) {
  const w = props.workspace;
  const [draft, setDraft] = useState<Draft>(() => {
    const saved = sessionStorage.getItem(draftKey(w.id));
    if (saved) return JSON.parse(saved) as Draft;
    const result = w.preliminary?.result ?? "NO_RECORD";
    return { result, template: "", narrative: "", records: defaultRecords(w, result) };
  });
  const [error, setError] = useState<ApiError>();
  const [fieldError, setFieldError] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    sessionStorage.setItem(draftKey(w.id), JSON.stringify(draft));
  }, [draft, w.id]);
  const fitting = props.templates.filter((t) => t.result === draft.result);
  const chosen = props.templates.find((t) => t.code === draft.template);
  const length = (chosen ? chosen.text.length + 1 : 0) + draft.narrative.trim().length;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!chosen && !draft.narrative.trim()) errors.narrative = "Choose a template or write the response.";
    if (length > 2000) errors.narrative = `The response is ${length} characters; at most 2000.`;
    if (draft.result === "NO_RECORD" && draft.records.length > 0)
      errors.records = "A NO_RECORD response names no record.";
    setFieldError(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/v1/inquiries/${w.id}/response`, {
        result: draft.result,
        ...(chosen ? { template: chosen.code } : {}),
        ...(draft.narrative.trim() ? { narrative: draft.narrative.trim() } : {}),
        records: draft.records.map((key) => {
          const [source, recordId] = key.split("|");
          return { source: source!, recordId: Number(recordId) };
        }),
      });
      sessionStorage.removeItem(draftKey(w.id));
      props.onSent();
    } catch (caught) {
      const failure = caught as ApiError;
      const field = failure.field?.split(".")[0];
      if (field && ["narrative", "template", "records", "result"].includes(field)) {
        setFieldError({ [field]: failure.message });
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel composer" aria-labelledby="composer-title">
      <h2 id="composer-title">FINAL response</h2>
      {!props.mine && w.claimedBy ? (
        <p className="warning">Held by {w.claimedBy}: only they can answer it.</p>
      ) : null}
      <form onSubmit={send} noValidate>
        <div className="row">
          <Field label="Result" error={fieldError.result}>
            <select
              name="result"
              value={draft.result}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  result: e.target.value,
                  template: "",
                  records: defaultRecords(w, e.target.value),
                })
              }
            >
              <option value="HIT">HIT</option>
              <option value="POSSIBLE">POSSIBLE</option>
              <option value="NO_RECORD">NO_RECORD</option>
            </select>
          </Field>
          <Field label="Template" error={fieldError.template}>
            <select
              name="template"
              value={draft.template}
              onChange={(e) => setDraft({ ...draft, template: e.target.value })}
            >
              <option value="">(none: write it all)</option>
              {fitting.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.code}: {t.title}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {chosen ? <p className="template-text">{chosen.text}</p> : null}
        <Field label="Research narrative" error={fieldError.narrative} hint={`${length} / 2000 characters`}>
          <textarea
            name="narrative"
            rows={4}
            value={draft.narrative}
            onChange={(e) => setDraft({ ...draft, narrative: e.target.value })}
          />
        </Field>
        {w.candidates.length > 0 ? (
          <fieldset>
            <legend>Records named in the response</legend>
            {w.candidates.map((c) => {
              const key = `${c.source}|${c.recordId}`;
              return (
                <label key={key} className="check">
                  <input
                    type="checkbox"
                    checked={draft.records.includes(key)}
                    onChange={(e) =>
                      setDraft({
                        ...draft,
                        records: e.target.checked
                          ? [...draft.records, key]
                          : draft.records.filter((r) => r !== key),
                      })
                    }
                  />{" "}
                  {c.name} · {c.source} ({c.decision})
                </label>
              );
            })}
            {fieldError.records ? (
              <span className="field-error" role="alert">
                {fieldError.records}
              </span>
            ) : null}
          </fieldset>
        ) : null}
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy || (w.claimedBy !== null && !props.mine)}>
          {busy ? "Sending…" : "Send FINAL IAR"}
        </button>
      </form>
    </section>
  );
}

function defaultRecords(w: Workspace, result: string): string[] {
  if (result === "NO_RECORD") return [];
  return w.candidates
    .filter((c) => result === "POSSIBLE" || c.decision === "match")
    .map((c) => `${c.source}|${c.recordId}`);
}

const MEANS = ["PHONE", "RADIO", "EMAIL", "NLETS", "IN_PERSON"];

function Contacts(props: { workspace: Workspace; session: Session; onSaved: () => void }) {
  const w = props.workspace;
  const [form, setForm] = useState({ means: "PHONE", officer: w.query.atn ?? "", agent: "", summary: "" });
  const [fieldError, setFieldError] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const researcher = canResearch(props.session.role);
  if (!w.enhanced && w.contacts.length === 0 && !researcher) return null;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!form.officer.trim()) errors.officer = "Name the officer contacted.";
    if (!form.summary.trim()) errors.summary = "Say what was said.";
    if (props.session.role !== "agent" && !form.agent.trim()) errors.agent = "Name the agent involved.";
    setFieldError(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      await post(`/api/v1/inquiries/${w.id}/contacts`, {
        contactedAt: new Date().toISOString(),
        means: form.means,
        officer: form.officer.trim(),
        summary: form.summary.trim(),
        ...(form.agent.trim() ? { agent: form.agent.trim() } : {}),
      });
      setForm({ ...form, summary: "" });
      setError(undefined);
      props.onSaved();
    } catch (caught) {
      const failure = caught as ApiError;
      const field = failure.field;
      if (field && ["officer", "agent", "summary", "means", "contactedAt"].includes(field)) {
        setFieldError({ [field]: failure.message });
      } else setError(failure);
    }
  };
  return (
    <section className="panel" aria-labelledby="contacts-title">
      <h2 id="contacts-title">Enhanced response: contacts with the officer</h2>
      {w.contacts.length === 0 ? <p className="muted">No contact recorded.</p> : null}
      <ul className="contacts">
        {w.contacts.map((contact, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: contacts are appended in order
          <li key={index}>
            <time dateTime={contact.contactedAt}>{formatTime(contact.contactedAt)}</time> · {contact.means} ·{" "}
            {contact.officer} · agent {contact.agent}: {contact.summary}
          </li>
        ))}
      </ul>
      {researcher ? (
        <form onSubmit={save} noValidate className="row">
          <Field label="Means">
            <select value={form.means} onChange={(e) => setForm({ ...form, means: e.target.value })}>
              {MEANS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </Field>
          <Field label="Officer" error={fieldError.officer}>
            <input value={form.officer} onChange={(e) => setForm({ ...form, officer: e.target.value })} />
          </Field>
          {props.session.role !== "agent" ? (
            <Field label="Agent (user name)" error={fieldError.agent}>
              <input value={form.agent} onChange={(e) => setForm({ ...form, agent: e.target.value })} />
            </Field>
          ) : null}
          <Field label="Summary" error={fieldError.summary}>
            <input value={form.summary} onChange={(e) => setForm({ ...form, summary: e.target.value })} />
          </Field>
          <ErrorNote error={error} />
          <button type="submit">Record contact</button>
        </form>
      ) : null}
    </section>
  );
}
