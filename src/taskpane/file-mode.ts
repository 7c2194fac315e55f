/**
 * File mode: the pane in a plain browser assesses an .xlsx the user chose and offers the result
 * for download. Loaded with a dynamic import() only in this mode, so ExcelJS (about 1 MB
 * minified) stays out of the bundle Excel loads. The file never leaves the browser.
 */
import { ExcelJsWorkbook, openWorkbookBuffer, saveWorkbookBuffer } from '../adapters/exceljs/workbook';
import { assessWorkbook, type AssessOptions, type RulesetRegistry, type WorkbookRun } from '../core/job';
import type { WorkbookDescription } from '../core/port';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface OpenedFile {
  description: WorkbookDescription;
  /** Assesses the file as chosen (each run starts from the original bytes) and returns the assessed workbook. */
  assess(registry: RulesetRegistry, options: AssessOptions & { onSaving?: () => void }): Promise<{ run: WorkbookRun; output: Blob }>;
}

export async function openFile(bytes: ArrayBuffer): Promise<OpenedFile> {
  // The first open serves the sheet list and the first run; later runs reopen the original bytes.
  let pending: Awaited<ReturnType<typeof openWorkbookBuffer>> | null = await openWorkbookBuffer(bytes);
  const description = await new ExcelJsWorkbook(pending).describe();
  return {
    description,
    async assess(registry, options) {
      const workbook = pending ?? (await openWorkbookBuffer(bytes));
      pending = null;
      const run = await assessWorkbook(new ExcelJsWorkbook(workbook), registry, options);
      options.onSaving?.();
      const saved = await saveWorkbookBuffer(workbook);
      return { run, output: new Blob([saved as BlobPart], { type: XLSX_MIME }) };
    },
  };
}

/** `ansokningar.xlsx` → `ansokningar.bedomd.xlsx`, the name the command line uses too. */
export function assessedFileName(name: string): string {
  return `${name.replace(/\.xlsx$/i, '')}.bedomd.xlsx`;
}
