import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { proofOfWorkHeader, solveProofOfWork } from "../../../src/intake/proof-of-work-solver.js";
import { ApiError, api } from "../api";
import { ErrorNote, Field, formatTime, Link } from "../ui";

/**
 * The public tip line, without log-in: the form (the browser solves the server's proof-of-work
 * challenge before sending), the receipt shown once, and the follow-up page where the receipt
 * reads the replies and adds information. Nothing here stores who the tipster is.
 */
export const TIP_CATEGORY_LABELS: Record<string, string> = {
  IMMIGRATION: "Immigration violations",
  CUSTOMS: "Customs violations, smuggling",
  IPR: "Counterfeit goods, piracy (intellectual property)",
  CHILD_EXPLOITATION: "Child exploitation",
  CYBER: "Cyber crime",
  MONEY_LAUNDERING: "Trade-based money laundering",
  EXPORT_ARMS: "Export of arms or controlled technology",
  HUMAN_TRAFFICKING: "Human trafficking",
  TERRORISM: "Terrorism",
  FRAUDULENT_DOCUMENTS: "Fraudulent documents",
  OTHER: "Something else",
};

export const NARRATIVE_MAX = 10_000;

/** A tip as the form holds it; `tipBody` turns it into the API's body. */
export interface TipForm {
  category: string;
  location: string;
  state: string;
  narrative: string;
  subjectName: string;
  subjectDob: string;
  subjectAddress: string;
  anonymous: boolean;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
}

export const EMPTY_TIP: TipForm = {
  category: "",
  location: "INSIDE_US",
  state: "",
  narrative: "",
  subjectName: "",
  subjectDob: "",
  subjectAddress: "",
  anonymous: true,
  contactName: "",
  contactPhone: "",
  contactEmail: "",
};

/** Checks before sending; the keys are the API's field names, so the server's errors land in the same place. */
export function checkTip(form: TipForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.category) errors.category = "Choose what the tip is about.";
  if (!form.narrative.trim()) errors.narrative = "Say what you saw or know.";
  else if (form.narrative.length > NARRATIVE_MAX)
    errors.narrative = `At most ${NARRATIVE_MAX.toLocaleString("en-US")} characters.`;
  if (form.location === "INSIDE_US" && form.state && !/^[A-Za-z]{2}$/.test(form.state.trim()))
    errors.state = "The two-letter postal code, e.g. TX.";
  if (form.subjectDob && !/^\d{4}-\d{2}-\d{2}$/.test(form.subjectDob.trim()))
    errors["subject.dob"] = "As YYYY-MM-DD, or leave it empty.";
  if (!form.anonymous && !form.contactName.trim() && !form.contactPhone.trim() && !form.contactEmail.trim())
    errors.reporter = "Give a name, phone or e-mail, or stay anonymous.";
  if (form.contactEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.contactEmail.trim()))
    errors["reporter.email"] = "An e-mail address, e.g. name@example.com.";
  return errors;
}

const compact = (entries: [string, string][]) => {
  const kept = entries.map(([k, v]) => [k, v.trim()] as const).filter(([, v]) => v !== "");
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
};

export function tipBody(form: TipForm) {
  const subject = compact([
    ["name", form.subjectName],
    ["dob", form.subjectDob],
    ["address", form.subjectAddress],
  ]);
  const reporter = form.anonymous
    ? undefined
    : compact([
        ["name", form.contactName],
        ["phone", form.contactPhone],
        ["email", form.contactEmail],
      ]);
  return {
    category: form.category,
    narrative: form.narrative.trim(),
    location: form.location,
    ...(form.location === "INSIDE_US" && form.state.trim() ? { state: form.state.trim().toUpperCase() } : {}),
    ...(subject ? { subject } : {}),
    ...(reporter ? { reporter } : {}),
  };
}

/** The server's refusal next to its field (`body.narrative: …` → narrative), else for the form. */
export function fieldOf(error: unknown): string | undefined {
  return error instanceof ApiError ? error.field : undefined;
}

