/**
 * Stands in for Microsoft's office.js in the Excel-mode browser tests: served at the CDN
 * address, it gives the page an `Office` that reports the Excel host and an `Excel.run` over
 * the typed fake workbook of the Office adapter's tests (test/office/fake-excel.ts). The pane,
 * the host detection (src/host/host.ts), the Office adapter and the core all run for real on top of it.
 */
import { FakeExcel, type FakeValue } from '../office/fake-excel';

export interface FakeWorkbookSpec {
  sheets: { name: string; protected?: boolean; cells: [row: number, col: number, value: FakeValue, numberFormat?: string][] }[];
  activeSheet: string;
  /** The highest ExcelApi version this "Excel" supports. */
  excelApi: string;
  /** Office.context.platform (default OfficeOnline): Mac and iOS refuse downloads, PC reads getRanges with `listSeparator`. */
  platform?: string;
  /** What the fake's getRanges splits an address list on (default `,`). */
  listSeparator?: ',' | ';';
  readOnly?: boolean;
  structureProtected?: boolean;
  /** A cell is being edited when the page opens; `window.__fakeExcel.endCellEdit()` ends it. */
  editMode?: boolean;
}

interface FakeWindow {
  __fakeWorkbook: FakeWorkbookSpec;
  __fakeExcel: FakeExcel;
  Office: unknown;
  Excel: unknown;
}

const w = window as unknown as FakeWindow;

const spec = w.__fakeWorkbook;
const excel = new FakeExcel();
for (const s of spec.sheets) {
  const sheet = excel.addSheet(s.name);
  sheet.protected = s.protected === true;
  for (const [row, col, value, format] of s.cells) sheet.set(row, col, value, format);
}
excel.activeSheet = spec.activeSheet;
excel.listSeparator = spec.listSeparator ?? ',';
excel.readOnly = spec.readOnly === true;
excel.structureProtected = spec.structureProtected === true;
excel.editMode = spec.editMode === true;
const platform = spec.platform ?? 'OfficeOnline';

function versionAtMost(wanted: string, available: string): boolean {
  const a = wanted.split('.').map(Number);
  const b = available.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return true;
}

const context = {
  host: 'Excel',
  platform,
  requirements: { isSetSupported: (name: string, version?: string | number) => name === 'ExcelApi' && versionAtMost(String(version ?? '1.1'), spec.excelApi) },
};
w.Office = {
  HostType: { Excel: 'Excel' },
  context,
  onReady: () => Promise.resolve({ host: 'Excel', platform }),
};
type Batch<T> = (ctx: Excel.RequestContext) => Promise<T>;
// Excel.run(batch) or Excel.run(options, batch), as Office.js takes them.
w.Excel = {
  run: <T>(first: Batch<T> | Excel.RunOptions, second?: Batch<T>) =>
    typeof first === 'function' ? first(excel.context) : second!(excel.contextWith(first)),
};
w.__fakeExcel = excel;
