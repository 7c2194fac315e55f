/**
 * The ExcelJS adapter: a WorkbookPort over an ExcelJS workbook already in memory.
 * No Node fs here, so the same code serves the command line and the browser file mode;
 * callers load and save buffers with `openWorkbookBuffer` / `saveWorkbookBuffer`.
 */
import ExcelJS from 'exceljs';
import {
  type CellValue,
  MAX_CELL_TEXT,
  type SheetGrid,
  type TableDescription,
  type WorkbookDescription,
  WorkbookError,
  type WorkbookPort,
  type WritePlan,
} from '../../core';
import { gridFromRows, type GridCell } from '../ooxml/grid';

/** Number format "Text": keeps what a person later types into the cell from becoming a formula or a number. */
const TEXT_FORMAT = '@';

/** Reads an .xlsx held in memory. Throws WorkbookError when the bytes are not a workbook ExcelJS can read. */
export async function openWorkbookBuffer(buf: ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS (JSZip underneath) takes ArrayBuffer, Uint8Array and Buffer alike; its typing only names Buffer.
    await workbook.xlsx.load(buf as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    // ExcelJS and JSZip throw English zip/XML messages; the reader gets one plain Swedish sentence.
    throw new WorkbookError('Filen är inte en Excel-arbetsbok (.xlsx).');
  }
  // Any zip loads (an empty one, a .docx): a workbook always has at least one worksheet.
  if (workbook.worksheets.length === 0) throw new WorkbookError('Filen är inte en Excel-arbetsbok (.xlsx).');
  return workbook;
}

/** Serialises the workbook to .xlsx bytes. */
export async function saveWorkbookBuffer(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  let out: ArrayBuffer | Uint8Array;
  try {
    out = (await workbook.xlsx.writeBuffer()) as ArrayBuffer | Uint8Array;
  } catch (err) {
    throw new WorkbookError(`Kan inte spara arbetsboken som .xlsx (${describeError(err)}).`);
  }
  // Node gives a Buffer (a Uint8Array); the browser build gives an ArrayBuffer.
  return out instanceof Uint8Array ? out : new Uint8Array(out);
}

/** The WorkbookPort over an ExcelJS workbook. Writes change the workbook in memory; saving is the caller's job. */
export class ExcelJsWorkbook implements WorkbookPort {
  constructor(readonly workbook: ExcelJS.Workbook) {}

  async describe(): Promise<WorkbookDescription> {
    const worksheets = this.workbook.worksheets;
    const sheets = worksheets.map((ws) => ws.name);
    const tables: TableDescription[] = [];
    for (const ws of worksheets) {
      for (const table of worksheetTables(ws)) tables.push({ name: table.name, sheet: ws.name, headers: table.headers });
    }
    // The workbook view's activeTab indexes the sheet tabs in workbook order.
    const activeTab = this.workbook.views?.[0]?.activeTab;
    const activeSheet = typeof activeTab === 'number' && sheets[activeTab] !== undefined ? sheets[activeTab] : null;
    return { sheets, activeSheet, tables, date1904: Boolean(this.workbook.properties?.date1904) };
  }

  async readSheets(names: readonly string[]): Promise<SheetGrid[]> {
    return names.map((name) => readGrid(this.sheet(name)));
  }

  async write(plan: WritePlan): Promise<void> {
    const ws = this.sheet(plan.sheet);
    const styles = new StyleCache();
    for (const h of plan.headers) {
      checkPosition(plan.sheet, h.row, h.col);
      const cell = ws.getCell(h.row, h.col);
      const neighbour = headerNeighbour(ws, h.row, h.col);
      // A created header looks like the header next to it (bold, fill …), so the table stays one table to the eye.
      if (neighbour) styles.apply(cell, { ...neighbour.style });
      writeText(cell, h.text, styles);
    }
    for (const block of plan.blocks) {
      checkPosition(plan.sheet, block.top, block.col);
      checkPosition(plan.sheet, block.top + Math.max(0, block.values.length - 1), block.col);
      for (let i = 0; i < block.values.length; i++) writeText(ws.getCell(block.top + i, block.col), block.values.at(i) ?? '', styles);
    }
    for (const run of plan.fills) {
      const argb = toArgb(run.color, plan.sheet);
      const fill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
      for (const col of plan.fillColumns) {
        checkPosition(plan.sheet, run.top, col);
        checkPosition(plan.sheet, run.top + Math.max(0, run.count - 1), col);
      }
      for (let r = run.top; r < run.top + run.count; r++) {
        for (const col of plan.fillColumns) styles.apply(ws.getCell(r, col), { fill }, `fill:${argb}`);
      }
    }
  }

  private sheet(name: string): ExcelJS.Worksheet {
    const ws = this.workbook.worksheets.find((w) => w.name === name);
    if (!ws) {
      const all = this.workbook.worksheets.map((w) => w.name).join(', ');
      throw new WorkbookError(`Bladet "${name}" finns inte i arbetsboken. Bladen är: ${all || '(inga)'}.`);
    }
    return ws;
  }
}

