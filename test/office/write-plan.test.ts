/**
 * The Office adapter on the extended write plan, over the typed fake: rows kept together (the
 * applications' table or the sheet autofilter extended over the tool's columns), person cells,
 * drop-down lists and the tool's own sheets, each with the requirement sets it needs, all in the
 * same three syncs as a plain run.
 */
import { chooseSheet } from '../../src/core/table';
import type { SheetWrite, WritePlan } from '../../src/core/port';
import { createOfficeWorkbookPort } from '../../src/adapters/office/workbook';
import { charactersToPoints } from '../../src/adapters/office/tool-ops';
import { FakeExcel, type FakeSheet } from './fake-excel';
import { applicationWorkbook, countSyncs, dataRowNumbers, excelApi, filteredWorkbook, HEADER_ROW, HEADERS, LEFT, planFor, SHEET } from './scenario';

/** describe → readSheets → write as the job does it; `extend` adds the plan's newer parts. */
async function runCycle(excel: FakeExcel, max: string, extend: (plan: WritePlan) => WritePlan = (p) => p) {
  const syncs = countSyncs(excel.context);
  const port = createOfficeWorkbookPort(excel.context, { requirements: excelApi(max) });
  const description = await port.describe();
  const [grid] = await port.readSheets([chooseSheet(description)]);
  const { plan, texts } = planFor(grid, 60);
  const full = extend(plan);
  await port.write(full);
  return { syncs: syncs.count, plan: full, texts, port };
}

/** Every planned text where it belongs, as literal text. */
function expectTexts(sheet: FakeSheet, texts: { row: number; col: number; text: string }[]): void {
  const wrong = texts.filter((t) => {
    const cell = sheet.cell(t.row, t.col);
    return !(cell && cell.formula === undefined && cell.value === t.text && cell.numberFormat === '@');
  });
  expect(wrong.slice(0, 3)).toEqual([]);
}

