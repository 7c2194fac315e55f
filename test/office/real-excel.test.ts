/**
 * What real Excel does that a lenient fake hides (issue 19), in two parts:
 * - the fake enforces each documented behaviour it models (a test per behaviour, against the fake alone);
 * - the Office adapter on host profiles ExcelApi 1.2, 1.8, 1.9, 1.13 and 1.17, list separator `,` and `;`,
 *   with a filtered column, a protected workbook structure, a read-only workbook and a failure late in
 *   the write; and each defect of the table with the test that failed before its fix.
 */
import { chooseSheet } from '../../src/core/table';
import { WorkbookError, type SheetWrite, type WritePlan } from '../../src/core/port';
import { createOfficeWorkbookPort, READ_ONLY_MESSAGE, type OfficePortOptions } from '../../src/adapters/office/workbook';
import { FakeExcel, NULL_CRITERIA, OfficeError, type FakeRange } from './fake-excel';
import { applicationWorkbook, countSyncs, dataRowNumbers, excelApi, filteredWorkbook, HEADER_ROW, LEFT, planFor, SHEET } from './scenario';

type AnySheet = { getRange(a?: string): FakeRange; getRanges(a: string): { format: { fill: { color: string } } } };
const sheetProxy = (excel: FakeExcel, name: string) => excel.context.workbook.worksheets.getItem(name) as unknown as AnySheet;

async function syncError(excel: FakeExcel): Promise<OfficeError> {
  try {
    await excel.context.sync();
  } catch (error) {
    if (error instanceof OfficeError) return error;
    throw error;
  }
  throw new Error('the sync succeeded');
}

