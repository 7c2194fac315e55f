import fc from 'fast-check';
import { computeFollowUp, DEFAULT_REPORT_PARAMETERS, monthsThrough } from '../../src/core/followup/figures';
import { readCostSheet } from '../../src/core/followup/lines';
import type { Application, CellValue } from '../../src/core/types';

const app = (row: number, over: Partial<Application> = {}): Application => ({
  row,
  id: `2025-0${row}`,
  name: `Insats ${row}`,
  owner: 'Uppsala kommun',
  partners: [],
  kind: 'individinriktad',
  targetGroup: null,
  start: '2025-01-01',
  end: '2026-12-31',
  amount: 560000,
  fte: null,
  caseType: 'ny',
  decisionDate: null,
  anchored: true,
  granted: 560000,
  spent: null,
  chiefDecision: null,
  ...over,
});

const HEADER = ['Dnr', 'Insats', 'Från', 'Till', 'Kostnad', 'Rapport', 'Deltagare', 'Anteckning'];
const sheet = (...lines: CellValue[][]) => readCostSheet({ name: 'Utfall', top: 1, left: 1, values: [HEADER, ...lines] }, { date1904: false });
const figures = (apps: Application[], lines: CellValue[][] | null, per: string) => computeFollowUp(apps, lines ? sheet(...lines) : null, per, () => DEFAULT_REPORT_PARAMETERS);

