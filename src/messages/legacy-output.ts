import anyAscii from "any-ascii";

/**
 * Text lesc writes into a legacy message: ASCII (transliterated), upper case as Nlets terminals
 * show it, one line, and no period inside a `PREFIX/value.` field (the period ends the field).
 */
export function legacyValue(text: string): string {
  return anyAscii(text)
    .toUpperCase()
    .replace(/[^\x20-\x7e]|\./g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** A free-text block (narrative, administrative text): ASCII, upper case, lines kept. */
export function legacyBlock(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) =>
      anyAscii(line)
        .toUpperCase()
        .replace(/[^\x20-\x7e]/g, " ")
        .trimEnd(),
    )
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}