describe('rows stay together: the applications table', () => {
  it('with ExcelApi 1.13 the table is resized over the tool columns after their headers are written, in the same three syncs', async () => {
    const { excel, sheet } = applicationWorkbook(12);
    const { syncs, plan, texts } = await runCycle(excel, '1.13');
    expect(syncs).toBe(3);
    const right = Math.max(...plan.headers.map((h) => h.col));
    const rows = dataRowNumbers(12);
    expect(excel.tables[0].range).toEqual({ top: HEADER_ROW, left: LEFT, bottom: rows[rows.length - 1], right });
    // The table's column names are the original headers and the tool's, in sheet order.
    expect(excel.tables[0].headers.slice(0, HEADERS.length)).toEqual(HEADERS);
    expect(excel.tables[0].headers.slice(HEADERS.length)).toEqual(plan.headers.map((h) => h.text));
    expect(plan.headers.map((h) => h.text)).toEqual(expect.arrayContaining(['Status', 'Bedömning']));
    // Resized once, after every value was queued, in the write's request.
    const resize = excel.calls.filter((c) => c.method === 'table.resize');
    expect(resize).toHaveLength(1);
    expect(resize[0].sync).toBe(2);
    expectTexts(sheet, texts);
  });

  it('with ExcelApi 1.4 (no resize) named columns are appended before the texts, so nothing is shifted', async () => {
    const { excel, sheet } = applicationWorkbook(12);
    const { syncs, plan, texts } = await runCycle(excel, '1.4');
    expect(syncs).toBe(3);
    const right = Math.max(...plan.headers.map((h) => h.col));
    expect(excel.tables[0].range?.right).toBe(right);
    expect(excel.tables[0].headers.slice(HEADERS.length)).toEqual(plan.headers.map((h) => h.text));
    const adds = excel.calls.filter((c) => c.method === 'table.columns.add');
    expect(adds.map((c) => c.args[2])).toEqual(plan.headers.map((h) => h.text));
    // The fake shifts cells right of the table when a column is added: the texts are where planned,
    // which they would not be had the columns been added after the texts.
    expectTexts(sheet, texts);
    for (const r of dataRowNumbers(12)) expect(sheet.cell(r, right + 1)).toBeUndefined();
  });

  it('(control) the fake does shift cells that lie where a table column is added', async () => {
    const excel = new FakeExcel();
    const s = excel.addSheet('S');
    s.setRow(1, 1, ['A', 'B']);
    s.setRow(2, 1, [1, 2, 'utanför']);
    excel.tables.push({ name: 'T', sheet: 'S', headers: ['A', 'B'], range: { top: 1, left: 1, bottom: 2, right: 2 } });
    (excel.context.workbook.tables.getItem('T').columns as unknown as { add(i: null, v: undefined, n: string): void }).add(null, undefined, 'Ny');
    await excel.context.sync();
    expect(s.cell(2, 4)?.value).toBe('utanför');
    expect(s.cell(1, 3)?.value).toBe('Ny');
  });

  it('with ExcelApi 1.4 and tool columns already beside the table from an earlier run, the table is left as it is', async () => {
    const { excel, sheet } = applicationWorkbook(6);
    // An earlier run's columns: Status and Bedömning exist right of the table.
    sheet.setRow(HEADER_ROW, LEFT + HEADERS.length, ['Status', 'Bedömning']);
    const before = JSON.stringify(excel.tables[0]);
    const { texts } = await runCycle(excel, '1.4');
    expect(JSON.stringify(excel.tables[0])).toBe(before);
    expect(excel.calls.filter((c) => c.method.startsWith('table.'))).toEqual([]);
    expectTexts(sheet, texts);
  });

  it('with ExcelApi 1.13 the tool columns of an earlier run beside the table join it too', async () => {
    const { excel, sheet } = applicationWorkbook(6);
    sheet.setRow(HEADER_ROW, LEFT + HEADERS.length, ['Status', 'Bedömning']);
    const { plan } = await runCycle(excel, '1.13');
    expect(plan.headers.map((h) => h.text)).not.toContain('Status');
    const right = Math.max(...plan.fillColumns, ...plan.headers.map((h) => h.col));
    expect(excel.tables[0].range?.right).toBe(right);
    const headerRow = sheet.read({ top: HEADER_ROW, left: LEFT, bottom: HEADER_ROW, right }).values[0];
    expect(excel.tables[0].headers).toEqual(headerRow);
    expect(excel.tables[0].headers.slice(HEADERS.length, HEADERS.length + 2)).toEqual(['Status', 'Bedömning']);
  });

  it('before ExcelApi 1.4 the texts are written beside the table, which keeps its range', async () => {
    const { excel, sheet } = applicationWorkbook(6);
    const before = { ...excel.tables[0].range };
    const { syncs, texts } = await runCycle(excel, '1.2');
    expect(syncs).toBe(3);
    expect(excel.tables[0].range).toEqual(before);
    expectTexts(sheet, texts);
  });
});

/** The applications under a sheet autofilter (no table), with a person's filter on Insatsägare. */
describe('rows stay together: the sheet autofilter', () => {
  it('with ExcelApi 1.9 its range is extended over the tool columns and the person’s filter is kept', async () => {
    const { excel, sheet, last } = filteredWorkbook(8);
    const { syncs, plan, texts } = await runCycle(excel, '1.9');
    expect(syncs).toBe(3);
    const right = Math.max(...plan.headers.map((h) => h.col));
    expect(sheet.autoFilter?.range).toEqual({ top: HEADER_ROW, left: LEFT, bottom: last, right });
    expect(sheet.autoFilter?.criteria[2]).toEqual({ filterOn: 'Values', values: ['Försäkringskassan'] });
    expect(sheet.autoFilter?.criteria.filter((c) => c !== null)).toHaveLength(1);
    expectTexts(sheet, texts);
  });

  it('before ExcelApi 1.9 the filter is not touched', async () => {
    const { excel, sheet } = filteredWorkbook(8);
    const before = JSON.stringify(sheet.autoFilter);
    await runCycle(excel, '1.8');
    expect(JSON.stringify(sheet.autoFilter)).toBe(before);
  });
});

