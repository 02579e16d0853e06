import { type FormEvent, useState } from "react";
import { type ApiError, post } from "../api";
import { ErrorNote, Field, Page, SexOptions } from "../ui";
import { type Candidate, Explanation } from "./explain";

/** Manual search across every file (`POST /api/v1/search`); the purpose is required and audited. */
export function SearchPage() {
  const inquiry = new URLSearchParams(location.search).get("inquiry");
  const [form, setForm] = useState({
    purpose: inquiry ? `IAQ research, inquiry ${inquiry}` : "",
    last: "",
    first: "",
    dob: "",
    sex: "",
    pob: "",
    arn: "",
  });
  const [fieldError, setFieldError] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [results, setResults] = useState<Candidate[]>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const search = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!form.purpose.trim()) errors.purpose = "State the purpose of this search: it is audited.";
    if (!form.last.trim()) errors["name.last"] = "Enter a family name.";
    if (form.dob && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(form.dob))
      errors.dob = "Use YYYY, YYYY-MM or YYYY-MM-DD.";
    if (form.pob && !/^[A-Za-z]{2}$/.test(form.pob)) errors.pob = "Two-letter country code.";
    if (form.arn && !/^A?\d{8,9}$/.test(form.arn)) errors.arn = "8 or 9 digits, A optional.";
    setFieldError(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      const body = {
        purpose: form.purpose.trim(),
        name: {
          last: form.last.trim().toUpperCase(),
          ...(form.first.trim() ? { first: form.first.trim().toUpperCase() } : {}),
        },
        ...(inquiry ? { inquiryId: Number(inquiry) } : {}),
        ...(form.dob ? { dob: form.dob } : {}),
        ...(form.sex ? { sex: form.sex } : {}),
        ...(form.pob ? { pob: form.pob.toUpperCase() } : {}),
        ...(form.arn ? { arn: form.arn } : {}),
      };
      const response = await post<{ candidates: Candidate[] }>("/api/v1/search", body);
      setResults(response.candidates);
      setError(undefined);
    } catch (caught) {
      const failure = caught as ApiError;
      if (failure.field) setFieldError({ [failure.field]: failure.message });
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Manual search">
      <form className="panel" onSubmit={search} noValidate aria-label="Manual search">
        <Field label="Purpose (audited)" error={fieldError.purpose}>
          <input name="purpose" value={form.purpose} onChange={set("purpose")} />
        </Field>
        <div className="row">
          <Field label="Family name" error={fieldError["name.last"]}>
            <input name="last" value={form.last} onChange={set("last")} />
          </Field>
          <Field label="Given name">
            <input name="first" value={form.first} onChange={set("first")} />
          </Field>
          <Field label="Date of birth" error={fieldError.dob} hint="YYYY-MM-DD">
            <input name="dob" value={form.dob} onChange={set("dob")} />
          </Field>
          <Field label="Sex">
            <select name="sex" value={form.sex} onChange={set("sex")}>
              <SexOptions any />
            </select>
          </Field>
          <Field label="Place of birth" error={fieldError.pob} hint="ISO country, e.g. MX">
            <input name="pob" value={form.pob} onChange={set("pob")} />
          </Field>
          <Field label="A-number" error={fieldError.arn}>
            <input name="arn" value={form.arn} onChange={set("arn")} />
          </Field>
        </div>
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Searching…" : "Search every file"}
        </button>
      </form>
      {results ? (
        <section aria-label="Results">
          <h2>{results.length} candidates</h2>
          {results.map((c) => (
            <article key={`${c.source}-${c.recordId}`} className={`candidate decision-${c.decision}`}>
              <header>
                <strong>{c.name}</strong> <span className={`tag decision-${c.decision}`}>{c.decision}</span>{" "}
                <span className="muted">
                  {c.source} · DOB {c.dob ?? "—"} · score {c.score.toFixed(3)}
                </span>
              </header>
              <Explanation rows={c.explanation} caption={`Explanation for ${c.matchedName}`} />
            </article>
          ))}
        </section>
      ) : null}
    </Page>
  );
}
