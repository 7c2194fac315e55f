/**
 * A1 addresses: column letters and numbers, a cell's reference, a range. The one home of the
 * notation for the core, the file adapter and the rule sets' self-test. Pure: no host, no I/O.
 *
 * Reading is lenient where a file is (letters in either case, `$` in the row as Excel writes it
 * for an absolute reference) and says null for what is not a cell; it does not refuse a column
 * beyond XFD or a row beyond 1 048 576: the file adapter does that with a message naming the part.
 */

/** A rectangle of cells, 1-based and inclusive: `A1:C3` is top 1, left 1, bottom 3, right 3. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** 1-based column number to letters: 1 → A, 27 → AA, 16 384 → XFD. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `cellAddress(12, 28)` → `AB12`. */
export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

/** `{ top: 1, left: 1, bottom: 3, right: 28 }` → `A1:AB3`. */
export function rangeAddress(range: CellRange): string {
  return `${cellAddress(range.top, range.left)}:${cellAddress(range.bottom, range.right)}`;
}

/** Letters to their column number: `AB` → 28 (either case); null for anything but one or more letters A–Z. */
export function columnNumber(letters: string): number | null {
  const end = lettersEnd(letters);
  return end > 0 && end === letters.length ? lettersValue(letters, end) : null;
}

/**
 * The column of a cell reference (`AB12` → 28), as parseRef gives it, without making the pair:
 * read for every cell of a sheet, so it allocates nothing for a plain reference.
 */
export function refColumn(ref: string): number | null {
  const end = lettersEnd(ref);
  return end > 0 && refRow(ref, end) > 0 ? lettersValue(ref, end) : null;
}

/** `AB12` → [12, 28], `C$3` → [3, 3]; null when the reference is not a cell (`A0`, `A`, `12`, `$A$1`). */
export function parseRef(ref: string): [row: number, col: number] | null {
  const end = lettersEnd(ref);
  if (end === 0) return null;
  const row = refRow(ref, end);
  return row > 0 ? [row, lettersValue(ref, end)] : null;
}

/** `A1:C3` (or `$A$1:$C$3`, or corners in any order) → its corners; a single cell is its own range; null when either end is not a cell. */
export function parseRange(ref: string): CellRange | null {
  const [a, b = a] = ref.replace(/\$/gu, '').split(':');
  const p = parseRef(a);
  const q = parseRef(b);
  if (!p || !q) return null;
  return { top: Math.min(p[0], q[0]), left: Math.min(p[1], q[1]), bottom: Math.max(p[0], q[0]), right: Math.max(p[1], q[1]) };
}

/** Where the leading letters A–Z (either case) of `ref` end. Char codes, not a pattern: once per cell of a sheet. */
function lettersEnd(ref: string): number {
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
  }
  return i;
}

/** The column number of the letters `ref[0, end)`, all of them letters (lettersEnd). */
function lettersValue(ref: string, end: number): number {
  let col = 0;
  for (let i = 0; i < end; i++) {
    const c = ref.charCodeAt(i);
    col = col * 26 + c - (c <= 90 ? 64 : 96);
  }
  return col;
}

/**
 * The row of a reference whose letters end at `from`, 0 when it is not a row. Plain digits (every
 * cell of a sheet) are read without a slice; any other text as Number reads it, `$` left out.
 */
function refRow(ref: string, from: number): number {
  let row = 0;
  let j = from;
  for (; j < ref.length; j++) {
    const c = ref.charCodeAt(j);
    if (c < 48 || c > 57) break;
    row = row * 10 + c - 48;
  }
  if (!(j === ref.length && j > from && j - from <= 9)) {
    const rest = ref.slice(from);
    row = Number(rest.indexOf('$') < 0 ? rest : rest.replace(/\$/gu, ''));
  }
  return Number.isInteger(row) && row >= 1 ? row : 0;
}
