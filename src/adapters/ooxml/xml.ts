/**
 * Streaming XML over saxes, namespace-aware: parts are matched by namespace URI, never by
 * prefix (the Open XML SDK writes `x:`). Positions are UTF-16 offsets into the part's text,
 * so the sheet can be spliced without rebuilding it.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { WorkbookError } from '../../core';
import { LIMITS } from './limits';

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  pkgRels: 'http://schemas.openxmlformats.org/package/2006/relationships',
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
  strictMain: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
  strictRel: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
} as const;

/** A Strict Open XML namespace as the transitional one it stands for (the port matches transitional URIs), else as it is. */
export function transitionalUri(uri: string): string {
  return uri === NS.strictMain ? NS.main : uri === NS.strictRel ? NS.rel : uri;
}

const STRICT_REL_TYPES = 'http://purl.oclc.org/ooxml/officeDocument/relationships/';
const TRANSITIONAL_REL_TYPES = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

/** A Strict relationship type as its transitional twin (`…/purl.oclc.org/…/worksheet` → `…/2006/relationships/worksheet`). */
export function transitionalRelType(type: string): string {
  return type.startsWith(STRICT_REL_TYPES) ? TRANSITIONAL_REL_TYPES + type.slice(STRICT_REL_TYPES.length) : type;
}

/** The inverse, for relationships the port adds to a Strict package. */
export function strictRelType(type: string): string {
  return type.startsWith(TRANSITIONAL_REL_TYPES) ? STRICT_REL_TYPES + type.slice(TRANSITIONAL_REL_TYPES.length) : type;
}

export const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  strictOfficeDocument: 'http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument',
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  sharedStrings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
  styles: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
  calcChain: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain',
  table: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table',
} as const;

export type Tag = SaxesTagNS;

export interface XmlHandlers {
  /** `end` is the offset just after the start tag's `>`. */
  open?(tag: Tag, end: number): void;
  /** `end` is the offset just after the end tag (for `<a/>`, the same as the start tag's). */
  close?(tag: Tag, end: number): void;
  text?(text: string): void;
}

/** Parses a whole part. Malformed XML is refused naming the part. */
export function parseXml(text: string, part: string, h: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: Error | null = null;
  parser.on('error', (err) => {
    failure ??= err;
  });
  // OOXML parts carry no DTD; one is refused rather than read (no entity tricks).
  parser.on('doctype', () => {
    failure ??= new Error('DTD');
  });
  // Nesting is counted as the part is read: 100 000 levels took saxes over a minute.
  let depth = 0;
  const open = h.open;
  parser.on('opentag', (tag) => {
    if (++depth > LIMITS.depth) throw tooDeep(part);
    strictAsTransitional(tag);
    open?.(tag, parser.position);
  });
  const close = h.close;
  parser.on('closetag', (tag) => {
    depth--;
    close?.(tag, parser.position);
  });
  if (h.text) {
    const onText = h.text;
    parser.on('text', onText);
    parser.on('cdata', onText);
  }
  try {
    parser.write(text).close();
  } catch (err) {
    // A handler's own refusal says more than "not valid XML".
    if (err instanceof WorkbookError) throw err;
    failure ??= err instanceof Error ? err : new Error(String(err));
  }
  if (failure) throw new WorkbookError(`Delen ${part} i arbetsboken är inte giltig XML och kan inte läsas.`);
}

/** A Strict part's element and attributes read under the transitional namespaces: the same parts, by other names. */
function strictAsTransitional(tag: Tag): void {
  if (tag.uri === NS.strictMain) tag.uri = NS.main;
  for (const key in tag.attributes) {
    const a = tag.attributes[key];
    if (a.uri === NS.strictRel) a.uri = NS.rel;
  }
}

/** The refusal of a part nested deeper than LIMITS.depth. */
export function tooDeep(part: string): WorkbookError {
  return new WorkbookError(`Delen ${part} i arbetsboken har element inuti varandra i fler än ${LIMITS.depth} nivåer; arbetsboken läses inte.`);
}

/** A plain (un-namespaced) attribute, or one in namespace `uri`. */
export function attr(tag: Tag, local: string, uri = ''): string | undefined {
  for (const key in tag.attributes) {
    const a = tag.attributes[key];
    if (a.local === local && a.uri === uri) return a.value;
  }
  return undefined;
}

/** Where a start tag begins, given where it ends (`<` cannot occur inside attribute values). */
export function tagStart(text: string, end: number): number {
  return text.lastIndexOf('<', end - 1);
}

/** Escapes text for element content: `&`, `<`, `>` (and `\r`, which XML would turn into `\n`). */
export function escapeText(s: string): string {
  if (!/[&<>\r]/u.test(s)) return s;
  return s.replace(/[&<>\r]/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value (quotes, and white space XML would normalise). */
export function escapeAttr(s: string): string {
  return s.replace(/[&<>"'\t\n\r]/gu, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Excel's `_xHHHH_` escapes in cell text: decoded as Excel reads them. `_x005F_` stands for
 * the underscore, so `_x005F_x0041_` reads as the literal `_x0041_`.
 */
export function decodeExcelEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/gu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The inverse for text the tool writes: a literal `_xHHHH_` in the text must not be decoded by Excel. */
export function encodeExcelEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_(?=x[0-9A-Fa-f]{4}_)/gu, '_x005F_');
}

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** A part's bytes as text. UTF-16 parts (allowed, never written by Excel) are refused. */
export function decodePart(bytes: Uint8Array, part: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new WorkbookError(`Delen ${part} i arbetsboken är sparad som UTF-16, vilket verktyget inte kan skriva tillbaka.`);
  }
  return utf8Decoder.decode(bytes);
}

export function encodePart(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}
