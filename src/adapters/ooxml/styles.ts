/**
 * styles.xml: read for number formats (dates, percent), appended to for the tool's cell
 * formats. Existing formats, fonts, fills and cell formats keep their numbers and their text.
 */
import { WorkbookError } from '../../core';
import { NS, attr, escapeAttr, parseXml, tagStart, type Tag } from './xml';
import { splice, type Replacement } from './splice';

/** Excel's built-in number formats that carry no locale (as ExcelJS maps them). */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
  22: 'm/d/yy "h":mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

export const TEXT_FORMAT_ID = 49;

/** A number format that shows a date or time (ExcelJS's test, so both adapters read the same grid). */
export function isDateFormat(fmt: string | null): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/u.test(fmt.replace(/\[[^\]]*\]/gu, '').replace(/"[^"]*"/gu, ''));
}

interface Collection {
  /** Offset of the collection's end tag (where new children go), or of its self-closing start tag. */
  closeAt: number;
  startTag: [number, number];
  selfClosing: boolean;
  count: number;
}

export interface StyleChange {
  text?: boolean;
  /** `FFRRGGBB`. */
  fill?: string;
  bold?: boolean;
  numFmt?: string;
  /** Wrap the text, aligned to the top (several lines in one cell). */
  wrap?: boolean;
  /** Aligned to the top without wrapping (a number beside a wrapped text in a tall row). */
  top?: boolean;
}

