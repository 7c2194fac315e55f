import fc from 'fast-check';
import { assessWorkbook } from '../../src/core/job';
import { budgetByYear, splitByYear } from '../../src/core/portfolio';
import { RuleFileError } from '../../src/core/rulesets';
import { WorkbookError } from '../../src/core/port';
import type { Application, CellValue } from '../../src/core/types';
import { MemoryWorkbook } from '../helpers/memory-port';
import { shippedRules } from '../helpers/rules';

const HEADERS = ['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Förankrad', 'Beviljat belopp', 'Utfall', 'Chefens beslut'];
const PARTNERS = 'Arbetsförmedlingen, Försäkringskassan';
const row = (dnr: string, name: string, owner: string, start: string, end: string, amount: number, fte: number, granted: number | null = null, spent: number | null = null, chief: string | null = null): CellValue[] => [
  dnr, name, owner, PARTNERS, 'strukturövergripande', start, end, amount, fte, 'ja', granted, spent, chief,
];

/** Three budget years, a frame exceeded in 2026, a two-year grant, an overspender, a slow spender and a duplicate. */
function budgetWorkbook(): MemoryWorkbook {
  return new MemoryWorkbook({
    Ansökningar: [
      HEADERS,
      row('A', 'Stöd till arbetsgivare', 'Uppsala kommun', '2026-01-01', '2027-12-31', 480000, 0.4), // row 2: split 240 000 + 240 000
      row('B', 'Unga in', 'Knivsta kommun', '2026-01-01', '2026-12-31', 250000, 0.4), // row 3
      row('C', 'Lokussamordnare Tierp', 'Tierps kommun', '2025-01-01', '2026-12-31', 400000, 0.4, 400000, 150000), // row 4: on pace
      row('D', 'Jobbcoach Håbo', 'Håbo kommun', '2025-07-01', '2026-06-30', 200000, 0.4, 200000, 50000), // row 5: slow
      row('E', 'Kartläggning Enköping', 'Enköpings kommun', '2025-01-01', '2025-12-31', 100000, 0.2, 100000, 120000), // row 6: over grant
      row('F', 'Jobbspår Heby', 'Heby kommun', '2027-01-01', '2027-12-31', 120000, 0.2), // row 7: duplicate of 8
      row('F2', 'Jobbspår  HEBY', 'Heby kommun', '2027-06-01', '2027-12-31', 60000, 0.2), // row 8
      row('G', 'Språkstöd Östhammar', 'Östhammars kommun', '2027-01-01', '2027-12-31', 100000, 0.5, null, null, 'Beviljas'), // row 9: flagged, granted by the chief
    ],
    Budget: [
      ['År', 'Budgetram (kr)', 'Anteckning'],
      [2025, 1000000, null],
      [2026, '600 000 kr', 'Beslutad i november'],
      [2027, 1000000, null],
    ],
  });
}

