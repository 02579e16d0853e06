import type { IarResult } from "../messages/index.js";

/**
 * The concise responses technicians send most, as templates: the technician picks one and
 * adds what the research found. Each template fits one result, so a "no record" text never
 * goes out on a HIT.
 */
export interface ResponseTemplate {
  code: string;
  result: IarResult;
  title: string;
  text: string;
}

export const RESPONSE_TEMPLATES: readonly ResponseTemplate[] = Object.freeze([
  {
    code: "STATUS_FOUND",
    result: "HIT",
    title: "Subject identified, status found",
    text: "SUBJECT IDENTIFIED IN DHS RECORDS. LAST KNOWN IMMIGRATION STATUS AND BIOGRAPHIC DATA FOLLOW.",
  },
  {
    code: "VIOLATOR_FILE_SUBJECT",
    result: "HIT",
    title: "Subject of an Immigration Violator File record",
    text: "SUBJECT IS THE SUBJECT OF AN IMMIGRATION VIOLATOR FILE RECORD. CONFIRM ANY NCIC HIT WITH LESC BEFORE ACTING. AN ICE OFFICER WILL CONTACT YOUR AGENCY.",
  },
  {
    code: "REMOVABLE_ERO_NOTIFIED",
    result: "HIT",
    title: "Appears removable; field office notified",
    text: "SUBJECT APPEARS TO BE REMOVABLE. THE ICE FIELD OFFICE FOR YOUR AREA HAS BEEN NOTIFIED AND A DEPORTATION OFFICER WILL CONTACT YOUR AGENCY.",
  },
  {
    code: "LAWFUL_STATUS",
    result: "HIT",
    title: "Subject identified, in lawful status",
    text: "SUBJECT IDENTIFIED IN DHS RECORDS. RECORDS INDICATE LAWFUL STATUS. NO ICE INTEREST AT THIS TIME.",
  },
  {
    code: "POSSIBLE_FINGERPRINTS",
    result: "POSSIBLE",
    title: "Possible match, fingerprints needed",
    text: "POSSIBLE RECORD FOUND. IDENTITY CANNOT BE CONFIRMED ON BIOGRAPHIC DATA ALONE. SUBMIT FINGERPRINTS FOR POSITIVE IDENTIFICATION.",
  },
  {
    code: "NO_RECORD",
    result: "NO_RECORD",
    title: "No record found",
    text: "NO RECORD FOUND IN THE DHS INDICES SEARCHED ON THE INFORMATION PROVIDED. THIS DOES NOT ESTABLISH LAWFUL STATUS OR UNITED STATES CITIZENSHIP.",
  },
]);

export function findTemplate(code: string): ResponseTemplate | undefined {
  return RESPONSE_TEMPLATES.find((template) => template.code === code);
}
