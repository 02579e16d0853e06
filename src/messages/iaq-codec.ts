/**
 * IAQ codec: the Nlets legacy text form (NL-IAQ-TXT) and the NIEM XML form (NL-IAQ-XML) to
 * one typed Iaq, and back. Both forms go through the same field edits (iaq-fields.ts).
 */
import { ORI_PATTERN } from "../directory/index.js";
import { collectLegacyIaqFields, editIaqFields, type IaqEditOptions, iaqFieldValues } from "./iaq-fields.js";
import {
  CONTROL_FIELD_PATTERN,
  CONTROL_FIELD_RULE,
  formatLegacyHeader,
  lescDestination,
  ORI_RULE,
  parseLegacyFrame,
  splitLegacyFields,
} from "./legacy-text.js";
import { GENERIC_OFFENCE } from "./ncic-codes.js";
import { fieldReject } from "./reject.js";
import type { Iaq, NletsHeader, ParseFailure, RejectEcho } from "./types.js";
import { escapeXml, readXml, type XmlElement } from "./xml-reader.js";

export interface IaqParseOptions {
  /** Today as YYYY-MM-DD (default: the current UTC date): DOB may not be later. */
  today?: string;
  /** lesc's own 9-character ORI; when given, the destination must be `AX` or this ORI. */
  ownOri?: string;
}

export type IaqParse = { ok: true; iaq: Iaq } | ParseFailure;

function editOptions(options: IaqParseOptions): IaqEditOptions {
  return { today: options.today ?? new Date().toISOString().slice(0, 10) };
}

/** Parses a legacy text IAQ: `IAQ.ORI.AX[.*CONTROL].TXT` then `PREFIX/value.` fields. */
export function parseIaqText(text: string, options: IaqParseOptions = {}): IaqParse {
  const frame = parseLegacyFrame(text, { mke: "IAQ", ...lescDestination(options.ownOri) });
  if (!frame.ok) return frame;
  const echo = echoOf(frame.frame.header);
  const fields = splitLegacyFields(frame.frame.body);
  if (!fields.ok) return { ...fields, echo };
  const values = collectLegacyIaqFields(fields.value);
  if (!values.ok) return { ...values, echo };
  const iaq = editIaqFields(frame.frame.header, values.value, editOptions(options));
  if (!iaq.ok) return { ...iaq, echo };
  return { ok: true, iaq: iaq.value };
}

/** The legacy text of an IAQ; every field ends with a period, as NL-IAQ-TXT describes. */
export function formatIaqText(iaq: Iaq): string {
  const body = iaqFieldValues(iaq)
    .map(([prefix, value]) => `${prefix}/${value}.`)
    .join("");
  return `${formatLegacyHeader(iaq.header)}\n${body}`;
}

function echoOf(header: NletsHeader): RejectEcho {
  const echo: RejectEcho = { ori: header.ori };
  if (header.controlField !== undefined) echo.controlField = header.controlField;
  return echo;
}

// ---------------------------------------------------------------------------------------------
// NIEM XML. The header and the payload containers are those of the reference (§3.2, §4); the
// person's identifiers, birthplace and remarks are lesc's choice of NIEM 2.0 elements [I].

export const NAMESPACES = {
  n2: "http://www.nlets.org/niem/1.0",
  nh2: "http://www.nlets.org/niem/nlets-hdr/1.0",
  nc: "http://niem.gov/niem/niem-core/2.0",
  j4: "http://niem.gov/niem/domains/jxdm/4.0",
} as const;

/** Either Justice domain version senders use with NIEM 2.0 core. */
const J4_NAMESPACES: ReadonlySet<string> = new Set([NAMESPACES.j4, "http://niem.gov/niem/domains/jxdm/4.1"]);

/**
 * Where each value sits. `key` is the NLETS field the leaf carries (`header.*` for header
 * parts, `NAM.*` for name parts, null for header elements lesc reads past); `max` is how
 * often the element may appear (default once).
 */
interface Shape {
  ns: keyof typeof NAMESPACES;
  local: string;
  key?: string | null;
  max?: number;
  children?: Shape[];
}