describe('budget follow-up', () => {
  test('exactly the expected rows are flagged, with the figures right to the krona', async () => {
    const wb = budgetWorkbook();
    const run = await assessWorkbook(wb, await shippedRules(), { now: new Date(2026, 5, 30, 12, 0) });
    const byDnr = new Map(run.assessments.map((a) => [a.id, a]));
    const flagged = (dnr: string) => byDnr.get(dnr)!.findings.map((f) => f.ruleId);
    expect(Object.fromEntries(run.assessments.map((a) => [a.id, a.status]))).toEqual({ A: 'flag', B: 'flag', C: 'ok', D: 'flag', E: 'flag', F: 'flag', F2: 'flag', G: 'flag' });
    expect(flagged('A')).toEqual(['budgetram']);
    expect(flagged('B')).toEqual(['budgetram']);
    // D's period ended on the assessment date: what is left is ej förbrukat (after-the-board.md), not a slow pace.
    expect(flagged('D')).toEqual(['ej-forbrukat']);
    expect(flagged('E')).toEqual(['utfall-over']);
    expect(flagged('F')).toEqual(['dubblett']);
    expect(flagged('F2')).toEqual(['dubblett']);
    expect(flagged('G')).toEqual(['tjanst-andel']);

    const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(plain(byDnr.get('A')!.findings[0].message)).toBe('Föreslagna och beviljade medel 2026 blir 790 000 kr, mer än budgetramen 600 000 kr för året.');
    expect(plain(byDnr.get('E')!.findings[0].message)).toBe('Utfallet 120 000 kr överstiger beviljat belopp 100 000 kr med 20 000 kr.');
    // The outcome is measured at the assessment date when the row has no Utfall per.
    expect(plain(byDnr.get('D')!.findings[0].message)).toBe(
      'Av beviljat belopp 200 000 kr är 150 000 kr inte förbrukat när perioden slutade 2026-06-30; det kan återkrävas eller frigöras.',
    );
    expect(byDnr.get('F')!.findings[0].message).toBe('Samma insats med samma insatsägare finns också i ärende F2; perioderna överlappar 2027-06-01 – 2027-12-31 (sju månader).');
    expect(byDnr.get('F')!.findings[0].figures).toEqual({ duplicateCount: 1 });

    expect(run.summary.budget).toEqual([
      { year: 2025, frame: 1000000, proposed: 0, grantedEarlier: 400000, underReview: 0, remaining: 600000 },
      { year: 2026, frame: 600000, proposed: 490000, grantedEarlier: 300000, underReview: 0, remaining: -190000 },
      // F and F2 are flagged without a decision: under review, not proposed; G the chief granted: proposed.
      { year: 2027, frame: 1000000, proposed: 340000, grantedEarlier: 0, underReview: 180000, remaining: 660000 },
    ]);
    // read once, write once
    expect(wb.calls).toEqual(['describe', 'read:Ansökningar,Budget', 'write']);
  });

  test('the per-year table: two-year grants split by months, earlier grants apart from proposals', () => {
    const app = (row: number, start: string, end: string, granted: number | null) => ({ row, start, end, granted }) as Application;
    const table = budgetByYear(
      [{ year: 2025, frame: 500000, note: null }],
      [
        { row: 2, app: app(2, '2025-07-01', '2026-06-30', null), proposed: 100001 },
        { row: 3, app: app(3, '2025-01-01', '2025-12-31', 50000), proposed: 50000 },
        { row: 4, app: app(4, '2025-01-01', '2025-12-31', null), proposed: null },
        { row: 5, app: app(5, '2026-01-01', '2026-12-31', null), proposed: null, underReview: 70000 },
      ],
    );
    expect(table).toEqual([
      { year: 2025, frame: 500000, proposed: 50001, grantedEarlier: 50000, underReview: 0, remaining: 399999 },
      // Under review is shown beside the remainder, never subtracted from it.
      { year: 2026, frame: null, proposed: 50000, grantedEarlier: 0, underReview: 70000, remaining: null },
    ]);
  });

  test('a split over years is whole kronor summing exactly to the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 36 }), (amount, offset, length) => {
        const start = new Date(Date.UTC(2024, offset, 1));
        const end = new Date(Date.UTC(2024, offset + length, 0));
        const parts = splitByYear(amount, start.toISOString().slice(0, 10), end.toISOString().slice(0, 10));
        const values = [...parts.values()];
        expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
        expect(values.reduce((a, b) => a + b, 0)).toBe(amount);
      }),
    );
    expect([...splitByYear(480000, '2026-01-01', '2027-12-31')]).toEqual([
      [2026, 240000],
      [2027, 240000],
    ]);
    expect([...splitByYear(100000, '2025-11-01', '2026-01-31')]).toEqual([
      [2025, 66667],
      [2026, 33333],
    ]);
  });

  test('a bad Budget cell stops the run before anything is written, naming the cell', async () => {
    const wb = budgetWorkbook();
    wb.sheets.Budget[2][1] = 'sexhundra tusen';
    await expect(assessWorkbook(wb, await shippedRules())).rejects.toThrow(new WorkbookError('Kan inte tolka Budgetram i Budget!B3: "sexhundra tusen"'));
    expect(wb.calls).not.toContain('write');
  });
});

describe('rule parameters in the workbook', () => {
  const seedRow = ['2024-017', 'Lokussamordnare Uppsala', 'Uppsala kommun', 'Försäkringskassan, Arbetsförmedlingen och Region Uppsala', 'strukturövergripande', '2025-01-01', '2026-12-31', 560000, 0.4, 'ja', null, null, null];

  test('a Regelparametrar sheet overrides the rule set for this workbook, and the run says which', async () => {
    const wb = new MemoryWorkbook({
      Ansökningar: [HEADERS, seedRow],
      Regelparametrar: [
        ['Parameter', 'Värde'],
        ['maxAmountPerYear', '250 000 kr'],
        ['allowedFte', '0,2; 0,4; 0,5'],
      ],
    });
    const run = await assessWorkbook(wb, await shippedRules());
    expect(run.assessments[0].status).toBe('flag');
    expect(run.assessments[0].grantAmount).toBe(500000);
    expect(run.summary.parameterOverrides).toEqual([
      { name: 'maxAmountPerYear', value: 250000, address: 'Regelparametrar!B2' },
      { name: 'allowedFte', value: [0.2, 0.4, 0.5], address: 'Regelparametrar!B3' },
    ]);
    // the shipped registry itself is untouched
    const again = await assessWorkbook(new MemoryWorkbook({ Ansökningar: [HEADERS, seedRow] }), await shippedRules());
    expect(again.assessments[0].status).toBe('ok');
  });

  test('an unknown parameter is an error naming the cell', async () => {
    const wb = new MemoryWorkbook({ Ansökningar: [HEADERS, seedRow], Regelparametrar: [['Parameter', 'Värde'], ['maxBelopp', 1]] });
    await expect(assessWorkbook(wb, await shippedRules())).rejects.toThrow(RuleFileError);
    await expect(assessWorkbook(wb, await shippedRules())).rejects.toThrow(/^Arbetsboken: vid Regelparametrar!B2: okänd parameter "maxBelopp"; kända parametrar är maxAmountPerYear/);
    expect(wb.calls).not.toContain('write');
  });

  test('a bad value is an error naming the cell', async () => {
    const wb = new MemoryWorkbook({ Ansökningar: [HEADERS, seedRow], Regelparametrar: [['Parameter', 'Värde'], ['maxMonths', 'tjugofyra']] });
    await expect(assessWorkbook(wb, await shippedRules())).rejects.toThrow('Arbetsboken: vid Regelparametrar!B2: parametern "maxMonths" ska vara ett heltal, inte "tjugofyra"');
  });

  test('the members list cannot be changed from a workbook', async () => {
    const wb = new MemoryWorkbook({ Ansökningar: [HEADERS, seedRow], Regelparametrar: [['Parameter', 'Värde'], ['members', 'Uppsala kommun']] });
    await expect(assessWorkbook(wb, await shippedRules())).rejects.toThrow('Parametern "members" i Regelparametrar!B2 kan inte ändras i arbetsboken; ändra den i regelfilen.');
  });
});