describe('the stricter fake enforces', () => {
  it('PropertyNotLoaded on a property read before load and sync, also on the workbook', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    const workbook = excel.context.workbook;
    expect(() => workbook.readOnly).toThrow(/not available/);
    workbook.load('readOnly');
    expect(() => workbook.readOnly).toThrow(/not available/);
    await excel.context.sync();
    expect(workbook.readOnly).toBe(false);
  });

  it('errors at sync, with code and debugInfo.errorLocation, not when the action is queued', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    const range = sheetProxy(excel, 'S').getRange('A0:B2'); // no throw here
    range.values = [[1]];
    const error = await syncError(excel);
    expect(error.code).toBe('InvalidArgument');
    expect(error.debugInfo).toMatchObject({ code: 'InvalidArgument', errorLocation: 'Range.values' });

    const table = (excel.context.workbook.tables as unknown as { getItem(n: string): { getRange(): FakeRange } }).getItem('Borta');
    table.getRange().load('rowIndex');
    expect((await syncError(excel)).debugInfo).toMatchObject({ code: 'ItemNotFound', errorLocation: 'TableCollection.getItem' });
    sheetProxy(excel, 'Saknas').getRange('A1').load('values');
    expect((await syncError(excel)).debugInfo).toMatchObject({ code: 'ItemNotFound', errorLocation: 'WorksheetCollection.getItem' });
  });

  it('a failing batch keeps what was queued before the failing action, and runs nothing after it', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    const sheet = sheetProxy(excel, 'S');
    sheet.getRange('A1').values = [['före']];
    sheet.getRange('A2:A3').values = [['för få rader']];
    sheet.getRange('A4').values = [['efter']];
    expect((await syncError(excel)).code).toBe('InvalidArgument');
    expect(excel.sheet('S').cell(1, 1)?.value).toBe('före');
    expect(excel.sheet('S').cell(4, 1)).toBeUndefined();
  });

  it('values and number formats must match the range’s size', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    sheetProxy(excel, 'S').getRange('A1:B1').numberFormat = [['@']];
    expect((await syncError(excel)).code).toBe('InvalidArgument');
  });

  it('loaded FilterCriteria carry null members, and AutoFilter.apply refuses them (office-js 1226)', async () => {
    const { excel } = filteredWorkbook(4);
    const filter = (excel.context.workbook.worksheets.getItem(SHEET) as unknown as { autoFilter: { load(s: string): void; criteria: Excel.FilterCriteria[]; apply(r: string, c?: number, f?: Excel.FilterCriteria): void } }).autoFilter;
    filter.load('criteria');
    await excel.context.sync();
    expect(filter.criteria[0]).toEqual(NULL_CRITERIA);
    expect(filter.criteria[2]).toEqual({ ...NULL_CRITERIA, filterOn: 'Values', values: ['Försäkringskassan'] });
    const range = 'C3:J8';
    filter.apply(range, 2, filter.criteria[2]);
    expect((await syncError(excel)).debugInfo).toMatchObject({ code: 'InvalidArgument', errorLocation: 'AutoFilter.apply' });
  });

  it('getRanges reads the address list with the workbook’s list separator (office-js 1167, 1985)', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    excel.listSeparator = ';';
    sheetProxy(excel, 'S').getRanges('A1:A2;C1:C2').format.fill.color = '#FFF2CC';
    await excel.context.sync();
    expect(excel.sheet('S').cell(2, 3)?.fill).toBe('#FFF2CC');
    sheetProxy(excel, 'S').getRanges('A1:A2,C1:C2').format.fill.color = '#E2EFDA';
    expect((await syncError(excel)).debugInfo).toMatchObject({ code: 'InvalidArgument', errorLocation: 'Worksheet.getRanges' });
  });

  it('Range.values and numberFormat load as null past the cell limit', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S').set(1, 1, 'a');
    excel.cellLimit = 100;
    const small = sheetProxy(excel, 'S').getRange('A1:J10');
    const large = sheetProxy(excel, 'S').getRange('A1:J11');
    small.load('values');
    large.load('values,numberFormat');
    await excel.context.sync();
    expect(small.values).toHaveLength(10);
    expect(large.values).toBeNull();
    expect(large.numberFormat).toBeNull();
  });

  it('workbook structure protection refuses worksheets.add; a read-only workbook takes writes it cannot save', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    excel.structureProtected = true;
    excel.readOnly = true;
    const workbook = excel.context.workbook;
    workbook.load('readOnly,protection/protected');
    await excel.context.sync();
    expect([workbook.readOnly, workbook.protection.protected]).toEqual([true, true]);
    workbook.worksheets.add('Logg');
    expect((await syncError(excel)).debugInfo).toMatchObject({ code: 'AccessDenied', errorLocation: 'WorksheetCollection.add' });
    sheetProxy(excel, 'S').getRange('A1').values = [['tas emot']];
    await excel.context.sync();
    expect(excel.sheet('S').cell(1, 1)?.value).toBe('tas emot');
  });

  it('the 5 MB request limit on the serialised request', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    excel.requestLimit = 10_000;
    const text = 'å'.repeat(3000); // 6 000 bytes in UTF-8
    sheetProxy(excel, 'S').getRange('A1').values = [[text]];
    await excel.context.sync();
    expect(excel.syncs[0].requestBytes).toBeGreaterThan(Buffer.byteLength(JSON.stringify(text)));
    sheetProxy(excel, 'S').getRange('A1:A2').values = [[text], [text]];
    expect((await syncError(excel)).code).toBe('RequestPayloadSizeLimitExceeded');
    expect(excel.sheet('S').cell(2, 1)).toBeUndefined();
  });

  it('cell edit mode refuses a batch, and a delayForCellEdit context waits until the edit ends', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    excel.editMode = true;
    expect((await syncError(excel)).code).toBe('InvalidOperationInCellEditMode');
    const delayed = excel.contextWith({ delayForCellEdit: true });
    (delayed.workbook.worksheets.getItem('S') as unknown as AnySheet).getRange('A1').values = [['efter redigeringen']];
    let done = false;
    const sync = delayed.sync().then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    excel.endCellEdit();
    await sync;
    expect(excel.sheet('S').cell(1, 1)?.value).toBe('efter redigeringen');
  });

  it('is open to charts: worksheet.charts.add is recorded on the sheet at sync (for the follow-up sheet)', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S').set(1, 1, 2026);
    const sheet = excel.context.workbook.worksheets.getItem('S') as unknown as { charts: { add(t: string, r: FakeRange, s?: string): { title: { text: string }; setPosition(a: string, b: string): void } } } & AnySheet;
    const chart = sheet.charts.add('ColumnClustered', sheet.getRange('A1:B3'), 'Columns');
    chart.title.text = 'Budget per år';
    chart.setPosition('D2', 'K18');
    expect(excel.sheet('S').charts).toHaveLength(0);
    await excel.context.sync();
    expect(excel.sheet('S').charts).toEqual([{ name: expect.stringMatching(/^Diagram \d+$/u), type: 'ColumnClustered', source: 'A1:B3', seriesBy: 'Columns', title: 'Budget per år', position: ['D2', 'K18'] }]);
  });
});