const id = (key: string): Shape[] => [{ ns: "nc", local: "IdentificationID", key }];

const IAQ_SHAPE: Shape = {
  ns: "n2",
  local: "NLETS",
  children: [
    {
      ns: "n2",
      local: "NLETSMessageHeader",
      children: [
        { ns: "nh2", local: "MessageKeyCodeText", key: "header.MKE" },
        { ns: "nh2", local: "OriginatingORIID", key: "header.ORI" },
        { ns: "nh2", local: "DestinationORIID", key: "header.DEST", max: 3 },
        { ns: "nh2", local: "DocumentControlFieldText", key: "header.controlField" },
        // Nlets stamps these on delivery; they carry nothing lesc edits.
        { ns: "nh2", local: "MessageReceiveDate", key: null },
        { ns: "nh2", local: "MessageReceiveTime", key: null },
        { ns: "nh2", local: "MessageSendDate", key: null },
        { ns: "nh2", local: "MessageSendTime", key: null },
        { ns: "nh2", local: "ReceiveMessageNumeric", key: null },
        { ns: "nh2", local: "SendMessageNumeric", key: null },
      ],
    },
    {
      ns: "n2",
      local: "NLETSInquiryData",
      children: [
        { ns: "n2", local: "PurposeCode", key: "PUR" },
        { ns: "n2", local: "ResponseAttentionDescriptionText", key: "ATN" },
        {
          ns: "nc",
          local: "ContactInformation",
          children: [
            {
              ns: "nc",
              local: "ContactTelephoneNumber",
              children: [
                {
                  ns: "nc",
                  local: "FullTelephoneNumber",
                  children: [{ ns: "nc", local: "TelephoneNumberFullID", key: "PHN" }],
                },
              ],
            },
          ],
        },
        {
          ns: "n2",
          local: "Person",
          children: [
            {
              ns: "nc",
              local: "PersonName",
              children: [
                { ns: "nc", local: "PersonGivenName", key: "NAM.first" },
                { ns: "nc", local: "PersonMiddleName", key: "NAM.middle" },
                { ns: "nc", local: "PersonSurName", key: "NAM.last" },
              ],
            },
            { ns: "nc", local: "PersonBirthDate", children: [{ ns: "nc", local: "Date", key: "DOB" }] },
            { ns: "nc", local: "PersonSexCode", key: "SEX" },
            { ns: "j4", local: "PersonBirthPlaceCode", key: "POB" },
            { ns: "j4", local: "PersonAlienRegistrationIdentification", children: id("ARN") },
            { ns: "j4", local: "PersonFBIIdentification", children: id("FBI") },
            { ns: "j4", local: "PersonStateFingerprintIdentification", children: id("SID") },
            {
              ns: "j4",
              local: "PersonDriverLicense",
              children: [
                {
                  ns: "j4",
                  local: "DriverLicenseIdentification",
                  children: [
                    { ns: "nc", local: "IdentificationID", key: "OLN" },
                    { ns: "nc", local: "IdentificationJurisdictionNCICLSTACode", key: "OLS" },
                  ],
                },
              ],
            },
            { ns: "nc", local: "PersonSSNIdentification", children: id("SOC") },
            { ns: "nc", local: "PersonOtherIdentification", children: id("MNU") },
          ],
        },
        { ns: "j4", local: "ChargeNCICCode", key: "OFF" },
        { ns: "nc", local: "Status", children: [{ ns: "nc", local: "StatusText", key: "CUS" }] },
        { ns: "nc", local: "CommentText", key: "REM" },
      ],
    },
  ],
};

function matches(shape: Shape, element: XmlElement): boolean {
  if (element.local !== shape.local) return false;
  return shape.ns === "j4" ? J4_NAMESPACES.has(element.ns) : element.ns === NAMESPACES[shape.ns];
}

