import { columnTexts, WorkbookError, type WritePlan } from '../../src/core/port';
import { chooseSheet } from '../../src/core/table';
import { createOfficeWorkbookPort, type OfficePortOptions } from '../../src/adapters/office/workbook';
import { DEFAULT_REQUEST_BUDGET } from '../../src/adapters/office/payload';
import { FakeExcel, parseAddress } from './fake-excel';
import { applicationWorkbook, countSyncs, dataRowNumbers, HEADER_ROW, HEADERS, HOSTILE, LEFT, planFor, SHEET, type PlannedText } from './scenario';

const MODERN: OfficePortOptions = { rangeAreas: true };

/** describe → readSheets → write, as the job does it, with the plan built from what was read. */
async function runCycle(excel: FakeExcel, noteLength = 100, options: OfficePortOptions = MODERN) {
  const syncs = countSyncs(excel.context);
  const port = createOfficeWorkbookPort(excel.context, options);
  const description = await port.describe();
  const sheet = chooseSheet(description);
  const [grid] = await port.readSheets([sheet]);
  const { plan, texts } = planFor(grid, noteLength);
  await port.write(plan);
  return { syncs: syncs.count, plan, texts, grid, description };
}

function expectWritten(excel: FakeExcel, plan: WritePlan, texts: PlannedText[]): void {
  const sheet = excel.sheet(plan.sheet);
  const wrong: string[] = [];
  for (const t of texts) {
    const cell = sheet.cell(t.row, t.col);
    const ok = cell !== undefined && cell.formula === undefined && cell.value === t.text && cell.numberFormat === '@';
    if (!ok) wrong.push(`${t.row}/${t.col}: ${JSON.stringify(cell)} ≠ ${JSON.stringify(t.text)}`);
  }
  expect(wrong.slice(0, 5)).toEqual([]);
  for (const fill of plan.fills) {
    for (let r = fill.top; r < fill.top + fill.count; r++) {
      for (const c of plan.fillColumns) if (sheet.cell(r, c)?.fill !== fill.color) wrong.push(`fill ${r}/${c}`);
    }
  }
  expect(wrong.slice(0, 5)).toEqual([]);
}

describe('describe', () => {
  it('gives sheets, active sheet, tables and the date system in one sync', async () => {
    const { excel } = applicationWorkbook(3);
    const syncs = countSyncs(excel.context);
    const d = await createOfficeWorkbookPort(excel.context).describe();
    expect(d).toEqual({
      sheets: ['Instruktioner', SHEET, 'Budget'],
      activeSheet: 'Budget',
      tables: [{ name: 'Ansökningar_2026', sheet: SHEET, headers: HEADERS }],
      date1904: false,
    });
    expect(syncs.count).toBe(1);
    expect(chooseSheet(d)).toBe(SHEET);
  });

  it('recognises the 1904 date system through DATE(1904;1;1)', async () => {
    const { excel } = applicationWorkbook(3);
    excel.date1904 = true;
    expect((await createOfficeWorkbookPort(excel.context).describe()).date1904).toBe(true);
  });
});

