/**
 * One streaming pass over a worksheet part: every cell's value (as the ExcelJS adapter reads
 * it) and where each row and cell sits in the text, so a write splices the tool's cells in
 * and leaves every other byte of the sheet as it was.
 */
import { formatNumber } from '../../core/format';
import { cellAddress, parseRange, refColumn } from '../../core/a1';
import { WorkbookError } from '../../core/port';
import type { CellValue } from '../../core/types';
import { LIMITS } from './limits';
import { decodeXmlText, fattr as attr, isXmlSpace, scanXml, type FastTag as Tag } from './fast-xml';
import { NS, decodeExcelEscapes, tagStart } from './xml';
import { isDateFormat, type Styles } from './styles';

const HAS_FORMULA = 1;
/** The first cell of a shared formula or a multi-cell array formula: other cells depend on its text. */
const FORMULA_OWNER = 2;
/** The cell holds a value (kept when the values themselves are let go). */
const HAS_VALUE = 4;

/**
 * Every cell of a sheet in columns of numbers, the cells of a row one after another: at 50 000 rows
 * a sheet has some 600 000 cells, and an object for each (with its place in the text, style and
 * value) was a fifth of what a run held, and work for the garbage collector.
 */
export class CellTable {
  private cols = new Int32Array(1024);
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private styles = new Int32Array(1024);
  private flags = new Uint8Array(1024);
  private values: CellValue[] = [];
  private numFmts: (string | null)[] = [];
  private released = false;
  length = 0;

  /** `part`: the sheet's part, named when it describes more than LIMITS.cells cells. */
  constructor(private readonly part = '') {}

  push(col: number, start: number, end: number, s: number, value: CellValue, numFmt: string | null, hasFormula: boolean, formulaOwner: boolean): void {
    if (this.length === this.cols.length) this.grow();
    const i = this.length++;
    this.cols[i] = col;
    this.starts[i] = start;
    this.ends[i] = end;
    this.styles[i] = s;
    this.flags[i] = (hasFormula ? HAS_FORMULA : 0) | (formulaOwner ? FORMULA_OWNER : 0) | (value !== null ? HAS_VALUE : 0);
    this.values.push(value);
    this.numFmts.push(numFmt);
  }

  /** Back to the first `n` cells (a fast read that gave up). */
  truncate(n: number): void {
    this.length = n;
    this.values.length = n;
    this.numFmts.length = n;
  }

  private grow(): void {
    // Checked only when the columns grow: the limit costs nothing per cell.
    if (this.length >= LIMITS.cells) {
      throw new WorkbookError(`Delen ${this.part} i arbetsboken beskriver fler än ${formatNumber(LIMITS.cells)} celler; arbetsboken läses inte.`);
    }
    const n = Math.min(this.cols.length * 2, LIMITS.cells);
    const wider = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.cols = wider(this.cols, (k) => new Int32Array(k));
    this.starts = wider(this.starts, (k) => new Int32Array(k));
    this.ends = wider(this.ends, (k) => new Int32Array(k));
    this.styles = wider(this.styles, (k) => new Int32Array(k));
    this.flags = wider(this.flags, (k) => new Uint8Array(k));
  }

  col(i: number): number {
    return this.cols[i];
  }
  start(i: number): number {
    return this.starts[i];
  }
  end(i: number): number {
    return this.ends[i];
  }
  s(i: number): number {
    return this.styles[i];
  }
  value(i: number): CellValue {
    if (this.released) throw new Error('Internt fel: cellvärdena är redan släppta; läs bladet på nytt.');
    return this.values[i];
  }
  numFmt(i: number): string | null {
    if (this.released) throw new Error('Internt fel: cellvärdena är redan släppta; läs bladet på nytt.');
    return this.numFmts[i];
  }
  hasValue(i: number): boolean {
    return (this.flags[i] & HAS_VALUE) !== 0;
  }
  /** Whether the values were let go (releaseValues): the places, styles and formula marks remain. */
  get valuesReleased(): boolean {
    return this.released;
  }
  /**
   * Lets the values go once the sheet's grid is made: writing needs only where each cell is, its
   * style and whether it holds a value. At 50 000 rows the values (dates, numbers, formats) were
   * some 27 MB held through the whole run.
   */
  releaseValues(): void {
    this.values = [];
    this.numFmts = [];
    this.released = true;
  }
  hasFormula(i: number): boolean {
    return (this.flags[i] & HAS_FORMULA) !== 0;
  }
  formulaOwner(i: number): boolean {
    return (this.flags[i] & FORMULA_OWNER) !== 0;
  }
}

