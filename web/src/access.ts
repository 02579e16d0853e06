import type { Role } from "./api";

/**
 * The console's pages and who sees them: a mirror of the server's role × route matrix
 * (src/access.ts, docs/access.md). The server decides; a 403 is still shown gracefully.
 */
export interface PageDef {
  path: string;
  label: string;
  key: string;
  roles: readonly Role[];
}

const DESK: Role[] = ["technician", "agent", "supervisor"];

export const PAGES: readonly PageDef[] = [
  { path: "/queue", label: "Research queue", key: "1", roles: DESK },
  { path: "/hits", label: "Hit board", key: "2", roles: DESK },
  { path: "/search", label: "Manual search", key: "3", roles: DESK },
  {
    path: "/violators",
    label: "Violator File",
    key: "4",
    roles: ["records", "technician", "agent", "supervisor"],
  },
  { path: "/detainers", label: "Detainers", key: "5", roles: ["agent", "supervisor"] },
  {
    path: "/directory",
    label: "Directory",
    key: "6",
    roles: ["technician", "agent", "supervisor", "records", "tip_operator", "analyst", "auditor", "admin"],
  },
  { path: "/stats", label: "Statistics", key: "7", roles: ["supervisor", "auditor", "admin"] },
  { path: "/audit", label: "Audit", key: "8", roles: ["auditor"] },
  {
    path: "/ipr",
    label: "IPR allegations",
    key: "0",
    roles: ["tip_operator", "supervisor", "agent", "analyst"],
  },
  { path: "/tips", label: "Tip line", key: "9", roles: ["tip_operator", "supervisor", "agent", "analyst"] },
];

/** Where each role lands after log-on: its main desk. */
const HOME: Partial<Record<Role, string>> = {
  records: "/violators",
  auditor: "/audit",
  admin: "/directory",
  supervisor: "/queue",
  tip_operator: "/tips",
};
export const homeFor = (role: Role) => HOME[role] ?? pagesFor(role)[0]?.path ?? "/";

export const pagesFor = (role: Role) => PAGES.filter((page) => page.roles.includes(role));
export const may = (role: Role, path: string) =>
  PAGES.some((page) => path.startsWith(page.path) && page.roles.includes(role));

/** Actions beyond reading. */
export const canResearch = (role: Role) => role === "technician" || role === "agent";
export const canEnterRecords = (role: Role) => role === "records";
export const canCheckRecords = (role: Role) => role === "records" || role === "supervisor";
export const canLodgeDetainers = (role: Role) => role === "agent";
export const canWorkIpr = (role: Role) => role === "tip_operator" || role === "supervisor";
/** The tip desk (src/access.ts): replies and junk, referral answers, phone entry. */
export const canWorkTips = (role: Role) => role === "tip_operator" || role === "supervisor";
export const canCloseReferrals = (role: Role) => canWorkTips(role) || role === "agent";
export const canEnterPhoneTips = (role: Role) => role === "tip_operator";