describe('readSheets', () => {
  it('reads the used range with values and number formats in one sync', async () => {
    const { excel } = applicationWorkbook(3);
    const syncs = countSyncs(excel.context);
    const [grid] = await createOfficeWorkbookPort(excel.context).readSheets([SHEET]);
    expect(syncs.count).toBe(1);
    expect(grid.name).toBe(SHEET);
    expect([grid.top, grid.left]).toEqual([1, LEFT]);
    expect(grid.values[0][0]).toBe('Ansökningar om insatsmedel 2026');
    expect(grid.values[1]).toEqual(Array(8).fill(null)); // the empty row 2
    expect(grid.values[HEADER_ROW - 1]).toEqual(HEADERS);
    const [first, second] = dataRowNumbers(3).map((r) => grid.values[r - 1]);
    expect(first).toEqual(['SF 2026/1', 'Insats 1 – stöd till unga vuxna', 'Försäkringskassan', 46023, 46387, 150000, 0.5, true]);
    // Office.js gives error cells as their text; the adapter hands the core a CellError.
    expect(second[5]).toEqual({ kind: 'cell-error', code: '#N/A' });
    expect(grid.numberFormats?.[HEADER_ROW][3]).toBe('yyyy-mm-dd');
    expect(grid.numberFormats?.[HEADER_ROW][6]).toBe('0%');
  });

  it('names a missing sheet in Swedish', async () => {
    const { excel } = applicationWorkbook(3);
    const read = createOfficeWorkbookPort(excel.context).readSheets(['Borta']);
    await expect(read).rejects.toBeInstanceOf(WorkbookError);
    await expect(read).rejects.toThrow(/^Hittar inte bladet "Borta" i arbetsboken/);
  });

  it('reads in slices, each under the limit, when Excel on the web refuses the whole read as too large', async () => {
    const { excel } = applicationWorkbook(3000);
    const [whole] = await createOfficeWorkbookPort(excel.context).readSheets([SHEET]);
    const limited = applicationWorkbook(3000).excel;
    limited.responseLimit = 150_000;
    const [sliced] = await createOfficeWorkbookPort(limited.context).readSheets([SHEET]);
    expect(sliced).toEqual(whole);
    expect(limited.syncs[0].error).toBe('ResponsePayloadSizeLimitExceeded');
    for (const s of limited.syncs.filter((x) => !x.error)) expect(s.responseBytes).toBeLessThanOrEqual(150_000);
  });
});