describe('person cells and drop-down lists', () => {
  /** A column of the tool's by header: created by this plan, or there from an earlier run. */
  const columnOf = (sheet: FakeSheet, plan: WritePlan, text: string): number => {
    const created = plan.headers.find((h) => h.text === text);
    if (created) return created.col;
    for (let c = 1; c < 100; c++) if (sheet.cell(HEADER_ROW, c)?.value === text) return c;
    throw new Error(`no column ${text}`);
  };
  const decide = (sheet: FakeSheet) => (plan: WritePlan): WritePlan => {
    const chief = columnOf(sheet, plan, 'Chefens beslut');
    const comment = columnOf(sheet, plan, 'Kommentar');
    const [first, second, third] = dataRowNumbers(6);
    return {
      ...plan,
      cells: [
        { row: first, col: chief, value: 'Bevilja' },
        { row: first, col: comment, value: '=HYPERLINK("x")' },
        { row: second, col: chief, value: 250000 },
        { row: third, col: comment, value: null },
      ],
      validations: [{ col: chief, fromRow: first, toRow: dataRowNumbers(6)[5], choices: ['Bevilja', 'Bevilja delvis', 'Avslå', 'Bordlägg'] }],
    };
  };

  it('writes text as literal text, numbers as numbers, clears on null, and sets the list (ExcelApi 1.8), in three syncs', async () => {
    const { excel, sheet } = applicationWorkbook(6);
    const [, , third] = dataRowNumbers(6);
    const { syncs, plan } = await runCycle(excel, '1.8', (p) => {
      const d = decide(sheet)(p);
      // Something a person typed earlier in a cell the chief now clears.
      sheet.set(third, d.cells![3].col, 'gammal kommentar');
      return d;
    });
    expect(syncs).toBe(3);
    const [a, b, c, d] = plan.cells!;
    expect(sheet.cell(a.row, a.col)).toMatchObject({ value: 'Bevilja', numberFormat: '@' });
    expect(sheet.cell(b.row, b.col)).toMatchObject({ value: '=HYPERLINK("x")', numberFormat: '@' });
    expect(sheet.cell(b.row, b.col)?.formula).toBeUndefined();
    expect(sheet.cell(c.row, c.col)).toMatchObject({ value: 250000, numberFormat: 'General' });
    expect(sheet.cell(d.row, d.col)?.value).toBe('');
    const v = plan.validations![0];
    expect(sheet.validations).toEqual([
      { bounds: { top: v.fromRow, left: v.col, bottom: v.toRow, right: v.col }, rule: { list: { inCellDropDown: true, source: 'Bevilja,Bevilja delvis,Avslå,Bordlägg' } } },
    ]);
  });

  it('a second run sets the list again over the first (cleared first, as Excel requires)', async () => {
    const { excel, sheet } = applicationWorkbook(6);
    await runCycle(excel, '1.8', decide(sheet));
    await runCycle(excel, '1.8', decide(sheet));
    expect(sheet.validations).toHaveLength(1);
    expect(excel.calls.filter((c) => c.method === 'dataValidation.clear')).toHaveLength(2);
  });

  it('before ExcelApi 1.8 the cells are written and the list is left out', async () => {
    const { excel, sheet } = applicationWorkbook(6);
    const { plan } = await runCycle(excel, '1.7', decide(sheet));
    expect(sheet.validations).toEqual([]);
    expect(sheet.cell(plan.cells![0].row, plan.cells![0].col)?.value).toBe('Bevilja');
  });
});

const LOG_HEADER = ['Tidpunkt', 'Rad', 'Diarienummer', 'Händelse'];
const logWrite = (rows: (string | number | null)[][]): SheetWrite => ({ name: 'Logg', mode: 'append', header: LOG_HEADER, rows });
const boardWrite = (rows: (string | number | null)[][]): SheetWrite => ({
  name: 'Styrelseunderlag',
  mode: 'replace',
  header: ['Insats', 'Sökt (kr)', 'Förslag'],
  rows,
  boldRows: [rows.length - 1],
  columnWidths: [40, 14, 30],
  numberFormats: [null, '# ##0', null],
  print: { landscape: true, repeatHeaderRow: true, fitToWidth: true },
  wrapColumns: [2],
});

