/**
 * The follow-up export through the Office.js adapter against the fake: the Uppföljning sheet and its
 * chart (charts API, ExcelApi 1.1) in the same write, within the syncs of a run without it plus at
 * most one; a second export deletes the chart of the first and adds one anew.
 */
import { createOfficeWorkbookPort } from '../../src/adapters/office/workbook';
import { assessWorkbook } from '../../src/core/job';
import { shippedRules } from '../helpers/rules';
import { FakeExcel } from './fake-excel';
import { countSyncs } from './scenario';

const HEADERS = ['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Förankrad', 'Beviljat belopp'];
const ROWS = [
  ['2025-001', 'Lokussamordnare Tierp', 'Tierps kommun', 'Arbetsförmedlingen', 'strukturövergripande', '2025-01-01', '2026-12-31', 400000, 0.4, 'ja', 400000],
  ['2025-002', 'Jobbcoach Håbo', 'Håbo kommun', 'Försäkringskassan', 'individinriktad', '2025-07-01', '2026-06-30', 200000, 0.4, 'ja', 200000],
  ['2025-003', 'Unga in', 'Knivsta kommun', 'Arbetsförmedlingen', 'strukturövergripande', '2026-01-01', '2026-12-31', 250000, 0.4, 'ja', null],
];

function workbook(): FakeExcel {
  const excel = new FakeExcel();
  const sheet = excel.addSheet('Ansökningar');
  HEADERS.forEach((h, i) => sheet.set(1, i + 1, h));
  ROWS.forEach((row, r) => row.forEach((v, c) => v !== null && sheet.set(r + 2, c + 1, v)));
  const budget = excel.addSheet('Budget');
  [['År', 'Budgetram'], [2025, 1000000], [2026, 800000]].forEach((row, r) => row.forEach((v, c) => budget.set(r + 1, c + 1, v)));
  const costs = excel.addSheet('Utfall');
  [
    ['Dnr', 'Från', 'Till', 'Utfall', 'Rapport'],
    ['2025-001', '2025-01-01', '2025-06-30', 90000, 'Delrapport'],
    ['2025-002', '2025-07-01', '2025-12-31', 40000, 'Delrapport'],
  ].forEach((row, r) => row.forEach((v, c) => costs.set(r + 1, c + 1, v)));
  return excel;
}

async function run(excel: FakeExcel, followUp: boolean) {
  const syncs = countSyncs(excel.context);
  const result = await assessWorkbook(createOfficeWorkbookPort(excel.context, { rangeAreas: true }), await shippedRules(), {
    now: new Date(2026, 0, 20, 12),
    followUpDate: '2025-12-31',
    followUp,
  });
  return { result, syncs: syncs.count };
}

describe('the follow-up in Excel (fake)', () => {
  test('writes the Uppföljning sheet and a clustered column chart of its per-year cells, with at most one sync more', async () => {
    const without = await run(workbook(), false);
    const excel = workbook();
    const { result, syncs } = await run(excel, true);
    expect(syncs).toBeLessThanOrEqual(without.syncs + 1);
    const sheet = excel.sheet('Uppföljning');
    expect(sheet.charts).toHaveLength(1);
    const chart = sheet.charts[0];
    expect(chart).toMatchObject({ type: 'ColumnClustered', seriesBy: 'Columns', title: 'Budgetram, beviljat och utfall per år', legend: 'Bottom' });
    // The source: the per-year header (the series' names) and one row per year, År to Utfall.
    const m = /^A(\d+):D(\d+)$/u.exec(chart.source)!;
    expect(m).not.toBeNull();
    const [top, bottom] = [Number(m[1]), Number(m[2])];
    const cell = (r: number, c: number) => sheet.cells.get(r)?.get(c)?.value ?? null;
    expect([cell(top, 1), cell(top, 2), cell(top, 3), cell(top, 4)]).toEqual(['År', 'Budgetram', 'Beviljat', 'Utfall']);
    const years = result.followUp!.years;
    expect(bottom - top).toBe(years.length);
    years.forEach((y, i) => expect([cell(top + 1 + i, 1), cell(top + 1 + i, 2), cell(top + 1 + i, 3), cell(top + 1 + i, 4)]).toEqual([String(y.year), y.frame, y.granted, y.spent]));
    expect(years.map((y) => [y.year, y.frame, y.granted, y.spent])).toEqual([
      [2025, 1000000, 300000, 130000],
      [2026, 800000, 300000, 0],
    ]);
    // Placed over the empty rows below the table.
    expect(chart.position).toEqual([`A${bottom + 2}`, expect.stringMatching(/^H\d+$/u)]);
    // The Utfall sheet is read, never written.
    expect(excel.assignments.filter((a) => a.sheet === 'Utfall')).toEqual([]);
  });

  test('a second export replaces the chart of the first', async () => {
    const excel = workbook();
    await run(excel, true);
    const first = excel.sheet('Uppföljning').charts[0].name;
    const again = await run(excel, true);
    const without = await run(workbook(), false);
    expect(again.syncs).toBeLessThanOrEqual(without.syncs + 1);
    const charts = excel.sheet('Uppföljning').charts;
    expect(charts).toHaveLength(1);
    expect(charts[0].name).toBe(first);
    expect(excel.calls.filter((c) => c.method === 'chart.delete')).toHaveLength(1);
  });
});