export interface RowScan {
  r: number;
  start: number;
  /** Just after the start tag. */
  openEnd: number;
  /** Just after `</row>` (or the self-closing tag). */
  end: number;
  selfClosing: boolean;
  /** The row's own style, when `customFormat` applies it to its empty cells. */
  style: number | null;
  /** The row's cells: `count` entries of the sheet's CellTable from `first`, in the text's order. */
  first: number;
  count: number;
}

export interface ElementPos {
  local: string;
  start: number;
  /** End of the start tag. */
  openEnd: number;
  /** End of the whole element. */
  end: number;
  selfClosing: boolean;
  ref?: string;
}

export interface SheetScan {
  text: string;
  /** The prefix the part uses for the main namespace ('' for the default namespace). */
  prefix: string;
  rows: RowScan[];
  cells: CellTable;
  /** The worksheet's child elements in order (sheetData, autoFilter, mergeCells, dataValidations, tableParts …). */
  children: ElementPos[];
  /** Offset of `</worksheet>`. */
  rootClose: number;
  sheetDataClose: number;
  cols: { min: number; max: number; style: number }[];
  merges: string[];
  tableRelIds: string[];
  /** Existing list validations' sqref, so a second run does not add the same list again. */
  validationRefs: string[];
  /** The sheet is protected (sheetProtection sheet="1"): Excel lets nothing be written into it. */
  protected: boolean;
}

export interface SheetContext {
  styles: Styles;
  sharedStrings: () => string[];
  date1904: boolean;
}

function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

/** A row number Excel has (1 to 1 048 576), else the sheet is refused naming the part and the row as written. */
function checkedRow(r: number, rAttr: string | undefined, part: string): number {
  if (r >= 1 && r <= LIMITS.rows && Number.isInteger(r)) return r;
  const shown = rAttr === undefined ? String(r) : rAttr.length > 20 ? `${rAttr.slice(0, 20)}…` : rAttr;
  throw new WorkbookError(
    `Delen ${part} i arbetsboken har en rad med nummer "${shown}", som inte är en rad i Excel (1–${formatNumber(LIMITS.rows)}); arbetsboken läses inte.`,
  );
}

/** Refuses a column beyond Excel's, or a cell style the styles part does not have, naming the cell. */
function checkCell(col: number, s: number, r: number, part: string, styles: Styles): void {
  if (col > LIMITS.columns) {
    throw new WorkbookError(
      `Delen ${part} i arbetsboken har en cell på rad ${r} i kolumn ${formatNumber(col)}, utanför Excels ${formatNumber(LIMITS.columns)} kolumner; arbetsboken läses inte.`,
    );
  }
  if ((s | 0) !== s || s < 0 || s >= styles.cellFormats) {
    throw new WorkbookError(
      `Cellen ${cellAddress(r, col)} i delen ${part} har cellformat nummer ${Number.isNaN(s) ? 'som inte är ett tal' : s}, men formatmallarna har ${formatNumber(styles.cellFormats)} cellformat (0–${styles.cellFormats - 1}); arbetsboken läses inte.`,
    );
  }
}