/** The rule the server named, without the field's path (shown next to the field already). */
export const ruleOf = (error: unknown) =>
  (error as ApiError).message.replace(/^(?:body|querystring)\.[\w.]+: /, "");

/** A refusal goes next to the field the server named, or else below the form. */
export function showRefusal(
  caught: unknown,
  setErrors: (errors: Record<string, string>) => void,
  setError: (error: unknown) => void,
) {
  const field = fieldOf(caught);
  if (field) setErrors({ [field]: ruleOf(caught) });
  else setError(caught);
}

/** 1234567812345678 → 1234 5678 1234 5678, as read over the phone. */
export const formatReceipt = (receipt: string) => receipt.replace(/(\d{4})(?=\d)/g, "$1 ");

/**
 * A form of one text field (a reply, more information, a junk reason): checked before
 * sending, the server's refusal of the field shown next to it, anything else below.
 */
export function TextForm(props: {
  label: string;
  name: string;
  empty: string;
  submit: string;
  maxLength: number;
  rows?: number;
  hint?: string;
  className?: string;
  done?: string;
  send: (text: string) => Promise<unknown>;
}) {
  const [text, setText] = useState("");
  const [textError, setTextError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSent(false);
    if (!text.trim()) {
      setTextError(props.empty);
      return;
    }
    setTextError(undefined);
    try {
      await props.send(text.trim());
      setText("");
      setSent(true);
    } catch (caught) {
      if (fieldOf(caught) !== undefined) setTextError(ruleOf(caught));
      else setError(caught);
    }
  };
  const control = {
    name: props.name,
    value: text,
    maxLength: props.maxLength,
    onChange: (event: { target: { value: string } }) => setText(event.target.value),
    "aria-invalid": textError ? true : undefined,
  };
  return (
    <form className={props.className} onSubmit={submit} noValidate>
      <Field label={props.label} error={textError} {...(props.hint ? { hint: props.hint } : {})}>
        {props.rows ? <textarea rows={props.rows} {...control} /> : <input {...control} />}
      </Field>
      <button type="submit">{props.submit}</button>
      {sent && props.done ? (
        <p className="ok" role="status">
          {props.done}
        </p>
      ) : null}
      <ErrorNote error={error} />
    </form>
  );
}

