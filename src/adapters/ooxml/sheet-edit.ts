/**
 * The assessed sheet's edit: the write plan's cells worked out row by row and spliced into the
 * sheet's text, with its dimension and drop-down lists; every other byte of the sheet as it was.
 */
import { cellAddress, columnLetter, parseRange, rangeAddress, WorkbookError, type WritePlan } from '../../core';
import { inlineStringCell, insertionPoint } from './cells';
import type { RowScan, SheetScan } from './sheet';
import { Splicer, type Replacement, type Span } from './splice';
import type { Styles } from './styles';
import { Utf8Sink } from './utf8-sink';
import { escapeText } from './xml';
import type { DeflatedData, PartDeflater } from './zip';

type Content = { type: 'text'; text: string } | { type: 'number'; value: number } | { type: 'empty' } | { type: 'keep' };

interface CellWriteOp {
  col: number;
  content: Content;
  /** Base style: the cell's own, or the header neighbour's. */
  base: 'cell' | number;
  text: boolean;
  fill?: string;
}

const KEEP: Content = { type: 'keep' };
const EMPTY: Content = { type: 'empty' };

/** A row of the sheet the edit rewrites, or creates, at a place in the text. */
interface RowEdit extends Span {
  r: number;
  row: RowScan | null;
}

/** Edits outside the rows (dimension, validations, the sheet's autofilter): text for a span. */
type TextEdit = Replacement;

/**
 * The assessed sheet's edit. The plan is kept as it came (blocks, fills, single cells); each
 * row's cells are worked out and written when the row is reached, so no cell or text of the
 * whole sheet is held at once: at 50 000 rows that was some 500 000 small objects and their texts.
 */
export class SheetEdit {
  /** The spliced sheet: UTF-8 bytes, or compressed while written when the codec has a deflater. */
  result: Uint8Array | DeflatedData = new Uint8Array(0);
  /** Edits decided outside the rows (the sheet's autofilter). */
  readonly extra: TextEdit[] = [];
  /** Created headers and person cells, by row: few. */
  private readonly headerOps = new Map<number, CellWriteOp[]>();
  private readonly cellOps = new Map<number, CellWriteOp[]>();
  private blocks: WritePlan['blocks'] = [];
  private fills: { top: number; count: number; argb: string }[] = [];
  private fillColumns: number[] = [];
  private maxRow = 0;
  private maxCol = 0;
  private validations: NonNullable<WritePlan['validations']> = [];

  constructor(
    readonly sheetName: string,
    readonly scan: SheetScan,
    readonly styles: Styles,
    private readonly deflater: PartDeflater | null = null,
  ) {}

