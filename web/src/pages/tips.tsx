import { type FormEvent, useState } from "react";
import { canCloseReferrals, canEnterPhoneTips, canWorkTips } from "../access";
import { get, post, type Session } from "../api";
import { ErrorNote, Field, formatTime, Link, Page, useLoad } from "../ui";
import {
  checkTip,
  EMPTY_TIP,
  formatReceipt,
  showRefusal,
  TextForm,
  TIP_CATEGORY_LABELS,
  TipFields,
  type TipForm,
  tipBody,
} from "./tip-public";

/**
 * The tip desk: the list (threats to life on top), a tip with its referrals, messages and
 * matched records, and the phone-tip entry. What a tipster wrote is shown as text, never as
 * markup; the reporter's identity only reaches the roles the server shows it to.
 */
interface TipRow {
  id: number;
  category: string;
  channel: string;
  status: string;
  lifeSafety: boolean;
  receivedAt: string;
  state: string | null;
  duplicateOf: number | null;
}

interface Alert {
  id: number;
  category: string;
  receivedAt: string;
  status: string;
  dutyAgent: string;
}

interface Referral {
  recipient: string;
  role: "PRIMARY" | "INFO";
  status: "OPEN" | "CLOSED";
  closingAnswer: string | null;
  closedBy: string | null;
}

interface TipDetail extends TipRow {
  narrative: string;
  location: string | null;
  subject: Record<string, string> | null;
  reporter: Record<string, string> | "withheld" | null;
  anonymous: boolean;
  junkReason: string | null;
  enteredBy: string | null;
  rulesVersion: string;
  candidates: { source: string; recordId: number; name: string; score: number; decision: string }[];
  referrals: Referral[];
  messages: { author: "TIPSTER" | "STAFF"; staffUser: string | null; at: string; text: string }[];
}

const STATUSES = ["NEW", "REFERRED", "DUPLICATE", "JUNK", "CLOSED"];
const categoryLabel = (category: string) => TIP_CATEGORY_LABELS[category] ?? category;