/** A row's own style (customFormat), checked as a cell's is. */
function rowStyle(custom: string | undefined, sAttr: string | undefined, r: number, part: string, styles: Styles): number | null {
  if (!((custom === '1' || custom === 'true') && sAttr)) return null;
  const s = Number(sAttr);
  if ((s | 0) !== s || s < 0 || s >= styles.cellFormats) {
    throw new WorkbookError(
      `Rad ${r} i delen ${part} har cellformat nummer "${sAttr.slice(0, 20)}", men formatmallarna har ${formatNumber(styles.cellFormats)} cellformat; arbetsboken läses inte.`,
    );
  }
  return s;
}

export function scanSheet(text: string, part: string, ctx: SheetContext, options: { plainRows?: boolean } = {}): SheetScan {
  const scan: SheetScan = {
    text, prefix: '', rows: [], cells: new CellTable(part), children: [], rootClose: text.length, sheetDataClose: -1, cols: [], merges: [], tableRelIds: [], validationRefs: [], protected: false,
  };
  const stack: string[] = [];
  let row: RowScan | null = null;
  let lastRow = 0;
  let lastCol = 0;
  // The cell being read.
  let cell: { col: number; start: number; s: number; t: string; v: string | undefined; inline: string | undefined; f: boolean; owner: boolean } | null = null;
  let textTarget: 'v' | 't' | null = null;
  let inPhonetic = 0;
  const child = (tag: Tag) => tag.uri === NS.main;

  scanXml(text, part, {
    open(tag, end) {
      stack.push(tag.local);
      const depth = stack.length;
      if (depth === 1) {
        scan.prefix = tag.prefix;
        return;
      }
      if (!child(tag)) return;
      if (depth === 2) {
        const el: ElementPos = { local: tag.local, start: tagStart(text, end), openEnd: end, end, selfClosing: tag.isSelfClosing };
        if (tag.local === 'autoFilter' || tag.local === 'dimension') el.ref = attr(tag, 'ref');
        if (tag.local === 'sheetProtection') scan.protected = isTrue(attr(tag, 'sheet'));
        scan.children.push(el);
        if (tag.local === 'sheetData' && !tag.isSelfClosing && options.plainRows !== false) {
          const read = readPlainRows(text, end, tag.prefix, scan, ctx, part);
          if (read) {
            lastRow = read.lastRow;
            return read.resume;
          }
        }
        return;
      }
      const parent = stack[depth - 2];
      if (depth === 3) {
        if (parent === 'sheetData' && tag.local === 'row') {
          const rAttr = attr(tag, 'r');
          const r = checkedRow(rAttr ? Number(rAttr) : lastRow + 1, rAttr, part);
          lastRow = r;
          lastCol = 0;
          row = {
            r, start: tagStart(text, end), openEnd: end, end, selfClosing: tag.isSelfClosing,
            style: rowStyle(attr(tag, 'customFormat'), attr(tag, 's'), r, part, ctx.styles), first: scan.cells.length, count: 0,
          };
          if (scan.rows.length >= LIMITS.rows) tooManyRows(part);
          scan.rows.push(row);
        } else if (parent === 'cols' && tag.local === 'col') {
          const style = Number(attr(tag, 'style') ?? 0);
          if (style) scan.cols.push({ min: Number(attr(tag, 'min')), max: Number(attr(tag, 'max')), style });
        } else if (parent === 'mergeCells' && tag.local === 'mergeCell') {
          scan.merges.push(attr(tag, 'ref') ?? '');
        } else if (parent === 'tableParts' && tag.local === 'tablePart') {
          const id = attr(tag, 'id', NS.rel);
          if (id) scan.tableRelIds.push(id);
        } else if (parent === 'dataValidations' && tag.local === 'dataValidation' && attr(tag, 'type') === 'list') {
          scan.validationRefs.push(attr(tag, 'sqref') ?? '');
        }
        return;
      }
      if (depth === 4 && tag.local === 'c' && row) {
        const rAttr = attr(tag, 'r');
        const col = rAttr ? (refColumn(rAttr) ?? lastCol + 1) : lastCol + 1;
        lastCol = col;
        cell = { col, start: tagStart(text, end), s: Number(attr(tag, 's') ?? 0), t: attr(tag, 't') ?? 'n', v: undefined, inline: undefined, f: false, owner: false };
        checkCell(col, cell.s, row.r, part, ctx.styles);
        return;
      }
      if (!cell) return;
      if (depth === 5) {
        if (tag.local === 'v') textTarget = 'v';
        else if (tag.local === 'f') {
          cell.f = true;
          const ft = attr(tag, 't');
          const ref = attr(tag, 'ref');
          if (ft === 'shared' && ref) cell.owner = true;
          if (ft === 'array' && ref && ref.includes(':')) {
            const range = parseRange(ref);
            if (range && (range.bottom > range.top || range.right > range.left)) cell.owner = true;
          }
        }
        return;
      }
      if (stack[4] === 'is') {
        if (tag.local === 'rPh') inPhonetic++;
        else if (tag.local === 't' && !inPhonetic) {
          textTarget = 't';
          cell.inline ??= '';
        }
      }
    },
    text(raw) {
      if (textTarget === 'v' && cell) cell.v = (cell.v ?? '') + decodeXmlText(raw);
      else if (textTarget === 't' && cell) cell.inline += decodeXmlText(raw);
    },
    close(tag, end) {
      const depth = stack.length;
      stack.pop();
      if (!child(tag)) return;
      if (depth === 2) {
        const el = scan.children[scan.children.length - 1];
        if (el && el.local === tag.local) el.end = end;
        if (tag.local === 'sheetData') scan.sheetDataClose = tag.isSelfClosing ? -1 : text.lastIndexOf('</', end - 1);
        return;
      }
      if (depth === 1) {
        scan.rootClose = text.lastIndexOf('</', end - 1);
        return;
      }
      if (depth === 3 && tag.local === 'row' && row) {
        row.end = end;
        row = null;
        return;
      }
      if (depth === 4 && tag.local === 'c' && cell && row) {
        const numFmt = ctx.styles.numFmtOf(cell.s);
        scan.cells.push(cell.col, cell.start, end, cell.s, cellValue(cell, numFmt, ctx, row.r, part), numFmt, cell.f, cell.owner);
        row.count++;
        cell = null;
        return;
      }
      if (tag.local === 'v' || tag.local === 't') textTarget = null;
      if (tag.local === 'rPh') inPhonetic--;
    },
  });
  return scan;
}

