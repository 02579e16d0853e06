import { type FormEvent, useState } from "react";
import { ApiError, api, post } from "../api";
import { ErrorNote, Field, Link, SexOptions } from "../ui";
import {
  checkLocate,
  checkReason,
  checkViolatorSearch,
  type FieldErrors,
  fieldOfMessage,
  type ViolatorFields,
  violatorChanges,
} from "../validate";

/**
 * A form's life: check before sending, then send; the server's refusal goes next to the field
 * it names (or under the form), and nothing typed is lost either way.
 */
function useChecked(fields: readonly string[]) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const run = async (found: FieldErrors, send: () => Promise<void>) => {
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await send();
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : new ApiError(0, "LESC_CLIENT", String(caught));
      const field = fieldOfMessage(error.message, fields);
      if (field) setErrors({ [field]: error.message });
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return { errors, failure, busy, run };
}

interface SearchHit {
  id: number;
  nic: string;
  status: string;
  category: string;
  name: string;
  dob: string;
  score: number;
  decision: string;
}

/** Name and date-of-birth search in the Violator File through the identity engine. */
export function ViolatorSearch() {
  const [form, setForm] = useState({ purpose: "", last: "", first: "", dob: "" });
  const [hits, setHits] = useState<SearchHit[]>();
  const checked = useChecked(["purpose", "last", "first", "dob"]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void checked.run(checkViolatorSearch(form), async () => {
      const found = await post<{ records: SearchHit[] }>("/api/v1/violators/search", {
        purpose: form.purpose.trim(),
        last: form.last.trim().toUpperCase(),
        first: form.first.trim().toUpperCase(),
        ...(form.dob.trim() ? { dob: form.dob.trim() } : {}),
      });
      setHits(found.records);
    });
  };
  return (
    <section className="panel" aria-labelledby="violator-search-title">
      <h2 id="violator-search-title">Search by name</h2>
      <form onSubmit={submit} noValidate className="row" aria-label="Search the Violator File">
        <Field label="Family name" error={checked.errors.last}>
          <input name="last" value={form.last} onChange={set("last")} />
        </Field>
        <Field label="Given name" error={checked.errors.first}>
          <input name="first" value={form.first} onChange={set("first")} />
        </Field>
        <Field label="Date of birth (optional)" error={checked.errors.dob} hint="YYYY-MM-DD">
          <input name="dob" value={form.dob} onChange={set("dob")} />
        </Field>
        <Field label="Purpose of the search" error={checked.errors.purpose}>
          <input name="purpose" value={form.purpose} onChange={set("purpose")} />
        </Field>
        <ErrorNote error={checked.failure} />
        <button type="submit" disabled={checked.busy}>
          Search
        </button>
      </form>
      {hits ? (
        hits.length === 0 ? (
          <p className="empty" role="status">
            No record matches.
          </p>
        ) : (
          <table className="grid" aria-label="Violator File records found">
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">NIC</th>
                <th scope="col">Name</th>
                <th scope="col">Date of birth</th>
                <th scope="col">Status</th>
                <th scope="col">Match</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((hit) => (
                <tr key={hit.id} data-violator={hit.id}>
                  <td>
                    <Link to={`/violators/${hit.id}`}>{hit.id}</Link>
                  </td>
                  <td>{hit.nic}</td>
                  <td>{hit.name}</td>
                  <td>{hit.dob}</td>
                  <td>{hit.status}</td>
                  <td>
                    {hit.decision} ({hit.score.toFixed(2)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </section>
  );
}

/** The record's maintenance for the records desk: modify, locate, clear, cancel. */
export function RecordMaintenance(props: {
  id: number;
  status: string;
  record: ViolatorFields;
  onDone: () => void;
}) {
  const open = props.status === "ACTIVE" || props.status === "PENDING_CHECK";
  if (!open) return null;
  return (
    <section className="panel" aria-labelledby="maintain-title">
      <h2 id="maintain-title">Maintain this record</h2>
      <ModifyForm {...props} />
      {props.status === "ACTIVE" ? <LocateForm {...props} /> : null}
      {props.status === "ACTIVE" ? <CloseForm {...props} how="clear" /> : null}
      <CloseForm {...props} how="cancel" />
    </section>
  );
}

const MODIFY_FIELDS = [
  "name.last",
  "name.first",
  "name.middle",
  "dob",
  "sex",
  "pob",
  "arn",
  "remarks",
] as const;

function ModifyForm(props: { id: number; record: ViolatorFields; onDone: () => void }) {
  const [form, setForm] = useState<ViolatorFields>(props.record);
  const [done, setDone] = useState<string>();
  const checked = useChecked(MODIFY_FIELDS);
  const set = (key: keyof ViolatorFields) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const { errors, changes } = violatorChanges(form, props.record);
    void checked.run(errors, async () => {
      const result = await api<{ changed: string[] }>("PATCH", `/api/v1/violators/${props.id}`, changes);
      setDone(`Modified: ${result.changed.join(", ") || "nothing"}.`);
      props.onDone();
    });
  };
  return (
    <form onSubmit={submit} noValidate className="row" aria-label="Modify the record">
      <h3>Modify</h3>
      <Field label="Family name" error={checked.errors["name.last"]}>
        <input name="last" value={form.last} onChange={set("last")} />
      </Field>
      <Field label="Given name" error={checked.errors["name.first"]}>
        <input name="first" value={form.first} onChange={set("first")} />
      </Field>
      <Field label="Middle name" error={checked.errors["name.middle"]}>
        <input name="middle" value={form.middle} onChange={set("middle")} />
      </Field>
      <Field label="Date of birth" error={checked.errors.dob} hint="YYYY-MM-DD">
        <input name="dob" value={form.dob} onChange={set("dob")} />
      </Field>
      <Field label="Sex" error={checked.errors.sex}>
        <select name="sex" value={form.sex} onChange={set("sex")}>
          <SexOptions />
        </select>
      </Field>
      <Field label="Place of birth" error={checked.errors.pob}>
        <input name="pob" value={form.pob} onChange={set("pob")} />
      </Field>
      <Field label="A-number" error={checked.errors.arn}>
        <input name="arn" value={form.arn} onChange={set("arn")} />
      </Field>
      <Field label="Remarks" error={checked.errors.remarks}>
        <input name="remarks" value={form.remarks} onChange={set("remarks")} />
      </Field>
      {checked.errors.form ? (
        <p className="error" role="alert">
          {checked.errors.form}
        </p>
      ) : null}
      <ErrorNote error={checked.failure} />
      {done ? (
        <p className="ok" role="status">
          {done}
        </p>
      ) : null}
      <button type="submit" disabled={checked.busy}>
        Save changes
      </button>
    </form>
  );
}

function LocateForm(props: { id: number; onDone: () => void }) {
  const [form, setForm] = useState({ ori: "", oca: "" });
  const checked = useChecked(["ori", "oca"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void checked.run(checkLocate(form), async () => {
      await post(`/api/v1/violators/${props.id}/locate`, {
        ori: form.ori.trim().toUpperCase(),
        oca: form.oca.trim(),
      });
      setForm({ ori: "", oca: "" });
      props.onDone();
    });
  };
  return (
    <form onSubmit={submit} noValidate className="row" aria-label="Locate">
      <h3>Locate</h3>
      <Field label="Locating agency ORI" error={checked.errors.ori}>
        <input name="ori" value={form.ori} onChange={(e) => setForm({ ...form, ori: e.target.value })} />
      </Field>
      <Field label="Locating agency case number" error={checked.errors.oca}>
        <input name="oca" value={form.oca} onChange={(e) => setForm({ ...form, oca: e.target.value })} />
      </Field>
      <ErrorNote error={checked.failure} />
      <button type="submit" disabled={checked.busy}>
        Record locate
      </button>
    </form>
  );
}

function CloseForm(props: { id: number; how: "cancel" | "clear"; onDone: () => void }) {
  const [reason, setReason] = useState("");
  const checked = useChecked(["reason"]);
  const label = props.how === "cancel" ? "Cancel (entered in error)" : "Clear (in custody or removed)";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void checked.run(checkReason(reason, props.how), async () => {
      await post(`/api/v1/violators/${props.id}/${props.how}`, { reason: reason.trim() });
      props.onDone();
    });
  };
  return (
    <form onSubmit={submit} noValidate className="row" aria-label={label}>
      <h3>{label}</h3>
      <Field
        label={props.how === "cancel" ? "Reason for cancelling" : "Reason for clearing"}
        error={checked.errors.reason}
      >
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <ErrorNote error={checked.failure} />
      <button type="submit" disabled={checked.busy}>
        {props.how === "cancel" ? "Cancel record" : "Clear record"}
      </button>
    </form>
  );
}

/** What a history entry changed, in a few words (the full before/after stays in the API). */
export function historyNote(action: string, changes: Record<string, unknown> | undefined): string {
  if (!changes) return "";
  if (action === "MODIFIED") {
    const after = (changes.after ?? {}) as Record<string, unknown>;
    return Object.keys(after).length > 0 ? `changed ${Object.keys(after).join(", ")}` : "";
  }
  if ((action === "CANCELLED" || action === "CLEARED") && typeof changes.reason === "string")
    return changes.reason;
  if (action === "LOCATED") return `by ${String(changes.ori)}, case ${String(changes.oca)}`;
  return "";
}
