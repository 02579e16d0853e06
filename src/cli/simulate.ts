import fs from "node:fs";
import path from "node:path";
import { Errors } from "../platform/errors.js";
import { simulate } from "../simulate/simulate.js";
import { DEMO_CREDENTIALS_FILE } from "../synthetic/demo.js";
import { parseCommandArgs, printJson, wholeNumber } from "./args.js";
import { readCsvTable } from "./csv.js";

/**
 * `lesc simulate --url URL --agencies N --rate R --duration S [--json] [--credentials FILE]
 * [--subjects FILE.csv] [--yq-share 0.05]`: plays many agencies at once against a running lesc.
 * Agency keys come from a credentials file (`lesc serve --demo` writes one in its data dir).
 */
export async function simulateCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("simulate", argv, {
    url: { type: "string" },
    agencies: { type: "string" },
    rate: { type: "string" },
    duration: { type: "string" },
    json: { type: "boolean" },
    credentials: { type: "string" },
    subjects: { type: "string" },
    "yq-share": { type: "string" },
    seed: { type: "string" },
  });
  const url = (values.url ?? "http://127.0.0.1:8080").replace(/\/$/, "");
  if (!/^https?:\/\/[^/\s]+$/.test(url)) throw Errors.invalidField("--url", "must be http(s)://host:port");
  const credentialsFile = values.credentials ?? path.join("data", DEMO_CREDENTIALS_FILE);
  let credentials: { agencies?: { ori: string; apiKey: string }[] };
  try {
    credentials = JSON.parse(fs.readFileSync(credentialsFile, "utf8"));
  } catch (error) {
    throw Errors.invalidField(
      "--credentials",
      `cannot read agency keys from ${credentialsFile}: ${(error as Error).message}`,
    );
  }
  const available = credentials.agencies ?? [];
  if (available.length === 0)
    throw Errors.invalidField("--credentials", `${credentialsFile} lists no agencies`);
  const agencies = available.slice(
    0,
    wholeNumber("agencies", values.agencies, available.length, available.length) || available.length,
  );
  const rate = wholeNumber("rate", values.rate, 20, 100_000);
  const duration = wholeNumber("duration", values.duration, 10, 24 * 3600);
  if (rate === 0 || duration === 0)
    throw Errors.invalidField(rate === 0 ? "--rate" : "--duration", "must be at least 1");
  const yqShare = values["yq-share"] === undefined ? 0.05 : Number(values["yq-share"]);
  if (!(yqShare >= 0 && yqShare <= 1)) throw Errors.invalidField("--yq-share", "must be between 0 and 1");
  const subjects = values.subjects === undefined ? [] : readSubjects(values.subjects);
  const report = await simulate({
    url,
    agencies,
    rate,
    durationSeconds: duration,
    yqShare,
    subjects,
    subjectShare: 0.2,
    seed: values.seed ?? "simulate",
    settleSeconds: 15,
    onProgress: values.json ? undefined : (line) => process.stderr.write(`simulate: ${line}\n`),
  });
  if (values.json) {
    printJson(report);
    return;
  }
  const l = report.latencyMs;
  const row = (name: string, p: typeof l.ack) =>
    `  ${name.padEnd(16)} n=${p.count} p50=${p.p50} p95=${p.p95} p99=${p.p99} max=${p.max} ms`;
  process.stdout.write(
    [
      `lesc simulate: ${report.agencies} agencies, target ${report.targetRate}/s for ${report.durationSeconds} s against ${report.url}`,
      `  sent ${report.sent.iaq} IAQ + ${report.sent.yq} YQ, accepted ${report.accepted}, ${report.throughputPerSecond}/s`,
      row("ACK", l.ack),
      row("PRELIMINARY IAR", l.preliminaryIar),
      row("YR", l.yr),
      `  unanswered: ${report.unanswered.iaq} IAQ, ${report.unanswered.yq} YQ; errors: ${JSON.stringify(report.errors)}`,
      `  SLA: ACK ≤ 100 ms ${pct(report.sla.ackWithin100ms)}, PRELIMINARY ≤ 250 ms ${pct(report.sla.preliminaryWithin250ms)}, YR in deadline ${pct(report.sla.yrWithinDeadline)}`,
      "",
    ].join("\n"),
  );
}

const pct = (share: number | null) => (share === null ? "n/a" : `${(share * 100).toFixed(1)} %`);

function readSubjects(file: string) {
  const table = readCsvTable(file, "--subjects");
  return table.rows
    .map(({ values }) => ({
      last: (values.last_name ?? "").toUpperCase(),
      first: (values.first_name ?? "").toUpperCase(),
      dob: values.dob ?? "",
      sex: (values.sex === "F" ? "F" : "M") as "M" | "F",
      ...(values.nic ? { nic: values.nic } : {}),
    }))
    .filter((s) => /^[A-Z]+$/.test(s.last) && /^[A-Z]+$/.test(s.first) && /^\d{4}-\d{2}-\d{2}$/.test(s.dob));
}