function tooManyRows(part: string): never {
  throw new WorkbookError(`Delen ${part} i arbetsboken har fler än ${formatNumber(LIMITS.rows)} rader; arbetsboken läses inte.`);
}

/** Attribute values a plain tag is read for, by name; the first of a name counts, as `fattr` has it. */
/** At most three names are asked for (ROW_ATTRS, CELL_ATTRS); slots filled in place, not an array per tag. */
const plainAttrs: (string | undefined)[] = [undefined, undefined, undefined];
let plainSelfClosing = false;

/**
 * Reads a start tag's attributes from `i` (just after its name) into `plainAttrs` by their place in
 * `names`, and returns the offset after the tag (`plainSelfClosing` says how it ended), or -1 for
 * anything the general scanner should judge: a namespace declaration, or text that is not pairs.
 */
function readPlainAttrs(text: string, i: number, names: readonly string[]): number {
  plainAttrs[0] = plainAttrs[1] = plainAttrs[2] = undefined;
  const n = text.length;
  for (;;) {
    let spaced = false;
    while (i < n && isXmlSpace(text.charCodeAt(i))) {
      i++;
      spaced = true;
    }
    const c = text.charCodeAt(i);
    if (c === 62) {
      plainSelfClosing = false;
      return i + 1;
    }
    if (c === 47) {
      if (text.charCodeAt(i + 1) !== 62) return -1;
      plainSelfClosing = true;
      return i + 2;
    }
    if (!spaced) return -1;
    const nameStart = i;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 61 || isXmlSpace(d) || d === 62 || d === 47 || d === 60 || d === 34 || d === 39) break;
    }
    if (i === nameStart || text.charCodeAt(i) !== 61) return -1;
    if (text.startsWith('xmlns', nameStart)) return -1;
    const quote = text.charCodeAt(i + 1);
    if (quote !== 34 && quote !== 39) return -1;
    const close = text.indexOf(quote === 34 ? '"' : "'", i + 2);
    if (close < 0) return -1;
    // The name compared where it stands, not sliced out: every cell has two or three attributes.
    let k = names.length - 1;
    for (; k >= 0; k--) if (names[k].length === i - nameStart && text.startsWith(names[k], nameStart)) break;
    if (k >= 0 && plainAttrs[k] === undefined) {
      const raw = text.slice(i + 2, close);
      if (raw.indexOf('<') >= 0) return -1;
      plainAttrs[k] = decodeXmlText(raw);
    }
    i = close + 1;
  }
}

