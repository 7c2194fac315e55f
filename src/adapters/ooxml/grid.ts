/** The used range as the core reads it, from the cells holding values: shared by the file port and the ExcelJS adapter. */
import { type CellValue, type SheetGrid } from '../../core';

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

/**
 * A box this many cells larger than the cells in it is still made dense (every cell null), as before:
 * a real sheet's used range. Beyond it (one far cell, XFD1048576) rows are made as long as their own
 * cells need and no longer, so a sheet costs what its cells cost.
 */
const DENSE_SLACK = 1_000_000;

export interface GridArrays {
  values: CellValue[][];
  numberFormats: (string | null)[][];
  dense: boolean;
}

/** The arrays of a grid of `height` × `width` holding `cells` cells: dense when that is cheap, else one short row per row. */
export function gridArrays(height: number, width: number, cells: number): GridArrays {
  if (height * width <= cells * 4 + DENSE_SLACK) return { ...emptyGrid(height, width), dense: true };
  const values: CellValue[][] = new Array<CellValue[]>(height);
  const numberFormats: (string | null)[][] = new Array<(string | null)[]>(height);
  for (let r = 0; r < height; r++) {
    values[r] = [];
    numberFormats[r] = [];
  }
  return { values, numberFormats, dense: false };
}

/** Gaps up to this many cells in a sparse row are filled with null; a longer one is left a hole (read as undefined, as past a row's end). */
const NULL_GAP = 64;

export function setGridCell(g: GridArrays, i: number, j: number, value: CellValue, numFmt: string | null): void {
  const values = g.values[i];
  const formats = g.numberFormats[i];
  if (!g.dense && j > values.length && j - values.length <= NULL_GAP) {
    while (values.length < j) {
      values.push(null);
      formats.push(null);
    }
  }
  values[j] = value;
  formats[j] = numFmt;
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
  let count = 0;
  for (const { cells } of rows) count += cells.length;
  const g = gridArrays(bottom - top + 1, maxCol - minCol + 1, count);
  for (const { row, cells } of rows) {
    for (const c of cells) setGridCell(g, row - top, c.col - minCol, c.value, c.numFmt);
  }
  return { name, top, left: minCol, values: g.values, numberFormats: g.numberFormats };
}