/** Collects the leaf values of a document that has exactly the IAQ shape. */
function collectXmlValues(root: XmlElement): { ok: true; values: Map<string, string[]> } | ParseFailure {
  const values = new Map<string, string[]>();
  const refuse = (field: string, rule: string): ParseFailure => ({
    ok: false,
    reject: fieldReject(field, rule),
    echo: {},
  });
  if (!matches(IAQ_SHAPE, root)) return refuse("xml", "the root element must be n2:NLETS");
  const walk = (element: XmlElement, shape: Shape): ParseFailure | undefined => {
    if (shape.children === undefined) {
      if (element.children.length > 0) {
        return refuse(shape.key ?? `xml.${element.name}`, `${element.name} must hold text only`);
      }
      if (shape.key) values.set(shape.key, [...(values.get(shape.key) ?? []), element.text]);
      return undefined;
    }
    if (element.text.trim() !== "") return refuse(`xml.${element.name}`, "must hold elements, not text");
    const seen = new Map<Shape, number>();
    for (const child of element.children) {
      const childShape = shape.children.find((s) => matches(s, child));
      if (childShape === undefined) {
        return refuse(`xml.${child.name}`, `is not an element of ${element.name} in an IAQ`);
      }
      const count = (seen.get(childShape) ?? 0) + 1;
      if (count > (childShape.max ?? 1)) {
        return refuse(
          childShape.key ?? `xml.${child.name}`,
          `${child.name} appears more than ${childShape.max ?? 1} time(s)`,
        );
      }
      seen.set(childShape, count);
      const failed = walk(child, childShape);
      if (failed) return failed;
    }
    return undefined;
  };
  const failed = walk(root, IAQ_SHAPE);
  return failed ?? { ok: true, values };
}

/**
 * Parses a NIEM IAQ (`n2:NLETS` with `n2:NLETSMessageHeader` and `n2:NLETSInquiryData`). Any
 * DOCTYPE or ENTITY declaration is refused outright; the document may be at most 64 KiB.
 */
export function parseIaqXml(xml: string, options: IaqParseOptions = {}): IaqParse {
  const read = readXml(xml);
  if (!read.ok) return { ...read, echo: {} };
  const collected = collectXmlValues(read.value);
  if (!collected.ok) return collected;
  const one = (key: string): string | undefined => collected.values.get(key)?.[0]?.trim();

  const echo: RejectEcho = {};
  const refuse = (field: string, rule: string): ParseFailure => ({
    ok: false,
    reject: fieldReject(field, rule),
    echo,
  });
  if (one("header.MKE") !== "IAQ") return refuse("header.MKE", "must be IAQ");
  const ori = one("header.ORI");
  if (ori === undefined || !ORI_PATTERN.test(ori)) return refuse("header.ORI", ORI_RULE);
  echo.ori = ori;
  const rules = lescDestination(options.ownOri);
  const destinations = (collected.values.get("header.DEST") ?? []).map((d) => d.trim());
  if (destinations.length === 0) return refuse("header.DEST", `required; ${rules.destinationRule}`);
  for (const dest of destinations) {
    if (!(ORI_PATTERN.test(dest) || /^[A-Z]{2}$/.test(dest)) || !rules.destination(dest)) {
      return refuse("header.DEST", rules.destinationRule);
    }
  }
  const header: NletsHeader<"IAQ"> = { mke: "IAQ", ori, destinations };
  const control = one("header.controlField");
  if (control !== undefined) {
    if (!CONTROL_FIELD_PATTERN.test(control)) return refuse("header.controlField", CONTROL_FIELD_RULE);
    header.controlField = control;
    echo.controlField = control;
  }

  const fields = new Map<string, string>();
  for (const [key, [value]] of collected.values) {
    if (!key.includes(".") && value !== undefined) fields.set(key, value);
  }
  const last = one("NAM.last");
  const first = one("NAM.first");
  const middle = one("NAM.middle");
  if (last !== undefined || first !== undefined || middle !== undefined) {
    if (!last || !first) return refuse("NAM", "needs both nc:PersonSurName and nc:PersonGivenName");
    fields.set("NAM", `${last}, ${first}${middle ? ` ${middle}` : ""}`);
  }
  // NIEM carries the date as xs:date; the edits take the legacy ccyymmdd.
  const dob = fields.get("DOB")?.trim();
  if (dob !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(dob)) fields.set("DOB", dob.replace(/-/g, ""));
  // NL-IAQ-XML: j4:ChargeNCICCode defaults to 0399 when the charge is not given.
  if (!fields.has("OFF")) fields.set("OFF", GENERIC_OFFENCE);

  const iaq = editIaqFields(header, fields, editOptions(options));
  if (!iaq.ok) return { ...iaq, echo };
  return { ok: true, iaq: iaq.value };
}

