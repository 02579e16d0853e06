import anyAscii from "any-ascii";
import { formatIaqText, formatYqText, type Iaq, NCIC_PLACES } from "../messages/index.js";
import { generateIdentity } from "../synthetic/identities.js";
import { Random } from "../synthetic/random.js";

/**
 * The load generator behind `lesc simulate`: many agencies at once, an open-loop stream of
 * IAQs and YQs at a fixed rate, each agency reading its mailbox by long-poll, and the figures
 * an operator needs: throughput, ACK / PRELIMINARY IAR / YR latency percentiles, errors, and
 * the share answered within targets.
 */
export interface SimulateOptions {
  url: string;
  agencies: { ori: string; apiKey: string }[];
  /** Messages per second, all agencies together. */
  rate: number;
  durationSeconds: number;
  /** Share of YQs among the messages (the rest are IAQs). */
  yqShare: number;
  /** Known subjects (e.g. from the seeded files): a share of IAQs asks about them; YQs name their NICs. */
  subjects: { last: string; first: string; dob: string; sex: "M" | "F"; nic?: string }[];
  subjectShare: number;
  seed: string;
  /** How long to keep reading mailboxes after the last message, for the last replies. */
  settleSeconds: number;
  onProgress?: (line: string) => void;
}

export interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface SimulateReport {
  url: string;
  agencies: number;
  targetRate: number;
  durationSeconds: number;
  sent: { iaq: number; yq: number };
  accepted: number;
  throughputPerSecond: number;
  latencyMs: { ack: Percentiles; preliminaryIar: Percentiles; yr: Percentiles };
  errors: Record<string, number>;
  unanswered: { iaq: number; yq: number };
  sla: {
    ackWithin100ms: number | null;
    preliminaryWithin250ms: number | null;
    yrWithinDeadline: number | null;
  };
}

const NAME = /^[A-Z]+(?:[ '-][A-Z]+)*$/;

export async function simulate(options: SimulateOptions): Promise<SimulateReport> {
  const rng = new Random(options.seed);
  const sentAt = new Map<number, { at: number; kind: "IAQ" | "YQ"; deadlineMs: number }>();
  const ack: number[] = [];
  const preliminary: number[] = [];
  const yr: number[] = [];
  let yrInTime = 0;
  const errors: Record<string, number> = {};
  const sent = { iaq: 0, yq: 0 };
  let accepted = 0;
  let inFlight = 0;
  let running = true;
  const early = new Map<number, number>();
  const answered = (messageId: number, at: number) => {
    const origin = sentAt.get(messageId)!;
    const latency = at - origin.at;
    if (origin.kind === "IAQ") preliminary.push(latency);
    else {
      yr.push(latency);
      if (latency <= origin.deadlineMs) yrInTime++;
    }
    sentAt.delete(messageId);
  };
  const error = (kind: string) => {
    errors[kind] = (errors[kind] ?? 0) + 1;
  };

  const readers = options.agencies.map(async (agency) => {
    const auth = { authorization: `Bearer ${agency.apiKey}` };
    while (running) {
      try {
        const response = await fetch(`${options.url}/nlets/mailbox?wait=2`, { headers: auth });
        if (response.status !== 200) {
          error(`mailbox ${response.status}`);
          continue;
        }
        const { messages } = (await response.json()) as {
          messages: { id: number; type: string; inReplyTo: number | null; data: { stage?: string } }[];
        };
        const now = performance.now();
        for (const message of messages) {
          if (message.inReplyTo === null) continue;
          const answers =
            (message.type === "IAR" && message.data.stage === "PRELIMINARY") || message.type === "YR";
          if (!answers) continue;
          // A reply can arrive before the 202 that names its message: keep it until then.
          if (sentAt.has(message.inReplyTo)) answered(message.inReplyTo, now);
          else early.set(message.inReplyTo, now);
        }
        if (messages.length > 0) {
          await fetch(`${options.url}/nlets/mailbox/ack`, {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            body: JSON.stringify({ ids: messages.map((m) => m.id) }),
          });
        }
      } catch {
        error("mailbox network");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  });

  const sendOne = async (n: number) => {
    const agency = options.agencies[n % options.agencies.length]!;
    const isYq = rng.next() < options.yqShare;
    const control = `S${n.toString(36).toUpperCase()}`.slice(0, 10);
    const body = isYq ? yqFor(rng, options, agency.ori, control) : iaqFor(rng, options, agency.ori, control);
    const started = performance.now();
    inFlight++;
    try {
      const response = await fetch(`${options.url}/nlets`, {
        method: "POST",
        headers: { authorization: `Bearer ${agency.apiKey}`, "content-type": "text/plain" },
        body,
      });
      const elapsed = performance.now() - started;
      const json = (await response.json()) as { messageId?: number };
      if (response.status === 202 && json.messageId !== undefined) {
        accepted++;
        ack.push(elapsed);
        // Routine YQ: one hour; lesc answers unknown NICs at once, known ones wait for staff.
        sentAt.set(json.messageId, {
          at: started,
          kind: isYq ? "YQ" : "IAQ",
          deadlineMs: isYq ? 3_600_000 : 0,
        });
        const arrived = early.get(json.messageId);
        if (arrived !== undefined) {
          early.delete(json.messageId);
          answered(json.messageId, arrived);
        }
      } else {
        error(`POST /nlets ${response.status}`);
      }
    } catch {
      error("POST /nlets network");
    } finally {
      inFlight--;
    }
    if (isYq) sent.yq++;
    else sent.iaq++;
  };

  const started = performance.now();
  const total = Math.round(options.rate * options.durationSeconds);
  const sends: Promise<void>[] = [];
  let lastReport = started;
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= 1000) {
      error("client backlog (message skipped)");
      continue;
    }
    sends.push(sendOne(n));
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      options.onProgress?.(`${n + 1}/${total} sent, ${accepted} accepted, ${inFlight} in flight`);
    }
  }
  await Promise.all(sends);
  const sendingSeconds = (performance.now() - started) / 1000;
  const settleUntil = performance.now() + options.settleSeconds * 1000;
  while (sentAt.size > 0 && performance.now() < settleUntil)
    await new Promise((resolve) => setTimeout(resolve, 100));
  running = false;
  await Promise.all(readers);

  const unanswered = { iaq: 0, yq: 0 };
  for (const origin of sentAt.values()) unanswered[origin.kind === "IAQ" ? "iaq" : "yq"]++;
  const share = (values: number[], limit: number) =>
    values.length === 0 ? null : values.filter((v) => v <= limit).length / values.length;
  return {
    url: options.url,
    agencies: options.agencies.length,
    targetRate: options.rate,
    durationSeconds: options.durationSeconds,
    sent,
    accepted,
    throughputPerSecond: Math.round((accepted / sendingSeconds) * 10) / 10,
    latencyMs: { ack: percentiles(ack), preliminaryIar: percentiles(preliminary), yr: percentiles(yr) },
    errors,
    unanswered,
    sla: {
      ackWithin100ms: share(ack, 100),
      preliminaryWithin250ms: share(preliminary, 250),
      yrWithinDeadline: yr.length + unanswered.yq === 0 ? null : yrInTime / (yr.length + unanswered.yq),
    },
  };
}

function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
  return {
    count: values.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: Math.round(sorted.at(-1)! * 10) / 10,
  };
}

