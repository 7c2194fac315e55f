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
 * Newer sets are used where this Excel has them, checked at run time, each in the same syncs:
 * 1.4 appends named table columns, 1.8 adds the drop-down lists (data validation), 1.9 paints
 * fills per colour through RangeAreas, extends a sheet autofilter and sets the board papers'
 * print layout, 1.13 resizes the applications' table over the tool's columns.
 */
import {
  cellAddress,
  type CellValue,
  parseRef,
  type SheetGrid,
  withTextArrays,
  type WorkbookDescription,
  WorkbookError,
  type WorkbookPort,
  type WritePlan,
} from '../../core';
import { isPayloadError, protectedSheetMessage, refusesWholeBatch, structureProtectedText, toWorkbookError } from './errors';
import { DEFAULT_REQUEST_BUDGET, EXCEL_CELL_TEXT_LIMIT, overlongSheetText, overlongText, planBatches, type TextOp, type WriteOp } from './payload';
import { planToolOps, toolSheetNames, type Box, type Capabilities, type ToolOp, type WorkbookLayout } from './tool-ops';
import { queueChart } from './chart';

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

/**
 * Every newer ExcelApi set the adapter and the pane check at run time, by what it gives them. The host
 * matrix in docs/addin.md lists the same sets (test/office/host-matrix.test.ts keeps the two equal).
 */
export const EXCEL_API_SETS = {
  /** `table.columns.add(null, null, name)`, `getUsedRangeOrNullObject`, `getItemOrNullObject`. */
  tableAddColumn: '1.4',
  /** `workbook.protection.protected`: structure protection refused before anything is written. */
  workbookProtection: '1.7',
  /** `range.dataValidation` (the chief's drop-down) and `workbook.readOnly`. */
  dataValidation: '1.8',
  readOnly: '1.8',
  /** `worksheet.autoFilter`, `worksheet.pageLayout`, and RangeAreas (`worksheet.getRanges`, Excel on the web only). */
  autoFilter: '1.9',
  pageLayout: '1.9',
  rangeAreas: '1.9',
  /** `Excel.run({ delayForCellEdit: true })`: a run waits while a cell is edited (src/taskpane/excel-mode.ts). */
  delayForCellEdit: '1.11',
  /** `table.resize`. */
  tableResize: '1.13',
} as const;

/** ExcelApi 1.9 brings RangeAreas (`worksheet.getRanges`), used for fills when present. */
export const RANGE_AREAS_EXCEL_API = EXCEL_API_SETS.rangeAreas;

/** Office.context.platform as a string (`OfficeOnline`, `PC`, `Mac`, `iOS`, …), or null outside Office. */
export function officePlatform(given?: string): string | null {
  if (given !== undefined) return given;
  const platform = typeof Office !== 'undefined' ? (Office.context as { platform?: unknown } | undefined)?.platform : undefined;
  return typeof platform === 'string' ? platform : null;
}

/** Whether this Excel (or the checker given) supports ExcelApi `version`. */
export function hostSupports(version: string, requirements?: RequirementChecker): boolean {
  const checker = requirements ?? (typeof Office !== 'undefined' ? Office.context?.requirements : undefined);
  return checker?.isSetSupported('ExcelApi', version) === true;
}

/** What the newer requirement sets give the adapter, for this Excel. */
export function capabilitiesOf(requirements?: RequirementChecker): Capabilities {
  return {
    tableResize: hostSupports(EXCEL_API_SETS.tableResize, requirements),
    tableAddColumn: hostSupports(EXCEL_API_SETS.tableAddColumn, requirements),
    nullObjects: hostSupports(EXCEL_API_SETS.tableAddColumn, requirements),
    autoFilter: hostSupports(EXCEL_API_SETS.autoFilter, requirements),
    dataValidation: hostSupports(EXCEL_API_SETS.dataValidation, requirements),
    pageLayout: hostSupports(EXCEL_API_SETS.pageLayout, requirements),
  };
}

export interface OfficePortOptions {
  /** Bytes per request before the write is split (default 4 MB; Excel on the web refuses 5 MB). */
  requestBudget?: number;
  /**
   * Paint fills per colour with RangeAreas (`worksheet.getRanges`, ExcelApi 1.9). Default: only in Excel on
   * the web. Excel for Windows reads the address list with the locale's list separator (`;` in Swedish)
   * instead of the documented comma (office-js issues 1167 and 1985), and Office.js does not say which
   * separator is in force, so elsewhere each rectangle gets its own fill.
   */
  rangeAreas?: boolean;
  /** Office.context.platform (`OfficeOnline`, `PC`, `Mac`, `iOS`); default: this Office's. */
  platform?: string;
  /** Which requirement sets to use; default: Office.context.requirements. */
  requirements?: RequirementChecker;
}