/** The NIEM XML of an IAQ, in the layout parseIaqXml reads. */
export function formatIaqXml(iaq: Iaq): string {
  const lines: string[] = [];
  const leaf = (indent: number, name: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`${"  ".repeat(indent)}<${name}>${escapeXml(value)}</${name}>`);
  };
  const open = (indent: number, name: string) => lines.push(`${"  ".repeat(indent)}<${name}>`);
  const close = (indent: number, name: string) => lines.push(`${"  ".repeat(indent)}</${name}>`);
  const identification = (indent: number, name: string, value: string | undefined) => {
    if (value === undefined) return;
    open(indent, name);
    leaf(indent + 1, "nc:IdentificationID", value);
    close(indent, name);
  };

  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  const xmlns = Object.entries(NAMESPACES)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(" ");
  lines.push(`<n2:NLETS n2:version="4.00" ${xmlns}>`);
  open(1, "n2:NLETSMessageHeader");
  leaf(2, "nh2:MessageKeyCodeText", iaq.header.mke);
  leaf(2, "nh2:OriginatingORIID", iaq.header.ori);
  for (const dest of iaq.header.destinations) leaf(2, "nh2:DestinationORIID", dest);
  leaf(2, "nh2:DocumentControlFieldText", iaq.header.controlField);
  close(1, "n2:NLETSMessageHeader");
  open(1, "n2:NLETSInquiryData");
  leaf(2, "n2:PurposeCode", iaq.pur);
  leaf(2, "n2:ResponseAttentionDescriptionText", iaq.atn);
  open(2, "nc:ContactInformation");
  open(3, "nc:ContactTelephoneNumber");
  open(4, "nc:FullTelephoneNumber");
  leaf(5, "nc:TelephoneNumberFullID", iaq.phn);
  close(4, "nc:FullTelephoneNumber");
  close(3, "nc:ContactTelephoneNumber");
  close(2, "nc:ContactInformation");
  open(2, "n2:Person");
  open(3, "nc:PersonName");
  leaf(4, "nc:PersonGivenName", iaq.nam.first);
  leaf(4, "nc:PersonMiddleName", iaq.nam.middle);
  leaf(4, "nc:PersonSurName", iaq.nam.last);
  close(3, "nc:PersonName");
  open(3, "nc:PersonBirthDate");
  leaf(4, "nc:Date", iaq.dob);
  close(3, "nc:PersonBirthDate");
  leaf(3, "nc:PersonSexCode", iaq.sex);
  leaf(3, "j4:PersonBirthPlaceCode", iaq.pob.ncic);
  identification(3, "j4:PersonAlienRegistrationIdentification", iaq.arn);
  identification(3, "j4:PersonFBIIdentification", iaq.fbi);
  identification(3, "j4:PersonStateFingerprintIdentification", iaq.sid);
  if (iaq.oln !== undefined && iaq.ols !== undefined) {
    open(3, "j4:PersonDriverLicense");
    open(4, "j4:DriverLicenseIdentification");
    leaf(5, "nc:IdentificationID", iaq.oln);
    leaf(5, "nc:IdentificationJurisdictionNCICLSTACode", iaq.ols.ncic);
    close(4, "j4:DriverLicenseIdentification");
    close(3, "j4:PersonDriverLicense");
  }
  identification(3, "nc:PersonSSNIdentification", iaq.soc);
  identification(3, "nc:PersonOtherIdentification", iaq.mnu);
  close(2, "n2:Person");
  leaf(2, "j4:ChargeNCICCode", iaq.off);
  open(2, "nc:Status");
  leaf(3, "nc:StatusText", iaq.cus);
  close(2, "nc:Status");
  leaf(2, "nc:CommentText", iaq.rem);
  close(1, "n2:NLETSInquiryData");
  lines.push("</n2:NLETS>");
  return `${lines.join("\n")}\n`;
}
