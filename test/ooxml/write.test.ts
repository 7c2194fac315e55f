/**
 * The write tests of both ports (the ExcelJS adapter's, moved here from test/exceljs), and the
 * file port's describe/read tests: the same workbook, the same plans, the result read back with ExcelJS.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { ExcelJsWorkbook, openWorkbookBuffer, saveWorkbookBuffer } from '../../src/adapters/exceljs/workbook';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { WorkbookError, type WritePlan } from '../../src/core/port';
import { HEADER_FILL, changedCells, keyColumn, keySheet, sampleWorkbook, snapshotCells, snapshotSheets } from '../exceljs/helpers';

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** What the core would ask for the sample sheet: five tool columns to the right (J–N), rows 4, 5 and 7. */
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

/** A port under test: writes a plan into workbook bytes and gives the saved bytes. */
interface Runner {
  name: string;
  rewrite(bytes: Uint8Array, plan: WritePlan): Promise<Uint8Array>;
}

const filePort: Runner = {
  name: 'the file port',
  async rewrite(bytes, plan) {
    const port = openOoxml(bytes);
    await port.write(plan);
    return port.save();
  },
};

const excelJsAdapter: Runner = {
  name: 'the ExcelJS adapter',
  async rewrite(bytes, plan) {
    const wb = await openWorkbookBuffer(bytes);
    await new ExcelJsWorkbook(wb).write(plan);
    return saveWorkbookBuffer(wb);
  },
};

async function written(runner: Runner, plan: WritePlan, wb: ExcelJS.Workbook = sampleWorkbook()): Promise<{ before: ExcelJS.Workbook; after: ExcelJS.Workbook; bytes: Uint8Array }> {
  const input = await bytesOf(wb);
  const bytes = await runner.rewrite(input, plan);
  return { before: await load(input), after: await load(bytes), bytes };
}

// What the file port describes and reads equals the ExcelJS adapter's on the same workbooks (sheets, active tab,
// tables, date system, grids): differential.test.ts.

describe('OoxmlWorkbook.readSheets', () => {
  // What it reads equals the ExcelJS adapter's reading of the same workbooks: differential.test.ts.
  it('refuses a sheet that does not exist, in Swedish and naming it', async () => {
    const port = openOoxml(await bytesOf(sampleWorkbook()));
    await expect(port.readSheets(['Saknas'])).rejects.toThrow(new WorkbookError('Bladet "Saknas" finns inte i arbetsboken. Bladen är: Anteckningar, Ansökningar.'));
  });
});

describe.each([filePort, excelJsAdapter].map((r) => [r.name, r] as const))('%s writes', (_name, runner) => {
  it('writes headers, literal texts and fills, and nothing else', async () => {
    const { before, after } = await written(runner, samplePlan());
    const tool = new Set(['J', 'K', 'L', 'M', 'N']);
    const changed = changedCells(snapshotCells(before), snapshotCells(after), (key) => keySheet(key) === 'Ansökningar' && tool.has(keyColumn(key)));
    expect(changed).toEqual([]);
    expect(snapshotSheets(after)).toBe(snapshotSheets(before));

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
    const { after } = await written(runner, { sheet: 'Ansökningar', headers: [], blocks: [{ col: 12, top: 4, values: hostile }], fillColumns: [], fills: [] });
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
    wb.getWorksheet('Ansökningar')!.getCell('L4').value = 'gammal text';
    const { after } = await written(runner, { sheet: 'Ansökningar', headers: [], blocks: [{ col: 12, top: 4, values: [''] }], fillColumns: [], fills: [] }, wb);
    expect(after.getWorksheet('Ansökningar')!.getCell('L4').value).toBeNull();
    expect(after.getWorksheet('Ansökningar')!.getCell('L4').numFmt).toBe('@');
  });

  it('does not change other cells that share the written cell\'s style', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ansökningar');
    for (let r = 1; r <= 3; r++) {
      for (let c = 1; c <= 3; c++) {
        ws.getCell(r, c).value = `v${r}${c}`;
        ws.getCell(r, c).font = { name: 'Arial', size: 9 };
      }
    }
    const { before, after } = await written(
      runner,
      { sheet: 'Ansökningar', headers: [], blocks: [{ col: 3, top: 2, values: ['x'] }], fillColumns: [3], fills: [{ top: 2, count: 1, color: '#FF0000' }] },
      wb,
    );
    const sheet = after.getWorksheet('Ansökningar')!;
    expect(sheet.getCell('C2').fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } });
    expect(sheet.getCell('C2').font).toEqual(expect.objectContaining({ name: 'Arial', size: 9 }));
    const others = ['A1', 'B2', 'C1', 'C3'];
    expect(others.map((a) => JSON.stringify(sheet.getCell(a).style))).toEqual(others.map((a) => JSON.stringify(before.getWorksheet('Ansökningar')!.getCell(a).style)));
    expect(sheet.getCell('C3').numFmt).toBeUndefined();
  });

  it('changes nothing on a second run with the same plan', async () => {
    const { bytes } = await written(runner, samplePlan());
    // The second run finds its columns again, so it creates no headers.
    const again = await runner.rewrite(bytes, { ...samplePlan(), headers: [] });
    expect(changedCells(snapshotCells(await load(bytes)), snapshotCells(await load(again)), () => false)).toEqual([]);
  });

  it('refuses a plan for a sheet that does not exist, a bad colour and a cell outside the sheet', async () => {
    const bytes = await bytesOf(sampleWorkbook());
    await expect(runner.rewrite(bytes, { ...samplePlan(), sheet: 'Blad9' })).rejects.toThrow('Bladet "Blad9" finns inte i arbetsboken.');
    await expect(runner.rewrite(bytes, { ...samplePlan(), fills: [{ top: 4, count: 1, color: 'grön' }] })).rejects.toThrow('Ogiltig fyllnadsfärg "grön" för bladet "Ansökningar"');
    await expect(runner.rewrite(bytes, { ...samplePlan(), blocks: [{ col: 20000, top: 4, values: ['x'] }] })).rejects.toThrow('Kan inte skriva utanför bladet "Ansökningar" (rad 4, kolumn 20000).');
  });
});

describe('the file port, beyond what both ports do', () => {
  it('finds the formats an earlier run appended, so styles.xml does not grow run by run', async () => {
    const { bytes } = await written(filePort, samplePlan());
    const again = await filePort.rewrite(bytes, { ...samplePlan(), headers: [] });
    const cellXfs = (b: Uint8Array) => /<cellXfs count="(\d+)"/u.exec(strFromU8(unzipSync(b)['xl/styles.xml']))![1];
    expect(cellXfs(again)).toBe(cellXfs(bytes));
  });

  it('changes no part when a plan is refused', async () => {
    const port = openOoxml(await bytesOf(sampleWorkbook()));
    await expect(port.write({ ...samplePlan(), fills: [{ top: 4, count: 1, color: 'grön' }] })).rejects.toThrow(WorkbookError);
    expect(port.changedParts()).toEqual([]);
  });
});