const ROW_ATTRS = ['r', 'customFormat', 's'];
const CELL_ATTRS = ['r', 's', 't'];
const FORMULA_ATTRS = ['t', 'ref'];
const NO_ATTRS: string[] = [];

/** Whether a start tag named by `open` (`<x:c`) begins at `i`: the name is followed by white space, `>` or `/`. */
function tagAt(text: string, i: number, open: string): boolean {
  if (!text.startsWith(open, i)) return false;
  const d = text.charCodeAt(i + open.length);
  return isXmlSpace(d) || d === 62 || d === 47;
}

/** The text of the last `<t>` readPlainT read, decoded ('' when empty or self-closing). */
let plainText = '';

/**
 * Reads a plain text element at `i` (`T` its start, `tEnd` its end tag: an inline string's or a
 * shared string's one run), its text into `plainText`; returns the offset after it, or -1 for any
 * other shape.
 */
function readPlainT(text: string, i: number, t: string, tEnd: string): number {
  if (!tagAt(text, i, t)) return -1;
  i = readPlainAttrs(text, i + t.length, NO_ATTRS);
  if (i < 0) return -1;
  plainText = '';
  if (plainSelfClosing) return i;
  const e = text.indexOf('<', i);
  if (e < 0 || !text.startsWith(tEnd, e)) return -1;
  plainText = decodeXmlText(text.slice(i, e));
  return e + tEnd.length;
}

/**
 * sheetData's rows read straight from the text, for the shapes nearly every sheet has: rows of
 * cells holding a value, a formula and its value, or an inline string of one run. The general
 * scanner's handlers cost an object and a callback per tag, and were most of reading a large sheet.
 * Returns where `</sheetData>` starts, or null at the first thing of another shape (a comment,
 * rich text, a namespace declaration, text between cells): the general scanner then reads the
 * whole of sheetData, and what it reads is the reference (test/ooxml/plain-rows.test.ts compares).
 */
