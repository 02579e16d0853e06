import type { FastifyInstance } from "fastify";
import { writeAudit } from "../platform/audit/index.js";
import { takeBackup } from "../platform/backup/index.js";
import type { HttpContext } from "../platform/http/index.js";

/**
 * `POST /api/v1/backup` (admin): a consistent archive of the running embedded store, streamed
 * as it is made (`lesc backup --url`). The request is audited before the copy is taken, so
 * the archive holds its own record. On PostgreSQL: 409 with what to use instead.
 */
export function backupRoutes(app: FastifyInstance, context: HttpContext): void {
  const { store, clock } = context;
  app.post(
    "/api/v1/backup",
    {
      schema: {
        summary: "A consistent backup of the embedded store, streamed (application/octet-stream; audited)",
        tags: ["operations"],
        security: [{ staffSession: [] }],
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const embedded = store.snapshot !== undefined;
      await store.transaction((tx) =>
        writeAudit(tx, clock, {
          component: "operations",
          eventType: "BACKUP_REQUESTED",
          outcome: embedded ? "SUCCESS" : "FAILURE",
          actorUser: staff.username,
          subject: "store",
          purpose: "backup",
          details: embedded ? {} : { reason: "PostgreSQL store: use pg_dump or pg_basebackup" },
        }),
      );
      const backup = await takeBackup(store, clock);
      const stamp = backup.manifest.createdAt.replace(/[:.]/g, "-");
      return reply
        .header("Content-Type", "application/octet-stream")
        .header("Content-Disposition", `attachment; filename="lesc-backup-${stamp}.lescbak"`)
        .send(backup.stream);
    },
  );
}
