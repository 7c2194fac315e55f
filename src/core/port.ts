import type { CellValue } from './types';

/**
 * The workbook port: the only way the core's job reaches a workbook.
 * Implemented by the ExcelJS adapter (files, CLI, browser file mode) and the
 * Office.js adapter (Excel). The job calls `describe` once, `readSheets` once
 * and `write` once, so an Office.js implementation needs a constant number of
 * `context.sync()` calls whatever the number of rows.
 */
export interface WorkbookPort {
  /** Sheet names, the active sheet, Excel tables and the date system. */
  describe(): Promise<WorkbookDescription>;
  /** The used range of each named sheet (names as `describe` gave them), in one read. */
  readSheets(names: readonly string[]): Promise<SheetGrid[]>;
  /** Writes the plan: headers, literal text blocks (number format `@`) and fills. */
  write(plan: WritePlan): Promise<void>;
}

export interface WorkbookDescription {
  /** All worksheet names, in workbook order. */
  sheets: string[];
  /** The active sheet, when the host knows one (Excel does; a file may). */
  activeSheet: string | null;
  /** Excel tables (ListObjects) with their header texts. */
  tables: TableDescription[];
  /** True when the workbook uses the 1904 date system. */
  date1904: boolean;
}

export interface TableDescription {
  name: string;
  sheet: string;
  headers: string[];
}

/** A sheet's used range as values. `values[0][0]` is the cell at (`top`, `left`), both 1-based. */
export interface SheetGrid {
  name: string;
  top: number;
  left: number;
  values: CellValue[][];
  /** Number formats parallel to `values`, where the host gives them. */
  numberFormats?: (string | null)[][];
}

/** A vertical run of cells in one column, written as literal text. */
export interface TextBlock {
  col: number;
  top: number;
  values: string[];
}

/** A run of rows whose tool output cells get one fill colour. */
export interface FillRun {
  top: number;
  count: number;
  /** `#RRGGBB`. */
  color: string;
}

export interface WritePlan {
  sheet: string;
  /** Header cells to create (only for columns that were missing). */
  headers: { row: number; col: number; text: string }[];
  /** Values of the tool's output columns, one block per column and contiguous run of data rows. */
  blocks: TextBlock[];
  /** The columns that get the row fill. */
  fillColumns: number[];
  fills: FillRun[];
}

/** A workbook that cannot be read or written as asked. The message is Swedish and says where. */
export class WorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookError';
  }
}

/** 1-based column number to letters: 1 → A, 27 → AA. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}