describe("the tool's own sheets", () => {
  it('Logg is created with its bold header, then appended below its last row by later runs', async () => {
    const { excel } = applicationWorkbook(4);
    const first = await runCycle(excel, '1.9', (p) => ({ ...p, sheets: [logWrite([['2026-11-22 14:03', 4, 'SF 2026/1', '+bedömd'], ['2026-11-22 14:03', 5, 'SF 2026/2', 'bedömd']])] }));
    expect(first.syncs).toBe(3);
    const log = excel.sheet('Logg');
    expect(log.read({ top: 1, left: 1, bottom: 3, right: 4 }).values).toEqual([LOG_HEADER, ['2026-11-22 14:03', 4, 'SF 2026/1', '+bedömd'], ['2026-11-22 14:03', 5, 'SF 2026/2', 'bedömd']]);
    expect([1, 2, 3, 4].map((c) => log.cell(1, c)?.bold)).toEqual([true, true, true, true]);
    expect(log.cell(2, 4)).toMatchObject({ numberFormat: '@' });
    expect(log.cell(2, 4)?.formula).toBeUndefined();
    expect(log.cell(2, 2)).toMatchObject({ value: 4, numberFormat: 'General' });

    // A person adds a note under the log; the next run appends below it and touches nothing above.
    log.set(4, 1, 'Anteckning');
    const before = JSON.stringify(log.read({ top: 1, left: 1, bottom: 4, right: 4 }));
    const second = await runCycle(excel, '1.9', (p) => ({ ...p, sheets: [logWrite([['2026-11-23 09:00', 4, 'SF 2026/1', 'bedömd igen']])] }));
    expect(second.syncs).toBe(3);
    expect(JSON.stringify(log.read({ top: 1, left: 1, bottom: 4, right: 4 }))).toBe(before);
    expect(log.read({ top: 5, left: 1, bottom: 5, right: 4 }).values).toEqual([['2026-11-23 09:00', 4, 'SF 2026/1', 'bedömd igen']]);
    expect(excel.calls.filter((c) => c.method === 'worksheets.add')).toHaveLength(1);
  });

  it('an existing sheet named in another case is the same sheet (Excel allows only one)', async () => {
    const { excel } = applicationWorkbook(4);
    const log = excel.addSheet('LOGG');
    log.setRow(1, 1, LOG_HEADER);
    log.setRow(2, 1, ['2026-11-01 10:00', 4, 'SF 2026/1', 'bedömd']);
    await runCycle(excel, '1.9', (p) => ({ ...p, sheets: [logWrite([['2026-11-22 14:03', 5, 'SF 2026/2', 'bedömd']])] }));
    expect(excel.sheets.map((s) => s.name)).not.toContain('Logg');
    expect(log.read({ top: 3, left: 1, bottom: 3, right: 4 }).values).toEqual([['2026-11-22 14:03', 5, 'SF 2026/2', 'bedömd']]);
  });

  it('Styrelseunderlag is cleared and rewritten: bold rows, widths, number formats and print setup (ExcelApi 1.9)', async () => {
    const { excel } = applicationWorkbook(4);
    const board = excel.addSheet('Styrelseunderlag');
    board.setRow(1, 1, ['gammal rubrik']);
    board.setRow(9, 1, ['gammal rad', 1, 2, 3, 4]);
    const rows = [['Insats 1', 150000, 'att bevilja'], ['-Insats 2', 90000, '=att avslå'], ['Summa', 240000, null]];
    const { syncs } = await runCycle(excel, '1.9', (p) => ({ ...p, sheets: [boardWrite(rows)] }));
    expect(syncs).toBe(3);
    expect(board.read({ top: 1, left: 1, bottom: 4, right: 3 }).values).toEqual([['Insats', 'Sökt (kr)', 'Förslag'], ...rows.map((r) => r.map((v) => v ?? ''))]);
    expect(board.cell(9, 1)).toBeUndefined();
    expect(board.cell(3, 1)).toMatchObject({ value: '-Insats 2', numberFormat: '@' });
    expect(board.cell(3, 3)?.formula).toBeUndefined();
    expect(board.cell(2, 2)).toMatchObject({ value: 150000, numberFormat: '# ##0' });
    expect([1, 2, 3, 4].map((r) => board.cell(r, 1)?.bold ?? false)).toEqual([true, false, false, true]);
    expect([1, 2, 3].map((c) => board.columnWidths.get(c))).toEqual([40, 14, 30].map(charactersToPoints));
    expect(board.pageLayout).toEqual({ orientation: 'Landscape', printTitleRows: '$1:$1', zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 } });
  });

  it('the wrap columns wrap on every row written (header included), all those rows aligned to the top, after the sheet is cleared; other columns do not wrap', async () => {
    const { excel } = applicationWorkbook(4);
    const board = excel.addSheet('Styrelseunderlag');
    board.setRow(1, 1, ['gammal rubrik']);
    const rows = [['Insats 1', 150000, 'att bevilja\natt finansieringen gäller under förutsättning att …'], ['Insats 2', 90000, 'att avslå'], ['Summa', 240000, null]];
    const { syncs } = await runCycle(excel, '1.2', (p) => ({ ...p, sheets: [boardWrite(rows)] }));
    expect(syncs).toBe(3);
    const wrapped = excel.applied.filter((a) => a.sheet === 'Styrelseunderlag' && (a.property === 'format.wrapText' || a.property === 'format.verticalAlignment'));
    expect(wrapped.map((a) => [a.address, a.property, a.value])).toEqual([
      ['A1:C4', 'format.verticalAlignment', 'Top'],
      ['C1:C4', 'format.wrapText', true],
    ]);
    // The sheet was cleared (which takes formats away) and the cells still wrap: the wrap is set after the clear.
    const clearAt = excel.calls.findIndex((c) => c.sheet === 'Styrelseunderlag' && c.method === 'clear');
    expect(clearAt).toBeGreaterThanOrEqual(0);
    expect([1, 2, 3, 4].map((r) => board.cell(r, 3)).map((c) => [c?.wrapText, c?.verticalAlignment])).toEqual(Array.from({ length: 4 }, () => [true, 'Top']));
    expect(board.cell(2, 3)?.value).toBe(rows[0][2]);
    expect([1, 2].map((c) => [board.cell(2, c)?.wrapText, board.cell(2, c)?.verticalAlignment])).toEqual([
      [undefined, 'Top'],
      [undefined, 'Top'],
    ]);
  });

  it('an appended sheet wraps only the rows it adds', async () => {
    const { excel } = applicationWorkbook(4);
    const log = excel.addSheet('Logg');
    log.setRow(1, 1, LOG_HEADER);
    log.setRow(2, 1, ['2026-11-01 10:00', 4, 'SF 2026/1', 'bedömd']);
    await runCycle(excel, '1.9', (p) => ({ ...p, sheets: [{ ...logWrite([['2026-11-22 14:03', 5, 'SF 2026/2', 'bedömd\nigen']]), wrapColumns: [3] }] }));
    expect(excel.applied.filter((a) => a.property === 'format.wrapText').map((a) => [a.sheet, a.address])).toEqual([['Logg', 'D3:D3']]);
    expect([log.cell(2, 4)?.wrapText, log.cell(3, 4)?.wrapText]).toEqual([undefined, true]);
    expect([log.cell(2, 1)?.verticalAlignment, log.cell(3, 1)?.verticalAlignment]).toEqual([undefined, 'Top']);
  });

  it('before ExcelApi 1.9 the board papers are written without print setup', async () => {
    const { excel } = applicationWorkbook(4);
    await runCycle(excel, '1.2', (p) => ({ ...p, sheets: [boardWrite([['Insats 1', 150000, 'att bevilja']])] }));
    const board = excel.sheet('Styrelseunderlag');
    expect(board.cell(2, 1)?.value).toBe('Insats 1');
    expect(board.pageLayout).toEqual({});
  });

  it('a long log is split into requests under 4 MB, like the text columns, and every row lands in order', async () => {
    const { excel } = applicationWorkbook(4);
    const note = 'Beslut registrerat av förbundschefen; underlaget kontrollerat mot regelverket. '.repeat(2);
    const rows = Array.from({ length: 20_000 }, (_, i) => [`2026-11-22 14:03`, i + 1, `SF 2026/${i + 1}`, `${note}${i}`]);
    const { syncs } = await runCycle(excel, '1.9', (p) => ({ ...p, sheets: [logWrite(rows)] }));
    const writes = excel.syncs.slice(2);
    expect(writes.length).toBeGreaterThan(1);
    expect(syncs).toBe(2 + writes.length);
    for (const s of excel.syncs) {
      expect(s.error).toBeUndefined();
      expect(s.requestBytes).toBeLessThanOrEqual(4_000_000);
    }
    const log = excel.sheet('Logg');
    expect(log.usedBounds(true).bottom).toBe(rows.length + 1);
    expect(log.cell(2, 4)?.value).toBe(`${note}0`);
    expect(log.cell(rows.length + 1, 4)?.value).toBe(`${note}${rows.length - 1}`);
    expect(log.cell(rows.length + 1, 2)?.value).toBe(rows.length);
  }, 60_000);

  it('a protected Logg: Swedish message naming it, nothing written anywhere', async () => {
    const { excel } = applicationWorkbook(4);
    excel.addSheet('Logg').protected = true;
    await expect(runCycle(excel, '1.9', (p) => ({ ...p, sheets: [logWrite([['x', 1, 'y', 'z']])] }))).rejects.toThrow(
      /^Bladet "Logg" är skyddat, så bedömningen kan inte skrivas dit\..*Inget har ändrats i arbetsboken\.$/u,
    );
    expect(excel.applied).toHaveLength(0);
    expect(excel.calls).toHaveLength(0);
    // The same when the workbook spells it in another case.
    excel.sheet('Logg').name = 'logg';
    await expect(runCycle(excel, '1.9', (p) => ({ ...p, sheets: [logWrite([['x', 1, 'y', 'z']])] }))).rejects.toThrow(/^Bladet "logg" är skyddat/u);
    expect(excel.applied).toHaveLength(0);
  });

  it('a text longer than a cell holds on a tool sheet is refused before anything is sent', async () => {
    const { excel } = applicationWorkbook(4);
    await expect(runCycle(excel, '1.9', (p) => ({ ...p, sheets: [logWrite([['x', 1, 'y', 'z'.repeat(32_768)]])] }))).rejects.toThrow(
      /^Texten som skulle skrivas i D2 på bladet "Logg" är 32768 tecken lång/u,
    );
    expect(excel.assignments).toHaveLength(0);
  });
});

