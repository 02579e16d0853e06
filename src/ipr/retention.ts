import { and, eq, inArray, lt, or } from "drizzle-orm";
import { dailyPurge, parseStatusRetention } from "../intake/index.js";
import { writeAudit } from "../platform/audit/index.js";
import { type Clock, DAY } from "../platform/clock.js";
import type { Tx } from "../platform/store/store.js";
import { iprAllegation, iprEmail, iprEvidence, iprLink, iprMessage, iprNotification } from "./schema.js";

/**
 * Retention per status for IPR allegations, as for tips: an allegation closed or junked longer
 * ago than its status's days is deleted with its messages, evidence, e-mail and the links and
 * notices that name it. Open allegations are never purged; statuses not configured are kept
 * (the default keeps everything). The purge is audited by counts only.
 */
export const FINAL_IPR_STATUSES = ["CLOSED", "JUNK"] as const;
export type IprRetention = Partial<Record<(typeof FINAL_IPR_STATUSES)[number], number>>;
export const IPR_RETENTION_QUEUE = "ipr.retention";

/** `CLOSED=1825,JUNK=90` → days per status; OPEN is refused. */
export function parseIprRetention(text: string | undefined, field = "--ipr-retention"): IprRetention {
  return parseStatusRetention(text, field, FINAL_IPR_STATUSES, "allegations");
}

export async function purgeAllegations(tx: Tx, clock: Clock, retention: IprRetention) {
  const now = clock.now();
  const purged: IprRetention = {};
  const removed = { messages: 0, evidence: 0, emails: 0, links: 0, notifications: 0 };
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  for (const status of FINAL_IPR_STATUSES) {
    const days = retention[status];
    if (days === undefined) continue;
    const due = await tx
      .select({ id: iprAllegation.id })
      .from(iprAllegation)
      .where(
        and(
          eq(iprAllegation.status, status),
          lt(iprAllegation.closedAt, new Date(now.getTime() - days * DAY)),
        ),
      )
      .for("update");
    if (due.length === 0) continue;
    const ids = due.map((row) => row.id);
    removed.messages += await count(
      tx.delete(iprMessage).where(inArray(iprMessage.allegationId, ids)).returning({ id: iprMessage.id }),
    );
    removed.evidence += await count(
      tx.delete(iprEvidence).where(inArray(iprEvidence.allegationId, ids)).returning({ id: iprEvidence.id }),
    );
    removed.emails += await count(
      tx.delete(iprEmail).where(inArray(iprEmail.allegationId, ids)).returning({ id: iprEmail.id }),
    );
    removed.links += await count(
      tx
        .delete(iprLink)
        .where(or(inArray(iprLink.allegationId, ids), inArray(iprLink.linkedTo, ids)))
        .returning({ id: iprLink.id }),
    );
    removed.notifications += await count(
      tx
        .delete(iprNotification)
        .where(
          or(inArray(iprNotification.allegationId, ids), inArray(iprNotification.aboutAllegationId, ids)),
        )
        .returning({ id: iprNotification.id }),
    );
    await tx.delete(iprAllegation).where(inArray(iprAllegation.id, ids));
    purged[status] = ids.length;
  }
  if (Object.keys(purged).length > 0) {
    await writeAudit(tx, clock, {
      component: "ipr",
      eventType: "IPR_ALLEGATIONS_PURGED",
      outcome: "SUCCESS",
      actorUser: null,
      purpose: "IPR allegation retention",
      details: { purged, ...removed, retentionDays: retention },
    });
  }
  return { purged, ...removed };
}

const allegationPurge = dailyPurge(IPR_RETENTION_QUEUE, "ipr:retention", purgeAllegations);
/** Schedules the daily allegation purge for the next 05:00 UTC. */
export const scheduleIprRetention = allegationPurge.schedule;
export const iprRetentionJob = allegationPurge.job;
