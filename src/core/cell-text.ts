/**
 * Text as a workbook (or any XML 1.0 part) can hold it: one definition for the core's write plan,
 * the file port's cells, the Word export and the Logg.
 */

/** The most characters an Excel cell holds. */
export const MAX_CELL_TEXT = 32767;

// Characters XML 1.0 cannot hold: controls other than tab, new line and carriage return,
// U+FFFE/U+FFFF, lone surrogates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
/**
 * A cheap first look (no lookarounds): most texts hold none of these, and the full pattern is costly
 * on 100 000 cells. Without the u flag, on UTF-16 code units: any surrogate sends the text to the
 * full pattern, and it runs twice as fast.
 */
// eslint-disable-next-line no-control-regex -- as above
const MAYBE_NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** The text without the characters XML 1.0 cannot hold. */
export function withoutXmlInvalid(text: string): string {
  return MAYBE_NOT_IN_XML.test(text) ? text.replace(NOT_IN_XML, '') : text;
}

/** Output text as a cell can hold it: no characters a workbook file refuses, at most 32 767 characters. */
export function fitCell(text: string): string {
  const clean = withoutXmlInvalid(text);
  return clean.length <= MAX_CELL_TEXT ? clean : `${clean.slice(0, MAX_CELL_TEXT - 1)}…`;
}