export function readPlainRows(text: string, from: number, prefix: string, scan: SheetScan, ctx: SheetContext, part = ''): { resume: number; lastRow: number } | null {
  const p = prefix ? `${prefix}:` : '';
  const ROW = `<${p}row`;
  const ROW_END = `</${p}row>`;
  const C = `<${p}c`;
  const C_END = `</${p}c>`;
  const V = `<${p}v>`;
  const V_END = `</${p}v>`;
  const F = `<${p}f`;
  const F_END = `</${p}f>`;
  const IS = `<${p}is>`;
  const IS_END = `</${p}is>`;
  const T = `<${p}t`;
  const T_END = `</${p}t>`;
  const rowsBefore = scan.rows.length;
  const cellsBefore = scan.cells.length;
  const giveUp = () => {
    scan.rows.length = rowsBefore;
    scan.cells.truncate(cellsBefore);
    return null;
  };
  const skipSpace = (i: number) => {
    while (isXmlSpace(text.charCodeAt(i))) i++;
    return i;
  };
  const cell = { t: 'n', v: undefined as string | undefined, inline: undefined as string | undefined, f: false };
  let lastRow = 0;
  let i = skipSpace(from);
  for (;;) {
    if (text.startsWith('</', i)) return { resume: i, lastRow };
    if (!tagAt(text, i, ROW)) return giveUp();
    const rowStart = i;
    i = readPlainAttrs(text, i + ROW.length, ROW_ATTRS);
    if (i < 0) return giveUp();
    const rAttr = plainAttrs[0];
    const custom = plainAttrs[1];
    const sAttr = plainAttrs[2];
    const r = checkedRow(rAttr ? Number(rAttr) : lastRow + 1, rAttr, part);
    lastRow = r;
    let lastCol = 0;
    const row: RowScan = {
      r, start: rowStart, openEnd: i, end: i, selfClosing: plainSelfClosing,
      style: rowStyle(custom, sAttr, r, part, ctx.styles), first: scan.cells.length, count: 0,
    };
    if (scan.rows.length >= LIMITS.rows) tooManyRows(part);
    scan.rows.push(row);
    i = skipSpace(i);
    if (row.selfClosing) continue;
    for (;;) {
      if (text.startsWith(ROW_END, i)) {
        i += ROW_END.length;
        row.end = i;
        break;
      }
      if (!tagAt(text, i, C)) return giveUp();
      const cellStart = i;
      i = readPlainAttrs(text, i + C.length, CELL_ATTRS);
      if (i < 0) return giveUp();
      const cr = plainAttrs[0];
      const cs = plainAttrs[1];
      const ct = plainAttrs[2];
      const col = cr ? (refColumn(cr) ?? lastCol + 1) : lastCol + 1;
      lastCol = col;
      const s = Number(cs ?? 0);
      checkCell(col, s, r, part, ctx.styles);
      cell.t = ct ?? 'n';
      cell.v = undefined;
      cell.inline = undefined;
      cell.f = false;
      let owner = false;
      if (!plainSelfClosing) {
        for (;;) {
          i = skipSpace(i);
          if (text.startsWith(C_END, i)) {
            i += C_END.length;
            break;
          }
          if (text.startsWith(V, i)) {
            const e = text.indexOf('<', i + V.length);
            if (e < 0 || !text.startsWith(V_END, e)) return giveUp();
            if (e > i + V.length) cell.v = (cell.v ?? '') + decodeXmlText(text.slice(i + V.length, e));
            i = e + V_END.length;
          } else if (tagAt(text, i, F)) {
            i = readPlainAttrs(text, i + F.length, FORMULA_ATTRS);
            if (i < 0) return giveUp();
            cell.f = true;
            const ft = plainAttrs[0];
            const ref = plainAttrs[1];
            if (ft === 'shared' && ref) owner = true;
            if (ft === 'array' && ref && ref.includes(':')) {
              const range = parseRange(ref);
              if (range && (range.bottom > range.top || range.right > range.left)) owner = true;
            }
            if (!plainSelfClosing) {
              const e = text.indexOf('<', i);
              if (e < 0 || !text.startsWith(F_END, e)) return giveUp();
              i = e + F_END.length;
            }
          } else if (text.startsWith(IS, i)) {
            i = readPlainT(text, skipSpace(i + IS.length), T, T_END);
            if (i < 0) return giveUp();
            cell.inline = (cell.inline ?? '') + plainText;
            i = skipSpace(i);
            if (!text.startsWith(IS_END, i)) return giveUp();
            i += IS_END.length;
          } else return giveUp();
        }
      }
      const numFmt = ctx.styles.numFmtOf(s);
      scan.cells.push(col, cellStart, i, s, cellValue(cell, numFmt, ctx, r, part, col), numFmt, cell.f, owner);
      row.count++;
      i = skipSpace(i);
    }
    i = skipSpace(i);
  }
}

