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
  /**
   * Writes the plan: headers, literal text blocks (number format `@`), fills, person cells,
   * drop-down lists and the tool's own sheets. Where the header row lies in an Excel table
   * (or under the sheet's autofilter), created columns become part of that table (filter range).
   */
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

/**
 * A column's texts from the top, each made when it is read: the file port writes a row's texts as
 * it reaches the row, so 50 000 rows' texts are never all held at once. An array is one.
 */
export interface TextColumn {
  readonly length: number;
  at(index: number): string | undefined;
}

/** A vertical run of cells in one column, written as literal text. */
export interface TextBlock {
  col: number;
  top: number;
  values: TextColumn;
}

/** A column's texts as an array, each made once (for a host that sends them all in one request). */
export function columnTexts(values: TextColumn): string[] {
  if (Array.isArray(values)) return values as string[];
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values.at(i) ?? '';
  return out;
}

/** The plan with every text block as an array. */
export function withTextArrays(plan: WritePlan): WritePlan {
  return plan.blocks.every((b) => Array.isArray(b.values)) ? plan : { ...plan, blocks: plan.blocks.map((b) => ({ ...b, values: columnTexts(b.values) })) };
}

/** A run of rows whose tool output cells get one fill colour. */
export interface FillRun {
  top: number;
  count: number;
  /** `#RRGGBB`. */
  color: string;
}

/** One cell a person owns, written on their behalf (the chief's review): text as literal text, a number as a number, null clears. */
export interface CellWrite {
  row: number;
  col: number;
  value: string | number | null;
}

/** A drop-down list on a column's data cells (data validation of type list), where the host can. */
export interface ListValidation {
  col: number;
  fromRow: number;
  toRow: number;
  choices: string[];
}

/** A value of a sheet the tool keeps: text is literal text, a number a number, null an empty cell. */
export type SheetValue = string | number | null;

/**
 * A sheet the tool owns (`Logg`, `Styrelseunderlag`).
 * `append`: the rows go below the sheet's last used row (the sheet is created with `header` when missing);
 * earlier rows are never touched. `replace`: the sheet's cells are cleared and rewritten (created when missing).
 */
export interface SheetWrite {
  name: string;
  mode: 'append' | 'replace';
  /** Written as the first row when the sheet is created (append) or rebuilt (replace); shown bold. */
  header: string[];
  rows: SheetValue[][];
  /** Rows (0-based into `rows`) shown bold, e.g. headings and totals in the board papers. */
  boldRows?: number[];
  /** Column widths in characters, by 0-based column. */
  columnWidths?: number[];
  /** Number format per 0-based column for numeric cells (e.g. `# ##0`). */
  numberFormats?: (string | null)[];
  /**
   * 0-based columns whose text cells wrap (the board's clauses hold several lines in one cell). With any given,
   * every cell written is aligned to the top, so a number stays beside the first line of its row's text.
   */
  wrapColumns?: number[];
  /** Print setup: landscape, the header row repeated on every page, fit to one page wide. */
  print?: { landscape: boolean; repeatHeaderRow: boolean; fitToWidth: boolean };
  /** A native chart on the sheet, drawn from its own cells (the Uppföljning sheet's per-year figures). */
  chart?: SheetChart;
}

/**
 * A clustered column chart over a block of the sheet's rows: one category per row, one series per
 * column. Rows are 0-based indices into `rows` of the SheetWrite (the header row is above them),
 * columns 0-based. The adapters read the values from those rows (a file's chart caches them).
 */
export interface SheetChart {
  title: string;
  firstRow: number;
  lastRow: number;
  categoryCol: number;
  series: { name: string; col: number }[];
  /** The cells the chart covers: top-left and bottom-right, rows as above. */
  anchor: { fromRow: number; fromCol: number; toRow: number; toCol: number };
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
  /** Single cells of the person-owned columns, only when a person decided through the pane. */
  cells?: CellWrite[];
  /** Drop-down lists (the chief's four choices). */
  validations?: ListValidation[];
  /** Sheets the tool keeps, written in the same write. */
  sheets?: SheetWrite[];
}

/** A workbook that cannot be read or written as asked. The message is Swedish and says where. */
export class WorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookError';
  }
}
