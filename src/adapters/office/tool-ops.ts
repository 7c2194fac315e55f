/**
 * The parts of a WritePlan beyond the tool's text columns, as Office.js operations: person cells,
 * drop-down lists, the tool's own sheets (Logg, Styrelseunderlag), and keeping rows together
 * (the applications' Excel table or the sheet's autofilter extended over the tool's columns).
 *
 * Pure (no Office.js): the adapter hands in what it learned while describing and reading the
 * workbook (table and filter ranges, the last used row of each sheet) and what this Excel
 * supports, so everything is planned before the one write sync.
 */
import { cellAddress, columnLetter, type SheetWrite, type WritePlan } from '../../core';
import { chartOp, type ChartOp } from './chart';
import { jsonBytes, TEXT_FORMAT } from './payload';

/** A rectangle on a sheet, 1-based and inclusive. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function boxAddress(b: Box): string {
  return `${cellAddress(b.top, b.left)}:${cellAddress(b.bottom, b.right)}`;
}

/** What the adapter knows about the workbook when it writes (learned in the describe and read syncs). */
export interface WorkbookLayout {
  /** Excel tables with their whole range (header row included). */
  tables: { name: string; sheet: string; range: Box }[];
  /** The sheet autofilter of a sheet, with the criteria of its filtered columns (0-based into the range). */
  autoFilters: Map<string, { range: Box; criteria: { column: number; criteria: Excel.FilterCriteria }[] }>;
  /** The last row with a value on each existing sheet (0 when it is empty). */
  lastRows: Map<string, number>;
  /** Names of the charts on tool sheets that get a chart, learned before the write (chart.ts). */
  charts?: Map<string, string[]>;
}

/** Requirement sets this Excel supports, by what they give the adapter. */
export interface Capabilities {
  /** ExcelApi 1.13: `table.resize`. */
  tableResize: boolean;
  /** ExcelApi 1.4: `table.columns.add(null, null, name)` appends a named column. */
  tableAddColumn: boolean;
  /** ExcelApi 1.4: `getUsedRangeOrNullObject`, `getItemOrNullObject`. */
  nullObjects: boolean;
  /** ExcelApi 1.9: `worksheet.autoFilter`. */
  autoFilter: boolean;
  /** ExcelApi 1.8: `range.dataValidation`. */
  dataValidation: boolean;
  /** ExcelApi 1.9: `worksheet.pageLayout`. */
  pageLayout: boolean;
}

export const ALL_CAPABILITIES: Capabilities = { tableResize: true, tableAddColumn: true, nullObjects: true, autoFilter: true, dataValidation: true, pageLayout: true };

/** Literal text (`@`), numbers or empty cells on any sheet; `formats` is assigned before `values`, or not at all when null (the cells keep theirs). */
export interface CellsOp {
  kind: 'cells';
  sheet: string;
  address: string;
  values: (string | number)[][];
  formats: string[][] | null;
  bytes: number;
}

export type ToolOp =
  | CellsOp
  | { kind: 'add-sheet'; sheet: string; bytes: number }
  | { kind: 'clear-sheet'; sheet: string; bytes: number }
  | { kind: 'bold'; sheet: string; address: string; bytes: number }
  /** Cells aligned to the top (the rows written, where some of their text wraps). */
  | { kind: 'top'; sheet: string; address: string; bytes: number }
  /** Text wrapped (a column of the rows written). */
  | { kind: 'wrap'; sheet: string; address: string; bytes: number }
  | { kind: 'column-width'; sheet: string; column: string; points: number; bytes: number }
  | { kind: 'print'; sheet: string; landscape: boolean; titleRows: string | null; fitToWidth: boolean; bytes: number }
  | { kind: 'list'; sheet: string; address: string; source: string; bytes: number }
  | { kind: 'table-resize'; table: string; address: string; bytes: number }
  | { kind: 'table-add-columns'; table: string; names: string[]; bytes: number }
  | { kind: 'autofilter'; sheet: string; address: string; criteria: { column: number; criteria: Excel.FilterCriteria }[]; bytes: number }
  | ChartOp;

/** Bytes we reckon for an operation besides its values (paths and method names), as in payload.ts. */
const OP_OVERHEAD = 300;

function cellsOp(sheet: string, top: number, left: number, rows: (string | number | null)[][], numberFormats?: (string | null)[]): CellsOp {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 1); // no spread: a sheet may have 100 000+ rows
  const values = rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? ''));
  const formats = rows.map((r) =>
    Array.from({ length: width }, (_, c) => {
      const v = r[c] ?? null;
      // Text as literal text: a value starting with =, +, - or @ must never become a formula.
      if (typeof v === 'string') return TEXT_FORMAT;
      return typeof v === 'number' ? (numberFormats?.[c] ?? 'General') : 'General';
    }),
  );
  const address = boxAddress({ top, left, bottom: top + rows.length - 1, right: left + width - 1 });
  return { kind: 'cells', sheet, address, values, formats, bytes: OP_OVERHEAD + 2 * address.length + jsonBytes(values) + jsonBytes(formats) };
}