describe('many duplicates', () => {
  test('a note lists at most ten duplicate rows and says how many there are', async () => {
    const copies = Array.from({ length: 15 }, (_, i) => row(`K${i}`, 'Kopia', 'Heby kommun', '2027-01-01', '2027-12-31', 120000, 0.2));
    const run = await assessWorkbook(new MemoryWorkbook({ Ansökningar: [HEADERS, ...copies] }), await shippedRules(), { now: new Date(2026, 5, 30) });
    const first = run.assessments[0];
    expect(first.findings.map((f) => f.ruleId)).toEqual(['dubblett']);
    expect(first.findings[0].message.replace(/\u00a0/g, ' ')).toBe(
      'Samma insats med samma insatsägare finns också i ärende K1, ärende K2, ärende K3, ärende K4, ärende K5, ärende K6, ärende K7, ärende K8, ärende K9, ärende K10 och ytterligare fyra ärenden; perioderna överlappar 2027-01-01 – 2027-12-31 (tolv månader).',
    );
  });
});

describe("the budget per year and the chief's decisions", () => {
  test('proposed: OK rows and rows the chief granted (at Beslutat belopp); under review: flagged rows without a decision; rejected or sent back: nowhere', async () => {
    const { assessRows } = await import('../../src/core/assess');
    const { caseRowToRawRow } = await import('../../src/core/rulesets');
    const { SEED_2025 } = await import('../helpers/seeds');
    const year = { Startdatum: '2026-01-01', Slutdatum: '2026-12-31', Beslutsdatum: '2025-11-20' };
    const rows = [
      caseRowToRawRow(SEED_2025, { ...year, Insats: 'A', 'Sökt belopp': '100 000 kr', Tjänsteomfattning: '0,2' }, 2), // OK: proposed
      caseRowToRawRow(SEED_2025, { ...year, Insats: 'B', 'Sökt belopp': '200 000 kr', Förankrad: 'nej' }, 3), // flagged: under review
      caseRowToRawRow(SEED_2025, { ...year, Insats: 'C', 'Sökt belopp': '200 000 kr', Förankrad: 'nej', 'Chefens beslut': 'Bevilja med ändrat belopp', 'Beslutat belopp': '150 000 kr' }, 4), // proposed 150 000
      caseRowToRawRow(SEED_2025, { ...year, Insats: 'D', 'Sökt belopp': '200 000 kr', Förankrad: 'nej', 'Chefens beslut': 'Avslå' }, 5), // nowhere
      caseRowToRawRow(SEED_2025, { ...year, Insats: 'E', 'Sökt belopp': '200 000 kr', 'Chefens beslut': 'Begär komplettering' }, 6), // OK but sent back: nowhere
      caseRowToRawRow(SEED_2025, { ...year, Insats: 'F', 'Sökt belopp': '200 000 kr', Insatsägare: 'Stiftelsen Vägen' }, 7), // reject-proposed: under review
    ];
    const { assessments, budget } = await assessRows(rows, await shippedRules(), { assessmentDate: '2025-11-20', budgetFrames: [{ year: 2026, frame: 1000000, note: null }] });
    expect(assessments.map((a) => a.status)).toEqual(['ok', 'flag', 'flag', 'flag', 'ok', 'reject']);
    expect(budget).toEqual([{ year: 2026, frame: 1000000, proposed: 250000, grantedEarlier: 0, underReview: 400000, remaining: 750000 }]);
  });
});
