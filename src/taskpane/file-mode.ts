/**
 * File mode: the pane in a plain browser assesses an .xlsx/.xlsm the user chose and offers the
 * result for download. Loaded with a dynamic import() only in this mode, so the file port (zip
 * and XML parsing) stays out of the bundle Excel loads. The file never leaves the browser; the
 * package is edited in place, so what the tool does not own comes back as it was.
 */
import { openOoxml } from '../adapters/ooxml/workbook';
import { assessWorkbook, type AssessOptions, type RulesetRegistry, type WorkbookRun } from '../core/job';
import type { WorkbookDescription, WorkbookPort } from '../core/port';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XLSM_MIME = 'application/vnd.ms-excel.sheet.macroEnabled.12';

export interface OpenedFile {
  description: WorkbookDescription;
  /** Assesses the file as chosen (each run starts from the original bytes) and returns the assessed workbook. */
  assess(registry: RulesetRegistry, options: AssessOptions & { onSaving?: () => void }): Promise<{ run: WorkbookRun; output: Blob }>;
}

export async function openFile(bytes: ArrayBuffer): Promise<OpenedFile> {
  // The first open serves the sheet list and the first run; later runs reopen the original bytes.
  const original = new Uint8Array(bytes.slice(0));
  let pending: ReturnType<typeof openOoxml> | null = openOoxml(original);
  const description = await pending.describe();
  return {
    description,
    async assess(registry, options) {
      const workbook = pending ?? openOoxml(original);
      pending = null;
      const run = await assessWorkbook(workbook, registry, options);
      options.onSaving?.();
      const saved = workbook.save();
      return { run, output: new Blob([saved as BlobPart], { type: workbook.extension === '.xlsm' ? XLSM_MIME : XLSX_MIME }) };
    },
  };
}

/** `ansokningar.xlsx` → `ansokningar.bedomd.xlsx` (an .xlsm stays .xlsm), the names the command line uses too. */
export function assessedFileName(name: string): string {
  const m = /\.(xlsx|xlsm)$/iu.exec(name);
  const ext = m && m[1].toLowerCase() === 'xlsm' ? '.xlsm' : '.xlsx';
  return `${m ? name.slice(0, -m[0].length) : name}.bedomd${ext}`;
}

/** Applies `work` to an assessed file (the review view's save) and returns its result and the changed file. */
export async function editFile<T>(file: Blob, work: (port: WorkbookPort) => Promise<T>): Promise<{ result: T; output: Blob }> {
  const workbook = openOoxml(new Uint8Array(await file.arrayBuffer()));
  const result = await work(workbook);
  const saved = workbook.save();
  return { result, output: new Blob([saved as BlobPart], { type: file.type || XLSX_MIME }) };
}
