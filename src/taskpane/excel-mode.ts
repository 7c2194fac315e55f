/**
 * Excel mode: the pane runs inside Excel and assesses the open workbook in place through the
 * Office.js adapter of the workbook port. The pane's Office.js calls all go through here.
 */
import { assertExcelSupported, createOfficeWorkbookPort, selectRow as selectRowIn } from '../adapters/office/workbook';
import { assessWorkbook, type AssessOptions, type RulesetRegistry, type WorkbookRun } from '../core/job';
import type { WorkbookDescription, WorkbookPort } from '../core/port';

/** Throws a Swedish WorkbookError when this Excel lacks the requirement set the manifest names. */
export function checkExcel(): void {
  assertExcelSupported();
}

export function describeWorkbook(): Promise<WorkbookDescription> {
  return Excel.run((context) => createOfficeWorkbookPort(context).describe());
}

/** Reads, assesses and writes within one Excel.run, so the adapter's few syncs share one context. */
export function assessInExcel(registry: RulesetRegistry, options: AssessOptions): Promise<WorkbookRun> {
  return Excel.run((context) => assessWorkbook(createOfficeWorkbookPort(context), registry, options));
}

/** Runs `work` with a port on the open workbook in one Excel.run (the review view's save: describe, read, write). */
export function withExcelWorkbook<T>(work: (port: WorkbookPort) => Promise<T>): Promise<T> {
  return Excel.run((context) => work(createOfficeWorkbookPort(context)));
}

/** Selects the row in the sheet, so a click in the pane's list shows the application in Excel. */
export function selectRow(sheet: string, row: number): Promise<void> {
  return Excel.run((context) => selectRowIn(context, sheet, row));
}
