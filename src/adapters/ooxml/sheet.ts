/**
 * One streaming pass over a worksheet part: every cell's value (as the ExcelJS adapter reads
 * it) and where each row and cell sits in the text, so a write splices the tool's cells in
 * and leaves every other byte of the sheet as it was.
 */
import type { CellValue } from '../../core/types';
import { decodeXmlText, fattr as attr, scanXml, type FastTag as Tag } from './fast-xml';
import { NS, decodeExcelEscapes, tagStart } from './xml';
import { isDateFormat, type Styles } from './styles';

const HAS_FORMULA = 1;
/** The first cell of a shared formula or a multi-cell array formula: other cells depend on its text. */
const FORMULA_OWNER = 2;

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
  private readonly values: CellValue[] = [];
  private readonly numFmts: (string | null)[] = [];
  length = 0;

  push(col: number, start: number, end: number, s: number, value: CellValue, numFmt: string | null, hasFormula: boolean, formulaOwner: boolean): void {
    if (this.length === this.cols.length) this.grow();
    const i = this.length++;
    this.cols[i] = col;
    this.starts[i] = start;
    this.ends[i] = end;
    this.styles[i] = s;
    this.flags[i] = (hasFormula ? HAS_FORMULA : 0) | (formulaOwner ? FORMULA_OWNER : 0);
    this.values.push(value);
    this.numFmts.push(numFmt);
  }

  private grow(): void {
    const n = this.cols.length * 2;
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
    return this.values[i];
  }
  numFmt(i: number): string | null {
    return this.numFmts[i];
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
}

export interface SheetContext {
  styles: Styles;
  sharedStrings: () => string[];
  date1904: boolean;
}

/** `AB12` → [12, 28]; null when the reference is not a cell. */
export function parseRef(ref: string): [number, number] | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + c - 64;
    else if (c >= 97 && c <= 122) col = col * 26 + c - 96;
    else break;
  }
  const rest = ref.slice(i);
  const row = Number(rest.indexOf('$') < 0 ? rest : rest.replace(/\$/gu, ''));
  if (i === 0 || !Number.isInteger(row) || row < 1) return null;
  return [row, col];
}

/** `A1:C3` → its corners; a single cell is its own range. */
export function parseRange(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const [a, b = a] = ref.replace(/\$/gu, '').split(':');
  const p = parseRef(a);
  const q = parseRef(b);
  if (!p || !q) return null;
  return { top: Math.min(p[0], q[0]), left: Math.min(p[1], q[1]), bottom: Math.max(p[0], q[0]), right: Math.max(p[1], q[1]) };
}

function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

export function scanSheet(text: string, part: string, ctx: SheetContext): SheetScan {
  const scan: SheetScan = {
    text, prefix: '', rows: [], cells: new CellTable(), children: [], rootClose: text.length, sheetDataClose: -1, cols: [], merges: [], tableRelIds: [], validationRefs: [],
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
        scan.children.push(el);
        return;
      }
      const parent = stack[depth - 2];
      if (depth === 3) {
        if (parent === 'sheetData' && tag.local === 'row') {
          const rAttr = attr(tag, 'r');
          const r = rAttr ? Number(rAttr) : lastRow + 1;
          lastRow = r;
          lastCol = 0;
          const custom = attr(tag, 'customFormat');
          const sAttr = attr(tag, 's');
          row = {
            r, start: tagStart(text, end), openEnd: end, end, selfClosing: tag.isSelfClosing,
            style: (custom === '1' || custom === 'true') && sAttr ? Number(sAttr) : null, first: scan.cells.length, count: 0,
          };
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
        const col = rAttr ? (parseRef(rAttr)?.[1] ?? lastCol + 1) : lastCol + 1;
        lastCol = col;
        cell = { col, start: tagStart(text, end), s: Number(attr(tag, 's') ?? 0), t: attr(tag, 't') ?? 'n', v: undefined, inline: undefined, f: false, owner: false };
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
        scan.cells.push(cell.col, cell.start, end, cell.s, cellValue(cell, numFmt, ctx), numFmt, cell.f, cell.owner);
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

/** A cell's value by the rules the ExcelJS adapter follows: cached results, dates by number format. */
function cellValue(
  cell: { t: string; v: string | undefined; inline: string | undefined; f: boolean },
  numFmt: string | null,
  ctx: SheetContext,
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
      const s = ctx.sharedStrings()[parseInt(raw, 10)];
      return s === undefined ? null : s;
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

/** The shared string table: each item's text (runs joined, phonetic guides left out). */
export function readSharedStrings(text: string, part: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  let current: string | null = null;
  let inT = false;
  let phonetic = 0;
  // The table can be as large as the sheet: the lean scanner reads it too.
  scanXml(text, part, {
    open(tag) {
      stack.push(tag.local);
      if (tag.uri !== NS.main) return;
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