/**
 * Rows of a tool sheet in operations of at most about CHUNK_BYTES each, so a long log or board
 * sheet is packed into requests under the 5 MB limit like the text columns are (one op is never split).
 */
export const CHUNK_BYTES = 1_000_000;

function chunkedCells(sheet: string, top: number, rows: (string | number | null)[][], numberFormats?: (string | null)[]): CellsOp[] {
  const ops: CellsOp[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    // The row's values and about as much again for its formats.
    const rowBytes = 2 * jsonBytes(rows[i]) + 8;
    if (i > start && size + rowBytes > CHUNK_BYTES) {
      ops.push(cellsOp(sheet, top + start, 1, rows.slice(start, i), numberFormats));
      start = i;
      size = 0;
    }
    size += rowBytes;
  }
  if (rows.length > start) ops.push(cellsOp(sheet, top + start, 1, rows.slice(start), numberFormats));
  return ops;
}

/** Excel's column width is in points; the plan gives characters of the default font (about 7 px each, plus padding). */
export function charactersToPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

/** Excel refuses a list source longer than this (the 255-character limit of a validation formula). */
export const LIST_SOURCE_LIMIT = 255;

/** The highest column the plan writes on its sheet, created headers included. */
function rightmostToolColumn(plan: WritePlan): number {
  let right = 0;
  for (const c of plan.fillColumns) right = Math.max(right, c);
  for (const h of plan.headers) right = Math.max(right, h.col);
  for (const b of plan.blocks) right = Math.max(right, b.col);
  return right;
}

/** The first data row the plan writes, to find the table or filter the applications live in. */
function firstDataRow(plan: WritePlan): number | null {
  let top: number | null = null;
  for (const b of plan.blocks) if (b.values.length > 0) top = top === null ? b.top : Math.min(top, b.top);
  return top;
}

function headerRowOf(plan: WritePlan): number | null {
  return plan.headers.length > 0 ? plan.headers[0].row : null;
}

/**
 * Table or filter operations that keep each row's texts with its application. Only when the
 * applications' header row is the table's (filter's) top row and the tool's columns lie to its right.
 * `before` must run before the texts are written (a column added to a table shifts the cells it
 * lands on), `after` once they are (a resized table takes the header cells as column names).
 */
export function keepRowsTogether(plan: WritePlan, layout: WorkbookLayout, caps: Capabilities): { before: ToolOp[]; after: ToolOp[] } {
  const before: ToolOp[] = [];
  const after: ToolOp[] = [];
  const right = rightmostToolColumn(plan);
  const firstRow = firstDataRow(plan);
  const headerRow = headerRowOf(plan);
  if (right === 0) return { before, after };
  const holds = (range: Box) =>
    (headerRow !== null ? range.top === headerRow : firstRow !== null && range.top < firstRow && firstRow <= range.bottom) && range.right < right;

  const table = layout.tables.find((t) => t.sheet === plan.sheet && holds(t.range));
  if (table) {
    const extended = { ...table.range, right };
    if (caps.tableResize) {
      after.push({ kind: 'table-resize', table: table.name, address: boxAddress(extended), bytes: OP_OVERHEAD });
    } else if (caps.tableAddColumn) {
      // Without resize: named columns appended at the table's end, only when every column between
      // the table and the tool's last one is a header the run creates now (so its cells are empty).
      const created = new Map(plan.headers.map((h) => [h.col, h.text]));
      const names: string[] = [];
      for (let c = table.range.right + 1; c <= right; c++) {
        const name = created.get(c);
        if (name === undefined) return { before: [], after: [] };
        names.push(name);
      }
      before.push({ kind: 'table-add-columns', table: table.name, names, bytes: OP_OVERHEAD + jsonBytes(names) });
    }
    return { before, after };
  }
  const filter = caps.autoFilter ? layout.autoFilters.get(plan.sheet) : undefined;
  if (filter && holds(filter.range)) {
    const address = boxAddress({ ...filter.range, right });
    after.push({ kind: 'autofilter', sheet: plan.sheet, address, criteria: filter.criteria, bytes: OP_OVERHEAD + jsonBytes(filter.criteria) });
  }
  return { before, after };
}

/**
 * The person cells: text as literal text, numbers as numbers, null clears the cell. One operation per cell
 * (they are few). A number or a cleared cell keeps the cell's own number format (the currency format a
 * person gave Beslutat belopp); only text gets `@`, so that it can never turn into a formula.
 */
export function personCellOps(plan: WritePlan): ToolOp[] {
  return (plan.cells ?? []).map((c) => {
    const op = cellsOp(plan.sheet, c.row, c.col, [[c.value]]);
    return typeof c.value === 'string' ? op : { ...op, formats: null, bytes: op.bytes - jsonBytes(op.formats) };
  });
}

