/**
 * Crash safety, proven (issue #8): drive IAQ and YQ load at `lesc serve`, SIGKILL a server at
 * random moments ten times, restart it, then check what was promised:
 * - every message that got a 202 is in the store and was processed;
 * - every accepted IAQ has exactly one inquiry and exactly one PRELIMINARY IAR (and one copy
 *   for its field office); a message re-sent after a crash was processed once;
 * - every SLA timer exists once and fired at most once (the run uses 1-minute targets, so the
 *   early inquiries' warnings and breaches fire during it); no job is left dead or running;
 * - the audit chain verifies, with one MESSAGE_ACCEPTED entry per accepted message.
 * Embedded store: one server. With DATABASE_URL: two servers on one PostgreSQL database.
 *
 *   npm run build && npm run test:crash          (DATABASE_URL=postgres://… for PostgreSQL)
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { formatIaqText, formatYqText, ncicPlace } from "../../src/messages/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { openStore, type StoreLocation } from "../../src/platform/store/store.js";
import { Random } from "../../src/synthetic/random.js";
import { runLesc } from "../support/cli.js";
import { type ServerProcess, startServer } from "../support/server-process.js";
import { createServerDatabase } from "../support/test-store.js";

const KILLS = Number(process.env.CRASH_KILLS ?? 10);
const AGENCIES = ["ZZ0000091", "ZZ0000092", "ZZ0000093"];
const rng = new Random(`crash-${process.env.CRASH_SEED ?? Date.now()}`);
const say = (line: string) => process.stderr.write(`crash: ${line}\n`);

async function main() {
  const server = process.env.DATABASE_URL ? await createServerDatabase() : undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-crash-"));
  fs.rmSync(dataDir, { recursive: true });
  const args = server ? ["--database-url", server.url] : ["--data-dir", dataDir];
  // Every server started, so a failing run leaves none behind.
  const servers: (ServerProcess | undefined)[] = [];
  const location: StoreLocation = server
    ? { kind: "server", url: server.url }
    : { kind: "embedded", dataDir };
  try {
    const seeded = runLesc(["seed", "--violators", "300", "--people", "1000", "--seed", "crash", ...args]);
    assert.equal(seeded.code, 0, seeded.stderr);
    const keys = new Map<string, string>();
    for (const [index, ori] of AGENCIES.entries()) {
      const added = runLesc([
        "agency",
        "add",
        "--ori",
        ori,
        "--name",
        `Crash PD ${index}`,
        "--state",
        ["TX", "NY", "CA"][index]!,
        ...args,
      ]);
      assert.equal(added.code, 0, added.stderr);
      keys.set(ori, (added.json as { apiKey: string }).apiKey);
    }
    const nics = await readNics(location);
    const serveArgs = ["--iaq-custody-minutes", "1", "--iaq-other-minutes", "1", ...args];
    const processes = server ? 2 : 1;
    for (let i = 0; i < processes; i++) servers[i] = await startServer(serveArgs);

    const accepted = new Map<string, { messageId: number; ori: string; mke: string }>();
    let sent = 0;
    let retries = 0;
    let stopLoad = false;
    const send = async (ori: string, control: string, text: string, mke: string) => {
      for (;;) {
        const live = servers.filter((s): s is ServerProcess => s !== undefined && s.child.exitCode === null);
        const target = live[rng.int(0, Math.max(0, live.length - 1))];
        if (!target) {
          await delay(50);
          continue;
        }
        try {
          const response = await fetch(`${target.url}/nlets`, {
            method: "POST",
            headers: { authorization: `Bearer ${keys.get(ori)}`, "content-type": "text/plain" },
            body: text,
          });
          const body = (await response.json()) as { messageId: number };
          assert.equal(response.status, 202, JSON.stringify(body));
          const earlier = accepted.get(`${ori}*${control}`);
          if (earlier)
            assert.equal(
              body.messageId,
              earlier.messageId,
              "a re-sent control field returns the first messageId",
            );
          accepted.set(`${ori}*${control}`, { messageId: body.messageId, ori, mke });
          return;
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          retries++; // the server died under us: send the same message again
          await delay(30);
        }
      }
    };
    const agencyLoad = async (ori: string, index: number) => {
      let n = 0;
      while (!stopLoad) {
        n++;
        const control = `C${index}X${n}`;
        sent++;
        if (n % 7 === 0) {
          const known = n % 14 === 0 && nics.length > 0;
          const nic = known
            ? nics[rng.int(0, nics.length - 1)]!
            : `N9${String(rng.int(0, 99_999_999)).padStart(8, "0")}`;
          await send(ori, control, yqText(ori, control, nic), "YQ");
        } else {
          await send(ori, control, iaqText(ori, control), "IAQ");
        }
        await delay(rng.int(5, 40));
      }
    };
    const load = AGENCIES.map((ori, index) => agencyLoad(ori, index));

    for (let kill = 1; kill <= KILLS; kill++) {
      await delay(rng.int(300, 1500));
      const victim = rng.int(0, processes - 1);
      await servers[victim]!.stop("SIGKILL");
      servers[victim] = undefined;
      say(`kill ${kill}/${KILLS} of server ${victim} after ${sent} messages`);
      servers[victim] = await startServer(serveArgs);
    }
    await delay(500);
    stopLoad = true;
    await Promise.all(load);
    say(`load stopped: ${sent} sent, ${accepted.size} accepted, ${retries} retried after a crash`);

    // Let every job and the 1-minute SLA timers of the last inquiries run out.
    const deadline = Date.now() + 3 * 60_000;
    await delay(65_000);
    for (;;) {
      const metrics = await (await fetch(`${servers[0]!.url}/metrics`)).text();
      const due = /^lesc_job_lag_seconds (\S+)$/m.exec(metrics)?.[1];
      const running = [...metrics.matchAll(/^lesc_jobs\{queue="[^"]+",state="running"\} (\d+)$/gm)].reduce(
        (a, m) => a + Number(m[1]),
        0,
      );
      if (Number(due) === 0 && running === 0) break;
      if (Date.now() > deadline) throw new Error(`jobs did not drain: lag ${due}, running ${running}`);
      await delay(500);
    }
    for (const s of servers) await s!.stop("SIGTERM");

    await check(location, accepted);
  } finally {
    for (const s of servers) await s?.stop("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
    await server?.drop();
  }
}

async function readNics(location: StoreLocation): Promise<string[]> {
  const store = await openStore({ location, command: "crash test" });
  try {
    const { rows } = await store.pool.query<{ nic: string }>(
      "SELECT nic FROM violator_record WHERE status = 'ACTIVE' LIMIT 50",
    );
    return rows.map((r) => r.nic);
  } finally {
    await store.close();
  }
}

function iaqText(ori: string, control: string): string {
  return formatIaqText({
    header: { mke: "IAQ", ori, destinations: ["AX"], controlField: control },
    pur: "C",
    atn: "CRASH TEST",
    phn: "5550100000",
    nam: {
      last: ["SMITH", "GARCIA", "NGUYEN", "OKAFOR"][rng.int(0, 3)]!,
      first: ["ANA", "JOHN", "LIN", "CHIDI"][rng.int(0, 3)]!,
    },
    dob: `19${rng.int(50, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
    sex: "M",
    pob: ncicPlace("MX")!,
    cus: rng.chance(0.5) ? "Y" : "N",
    off: "0399",
  });
}

function yqText(ori: string, control: string, nic: string): string {
  return formatYqText({
    header: { mke: "YQ", ori, destinations: ["AX"], controlField: control },
    rty: "WP",
    rno: 1,
    pri: "R",
    oca: control,
    nic,
    nam: { last: "SMITH", first: "JOHN" },
  });
}

async function check(
  location: StoreLocation,
  accepted: Map<string, { messageId: number; ori: string; mke: string }>,
) {
  const store = await openStore({ location, command: "crash test check" });
  const q = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
    (await store.pool.query<T>(text, values)).rows;
  try {
    const ids = [...accepted.values()].map((a) => a.messageId);
    const stored = await q<{ n: number }>(
      "SELECT count(*)::int AS n FROM nlets_message WHERE id = ANY($1) AND outcome = 'ACCEPTED'",
      [ids],
    );
    assert.equal(stored[0]!.n, ids.length, "every 202 is in the store");
    const all = await q<{ n: number; iaqs: number; yqs: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE mke = 'IAQ')::int AS iaqs, count(*) FILTER (WHERE mke = 'YQ')::int AS yqs FROM nlets_message WHERE outcome = 'ACCEPTED'",
    );
    // A message that committed but whose 202 was lost in the crash was re-sent with the same
    // control field and answered with the first messageId: nothing is stored twice.
    assert.equal(all[0]!.n, ids.length, "no accepted message beyond those the load received 202s for");
    const inquiries = await q<{ problem: string; n: number }>(`
      SELECT 'iaq without exactly one inquiry' AS problem, count(*)::int AS n FROM nlets_message m
        WHERE m.mke = 'IAQ' AND m.outcome = 'ACCEPTED' AND (SELECT count(*) FROM inquiry i WHERE i.message_id = m.id) <> 1
      UNION ALL SELECT 'inquiry not searched', count(*)::int FROM inquiry WHERE status = 'SEARCHING'
      UNION ALL SELECT 'inquiry without exactly one PRELIMINARY IAR', count(*)::int FROM inquiry i
        WHERE (SELECT count(*) FROM mailbox_message b WHERE b.in_reply_to = i.message_id AND b.type = 'IAR'
               AND b.recipient_ori = i.ori AND b.data->>'stage' = 'PRELIMINARY') <> 1
      UNION ALL SELECT 'inquiry without exactly one field-office copy', count(*)::int FROM inquiry i
        WHERE (SELECT count(*) FROM mailbox_message b WHERE b.in_reply_to = i.message_id AND b.type = 'IAR'
               AND b.copy_of IS NOT NULL) <> 1
      UNION ALL SELECT 'message without exactly one ACK', count(*)::int FROM nlets_message m
        WHERE m.outcome = 'ACCEPTED' AND (SELECT count(*) FROM mailbox_message b WHERE b.in_reply_to = m.id AND b.type = 'ACK') <> 1
      UNION ALL SELECT 'YQ without exactly one hit request', count(*)::int FROM nlets_message m
        WHERE m.mke = 'YQ' AND m.outcome = 'ACCEPTED' AND (SELECT count(*) FROM hit_request r WHERE r.message_id = m.id) <> 1
      UNION ALL SELECT 'unknown-NIC case without exactly one YR', count(*)::int FROM hit_case c
        WHERE c.status = 'NO_RECORD' AND (SELECT count(*) FROM mailbox_message b WHERE b.type = 'YR'
               AND b.recipient_ori = c.requester_ori AND b.data->>'hitId' = c.id::text) <> 1
      UNION ALL SELECT 'inquiry without its two SLA timers', count(*)::int FROM inquiry i
        WHERE (SELECT count(*) FROM job j WHERE j.timer_key IN ('inquiry:' || i.id || ':sla-warning', 'inquiry:' || i.id || ':sla-breached')) <> 2
      UNION ALL SELECT 'SLA event fired twice', count(*)::int FROM (
        SELECT inquiry_id, kind FROM inquiry_event WHERE kind IN ('SLA_WARNING','SLA_BREACH') GROUP BY 1, 2 HAVING count(*) > 1) t
      UNION ALL SELECT 'overdue inquiry whose breach did not fire', count(*)::int FROM inquiry i
        WHERE i.due_at < now() - interval '5 seconds' AND NOT EXISTS (
          SELECT 1 FROM inquiry_event e WHERE e.inquiry_id = i.id AND e.kind = 'SLA_BREACH')
      UNION ALL SELECT 'job dead or still running', count(*)::int FROM job WHERE state IN ('dead','running')`);
    const problems = inquiries.filter((row) => row.n > 0);
    const chain = await verifyAuditChain(store.db);
    const audited = await q<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE event_type = 'MESSAGE_ACCEPTED'",
    );
    const summary = {
      store: location.kind,
      kills: KILLS,
      accepted: ids.length,
      iaqs: all[0]!.iaqs,
      yqs: all[0]!.yqs,
      problems: Object.fromEntries(problems.map((p) => [p.problem, p.n])),
      auditChain: chain,
      auditedAccepts: audited[0]!.n,
    };
    console.log(JSON.stringify(summary));
    assert.deepEqual(
      problems,
      [],
      "no message lost, duplicated or left unprocessed; no timer lost or fired twice",
    );
    assert.equal(chain.ok, true, "the audit chain verifies");
    assert.equal(audited[0]!.n, ids.length, "one MESSAGE_ACCEPTED audit entry per accepted message");
  } finally {
    await store.close();
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main().then(
  () => say("passed"),
  (error) => {
    process.stderr.write(`crash: FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