function iaqFor(rng: Random, options: SimulateOptions, ori: string, control: string): string {
  const known = options.subjects.length > 0 && rng.next() < options.subjectShare;
  let person: { last: string; first: string; dob: string; sex: "M" | "F"; pob: string };
  if (known) {
    const subject = options.subjects[rng.int(0, options.subjects.length - 1)]!;
    person = { ...subject, pob: "MX" };
  } else {
    for (;;) {
      const identity = generateIdentity(rng);
      const last = anyAscii(identity.name.last).toUpperCase();
      const first = anyAscii(identity.name.first).toUpperCase();
      if (!NAME.test(last) || !NAME.test(first) || last.length + first.length > 26) continue;
      if (identity.sex !== "M" && identity.sex !== "F") continue;
      person = { last, first, dob: identity.dob, sex: identity.sex, pob: identity.countryOfBirth };
      break;
    }
  }
  const iaq: Iaq = {
    header: { mke: "IAQ", ori, destinations: ["AX"], controlField: control },
    pur: "C",
    atn: "LOAD TEST",
    phn: "5550100000",
    nam: { last: person.last, first: person.first },
    dob: person.dob,
    sex: person.sex,
    pob:
      NCIC_PLACES.find((p) => p.country === person.pob && p.usState === undefined) ??
      NCIC_PLACES.find((p) => p.ncic === "MX")!,
    cus: rng.chance(0.3) ? "Y" : "N",
    off: "0399",
  };
  return formatIaqText(iaq);
}

function yqFor(rng: Random, options: SimulateOptions, ori: string, control: string): string {
  const withNic = options.subjects.filter((s) => s.nic);
  const known = withNic.length > 0 && rng.chance(0.5);
  const subject = known ? withNic[rng.int(0, withNic.length - 1)]! : undefined;
  return formatYqText({
    header: { mke: "YQ", ori, destinations: ["AX"], controlField: control },
    rty: "WP",
    rno: 1,
    pri: "R",
    oca: control,
    nic: subject?.nic ?? `N9${String(rng.int(0, 99_999_999)).padStart(8, "0")}`,
    nam: { last: subject?.last ?? "UNKNOWN", first: subject?.first ?? "PERSON" },
  });
}