function boxOf(range: { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number }): Box {
  return { top: range.rowIndex + 1, left: range.columnIndex + 1, bottom: range.rowIndex + range.rowCount, right: range.columnIndex + range.columnCount };
}

/**
 * A loaded criterion without its null members. Excel hands the unused members over as null and then
 * refuses those very criteria in `AutoFilter.apply` with InvalidArgument (office-js issue 1226).
 */
export function withoutNulls(criteria: Excel.FilterCriteria): Excel.FilterCriteria {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(criteria)) if (value !== null && value !== undefined) kept[key] = value;
  return kept as unknown as Excel.FilterCriteria;
}

/** The filtered columns of an autofilter, to apply again after the filter's range is extended. */
export function filteredColumns(criteria: (Excel.FilterCriteria | null)[] | undefined): { column: number; criteria: Excel.FilterCriteria }[] {
  return (criteria ?? [])
    .map((c, column) => ({ column, criteria: c ? withoutNulls(c) : null }))
    .filter((f): f is { column: number; criteria: Excel.FilterCriteria } => {
      const c = f.criteria;
      return Boolean(c && (c.criterion1 || c.criterion2 || c.values || c.dynamicCriteria || c.color || c.icon));
    });
}

/** The sheet's used range is beyond what Range.values hands over (RangeExceedsLimit). */
function usedRangeTooLargeMessage(sheet: string, used: { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number }): string {
  const last = cellAddress(used.rowIndex + used.rowCount, used.columnIndex + used.columnCount);
  const cells = (used.rowCount * used.columnCount).toLocaleString('sv-SE');
  return (
    `Bladet "${sheet}" används ända till cell ${last} (${cells} celler), fler än Excel kan lämna över på en gång. ` +
    'Oftast beror det på en cell långt nedanför eller till höger om tabellen som har fått ett värde. ' +
    'Markera de tomma raderna och kolumnerna efter tabellen, välj Ta bort och kör igen. Inget har ändrats i arbetsboken.'
  );
}

/** Marks a failed write that provably left nothing of the plan in the workbook. */
const NOTHING_WRITTEN = '';

export const READ_ONLY_MESSAGE =
  'Arbetsboken är öppnad skrivskyddad, så det som tillägget skriver skulle inte gå att spara. ' +
  'Öppna arbetsboken för redigering (eller spara en kopia och öppna den) och kör igen. Inget har ändrats i arbetsboken.';

export function structureProtectedMessage(sheet: string): string {
  return `${structureProtectedText(sheet)} Inget har ändrats i arbetsboken.`;
}

