import type { Reject } from "./types.js";

/**
 * A reject naming the field and the rule. The legacy text is what an Nlets terminal shows:
 * upper-case ASCII on one line, naming the field as the operator typed it (`DOB/`), never
 * echoing the value (it may be personal data).
 */
export function fieldReject(field: string, rule: string): Reject {
  return { field, rule, text: `REJECT - ${legacyFieldLabel(field)} - ${legacyWords(rule)}` };
}

function legacyFieldLabel(field: string): string {
  if (/^[A-Z]{3}$/.test(field)) return `${field}/`;
  if (field.startsWith("header.")) return `HEADER ${field.slice("header.".length).toUpperCase()}`;
  return field.toUpperCase();
}

function legacyWords(rule: string): string {
  return rule
    .replace(/[–—]/g, "-")
    .replace(/[^\x20-\x7e]/g, "")
    .toUpperCase();
}