/** Converts one ExcelJS cell value to the core's CellValue. */
export function toCellValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  if ('error' in value) return { kind: 'cell-error', code: String(value.error) };
  if ('richText' in value) return (value.richText ?? []).map((part) => part.text ?? '').join('');
  // Formulas (plain, shared and array): the result Excel cached when the file was last calculated.
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result !== null && typeof result === 'object' && !(result instanceof Date) && !('error' in result)) return null;
    return toCellValue(result as ExcelJS.CellValue | undefined);
  }
  // A hyperlink's text may itself be rich text.
  if ('hyperlink' in value) return toCellValue((value as { text?: ExcelJS.CellValue }).text ?? null);
  return null;
}

function readGrid(ws: ExcelJS.Worksheet): SheetGrid {
  // One pass over the stored cells, keeping only those with a value; the used range is their bounding box.
  const byRow: { row: number; cells: GridCell[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: GridCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // A merged cell's slaves report the master's value; only the master holds it.
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const value = toCellValue(cell.value);
      if (value === null) return;
      cells.push({ col: colNumber, value, numFmt: cell.numFmt ?? null });
    });
    if (cells.length > 0) byRow.push({ row: rowNumber, cells });
  });
  return gridFromRows(ws.name, byRow);
}

/** Tables of a worksheet with their header texts. ExcelJS keeps the table definition in `table` (its model). */
function worksheetTables(ws: ExcelJS.Worksheet): { name: string; headers: string[] }[] {
  const out: { name: string; headers: string[] }[] = [];
  // The typing says `[Table, void][]`, the runtime returns Table[].
  for (const t of ws.getTables() as unknown as { table?: { name?: string; displayName?: string; columns?: { name?: string }[] } }[]) {
    const model = t.table;
    if (!model) continue;
    out.push({
      name: model.displayName ?? model.name ?? '',
      headers: (model.columns ?? []).map((c) => String(c.name ?? '')),
    });
  }
  return out;
}

/** The nearest header cell to the left in the same row that holds something (found, never created). */
function headerNeighbour(ws: ExcelJS.Worksheet, row: number, col: number): ExcelJS.Cell | null {
  const cells = ws.findRow(row);
  for (let c = col - 1; cells && c >= 1; c--) {
    const cell = cells.findCell(c);
    if (cell && cell.type !== ExcelJS.ValueType.Null && cell.type !== ExcelJS.ValueType.Merge) return cell;
  }
  return null;
}

/**
 * Changes cell styles without changing them in place. ExcelJS hands all cells loaded with
 * one style id the same style object, so assigning `cell.fill` would repaint every cell of
 * that style; a changed style is always a new object. Equal new styles are shared in turn:
 * ExcelJS recognises a style object it has seen when saving, which keeps saving fast.
 */
class StyleCache {
  private readonly byKey = new Map<string, Partial<ExcelJS.Style>>();
  /** Per original style object and change: the result, so shared loaded styles are looked at once. */
  private readonly bySource = new WeakMap<object, Map<string, Partial<ExcelJS.Style>>>();

  apply(cell: ExcelJS.Cell, change: Partial<ExcelJS.Style>, changeKey = JSON.stringify(change)): void {
    const from = cell.style ?? {};
    let results = this.bySource.get(from);
    const known = results?.get(changeKey);
    if (known) {
      cell.style = known;
      return;
    }
    const next = { ...from, ...change };
    const key = JSON.stringify(next);
    let shared = this.byKey.get(key);
    if (!shared) {
      shared = next;
      this.byKey.set(key, next);
    }
    if (!results) this.bySource.set(from, (results = new Map()));
    results.set(changeKey, shared);
    cell.style = shared;
  }
}

/** Writes text as a literal string value with the Text number format: never a formula, never a number. */
function writeText(cell: ExcelJS.Cell, text: string, styles: StyleCache): void {
  styles.apply(cell, { numFmt: TEXT_FORMAT }, 'text');
  // An empty cell rather than an empty string, so that Excel's ISBLANK and Go To Special see it as empty.
  if (text === '') {
    cell.value = null;
    return;
  }
  // A string value is stored as a shared string, whatever it starts with (`=`, `+`, `-`, `@`).
  cell.value = text.length > MAX_CELL_TEXT ? `${text.slice(0, MAX_CELL_TEXT - 1)}…` : text;
}

function toArgb(color: string, sheet: string): string {
  const m = /^#?([0-9a-f]{6})$/iu.exec(color.trim());
  if (!m) throw new WorkbookError(`Ogiltig fyllnadsfärg "${color}" för bladet "${sheet}" (väntade #RRGGBB).`);
  return `FF${m[1].toUpperCase()}`;
}

function checkPosition(sheet: string, row: number, col: number): void {
  if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1 || row > 1048576 || col > 16384) {
    throw new WorkbookError(`Kan inte skriva utanför bladet "${sheet}" (rad ${row}, kolumn ${col}).`);
  }
}

function describeError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 200);
}
