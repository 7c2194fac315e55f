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
import { cellAddress, columnLetter, type WritePlan } from '../../core/port';

/** Budget per request, under the 5 MB that Excel on the web refuses; the margin covers framing we cannot see. */
export const DEFAULT_REQUEST_BUDGET = 4_000_000;

/** Bytes we reckon for one queued action besides its value (ids, property names, JSON framing). */
export const ACTION_OVERHEAD = 200;

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
  address: string;
  color: string;
  bytes: number;
}

export type WriteOp = TextOp | FillOp;

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
  const bytes = 2 * (ACTION_OVERHEAD + address.length) + valueBytes + jsonBytes(formats);
  return { kind: 'text', address, values, formats, valueBytes, bytes };
}

/** Splits one column of text into row chunks whose request (values + formats) stays under the budget. */
export function chunkColumn(col: number, top: number, values: readonly string[], budget: number): TextOp[] {
  const ops: TextOp[] = [];
  const letter = columnLetter(col);
  // Room for the two actions' framing and the longest address we could produce.
  const room = budget - 2 * ACTION_OVERHEAD - 2 * (2 * letter.length + 16) - 2;
  let start = 0;
  let size = 0;
  const flush = (end: number) => {
    if (end <= start) return;
    const rows = values.slice(start, end).map((v) => [v]);
    ops.push(textOp(`${letter}${top + start}:${letter}${top + end - 1}`, rows));
    start = end;
    size = 0;
  };
  for (let i = 0; i < values.length; i++) {
    // `["text"],` in the values array and `["@"],` in the formats array.
    const rowBytes = jsonBytes(values[i]) + 3 + FORMAT_ROW_BYTES;
    if (size + rowBytes > room && i > start) flush(i);
    size += rowBytes;
  }
  flush(values.length);
  return ops;
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

/** Every write of the plan, in order: headers, text blocks, fills. */
export function planOps(plan: WritePlan, budget: number = DEFAULT_REQUEST_BUDGET): WriteOp[] {
  const ops: WriteOp[] = [];
  // Headers created side by side on one row go as one range.
  const headers = [...plan.headers].sort((a, b) => a.row - b.row || a.col - b.col);
  for (let i = 0; i < headers.length; ) {
    let j = i + 1;
    while (j < headers.length && headers[j].row === headers[i].row && headers[j].col === headers[j - 1].col + 1) j++;
    const run = headers.slice(i, j);
    const first = run[0];
    const last = run[run.length - 1];
    ops.push(textOp(`${cellAddress(first.row, first.col)}:${cellAddress(last.row, last.col)}`, [run.map((h) => h.text)]));
    i = j;
  }
  for (const block of plan.blocks) {
    if (block.values.length > 0) ops.push(...chunkColumn(block.col, block.top, block.values, budget));
  }
  const runs = columnRuns(plan.fillColumns);
  for (const fill of plan.fills) {
    if (fill.count <= 0) continue;
    for (const [from, to] of runs) {
      const address = `${cellAddress(fill.top, from)}:${cellAddress(fill.top + fill.count - 1, to)}`;
      ops.push({ kind: 'fill', address, color: fill.color, bytes: ACTION_OVERHEAD + address.length + fill.color.length });
    }
  }
  return ops;
}

/** Packs operations, in order, into batches of at most `budget` bytes; each batch is one `context.sync()`. */
export function packBatches(ops: readonly WriteOp[], budget: number = DEFAULT_REQUEST_BUDGET): WriteOp[][] {
  const batches: WriteOp[][] = [];
  let current: WriteOp[] = [];
  let size = 0;
  for (const op of ops) {
    if (current.length > 0 && size + op.bytes > budget) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(op);
    size += op.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
