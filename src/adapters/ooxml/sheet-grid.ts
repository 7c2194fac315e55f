/** The grid the core reads (SheetGrid) made from a sheet's scan: its cells with values, merged ranges taken into account. */
import { parseRange, type SheetGrid, WorkbookError } from '../../core';
import { gridArrays, setGridCell } from './grid';
import type { RowScan, SheetScan } from './sheet';

/**
 * The grid the core reads: the bounding box of cells with a value, merged cells' others left out.
 * Filled straight from the sheet's cell table, with no object per cell on the way.
 */
export function gridOf(name: string, part: string, scan: SheetScan): SheetGrid {
  const table = scan.cells;
  const rows = [...scan.rows].sort((a, b) => a.r - b.r);
  const hidden = hiddenByMerges(part, scan, rows);
  const shown = (i: number) => table.value(i) !== null && (hidden === null || hidden[i] === 0);
  // The bounding box first, then the values into it.
  let top = 0;
  let bottom = 0;
  let left = Infinity;
  let right = -Infinity;
  let count = 0;
  for (const row of rows) {
    for (let i = row.first; i < row.first + row.count; i++) {
      if (!shown(i)) continue;
      if (top === 0) top = row.r;
      bottom = row.r;
      count++;
      const col = table.col(i);
      if (col < left) left = col;
      if (col > right) right = col;
    }
  }
  if (top === 0) return { name, top: 1, left: 1, values: [], numberFormats: [] };
  const g = gridArrays(bottom - top + 1, right - left + 1, count);
  for (const row of rows) {
    if (row.r < top || row.r > bottom) continue;
    for (let i = row.first; i < row.first + row.count; i++) {
      if (shown(i)) setGridCell(g, row.r - top, table.col(i) - left, table.value(i), table.numFmt(i));
    }
  }
  return { name, top, left, values: g.values, numberFormats: g.numberFormats };
}

/** Cells looked at for the merged ranges of one sheet, at most: a sheet's merges cost what its cells cost, not what their areas do. */
const MERGE_WORK = 50_000_000;

/**
 * The cells merged into another (every cell of a merged range but its top left), by their index in
 * the cell table; null when the sheet has no merges. Found from the rows each range spans, never by
 * walking the range's area (A1:XFD1048576 is 17 billion cells).
 */
function hiddenByMerges(part: string, scan: SheetScan, rows: readonly RowScan[]): Uint8Array | null {
  if (scan.merges.length === 0) return null;
  const table = scan.cells;
  const hidden = new Uint8Array(table.length);
  let work = 0;
  for (const ref of scan.merges) {
    const m = parseRange(ref);
    if (!m) continue;
    // The first row at or below the range's top.
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].r < m.top) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < rows.length && rows[k].r <= m.bottom; k++) {
      const row = rows[k];
      work += row.count + 1;
      if (work > MERGE_WORK) {
        throw new WorkbookError(`Delen ${part} i arbetsboken har fler eller större sammanfogade celler än verktyget läser; arbetsboken läses inte.`);
      }
      for (let i = row.first; i < row.first + row.count; i++) {
        const col = table.col(i);
        if (col >= m.left && col <= m.right && (row.r !== m.top || col !== m.left)) hidden[i] = 1;
      }
    }
  }
  return hidden;
}
