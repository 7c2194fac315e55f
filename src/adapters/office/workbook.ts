/**
 * The Office.js adapter of the workbook port: the workbook open in Excel.
 *
 * Round trips to Excel are what make an add-in slow, so every method queues all its
 * work and calls `context.sync()` once: describe 1, readSheets 1, write 1, i.e. 3 for
 * a run whatever the number of rows. Only a write above the request budget (4 MB,
 * some 2 500 rows of the core's texts, far beyond a real application list) takes one
 * more sync per 4 MB, and only a read that Excel on the web refuses as too large
 * (5 MB, roughly 10 000+ rows) is retried in parts.
 *
 * Requirement set: ExcelApi 1.2 (`getUsedRange(valuesOnly)`, `worksheet.protection`,
 * `table.worksheet` and `workbook.functions` are 1.2; everything else used is 1.1).
 * With ExcelApi 1.9 fills go per colour through RangeAreas, which keeps the write at one
 * sync even when statuses alternate row by row on thousands of rows.
 */
import { cellAddress, WorkbookError, type SheetGrid, type WorkbookDescription, type WorkbookPort, type WritePlan } from '../../core/port';
import type { CellValue } from '../../core/types';
import { isPayloadError, protectedSheetMessage, toWorkbookError } from './errors';
import { DEFAULT_REQUEST_BUDGET, EXCEL_CELL_TEXT_LIMIT, overlongText, planBatches, type WriteOp } from './payload';

export { protectedSheetMessage } from './errors';

/** The lowest ExcelApi requirement set this adapter needs (see the header comment for why). */
export const REQUIRED_EXCEL_API = '1.2';

/**
 * Excel's error values. Office.js hands error cells over as these strings, so we map them
 * to CellError without loading `valueTypes` (which would grow every read by about a third).
 * Typing `#N/A` into a cell makes an error value, so text equal to one of these is
 * practically only ever an error; refusing it as one is the safe reading anyway.
 */
export const EXCEL_ERROR_VALUES: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#BUSY!',
  '#CONNECT!',
  '#EXTERNAL!',
  '#UNKNOWN!',
  '#PYTHON!',
  '#TIMEOUT!',
]);

/** One cell of `Range.values` as the core wants it: empty → null, error text → CellError. */
export function fromOfficeValue(value: unknown): CellValue {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (value === '') return null;
    if (EXCEL_ERROR_VALUES.has(value)) return { kind: 'cell-error', code: value };
    return value;
  }
  if (value === null || value === undefined) return null;
  return String(value);
}

function toFormats(formats: unknown[][]): (string | null)[][] {
  return formats.map((row) => row.map((f) => (typeof f === 'string' ? f : null)));
}

/** What Office.context.requirements offers; a parameter so tests and the pane can pass their own. */
export type RequirementChecker = Pick<Office.RequirementSetSupport, 'isSetSupported'>;

/**
 * Throws a WorkbookError unless this Excel supports what the adapter needs.
 * The task pane calls it before anything else, so an old Excel gets a message, not a half run.
 */
export function assertExcelSupported(requirements?: RequirementChecker): void {
  const checker = requirements ?? (typeof Office !== 'undefined' ? Office.context?.requirements : undefined);
  if (!checker) {
    throw new WorkbookError('Tillägget körs inte i Excel (Office.js är inte redo), så arbetsboken kan inte läsas.');
  }
  if (!checker.isSetSupported('ExcelApi', REQUIRED_EXCEL_API)) {
    throw new WorkbookError(
      `Den här versionen av Excel saknar funktioner som tillägget behöver (ExcelApi ${REQUIRED_EXCEL_API}). ` +
        'Uppdatera Excel eller använd Excel på webben.',
    );
  }
}

/** ExcelApi 1.9 brings RangeAreas (`worksheet.getRanges`), used for fills when present. */
export const RANGE_AREAS_EXCEL_API = '1.9';

function hostSupports(version: string): boolean {
  return typeof Office !== 'undefined' && Office.context?.requirements?.isSetSupported('ExcelApi', version) === true;
}

export interface OfficePortOptions {
  /** Bytes per request before the write is split (default 4 MB; Excel on the web refuses 5 MB). */
  requestBudget?: number;
  /** Paint fills per colour with RangeAreas; default: whether the host supports ExcelApi 1.9. */
  rangeAreas?: boolean;
}

