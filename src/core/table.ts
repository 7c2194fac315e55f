import { matchHeader, matchOutputHeader, OUTPUT_COLUMNS, PERSON_INPUT_FIELDS } from './fields';
import { headerKey } from './fold';
import { cellAddress } from './a1';
import { WorkbookError, type SheetGrid, type WorkbookDescription } from './port';
import { isBlankCell } from './readers';
import type { CellValue, InputField, OutputField, RawCell, RawRow } from './types';

const HEADER_SEARCH_ROWS = 20;
const MIN_RECOGNISED_HEADERS = 3;
const APPLICATION_SHEET = 'ansokningar';

/** Sheet names compare like headers: case and å/ä/ö folded. */
export function sameSheetName(a: string, b: string): boolean {
  return headerKey(a) === headerKey(b);
}

function countInputHeaders(headers: readonly CellValue[]): number {
  const seen = new Set<string>();
  for (const h of headers) {
    if (typeof h !== 'string') continue;
    const m = matchHeader(h);
    // A person's columns alone (Chefens beslut …) do not make an application table.
    if (m?.kind === 'input' && !PERSON_INPUT_FIELDS.includes(m.field)) seen.add(m.field);
  }
  return seen.size;
}

/**
 * Chooses the application sheet: `--sheet NAME` when given, else a sheet named
 * Ansökningar, else the first table whose headers match, else the active or first sheet.
 */
export function chooseSheet(description: WorkbookDescription, requested?: string | null): string {
  if (description.sheets.length === 0) throw new WorkbookError('Arbetsboken har inga blad.');
  if (requested) {
    const found = description.sheets.find((s) => s === requested) ?? description.sheets.find((s) => sameSheetName(s, requested));
    if (!found) {
      throw new WorkbookError(`Bladet "${requested}" finns inte i arbetsboken. Bladen är: ${description.sheets.join(', ')}.`);
    }
    return found;
  }
  const named = description.sheets.find((s) => headerKey(s) === APPLICATION_SHEET);
  if (named) return named;
  const table = description.tables.find((t) => countInputHeaders(t.headers) >= MIN_RECOGNISED_HEADERS);
  if (table) return table.sheet;
  return description.activeSheet ?? description.sheets[0];
}

/** Where the application table sits on its sheet. */
export interface TableLayout {
  sheet: string;
  headerRow: number;
  /** Sheet column of each recognised input field (the first one, when a header repeats). */
  inputColumns: Partial<Record<InputField, number>>;
  /** Sheet column of each output column found on the sheet. */
  outputColumns: Partial<Record<OutputField, number>>;
  /** Last used column of the sheet (new output columns go after it). */
  lastColumn: number;
  /** Data rows that hold anything, in sheet order. */
  rows: RawRow[];
}

/**
 * An input cell as located: its address is made when a message, a text or the Logg asks for it.
 * Most never are, and at 50 000 rows an address string for every input cell was some 800 000 strings.
 */
class LocatedCell implements RawCell {
  constructor(
    readonly value: CellValue,
    private readonly row: number,
    private readonly col: number,
    readonly numberFormat?: string,
  ) {}

  get address(): string {
    return cellAddress(this.row, this.col);
  }
}

/** Where a table's input columns (and Kommentar) are: one for all its rows. */
interface RowColumns {
  fields: readonly InputField[];
  cols: readonly number[];
  left: number;
  comment: number | undefined;
}

/**
 * A data row as located: its cells are made each time they are asked for, from the sheet's row.
 * At 50 000 rows a cell object for every input cell, all made before the first row was read and
 * held until then, was some 70 MB that outlived V8's young generation; made when read, they die
 * young. Take `cells` once where several are read.
 */
class LocatedRow implements RawRow {
  constructor(
    readonly row: number,
    private readonly values: readonly CellValue[],
    private readonly formats: readonly (string | null)[] | undefined,
    private readonly columns: RowColumns,
  ) {}

  get cells(): Partial<Record<InputField, RawCell>> {
    const { fields, cols, left } = this.columns;
    const cells: Partial<Record<InputField, RawCell>> = {};
    for (let k = 0; k < fields.length; k++) {
      const col = cols[k];
      cells[fields[k]] = new LocatedCell(this.values[col - left] ?? null, this.row, col, this.formats?.[col - left] ?? undefined);
    }
    return cells;
  }

