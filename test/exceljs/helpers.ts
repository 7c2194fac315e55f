import ExcelJS from 'exceljs';
import { openWorkbookBuffer, saveWorkbookBuffer } from '../../src/adapters/exceljs/workbook';

/** Saves and reloads a workbook, as a file on disk would. */
export async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  return openWorkbookBuffer(await saveWorkbookBuffer(wb));
}

export interface CellSnapshot {
  value: string;
  style: string;
}

/** Every stored cell of every sheet, with value and style as JSON, keyed `Sheet!A1`. */
export function snapshotCells(wb: ExcelJS.Workbook): Map<string, CellSnapshot> {
  const out = new Map<string, CellSnapshot>();
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: true }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        out.set(`${ws.name}!${cell.address}`, { value: JSON.stringify(cell.value ?? null), style: JSON.stringify(cell.style ?? {}) });
      });
    });
  });
  return out;
}

/** Sheet-level things a run must not change: column widths, merges, views, row heights. */
export function snapshotSheets(wb: ExcelJS.Workbook): string {
  const sheets: unknown[] = [];
  wb.eachSheet((ws) => {
    const widths: (number | undefined)[] = [];
    // Wide enough for a sheet before and after a run (its created columns), so the two compare.
    for (let c = 1; c <= Math.max(ws.columnCount, 30); c++) widths.push(ws.getColumn(c).width);
    const heights: (number | undefined)[] = [];
    ws.eachRow({ includeEmpty: true }, (row) => heights.push(row.height));
    sheets.push({
      name: ws.name,
      widths,
      heights,
      merges: (ws.model as unknown as { merges?: string[] }).merges ?? [],
      views: ws.views,
    });
  });
  return JSON.stringify(sheets);
}

/** Keys of cells that differ between two snapshots, ignoring those `ignore` accepts. */
export function changedCells(before: Map<string, CellSnapshot>, after: Map<string, CellSnapshot>, ignore: (key: string) => boolean): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const changed: string[] = [];
  for (const key of keys) {
    if (ignore(key)) continue;
    const a = before.get(key);
    const b = after.get(key);
    // A cell that exists without value or style in one snapshot and not at all in the other is the same cell.
    const empty = (s: CellSnapshot | undefined) => !s || (s.value === 'null' && s.style === '{}');
    if (empty(a) && empty(b)) continue;
    if (a?.value !== b?.value || a?.style !== b?.style) changed.push(key);
  }
  return changed.sort();
}

/** Column letters of a cell key `Sheet!AB12`. */
export function keyColumn(key: string): string {
  return /!([A-Z]+)\d+$/u.exec(key)?.[1] ?? '';
}
export function keySheet(key: string): string {
  return key.slice(0, key.lastIndexOf('!'));
}
export function keyRow(key: string): number {
  return Number(/(\d+)$/u.exec(key)?.[1] ?? 0);
}

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** A workbook like an economist keeps: notes sheet first, a title, a blank row, headers on row 3. */
export function sampleWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('Anteckningar');
  notes.getCell('A1').value = 'Anteckningar från beredningen';
  notes.getCell('A1').font = { italic: true };
  notes.getCell('B2').value = { formula: 'SUM(1,2)', result: 3 };
  notes.getColumn(1).width = 40;

  const ws = wb.addWorksheet('Ansökningar');
  ws.getCell('A1').value = 'Ansökningar 2025';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells('A1:C1');
  const headers = ['Dnr', 'Insats', 'Insatsägare', 'Handläggare', 'Startdatum', 'Slutdatum', 'Sökt belopp (kr)', 'Chefens beslut', 'Kommentar'];
  headers.forEach((h, i) => {
    const cell = ws.getCell(3, i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  ws.getColumn(2).width = 32;
  ws.getColumn(7).width = 14;
  ws.getColumn(8).width = 25;
  const rows: ExcelJS.CellValue[][] = [
    ['2025-01', 'Lokussamordnare Uppsala', 'Uppsala kommun', 'Eva', new Date(Date.UTC(2025, 0, 1)), new Date(Date.UTC(2026, 11, 31)), 560000, 'Bifall', 'Klar'],
    ['2025-02', { richText: [{ text: 'Arbets' }, { text: 'träning', font: { bold: true } }] }, { text: 'Heby kommun', hyperlink: 'https://heby.se' }, null, '2025-03-01', '2025-12-31', { formula: '100000*2', result: 200000 }, null, null],
    [],
    ['2025-03', '=HYPERLINK("http://x","y")', 'Tierps kommun', null, '2025-01-01', '2025-12-31', { error: '#N/A' }, null, null],
  ];
  rows.forEach((values, i) => values.forEach((v, j) => (ws.getCell(4 + i, j + 1).value = v)));
  ws.getCell('G4').numFmt = '#,##0 "kr"';
  ws.getCell('E4').numFmt = 'yyyy-mm-dd';
  ws.getCell('F4').numFmt = 'yyyy-mm-dd';
  return wb;
}