/** describe → readSheets → write as the job does it, on a host profile. */
async function runOn(excel: FakeExcel, options: OfficePortOptions, extend: (plan: WritePlan) => WritePlan = (p) => p) {
  const syncs = countSyncs(excel.context);
  const port = createOfficeWorkbookPort(excel.context, options);
  const description = await port.describe();
  const [grid] = await port.readSheets([chooseSheet(description)]);
  const { plan, texts } = planFor(grid, 60);
  const full = extend(plan);
  await port.write(full);
  return { syncs: syncs.count, plan: full, texts };
}

const LOG: (rows: number[]) => SheetWrite = (rows) => ({ name: 'Logg', mode: 'append', header: ['Tidpunkt', 'Rad', 'Händelse'], rows: rows.map((r) => ['2026-12-07 10:00', r, 'bedömd']) });
const withLog = (plan: WritePlan): WritePlan => ({ ...plan, sheets: [LOG(plan.blocks.flatMap((b) => Array.from({ length: b.values.length }, (_, i) => b.top + i)).filter((r, i, a) => a.indexOf(r) === i))] });

/** Each planned text and fill in place, as literal text. */
function expectComplete(excel: FakeExcel, plan: WritePlan, texts: { row: number; col: number; text: string }[]): void {
  const sheet = excel.sheet(plan.sheet);
  const wrong = texts.filter((t) => sheet.cell(t.row, t.col)?.value !== t.text || sheet.cell(t.row, t.col)?.numberFormat !== '@').map((t) => `${t.row}/${t.col}`);
  for (const fill of plan.fills) for (let r = fill.top; r < fill.top + fill.count; r++) for (const c of plan.fillColumns) if (sheet.cell(r, c)?.fill !== fill.color) wrong.push(`fill ${r}/${c}`);
  expect(wrong.slice(0, 5)).toEqual([]);
}

const PROFILES = ['1.2', '1.8', '1.9', '1.13', '1.17'];
const LOCALES: { separator: ',' | ';'; platform: string }[] = [
  { separator: ',', platform: 'OfficeOnline' },
  { separator: ',', platform: 'PC' },
  { separator: ';', platform: 'PC' },
];

describe.each(PROFILES)('host profile ExcelApi %s', (api) => {
  describe.each(LOCALES)('list separator $separator ($platform)', ({ separator, platform }) => {
    const options = { requirements: excelApi(api), platform };
    const make = (rows: number, filtered = false) => {
      const { excel } = filtered ? filteredWorkbook(rows) : applicationWorkbook(rows);
      excel.listSeparator = separator;
      return excel;
    };

    it('a whole run with Logg: everything written, the same number of syncs for 12 and 400 rows', async () => {
      const counts: number[] = [];
      for (const rows of [12, 400]) {
        const excel = make(rows);
        const { syncs, plan, texts } = await runOn(excel, options, withLog);
        expectComplete(excel, plan, texts);
        expect(excel.sheet('Logg').usedBounds(true).bottom).toBe(rows + 1);
        expect(excel.syncs.every((s) => s.error === undefined)).toBe(true);
        counts.push(syncs);
      }
      expect(counts[0]).toBe(counts[1]);
      expect(counts[0]).toBe(3);
    });

    it('a column a person filtered: the run completes and the filter is kept', async () => {
      const excel = make(8, true);
      const { plan, texts } = await runOn(excel, options);
      expectComplete(excel, plan, texts);
      const filter = excel.sheet(SHEET).autoFilter;
      expect(filter?.criteria[2]).toEqual({ filterOn: 'Values', values: ['Försäkringskassan'] });
    });

    it('a protected workbook structure: a Swedish message and, where Excel can tell (1.7+), nothing written', async () => {
      const excel = make(6);
      excel.structureProtected = true;
      const run = runOn(excel, options, withLog);
      if (api === '1.2') {
        // Excel before 1.7 cannot say; the add fails after the texts, and the message says what is in the workbook.
        await expect(run).rejects.toThrow(
          /^Arbetsbokens struktur är skyddad, så bladet "Logg" kan inte läggas till\..* Status, bedömning och förslag till beslut är skrivna på bladet "Ansökningar" \(rad 4–9\), men radernas färger och bladet Logg kan saknas\. Kör igen/,
        );
        expect(excel.applied.length).toBeGreaterThan(0);
      } else {
        await expect(run).rejects.toThrow(/^Arbetsbokens struktur är skyddad, så bladet "Logg" kan inte läggas till\..*Inget har ändrats i arbetsboken\.$/);
        expect(excel.applied).toHaveLength(0);
      }
    });

    it('a read-only workbook: refused before anything is written where Excel can tell (1.8+)', async () => {
      const excel = make(6);
      excel.readOnly = true;
      const run = runOn(excel, options);
      if (api === '1.2') {
        await run; // Excel before 1.8 has no readOnly; it takes the writes (docs/addin.md says so)
        expect(excel.applied.length).toBeGreaterThan(0);
      } else {
        await expect(run).rejects.toThrow(new WorkbookError(READ_ONLY_MESSAGE));
        expect(excel.applied).toHaveLength(0);
      }
    });

    it('a failure late in the write batch: the message says what was written, never that nothing changed', async () => {
      const excel = make(6);
      // Someone adds a sheet named Logg between the read and the write: worksheets.add fails after the texts.
      excel.beforeSync = (n) => {
        if (n === 2) excel.addSheet('Logg');
      };
      const error = await runOn(excel, options, withLog).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(WorkbookError);
      expect(error?.message).toMatch(/Status, bedömning och förslag till beslut är skrivna på bladet "Ansökningar" \(rad 4–9\).*Kör igen när felet är åtgärdat, så skrivs resten/);
      expect(error?.message).not.toMatch(/Inget har ändrats/);
    });
  });
});