/** A cell's value by the rules the ExcelJS adapter follows: cached results, dates by number format. */
function cellValue(
  cell: { t: string; v: string | undefined; inline: string | undefined; f: boolean; col?: number },
  numFmt: string | null,
  ctx: SheetContext,
  r: number,
  part: string,
  col = cell.col ?? 0,
): CellValue {
  const raw = cell.t === 'inlineStr' && cell.v === undefined ? cell.inline : cell.v;
  if (raw === undefined) return null;
  const number = () => {
    const n = parseFloat(raw);
    return isDateFormat(numFmt) ? excelToDate(n, ctx.date1904) : n;
  };
  if (cell.f) {
    switch (cell.t) {
      case 'str':
        return decodeExcelEscapes(raw);
      case 'b':
        return parseInt(raw, 10) !== 0;
      case 'e':
        return { kind: 'cell-error', code: raw };
      default:
        return number();
    }
  }
  switch (cell.t) {
    case 's': {
      const strings = ctx.sharedStrings();
      const s = strings[parseInt(raw, 10)];
      if (s === undefined) {
        throw new WorkbookError(
          `Cellen ${cellAddress(r, col)} i delen ${part} hänvisar till delad text nummer "${raw.slice(0, 20)}", men arbetsboken har ${formatNumber(strings.length)} delade texter; arbetsboken läses inte.`,
        );
      }
      return s;
    }
    case 'str':
    case 'inlineStr':
      return decodeExcelEscapes(raw);
    case 'b':
      return parseInt(raw, 10) !== 0;
    case 'e':
      return { kind: 'cell-error', code: raw };
    case 'd': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? null : d;
    }
    default:
      return number();
  }
}

/**
 * The shared strings read straight from the text where each is one plain run (`<si><t>…</t></si>`),
 * as readPlainRows reads cells: returns where `</sst>` starts, or null at the first other shape (rich
 * text, a phonetic guide, a comment), leaving `out` as it found it for the general scanner.
 */
export function readPlainStrings(text: string, from: number, prefix: string, out: string[]): number | null {
  const p = prefix ? `${prefix}:` : '';
  const SI = `<${p}si>`;
  const SI_END = `</${p}si>`;
  const T = `<${p}t`;
  const T_END = `</${p}t>`;
  const before = out.length;
  const giveUp = () => {
    out.length = before;
    return null;
  };
  let i = from;
  for (;;) {
    while (isXmlSpace(text.charCodeAt(i))) i++;
    if (text.startsWith('</', i)) return i;
    if (!text.startsWith(SI, i)) return giveUp();
    i = readPlainT(text, i + SI.length, T, T_END);
    if (i < 0) return giveUp();
    if (!text.startsWith(SI_END, i)) return giveUp();
    i += SI_END.length;
    out.push(decodeExcelEscapes(plainText));
  }
}

/** The shared string table: each item's text (runs joined, phonetic guides left out). */
export function readSharedStrings(text: string, part: string, options: { plainStrings?: boolean } = {}): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  let current: string | null = null;
  let inT = false;
  let phonetic = 0;
  // The table can be as large as the sheet: the lean scanner reads it too.
  scanXml(text, part, {
    open(tag, end) {
      stack.push(tag.local);
      if (tag.uri !== NS.main) return;
      if (stack.length === 1 && tag.local === 'sst' && !tag.isSelfClosing && options.plainStrings !== false) return readPlainStrings(text, end, tag.prefix, out) ?? undefined;
      if (tag.local === 'si' && stack.length === 2) current = '';
      else if (tag.local === 'rPh') phonetic++;
      else if (tag.local === 't' && current !== null && !phonetic) inT = true;
    },
    text(t) {
      if (inT) current += decodeXmlText(t);
    },
    close(tag) {
      stack.pop();
      if (tag.uri !== NS.main) return;
      if (tag.local === 't') inT = false;
      else if (tag.local === 'rPh') phonetic--;
      else if (tag.local === 'si' && stack.length === 1 && current !== null) {
        out.push(decodeExcelEscapes(current));
        current = null;
      }
    },
  });
  return out;
}
