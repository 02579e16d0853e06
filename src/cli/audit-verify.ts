import { verifyAuditChain, writeAudit } from "../platform/audit/index.js";
import { systemClock } from "../platform/clock.js";
import { openCommandStore, parseCommandArgs, printJson, STORE_FLAGS } from "./args.js";

/** `lesc audit verify`: walks the hash chain; exit 1 naming the first bad entry. */
export async function auditVerifyCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("audit verify", argv, { ...STORE_FLAGS });
  const store = await openCommandStore("audit verify", values);
  try {
    const result = await verifyAuditChain(store.db);
    if (!result.ok) {
      printJson(result);
      process.stderr.write(`lesc audit verify: entry ${result.firstBad.seq}: ${result.firstBad.reason}\n`);
      return 1;
    }
    // Reading the audit log is itself audited (CJIS 5.4.1.1); recorded after the check so
    // the reported count is what was verified.
    await store.transaction((tx) =>
      writeAudit(tx, systemClock, {
        component: "audit",
        eventType: "AUDIT_VERIFIED",
        outcome: "SUCCESS",
        actorUser: "cli",
        subject: "audit_log",
        purpose: "integrity check",
        details: { entries: result.entries },
      }),
    );
    printJson(result);
    return 0;
  } finally {
    await store.close();
  }
}