describe('the defects of the issue’s table (each test failed before its fix)', () => {
  it('Swedish Excel for Windows (list separator ;) on ExcelApi 1.9: every fill is written, without getRanges', async () => {
    const { excel } = applicationWorkbook(40);
    excel.listSeparator = ';';
    const { plan, texts } = await runOn(excel, { requirements: excelApi('1.9'), platform: 'PC' });
    expectComplete(excel, plan, texts);
    expect(excel.assignments.filter((a) => a.property === 'format.fill.color' && a.address.includes(','))).toEqual([]);
  });

  it('Excel on the web still paints fills per colour through getRanges', async () => {
    const { excel } = applicationWorkbook(40);
    const { plan, texts } = await runOn(excel, { requirements: excelApi('1.9'), platform: 'OfficeOnline' });
    expectComplete(excel, plan, texts);
    expect(excel.assignments.filter((a) => a.property === 'format.fill.color' && a.address.includes(',')).length).toBeGreaterThan(0);
  });

  it('a used range past the cell limit (a stray far cell): a Swedish message naming the sheet and the cell', async () => {
    const { excel, sheet } = applicationWorkbook(4);
    sheet.set(400_000, 300, 'x');
    excel.cellLimit = 5_000_000;
    const port = createOfficeWorkbookPort(excel.context, { requirements: excelApi('1.13') });
    await port.describe();
    await expect(port.readSheets([SHEET])).rejects.toThrow(/^Bladet "Ansökningar" används ända till cell KN400000 \(119\s600\s000 celler\).*Inget har ändrats i arbetsboken\.$/);
  });

  it('person cells keep the cell’s own number format (Beslutat belopp in kronor); text still goes in as text', async () => {
    const { excel, sheet } = applicationWorkbook(4);
    const [first] = dataRowNumbers(4);
    const amountCol = LEFT + 12;
    sheet.set(HEADER_ROW, amountCol, 'Beslutat belopp');
    sheet.set(first, amountCol, 0, '# ##0 "kr"');
    await runOn(excel, { requirements: excelApi('1.13') }, (p) => ({
      ...p,
      cells: [
        { row: first, col: amountCol, value: 120000 },
        { row: first, col: amountCol + 1, value: '=1+1' },
      ],
    }));
    expect(sheet.cell(first, amountCol)).toMatchObject({ value: 120000, numberFormat: '# ##0 "kr"' });
    expect(sheet.cell(first, amountCol + 1)).toMatchObject({ value: '=1+1', numberFormat: '@' });
    expect(sheet.cell(first, amountCol + 1)?.formula).toBeUndefined();
  });

  it('ItemNotFound from a table names the table, not the sheet', async () => {
    const { excel } = applicationWorkbook(4);
    excel.beforeSync = (n) => {
      if (n === 2) excel.tables = [];
    };
    await expect(runOn(excel, { requirements: excelApi('1.13') })).rejects.toThrow(/^Hittar inte tabellen "Ansökningar_2026" i arbetsboken\./);
  });

  it('a missing sheet is still named as the sheet', async () => {
    const { excel } = applicationWorkbook(4);
    excel.beforeSync = (n) => {
      if (n === 2) excel.sheets = excel.sheets.filter((s) => s.name !== SHEET);
    };
    await expect(runOn(excel, { requirements: excelApi('1.13') })).rejects.toThrow(/^Hittar inte bladet "Ansökningar" i arbetsboken\./);
  });
});
