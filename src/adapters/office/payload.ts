/**
 * Turns a WritePlan into Office.js write operations packed into request batches.
 *
 * Pure (no Office.js), so the packing can be tested and reasoned about on its own.
 *
 * Why batches: Excel on the web refuses a request or a response over 5 MB
 * (RichApi error RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded),
 * and the request is everything queued before one `context.sync()`: Microsoft's
 * advice is to split the work and call `context.sync()` for each part so the parts
 * are not batched together again (learn.microsoft.com/office/dev/add-ins/excel/performance,
 * "Payload size limit best practices"; .../concepts/resource-limits-and-performance-optimization,
 * "Excel add-ins"). So each batch here becomes one sync, and a plan under the budget
 * (every realistic application list) is a single batch.
 */
import { cellAddress, columnLetter, columnTexts, parseRef, type WritePlan } from '../../core';
import type { ToolOp } from './tool-ops';

/** Budget per request, under the 5 MB that Excel on the web refuses; the margin covers framing we cannot see. */
export const DEFAULT_REQUEST_BUDGET = 4_000_000;

/**
 * Bytes we reckon for an operation besides its values: the object paths (getRange, format,
 * fill) and actions Office.js serialises for it. Not published; set on the high side.
 */
export const TEXT_OP_OVERHEAD = 400;
export const FILL_OP_OVERHEAD = 600;

/**
 * Longest address list we give `getRanges`: Excel's multi-area references have long been
 * capped at 255 characters (VBA's Range("…")); Office.js does not document its own cap.
 */
export const MAX_AREAS_ADDRESS = 255;

/** Number format that makes Excel keep what is written as literal text. */
export const TEXT_FORMAT = '@';

/** Literal text for a rectangle: its number format goes to `@` first, then the values. */
export interface TextOp {
  kind: 'text';
  address: string;
  values: string[][];
  /** `@` for every cell, parallel to `values`. */
  formats: string[][];
  /** Estimated request bytes of both assignments. */
  bytes: number;
  /** Bytes of the `values` assignment alone (JSON, UTF-8). */
  valueBytes: number;
}

export interface FillOp {
  kind: 'fill';
  /** One rectangle, or with `areas` a comma-separated list of them for `getRanges` (ExcelApi 1.9). */
  address: string;
  areas: boolean;
  color: string;
  bytes: number;
}

/** Text blocks and fills of the tool's columns, and the plan's other parts (tool-ops.ts). */
export type WriteOp = TextOp | FillOp | ToolOp;

/** UTF-8 length of a string without allocating (TextEncoder would copy megabytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Size of a value as it travels: its JSON text, in UTF-8 bytes. */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value));
}

/** A row `["@"]` plus its comma in the numberFormat array. */
const FORMAT_ROW_BYTES = jsonBytes([TEXT_FORMAT]) + 1;

function textOp(address: string, values: string[][]): TextOp {
  const formats = values.map((row) => row.map(() => TEXT_FORMAT));
  const valueBytes = jsonBytes(values);
  const bytes = TEXT_OP_OVERHEAD + 2 * address.length + valueBytes + jsonBytes(formats);
  return { kind: 'text', address, values, formats, valueBytes, bytes };
}

/** Excel keeps at most this many characters in a cell; Office.js refuses longer values. */
export const EXCEL_CELL_TEXT_LIMIT = 32_767;

/** The first planned text Excel could not hold, so the write can be refused before anything is sent. */
export function overlongText(plan: WritePlan): { address: string; length: number } | null {
  for (const h of plan.headers) {
    if (h.text.length > EXCEL_CELL_TEXT_LIMIT) return { address: cellAddress(h.row, h.col), length: h.text.length };
  }
  for (const block of plan.blocks) {
    const values = columnTexts(block.values);
    const i = values.findIndex((v) => v.length > EXCEL_CELL_TEXT_LIMIT);
    if (i >= 0) return { address: cellAddress(block.top + i, block.col), length: values[i].length };
  }
  for (const c of plan.cells ?? []) {
    if (typeof c.value === 'string' && c.value.length > EXCEL_CELL_TEXT_LIMIT) return { address: cellAddress(c.row, c.col), length: c.value.length };
  }
  return null;
}

/** The same for the tool's own sheets, whose rows land where the sheet's last row says. */
export function overlongSheetText(ops: readonly WriteOp[]): { sheet: string; address: string; length: number } | null {
  for (const op of ops) {
    if (op.kind !== 'cells') continue;
    const at = parseRef(op.address.split(':')[0]);
    for (let r = 0; r < op.values.length; r++) {
      for (let c = 0; c < op.values[r].length; c++) {
        const v = op.values[r][c];
        if (typeof v === 'string' && v.length > EXCEL_CELL_TEXT_LIMIT && at) {
          return { sheet: op.sheet, address: cellAddress(at[0] + r, at[1] + c), length: v.length };
        }
      }
    }
  }
  return null;
}