export function createOfficeWorkbookPort(context: Excel.RequestContext, options: OfficePortOptions = {}): WorkbookPort {
  const budget = options.requestBudget ?? DEFAULT_REQUEST_BUDGET;
  const rangeAreas = options.rangeAreas ?? hostSupports(RANGE_AREAS_EXCEL_API);
  // Protection as last seen; write checks it before queuing anything so a protected sheet gets nothing.
  const protectedSheets = new Map<string, boolean>();

  async function describe(): Promise<WorkbookDescription> {
    try {
      const worksheets = context.workbook.worksheets;
      worksheets.load('items/name,items/protection/protected');
      const active = worksheets.getActiveWorksheet();
      active.load('name');
      const tables = context.workbook.tables;
      tables.load('items/name,items/worksheet/name,items/columns/items/name');
      // Office.js has no date-system property (none in @types/office-js 1.0.612, no
      // `date1904` in any ExcelApi set). DATE(1904;1;1) answers it: serial 0 under the
      // 1904 system, 1462 under the 1900 system. Evaluated in the same sync.
      const epoch = context.workbook.functions.date(1904, 1, 1);
      epoch.load('value');
      await context.sync();

      for (const sheet of worksheets.items) protectedSheets.set(sheet.name, sheet.protection.protected);
      return {
        sheets: worksheets.items.map((s) => s.name),
        activeSheet: active.name,
        tables: tables.items.map((t) => ({
          name: t.name,
          sheet: t.worksheet.name,
          // A table column's name is its header text.
          headers: t.columns.items.map((c) => c.name),
        })),
        date1904: epoch.value === 0,
      };
    } catch (error) {
      throw toWorkbookError(error, { action: 'read' });
    }
  }

  async function readWhole(names: readonly string[]): Promise<SheetGrid[]> {
    const reads = names.map((name) => {
      const sheet = context.workbook.worksheets.getItem(name);
      // valuesOnly: cells that only carry formatting (e.g. our own fills) are not data.
      const used = sheet.getUsedRange(true);
      used.load('values,numberFormat,rowIndex,columnIndex');
      // Protection comes along for free, fresher than describe's.
      sheet.load('protection/protected');
      return { name, sheet, used };
    });
    await context.sync();
    return reads.map(({ name, sheet, used }) => {
      protectedSheets.set(name, sheet.protection.protected);
      return {
        name,
        top: used.rowIndex + 1,
        left: used.columnIndex + 1,
        values: used.values.map((row) => row.map(fromOfficeValue)),
        numberFormats: toFormats(used.numberFormat),
      };
    });
  }

  /**
   * Fallback when Excel on the web refuses the one-sync read as too large (5 MB response):
   * one sync for the sizes, then row slices, halving a slice each time it is refused.
   */
  async function readInSlices(names: readonly string[]): Promise<SheetGrid[]> {
    const sizes = names.map((name) => {
      const sheet = context.workbook.worksheets.getItem(name);
      const used = sheet.getUsedRange(true);
      used.load('rowIndex,columnIndex,rowCount,columnCount');
      sheet.load('protection/protected');
      return { name, sheet, used };
    });
    await context.sync();
    const grids: SheetGrid[] = [];
    for (const { name, sheet, used } of sizes) {
      protectedSheets.set(name, sheet.protection.protected);
      const top = used.rowIndex + 1;
      const left = used.columnIndex + 1;
      const right = left + used.columnCount - 1;
      const rowCount = used.rowCount;
      const values: CellValue[][] = [];
      const numberFormats: (string | null)[][] = [];
      let step = Math.max(1, Math.ceil(rowCount / 2));
      for (let at = 0; at < rowCount; ) {
        const n = Math.min(step, rowCount - at);
        const part = sheet.getRange(`${cellAddress(top + at, left)}:${cellAddress(top + at + n - 1, right)}`);
        part.load('values,numberFormat');
        try {
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- only after Excel refused the whole read; each slice must be its own request
          await context.sync();
        } catch (error) {
          if (isPayloadError(error) && n > 1) {
            step = Math.ceil(n / 2);
            continue;
          }
          throw error;
        }
        for (const row of part.values) values.push(row.map(fromOfficeValue));
        for (const row of toFormats(part.numberFormat)) numberFormats.push(row);
        at += n;
      }
      grids.push({ name, top, left, values, numberFormats });
    }
    return grids;
  }

  async function readSheets(names: readonly string[]): Promise<SheetGrid[]> {
    const sheet = names.length === 1 ? names[0] : undefined;
    try {
      try {
        return await readWhole(names);
      } catch (error) {
        if (!isPayloadError(error)) throw error;
      }
      return await readInSlices(names);
    } catch (error) {
      throw toWorkbookError(error, { action: 'read', sheet });
    }
  }

  function queue(sheet: Excel.Worksheet, op: WriteOp): void {
    if (op.kind === 'text') {
      const range = sheet.getRange(op.address);
      // Format first: a string starting with =, + or - (or @) written to a General cell becomes a formula.
      range.numberFormat = op.formats;
      range.values = op.values;
    } else if (op.areas) {
      sheet.getRanges(op.address).format.fill.color = op.color;
    } else {
      sheet.getRange(op.address).format.fill.color = op.color;
    }
  }

  async function write(plan: WritePlan): Promise<void> {
    const overlong = overlongText(plan);
    if (overlong) {
      throw new WorkbookError(
        `Texten som skulle skrivas i ${overlong.address} på bladet "${plan.sheet}" är ${overlong.length} tecken lång, ` +
          `men en cell i Excel rymmer högst ${EXCEL_CELL_TEXT_LIMIT} tecken. Inget har ändrats i arbetsboken.`,
      );
    }
    const batches = planBatches(plan, { budget, rangeAreas });
    if (batches.length === 0) return;
    let synced = 0;
    try {
      const sheet = context.workbook.worksheets.getItem(plan.sheet);
      let isProtected = protectedSheets.get(plan.sheet);
      if (isProtected === undefined) {
        // Only when write is called without describe/readSheets of this sheet: one extra sync.
        sheet.load('protection/protected');
        await context.sync();
        isProtected = sheet.protection.protected;
      }
      if (isProtected) throw new WorkbookError(protectedSheetMessage(plan.sheet));
      for (const batch of batches) {
        for (const op of batch) queue(sheet, op);
        // One request per ~4 MB batch, as Microsoft advises for the 5 MB limit; a normal plan is one batch.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- the loop runs once per 4 MB of text, not per row
        await context.sync();
        synced++;
      }
    } catch (error) {
      throw toWorkbookError(error, { action: 'write', sheet: plan.sheet, partlyWritten: synced > 0 });
    }
  }

  return { describe, readSheets, write };
}

/** Activates `sheet` and selects its whole row `row` (1-based): the pane calls it when a finding is clicked. */
export async function selectRow(context: Excel.RequestContext, sheet: string, row: number): Promise<void> {
  try {
    const worksheet = context.workbook.worksheets.getItem(sheet);
    worksheet.activate();
    worksheet.getRange(`${row}:${row}`).select();
    await context.sync();
  } catch (error) {
    throw toWorkbookError(error, { action: 'select', sheet });
  }
}
