import { type FormEvent, useState } from "react";
import { canCheckRecords, canEnterRecords } from "../access";
import { type ApiError, get, post, type Session } from "../api";
import { ErrorNote, Field, formatTime, Link, navigate, Page, SexOptions, useLoad } from "../ui";
import { historyNote, RecordMaintenance, ViolatorSearch } from "./violator-forms";

interface DueRecord {
  id: number;
  nic: string;
  name: string;
  opens: string;
  due: string;
  overdue: boolean;
}

interface ViolatorRecord {
  id: number;
  nic: string;
  oca: string;
  category: string;
  status: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  dob: string;
  sex: string;
  pob: string | null;
  aNumber: string | null;
  fbiNumber: string | null;
  remarks: string | null;
  enteredBy: string;
  enteredAt: string;
  checkedBy: string | null;
  checkedAt: string | null;
  lastValidatedAt: string | null;
  lastValidatedBy: string | null;
  aliases: { last: string; first: string; middle?: string }[];
  documents: { kind: string; number: string; date: string }[];
  validation: { opens: string; due: string } | null;
  locatedAt: string | null;
  locatingOri: string | null;
  locatingOca: string | null;
  closedReason: string | null;
  history: { at: string; action: string; actor: string; changes?: Record<string, unknown> }[];
}

export function ViolatorsPage(props: { session: Session }) {
  const role = props.session.role;
  const [open, setOpen] = useState("");
  const [openError, setOpenError] = useState<string>();
  return (
    <Page title="Immigration Violator File">
      <form
        className="panel row"
        aria-label="Open a record"
        onSubmit={(event) => {
          event.preventDefault();
          if (!/^[1-9]\d{0,15}$/.test(open.trim())) {
            setOpenError("Enter a record number (digits).");
            return;
          }
          navigate(`/violators/${open.trim()}`);
        }}
        noValidate
      >
        <Field label="Record number" error={openError}>
          <input name="record" inputMode="numeric" value={open} onChange={(e) => setOpen(e.target.value)} />
        </Field>
        <button type="submit">Open record</button>
      </form>
      <ViolatorSearch />
      {canEnterRecords(role) ? <EntryForm /> : null}
      {canCheckRecords(role) ? <ValidationDue /> : null}
    </Page>
  );
}