export function TipsPage(props: { session: Session }) {
  const { role } = props.session;
  const [status, setStatus] = useState("");
  const list = useLoad(
    () => get<{ tips: TipRow[] }>(`/api/v1/tips${status ? `?status=${status}` : ""}`),
    [status],
    15_000,
  );
  const alerts = useLoad(
    () =>
      canWorkTips(role) ? get<{ alerts: Alert[] }>("/api/v1/alerts/tips") : Promise.resolve({ alerts: [] }),
    [role],
    15_000,
  );
  const tips = list.data?.tips ?? [];
  return (
    <Page
      title="Tip line"
      actions={
        <label className="inline">
          Status{" "}
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {alerts.data && alerts.data.alerts.length > 0 ? (
        <div className="alerts" role="alert" data-testid="tip-alerts">
          <p>Threat to life: {alerts.data.alerts.length} open tip(s), the duty agent is told.</p>
          <ul>
            {alerts.data.alerts.map((alert) => (
              <li key={alert.id}>
                <Link to={`/tips/${alert.id}`}>Tip {alert.id}</Link> · {categoryLabel(alert.category)} ·{" "}
                {formatTime(alert.receivedAt)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorNote error={list.error ?? alerts.error} />
      {canEnterPhoneTips(role) ? (
        <PhoneTipForm
          onDone={() => {
            list.reload();
            alerts.reload();
          }}
        />
      ) : null}
      {list.data && tips.length === 0 ? (
        <p className="empty">No tips{status ? ` with status ${status}` : ""}.</p>
      ) : null}
      {tips.length > 0 ? (
        <table className="grid">
          <caption className="sr-only">Tips, threats to life first, then newest</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Received</th>
              <th scope="col">Category</th>
              <th scope="col">Channel</th>
              <th scope="col">State</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {tips.map((tip) => (
              <tr key={tip.id} data-tip={tip.id}>
                <td>
                  <Link to={`/tips/${tip.id}`}>{tip.id}</Link>
                </td>
                <td>{formatTime(tip.receivedAt)}</td>
                <td>
                  {tip.lifeSafety ? <span className="tag late">LIFE SAFETY</span> : null}{" "}
                  {categoryLabel(tip.category)}
                </td>
                <td>{tip.channel}</td>
                <td>{tip.state ?? "—"}</td>
                <td>
                  {tip.status}
                  {tip.duplicateOf ? ` of ${tip.duplicateOf}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

/** A tip taken by phone: the receipt is read back to the caller. */
function PhoneTipForm(props: { onDone: () => void }) {
  const [form, setForm] = useState<TipForm>(EMPTY_TIP);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<{ id: number; receipt: string }>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkTip(form);
    setErrors(found);
    setError(undefined);
    if (Object.keys(found).length > 0) return;
    try {
      setDone(await post<{ id: number; receipt: string }>("/api/v1/tips", tipBody(form)));
      setForm(EMPTY_TIP);
      props.onDone();
    } catch (caught) {
      showRefusal(caught, setErrors, setError);
    }
  };
  return (
    <details className="panel">
      <summary>Enter a phone tip</summary>
      <form className="tip-form" onSubmit={submit} noValidate aria-label="Enter a phone tip">
        <TipFields form={form} set={setForm} errors={errors} contactLegend="The caller (optional)" />
        <ErrorNote error={error} />
        <button type="submit" className="primary">
          Enter tip
        </button>
      </form>
      {done ? (
        <p className="ok" role="status">
          <Link to={`/tips/${done.id}`}>Tip {done.id}</Link> entered. Read the receipt back to the caller:{" "}
          <span className="receipt-code" data-testid="phone-receipt">
            {formatReceipt(done.receipt)}
          </span>
        </p>
      ) : null}
    </details>
  );
}

export function TipPage(props: { id: number; session: Session }) {
  const { id, session } = props;
  const tip = useLoad(() => get<TipDetail>(`/api/v1/tips/${id}`), [id]);
  const t = tip.data;
  return (
    <Page title={`Tip ${id}`} actions={<Link to="/tips">All tips</Link>}>
      <ErrorNote error={tip.error} />
      {t ? (
        <>
          {t.lifeSafety ? (
            <p className="alerts" role="alert">
              Threat to life: the LESC duty agent has it first.
            </p>
          ) : null}
          <dl className="summary" data-testid="tip-summary">
            <div>
              <dt>Status</dt>
              <dd>{t.status}</dd>
            </div>
            <div>
              <dt>Category</dt>
              <dd>{categoryLabel(t.category)}</dd>
            </div>
            <div>
              <dt>Received</dt>
              <dd>
                {formatTime(t.receivedAt)} · {t.channel}
                {t.enteredBy ? ` by ${t.enteredBy}` : ""}
              </dd>
            </div>
            <div>
              <dt>Where</dt>
              <dd>
                {t.location === "OUTSIDE_US" ? "Outside the US" : "Inside the US"}
                {t.state ? ` · ${t.state}` : ""}
              </dd>
            </div>
            {t.duplicateOf ? (
              <div>
                <dt>Duplicate of</dt>
                <dd>
                  <Link to={`/tips/${t.duplicateOf}`}>Tip {t.duplicateOf}</Link>
                </dd>
              </div>
            ) : null}
            {t.junkReason ? (
              <div>
                <dt>Junk because</dt>
                <dd>{t.junkReason}</dd>
              </div>
            ) : null}
            <div>
              <dt>Rules</dt>
              <dd>{t.rulesVersion}</dd>
            </div>
          </dl>
          <section className="panel" aria-labelledby="narrative-title">
            <h2 id="narrative-title">Narrative</h2>
            <p className="narrative" data-testid="narrative">
              {t.narrative}
            </p>
          </section>
          <div className="columns">
            <section className="panel" aria-labelledby="subject-title">
              <h2 id="subject-title">Subject</h2>
              <Pairs pairs={t.subject} empty="No subject named." />
            </section>
            <section className="panel" aria-labelledby="reporter-title">
              <h2 id="reporter-title">Reporter</h2>
              {t.reporter === "withheld" ? (
                <p className="muted">Withheld: your role does not see the reporter's identity.</p>
              ) : (
                <Pairs pairs={t.reporter} empty="Anonymous." />
              )}
            </section>
          </div>
          <Candidates candidates={t.candidates} />
          <Referrals tip={t} session={session} onDone={tip.reload} />
          <Messages tip={t} session={session} onDone={tip.reload} />
          {canWorkTips(session.role) && t.status !== "JUNK" ? (
            <JunkForm id={t.id} onDone={tip.reload} />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

function Pairs(props: { pairs: Record<string, string> | null; empty: string }) {
  const entries = Object.entries(props.pairs ?? {});
  if (entries.length === 0) return <p className="empty">{props.empty}</p>;
  return (
    <dl className="pairs">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Candidates(props: { candidates: TipDetail["candidates"] }) {
  return (
    <section className="panel" aria-labelledby="candidates-title">
      <h2 id="candidates-title">Matched records ({props.candidates.length})</h2>
      {props.candidates.length === 0 ? (
        <p className="empty">No record matches the subject (or no subject was named).</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Record</th>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {props.candidates.map((c) => (
              <tr key={`${c.source}-${c.recordId}`}>
                <td>{c.source}</td>
                <td>{c.recordId}</td>
                <td>{c.name}</td>
                <td className="num">{c.score.toFixed(3)}</td>
                <td>
                  <span className={`tag decision-${c.decision}`}>{c.decision}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Referrals(props: { tip: TipDetail; session: Session; onDone: () => void }) {
  const open = props.tip.referrals.filter((r) => r.status === "OPEN");
  const [recipient, setRecipient] = useState("");
  const [answer, setAnswer] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const chosen = recipient || open[0]?.recipient || "";
  const close = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!chosen) found.recipient = "Choose the referral to close.";
    if (!answer.trim()) found.answer = "The recipient's answer.";
    setErrors(found);
    setError(undefined);
    if (Object.keys(found).length > 0) return;
    try {
      await post(`/api/v1/tips/${props.tip.id}/referrals/close`, {
        recipient: chosen,
        answer: answer.trim(),
      });
      setAnswer("");
      setRecipient("");
      props.onDone();
    } catch (caught) {
      showRefusal(caught, setErrors, setError);
    }
  };
  return (
    <section className="panel" aria-labelledby="referrals-title">
      <h2 id="referrals-title">Referrals</h2>
      {props.tip.referrals.length === 0 ? (
        <p className="empty">Not referred (a duplicate is linked to the first tip instead).</p>
      ) : (
        <table className="grid" data-testid="referrals">
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {props.tip.referrals.map((r) => (
              <tr key={r.recipient}>
                <td>{r.recipient}</td>
                <td>{r.role === "PRIMARY" ? "primary" : "info only"}</td>
                <td>{r.status}</td>
                <td>
                  {r.closingAnswer ?? "—"}
                  {r.closedBy ? <span className="muted"> · {r.closedBy}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canCloseReferrals(props.session.role) && open.length > 0 ? (
        <form className="row" onSubmit={close} noValidate>
          <Field label="Referral" error={errors.recipient}>
            <select value={chosen} onChange={(event) => setRecipient(event.target.value)}>
              {open.map((r) => (
                <option key={r.recipient} value={r.recipient}>
                  {r.recipient} ({r.role === "PRIMARY" ? "primary" : "info only"})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Recipient's answer" error={errors.answer}>
            <input
              name="answer"
              value={answer}
              maxLength={2000}
              onChange={(event) => setAnswer(event.target.value)}
              aria-invalid={errors.answer ? true : undefined}
            />
          </Field>
          <button type="submit">Close referral</button>
          <ErrorNote error={error} />
        </form>
      ) : null}
    </section>
  );
}

function Messages(props: { tip: TipDetail; session: Session; onDone: () => void }) {
  return (
    <section className="panel" aria-labelledby="messages-title">
      <h2 id="messages-title">Messages with the tipster</h2>
      {props.tip.messages.length === 0 ? <p className="empty">No messages.</p> : null}
      <ol className="messages">
        {props.tip.messages.map((m) => (
          <li key={`${m.at}-${m.author}-${m.text.length}`}>
            <span className="muted">
              {m.author === "STAFF" ? `Reply by ${m.staffUser ?? "staff"}` : "From the tipster"} ·{" "}
              {formatTime(m.at)}
            </span>
            <p className="narrative">{m.text}</p>
          </li>
        ))}
      </ol>
      {canWorkTips(props.session.role) ? (
        <TextForm
          label="Reply to the tipster"
          hint="Read with the receipt; never say where the tip went."
          name="reply"
          rows={3}
          maxLength={4000}
          empty="Write the reply."
          submit="Send reply"
          send={async (text) => {
            await post(`/api/v1/tips/${props.tip.id}/replies`, { text });
            props.onDone();
          }}
        />
      ) : null}
    </section>
  );
}

function JunkForm(props: { id: number; onDone: () => void }) {
  return (
    <section className="panel" aria-labelledby="junk-title">
      <h2 id="junk-title">Junk</h2>
      <TextForm
        className="row"
        label="Reason"
        name="junk-reason"
        maxLength={500}
        empty="Say why it is junk (kept, not deleted)."
        submit="Mark junk"
        send={async (reason) => {
          await post(`/api/v1/tips/${props.id}/junk`, { reason });
          props.onDone();
        }}
      />
    </section>
  );
}
