import fs from "node:fs";
import path from "node:path";
import { assembleLesc } from "../app.js";
import { checkOri, syncOfficeDirectory } from "../directory/index.js";
import { storeGauges } from "../gauges.js";
import { DEFAULT_INQUIRY_POLICY } from "../inquiries/index.js";
import { checkPowBits, DEFAULT_POW_BITS, parseTipRetention, scheduleTipRetention } from "../intake/index.js";
import { parseIprRetention, scheduleIprRetention, watchMailDir } from "../ipr/index.js";
import {
  alertCommand,
  checkAuditStorage,
  checkRetentionDays,
  DEFAULT_RETENTION_DAYS,
  isAuditWriteError,
  scheduleAuditRetention,
  scheduleAuditVerification,
} from "../platform/audit/index.js";
import { MINUTE, systemClock } from "../platform/clock.js";
import { Errors } from "../platform/errors.js";
import { buildHttpServer, Metrics } from "../platform/http/index.js";
import { JobWorker } from "../platform/queue/index.js";
import { isStoreUnavailable, loggableError } from "../platform/store/availability.js";
import { resolveStoreLocation } from "../platform/store/store.js";
import { scheduleUpkeep } from "../platform/store/upkeep.js";
import {
  createDemoAccounts,
  DEMO_CREDENTIALS_FILE,
  DEMO_SIZE,
  formatDemoCredentials,
  saveDemoCredentials,
} from "../synthetic/demo.js";
import { demoHitRequests, demoInquiries } from "../synthetic/demo-traffic.js";
import { DEFAULT_GRACE_DAYS, scheduleRetirement } from "../violators/index.js";
import { openCommandStore, parseCommandArgs, STORE_FLAGS, wholeNumber } from "./args.js";
import { seedWithProgress } from "./seed.js";

/** How often the embedded store's tables are checked for VACUUM / ANALYZE (autovacuum's naptime). */
const UPKEEP_MS = 60_000;

/** Below this much free space for an embedded store, the audit alarm is raised (CJIS 5.4.2). */
export const DEFAULT_AUDIT_MIN_FREE_MB = 1024;
const STORAGE_CHECK_MS = 5 * MINUTE;

/**
 * `lesc serve [--port 8080] [--host 127.0.0.1] [--demo] [--ori ORI] [--iaq-custody-minutes 60]
 * [--iaq-other-minutes 240] [--ipr-mail-dir DIR] [--tip-pow-bits 16]
 * [--tip-retention JUNK=90,CLOSED=1825] [--ipr-retention CLOSED=1825,JUNK=90]
 * [--tip-receipt-pepper-file FILE]`: API, switch, timers
 * and console; with `--ipr-mail-dir`, IPR allegations e-mailed as `.eml` files into DIR are
 * taken in.
 */
