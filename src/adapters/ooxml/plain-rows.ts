/**
 * A sheet's rows read straight from the text, for the shapes nearly every sheet has (see
 * readPlainRows): the speed path of reading a workbook. Whatever it does not know it leaves to the
 * general scanner (sheet.ts), whose reading is the reference; nothing here decides what a value is
 * (cell-values.ts does, for both).
 */
import { refColumn } from '../../core';
import { decodeXmlText, isXmlSpace } from './fast-xml';
import { cellValue, checkCell, checkedRow, ownsFormula, rowStyle, tooManyRows } from './cell-values';
import { LIMITS } from './limits';
import type { RowScan, SheetContext, SheetScan } from './sheet';

/**
 * What the last plain tag read leaves for its caller beside the offset it returns. One per pass
 * (a sheet's rows, a shared string table), filled in place: no object or array is made per tag.
 */
export class PlainTag {
  /**
   * Attribute values by their place in the names asked for; the first of a name counts, as `fattr`
   * has it. At most three names are asked for (ROW_ATTRS, CELL_ATTRS).
   */
  readonly attrs: (string | undefined)[] = [undefined, undefined, undefined];
  /** How the start tag read last ended. */
  selfClosing = false;
  /** The text of the last `<t>` readPlainT read, decoded ('' when empty or self-closing). */
  text = '';
}

/**
 * Reads a start tag's attributes from `i` (just after its name) into `tag.attrs` by their place in
 * `names`, and returns the offset after the tag (`tag.selfClosing` says how it ended), or -1 for
 * anything the general scanner should judge: a namespace declaration, or text that is not pairs.
 */
function readPlainAttrs(text: string, i: number, names: readonly string[], tag: PlainTag): number {
  const attrs = tag.attrs;
  attrs[0] = attrs[1] = attrs[2] = undefined;
  const n = text.length;
  for (;;) {
    let spaced = false;
    while (i < n && isXmlSpace(text.charCodeAt(i))) {
      i++;
      spaced = true;
    }
    const c = text.charCodeAt(i);
    if (c === 62) {
      tag.selfClosing = false;
      return i + 1;
    }
    if (c === 47) {
      if (text.charCodeAt(i + 1) !== 62) return -1;
      tag.selfClosing = true;
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
    if (k >= 0 && attrs[k] === undefined) {
      const raw = text.slice(i + 2, close);
      if (raw.indexOf('<') >= 0) return -1;
      attrs[k] = decodeXmlText(raw);
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

/**
 * Reads a plain text element at `i` (`T` its start, `tEnd` its end tag: an inline string's or a
 * shared string's one run), its text into `tag.text`; returns the offset after it, or -1 for any
 * other shape.
 */
export function readPlainT(text: string, i: number, t: string, tEnd: string, tag: PlainTag): number {
  if (!tagAt(text, i, t)) return -1;
  i = readPlainAttrs(text, i + t.length, NO_ATTRS, tag);
  if (i < 0) return -1;
  tag.text = '';
  if (tag.selfClosing) return i;
  const e = text.indexOf('<', i);
  if (e < 0 || !text.startsWith(tEnd, e)) return -1;
  tag.text = decodeXmlText(text.slice(i, e));
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
  const tag = new PlainTag();
  let lastRow = 0;
  let i = skipSpace(from);
  for (;;) {
    if (text.startsWith('</', i)) return { resume: i, lastRow };
    if (!tagAt(text, i, ROW)) return giveUp();
    const rowStart = i;
    i = readPlainAttrs(text, i + ROW.length, ROW_ATTRS, tag);
    if (i < 0) return giveUp();
    const rAttr = tag.attrs[0];
    const custom = tag.attrs[1];
    const sAttr = tag.attrs[2];
    const r = checkedRow(rAttr ? Number(rAttr) : lastRow + 1, rAttr, part);
    lastRow = r;
    let lastCol = 0;
    const row: RowScan = {
      r, start: rowStart, openEnd: i, end: i, selfClosing: tag.selfClosing,
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
      i = readPlainAttrs(text, i + C.length, CELL_ATTRS, tag);
      if (i < 0) return giveUp();
      const cr = tag.attrs[0];
      const cs = tag.attrs[1];
      const ct = tag.attrs[2];
      const col = cr ? (refColumn(cr) ?? lastCol + 1) : lastCol + 1;
      lastCol = col;
      const s = Number(cs ?? 0);
      checkCell(col, s, r, part, ctx.styles);
      cell.t = ct ?? 'n';
      cell.v = undefined;
      cell.inline = undefined;
      cell.f = false;
      let owner = false;
      if (!tag.selfClosing) {
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
            i = readPlainAttrs(text, i + F.length, FORMULA_ATTRS, tag);
            if (i < 0) return giveUp();
            cell.f = true;
            const ft = tag.attrs[0];
            const ref = tag.attrs[1];
            if (ownsFormula(ft, ref)) owner = true;
            if (!tag.selfClosing) {
              const e = text.indexOf('<', i);
              if (e < 0 || !text.startsWith(F_END, e)) return giveUp();
              i = e + F_END.length;
            }
          } else if (text.startsWith(IS, i)) {
            i = readPlainT(text, skipSpace(i + IS.length), T, T_END, tag);
            if (i < 0) return giveUp();
            cell.inline = (cell.inline ?? '') + tag.text;
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
