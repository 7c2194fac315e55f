/**
 * Excel mode: the pane runs inside Excel and assesses the open workbook in place through the
 * Office.js adapter of the workbook port. The pane's Office.js calls all go through here.
 */
import { assertExcelSupported, createOfficeWorkbookPort, EXCEL_API_SETS, hostSupports, selectRow as selectRowIn } from '../adapters/office/workbook';
import {
  type AssessOptions,
  assessWorkbook,
  type RulesetRegistry,
  type WorkbookDescription,
  type WorkbookPort,
  type WorkbookRun,
} from '../core';

/** Throws a Swedish WorkbookError when this Excel lacks the requirement set the manifest names. */
export function checkExcel(): void {
  assertExcelSupported();
}

/**
 * Excel.run, waiting for a cell being edited where this Excel can (the run goes on once the person presses
 * Enter or Esc); elsewhere the adapter's message asks them to leave the cell and run again.
 */
function run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  // ExcelApi 1.11 can hold a run while a cell is being edited instead of failing it (Excel.RunOptions.delayForCellEdit).
  if (hostSupports(EXCEL_API_SETS.delayForCellEdit)) return Excel.run({ delayForCellEdit: true }, batch);
  return Excel.run(batch);
}

export function describeWorkbook(): Promise<WorkbookDescription> {
  return run((context) => createOfficeWorkbookPort(context).describe());
}

/** Reads, assesses and writes within one Excel.run, so the adapter's few syncs share one context. */
export function assessInExcel(registry: RulesetRegistry, options: AssessOptions): Promise<WorkbookRun> {
  return run((context) => assessWorkbook(createOfficeWorkbookPort(context), registry, options));
}

/** Runs `work` with a port on the open workbook in one Excel.run (the review view's save: describe, read, write). */
export function withExcelWorkbook<T>(work: (port: WorkbookPort) => Promise<T>): Promise<T> {
  return run((context) => work(createOfficeWorkbookPort(context)));
}

/** Selects the row in the sheet, so a click in the pane's list shows the application in Excel. */
export function selectRow(sheet: string, row: number): Promise<void> {
  return run((context) => selectRowIn(context, sheet, row));
}
