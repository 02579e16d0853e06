/**
 * A small, strict XML reader for NIEM messages: well-formed UTF-8 XML with namespaces, nothing
 * more. Entity expansion is off: a DOCTYPE or ENTITY declaration is refused before any parsing,
 * and only the five predefined entities and character references are decoded, so a
 * billion-laughs or external-entity document can never expand or fetch anything.
 */
import { fail, hasControlCharacters, type Step } from "./legacy-text.js";

/** Largest XML message accepted, in bytes. */
export const MAX_XML_BYTES = 64 * 1024;
/** NIEM IAQs nest about six deep; a deeper document is not one. */
const MAX_DEPTH = 32;

export interface XmlElement {
  /** Namespace URI ("" when none is in scope). */
  ns: string;
  local: string;
  /** The qualified name as written, for messages. */
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (text and CDATA). */
  text: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?/;
const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

interface Open {
  element: XmlElement;
  scope: Map<string, string>;
}

/** Reads one XML document into its root element, or a reject naming what was wrong. */
export function readXml(xml: string): Step<XmlElement> {
  if (Buffer.byteLength(xml, "utf8") > MAX_XML_BYTES)
    return fail("xml", `must be at most ${MAX_XML_BYTES} bytes`);
  // Refused outright, before parsing: no DTD means no entity can be declared, so none expands.
  if (/<!DOCTYPE/i.test(xml))
    return fail("xml.DOCTYPE", "DOCTYPE declarations are not accepted (entity expansion is off)");
  if (/<!ENTITY/i.test(xml))
    return fail("xml.ENTITY", "ENTITY declarations are not accepted (entity expansion is off)");
  // XML 1.0 Char production: no control characters besides tab and line breaks, no lone surrogates.
  if (
    hasControlCharacters(xml.replace(/\x7f/g, ""), "\t\n\r") ||
    hasLoneSurrogate(xml) ||
    /[\ufffe\uffff]/.test(xml)
  ) {
    return fail("xml", "contains characters XML does not allow");
  }

  let at = xml.startsWith("\ufeff") ? 1 : 0;
  const declaration = /^<\?xml\s[^?]*\?>/.exec(xml.slice(at));
  if (declaration) {
    const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(declaration[0])?.[1];
    if (encoding !== undefined && encoding.toUpperCase() !== "UTF-8")
      return fail("xml", "must be encoded as UTF-8");
    at += declaration[0].length;
  }

  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const rootScope = new Map<string, string>([["xml", XML_NAMESPACE]]);

  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > at) {
      const decoded = decodeText(xml.slice(at, textEnd));
      if (!decoded.ok) return decoded;
      const top = stack[stack.length - 1];
      if (top) top.element.text += decoded.value;
      else if (decoded.value.trim() !== "") return fail("xml", "text outside the root element");
      at = textEnd;
      continue;
    }
    if (xml.startsWith("<!--", at)) {
      const end = xml.indexOf("-->", at + 4);
      if (end === -1) return fail("xml", "unterminated comment");
      at = end + 3;
    } else if (xml.startsWith("<![CDATA[", at)) {
      const end = xml.indexOf("]]>", at + 9);
      if (end === -1) return fail("xml", "unterminated CDATA section");
      const top = stack[stack.length - 1];
      if (!top) return fail("xml", "CDATA outside the root element");
      top.element.text += xml.slice(at + 9, end);
      at = end + 3;
    } else if (xml.startsWith("<!", at)) {
      return fail("xml", "markup declarations are not accepted");
    } else if (xml.startsWith("<?", at)) {
      const end = xml.indexOf("?>", at + 2);
      if (end === -1) return fail("xml", "unterminated processing instruction");
      if (/^<\?xml[\s?]/i.test(xml.slice(at, at + 6)))
        return fail("xml", "the XML declaration must come first");
      at = end + 2;
    } else if (xml.startsWith("</", at)) {
      const name = NAME.exec(xml.slice(at + 2, at + 258))?.[0];
      const close =
        name === undefined
          ? undefined
          : /^\s{0,64}>/.exec(xml.slice(at + 2 + name.length, at + 256 + name.length));
      if (name === undefined || !close) return fail("xml", "malformed end tag");
      const top = stack.pop();
      if (!top || top.element.name !== name)
        return fail("xml", `end tag </${name}> does not match the open element`);
      at += 2 + name.length + close[0].length;
    } else {
      const tag = readStartTag(xml, at);
      if (!tag.ok) return tag;
      const parent = stack[stack.length - 1];
      if (!parent && root) return fail("xml", "more than one root element");
      if (stack.length >= MAX_DEPTH) return fail("xml", `nested more than ${MAX_DEPTH} elements deep`);
      const scope = new Map(parent?.scope ?? rootScope);
      for (const [attr, value] of tag.value.attributes) {
        if (attr === "xmlns") scope.set("", value);
        else if (attr.startsWith("xmlns:")) scope.set(attr.slice(6), value);
      }
      const colon = tag.value.name.indexOf(":");
      const prefix = colon === -1 ? "" : tag.value.name.slice(0, colon);
      const ns = scope.get(prefix);
      if (ns === undefined && prefix !== "") return fail("xml", `namespace prefix ${prefix} is not declared`);
      const element: XmlElement = {
        ns: ns ?? "",
        local: tag.value.name.slice(colon + 1),
        name: tag.value.name,
        attributes: tag.value.attributes,
        children: [],
        text: "",
      };
      if (parent) parent.element.children.push(element);
      else root = element;
      if (!tag.value.selfClosing) stack.push({ element, scope });
      at = tag.value.end;
    }
  }
  if (stack.length > 0) return fail("xml", `element ${stack[stack.length - 1]!.element.name} is not closed`);
  if (!root) return fail("xml", "no root element");
  return { ok: true, value: root };
}

