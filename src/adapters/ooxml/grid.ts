/** The used range as the core reads it, from the cells holding values: shared by the file port and the ExcelJS adapter. */
import type { SheetGrid } from '../../core/port';
import type { CellValue } from '../../core/types';

export interface GridCell {
  col: number;
  value: CellValue;
  numFmt: string | null;
}

/** A grid's values and number formats, every cell null. */
export function emptyGrid(height: number, width: number): { values: CellValue[][]; numberFormats: (string | null)[][] } {
  const values: CellValue[][] = [];
  const numberFormats: (string | null)[][] = [];
  for (let r = 0; r < height; r++) {
    values.push(new Array<CellValue>(width).fill(null));
    numberFormats.push(new Array<string | null>(width).fill(null));
  }
  return { values, numberFormats };
}

/** `rows` in ascending row order, each with at least one cell. */
export function gridFromRows(name: string, rows: readonly { row: number; cells: readonly GridCell[] }[]): SheetGrid {
  if (rows.length === 0) return { name, top: 1, left: 1, values: [], numberFormats: [] };
  let minCol = Infinity;
  let maxCol = -Infinity;
  for (const { cells } of rows) {
    for (const c of cells) {
      if (c.col < minCol) minCol = c.col;
      if (c.col > maxCol) maxCol = c.col;
    }
  }
  const top = rows[0].row;
  const bottom = rows[rows.length - 1].row;
  const { values, numberFormats } = emptyGrid(bottom - top + 1, maxCol - minCol + 1);
  for (const { row, cells } of rows) {
    for (const c of cells) {
      values[row - top][c.col - minCol] = c.value;
      numberFormats[row - top][c.col - minCol] = c.numFmt;
    }
  }
  return { name, top, left: minCol, values, numberFormats };
}
