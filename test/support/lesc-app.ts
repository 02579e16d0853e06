import type { FastifyInstance } from "fastify";
import { assembleLesc, type Lesc, type LescOptions } from "../../src/app.js";
import { registerAgency, syncOfficeDirectory } from "../../src/directory/index.js";
import { POW_HEADER, proofOfWorkHeader, solveProofOfWork } from "../../src/intake/index.js";
import { rebuildMatchIndex } from "../../src/matching/index.js";
import { formatIaqText, formatYqText, type Iaq, ncicPlace } from "../../src/messages/index.js";
import { createStaffUser, logOn, totpCode } from "../../src/platform/auth/index.js";
import { ManualClock } from "../../src/platform/clock.js";
import { buildHttpServer } from "../../src/platform/http/index.js";
import { JobWorker } from "../../src/platform/queue/index.js";
import { seedStore } from "../../src/synthetic/seed.js";
import { openTestStore, type TestStore } from "./test-store.js";

/**
 * lesc assembled in this process over a test store, listening on a real port, with a manual
 * clock and a job worker the test drives (`drain`), so every step is exact.
 */
export interface TestLesc {
  store: TestStore;
  clock: ManualClock;
  lesc: Lesc;
  app: FastifyInstance;
  worker: JobWorker;
  url: string;
  /** Passwords and TOTP secrets of the staff users `staffToken` created. */
  credentials: Map<string, { password: string; totpSecret: string }>;
  close(): Promise<void>;
}

export async function startTestLesc(
  options: Omit<LescOptions, "store" | "clock"> & { seed?: { people: number; violators: number } } = {},
): Promise<TestLesc> {
  const store = await openTestStore();
  const clock = new ManualClock("2026-11-28T03:00:00.000Z");
  await store.transaction((tx) => syncOfficeDirectory(tx));
  if (options.seed) {
    await seedStore(store, clock, { ...options.seed, seed: "lesc-app" });
    await rebuildMatchIndex(store, clock);
  }
  const lesc = assembleLesc({ frequencyTtlMs: 0, ...options, store, clock });
  const worker = new JobWorker({
    store,
    clock,
    handlers: lesc.jobHandlers,
    onDone: () => lesc.signal.notifyAll(),
  });
  const app = await buildHttpServer({
    store,
    clock,
    routes: lesc.routes,
    access: lesc.access,
    auditAlarm: lesc.auditAlarm,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    store,
    clock,
    lesc,
    app,
    worker,
    url: `http://127.0.0.1:${port}`,
    credentials: new Map(),
    async close() {
      await app.close();
      await store.close();
      await store.destroy();
    },
  };
}

export async function addAgency(t: TestLesc, ori: string, state: string): Promise<string> {
  return (await registerAgency(t.store, t.clock, { ori, name: `Test agency ${ori}`, state })).apiKey;
}

/** Logs on as `username`, creating the user with `role` the first time; returns the bearer token. */
export async function staffToken(
  t: TestLesc,
  username: string,
  role: string,
  options: { fieldOffice?: string } = {},
): Promise<string> {
  let user = t.credentials.get(username);
  if (!user) {
    user = await createStaffUser(t.store, t.clock, { username, role, ...options });
    t.credentials.set(username, user);
  }
  const { token } = await logOn(t.store, t.clock, {
    username,
    password: user.password,
    totp: totpCode(user.totpSecret, t.clock.now()),
  });
  return token;
}

export interface IaqInput {
  ori: string;
  control?: string;
  last: string;
  first: string;
  middle?: string;
  dob: string;
  sex?: "M" | "F" | "X" | "U";
  pob?: string;
  cus?: "Y" | "N";
  off?: string;
  arn?: string;
  rem?: string;
}

/** A legacy text IAQ, written by the codec. */
export function iaqText(input: IaqInput): string {
  const iaq: Iaq = {
    header: {
      mke: "IAQ",
      ori: input.ori,
      destinations: ["AX"],
      ...(input.control === undefined ? {} : { controlField: input.control }),
    },
    pur: "C",
    atn: "DET J EXAMPLE",
    phn: "5550100000",
    nam: { last: input.last, first: input.first, ...(input.middle ? { middle: input.middle } : {}) },
    dob: input.dob,
    sex: input.sex ?? "M",
    pob: ncicPlace(input.pob ?? "MX")!,
    cus: input.cus ?? "N",
    off: input.off ?? "0399",
    ...(input.arn === undefined ? {} : { arn: input.arn }),
    ...(input.rem === undefined ? {} : { rem: input.rem }),
  };
  return formatIaqText(iaq);
}

/** An urgent first YQ (wanted person) on a record, written by the codec. */
export function yqText(input: {
  ori: string;
  nic: string;
  last: string;
  first: string;
  dob?: string;
  oca?: string;
  control?: string;
}): string {
  return formatYqText({
    header: {
      mke: "YQ",
      ori: input.ori,
      destinations: ["AX"],
      ...(input.control === undefined ? {} : { controlField: input.control }),
    },
    rty: "WP",
    rno: 1,
    pri: "U",
    oca: input.oca ?? "CASE-0001",
    nic: input.nic,
    nam: { last: input.last, first: input.first },
    ...(input.dob === undefined ? {} : { dob: input.dob }),
  });
}

/** HTTP helpers bound to one server. */
export function client(url: string) {
  const call = async (
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    contentType?: string,
    extraHeaders: Record<string, string> = {},
  ) => {
    const headers: Record<string, string> = { ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers["content-type"] = contentType ?? "application/json";
      payload = typeof body === "string" ? body : JSON.stringify(body);
    }
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on response bodies field by field
    let json: any;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text, headers: response.headers };
  };
  return {
    call,
    get: (path: string, token?: string) => call("GET", path, token),
    post: (path: string, token: string | undefined, body?: unknown, contentType?: string) =>
      call("POST", path, token, body, contentType),
    /** Sends a legacy text message to the switch. */
    nlets: (key: string | undefined, text: string, contentType = "text/plain") =>
      call("POST", "/nlets", key, text, contentType),
    /** Sends a public tip as the tip form does: a challenge, solved, in `X-Proof-Of-Work`. */
    publicTip: async (body: unknown) => {
      const { challenge, difficulty } = (await call("GET", "/api/v1/public/tips/challenge")).json;
      const nonce = await solveProofOfWork(challenge, difficulty);
      return call("POST", "/api/v1/public/tips", undefined, body, undefined, {
        [POW_HEADER]: proofOfWorkHeader(challenge, nonce),
      });
    },
    mailbox: async (key: string, wait?: number) =>
      (await call("GET", `/nlets/mailbox${wait === undefined ? "" : `?wait=${wait}`}`, key)).json
        .messages as MailboxItem[],
  };
}

export interface MailboxItem {
  id: number;
  type: string;
  inReplyTo: number | null;
  createdAt: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on message data field by field
  data: Record<string, any>;
}