function ValidationDue() {
  const due = useLoad(() => get<{ records: DueRecord[] }>("/api/v1/violators/validation-due"), []);
  const records = due.data?.records ?? [];
  return (
    <section aria-labelledby="due-title">
      <h2 id="due-title">Validation due ({records.length})</h2>
      <ErrorNote error={due.error} />
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">NIC</th>
            <th scope="col">Name</th>
            <th scope="col">Window opens</th>
            <th scope="col">Due</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {records.slice(0, 200).map((r) => (
            <tr key={r.id} className={r.overdue ? "level-over" : ""}>
              <td>
                <Link to={`/violators/${r.id}`}>{r.id}</Link>
              </td>
              <td>{r.nic}</td>
              <td>{r.name}</td>
              <td>{r.opens.slice(0, 10)}</td>
              <td>{r.due.slice(0, 10)}</td>
              <td>{r.overdue ? <span className="sla sla-over">overdue</span> : "due"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {records.length > 200 ? <p className="muted">The first 200 of {records.length} are shown.</p> : null}
    </section>
  );
}

function EntryForm() {
  const empty = {
    oca: "",
    category: "ABSCONDER",
    last: "",
    first: "",
    dob: "",
    sex: "M",
    pob: "",
    arn: "",
    remarks: "",
  };
  const [form, setForm] = useState(empty);
  const [fieldError, setFieldError] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<{ id: number; nic: string }>();
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!form.oca.trim()) errors.oca = "The entering case number is required.";
    if (!form.last.trim()) errors["name.last"] = "Family name is required.";
    if (!form.first.trim()) errors["name.first"] = "Given name is required.";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.dob)) errors.dob = "Date of birth as YYYY-MM-DD.";
    if (form.pob && !/^[A-Z]{2}$/i.test(form.pob)) errors.pob = "Two-letter country code.";
    if (form.arn && !/^A?\d{8,9}$/.test(form.arn)) errors.arn = "8 or 9 digits.";
    setFieldError(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      const record = await post<{ id: number; nic: string }>("/api/v1/violators", {
        oca: form.oca.trim(),
        category: form.category,
        name: { last: form.last.trim().toUpperCase(), first: form.first.trim().toUpperCase() },
        dob: form.dob,
        sex: form.sex,
        ...(form.pob ? { pob: form.pob.toUpperCase() } : {}),
        ...(form.arn ? { arn: form.arn } : {}),
        ...(form.remarks.trim() ? { remarks: form.remarks.trim() } : {}),
      });
      setSaved(record);
      setForm(empty);
      setError(undefined);
    } catch (caught) {
      const failure = caught as ApiError;
      if (failure.field) setFieldError({ [failure.field]: failure.message });
      else setError(failure);
    }
  };
  return (
    <section className="panel" aria-labelledby="entry-title">
      <h2 id="entry-title">Enter a record</h2>
      <p className="muted">A new record waits for a second person's check before it is active.</p>
      {saved ? (
        <p className="ok" role="status">
          Entered <Link to={`/violators/${saved.id}`}>record {saved.id}</Link> ({saved.nic}), pending its
          check.
        </p>
      ) : null}
      <form onSubmit={submit} noValidate className="row" aria-label="Enter a record">
        <Field label="Case number (OCA)" error={fieldError.oca}>
          <input value={form.oca} onChange={set("oca")} />
        </Field>
        <Field label="Category" error={fieldError.category}>
          <select value={form.category} onChange={set("category")}>
            <option value="DEPORTED_FELON">Deported felon</option>
            <option value="ABSCONDER">Absconder</option>
            <option value="ICE_CRIMINAL_WARRANT">ICE criminal warrant</option>
          </select>
        </Field>
        <Field label="Family name" error={fieldError["name.last"]}>
          <input value={form.last} onChange={set("last")} />
        </Field>
        <Field label="Given name" error={fieldError["name.first"]}>
          <input value={form.first} onChange={set("first")} />
        </Field>
        <Field label="Date of birth" error={fieldError.dob} hint="YYYY-MM-DD">
          <input value={form.dob} onChange={set("dob")} />
        </Field>
        <Field label="Sex">
          <select value={form.sex} onChange={set("sex")}>
            <SexOptions />
          </select>
        </Field>
        <Field label="Place of birth" error={fieldError.pob}>
          <input value={form.pob} onChange={set("pob")} />
        </Field>
        <Field label="A-number" error={fieldError.arn}>
          <input value={form.arn} onChange={set("arn")} />
        </Field>
        <Field label="Remarks" error={fieldError.remarks}>
          <input value={form.remarks} onChange={set("remarks")} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" className="primary">
          Enter record
        </button>
      </form>
    </section>
  );
}