const MINIMAL_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS.main}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** A number format id as the part writes it: a whole number from 0 (Excel's own formats) up, else the part is refused naming `what`. */
function formatId(raw: string | undefined, part: string, what: string): number {
  const id = Number(raw);
  if (raw !== undefined && raw.trim() !== '' && Number.isInteger(id) && id >= 0 && id <= 0x7fffffff) return id;
  throw new WorkbookError(`Formatmallarna (${part}) i arbetsboken har för ${what} talformatnumret "${String(raw).slice(0, 20)}", som inte är något talformat; arbetsboken läses inte.`);
}

/** The styles part's lists whose entries cells and formats point at by index. */
const COLLECTIONS = ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs'];

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/**
 * Namespaces a Requires attribute may name that Excel (2016 and later) understands: a Choice
 * requiring only these is the one Excel reads, any other makes it read the Fallback.
 */
const UNDERSTOOD = new Set([
  NS.main,
  'http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac',
  'http://schemas.microsoft.com/office/spreadsheetml/2009/9/main',
  'http://schemas.microsoft.com/office/spreadsheetml/2010/11/main',
  'http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac',
  'http://schemas.microsoft.com/office/spreadsheetml/2014/revision',
  'http://schemas.microsoft.com/office/spreadsheetml/2015/revision2',
  'http://schemas.microsoft.com/office/spreadsheetml/2016/revision3',
  'http://schemas.microsoft.com/office/spreadsheetml/2015/02/main',
  'http://schemas.microsoft.com/office/spreadsheetml/2016/01/main',
  'http://schemas.microsoft.com/office/drawing/2010/main',
  'http://schemas.microsoft.com/office/drawing/2012/main',
]);

/**
 * Markup compatibility as Excel reads it: mc:AlternateContent stands for the children of its first
 * mc:Choice whose Requires prefixes all name understood namespaces, else of its mc:Fallback. `open`
 * and `close` say whether a tag is one the reader should see (false for the mc elements themselves
 * and everything in a branch not taken).
 */
export class AlternateContentReader {
  /** Namespace declarations in scope, innermost last. */
  private readonly scopes: Record<string, string>[] = [];
  /** For each open AlternateContent: whether a branch was taken. */
  private readonly chosen: boolean[] = [];
  /** Depth inside a branch not taken (or an unknown mc element): everything there is unseen. */
  private skipping = 0;

  open(tag: Tag): boolean {
    this.scopes.push(tag.ns ?? {});
    if (this.skipping > 0) {
      if (!tag.isSelfClosing) this.skipping++;
      else this.scopes.pop();
      return false;
    }
    if (tag.uri !== MC) return true;
    if (tag.isSelfClosing) {
      this.scopes.pop();
      return false;
    }
    if (tag.local === 'AlternateContent') this.chosen.push(false);
    else if (tag.local === 'Choice' && this.chosen.length > 0 && !this.chosen[this.chosen.length - 1] && this.understood(attr(tag, 'Requires') ?? '')) {
      this.chosen[this.chosen.length - 1] = true;
    } else if (tag.local === 'Fallback' && this.chosen.length > 0 && !this.chosen[this.chosen.length - 1]) this.chosen[this.chosen.length - 1] = true;
    else this.skipping = 1;
    return false;
  }

  close(tag: Tag): boolean {
    if (tag.isSelfClosing) {
      // A self-closing tag was opened and is closed at once: its scope goes with it.
      if (this.skipping > 0 || tag.uri === MC) return false;
      this.scopes.pop();
      return true;
    }
    this.scopes.pop();
    if (this.skipping > 0) {
      this.skipping--;
      return false;
    }
    if (tag.uri !== MC) return true;
    if (tag.local === 'AlternateContent') this.chosen.pop();
    return false;
  }

  private understood(requires: string): boolean {
    const prefixes = requires.split(/\s+/u).filter(Boolean);
    return prefixes.length > 0 && prefixes.every((p) => {
      for (let i = this.scopes.length - 1; i >= 0; i--) {
        const uri = this.scopes[i][p];
        if (uri !== undefined) return UNDERSTOOD.has(uri);
      }
      return false;
    });
  }
}

export class Styles {
  readonly custom = new Map<number, string>();
  private readonly xfs: { text: [number, number]; numFmtId: number }[] = [];
  private readonly fonts: [number, number][] = [];
  private readonly fills: [number, number][] = [];
  private readonly collections = new Map<string, Collection>();
  private prefix = '';
  private readonly newXfs: string[] = [];
  private readonly newFills: string[] = [];
  private readonly newFonts: string[] = [];
  private readonly newNumFmts: string[] = [];
  private readonly cache = new Map<string, number>();
  private readonly fillIds = new Map<string, number>();
  private readonly numFmtIds = new Map<string, number>();
  private boldFontId: number | null = null;
  private nextNumFmtId = 164;

  constructor(
    readonly text: string = MINIMAL_STYLES,
    readonly part = 'xl/styles.xml',
  ) {
    // The elements as Excel reads them: mc:AlternateContent is replaced by its chosen branch's children.
    const stack: string[] = [];
    const mc = new AlternateContentReader();
    parseXml(text, part, {
      open: (tag, end) => {
        if (!mc.open(tag)) return;
        const parent = stack[stack.length - 1];
        stack.push(tag.local);
        if (tag.uri !== NS.main) return;
        if (stack.length === 1) this.prefix = tag.prefix;
        if (stack.length === 2 && COLLECTIONS.includes(tag.local)) {
          const start = tagStart(text, end);
          this.collections.set(tag.local, { closeAt: start, startTag: [start, end], selfClosing: tag.isSelfClosing, count: 0 });
        }
        if (stack.length !== 3) return;
        const coll = this.collections.get(parent);
        if (coll) coll.count++;
        if (parent === 'numFmts' && tag.local === 'numFmt') {
          const id = formatId(attr(tag, 'numFmtId'), part, 'talformatet');
          this.custom.set(id, attr(tag, 'formatCode') ?? '');
          if (id >= this.nextNumFmtId) this.nextNumFmtId = id + 1;
        }
        if (parent === 'cellXfs' && tag.local === 'xf') {
          this.xfs.push({ text: [tagStart(text, end), end], numFmtId: formatId(attr(tag, 'numFmtId') ?? '0', part, `cellformat nummer ${this.xfs.length}`) });
        }
        if (parent === 'fonts' && tag.local === 'font') this.fonts.push([tagStart(text, end), end]);
        if (parent === 'fills' && tag.local === 'fill') this.fills.push([tagStart(text, end), end]);
      },
      close: (tag, end) => {
        if (!mc.close(tag)) return;
        stack.pop();
        if (tag.uri !== NS.main) return;
        if (stack.length === 2 && tag.local === 'xf' && stack[1] === 'cellXfs') this.xfs[this.xfs.length - 1].text[1] = end;
        if (stack.length === 2 && tag.local === 'font' && stack[1] === 'fonts') this.fonts[this.fonts.length - 1][1] = end;
        if (stack.length === 2 && tag.local === 'fill' && stack[1] === 'fills') this.fills[this.fills.length - 1][1] = end;
        if (stack.length === 1) {
          const coll = this.collections.get(tag.local);
          if (coll && !coll.selfClosing) coll.closeAt = text.lastIndexOf('</', end - 1);
        }
      },
    });
    // A cell format pointing at a custom number format the part does not define: Excel repairs such a file.
    this.xfs.forEach((x, i) => {
      if (x.numFmtId >= 164 && !this.custom.has(x.numFmtId)) {
        throw new WorkbookError(`Formatmallarna (${part}) i arbetsboken har cellformat nummer ${i} med talformat ${x.numFmtId}, som inte finns; arbetsboken läses inte.`);
      }
    });
    if (!this.collections.has('cellXfs') || this.xfs.length === 0) {
      throw new WorkbookError(`Formatmallarna (${part}) i arbetsboken saknar cellformat och kan inte skrivas tillbaka.`);
    }
  }

  /** The number format of a cell style index, as ExcelJS reports it (none for General and style 0). */
  numFmtOf(s: number): string | null {
    if (!s) return null;
    const id = this.xfs[s]?.numFmtId;
    if (!id) return null;
    return this.custom.get(id) ?? BUILTIN_FORMATS[id] ?? null;
  }

  /** The cell formats the part itself has: a cell's `s` must be one of them. */
  get cellFormats(): number {
    return this.xfs.length;
  }

  get size(): number {
    return this.xfs.length + this.newXfs.length;
  }

  /** The index of cell style `base` with `change` applied, appended once per distinct result. */
  derive(base: number, change: StyleChange): number {
    const from = base >= 0 && base < this.xfs.length ? base : 0;
    const key = `${from}|${change.text ? 1 : 0}|${change.fill ?? ''}|${change.bold ? 1 : 0}|${change.numFmt ?? ''}|${change.wrap ? 2 : change.top ? 1 : 0}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const [a, b] = this.xfs[from].text;
    let xf = this.text.slice(a, b);
    if (change.text) xf = setAttrs(xf, { numFmtId: String(TEXT_FORMAT_ID), applyNumberFormat: '1' });
    else if (change.numFmt !== undefined) xf = setAttrs(xf, { numFmtId: String(this.numFmtId(change.numFmt)), applyNumberFormat: '1' });
    if (change.fill) xf = setAttrs(xf, { fillId: String(this.fillId(change.fill)), applyFill: '1' });
    if (change.bold) xf = setAttrs(xf, { fontId: String(this.boldFont()), applyFont: '1' });
    if (change.wrap) xf = aligned(xf, { wrapText: '1', vertical: 'top' });
    else if (change.top) xf = aligned(xf, { vertical: 'top' });
    // A later run finds the formats an earlier run appended: the list does not grow run by run.
    const existing = this.xfIndex().get(xf);
    if (existing !== undefined) {
      this.cache.set(key, existing);
      return existing;
    }
    const index = this.size;
    this.newXfs.push(xf);
    this.cache.set(key, index);
    return index;
  }

  private xfTexts: Map<string, number> | null = null;
  private xfIndex(): Map<string, number> {
    if (!this.xfTexts) {
      this.xfTexts = new Map();
      this.xfs.forEach((x, i) => {
        const t = this.text.slice(x.text[0], x.text[1]);
        if (!this.xfTexts!.has(t)) this.xfTexts!.set(t, i);
      });
    }
    return this.xfTexts;
  }

  private fillId(argb: string): number {
    let id = this.fillIds.get(argb);
    id ??= this.existingFills().get(argb);
    if (id !== undefined) this.fillIds.set(argb, id);
    if (id === undefined) {
      const p = this.prefix ? `${this.prefix}:` : '';
      id = (this.collections.get('fills')?.count ?? 0) + this.newFills.length;
      this.newFills.push(`<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${argb}"/></${p}patternFill></${p}fill>`);
      this.fillIds.set(argb, id);
    }
    return id;
  }

  /** Solid fills already in the file, by colour (as this port writes them). */
  private existingFills(): Map<string, number> {
    const out = new Map<string, number>();
    this.fills.forEach(([a, b], i) => {
      const m = /^<(?:\w+:)?fill><(?:\w+:)?patternFill patternType="solid"><(?:\w+:)?fgColor rgb="([0-9A-F]{8})"\/><\/(?:\w+:)?patternFill><\/(?:\w+:)?fill>$/u.exec(this.text.slice(a, b));
      if (m && !out.has(m[1])) out.set(m[1], i);
    });
    return out;
  }

  private numFmtId(code: string): number {
    for (const [id, c] of this.custom) if (c === code) return id;
    for (const [id, c] of Object.entries(BUILTIN_FORMATS)) if (c === code) return Number(id);
    let id = this.numFmtIds.get(code);
    if (id === undefined) {
      id = this.nextNumFmtId++;
      const p = this.prefix ? `${this.prefix}:` : '';
      this.newNumFmts.push(`<${p}numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`);
      this.numFmtIds.set(code, id);
    }
    return id;
  }

  private boldFont(): number {
    if (this.boldFontId === null) {
      const p = this.prefix ? `${this.prefix}:` : '';
      const first = this.fonts[0];
      const base = first ? this.text.slice(first[0], first[1]) : `<${p}font></${p}font>`;
      // <b/> is the first child a font may have; a self-closing <font/> is opened up.
      const bold = /\/>$/u.test(base) && !base.includes('><')
        ? base.replace(/\s*\/>$/u, `><${p}b/></${p}font>`)
        : new RegExp(`<${p}b[\\s/>]`, 'u').test(base)
          ? base
          : base.replace(/^(<[^>]*>)/u, `$1<${p}b/>`);
      // A later run finds the bold font an earlier run appended (else each run adds a font and new formats).
      const known = this.fonts.findIndex(([from, to]) => this.text.slice(from, to) === bold);
      if (known >= 0) this.boldFontId = known;
      else {
        this.boldFontId = this.fonts.length + this.newFonts.length;
        this.newFonts.push(bold);
      }
    }
    return this.boldFontId;
  }

  changed(): boolean {
    return this.newXfs.length > 0;
  }

  /** styles.xml with the new entries appended and the counts updated. */
  serialize(): string {
    const edits: Replacement[] = [];
    const append = (name: string, items: string[]) => {
      if (items.length === 0) return;
      const coll = this.collections.get(name);
      const p = this.prefix ? `${this.prefix}:` : '';
      if (!coll) {
        // Only numFmts may be missing; it is the styleSheet's first child.
        const rootEnd = this.text.indexOf('>', this.text.indexOf(`<${p}styleSheet`)) + 1;
        edits.push({ from: rootEnd, to: rootEnd, text: `<${p}${name} count="${items.length}">${items.join('')}</${p}${name}>` });
        return;
      }
      const [s, e] = coll.startTag;
      const startTag = this.text.slice(s, e);
      const count = coll.count + items.length;
      const withCount = /\scount\s*=\s*["'][^"']*["']/u.test(startTag)
        ? startTag.replace(/(\scount\s*=\s*)["'][^"']*["']/u, `$1"${count}"`)
        : startTag.replace(/(\s*\/?>)$/u, ` count="${count}"$1`);
      if (coll.selfClosing) {
        edits.push({ from: s, to: e, text: `${withCount.replace(/\s*\/>$/u, '>')}${items.join('')}</${p}${name}>` });
      } else {
        edits.push({ from: s, to: e, text: withCount });
        edits.push({ from: coll.closeAt, to: coll.closeAt, text: items.join('') });
      }
    };
    append('numFmts', this.newNumFmts);
    append('fonts', this.newFonts);
    append('fills', this.newFills);
    append('cellXfs', this.newXfs);
    return splice(this.text, edits);
  }
}

