/**
 * A lean namespace-aware tag scanner for the one part that can be large: the worksheet.
 * saxes reads every other part; on a 10 000-row sheet it costs more than the rest of the
 * run, so the sheet is scanned here: tags, attributes and text by offset, namespaces by
 * URI, comments, processing instructions and CDATA skipped or passed on, and a DTD or
 * unbalanced tags refused. Attribute values and text are decoded only when asked for.
 */
import { WorkbookError } from '../../core';
import { LIMITS } from './limits';
import { NS, tooDeep, transitionalUri } from './xml';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * Known namespace URIs as the constants themselves: a tag's uri is then the very string callers
 * compare it with (`tag.uri === NS.main`, on every tag of the sheet), equal at once, not char by char.
 */
const KNOWN_URIS = new Map<string, string>(Object.values(NS).map((uri) => [uri, transitionalUri(uri)]));

export interface FastTag {
  name: string;
  prefix: string;
  local: string;
  uri: string;
  isSelfClosing: boolean;
  /** The raw attribute text of the start tag. */
  raw: string;
  /** Parsed on first use: [qualified name, decoded value]. */
  parsed: [string, string][] | null;
  /** The namespace scope this tag sees, and the one outside it. */
  scope: Scope;
  outer: Scope;
}

interface Scope {
  parent: Scope | null;
  map: Map<string, string>;
}

export interface FastHandlers {
  /**
   * A start tag. May return where to go on (a handler that read the element's content itself,
   * up to its end tag, which the scanner then reads as usual).
   */
  open?(tag: FastTag, end: number): number | void;
  close?(tag: FastTag, end: number): void;
  /** Text between tags, still encoded (decode with `decodeXmlText`). */
  text?(raw: string): void;
}

/** XML's white space: space, tab, line feed, carriage return. */
export function isXmlSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * `name="value"` pairs of a start tag's attribute text, values decoded; stops at the first thing
 * that is not one. By hand rather than a sticky pattern: every cell of the sheet has its attributes
 * read, and a match array per attribute was a good part of the scan.
 */
function parseAttrs(raw: string): [string, string][] {
  const out: [string, string][] = [];
  const n = raw.length;
  let i = 0;
  for (;;) {
    while (i < n && isXmlSpace(raw.charCodeAt(i))) i++;
    const nameStart = i;
    for (; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (isXmlSpace(c) || c === 61 || c === 47 || c === 62) break;
    }
    if (i === nameStart) break;
    const name = raw.slice(nameStart, i);
    while (i < n && isXmlSpace(raw.charCodeAt(i))) i++;
    if (raw.charCodeAt(i) !== 61) break;
    i++;
    while (i < n && isXmlSpace(raw.charCodeAt(i))) i++;
    const quote = raw.charCodeAt(i);
    if (quote !== 34 && quote !== 39) break;
    const end = raw.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (end < 0) break;
    out.push([name, decodeXmlText(raw.slice(i + 1, end))]);
    i = end + 1;
  }
  return out;
}

function resolve(scope: Scope, prefix: string): string {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const uri = s.map.get(prefix);
    if (uri !== undefined) return uri;
  }
  return prefix === 'xml' ? XML_NS : '';
}