/** Groups sorted column numbers into runs of neighbours: [3,4,5,8] → [[3,5],[8,8]]. */
export function columnRuns(columns: readonly number[]): [number, number][] {
  const sorted = [...new Set(columns)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const c of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else runs.push([c, c]);
  }
  return runs;
}

function fillOp(address: string, color: string, areas: boolean): FillOp {
  return { kind: 'fill', address, areas, color, bytes: FILL_OP_OVERHEAD + address.length + color.length };
}

export interface PlanOptions {
  budget?: number;
  /**
   * Paint fills through `worksheet.getRanges` (RangeAreas, ExcelApi 1.9): all rectangles of
   * one colour in a few operations instead of one per run, which matters when statuses
   * alternate row by row (10 000 runs would be ~6 MB of requests on their own).
   */
  rangeAreas?: boolean;
}

/** Collects operations into requests of at most `budget` bytes. */
class Batcher {
  readonly batches: WriteOp[][] = [];
  private current: WriteOp[] = [];
  used = 0;
  constructor(readonly budget: number) {}

  /** Adds an operation, opening a new request when it would not fit. */
  add(op: WriteOp): void {
    if (this.current.length > 0 && this.used + op.bytes > this.budget) this.close();
    this.current.push(op);
    this.used += op.bytes;
  }

  close(): void {
    if (this.current.length > 0) this.batches.push(this.current);
    this.current = [];
    this.used = 0;
  }
}

/**
 * Adds one column of text, split into row chunks exactly where the current request is full,
 * so a large write needs about total/budget requests and never one over the budget.
 */
function addColumn(batcher: Batcher, col: number, top: number, values: readonly string[]): void {
  const letter = columnLetter(col);
  // Framing of one text operation: overhead, the longest address we can produce (twice), brackets.
  const fixed = TEXT_OP_OVERHEAD + 2 * (2 * letter.length + 16) + 4;
  let start = 0;
  let size = 0;
  const push = (end: number) => {
    const rows = values.slice(start, end).map((v) => [v]);
    batcher.add(textOp(`${letter}${top + start}:${letter}${top + end - 1}`, rows));
  };
  for (let i = 0; i < values.length; i++) {
    // `["text"],` in the values array and `["@"],` in the formats array.
    const rowBytes = jsonBytes(values[i]) + 3 + FORMAT_ROW_BYTES;
    if (batcher.used + fixed + size + rowBytes > batcher.budget) {
      if (i > start) push(i);
      batcher.close();
      start = i;
      size = 0;
    }
    size += rowBytes;
  }
  if (values.length > start) push(values.length);
}

/**
 * The plan as requests: `extra.before`, headers, text blocks, fills, `extra.after`, in that order;
 * each inner array is one `context.sync()`. A plan under the budget (every realistic application
 * list) is one.
 */
export function planBatches(plan: WritePlan, options: PlanOptions = {}, extra: { before?: readonly ToolOp[]; after?: readonly ToolOp[] } = {}): WriteOp[][] {
  const batcher = new Batcher(options.budget ?? DEFAULT_REQUEST_BUDGET);
  // Operations that must precede the texts (a column added to a table shifts the cells it lands on).
  for (const op of extra.before ?? []) batcher.add(op);
  // Headers created side by side on one row go as one range.
  const headers = [...plan.headers].sort((a, b) => a.row - b.row || a.col - b.col);
  for (let i = 0; i < headers.length; ) {
    let j = i + 1;
    while (j < headers.length && headers[j].row === headers[i].row && headers[j].col === headers[j - 1].col + 1) j++;
    const run = headers.slice(i, j);
    const first = run[0];
    const last = run[run.length - 1];
    batcher.add(textOp(`${cellAddress(first.row, first.col)}:${cellAddress(last.row, last.col)}`, [run.map((h) => h.text)]));
    i = j;
  }
  for (const block of plan.blocks) addColumn(batcher, block.col, block.top, columnTexts(block.values));
  const runs = columnRuns(plan.fillColumns);
  // Rectangles per colour, colours in order of first appearance.
  const byColor = new Map<string, string[]>();
  for (const fill of plan.fills) {
    if (fill.count <= 0) continue;
    for (const [from, to] of runs) {
      const address = `${cellAddress(fill.top, from)}:${cellAddress(fill.top + fill.count - 1, to)}`;
      if (!options.rangeAreas) batcher.add(fillOp(address, fill.color, false));
      else {
        const list = byColor.get(fill.color);
        if (list) list.push(address);
        else byColor.set(fill.color, [address]);
      }
    }
  }
  for (const [color, addresses] of byColor) {
    let list = '';
    for (const address of addresses) {
      if (list && list.length + 1 + address.length > MAX_AREAS_ADDRESS) {
        batcher.add(fillOp(list, color, true));
        list = '';
      }
      list = list ? `${list},${address}` : address;
    }
    if (list) batcher.add(fillOp(list, color, true));
  }
  // Person cells, lists, the table or filter over the new columns, the tool's sheets: after the texts.
  for (const op of extra.after ?? []) batcher.add(op);
  batcher.close();
  return batcher.batches;
}