/** Drop-down lists; skipped where this Excel has no data validation or the choices cannot be listed. */
export function listOps(plan: WritePlan, caps: Capabilities): ToolOp[] {
  if (!caps.dataValidation) return [];
  const ops: ToolOp[] = [];
  for (const v of plan.validations ?? []) {
    if (v.toRow < v.fromRow || v.choices.length === 0) continue;
    // A comma separates choices in the source; a choice holding one cannot be listed this way.
    if (v.choices.some((c) => c.includes(','))) continue;
    const source = v.choices.join(',');
    if (source.length > LIST_SOURCE_LIMIT) continue;
    const address = boxAddress({ top: v.fromRow, left: v.col, bottom: v.toRow, right: v.col });
    ops.push({ kind: 'list', sheet: plan.sheet, address, source, bytes: OP_OVERHEAD + source.length + address.length });
  }
  return ops;
}

/** A tool sheet: created when missing; `append` below its last used row, `replace` cleared and rewritten. */
export function sheetOps(write: SheetWrite, layout: WorkbookLayout, caps: Capabilities): ToolOp[] {
  const ops: ToolOp[] = [];
  // Excel's sheet names are unique whatever their case: an existing `logg` is the Logg.
  const wanted = write.name.toLocaleLowerCase('sv');
  const existing = [...layout.lastRows.keys()].find((n) => n.toLocaleLowerCase('sv') === wanted);
  const name = existing ?? write.name;
  const exists = existing !== undefined;
  if (!exists) ops.push({ kind: 'add-sheet', sheet: name, bytes: OP_OVERHEAD + name.length });
  const lastRow = exists ? layout.lastRows.get(name)! : 0;
  const rebuilt = write.mode === 'replace' || lastRow === 0;
  if (write.mode === 'replace' && exists) ops.push({ kind: 'clear-sheet', sheet: name, bytes: OP_OVERHEAD });

  const rows: (string | number | null)[][] = rebuilt ? [write.header, ...write.rows] : write.rows;
  const top = rebuilt ? 1 : lastRow + 1;
  ops.push(...chunkedCells(name, top, rows, write.numberFormats));

  const width = rows.reduce((w, r) => Math.max(w, r.length), 1);
  const boldRow = (row: number) => ops.push({ kind: 'bold', sheet: name, address: boxAddress({ top: row, left: 1, bottom: row, right: width }), bytes: OP_OVERHEAD });
  if (rebuilt && write.header.length > 0) boldRow(1);
  const firstDataRow = rebuilt ? 2 : top;
  for (const i of write.boldRows ?? []) if (i >= 0 && i < write.rows.length) boldRow(firstDataRow + i);
  // Only the rows written now: an appended sheet's earlier rows keep their format. Every cell of them
  // at the top, so a number stays beside the first line of its row's wrapped text.
  const wrap = [...new Set(write.wrapColumns ?? [])].filter((c) => c >= 0);
  if (rows.length > 0 && wrap.length > 0) {
    const bottom = top + rows.length - 1;
    ops.push({ kind: 'top', sheet: name, address: boxAddress({ top, left: 1, bottom, right: Math.max(width, ...wrap.map((c) => c + 1)) }), bytes: OP_OVERHEAD });
    for (const c of wrap) ops.push({ kind: 'wrap', sheet: name, address: boxAddress({ top, left: c + 1, bottom, right: c + 1 }), bytes: OP_OVERHEAD });
  }

  if (rebuilt) {
    (write.columnWidths ?? []).forEach((chars, i) => {
      if (chars > 0) ops.push({ kind: 'column-width', sheet: name, column: columnLetter(i + 1), points: charactersToPoints(chars), bytes: OP_OVERHEAD });
    });
    if (write.print && caps.pageLayout) {
      ops.push({ kind: 'print', sheet: name, landscape: write.print.landscape, titleRows: write.print.repeatHeaderRow ? '$1:$1' : null, fitToWidth: write.print.fitToWidth, bytes: OP_OVERHEAD });
    }
    const chart = chartOp(write, name, firstDataRow, layout.charts?.get(name) ?? []);
    if (chart) ops.push(chart);
  }
  return ops;
}

/** Every operation of the plan's extended parts, split by when it must run relative to the tool's columns. */
export function planToolOps(plan: WritePlan, layout: WorkbookLayout, caps: Capabilities): { before: ToolOp[]; after: ToolOp[] } {
  const rows = keepRowsTogether(plan, layout, caps);
  const after: ToolOp[] = [...personCellOps(plan), ...listOps(plan, caps), ...rows.after];
  for (const write of plan.sheets ?? []) after.push(...sheetOps(write, layout, caps));
  return { before: rows.before, after };
}

/** The sheets a plan writes to besides its own (for the protection check). */
export function toolSheetNames(plan: WritePlan): string[] {
  return (plan.sheets ?? []).map((s) => s.name);
}