/** The plan's parts after its texts, in words, for a message about a write that stopped part way. */
function remainingParts(plan: WritePlan): string {
  const parts: string[] = [];
  if (plan.fills.some((f) => f.count > 0)) parts.push('radernas färger');
  if (plan.cells?.length) parts.push('beslutscellerna');
  if (plan.validations?.length) parts.push('rullistorna');
  for (const sheet of plan.sheets ?? []) parts.push(`bladet ${sheet.name}`);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]}`;
}

export function createOfficeWorkbookPort(context: Excel.RequestContext, options: OfficePortOptions = {}): WorkbookPort {
  const budget = options.requestBudget ?? DEFAULT_REQUEST_BUDGET;
  const rangeAreas = options.rangeAreas ?? (hostSupports(RANGE_AREAS_EXCEL_API, options.requirements) && officePlatform(options.platform) === 'OfficeOnline');
  const caps = capabilitiesOf(options.requirements);
  // workbook.protection is ExcelApi 1.7, workbook.readOnly 1.8; unknown (false) before.
  const workbookChecks = {
    protection: hostSupports(EXCEL_API_SETS.workbookProtection, options.requirements),
    readOnly: hostSupports(EXCEL_API_SETS.readOnly, options.requirements),
  };
  const workbookState = { readOnly: false, structureProtected: false };
  // Protection as last seen; write checks it before queuing anything so a protected sheet gets nothing.
  const protectedSheets = new Map<string, boolean>();
  // Learned in describe and readSheets, so the write needs no sync of its own to place things.
  let described: WorkbookDescription | null = null;
  const layout: WorkbookLayout = { tables: [], autoFilters: new Map(), lastRows: new Map() };
  let layoutKnown = false;

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
      const loadWorkbookState = queueWorkbookState();
      await context.sync();
      loadWorkbookState();

      for (const sheet of worksheets.items) protectedSheets.set(sheet.name, sheet.protection.protected);
      described = {
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
      return described;
    } catch (error) {
      throw toWorkbookError(error, { action: 'read' });
    }
  }

  /** Read-only and structure protection, in the sync of whoever calls it; the returned function takes the values. */
  function queueWorkbookState(): () => void {
    const fields = [...(workbookChecks.readOnly ? ['readOnly'] : []), ...(workbookChecks.protection ? ['protection/protected'] : [])];
    if (fields.length === 0) return () => undefined;
    const workbook = context.workbook;
    workbook.load(fields.join(','));
    return () => {
      if (workbookChecks.readOnly) workbookState.readOnly = workbook.readOnly;
      if (workbookChecks.protection) workbookState.structureProtected = workbook.protection.protected;
    };
  }

  /**
   * Queued with the read, so the write knows where things are without a sync of its own: the range
   * of each table on the sheets read, their autofilters (ExcelApi 1.9), and the last used row of
   * every other sheet (where Logg is appended). A few numbers per sheet.
   */
  function queueLayout(names: readonly string[]): () => void {
    if (!described) return () => undefined;
    const tables = described.tables
      .filter((t) => names.includes(t.sheet))
      .map((t) => {
        const range = context.workbook.tables.getItem(t.name).getRange();
        range.load('rowIndex,columnIndex,rowCount,columnCount');
        return { t, range };
      });
    const filters = caps.autoFilter
      ? names.map((name) => {
          const filter = context.workbook.worksheets.getItem(name).autoFilter;
          filter.load('criteria');
          const range = filter.getRangeOrNullObject();
          range.load('rowIndex,columnIndex,rowCount,columnCount');
          return { name, filter, range };
        })
      : [];
    const others = described.sheets
      .filter((n) => !names.includes(n))
      .map((name) => {
        const sheet = context.workbook.worksheets.getItem(name);
        // Before ExcelApi 1.4 an empty sheet's used range is A1: then row 1 counts as used, so nothing is ever written over.
        const used = caps.nullObjects ? sheet.getUsedRangeOrNullObject(true) : sheet.getUsedRange(true);
        used.load('rowIndex,rowCount');
        return { name, used };
      });
    return () => {
      layout.tables = tables.map(({ t, range }) => ({ name: t.name, sheet: t.sheet, range: boxOf(range) }));
      layout.autoFilters = new Map();
      for (const { name, filter, range } of filters) {
        if (!range.isNullObject) layout.autoFilters.set(name, { range: boxOf(range), criteria: filteredColumns(filter.criteria) });
      }
      for (const { name, used } of others) layout.lastRows.set(name, caps.nullObjects && used.isNullObject ? 0 : used.rowIndex + used.rowCount);
      layoutKnown = true;
    };
  }

  function noteRead(grids: SheetGrid[]): SheetGrid[] {
    for (const g of grids) {
      const filled = g.values.reduce((last, row, i) => (row.some((v) => v !== null) ? i + 1 : last), 0);
      layout.lastRows.set(g.name, filled === 0 ? 0 : g.top + filled - 1);
    }
    return grids;
  }

  async function readWhole(names: readonly string[]): Promise<SheetGrid[]> {
    const learnLayout = queueLayout(names);
    const reads = names.map((name) => {
      const sheet = context.workbook.worksheets.getItem(name);
      // valuesOnly: cells that only carry formatting (e.g. our own fills) are not data.
      const used = sheet.getUsedRange(true);
      used.load('values,numberFormat,rowIndex,columnIndex,rowCount,columnCount');
      // Protection comes along for free, fresher than describe's.
      sheet.load('protection/protected');
      return { name, sheet, used };
    });
    await context.sync();
    learnLayout();
    return reads.map(({ name, sheet, used }) => {
      protectedSheets.set(name, sheet.protection.protected);
      // Past Excel's cell limit (some 5 million) values come back null: a stray cell far out, as a rule.
      if (used.values === null || used.numberFormat === null) throw new WorkbookError(usedRangeTooLargeMessage(name, used));
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
    const learnLayout = queueLayout(names);
    const sizes = names.map((name) => {
      const sheet = context.workbook.worksheets.getItem(name);
      const used = sheet.getUsedRange(true);
      used.load('rowIndex,columnIndex,rowCount,columnCount');
      sheet.load('protection/protected');
      return { name, sheet, used };
    });
    await context.sync();
    learnLayout();
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
        return noteRead(await readWhole(names));
      } catch (error) {
        if (!isPayloadError(error)) throw error;
      }
      return noteRead(await readInSlices(names));
    } catch (error) {
      throw toWorkbookError(error, { action: 'read', sheet });
    }
  }

  /** Queues one operation; `sheets` hands out (and for new sheets, creates) each worksheet proxy once. */
  function queue(sheets: (name: string) => Excel.Worksheet, planSheet: string, op: WriteOp): void {
    switch (op.kind) {
      case 'text': {
        const range = sheets(planSheet).getRange(op.address);
        // Format first: a string starting with =, + or - (or @) written to a General cell becomes a formula.
        range.numberFormat = op.formats;
        range.values = op.values;
        return;
      }
      case 'fill':
        if (op.areas) sheets(planSheet).getRanges(op.address).format.fill.color = op.color;
        else sheets(planSheet).getRange(op.address).format.fill.color = op.color;
        return;
      default:
        queueTool(sheets, op);
    }
  }

  function queueTool(sheets: (name: string) => Excel.Worksheet, op: ToolOp): void {
    switch (op.kind) {
      case 'cells': {
        const range = sheets(op.sheet).getRange(op.address);
        if (op.formats) range.numberFormat = op.formats;
        range.values = op.values;
        return;
      }
      case 'add-sheet':
        sheets(op.sheet);
        return;
      case 'clear-sheet':
        sheets(op.sheet).getRange().clear();
        return;
      case 'bold':
        sheets(op.sheet).getRange(op.address).format.font.bold = true;
        return;
      case 'top':
        sheets(op.sheet).getRange(op.address).format.verticalAlignment = 'Top';
        return;
      case 'wrap':
        // Several lines in one cell (the board's clauses); Excel then fits the row heights itself.
        sheets(op.sheet).getRange(op.address).format.wrapText = true;
        return;
      case 'column-width':
        sheets(op.sheet).getRange(`${op.column}:${op.column}`).format.columnWidth = op.points;
        return;
      case 'print': {
        const page = sheets(op.sheet).pageLayout;
        page.orientation = op.landscape ? 'Landscape' : 'Portrait';
        if (op.titleRows) page.setPrintTitleRows(op.titleRows);
        // One page wide, as many pages tall as needed (0, as fitToHeight in the file format).
        if (op.fitToWidth) page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        return;
      }
      case 'list': {
        const validation = sheets(op.sheet).getRange(op.address).dataValidation;
        // A rule cannot be set over another: clear first (a person's own list on these cells is replaced by the same choices).
        validation.clear();
        validation.rule = { list: { inCellDropDown: true, source: op.source } };
        return;
      }
      case 'table-resize':
        context.workbook.tables.getItem(op.table).resize(op.address);
        return;
      case 'table-add-columns': {
        const columns = context.workbook.tables.getItem(op.table).columns;
        // A null index appends at the table's end (ExcelApi 1.4); the name is the header, set as text.
        for (const name of op.names) columns.add(null as unknown as number, undefined, name);
        return;
      }
      case 'chart':
        queueChart(sheets(op.sheet), op);
        return;
      case 'autofilter': {
        const filter = sheets(op.sheet).autoFilter;
        filter.apply(op.address);
        // Applying a range can drop the criteria; the filtered columns get theirs back.
        for (const { column, criteria } of op.criteria) filter.apply(op.address, column, criteria);
        return;
      }
    }
  }

  /** Last used rows of the tool's sheets when write runs without describe and readSheets: one sync more. */
  async function learnToolSheets(plan: WritePlan): Promise<void> {
    const names = toolSheetNames(plan);
    if (layoutKnown || names.length === 0) return;
    const probes = names.map((name) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject(name);
      sheet.load('protection/protected');
      const used = sheet.getUsedRangeOrNullObject(true);
      used.load('rowIndex,rowCount');
      return { name, sheet, used };
    });
    await context.sync();
    for (const { name, sheet, used } of probes) {
      if (sheet.isNullObject) continue;
      protectedSheets.set(name, sheet.protection.protected);
      layout.lastRows.set(name, used.isNullObject ? 0 : used.rowIndex + used.rowCount);
    }
  }

  /**
   * The chart names on the existing tool sheets that get a chart: the chart of an earlier export is
   * deleted by name (chart.ts). One sync, only when such a sheet exists.
   */
  async function learnCharts(plan: WritePlan): Promise<void> {
    const existing = (plan.sheets ?? [])
      .filter((s) => s.chart)
      .map((s) => [...layout.lastRows.keys()].find((n) => n.toLocaleLowerCase('sv') === s.name.toLocaleLowerCase('sv')))
      .filter((n): n is string => n !== undefined);
    if (existing.length === 0) return;
    const loads = existing.map((name) => {
      const charts = context.workbook.worksheets.getItem(name).charts;
      charts.load('items/name');
      return { name, charts };
    });
    await context.sync();
    layout.charts = new Map(loads.map(({ name, charts }) => [name, charts.items.map((c) => c.name)]));
  }

  async function write(lazyPlan: WritePlan): Promise<void> {
    // Excel takes each block's texts in one request: made once here.
    const plan = withTextArrays(lazyPlan);
    const overlong = overlongText(plan);
    if (overlong) {
      throw new WorkbookError(
        `Texten som skulle skrivas i ${overlong.address} på bladet "${plan.sheet}" är ${overlong.length} tecken lång, ` +
          `men en cell i Excel rymmer högst ${EXCEL_CELL_TEXT_LIMIT} tecken. Inget har ändrats i arbetsboken.`,
      );
    }
    const nothing =
      plan.headers.length === 0 && plan.blocks.length === 0 && plan.fills.length === 0 && !plan.cells?.length && !plan.validations?.length && !plan.sheets?.length;
    if (nothing) return;
    let synced = 0;
    let batches: WriteOp[][] = [];
    let failedBatch = -1;
    try {
      const sheet = context.workbook.worksheets.getItem(plan.sheet);
      let isProtected = protectedSheets.get(plan.sheet);
      if (isProtected === undefined) {
        // Only when write is called without describe/readSheets of this sheet: one extra sync.
        sheet.load('protection/protected');
        const loadWorkbookState = queueWorkbookState();
        await context.sync();
        loadWorkbookState();
        isProtected = sheet.protection.protected;
      }
      if (isProtected) throw new WorkbookError(protectedSheetMessage(plan.sheet));
      if (workbookState.readOnly) throw new WorkbookError(READ_ONLY_MESSAGE);
      await learnToolSheets(plan);
      await learnCharts(plan);
      for (const name of toolSheetNames(plan)) {
        // Sheet names are unique whatever their case; the message names the sheet as the workbook has it.
        const found = [...protectedSheets.entries()].find(([n]) => n.toLocaleLowerCase('sv') === name.toLocaleLowerCase('sv'));
        if (found?.[1]) throw new WorkbookError(protectedSheetMessage(found[0]));
      }

      const extra = planToolOps(plan, layout, caps);
      const sheetText = overlongSheetText(extra.after);
      if (sheetText) {
        throw new WorkbookError(
          `Texten som skulle skrivas i ${sheetText.address} på bladet "${sheetText.sheet}" är ${sheetText.length} tecken lång, ` +
            `men en cell i Excel rymmer högst ${EXCEL_CELL_TEXT_LIMIT} tecken. Inget har ändrats i arbetsboken.`,
        );
      }
      // Under structure protection Excel refuses worksheets.add, after the texts have gone in: refuse before anything instead.
      const added = extra.after.find((op) => op.kind === 'add-sheet');
      if (added && workbookState.structureProtected) throw new WorkbookError(structureProtectedMessage(added.sheet));
      batches = planBatches(plan, { budget, rangeAreas }, extra);
      if (batches.length === 0) return;
      const proxies = new Map<string, Excel.Worksheet>([[plan.sheet, sheet]]);
      const created = new Set<string>();
      for (const op of extra.after) if (op.kind === 'add-sheet') created.add(op.sheet);
      const sheets = (name: string): Excel.Worksheet => {
        let proxy = proxies.get(name);
        if (!proxy) {
          // The tool's new sheets are added once, in the first operation that names them.
          proxy = created.has(name) ? context.workbook.worksheets.add(name) : context.workbook.worksheets.getItem(name);
          created.delete(name);
          proxies.set(name, proxy);
        }
        return proxy;
      };
      for (const batch of batches) {
        for (const op of batch) queue(sheets, plan.sheet, op);
        // One request per ~4 MB batch, as Microsoft advises for the 5 MB limit; a normal plan is one batch.
        failedBatch = synced;
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- the loop runs once per 4 MB of text, not per row
        await context.sync();
        failedBatch = -1;
        synced++;
      }
      // A second write through this port appends below what this one wrote.
      for (const op of extra.after) {
        if (op.kind === 'cells' && op.sheet !== plan.sheet) layout.lastRows.set(op.sheet, Number(/(\d+)$/u.exec(op.address)?.[1] ?? 0));
      }
    } catch (error) {
      if (error instanceof WorkbookError) throw error;
      // A batch is not a transaction: what was queued before the failing action stays in the workbook.
      const maybePartial = failedBatch >= 0 && !refusesWholeBatch(error);
      const written = failedBatch >= 0 ? await writtenSoFar(plan, batches, failedBatch, maybePartial) : null;
      throw toWorkbookError(error, {
        action: 'write',
        sheet: plan.sheet,
        partlyWritten: synced > 0 || (maybePartial && written !== NOTHING_WRITTEN),
        written: written && written !== NOTHING_WRITTEN ? written : undefined,
        tables: layout.tables.filter((t) => t.sheet === plan.sheet).map((t) => t.name),
        addedSheet: batches.flat().find((op): op is Extract<WriteOp, { kind: 'add-sheet' }> => op.kind === 'add-sheet')?.sheet,
      });
    }
  }

  /**
   * After a write batch failed: which of the plan's texts are in the workbook. Actions run in order, so
   * the first and the last text of the failing batch tell (one sync, on the failure path only). Returns a
   * Swedish sentence, NOTHING_WRITTEN when provably nothing of the plan went in, or null when unknown.
   */
  async function writtenSoFar(plan: WritePlan, batches: WriteOp[][], failed: number, maybePartial: boolean): Promise<string | null> {
    const before = batches.slice(0, failed).flat();
    const failing = batches[failed] ?? [];
    let failingTexts: 'all' | 'none' | null = 'none';
    if (maybePartial) {
      const texts = failing.filter((op): op is TextOp => op.kind === 'text');
      const first = texts.length > 0 ? probeCell(texts[0], 'first') : null;
      const last = texts.length > 0 ? probeCell(texts[texts.length - 1], 'last') : null;
      if (texts.length === 0) failingTexts = 'none';
      else if (!first || !last) failingTexts = null;
      else {
        try {
          const sheet = context.workbook.worksheets.getItem(plan.sheet);
          const probes = [first, last].map((p) => {
            const range = sheet.getRange(p.address);
            range.load('values');
            return { range, text: p.text };
          });
          await context.sync();
          const found = probes.map((p) => p.range.values?.[0]?.[0] === p.text);
          failingTexts = found[1] ? 'all' : found[0] ? null : 'none';
        } catch {
          failingTexts = null;
        }
      }
    }
    if (failingTexts === null) return null;
    const textOps = [...before, ...(failingTexts === 'all' ? failing : [])].filter((op) => op.kind === 'text');
    const allTexts = batches.flat().filter((op) => op.kind === 'text').length;
    // Earlier batches went in whole; the failing one may have run the table operations that precede its texts.
    const anyBefore = before.length > 0 || (maybePartial && failing.length > 0 && failing[0].kind !== 'text' && failing[0].kind !== 'fill');
    if (textOps.length === 0) return anyBefore ? null : NOTHING_WRITTEN;
    if (textOps.length < allTexts) return `En del av bedömningens texter är skrivna på bladet "${plan.sheet}", inte alla.`;
    const rows = plan.blocks.filter((b) => b.values.length > 0);
    // A plan of headers only (no rows) has no row range to name.
    const span = rows.length > 0 ? ` (rad ${Math.min(...rows.map((b) => b.top))}–${Math.max(...rows.map((b) => b.top + b.values.length - 1))})` : '';
    const rest = remainingParts(plan);
    return `Status, bedömning och förslag till beslut är skrivna på bladet "${plan.sheet}"${span}` + (rest ? `, men ${rest} kan saknas.` : '.');
  }

  function probeCell(op: TextOp, end: 'first' | 'last'): { address: string; text: string } | null {
    const at = parseRef(op.address.split(':')[0]);
    if (!at) return null;
    const order = op.values.map((row, r) => ({ r, text: row[0] }));
    const pick = (end === 'first' ? order : [...order].reverse()).find((c) => c.text !== '');
    return pick ? { address: cellAddress(at[0] + pick.r, at[1]), text: pick.text } : null;
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
