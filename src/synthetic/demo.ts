import fs from "node:fs";
import path from "node:path";
import { countAgencies, fieldOfficeForAgency, issueOfficeKey, registerAgency } from "../directory/index.js";
import { countStaffUsers, createStaffUser, otpauthUri, ROLES } from "../platform/auth/index.js";
import type { Clock } from "../platform/clock.js";
import type { Store } from "../platform/store/store.js";

/**
 * `lesc serve --demo`: demo agencies (fake ORIs) and one account per role, created once on an
 * empty store. Credentials are printed and, for an embedded store, kept in the data dir so a
 * restarted demo can still be logged into.
 */
export const DEMO_AGENCIES = [
  { ori: "ZZ0000001", name: "Demo County Sheriff's Office", state: "VT" },
  { ori: "ZZ0000002", name: "Demo City Police Department", state: "TX" },
  { ori: "ZZ0000003", name: "Demo State Patrol", state: "CA" },
  { ori: "ZZ0000004", name: "Demo Metro Police", state: "FL" },
  { ori: "ZZ0000005", name: "Demo Township Police", state: "IL" },
] as const;

/** The demo data set's size: the seed page's 160,000 Violator File records. */
export const DEMO_SIZE = { violators: 160_000, people: 300_000, seed: "lesc-demo" } as const;

export interface DemoCredentials {
  users: { username: string; role: string; password: string; totpSecret: string; otpauth: string }[];
  agencies: { ori: string; name: string; state: string; apiKey: string }[];
  /** Keys of the field offices covering the demo agencies, to read their IAR copies. */
  offices: { code: string; ori: string; apiKey: string }[];
}

export const DEMO_CREDENTIALS_FILE = "demo-credentials.json";

/** Creates demo agencies and users unless the store already has some; returns what it created. */
export async function createDemoAccounts(store: Store, clock: Clock): Promise<DemoCredentials | undefined> {
  if ((await countStaffUsers(store.db)) > 0 || (await countAgencies(store.db)) > 0) return undefined;
  const credentials: DemoCredentials = { users: [], agencies: [], offices: [] };
  for (const role of ROLES) {
    const username = `demo.${role.replace("_", "-")}`;
    const created = await createStaffUser(
      store,
      clock,
      { username, role },
      { user: "demo", purpose: "demo set-up" },
    );
    credentials.users.push({ ...created, otpauth: otpauthUri(created.totpSecret, username) });
  }
  for (const agency of DEMO_AGENCIES) {
    const { apiKey } = await registerAgency(store, clock, agency, { user: "demo" });
    credentials.agencies.push({ ...agency, apiKey });
    const office = await fieldOfficeForAgency(store.db, agency.ori);
    if (office && !credentials.offices.some((o) => o.code === office.code)) {
      credentials.offices.push(await issueOfficeKey(store, clock, office.code, { user: "demo" }));
    }
  }
  return credentials;
}

export function saveDemoCredentials(dataDir: string, credentials: DemoCredentials): string {
  const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function formatDemoCredentials(credentials: DemoCredentials): string {
  const lines = [
    "Demo accounts (password, TOTP secret: add it to an authenticator app, or `lesc totp SECRET`):",
  ];
  for (const user of credentials.users) {
    lines.push(`  ${user.role.padEnd(13)} ${user.username.padEnd(19)} ${user.password}  ${user.totpSecret}`);
  }
  lines.push("Demo agencies (ORI, state, API key for POST /nlets):");
  for (const agency of credentials.agencies) lines.push(`  ${agency.ori} ${agency.state} ${agency.apiKey}`);
  lines.push("Field offices (code, ORI, API key for GET /nlets/mailbox):");
  for (const office of credentials.offices)
    lines.push(`  ${office.code.padEnd(8)} ${office.ori} ${office.apiKey}`);
  return lines.join("\n");
}
