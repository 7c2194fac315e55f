import type { WorkbookRun } from '../../src/core/job';
import { formatSummary, toJsonReport } from '../../src/core/report';
import type { Assessment, Finding, Status } from '../../src/core/types';

function assessment(row: number, status: Status, findings: Partial<Finding>[], extra: Partial<Assessment> = {}): Assessment {
  return {
    row,
    id: `2025-${String(row).padStart(3, '0')}`,
    name: `Insats ${row}`,
    status,
    ruleset: status === 'error' ? null : { id: 'finsam-2025', version: 3 },
    application: null,
    findings: findings.map((f) => ({ ruleId: 'x', severity: 'flag', message: '', figures: {}, ...f })),
    outcomes: [],
    grantAmount: null,
    notes: `Bedömning ${row}.`,
    decision: status === 'error' ? '' : `att bevilja ${row}`,
    ...extra,
  };
}

function run(): WorkbookRun {
  const budget = [
    { year: 2025, frame: 2_000_000, proposed: 1_234_567.4, grantedEarlier: 300_000, remaining: 465_432.6, underReview: 600_000 },
    { year: 2026, frame: null, proposed: 280_000, grantedEarlier: 0, remaining: null, underReview: 0 },
  ];
  const assessments = [
    assessment(4, 'ok', [], { checks: ['✓ Belopp per år: 280 000 kr, högst 300 000 kr', '– Uppföljning: inget beviljat belopp'] }),
    assessment(5, 'flag', [{ ruleId: 'belopp-max', message: 'Sökt belopp är för stort.' }, { ruleId: 'forankring', message: 'Inte förankrad.' }]),
    assessment(6, 'reject', [{ ruleId: 'period-langd', severity: 'reject', message: 'För lång period.' }, { ruleId: 'period-ar', message: 'Tre kalenderår.' }]),
    assessment(8, 'error', [
      { ruleId: 'indata', severity: 'error', message: 'Kan inte tolka Sökt belopp i I8: "15O 000"' },
      { ruleId: 'indata', severity: 'error', message: 'Kan inte tolka Startdatum i G8: "1/2/2025"' },
    ], { id: null, name: null }),
  ];
  return {
    sheet: 'Ansökningar',
    headerRow: 3,
    assessments,
    plan: { sheet: 'Ansökningar', headers: [], blocks: [], fillColumns: [], fills: [] },
    summary: {
      total: 4,
      counts: { ok: 1, flag: 1, reject: 1, error: 1 },
      rulesets: [{ id: 'finsam-2025', version: 3, title: 'Finsam 2025', validFrom: '2024-01-01', validTo: null }],
      budget,
      parameterOverrides: [],
    } as WorkbookRun['summary'],
  };
}

describe('toJsonReport', () => {
  it('has exactly the documented shape', () => {
    const report = toJsonReport(run());
    expect(Object.keys(report)).toEqual(['rows', 'summary']);
    expect(Object.keys(report.summary)).toEqual(['total', 'counts', 'rulesets', 'budget']);
    expect(report.rows[0]).toEqual({
      row: 4,
      id: '2025-004',
      name: 'Insats 4',
      status: 'ok',
      rules: [],
      notes: 'Bedömning 4.',
      decision: 'att bevilja 4',
      checks: ['✓ Belopp per år: 280 000 kr, högst 300 000 kr', '– Uppföljning: inget beviljat belopp'],
      ruleset: 'finsam-2025@3',
    });
    // One key per tool column, in the columns' order (Status, Bedömning, Förslag till beslut, Kontroller, Regelträffar, Bedömd).
    expect(Object.keys(report.rows[0])).toEqual(['row', 'id', 'name', 'status', 'notes', 'decision', 'checks', 'rules', 'ruleset']);
    // A row without Kontroller (an input error) still has the key, as an empty list.
    expect(report.rows[3].checks).toEqual([]);
    expect(report.rows[2].rules).toEqual(['period-langd', 'period-ar']);
    // One id per rule, however many findings it gave.
    expect(report.rows[3]).toMatchObject({ id: null, name: null, status: 'error', rules: ['indata'], decision: '', ruleset: null });
    expect(report.summary.counts).toEqual({ ok: 1, flag: 1, reject: 1, error: 1 });
    expect(report.summary.budget.map((b) => [b.year, b.underReview])).toEqual([
      [2025, 600_000],
      [2026, 0],
    ]);
    expect(report.summary.rulesets).toEqual([{ id: 'finsam-2025', version: 3, title: 'Finsam 2025', validFrom: '2024-01-01', validTo: null }]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('formatSummary', () => {
  const text = formatSummary(run());
  const lines = text.split('\n');

  it('counts per status with the Swedish labels', () => {
    expect(lines[0]).toBe('Bedömde 4 ansökningar på bladet "Ansökningar" (rubrikrad 3).');
    expect(lines[1]).toBe('Regelverk: finsam-2025 v3.');
    expect(lines.slice(2, 6)).toEqual(['  OK:              1', '  Flaggad:         1', '  Avslag föreslås: 1', '  Fel i indata:    1']);
  });

  it('gives one line per flagged, rejected or erroneous row with its findings', () => {
    expect(text).not.toContain('Rad 4');
    expect(lines).toContain('Rad 5 · Dnr 2025-005 · Insats 5 · Flaggad: Sökt belopp är för stort. Inte förankrad.');
    expect(lines).toContain('Rad 6 · Dnr 2025-006 · Insats 6 · Avslag föreslås: För lång period. Tre kalenderår.');
    expect(lines).toContain(
      'Rad 8 · (namn saknas) · Fel i indata: Kan inte tolka Sökt belopp i I8: "15O 000". Kan inte tolka Startdatum i G8: "1/2/2025".',
    );
  });

  it('ends with the budget per year, amounts grouped the Swedish way and aligned', () => {
    const start = lines.indexOf('Budget per år:');
    expect(start).toBeGreaterThan(0);
    const table = lines.slice(start + 1).map((l) => l.replace(/\u00a0/gu, ' '));
    expect(table).toEqual([
      'År     Ram (kr)  Föreslaget (kr)  Beviljat tidigare (kr)  Kvar (kr)  Under beredning (kr)',
      '2025  2 000 000        1 234 567                 300 000    465 433               600 000',
      '2026          –          280 000                       0          –                     0',
    ]);
  });

  it('has no budget table when there is no budget, and says "ansökan" for one', () => {
    const r = run();
    r.summary.budget = [];
    r.summary.total = 1;
    const t = formatSummary(r);
    expect(t).not.toContain('Budget');
    expect(t.split('\n')[0]).toBe('Bedömde 1 ansökan på bladet "Ansökningar" (rubrikrad 3).');
  });
});
