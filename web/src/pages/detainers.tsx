import { type FormEvent, useState } from "react";
import { canLodgeDetainers } from "../access";
import { type ApiError, get, post, type Session } from "../api";
import { ErrorNote, Field, formatTime, Link, Page, useLoad } from "../ui";

interface Detainer {
  detainerId: number;
  status: string;
  subject?: { name?: string };
  holdingAgencyOri: string;
  hitId: number | null;
  inquiryId: number | null;
  lodgedAt?: string;
  lodgedBy?: string;
  holdEndsAt?: string | null;
  [key: string]: unknown;
}

const NEXT: Record<string, string[]> = {
  ISSUED: ["SERVED", "CANCELLED"],
  SERVED: ["HONORED", "DECLINED", "CANCELLED"],
  HONORED: ["CUSTODY_TRANSFERRED", "CANCELLED"],
};

export function DetainersPage(props: { session: Session }) {
  const list = useLoad(() => get<{ detainers: Detainer[] }>("/api/v1/detainers"), []);
  const detainers = list.data?.detainers ?? [];
  return (
    <Page title="Detainers (I-247A)">
      <ErrorNote error={list.error} />
      {canLodgeDetainers(props.session.role) ? <LodgeForm onDone={list.reload} /> : null}
      {list.data && detainers.length === 0 ? <p className="empty">No detainer lodged.</p> : null}
      {detainers.length > 0 ? (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Status</th>
              <th scope="col">Subject</th>
              <th scope="col">Holding agency</th>
              <th scope="col">From</th>
              <th scope="col">Lodged</th>
            </tr>
          </thead>
          <tbody>
            {detainers.map((d) => (
              <tr key={d.detainerId} data-detainer={d.detainerId}>
                <td>
                  <Link to={`/detainers/${d.detainerId}`}>{d.detainerId}</Link>
                </td>
                <td>{d.status}</td>
                <td>{d.subject?.name ?? "—"}</td>
                <td>{d.holdingAgencyOri}</td>
                <td>{d.hitId ? `hit ${d.hitId}` : `inquiry ${d.inquiryId}`}</td>
                <td>{formatTime(d.lodgedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

function LodgeForm(props: { onDone: () => void }) {
  const [form, setForm] = useState({
    from: "hit",
    id: "",
    ori: "",
    basis: "FINAL_ORDER",
    warrant: "I-200",
    number: "",
    signedBy: "",
  });
  const [fieldError, setFieldError] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!/^[1-9]\d*$/.test(form.id)) errors.id = "A hit or inquiry number.";
    if (!/^[A-Z0-9]{9}$/i.test(form.ori)) errors.holdingAgencyOri = "A 9-character ORI.";
    if (!form.number.trim()) errors["warrant.number"] = "The warrant number.";
    if (!form.signedBy.trim()) errors["warrant.signedBy"] = "The signing officer.";
    setFieldError(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      await post("/api/v1/detainers", {
        [form.from === "hit" ? "hitId" : "inquiryId"]: Number(form.id),
        holdingAgencyOri: form.ori.toUpperCase(),
        ...(form.basis === "CUSTODY_TRANSFER" ? { custodyTransfer: true } : { probableCause: [form.basis] }),
        warrant: { form: form.warrant, number: form.number.trim(), signedBy: form.signedBy.trim() },
      });
      setError(undefined);
      props.onDone();
    } catch (caught) {
      const failure = caught as ApiError;
      if (failure.field) setFieldError({ [failure.field]: failure.message });
      else setError(failure);
    }
  };
  return (
    <section className="panel" aria-labelledby="lodge-title">
      <h2 id="lodge-title">Lodge a detainer</h2>
      <form className="row" onSubmit={submit} noValidate>
        <Field label="On">
          <select value={form.from} onChange={set("from")}>
            <option value="hit">a confirmed hit</option>
            <option value="inquiry">an inquiry answered HIT</option>
          </select>
        </Field>
        <Field label="Number" error={fieldError.id ?? fieldError.hitId ?? fieldError.inquiryId}>
          <input value={form.id} onChange={set("id")} inputMode="numeric" />
        </Field>
        <Field label="Holding agency ORI" error={fieldError.holdingAgencyOri}>
          <input value={form.ori} onChange={set("ori")} />
        </Field>
        <Field label="Basis" error={fieldError.probableCause}>
          <select value={form.basis} onChange={set("basis")}>
            <option value="FINAL_ORDER">Final order of removal</option>
            <option value="PENDING_PROCEEDINGS">Pending removal proceedings</option>
            <option value="BIOMETRIC_AND_RECORDS">Biometric match and records</option>
            <option value="STATEMENTS_OR_EVIDENCE">Statements or other evidence</option>
            <option value="CUSTODY_TRANSFER">Transfer of custody (box 2)</option>
          </select>
        </Field>
        <Field label="Warrant form">
          <select value={form.warrant} onChange={set("warrant")}>
            <option>I-200</option>
            <option>I-205</option>
          </select>
        </Field>
        <Field label="Warrant number" error={fieldError["warrant.number"]}>
          <input value={form.number} onChange={set("number")} />
        </Field>
        <Field label="Signed by" error={fieldError["warrant.signedBy"]}>
          <input value={form.signedBy} onChange={set("signedBy")} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" className="primary">
          Lodge
        </button>
      </form>
    </section>
  );
}

export function DetainerPage(props: { id: number; session: Session }) {
  const detainer = useLoad(() => get<Detainer>(`/api/v1/detainers/${props.id}`), [props.id]);
  const [error, setError] = useState<ApiError>();
  const d = detainer.data;
  const move = async (status: string) => {
    try {
      await post(`/api/v1/detainers/${props.id}/status`, { status, at: new Date().toISOString() });
      setError(undefined);
    } catch (caught) {
      setError(caught as ApiError);
    }
    detainer.reload();
  };
  return (
    <Page title={`Detainer ${props.id}`} actions={<Link to="/detainers">All detainers</Link>}>
      <ErrorNote error={detainer.error} />
      <ErrorNote error={error} />
      {d ? (
        <>
          <div className="summary">
            <span className="tag">{d.status}</span>
            <span>holding agency {d.holdingAgencyOri}</span>
          </div>
          {canLodgeDetainers(props.session.role) && NEXT[d.status] ? (
            <div className="panel row">
              {NEXT[d.status]!.map((status) => (
                <button type="button" key={status} onClick={() => move(status)}>
                  Mark {status.replaceAll("_", " ").toLowerCase()}
                </button>
              ))}
            </div>
          ) : null}
          <pre className="narrative">{JSON.stringify(d, null, 2)}</pre>
        </>
      ) : null}
    </Page>
  );
}