interface StartTag {
  name: string;
  attributes: Map<string, string>;
  selfClosing: boolean;
  end: number;
}

function readStartTag(xml: string, start: number): Step<StartTag> {
  let at = start + 1;
  const name = NAME.exec(xml.slice(at, at + 256))?.[0];
  if (name === undefined) return fail("xml", "malformed start tag");
  at += name.length;
  const attributes = new Map<string, string>();
  for (;;) {
    const space = /^\s*/.exec(xml.slice(at, at + 1024))![0].length;
    at += space;
    if (xml.startsWith("/>", at))
      return { ok: true, value: { name, attributes, selfClosing: true, end: at + 2 } };
    if (xml.startsWith(">", at))
      return { ok: true, value: { name, attributes, selfClosing: false, end: at + 1 } };
    if (space === 0) return fail("xml", `malformed start tag <${name}>`);
    const attr = NAME.exec(xml.slice(at, at + 256))?.[0];
    if (attr === undefined) return fail("xml", `malformed attribute in <${name}>`);
    at += attr.length;
    const eq = /^\s*=\s*(["'])/.exec(xml.slice(at, at + 1024));
    if (!eq) return fail("xml", `attribute ${attr} in <${name}> has no quoted value`);
    at += eq[0].length;
    const close = xml.indexOf(eq[1]!, at);
    if (close === -1) return fail("xml", `attribute ${attr} in <${name}> is not closed`);
    const rawValue = xml.slice(at, close);
    if (rawValue.includes("<")) return fail("xml", `attribute ${attr} in <${name}> contains <`);
    const value = decodeText(rawValue);
    if (!value.ok) return value;
    if (attributes.has(attr)) return fail("xml", `attribute ${attr} appears twice in <${name}>`);
    attributes.set(attr, value.value);
    at = close + 1;
  }
}

/** Decodes the predefined entities and character references; any other entity is refused. */
function decodeText(raw: string): Step<string> {
  if (raw.includes("]]>")) return fail("xml", "]]> is not allowed in text");
  let out = "";
  let at = 0;
  for (;;) {
    const amp = raw.indexOf("&", at);
    if (amp === -1) return { ok: true, value: out + raw.slice(at) };
    out += raw.slice(at, amp);
    const semi = raw.indexOf(";", amp);
    const ref = semi === -1 ? "" : raw.slice(amp + 1, semi);
    const predefined = PREDEFINED[ref];
    if (predefined !== undefined) {
      out += predefined;
    } else if (/^#[0-9]{1,7}$/.test(ref) || /^#x[0-9A-Fa-f]{1,6}$/.test(ref)) {
      const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (!isXmlChar(code)) return fail("xml", `character reference &${ref}; is not an XML character`);
      out += String.fromCodePoint(code);
    } else {
      return fail(
        "xml",
        "entity references other than &lt; &gt; &amp; &quot; &apos; are not accepted (entity expansion is off)",
      );
    }
    at = semi + 1;
  }
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return true;
    }
  }
  return false;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Escapes text for element content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