/** An attribute by local name and namespace (plain attributes have none). */
export function fattr(tag: FastTag, local: string, uri = ''): string | undefined {
  tag.parsed ??= parseAttrs(tag.raw);
  for (const [name, value] of tag.parsed) {
    const colon = name.indexOf(':');
    if (colon < 0) {
      if (uri === '' && name === local) return value;
      continue;
    }
    if (name.slice(colon + 1) !== local || uri === '') continue;
    const prefix = name.slice(0, colon);
    if (prefix !== 'xmlns' && resolve(tag.scope, prefix) === uri) return value;
  }
  return undefined;
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/gu;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * A character reference that names no character XML allows (beyond U+10FFFF, or U+0000): thrown by
 * decodeXmlText, and given its part and cell by scanXml, which knows them.
 */
export class BadCharacterReference extends WorkbookError {
  constructor(readonly reference: string) {
    super(`Teckenreferensen ${reference} i arbetsboken är inte något tecken; arbetsboken läses inte.`);
  }
}

function codePoint(reference: string, dec: string | undefined, hex: string | undefined): string {
  const n = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
  if (!(n >= 1 && n <= 0x10ffff)) throw new BadCharacterReference(reference);
  return String.fromCodePoint(n);
}

/** Decodes the five entities and character references; line ends normalised as XML says. */
export function decodeXmlText(raw: string): string {
  let s = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/gu, '\n') : raw;
  if (s.indexOf('&') >= 0) {
    s = s.replace(ENTITY, (ref: string, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
      name ? NAMED[name] : codePoint(ref, dec, hex),
    );
  }
  return s;
}

/** The reference (`A1`) of the last cell start tag before `offset` in a sheet's text, or null outside any cell. */
export function cellRefBefore(text: string, offset: number): string | null {
  const from = Math.max(0, offset - 4096);
  const window = text.slice(from, offset + 1);
  const re = /<(?:[\w.-]+:)?c[\s/>][^>]*/gu;
  let last: string | null = null;
  for (let m = re.exec(window); m; m = re.exec(window)) last = m[0];
  if (last === null) return null;
  const r = /\sr\s*=\s*["']([^"'<>]{1,20})["']/u.exec(last);
  return r ? r[1] : null;
}

export function scanXml(text: string, part: string, h: FastHandlers): void {
  try {
    scanXmlUnchecked(text, part, h);
  } catch (err) {
    if (!(err instanceof BadCharacterReference)) throw err;
    const cell = cellRefBefore(text, text.indexOf(err.reference));
    throw new WorkbookError(
      `Delen ${part} i arbetsboken har teckenreferensen ${err.reference}${cell ? ` i cell ${cell}` : ''}, som inte är något tecken; arbetsboken läses inte.`,
    );
  }
}

function scanXmlUnchecked(text: string, part: string, h: FastHandlers): void {
  const fail = (): never => {
    throw new WorkbookError(`Delen ${part} i arbetsboken är inte giltig XML och kan inte läsas.`);
  };
  const n = text.length;
  const stack: FastTag[] = [];
  let scope: Scope = { parent: null, map: new Map() };
  let i = 0;
  let rootSeen = false;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      if (stack.length > 0 || !isSpaceOnly(text, i, n)) fail();
      break;
    }
    if (lt > i && stack.length > 0 && h.text) h.text(text.slice(i, lt));
    // Text before the root (or after it) makes the part not well-formed: readers would disagree on it.
    if (lt > i && stack.length === 0 && !isSpaceOnly(text, i, lt)) fail();
    const c = text.charCodeAt(lt + 1);
    if (c === 33) {
      // <!-- … -->, <![CDATA[ … ]]>; a DOCTYPE has no place in OOXML.
      if (text.startsWith('<!--', lt)) {
        const e = text.indexOf('-->', lt + 4);
        if (e < 0) fail();
        i = e + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const e = text.indexOf(']]>', lt + 9);
        if (e < 0 || stack.length === 0) fail();
        // CDATA is literal: encode what decodeXmlText would undo.
        if (h.text) h.text(text.slice(lt + 9, e).replace(/&/gu, '&amp;'));
        i = e + 3;
        continue;
      }
      fail();
    }
    if (c === 63) {
      const e = text.indexOf('?>', lt + 2);
      if (e < 0) fail();
      i = e + 2;
      continue;
    }
    if (c === 47) {
      const e = text.indexOf('>', lt + 2);
      if (e < 0) fail();
      const name = text.slice(lt + 2, e).trimEnd();
      const tag = stack.pop();
      if (!tag || tag.name !== name) fail();
      h.close?.(tag!, e + 1);
      // Leave the scope the tag opened.
      scope = tag!.outer;
      i = e + 1;
      continue;
    }
    let j = lt + 1;
    for (; j < n; j++) {
      const ch = text.charCodeAt(j);
      if (ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13) break;
    }
    const name = text.slice(lt + 1, j);
    if (name === '') fail();
    let k = j;
    let quote = 0;
    for (; k < n; k++) {
      const ch = text.charCodeAt(k);
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === 34 || ch === 39) quote = ch;
      else if (ch === 62) break;
      else if (ch === 60) fail();
    }
    if (k >= n) fail();
    const selfClosing = text.charCodeAt(k - 1) === 47;
    const raw = text.slice(j, selfClosing ? k - 1 : k);
    if (stack.length === 0) {
      if (rootSeen) fail();
      rootSeen = true;
    }
    const outer = scope;
    if (raw.indexOf('xmlns') >= 0) {
      const map = new Map<string, string>();
      for (const [an, av] of parseAttrs(raw)) {
        if (an === 'xmlns') map.set('', KNOWN_URIS.get(av) ?? av);
        else if (an.startsWith('xmlns:')) map.set(an.slice(6), KNOWN_URIS.get(av) ?? av);
      }
      if (map.size > 0) scope = { parent: scope, map };
    }
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const tag: FastTag = {
      name, prefix, local: colon < 0 ? name : name.slice(colon + 1), uri: resolve(scope, prefix), isSelfClosing: selfClosing, raw, parsed: null, scope, outer,
    };
    const resume = h.open?.(tag, k + 1);
    i = k + 1;
    if (selfClosing) {
      h.close?.(tag, k + 1);
      scope = outer;
    } else {
      stack.push(tag);
      if (stack.length > LIMITS.depth) throw tooDeep(part);
      if (typeof resume === 'number') i = resume;
    }
  }
  if (!rootSeen || stack.length > 0) fail();
}

function isSpaceOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isXmlSpace(text.charCodeAt(i)) && !(i === 0 && text.charCodeAt(0) === 0xfeff)) return false;
  return true;
}