describe('everything at once', () => {
  it('table, person cells, list, Logg and Styrelseunderlag in the same three syncs for 10 and 2 000 rows', async () => {
    const counts: number[] = [];
    for (const n of [10, 2000]) {
      const { excel, sheet } = applicationWorkbook(n);
      const { syncs, plan, texts } = await runCycle(excel, '1.13', (p) => {
        const chief = p.headers.find((h) => h.text === 'Chefens beslut')!.col;
        const rows = dataRowNumbers(n);
        return {
          ...p,
          cells: [{ row: rows[0], col: chief, value: 'Bevilja' }],
          validations: [{ col: chief, fromRow: rows[0], toRow: rows[rows.length - 1], choices: ['Bevilja', 'Avslå'] }],
          sheets: [logWrite(rows.map((r) => ['2026-11-22 14:03', r, `SF 2026/${r}`, 'bedömd'])), boardWrite(rows.slice(0, 50).map((r) => [`Insats ${r}`, 1000 * r, 'att bevilja']))],
        };
      });
      counts.push(syncs);
      expectTexts(sheet, texts);
      expect(excel.tables[0].range?.right).toBe(Math.max(...plan.headers.map((h) => h.col)));
      expect(excel.sheet('Logg').usedBounds(true).bottom).toBe(n + 1);
      expect(excel.sheet('Styrelseunderlag').cell(2, 1)?.value).toBe(`Insats ${dataRowNumbers(n)[0]}`);
      expect(excel.sheet('Styrelseunderlag').cell(Math.min(n, 50) + 1, 3)).toMatchObject({ wrapText: true, verticalAlignment: 'Top' });
    }
    expect(counts).toEqual([3, 3]);
  }, 60_000);

  it(`reads the layout it needs in the read sync (the sheet ${SHEET} and the others), not in a sync of its own`, async () => {
    const { excel } = applicationWorkbook(4);
    await runCycle(excel, '1.13');
    expect(excel.syncs).toHaveLength(3);
    expect(excel.syncs.every((s) => s.error === undefined)).toBe(true);
  });
});