export async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs("serve", argv, {
    ...STORE_FLAGS,
    port: { type: "string" },
    host: { type: "string" },
    demo: { type: "boolean" },
    ori: { type: "string" },
    "iaq-custody-minutes": { type: "string" },
    "iaq-other-minutes": { type: "string" },
    "validation-grace-days": { type: "string" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    "use-notice": { type: "string" },
    "audit-retention-days": { type: "string" },
    "ipr-mail-dir": { type: "string" },
    "tip-pow-bits": { type: "string" },
    "tip-retention": { type: "string" },
    "ipr-retention": { type: "string" },
    "tip-receipt-pepper-file": { type: "string" },
    "audit-alert-command": { type: "string" },
    "audit-min-free-mb": { type: "string" },
  });
  const tipPowBits = checkPowBits(wholeNumber("tip-pow-bits", values["tip-pow-bits"], DEFAULT_POW_BITS, 99));
  const tipRetention = parseTipRetention(values["tip-retention"]);
  const iprRetention = parseIprRetention(values["ipr-retention"]);
  const tipReceiptPepper = readPepper(values["tip-receipt-pepper-file"]);
  const mailDir = values["ipr-mail-dir"] === undefined ? undefined : checkMailDir(values["ipr-mail-dir"]);
  const retentionDays = checkRetentionDays(
    wholeNumber("audit-retention-days", values["audit-retention-days"], DEFAULT_RETENTION_DAYS, 100 * 365),
    "--audit-retention-days",
  );
  const minFreeBytes =
    wholeNumber("audit-min-free-mb", values["audit-min-free-mb"], DEFAULT_AUDIT_MIN_FREE_MB, 1e9) * 1048576;
  const alertCommandLine = values["audit-alert-command"];
  if (alertCommandLine !== undefined && alertCommandLine.trim() === "")
    throw Errors.invalidField("--audit-alert-command", "must not be empty");
  const tls = readTls(values["tls-cert"], values["tls-key"]);
  const useNotice =
    values["use-notice"] === undefined ? undefined : readText("--use-notice", values["use-notice"]);
  const graceDays = wholeNumber(
    "validation-grace-days",
    values["validation-grace-days"],
    DEFAULT_GRACE_DAYS,
    365,
  );
  const ownOri = values.ori === undefined ? undefined : checkOri(values.ori, "--ori");
  const inquiryPolicy = {
    ...DEFAULT_INQUIRY_POLICY,
    inCustodyTargetMs:
      wholeNumber(
        "iaq-custody-minutes",
        values["iaq-custody-minutes"],
        DEFAULT_INQUIRY_POLICY.inCustodyTargetMs / MINUTE,
        7 * 24 * 60,
      ) * MINUTE,
    otherTargetMs:
      wholeNumber(
        "iaq-other-minutes",
        values["iaq-other-minutes"],
        DEFAULT_INQUIRY_POLICY.otherTargetMs / MINUTE,
        7 * 24 * 60,
      ) * MINUTE,
  };
  const port = wholeNumber("port", values.port, 8080, 65535);
  const host = values.host ?? "127.0.0.1";
  const clock = systemClock;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const location = resolveStoreLocation({ dataDir: values["data-dir"], databaseUrl: values["database-url"] });
  const store = await openCommandStore("serve", values, say);
  const lesc = assembleLesc({
    store,
    clock,
    ownOri,
    inquiryPolicy,
    useNotice,
    tipPowBits,
    tipReceiptPepper,
  });
  try {
    await store.transaction(async (tx) => {
      await syncOfficeDirectory(tx);
      await scheduleRetirement(tx, clock, graceDays);
      await scheduleAuditRetention(tx, clock, retentionDays);
      await scheduleTipRetention(tx, clock, tipRetention);
      await scheduleIprRetention(tx, clock, iprRetention);
      await scheduleAuditVerification(tx, clock);
    });
    if (values.demo) await prepareDemo();
  } catch (error) {
    await store.close();
    throw error;
  }

  async function prepareDemo() {
    const { rows } = await store.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM seed_run");
    if (rows[0]!.n === 0) {
      say(
        `demo: seeding ${DEMO_SIZE.violators} Violator File records and ${DEMO_SIZE.people} people (once)…`,
      );
      await seedWithProgress(store, DEMO_SIZE);
    }
    const credentials = await createDemoAccounts(store, clock);
    if (credentials) {
      say(formatDemoCredentials(credentials));
      const messages = await demoInquiries(store, credentials.agencies);
      for (const message of messages) await lesc.accept(message);
      say(`demo: ${messages.length} inquiries sent by the demo agencies, for the research queue`);
      const hits = await demoHitRequests(store, credentials.agencies);
      for (const message of hits) await lesc.accept(message);
      say(`demo: ${hits.length} hit confirmation requests, for the confirmation board`);
      if (location.kind === "embedded") {
        say(`demo: credentials saved in ${saveDemoCredentials(path.resolve(location.dataDir), credentials)}`);
      }
    } else if (location.kind === "embedded") {
      say(
        `demo: accounts exist; credentials are in ${path.join(path.resolve(location.dataDir), DEMO_CREDENTIALS_FILE)}`,
      );
    }
  }

  // While the store is unreachable the worker fails at every poll: say so once, then every
  // 30 s, instead of five lines a second. Never the failed query's text or parameters.
  let outageReportedAt = 0;
  const reportJobError = (error: unknown, job?: { queue: string; id: number }) => {
    if (isStoreUnavailable(error)) {
      const now = Date.now();
      if (now - outageReportedAt < 30_000) return;
      outageReportedAt = now;
      say(`job worker: the store is unavailable (${loggableError(error)}); retrying`);
      return;
    }
    say(`job ${job ? `${job.queue} #${job.id} ` : "worker "}failed: ${loggableError(error)}`);
  };
  const worker = new JobWorker({
    store,
    clock,
    handlers: lesc.jobHandlers,
    onDone: () => lesc.signal.notifyAll(),
    onError: (error, job) => {
      if (isAuditWriteError(error)) lesc.auditAlarm.raise("WRITE_FAILED", (error as Error).message);
      reportJobError(error, job);
    },
  });
  lesc.onWork = () => worker.nudge();
  let ready = false;
  const metrics = new Metrics();
  const app = await buildHttpServer({
    metrics: { registry: metrics, gauges: () => storeGauges(store) },
    auditAlarm: lesc.auditAlarm,
    ready: () => ready,
    store,
    clock,
    routes: lesc.routes,
    access: lesc.access,
    logger: true,
    tls,
  });
  try {
    await app.listen({ port, host });
  } catch (error) {
    await store.close();
    throw Errors.config(`lesc serve: cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
  // CJIS 5.4.2: every alert goes to the log and the metric, and to the operator's command.
  lesc.auditAlarm.listen((failure) => {
    app.log.error(
      { event: "audit_failure", kind: failure.kind, reason: failure.reason },
      "audit processing failure",
    );
    metrics.count("lesc_audit_failures_total", "Audit processing failures alerted, by kind.", {
      kind: failure.kind,
    });
  });
  if (alertCommandLine !== undefined) lesc.auditAlarm.listen(alertCommand(alertCommandLine, say));
  let storageCheck: NodeJS.Timeout | undefined;
  if (location.kind === "embedded") {
    const check = () => checkAuditStorage(lesc.auditAlarm, location.dataDir, minFreeBytes);
    check();
    storageCheck = setInterval(check, STORAGE_CHECK_MS);
    storageCheck.unref();
  }
  // The embedded store has no autovacuum: lesc vacuums and analyzes it (see upkeep.ts).
  const upkeep =
    store.kind === "embedded"
      ? scheduleUpkeep(store.pool, UPKEEP_MS, {
          done(runs) {
            for (const { table, action, ms } of runs) {
              app.log.info({ event: "store_upkeep", table, action, ms }, "store upkeep");
              metrics.count("lesc_store_upkeep_total", "Embedded store VACUUM / ANALYZE runs, by action.", {
                action,
              });
            }
          },
          failed: (error) => say(`store upkeep failed: ${loggableError(error)}`),
        })
      : undefined;
  // Read the name-part frequencies before taking traffic, not during the first searches.
  await lesc.matcher.frequencies();
  worker.start();
  const mailWatch = mailDir ? watchMailDir({ store, clock }, mailDir, say) : undefined;
  if (mailDir) say(`lesc: taking IPR e-mails from ${mailDir}`);
  ready = true;
  const address = app.server.address();
  const shownPort = typeof address === "object" && address ? address.port : port;
  say(`lesc serving ${tls ? "https" : "http"}://${host}:${shownPort}/ on the ${store.description}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    say(`lesc: ${signal}: draining and stopping`);
    // Long-polling readers get what they have now; requests in flight finish; then the
    // worker finishes the jobs in hand (a job cut short would run again elsewhere).
    lesc.signal.close();
    clearInterval(storageCheck);
    await app.close();
    await mailWatch?.stop();
    await worker.stop();
    await upkeep?.stop();
    await store.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** `--tls-cert` and `--tls-key` go together; both files must be readable PEM. */
function readTls(cert: string | undefined, key: string | undefined) {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined) throw Errors.invalidField("--tls-cert", "is required with --tls-key");
  if (key === undefined) throw Errors.invalidField("--tls-key", "is required with --tls-cert");
  const pem = (flag: string, file: string, kind: RegExp) => {
    const text = readText(flag, file);
    if (!kind.test(text)) throw Errors.invalidField(flag, `${file} is not a PEM file`);
    return Buffer.from(text);
  };
  return {
    cert: pem("--tls-cert", cert, /-----BEGIN CERTIFICATE-----/),
    key: pem("--tls-key", key, /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
  };
}

/** `--ipr-mail-dir`: an existing, writable folder (processed/ and quarantine/ are made inside). */
function checkMailDir(dir: string): string {
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error("not a folder");
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw Errors.invalidField(
      "--ipr-mail-dir",
      `${dir} must be a readable and writable folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return path.resolve(dir);
}

/** The receipt pepper: a secret kept outside the database (at least 32 characters). */
function readPepper(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const pepper = readText("--tip-receipt-pepper-file", file).trim();
  if (pepper.length < 32) {
    throw Errors.invalidField(
      "--tip-receipt-pepper-file",
      `${file} must hold a secret of at least 32 characters`,
    );
  }
  return pepper;
}

function readText(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw Errors.invalidField(
      flag,
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
