import ExcelJS from 'exceljs';
import { ExcelJsWorkbook, openWorkbookBuffer, saveWorkbookBuffer, toCellValue } from '../../src/adapters/exceljs/workbook';
import { WorkbookError, type WritePlan } from '../../src/core/port';
import { HEADER_FILL, changedCells, keyColumn, keySheet, roundTrip, sampleWorkbook, snapshotCells, snapshotSheets } from './helpers';

describe('toCellValue', () => {
  it('maps every kind of ExcelJS value to a plain cell value', () => {
    const d = new Date(Date.UTC(2025, 0, 1));
    expect(toCellValue(null)).toBeNull();
    expect(toCellValue(undefined)).toBeNull();
    expect(toCellValue('x')).toBe('x');
    expect(toCellValue(12.5)).toBe(12.5);
    expect(toCellValue(true)).toBe(true);
    expect(toCellValue(d)).toBe(d);
    expect(toCellValue({ richText: [{ text: 'a' }, { text: 'b' }] })).toBe('ab');
    expect(toCellValue({ text: 'länk', hyperlink: 'https://x' })).toBe('länk');
    expect(toCellValue({ text: { richText: [{ text: 'r' }, { text: 't' }] }, hyperlink: 'h' } as unknown as ExcelJS.CellValue)).toBe('rt');
    expect(toCellValue({ formula: 'A1', result: 7 })).toBe(7);
    expect(toCellValue({ formula: 'A1' })).toBeNull();
    expect(toCellValue({ formula: 'A1', result: d })).toBe(d);
    expect(toCellValue({ sharedFormula: 'A1', result: 'x' })).toBe('x');
    expect(toCellValue({ formula: 'A1', result: { error: '#DIV/0!' } })).toEqual({ kind: 'cell-error', code: '#DIV/0!' });
    expect(toCellValue({ error: '#N/A' })).toEqual({ kind: 'cell-error', code: '#N/A' });
  });
});

describe('ExcelJsWorkbook.describe', () => {
  it('gives sheets in order, the active tab, tables and the date system', async () => {
    const wb = sampleWorkbook();
    const t = wb.addWorksheet('Tabell');
    t.addTable({
      name: 'Ansokningar2025',
      ref: 'B2',
      columns: [{ name: 'Insats' }, { name: 'Insatsägare' }, { name: 'Sökt belopp' }],
      rows: [['A', 'Heby kommun', 100000]],
    });
    wb.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
    wb.properties.date1904 = true;
    const loaded = await roundTrip(wb);
    const d = await new ExcelJsWorkbook(loaded).describe();
    expect(d.sheets).toEqual(['Anteckningar', 'Ansökningar', 'Tabell']);
    expect(d.activeSheet).toBe('Ansökningar');
    expect(d.tables).toEqual([{ name: 'Ansokningar2025', sheet: 'Tabell', headers: ['Insats', 'Insatsägare', 'Sökt belopp'] }]);
    expect(d.date1904).toBe(true);
  });

  it('has no active sheet when the file names none, and the 1900 system by default', async () => {
    const d = await new ExcelJsWorkbook(new ExcelJS.Workbook()).describe();
    expect(d).toEqual({ sheets: [], activeSheet: null, tables: [], date1904: false });
  });
});

describe('ExcelJsWorkbook.readSheets', () => {
  it('reads the used range as plain values with number formats', async () => {
    const wb = await roundTrip(sampleWorkbook());
    const [grid] = await new ExcelJsWorkbook(wb).readSheets(['Ansökningar']);
    expect(grid.name).toBe('Ansökningar');
    expect(grid.top).toBe(1);
    expect(grid.left).toBe(1);
    expect(grid.values).toHaveLength(7);
    expect(grid.values[0]).toEqual(['Ansökningar 2025', null, null, null, null, null, null, null, null]);
    expect(grid.values[1].every((v) => v === null)).toBe(true);
    expect(grid.values[2][6]).toBe('Sökt belopp (kr)');
    expect(grid.values[3][4]).toEqual(new Date(Date.UTC(2025, 0, 1)));
    expect(grid.values[3][6]).toBe(560000);
    expect(grid.numberFormats?.[3][6]).toBe('#,##0 "kr"');
    expect(grid.values[4][1]).toBe('Arbetsträning');
    expect(grid.values[4][2]).toBe('Heby kommun');
    expect(grid.values[4][6]).toBe(200000);
    expect(grid.values[5].every((v) => v === null)).toBe(true);
    expect(grid.values[6][1]).toBe('=HYPERLINK("http://x","y")');
    expect(grid.values[6][6]).toEqual({ kind: 'cell-error', code: '#N/A' });
  });

  it('reads shared formulas by their cached results', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Blad1');
    ws.getCell('B2').value = { formula: 'A2*2', result: 4, shareType: 'shared', ref: 'B2:B4' } as ExcelJS.CellValue;
    ws.getCell('B3').value = { sharedFormula: 'B2', result: 6 };
    ws.getCell('B4').value = { sharedFormula: 'B2' } as ExcelJS.CellValue;
    ws.getCell('C4').value = 'x';
    const [grid] = await new ExcelJsWorkbook(await roundTrip(wb)).readSheets(['Blad1']);
    expect(grid.top).toBe(2);
    expect(grid.left).toBe(2);
    expect(grid.values).toEqual([
      [4, null],
      [6, null],
      [null, 'x'],
    ]);
  });

  it('gives an empty grid for an empty sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tom');
    const [grid] = await new ExcelJsWorkbook(wb).readSheets(['Tom']);
    expect(grid.values).toEqual([]);
  });

  it('refuses a sheet that does not exist, in Swedish and naming it', async () => {
    const port = new ExcelJsWorkbook(sampleWorkbook());
    await expect(port.readSheets(['Saknas'])).rejects.toThrow(WorkbookError);
    await expect(port.readSheets(['Saknas'])).rejects.toThrow('Bladet "Saknas" finns inte i arbetsboken. Bladen är: Anteckningar, Ansökningar.');
  });
});

// The write tests run for both ports in test/ooxml/write.test.ts.

describe('openWorkbookBuffer / saveWorkbookBuffer', () => {
  it('round trips bytes', async () => {
    const bytes = await saveWorkbookBuffer(sampleWorkbook());
    expect(bytes).toBeInstanceOf(Uint8Array);
    const wb = await openWorkbookBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Anteckningar', 'Ansökningar']);
  });

  it('refuses bytes that are not a workbook with a WorkbookError', async () => {
    await expect(openWorkbookBuffer(new TextEncoder().encode('inte en arbetsbok'))).rejects.toThrow(WorkbookError);
    await expect(openWorkbookBuffer(new TextEncoder().encode('inte en arbetsbok'))).rejects.toThrow('Filen är inte en Excel-arbetsbok (.xlsx).');
  });
});
