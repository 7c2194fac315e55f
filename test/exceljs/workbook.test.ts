import ExcelJS from 'exceljs';
import { ExcelJsWorkbook, openWorkbookBuffer, saveWorkbookBuffer, toCellValue } from '../../src/adapters/exceljs/workbook';
import { WorkbookError, type WritePlan } from '../../src/core/port';
import { HEADER_FILL, changedCells, keyColumn, keySheet, roundTrip, sampleWorkbook, snapshotCells, snapshotSheets } from './helpers';

/** What the core would ask for that sheet: five tool columns to the right (J–N), rows 4, 5 and 7. */
function samplePlan(texts: (row: number, col: number) => string = (r, c) => `R${r}C${c}`): WritePlan {
  const cols = [10, 11, 12, 13, 14];
  return {
    sheet: 'Ansökningar',
    headers: [
      { row: 3, col: 10, text: 'Status' },
      { row: 3, col: 11, text: 'Bedömning' },
      { row: 3, col: 12, text: 'Förslag till beslut' },
      { row: 3, col: 13, text: 'Regelträffar' },
      { row: 3, col: 14, text: 'Bedömd' },
    ],
    blocks: cols.flatMap((col) => [
      { col, top: 4, values: [texts(4, col), texts(5, col)] },
      { col, top: 7, values: [texts(7, col)] },
    ]),
    fillColumns: cols,
    fills: [
      { top: 4, count: 1, color: '#C6EFCE' },
      { top: 5, count: 1, color: '#FFEB9C' },
      { top: 7, count: 1, color: '#FFC7CE' },
    ],
  };
}

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

describe('ExcelJsWorkbook.write', () => {
  it('writes headers, literal texts and fills, and nothing else', async () => {
    const original = await roundTrip(sampleWorkbook());
    const before = snapshotCells(original);
    const sheetsBefore = snapshotSheets(original);
    await new ExcelJsWorkbook(original).write(samplePlan());
    const after = await roundTrip(original);

    const tool = new Set(['J', 'K', 'L', 'M', 'N']);
    const changed = changedCells(before, snapshotCells(after), (key) => keySheet(key) === 'Ansökningar' && tool.has(keyColumn(key)));
    expect(changed).toEqual([]);
    expect(snapshotSheets(after)).toBe(sheetsBefore);

    const ws = after.getWorksheet('Ansökningar')!;
    expect(ws.getCell('J3').value).toBe('Status');
    expect(ws.getCell('N3').value).toBe('Bedömd');
    // A created header takes the look of the header next to it.
    expect(ws.getCell('J3').font).toEqual(expect.objectContaining({ bold: true }));
    expect(ws.getCell('J3').fill).toEqual(HEADER_FILL);
    expect(ws.getCell('J4').value).toBe('R4C10');
    expect(ws.getCell('N7').value).toBe('R7C14');
    expect(ws.getCell('J4').numFmt).toBe('@');
    // The empty row 6 is not written.
    expect(ws.getCell('J6').value).toBeNull();
    expect(ws.getCell('J6').fill).toBeUndefined();
    expect(ws.getCell('J4').fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } });
    expect(ws.getCell('N5').fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } });
    expect(ws.getCell('J7').fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } });
    // Input columns keep their values, the formula and its result.
    expect(ws.getCell('G5').value).toEqual({ formula: '100000*2', result: 200000 });
    expect(ws.getCell('H4').value).toBe('Bifall');
    expect(ws.getCell('I4').value).toBe('Klar');
  });

  it('writes texts that look like formulas as strings', async () => {
    const hostile = ['=HYPERLINK("http://x","y")', '+46 18 00 00', '-1', '@SUM(A1)', '=1+1'];
    const wb = await roundTrip(sampleWorkbook());
    const plan: WritePlan = {
      sheet: 'Ansökningar',
      headers: [],
      blocks: [{ col: 12, top: 4, values: hostile }],
      fillColumns: [],
      fills: [],
    };
    await new ExcelJsWorkbook(wb).write(plan);
    const after = await roundTrip(wb);
    const ws = after.getWorksheet('Ansökningar')!;
    hostile.forEach((text, i) => {
      const cell = ws.getCell(4 + i, 12);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.formula).toBeUndefined();
      expect(cell.numFmt).toBe('@');
    });
  });

  it('leaves an empty text as an empty cell', async () => {
    const wb = sampleWorkbook();
    const ws = wb.getWorksheet('Ansökningar')!;
    ws.getCell('L4').value = 'gammal text';
    await new ExcelJsWorkbook(wb).write({ sheet: 'Ansökningar', headers: [], blocks: [{ col: 12, top: 4, values: [''] }], fillColumns: [], fills: [] });
    expect(ws.getCell('L4').value).toBeNull();
    expect(ws.getCell('L4').numFmt).toBe('@');
  });

  it('does not change other cells that were loaded with the same style', async () => {
    // ExcelJS hands cells loaded with one style id the same style object.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ansökningar');
    for (let r = 1; r <= 3; r++) {
      for (let c = 1; c <= 3; c++) {
        ws.getCell(r, c).value = `v${r}${c}`;
        ws.getCell(r, c).font = { name: 'Arial', size: 9 };
      }
    }
    const loaded = await roundTrip(wb);
    const others = ['A1', 'B2', 'C1', 'C3'];
    const sheetBefore = loaded.getWorksheet('Ansökningar')!;
    // The trap is real: these cells share one style object after loading.
    expect(sheetBefore.getCell('C2').style).toBe(sheetBefore.getCell('C3').style);
    const stylesBefore = others.map((a) => JSON.stringify(sheetBefore.getCell(a).style));
    await new ExcelJsWorkbook(loaded).write({
      sheet: 'Ansökningar',
      headers: [],
      blocks: [{ col: 3, top: 2, values: ['x'] }],
      fillColumns: [3],
      fills: [{ top: 2, count: 1, color: '#FF0000' }],
    });
    const sheet = loaded.getWorksheet('Ansökningar')!;
    expect(sheet.getCell('C2').fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } });
    expect(sheet.getCell('C2').font).toEqual(expect.objectContaining({ name: 'Arial', size: 9 }));
    expect(others.map((a) => JSON.stringify(sheet.getCell(a).style))).toEqual(stylesBefore);
    expect(sheet.getCell('C3').numFmt).toBeUndefined();
  });

  it('changes nothing on a second run with the same plan', async () => {
    const wb = await roundTrip(sampleWorkbook());
    await new ExcelJsWorkbook(wb).write(samplePlan());
    const first = await roundTrip(wb);
    const snapshot = snapshotCells(first);
    // The second run finds its columns again, so it creates no headers.
    await new ExcelJsWorkbook(first).write({ ...samplePlan(), headers: [] });
    const second = await roundTrip(first);
    expect(changedCells(snapshot, snapshotCells(second), () => false)).toEqual([]);
  });

  it('refuses a plan for a sheet that does not exist, and a bad colour', async () => {
    const port = new ExcelJsWorkbook(sampleWorkbook());
    await expect(port.write({ ...samplePlan(), sheet: 'Blad9' })).rejects.toThrow('Bladet "Blad9" finns inte i arbetsboken.');
    await expect(port.write({ ...samplePlan(), fills: [{ top: 4, count: 1, color: 'grön' }] })).rejects.toThrow(
      'Ogiltig fyllnadsfärg "grön" för bladet "Ansökningar"',
    );
  });
});

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