describe('a whole describe / readSheets / write cycle', () => {
  it('takes the same number of syncs for 10 and for 10 000 rows (short texts, about 2.7 MB written), and at most 3', async () => {
    const small = applicationWorkbook(10).excel;
    const large = applicationWorkbook(10_000).excel;
    const a = await runCycle(small);
    const b = await runCycle(large);
    expect(a.syncs).toBe(b.syncs);
    expect(b.syncs).toBeLessThanOrEqual(3);
    expect(b.syncs).toBe(3);
    // The fake counts its own syncs too; both agree.
    expect(large.syncCount).toBe(3);
    expect(b.plan.blocks.length).toBe(12); // 6 tool columns (with Kontroller) × 2 runs (one empty row in the middle)
    expectWritten(small, a.plan, a.texts);
    expectWritten(large, b.plan, b.texts);
  }, 60_000);

  it('leaves input cells, empty rows and the person-owned columns alone', async () => {
    const { excel, sheet } = applicationWorkbook(10);
    const before = JSON.stringify(sheet.read({ top: 1, left: 1, bottom: 20, right: LEFT + HEADERS.length - 1 }));
    const { plan } = await runCycle(excel);
    expect(JSON.stringify(sheet.read({ top: 1, left: 1, bottom: 20, right: LEFT + HEADERS.length - 1 }))).toBe(before);
    const emptyRow = HEADER_ROW + 1 + 5;
    expect(dataRowNumbers(10)).not.toContain(emptyRow);
    for (const c of plan.fillColumns) expect(sheet.cell(emptyRow, c)).toBeUndefined();
    // Chefens beslut and Kommentar get their headers only.
    const personal = plan.headers.filter((h) => h.text === 'Chefens beslut' || h.text === 'Kommentar').map((h) => h.col);
    expect(personal).toHaveLength(2);
    for (const r of dataRowNumbers(10)) for (const c of personal) expect(sheet.cell(r, c)?.value ?? '').toBe('');
  });

  it('writes hostile text as text, with number format @ set before the values', async () => {
    const { excel, sheet } = applicationWorkbook(30);
    const { plan, texts } = await runCycle(excel);
    const hostile = texts.filter((t) => HOSTILE.includes(t.text));
    expect(new Set(hostile.map((t) => t.text))).toEqual(new Set(HOSTILE));
    for (const t of hostile) {
      const cell = sheet.cell(t.row, t.col)!;
      expect(cell).toMatchObject({ value: t.text, numberFormat: '@' });
      expect(cell.formula).toBeUndefined();
    }
    // Order of assignments: for every address, numberFormat comes first and both travel in the same request.
    const byAddress = new Map<string, { format?: number; values?: number; formatSync?: number; valuesSync?: number }>();
    excel.assignments.forEach((a, i) => {
      const entry = byAddress.get(a.address) ?? {};
      if (a.property === 'numberFormat') Object.assign(entry, { format: i, formatSync: a.sync });
      if (a.property === 'values') Object.assign(entry, { values: i, valuesSync: a.sync });
      byAddress.set(a.address, entry);
    });
    const textRanges = [...byAddress.values()].filter((e) => e.values !== undefined);
    expect(textRanges.length).toBeGreaterThan(0);
    for (const e of textRanges) {
      expect(e.format).toBeDefined();
      expect(e.format!).toBeLessThan(e.values!);
      expect(e.formatSync).toBe(e.valuesSync);
    }
    expectWritten(excel, plan, texts);
  });

  it('the fake is strict: values before the format would have made formulas', async () => {
    const excel = new FakeExcel();
    excel.addSheet('S');
    const range = (excel.context.workbook.worksheets.getItem('S') as unknown as { getRange(a: string): Excel.Range }).getRange('A1:A4');
    range.values = HOSTILE.map((h) => [h]);
    range.numberFormat = HOSTILE.map(() => ['@']);
    await excel.context.sync();
    expect([1, 2, 3, 4].map((r) => excel.sheet('S').cell(r, 1)?.formula)).toEqual(HOSTILE);
  });

  it('splits long texts so that no values assignment and no request exceeds 4 MB', async () => {
    const { excel } = applicationWorkbook(10_000);
    const { plan, texts, syncs } = await runCycle(excel, 1500);
    const notesBytes = plan.blocks.reduce((sum, b) => sum + columnTexts(b.values).reduce((s, v) => s + Buffer.byteLength(JSON.stringify(v)), 0), 0);
    expect(notesBytes).toBeGreaterThan(3 * DEFAULT_REQUEST_BUDGET); // chunking is really exercised
    const values = excel.assignments.filter((a) => a.property === 'values');
    expect(values.length).toBeGreaterThan(plan.blocks.length);
    for (const a of values) expect(a.bytes).toBeLessThanOrEqual(DEFAULT_REQUEST_BUDGET);
    for (const s of excel.syncs) {
      expect(s.error).toBeUndefined();
      expect(s.requestBytes).toBeLessThanOrEqual(DEFAULT_REQUEST_BUDGET);
    }
    // One sync per ~4 MB of request: the count follows the bytes, not the rows, and requests are filled.
    const writes = excel.syncs.slice(2);
    expect(syncs).toBe(2 + writes.length);
    const written = writes.reduce((sum, s) => sum + s.requestBytes, 0);
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(written / (0.95 * DEFAULT_REQUEST_BUDGET)));
    expectWritten(excel, plan, texts);
  }, 60_000);

  it('(control) without the split Excel on the web would refuse the request, and the message says so', async () => {
    const { excel } = applicationWorkbook(10_000);
    await expect(runCycle(excel, 1500, { rangeAreas: true, requestBudget: 100_000_000 })).rejects.toThrow(/för stort.*Inget har ändrats/);
    expect(excel.applied).toHaveLength(0);
  }, 60_000);

  it('without RangeAreas (ExcelApi < 1.9) still writes everything, each request under 4 MB', async () => {
    const small = await runCycle(applicationWorkbook(10).excel, 100, { rangeAreas: false });
    expect(small.syncs).toBe(3);
    const { excel } = applicationWorkbook(10_000);
    const large = await runCycle(excel, 100, { rangeAreas: false });
    // Statuses alternate on every row here, so one fill per row: more requests, never a larger one.
    for (const s of excel.syncs) expect(s.requestBytes).toBeLessThanOrEqual(DEFAULT_REQUEST_BUDGET);
    expectWritten(excel, large.plan, large.texts);
  }, 60_000);
});