  private check(row: number, col: number): void {
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1 || row > 1048576 || col > 16384) {
      throw new WorkbookError(`Kan inte skriva utanför bladet "${this.sheetName}" (rad ${row}, kolumn ${col}).`);
    }
  }

  private reach(row: number, col: number): void {
    this.check(row, col);
    if (row > this.maxRow) this.maxRow = row;
    if (col > this.maxCol) this.maxCol = col;
  }

  private singleOp(ops: Map<number, CellWriteOp[]>, row: number, col: number): CellWriteOp {
    this.reach(row, col);
    let list = ops.get(row);
    if (!list) ops.set(row, (list = []));
    let o = list.find((x) => x.col === col);
    if (!o) list.push((o = { col, content: KEEP, base: 'cell', text: false }));
    return o;
  }

  private index: Map<number, RowScan> | null = null;
  private rowScan(r: number): RowScan | undefined {
    this.index ??= new Map(this.scan.rows.map((row) => [row.r, row]));
    return this.index.get(r);
  }

  plan(plan: WritePlan): void {
    for (const h of plan.headers) {
      const o = this.singleOp(this.headerOps, h.row, h.col);
      const neighbour = this.neighbourStyle(h.row, h.col);
      o.content = { type: 'text', text: h.text };
      o.base = neighbour ?? 'cell';
      o.text = true;
    }
    for (const block of plan.blocks) {
      if (block.values.length === 0) continue;
      this.reach(block.top, block.col);
      this.reach(block.top + block.values.length - 1, block.col);
    }
    this.blocks = plan.blocks.filter((b) => b.values.length > 0);
    this.fillColumns = [...plan.fillColumns];
    this.fills = plan.fills
      .filter((run) => run.count > 0)
      .map((run) => ({ top: run.top, count: run.count, argb: toArgb(run.color, plan.sheet) }))
      .sort((a, b) => a.top - b.top);
    for (const run of this.fills) {
      for (const col of this.fillColumns) {
        this.reach(run.top, col);
        this.reach(run.top + run.count - 1, col);
      }
    }
    for (const c of plan.cells ?? []) {
      const o = this.singleOp(this.cellOps, c.row, c.col);
      o.content = c.value === null ? EMPTY : typeof c.value === 'number' ? { type: 'number', value: c.value } : { type: 'text', text: c.value };
    }
    this.validations = plan.validations ?? [];
    // Refuse before anything changes: a cell other cells' formulas are defined by.
    const table = this.scan.cells;
    for (const row of this.scan.rows) {
      for (let i = row.first; i < row.first + row.count; i++) {
        if (!table.formulaOwner(i)) continue;
        const col = table.col(i);
        const op = this.opsOf(row.r).find((o) => o.col === col);
        if (op && op.content.type !== 'keep') {
          throw new WorkbookError(
            `Cellen ${cellAddress(row.r, col)} på bladet "${this.sheetName}" bär en formel som andra celler delar; verktyget skriver inte över den. Flytta formeln och försök igen.`,
          );
        }
      }
    }
  }

  /** The style of the last cell with a value left of `col` on row `r`: a created header looks like its neighbour. */
  private neighbourStyle(r: number, col: number): number | null {
    const row = this.rowScan(r);
    const table = this.scan.cells;
    let style: number | null = null;
    if (row) for (let i = row.first; i < row.first + row.count; i++) if (table.col(i) < col && table.hasValue(i)) style = table.s(i);
    return style;
  }

  /** The fill run holding row `r`, if any (runs sorted by top, not overlapping). */
  private fillOf(r: number): string | undefined {
    const fills = this.fills;
    let lo = 0;
    let hi = fills.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const f = fills[mid];
      if (r < f.top) hi = mid - 1;
      else if (r >= f.top + f.count) lo = mid + 1;
      else return f.argb;
    }
    return undefined;
  }

  /** Row `r`'s cells to write, by column: headers, then blocks, fills and person cells over them, as the plan orders them. */
  private opsOf(r: number): CellWriteOp[] {
    const ops: CellWriteOp[] = [];
    const at = (col: number) => {
      for (const o of ops) if (o.col === col) return o;
      const o: CellWriteOp = { col, content: KEEP, base: 'cell', text: false };
      ops.push(o);
      return o;
    };
    for (const h of this.headerOps.get(r) ?? []) {
      const o = at(h.col);
      o.content = h.content;
      o.base = h.base;
      o.text = true;
    }
    for (const block of this.blocks) {
      const i = r - block.top;
      if (i < 0 || i >= block.values.length) continue;
      const text = block.values.at(i) ?? '';
      const o = at(block.col);
      o.content = text === '' ? EMPTY : { type: 'text', text };
      o.text = true;
    }
    const fill = this.fills.length > 0 ? this.fillOf(r) : undefined;
    if (fill !== undefined) for (const col of this.fillColumns) at(col).fill = fill;
    // Person cells (plan.cells) last: they carry no base or text flag of their own.
    for (const c of this.cellOps.get(r) ?? []) at(c.col).content = c.content;
    // Usually made in column order already (the blocks are): sorted only when not.
    for (let i = 1; i < ops.length; i++) if (ops[i].col < ops[i - 1].col) return ops.sort((a, b) => a.col - b.col);
    return ops;
  }

  /** Rows with something to write, ascending. */
  private rowsToWrite(): number[] {
    const rows = new Set<number>([...this.headerOps.keys(), ...this.cellOps.keys()]);
    for (const b of this.blocks) for (let i = 0; i < b.values.length; i++) rows.add(b.top + i);
    if (this.fillColumns.length > 0) for (const f of this.fills) for (let i = 0; i < f.count; i++) rows.add(f.top + i);
    return [...rows].sort((a, b) => a - b);
  }

  /** Splices the rows; returns addresses of cells whose formula was replaced. */
  async apply(): Promise<string[]> {
    const { scan } = this;
    const text = scan.text;
    const p = scan.prefix ? `${scan.prefix}:` : '';
    const formulasRemoved: string[] = [];
    // Existing rows by number in text order; a new row goes before the first existing row below it.
    const sortedRows = [...scan.rows].sort((a, b) => a.r - b.r);
    const rowEdits: RowEdit[] = [];
    let next = 0;
    for (const r of this.rowsToWrite()) {
      const row = this.rowScan(r) ?? null;
      if (row) {
        rowEdits.push({ from: row.start, to: row.end, r, row });
        continue;
      }
      while (next < sortedRows.length && sortedRows[next].r <= r) next++;
      const at = next < sortedRows.length ? sortedRows[next].start : scan.sheetDataClose;
      if (at < 0) throw new WorkbookError(`Bladet "${this.sheetName}" har inga rader att skriva i.`);
      rowEdits.push({ from: at, to: at, r, row: null });
    }
    const others: TextEdit[] = [];
    this.editDimension(others);
    this.addValidations(others, p);
    others.push(...this.extra);
    const edits: (RowEdit | TextEdit)[] = [...rowEdits, ...others];
    // Stable: new rows at one place stay in row order, an insertion before the row it precedes.
    edits.sort((a, b) => a.from - b.from || a.to - b.to);

    const out = new Utf8Sink(this.deflater);
    const splicer = new Splicer(text, out);
    for (const e of edits) {
      splicer.cut(e);
      if ('text' in e) out.add(e.text);
      else this.writeRow(out, e.r, e.row, p, formulasRemoved);
      // The deflater's finished pieces are let go only when the event loop turns.
      const ready = out.ready();
      if (ready) await ready;
    }
    splicer.finish();
    this.result = out.finish();
    return formulasRemoved;
  }

  /** One row: its cells in column order, every existing cell not written and the text between cells copied as it was. */
  private writeRow(out: Utf8Sink, r: number, row: RowScan | null, p: string, formulasRemoved: string[]): void {
    const text = this.scan.text;
    const ops = this.opsOf(r);
    if (!row) {
      out.add(`<${p}row r="${r}">`);
      for (const op of ops) out.add(this.cellXml(r, op, null, p));
      out.add(`</${p}row>`);
      return;
    }
    const table = this.scan.cells;
    const end = row.first + row.count;
    let lastCol = ops.length > 0 ? ops[ops.length - 1].col : 0;
    for (let i = row.first; i < end; i++) if (table.col(i) > lastCol) lastCol = table.col(i);
    const openTag = updateSpans(text.slice(row.start, row.openEnd), lastCol);
    if (row.selfClosing) {
      out.add(openTag.replace(/\s*\/>$/u, '>'));
      for (const op of ops) out.add(this.cellXml(r, op, null, p));
      out.add(`</${p}row>`);
      return;
    }
    out.add(openTag);
    // Cells stand in column order in a sheet Excel wrote; a row that does not is spliced by place in the text.
    let ordered = true;
    for (let i = row.first + 1; i < end; i++) if (table.col(i) <= table.col(i - 1)) ordered = false;
    const splices: Replacement[] = [];
    let next = row.first;
    for (const op of ops) {
      while (next < end && table.col(next) < op.col) next++;
      let existing = next < end && table.col(next) === op.col ? next : -1;
      if (!ordered) for (let i = row.first; i < end && existing < 0; i++) if (table.col(i) === op.col) existing = i;
      if (existing >= 0) {
        if (table.hasFormula(existing) && op.content.type !== 'keep') formulasRemoved.push(cellAddress(r, op.col));
        const xml = this.cellXml(r, op, { s: table.s(existing), xml: text.slice(table.start(existing), table.end(existing)) }, p);
        splices.push({ from: table.start(existing), to: table.end(existing), text: xml });
        continue;
      }
      // Before the first existing cell to its right, else before the row's end tag.
      const before = next < end ? table.start(next) : text.lastIndexOf('</', row.end - 1);
      splices.push({ from: before, to: before, text: this.cellXml(r, op, null, p) });
    }
    if (!ordered) splices.sort((a, b) => a.from - b.from || a.to - b.to);
    const splicer = new Splicer(text, out, row.openEnd);
    for (const sp of splices) {
      splicer.cut(sp);
      out.add(sp.text);
    }
    splicer.finish(row.end);
  }

  private cellXml(r: number, op: CellWriteOp, existing: { s: number; xml: string } | null, p: string): string {
    const base = op.base === 'cell' ? (existing ? existing.s : this.baseFor(r, op.col)) : op.base;
    const s = op.text || op.fill ? this.derived(base, op.text, op.fill) : base;
    const ref = `${this.letters(op.col)}${r}`;
    switch (op.content.type) {
      case 'keep':
        return existing ? setCellStyle(existing.xml, s) : `<${p}c r="${ref}"${s ? ` s="${s}"` : ''}/>`;
      case 'empty':
        return `<${p}c r="${ref}"${s ? ` s="${s}"` : ''}/>`;
      case 'number':
        return `<${p}c r="${ref}"${s ? ` s="${s}"` : ''}><${p}v>${String(op.content.value)}</${p}v></${p}c>`;
      case 'text':
        return inlineStringCell(p, ref, s, op.content.text);
    }
  }

  /** Styles.derive for a tool cell, remembered by base style, text and fill: asked once per cell, some 60 000 times at 10 000 rows. */
  private readonly derivedStyles = new Map<number, [plain: Map<string, number>, text: Map<string, number>]>();
  private derived(base: number, text: boolean, fill: string | undefined): number {
    let byBase = this.derivedStyles.get(base);
    if (!byBase) this.derivedStyles.set(base, (byBase = [new Map(), new Map()]));
    const byFill = byBase[text ? 1 : 0];
    let s = byFill.get(fill ?? '');
    if (s === undefined) byFill.set(fill ?? '', (s = this.styles.derive(base, { text, fill })));
    return s;
  }

  /** Column letters by column, made once. */
  private readonly columnLetters = new Map<number, string>();
  private letters(col: number): string {
    let l = this.columnLetters.get(col);
    if (l === undefined) this.columnLetters.set(col, (l = columnLetter(col)));
    return l;
  }

  /** The style an empty cell shows: its row's (customFormat), else its column's. */
  private baseFor(r: number, col: number): number {
    return this.rowScan(r)?.style ?? this.scan.cols.find((c) => col >= c.min && col <= c.max)?.style ?? 0;
  }

  private editDimension(edits: TextEdit[]): void {
    const dim = this.scan.children.find((c) => c.local === 'dimension');
    const range = dim?.ref ? parseRange(dim.ref) : null;
    if (!dim || !range) return;
    const right = Math.max(range.right, this.maxCol);
    const bottom = Math.max(range.bottom, this.maxRow);
    if (right === range.right && bottom === range.bottom) return;
    const tag = this.scan.text.slice(dim.start, dim.openEnd);
    const ref = rangeAddress({ ...range, right, bottom });
    edits.push({ from: dim.start, to: dim.openEnd, text: tag.replace(/(\sref\s*=\s*)(["'])[^"']*\2/u, `$1"${ref}"`) });
  }

  private addValidations(edits: TextEdit[], p: string): void {
    const fresh = this.validations.filter((v) => !this.scan.validationRefs.includes(validationRef(v)));
    if (fresh.length === 0) return;
    for (const v of fresh) {
      this.check(v.fromRow, v.col);
      this.check(v.toRow, v.col);
    }
    const items = fresh
      .map((v) => {
        const list = `"${v.choices.map((c) => c.replace(/"/gu, '""')).join(',')}"`;
        if (list.length > 257) throw new WorkbookError(`Listan för kolumn ${columnLetter(v.col)} på bladet "${this.sheetName}" är för lång för Excel.`);
        return `<${p}dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="${validationRef(v)}"><${p}formula1>${escapeText(list)}</${p}formula1></${p}dataValidation>`;
      })
      .join('');
    const existing = this.scan.children.find((c) => c.local === 'dataValidations');
    const text = this.scan.text;
    if (existing && !existing.selfClosing) {
      const close = text.lastIndexOf('</', existing.end - 1);
      const count = this.scan.validationRefs.length;
      const open = text.slice(existing.start, existing.openEnd);
      const all = open.match(/\scount\s*=\s*["'](\d+)["']/u)?.[1] ?? String(count);
      edits.push({ from: existing.start, to: existing.openEnd, text: open.replace(/(\scount\s*=\s*)(["'])\d*\2/u, `$1"${Number(all) + fresh.length}"`) });
      edits.push({ from: close, to: close, text: items });
      return;
    }
    const xml = `<${p}dataValidations count="${fresh.length}">${items}</${p}dataValidations>`;
    if (existing) {
      edits.push({ from: existing.start, to: existing.end, text: xml });
      return;
    }
    const at = insertionPoint(this.scan, 'dataValidations');
    edits.push({ from: at, to: at, text: xml });
  }

  /** Header texts the created columns finally carry (a table may need them unique). */
  renameHeader(row: number, col: number, text: string): void {
    const o = this.headerOps.get(row)?.find((x) => x.col === col);
    if (o) o.content = { type: 'text', text };
  }
}

function validationRef(v: { col: number; fromRow: number; toRow: number }): string {
  return rangeAddress({ top: v.fromRow, left: v.col, bottom: v.toRow, right: v.col });
}


function setCellStyle(xml: string, s: number): string {
  const end = xml.indexOf('>');
  const selfClosing = xml[end - 1] === '/';
  let tag = xml.slice(0, selfClosing ? end - 1 : end);
  if (/\ss\s*=\s*["'][^"']*["']/u.test(tag)) tag = tag.replace(/(\ss\s*=\s*)(["'])[^"']*\2/u, `$1"${s}"`);
  else tag += ` s="${s}"`;
  return `${tag}${selfClosing ? '/' : ''}${xml.slice(end)}`;
}

function updateSpans(openTag: string, lastCol: number): string {
  const m = /(\sspans\s*=\s*)(["'])(\d+):(\d+)\2/u.exec(openTag);
  if (!m || Number(m[4]) >= lastCol) return openTag;
  return openTag.replace(m[0], `${m[1]}"${m[3]}:${lastCol}"`);
}



function toArgb(color: string, sheet: string): string {
  const m = /^#?([0-9a-f]{6})$/iu.exec(color.trim());
  if (!m) throw new WorkbookError(`Ogiltig fyllnadsfärg "${color}" för bladet "${sheet}" (väntade #RRGGBB).`);
  return `FF${m[1].toUpperCase()}`;
}
