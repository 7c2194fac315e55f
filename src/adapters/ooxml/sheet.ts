/**
 * One streaming pass over a worksheet part: every cell's value (as the ExcelJS adapter reads
 * it) and where each row and cell sits in the text, so a write splices the tool's cells in
 * and leaves every other byte of the sheet as it was. This is the general scanner, the reference;
 * sheetData of the usual shapes is read faster by plain-rows.ts.
 */
import { refColumn } from '../../core';
import { cellValue, checkCell, checkedRow, ownsFormula, rowStyle, tooManyRows } from './cell-values';
import { CellTable } from './cell-table';
import { LIMITS } from './limits';
import { decodeXmlText, fattr as attr, scanXml, type FastTag as Tag } from './fast-xml';
import { readPlainRows } from './plain-rows';
import type { Styles } from './styles';
import { NS, tagStart } from './xml';

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

function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true';
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
          if (ownsFormula(attr(tag, 't'), attr(tag, 'ref'))) cell.owner = true;
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
