import { ROLES, type Role } from "./platform/auth/index.js";
import type { AccessRule } from "./platform/http/index.js";

/**
 * Who may call what: the one role × route matrix of lesc. The HTTP server refuses to start
 * with a route missing from it, and checks it before a request body is even read. Agency
 * routes authenticate the agency's API key instead (the switch); public routes take anyone.
 * docs/access.md is written from this table (`npm run docs:access`) and a test keeps it so.
 */
const PUBLIC: AccessRule = { kind: "public" };
const AGENCY: AccessRule = { kind: "agency" };
const staff = (...roles: Role[]): AccessRule => ({ kind: "staff", roles });

const DESK = staff("technician", "agent", "supervisor");
const RESEARCHERS = staff("technician", "agent");
/** IPR intake is worked by the tip line's operators under their supervisor; agents and analysts read. */
const IPR_INTAKE = staff("tip_operator", "supervisor");
const IPR_DESK = staff("tip_operator", "supervisor", "agent", "analyst");

export const ACCESS_MATRIX: Readonly<Record<string, AccessRule>> = {
  "GET /api/v1/use-notice": PUBLIC,
  "POST /api/v1/session": PUBLIC,
  "GET /api/v1/session": staff(...ROLES),
  "DELETE /api/v1/session": staff(...ROLES),

  "POST /nlets": AGENCY,
  "GET /nlets/mailbox": AGENCY,
  "POST /nlets/mailbox/ack": AGENCY,

  "GET /api/v1/queue": DESK,
  "GET /api/v1/inquiries/:id": DESK,
  "POST /api/v1/inquiries/:id/claim": RESEARCHERS,
  "POST /api/v1/inquiries/:id/release": DESK,
  "POST /api/v1/inquiries/:id/response": RESEARCHERS,
  "POST /api/v1/inquiries/:id/enhanced": DESK,
  "POST /api/v1/inquiries/:id/contacts": RESEARCHERS,
  "POST /api/v1/search": DESK,
  "GET /api/v1/response-templates": DESK,
  "GET /api/v1/alerts/inquiries": DESK,

  "GET /api/v1/hits": DESK,
  "GET /api/v1/hits/:id": DESK,
  "POST /api/v1/hits/:id/response": RESEARCHERS,
  "GET /api/v1/alerts/hits": DESK,

  "GET /api/v1/events": DESK,

  "POST /api/v1/violators": staff("records"),
  "GET /api/v1/violators/validation-due": staff("records", "supervisor"),
  "POST /api/v1/violators/search": staff("records", "technician", "agent", "supervisor"),
  "GET /api/v1/violators/:id": staff("records", "technician", "agent", "supervisor"),
  "POST /api/v1/violators/:id/check": staff("records", "supervisor"),
  "PATCH /api/v1/violators/:id": staff("records"),
  "POST /api/v1/violators/:id/cancel": staff("records"),
  "POST /api/v1/violators/:id/clear": staff("records"),
  "POST /api/v1/violators/:id/locate": staff("records"),
  "POST /api/v1/violators/:id/validate": staff("records"),

  "POST /api/v1/detainers": staff("agent"),
  "GET /api/v1/detainers": staff("agent", "supervisor"),
  "GET /api/v1/detainers/:id": staff("agent", "supervisor"),
  "POST /api/v1/detainers/:id/status": staff("agent"),

  "GET /api/v1/stats": staff("supervisor", "auditor", "admin"),

  "GET /api/v1/agencies": staff("admin", "supervisor", "technician", "agent"),
  "POST /api/v1/agencies": staff("admin"),
  "GET /api/v1/agencies/:ori/keys": staff("admin"),
  "POST /api/v1/agencies/:ori/keys": staff("admin"),
  "DELETE /api/v1/agencies/:ori/keys/:keyId": staff("admin"),
  "GET /api/v1/field-offices": staff(...ROLES),

  "GET /api/v1/public/tips/challenge": PUBLIC,
  "POST /api/v1/backup": staff("admin"),

  "POST /api/v1/public/tips": PUBLIC,
  "GET /api/v1/public/tips/:receipt": PUBLIC,
  "POST /api/v1/public/tips/:receipt/messages": PUBLIC,
  "POST /api/v1/tips": staff("tip_operator"),
  "GET /api/v1/tips": staff("tip_operator", "supervisor", "agent", "analyst"),
  "GET /api/v1/tips/:id": staff("tip_operator", "supervisor", "agent", "analyst"),
  "POST /api/v1/tips/:id/replies": staff("tip_operator", "supervisor"),
  "POST /api/v1/tips/:id/junk": staff("tip_operator", "supervisor"),
  "POST /api/v1/tips/:id/referrals/close": staff("tip_operator", "supervisor", "agent"),
  "GET /api/v1/alerts/tips": staff("tip_operator", "supervisor"),
  "GET /api/v1/alerts/audit": staff("auditor", "admin", "supervisor"),

  "POST /api/v1/public/ipr-allegations": PUBLIC,
  "GET /api/v1/public/ipr-allegations/:receipt": PUBLIC,
  "POST /api/v1/public/ipr-allegations/:receipt/messages": PUBLIC,
  "POST /api/v1/public/ipr-allegations/:receipt/evidence": PUBLIC,
  "POST /api/v1/ipr/allegations": IPR_INTAKE,
  "POST /api/v1/ipr/emails": IPR_INTAKE,
  "GET /api/v1/ipr/allegations": IPR_DESK,
  "GET /api/v1/ipr/allegations/:id": IPR_DESK,
  "POST /api/v1/ipr/allegations/:id/owner": IPR_INTAKE,
  "POST /api/v1/ipr/allegations/:id/replies": IPR_INTAKE,
  "POST /api/v1/ipr/allegations/:id/close": staff("tip_operator", "supervisor", "agent"),
  "POST /api/v1/ipr/allegations/:id/junk": IPR_INTAKE,
  "GET /api/v1/ipr/evidence/:id": staff("tip_operator", "supervisor", "agent"),
  "GET /api/v1/ipr/notifications": IPR_DESK,
  "GET /api/v1/ipr/quarantine": IPR_INTAKE,

  "GET /api/v1/audit": staff("auditor"),
  "GET /api/v1/audit/export": staff("auditor"),
  "POST /api/v1/audit/reviews": staff("auditor"),
  "GET /api/v1/audit/reviews": staff("auditor", "supervisor"),

  "GET /*": PUBLIC,
};

/** The matrix as a Markdown table (docs/access.md). */
export function accessMatrixMarkdown(): string {
  const lines = [
    "# Access matrix",
    "",
    "Written from `src/access.ts` by `npm run docs:access`; a test fails when this file is stale.",
    "`agency`: an agency's (or, for mailbox reads, a field office's) API key; `public`: no log-in.",
    "A staff role not listed gets 403; no token or an expired one gets 401.",
    "",
    `| route | ${ROLES.join(" | ")} |`,
    `|---|${ROLES.map(() => ":-:").join("|")}|`,
  ];
  for (const [route, rule] of Object.entries(ACCESS_MATRIX)) {
    const cells = ROLES.map((role) => {
      if (rule.kind === "public") return "public";
      if (rule.kind === "agency") return "agency";
      return rule.roles.includes(role) ? "✔" : "";
    });
    lines.push(`| \`${route}\` | ${cells.join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}