describe('follow-up figures', () => {
  test('months through P as the contract counts them: 0 before the start, started months inside, M after the end', () => {
    expect(monthsThrough('2025-01-01', '2026-12-31', '2024-12-31')).toBe(0);
    expect(monthsThrough('2025-01-01', '2026-12-31', '2025-01-01')).toBe(1);
    expect(monthsThrough('2025-01-01', '2026-12-31', '2025-06-30')).toBe(6);
    expect(monthsThrough('2025-01-01', '2026-12-31', '2025-06-15')).toBe(6);
    expect(monthsThrough('2025-01-01', '2026-12-31', '2026-12-31')).toBe(24);
    expect(monthsThrough('2025-01-01', '2026-12-31', '2030-01-01')).toBe(24);
    expect(monthsThrough('2025-03-15', '2025-09-14', '2025-04-14')).toBe(1);
    expect(monthsThrough('2025-03-15', '2025-09-14', '2025-04-15')).toBe(2);
  });

  test('a line straddling a year is split by its own months; beviljat split by the period\'s', () => {
    const f = figures([app(2)], [['2025-02', 'Insats 2', '2025-10-01', '2026-03-31', '120 000 kr', 'Delrapport', 5, null]], '2026-04-30').insatser.get(2)!;
    expect(f.years).toEqual([
      { year: 2025, granted: 280000, spent: 60000, participants: null },
      { year: 2026, granted: 280000, spent: 60000, participants: 5 },
    ]);
    expect(f.spent).toBe(120000);
    expect(f.source).toBe('sheet');
  });

  test('P before the start, inside and after the end', () => {
    const lines = [
      ['2025-02', null, '2025-01-01', '2025-06-30', 100000, 'Delrapport', null, null],
      ['2025-02', null, '2025-07-01', '2025-12-31', 150000, 'Delrapport', null, null],
      ['2025-02', null, '2026-01-01', '2026-12-31', 250000, 'Slutrapport', null, null],
    ];
    const before = figures([app(2)], lines, '2024-12-31').insatser.get(2)!;
    expect([before.monthsPassed, before.spent, before.expected, before.pace, before.forecast, before.remaining, before.ended, before.unspent]).toEqual([0, 0, 0, null, null, 560000, false, null]);
    const inside = figures([app(2)], lines, '2025-12-31').insatser.get(2)!;
    // 12 of 24 months: förväntat 280 000, utfall 250 000 (the third line ends after P and waits).
    expect([inside.monthsPassed, inside.spent, inside.expected, inside.pace, inside.forecast, inside.remaining, inside.laterLines]).toEqual([12, 250000, 280000, 0.8929, 500000, 310000, 1]);
    const after = figures([app(2)], lines, '2027-02-01').insatser.get(2)!;
    expect([after.monthsPassed, after.spent, after.ended, after.unspent, after.overspent, after.finalReportGiven]).toEqual([24, 500000, true, 60000, null, true]);
  });

  test('a row without lines keeps its own Utfall through Utfall per', () => {
    const f = figures([app(2, { spent: 210000, spentAsOf: '2025-09-30' })], null, '2025-11-20').insatser.get(2)!;
    expect([f.source, f.per, f.monthsPassed, f.expected, f.spent]).toEqual(['row', '2025-09-30', 9, 210000, 210000]);
    expect(f.years.map((y) => [y.year, y.spent])).toEqual([[2025, 210000], [2026, 0]]);
  });

  test('beviljat and utfall per year sum to the whole in whole kronor (fast-check, fixed seed)', () => {
    const day = fc.integer({ min: 0, max: 6 * 365 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86400000).toISOString().slice(0, 10));
    const period = fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [string, string]);
    const amount = fc.integer({ min: 0, max: 5_000_000_00 }).map((ore) => ore / 100);
    fc.assert(
      fc.property(period, fc.integer({ min: 1, max: 9_000_000 }), fc.array(fc.tuple(period, amount), { maxLength: 8 }), day, ([start, end], granted, lines, per) => {
        const a = app(2, { start, end, granted });
        const f = figures([a], lines.map(([[from, to], kr]) => ['2025-02', null, from, to, kr, null, null, null]), per).insatser.get(2)!;
        const sum = (key: 'granted' | 'spent') => f.years.reduce((s, y) => s + y[key], 0);
        expect(sum('granted')).toBe(granted);
        expect(sum('spent')).toBe(f.spent);
        for (const y of f.years) expect(Number.isInteger(y.granted) && Number.isInteger(y.spent)).toBe(true);
        expect(f.monthsPassed).toBeGreaterThanOrEqual(0);
        expect(f.monthsPassed).toBeLessThanOrEqual(f.months);
        expect(f.remaining).toBe(granted - f.spent);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

describe('the Utfall sheet: bad input gets a Swedish finding naming sheet, row and cell, and loses nothing', () => {
  const apps = [app(2), app(3, { granted: null })];
  test('an unknown Dnr, an unreadable amount, a Till before Från, overlapping lines', () => {
    const f = figures(
      apps,
      [
        ['2025-99', null, '2025-01-01', '2025-06-30', 1000, null, null, null], // row 2: unknown
        ['2025-02', null, '2025-01-01', '2025-06-30', '15O 000', null, null, null], // row 3: unreadable amount
        ['2025-02', null, '2025-06-30', '2025-01-01', 1000, null, null, null], // row 4: Till before Från
        ['2025-02', null, '2025-01-01', '2025-06-30', 100000, 'Delrapport', null, null], // row 5
        ['2025-02', null, '2025-06-01', '2025-12-31', 50000, 'Delrapport', null, null], // row 6: overlaps row 5
        ['2025-03', null, '2025-01-01', '2025-06-30', 1000, null, null, null], // row 7: not granted
        ['2025-02', null, '2025-07-01', '2025-07-31', 1000, 'Kvartalsrapport', null, null], // row 8: unknown report kind
      ],
      '2025-12-31',
    );
    const plain = (s: string) => s.replace(/[\u00a0\u202f]/gu, ' ');
    expect(f.problems.map((p) => [p.kind, p.row, p.cell, plain(p.message)])).toEqual([
      ['unknown-insats', 2, 'Utfall!A2', 'Utfallsraden 2 på bladet Utfall anger Diarienummer 2025-99 (Utfall!A2), som inte finns bland ansökningarna; raden räknas inte.'],
      ['unreadable', 3, 'Utfall!E3', 'Kan inte tolka Utfall i Utfall!E3: "15O 000"'],
      ['unreadable', 4, 'Utfall!D4', 'Till i Utfall!D4 (2025-01-01) ligger före Från i Utfall!C4 (2025-06-30); raden 4 på bladet Utfall räknas inte.'],
      ['overlap', 5, 'Utfall!C6', 'Utfallsraderna 5 och 6 på bladet Utfall gäller samma insats och överlappar (2025-01-01 – 2025-06-30 och 2025-06-01 – 2025-12-31, se Utfall!C5 och Utfall!C6); båda räknas.'],
      ['not-granted', 7, 'Utfall!A7', 'Utfallsraden 7 på bladet Utfall anger Diarienummer 2025-03 (Utfall!A7), som inte har något beviljat belopp (rad 3); raden räknas inte.'],
      ['unreadable', 8, 'Utfall!F8', 'Kan inte tolka Rapport i Utfall!F8: "Kvartalsrapport". Skriv Delrapport, Slutrapport eller Ekonomisk redovisning, eller lämna cellen tom.'],
    ]);
    // Both overlapping lines count; the unreadable ones count nowhere.
    const g = f.insatser.get(2)!;
    expect(g.lines).toEqual([5, 6]);
    expect(g.spent).toBe(150000);
  });

  test('matched by Insats and Insatsägare without a Diarienummer', () => {
    const s = readCostSheet(
      { name: 'Utfall', top: 3, left: 2, values: [['Uppföljning 2025'], ['Insats', 'Insatsägare', 'Period från', 'T.o.m.', 'Belopp'], ['insats 2', 'UPPSALA KOMMUN', '2025-01-01', '2025-03-31', '12 tkr']] },
      { date1904: false },
    );
    expect(s.problems).toEqual([]);
    const f = computeFollowUp(apps, s, '2025-12-31', () => DEFAULT_REPORT_PARAMETERS);
    expect(f.insatser.get(2)!.spent).toBe(12000);
    expect(f.insatser.get(2)!.lines).toEqual([5]);
  });
});