export function ViolatorPage(props: { id: number; session: Session }) {
  const record = useLoad(() => get<ViolatorRecord>(`/api/v1/violators/${props.id}`), [props.id]);
  const [error, setError] = useState<ApiError>();
  const role = props.session.role;
  const r = record.data;
  const act = async (action: "check" | "validate") => {
    try {
      await post(`/api/v1/violators/${props.id}/${action}`);
      setError(undefined);
    } catch (caught) {
      setError(caught as ApiError);
    }
    record.reload();
  };
  return (
    <Page
      title={`Violator File record ${props.id}`}
      actions={
        <>
          <Link to="/violators">Violator File</Link>
          {r?.status === "PENDING_CHECK" && canCheckRecords(role) ? (
            <button type="button" className="primary" onClick={() => act("check")}>
              Second-person check
            </button>
          ) : null}
          {r?.status === "ACTIVE" && canEnterRecords(role) ? (
            <button type="button" onClick={() => act("validate")}>
              Record validation
            </button>
          ) : null}
        </>
      }
    >
      <ErrorNote error={record.error} />
      <ErrorNote error={error} />
      {r ? (
        <>
          <div className="summary">
            <span className="tag">{r.status}</span>
            <span>{r.category}</span>
            <span>NIC {r.nic}</span>
            <span>OCA {r.oca}</span>
          </div>
          <section className="panel">
            <dl className="columns">
              <div>
                <dt>Name</dt>
                <dd>
                  {r.lastName}, {r.firstName} {r.middleName ?? ""}
                </dd>
              </div>
              <div>
                <dt>Aliases</dt>
                <dd>{r.aliases.map((a) => `${a.last}, ${a.first}`).join("; ") || "—"}</dd>
              </div>
              <div>
                <dt>Date of birth</dt>
                <dd>{r.dob}</dd>
              </div>
              <div>
                <dt>Sex / place of birth</dt>
                <dd>
                  {r.sex} / {r.pob ?? "—"}
                </dd>
              </div>
              <div>
                <dt>A-number / FBI</dt>
                <dd>
                  {r.aNumber ?? "—"} / {r.fbiNumber ?? "—"}
                </dd>
              </div>
              <div>
                <dt>Entered</dt>
                <dd>
                  {formatTime(r.enteredAt)} by {r.enteredBy}
                </dd>
              </div>
              <div>
                <dt>Checked</dt>
                <dd>
                  {r.checkedBy ? `${formatTime(r.checkedAt)} by ${r.checkedBy}` : "awaiting a second person"}
                </dd>
              </div>
              <div>
                <dt>Validation</dt>
                <dd>
                  last {formatTime(r.lastValidatedAt)}
                  {r.validation ? `; next due ${r.validation.due.slice(0, 10)}` : ""}
                </dd>
              </div>
              <div>
                <dt>Remarks</dt>
                <dd>{r.remarks ?? "—"}</dd>
              </div>
              {r.locatedAt ? (
                <div>
                  <dt>Located</dt>
                  <dd>
                    {formatTime(r.locatedAt)} by {r.locatingOri}, case {r.locatingOca}
                  </dd>
                </div>
              ) : null}
              {r.closedReason ? (
                <div>
                  <dt>Closed because</dt>
                  <dd>{r.closedReason}</dd>
                </div>
              ) : null}
            </dl>
            <h2>Documents</h2>
            <ul>
              {r.documents.length === 0 ? <li className="muted">none</li> : null}
              {r.documents.map((d) => (
                <li key={`${d.kind}-${d.number}`}>
                  {d.kind} {d.number} ({d.date})
                </li>
              ))}
            </ul>
          </section>
          {canEnterRecords(role) ? (
            <RecordMaintenance
              id={r.id}
              status={r.status}
              record={{
                last: r.lastName,
                first: r.firstName,
                middle: r.middleName ?? "",
                dob: r.dob,
                sex: r.sex,
                pob: r.pob ?? "",
                arn: r.aNumber ?? "",
                remarks: r.remarks ?? "",
              }}
              onDone={record.reload}
            />
          ) : null}
          <section className="panel">
            <h2>History</h2>
            {r.history.length === 0 ? <p className="muted">No change since the record was loaded.</p> : null}
            <ol className="timeline">
              {r.history.map((h, index) => {
                const note = historyNote(h.action, h.changes);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: history is append-only
                  <li key={index}>
                    <time dateTime={h.at}>{formatTime(h.at)}</time> {h.action} · {h.actor}
                    {note ? ` · ${note}` : ""}
                  </li>
                );
              })}
            </ol>
          </section>
        </>
      ) : null}
    </Page>
  );
}