/** The fields of a tip, shared by the public form and the tip desk's phone entry. */
export function TipFields(props: {
  form: TipForm;
  set: (next: TipForm) => void;
  errors: Record<string, string>;
  contactLegend: string;
}) {
  const { form, set, errors } = props;
  const text = (key: keyof TipForm) => (event: { target: { value: string } }) =>
    set({ ...form, [key]: event.target.value });
  const invalid = (key: string) => (errors[key] ? true : undefined);
  return (
    <>
      <Field label="What is it about?" error={errors.category}>
        <select
          name="category"
          value={form.category}
          onChange={text("category")}
          aria-invalid={invalid("category")}
        >
          <option value="">Choose…</option>
          {Object.entries(TIP_CATEGORY_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>Where is it happening?</legend>
        <div className="row">
          <Field label="Inside or outside the United States" error={errors.location}>
            <select name="location" value={form.location} onChange={text("location")}>
              <option value="INSIDE_US">Inside the United States</option>
              <option value="OUTSIDE_US">Outside the United States</option>
            </select>
          </Field>
          {form.location === "INSIDE_US" ? (
            <Field label="State (postal code)" error={errors.state} hint="e.g. TX; leave empty if unsure">
              <input
                name="state"
                value={form.state}
                maxLength={2}
                autoComplete="off"
                onChange={text("state")}
                aria-invalid={invalid("state")}
              />
            </Field>
          ) : null}
        </div>
      </fieldset>
      <Field label="What happened?" error={errors.narrative} hint="Who, what, when, where. Plain text only.">
        <textarea
          name="narrative"
          rows={8}
          maxLength={NARRATIVE_MAX}
          value={form.narrative}
          onChange={text("narrative")}
          aria-invalid={invalid("narrative")}
        />
      </Field>
      <fieldset>
        <legend>The person or business (if you know)</legend>
        <div className="row">
          <Field label="Name" error={errors["subject.name"]}>
            <input
              name="subject-name"
              value={form.subjectName}
              onChange={text("subjectName")}
              autoComplete="off"
            />
          </Field>
          <Field label="Date of birth" error={errors["subject.dob"]} hint="YYYY-MM-DD">
            <input
              name="subject-dob"
              value={form.subjectDob}
              onChange={text("subjectDob")}
              autoComplete="off"
              aria-invalid={invalid("subject.dob")}
            />
          </Field>
          <Field label="Address or place" error={errors["subject.address"]}>
            <input
              name="subject-address"
              value={form.subjectAddress}
              onChange={text("subjectAddress")}
              autoComplete="off"
            />
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{props.contactLegend}</legend>
        <label className="check">
          <input
            type="checkbox"
            name="anonymous"
            checked={form.anonymous}
            onChange={(event) => set({ ...form, anonymous: event.target.checked })}
          />
          Stay anonymous (no name or contact details)
        </label>
        {errors.reporter ? (
          <p className="field-error" role="alert">
            {errors.reporter}
          </p>
        ) : null}
        {form.anonymous ? null : (
          <div className="row">
            <Field label="Contact name" error={errors["reporter.name"]}>
              <input name="contact-name" value={form.contactName} onChange={text("contactName")} />
            </Field>
            <Field label="Contact phone" error={errors["reporter.phone"]}>
              <input name="contact-phone" value={form.contactPhone} onChange={text("contactPhone")} />
            </Field>
            <Field label="Contact e-mail" error={errors["reporter.email"]}>
              <input
                name="contact-email"
                value={form.contactEmail}
                onChange={text("contactEmail")}
                aria-invalid={invalid("reporter.email")}
              />
            </Field>
          </div>
        )}
      </fieldset>
    </>
  );
}

function PublicFrame(props: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${props.title} · Tip line`;
  }, [props.title]);
  return (
    <main id="main" className="public">
      <header className="public-head">
        <span className="brand">Tip line</span>
        <nav aria-label="Tip line">
          <Link to="/tip">Send a tip</Link> · <Link to="/tip/follow-up">Follow up with your receipt</Link>
        </nav>
      </header>
      <h1>{props.title}</h1>
      {props.children}
    </main>
  );
}

/** `/tip`: the public form. */
export function PublicTipPage() {
  const [form, setForm] = useState<TipForm>(EMPTY_TIP);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [stage, setStage] = useState<"idle" | "working" | "sending">("idle");
  const [receipt, setReceipt] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkTip(form);
    setErrors(found);
    setError(undefined);
    if (Object.keys(found).length > 0) return;
    try {
      setStage("working");
      const { challenge, difficulty } = await api<{ challenge: string; difficulty: number }>(
        "GET",
        "/api/v1/public/tips/challenge",
      );
      const nonce = await solveProofOfWork(challenge, difficulty);
      setStage("sending");
      const sent = await api<{ receipt: string }>("POST", "/api/v1/public/tips", tipBody(form), {
        "X-Proof-Of-Work": proofOfWorkHeader(challenge, nonce),
      });
      setReceipt(sent.receipt);
      setForm(EMPTY_TIP);
    } catch (caught) {
      showRefusal(caught, setErrors, setError);
    } finally {
      setStage("idle");
    }
  };

  if (receipt) {
    return (
      <PublicFrame title="Thank you: your tip was received">
        <section className="receipt" aria-labelledby="receipt-title">
          <h2 id="receipt-title">Your receipt</h2>
          <p className="receipt-code" data-testid="receipt">
            {formatReceipt(receipt)}
          </p>
          <p className="warning" role="alert">
            Write this number down now. It is shown only this once, it is the only way to read our replies or
            add information, and nobody can recover it for you.
          </p>
          <p>
            <Link to="/tip/follow-up">Follow up with your receipt</Link>
          </p>
        </section>
      </PublicFrame>
    );
  }
  return (
    <PublicFrame title="Report a crime to the tip line">
      <p className="notice">
        If someone is in danger right now, call 911. This form does not record your address or your
        computer's; you may stay anonymous.
      </p>
      <form className="tip-form" onSubmit={submit} noValidate aria-label="Send a tip">
        <TipFields form={form} set={setForm} errors={errors} contactLegend="Contact details (optional)" />
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={stage !== "idle"}>
          {stage === "working" ? "Preparing to send…" : stage === "sending" ? "Sending…" : "Send the tip"}
        </button>
        <p className="hint">
          Before sending, your browser does a moment of computing that makes mass automated submissions
          costly.
        </p>
      </form>
    </PublicFrame>
  );
}

interface TipsterView {
  status: string;
  receivedAt: string;
  messages: { from: string; at: string; text: string }[];
}

const STATUS_TEXT: Record<string, string> = {
  RECEIVED: "Received: it is being reviewed.",
  FORWARDED: "Forwarded to the people who can act on it.",
  CLOSED: "Closed.",
};

/** `/tip/follow-up`: the receipt opens the tip's status and replies, and takes more information. */
export function TipFollowUpPage() {
  const [receipt, setReceipt] = useState("");
  const [receiptError, setReceiptError] = useState<string>();
  const [open, setOpen] = useState<string>();
  const [view, setView] = useState<TipsterView>();
  const [error, setError] = useState<unknown>();

  const load = async (code: string) => {
    setView(await api<TipsterView>("GET", `/api/v1/public/tips/${code}`));
    setOpen(code);
  };
  const lookUp = async (event: FormEvent) => {
    event.preventDefault();
    const code = receipt.replace(/[\s-]/g, "");
    setError(undefined);
    setView(undefined);
    if (!/^\d{16}$/.test(code)) {
      setReceiptError("The 16 digits of your receipt.");
      return;
    }
    setReceiptError(undefined);
    try {
      await load(code);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setReceiptError("No tip has this receipt.");
      else setError(caught);
    }
  };
  const add = async (text: string) => {
    await api("POST", `/api/v1/public/tips/${open}/messages`, { text });
    // Shown at once rather than read again: each read counts against the address's limit.
    setView(
      (shown) =>
        shown && {
          ...shown,
          messages: [...shown.messages, { from: "YOU", at: new Date().toISOString(), text }],
        },
    );
  };
  return (
    <PublicFrame title="Follow up on your tip">
      <form className="row" onSubmit={lookUp} noValidate aria-label="Look up a tip">
        <Field label="Receipt" error={receiptError} hint="16 digits">
          <input
            name="receipt"
            inputMode="numeric"
            autoComplete="off"
            value={receipt}
            onChange={(event) => setReceipt(event.target.value)}
            aria-invalid={receiptError ? true : undefined}
          />
        </Field>
        <button type="submit" className="primary">
          Look up
        </button>
      </form>
      <ErrorNote error={error} />
      {view ? (
        <section aria-labelledby="status-title">
          <h2 id="status-title">Status</h2>
          <p data-testid="tip-status">
            <strong>{view.status}</strong> · {STATUS_TEXT[view.status] ?? ""} Received{" "}
            {formatTime(view.receivedAt)}.
          </p>
          <h2>Messages</h2>
          {view.messages.length === 0 ? <p className="empty">No messages yet.</p> : null}
          <ol className="messages">
            {view.messages.map((message) => (
              <li
                key={`${message.at}-${message.from}-${message.text.length}`}
                className={`from-${message.from}`}
              >
                <span className="muted">
                  {message.from === "LESC" ? "From the tip line" : "From you"} · {formatTime(message.at)}
                </span>
                <p className="narrative">{message.text}</p>
              </li>
            ))}
          </ol>
          <TextForm
            label="Add information"
            name="text"
            rows={4}
            maxLength={4000}
            empty="Write what you want to add."
            submit="Send"
            done="Added to your tip."
            send={add}
          />
        </section>
      ) : null}
    </PublicFrame>
  );
}