  get comment(): RawCell | undefined {
    const col = this.columns.comment;
    return col === undefined ? undefined : new LocatedCell(this.values[col - this.columns.left] ?? null, this.row, col);
  }

  /** A field's cell address, without making the cells; null when the sheet has no such column. */
  address(field: InputField): string | null {
    const k = this.columns.fields.indexOf(field);
    return k < 0 ? null : cellAddress(this.row, this.columns.cols[k]);
  }
}

/** The address of a row's cell for a field (a located row's without making its cells). */
export function cellAddressIn(raw: RawRow, field: InputField): string | null {
  return raw instanceof LocatedRow ? raw.address(field) : (raw.cells[field]?.address ?? null);
}

/** Finds the header row and the data rows of a sheet's used range. */
export function locateTable(grid: SheetGrid): TableLayout {
  const limit = Math.min(grid.values.length, HEADER_SEARCH_ROWS - (grid.top - 1));
  let headerIndex = -1;
  for (let i = 0; i < limit; i++) {
    if (countInputHeaders(grid.values[i] ?? []) >= MIN_RECOGNISED_HEADERS) {
      headerIndex = i;
      break;
    }
  }
  if (headerIndex < 0) {
    throw new WorkbookError(
      `Hittar ingen rubrikrad på bladet "${grid.name}": ingen av de ${HEADER_SEARCH_ROWS} första raderna har minst ${MIN_RECOGNISED_HEADERS} kända rubriker (t.ex. Insats, Insatsägare, Startdatum, Slutdatum, Sökt belopp).`,
    );
  }
  const headerRow = grid.top + headerIndex;
  const inputColumns: Partial<Record<InputField, number>> = {};
  const outputColumns: Partial<Record<OutputField, number>> = {};
  const headers = grid.values[headerIndex];
  // A loop, not Math.max(...rows): spreading 130 000 rows overflows the call stack.
  let width = 1;
  for (const r of grid.values) if (r.length > width) width = r.length;
  const lastColumn = grid.left + width - 1;
  headers.forEach((h, i) => {
    if (typeof h !== 'string') return;
    const col = grid.left + i;
    const m = matchHeader(h);
    if (m?.kind === 'input' && inputColumns[m.field] === undefined) inputColumns[m.field] = col;
    const out = matchOutputHeader(h);
    if (out !== null && outputColumns[out] === undefined) outputColumns[out] = col;
  });

  const fmt = grid.numberFormats;
  const rows: RawRow[] = [];
  // The input columns as parallel lists, read by index: every cell of every row goes through here.
  const fields = Object.keys(inputColumns) as InputField[];
  const cols = fields.map((f) => inputColumns[f]!);
  const person = fields.map((f) => PERSON_INPUT_FIELDS.includes(f));
  // Kommentar is a person's column and no input field; the chief's review reads it with the row.
  const columns: RowColumns = { fields, cols, left: grid.left, comment: outputColumns.comment };
  for (let i = headerIndex + 1; i < grid.values.length; i++) {
    const values = grid.values[i];
    let any = false;
    for (let k = 0; k < fields.length; k++) {
      if (!person[k] && !isBlankCell(values[cols[k] - grid.left] ?? null)) {
        any = true;
        break;
      }
    }
    // A row with nothing in the application's columns is empty for us, even if a person wrote in theirs.
    if (any) rows.push(new LocatedRow(grid.top + i, values, fmt?.[i], columns));
  }
  return { sheet: grid.name, headerRow, inputColumns, outputColumns, lastColumn, rows };
}

/** Output columns as they will be after a run: found ones keep their place, missing ones are appended. */
export function planOutputColumns(layout: TableLayout): { columns: Record<OutputField, number>; created: { col: number; text: string }[] } {
  const columns = { ...layout.outputColumns } as Record<OutputField, number>;
  const created: { col: number; text: string }[] = [];
  let next = layout.lastColumn + 1;
  for (const { field, header } of OUTPUT_COLUMNS) {
    if (columns[field] !== undefined) continue;
    columns[field] = next;
    created.push({ col: next, text: header });
    next++;
  }
  return { columns, created };
}