describe('refusals write nothing', () => {
  it('a protected sheet: Swedish message, nothing queued, nothing written', async () => {
    const { excel, sheet } = applicationWorkbook(10);
    sheet.protected = true;
    await expect(runCycle(excel)).rejects.toThrow(new WorkbookError(`Bladet "${SHEET}" är skyddat, så bedömningen kan inte skrivas dit. Ta bort bladskyddet (Granska > Ta bort skydd för blad) och kör igen. Inget har ändrats i arbetsboken.`));
    expect(excel.assignments).toHaveLength(0);
    expect(excel.applied).toHaveLength(0);
    expect(excel.syncCount).toBe(2);
  });

  it('a sheet protected while the assessment ran: Excel refuses, the message is the same, nothing written', async () => {
    const { excel, sheet } = applicationWorkbook(10);
    excel.beforeSync = (n) => {
      if (n === 2) sheet.protected = true;
    };
    await expect(runCycle(excel)).rejects.toThrow(/är skyddat.*Inget har ändrats i arbetsboken\./);
    expect(excel.syncs[2].error).toBe('AccessDenied');
    expect(excel.applied).toHaveLength(0);
  });

  it('a text longer than a cell can hold: refused before anything is sent', async () => {
    const { excel } = applicationWorkbook(10);
    const port = createOfficeWorkbookPort(excel.context, MODERN);
    const [grid] = await port.readSheets([SHEET]);
    const { plan } = planFor(grid);
    const notes = plan.blocks.find((b) => b.values.length > 3 && b.col === plan.fillColumns[1])!;
    const texts = columnTexts(notes.values);
    texts[2] = 'x'.repeat(32_768);
    notes.values = texts;
    await expect(port.write(plan)).rejects.toThrow(/^Texten som skulle skrivas i .*6 på bladet "Ansökningar" är 32768 tecken lång, men en cell i Excel rymmer högst 32767 tecken\. Inget har ändrats/);
    expect(excel.assignments).toHaveLength(0);
  });

  it('a cell in edit mode when the run starts', async () => {
    const { excel } = applicationWorkbook(10);
    excel.editMode = true;
    await expect(runCycle(excel)).rejects.toThrow(
      new WorkbookError('Excel är i redigeringsläge: en cell redigeras just nu. Tryck Enter eller Esc för att lämna cellen och kör sedan igen. Inget har ändrats i arbetsboken.'),
    );
    expect(excel.applied).toHaveLength(0);
  });

  it('a cell put in edit mode before the write', async () => {
    const { excel } = applicationWorkbook(10);
    excel.beforeSync = (n) => {
      if (n === 2) excel.editMode = true;
    };
    await expect(runCycle(excel)).rejects.toThrow(/redigeringsläge.*Inget har ändrats/);
    expect(excel.applied).toHaveLength(0);
  });

  it('edit mode between two parts of a very large write: the message does not claim nothing changed', async () => {
    const { excel } = applicationWorkbook(10_000);
    excel.beforeSync = (n) => {
      if (n === 3) excel.editMode = true;
    };
    await expect(runCycle(excel, 1500)).rejects.toThrow(/redigeringsläge.*En del av bedömningens texter är skrivna på bladet "Ansökningar", inte alla. Kör igen/);
    expect(excel.applied.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('the fake itself', () => {
  it('refuses reads before load and sync, as Office.js does', async () => {
    const { excel } = applicationWorkbook(1);
    const sheets = excel.context.workbook.worksheets;
    expect(() => sheets.items).toThrow(/not available/);
    sheets.load('items/name');
    expect(() => sheets.items).toThrow(/not available/);
    await excel.context.sync();
    expect(sheets.items.map((s) => s.name)).toEqual(['Instruktioner', SHEET, 'Budget']);
    expect(parseAddress('K4:O9')).toEqual({ top: 4, left: 11, bottom: 9, right: 15 });
  });
});