/**
 * An `<xf>` with these alignment attributes: its own `<alignment>` gets them (the others kept), or one is
 * added as the first child (CT_Xf: alignment, protection, extLst), opening a self-closing `<xf/>`.
 */
export function aligned(xf: string, values: Record<string, string>): string {
  const withApply = setAttrs(xf, { applyAlignment: '1' });
  const p = /^<([\w.-]+:)?xf[\s/>]/u.exec(withApply)?.[1] ?? '';
  const startEnd = withApply.indexOf('>') + 1;
  const startTag = withApply.slice(0, startEnd);
  if (/\/>$/u.test(startTag)) return `${startTag.replace(/\s*\/>$/u, '>')}${setAttrs(`<${p}alignment/>`, values)}</${p}xf>`;
  const own = new RegExp(`<${p.replace(/\./gu, '\\.')}alignment[\\s/>]`, 'u').exec(withApply.slice(startEnd));
  if (own) {
    const at = startEnd + own.index;
    return withApply.slice(0, at) + setAttrs(withApply.slice(at), values);
  }
  return startTag + setAttrs(`<${p}alignment/>`, values) + withApply.slice(startEnd);
}

/** Sets attributes on an element's start tag (the element's first tag in `xml`). */
export function setAttrs(xml: string, values: Record<string, string>): string {
  const end = xml.indexOf('>');
  let tag = xml.slice(0, end + 1);
  for (const [name, value] of Object.entries(values)) {
    const re = new RegExp(`(\\s${name}\\s*=\\s*)(["'])[^"']*\\2`, 'u');
    if (re.test(tag)) tag = tag.replace(re, `$1"${value}"`);
    else tag = tag.replace(/(\s*\/?>)$/u, ` ${name}="${value}"$1`);
  }
  return tag + xml.slice(end + 1);
}
