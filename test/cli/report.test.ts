import { CHIEF_CHOICE_LABELS, type ChiefChoice, type ChiefDecision } from '../../src/core/chief';
import { assessWorkbook, type WorkbookRun } from '../../src/core/job';
import type { WritePlan } from '../../src/core/port';
import { formatSummary, toJsonReport } from '../../src/core/report';
import type { Assessment, CellValue, Finding, Status } from '../../src/core/types';
import { MemoryWorkbook } from '../helpers/memory-port';
import { shippedRules } from '../helpers/rules';

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
      counts: { ok: 1, flag: 1, reject: 1, error: 1, closed: 0 },
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
    expect(Object.keys(report.summary)).toEqual(['total', 'counts', 'rulesets', 'budget', 'decisions', 'awaitingDecision']);
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
      chief: null,
      inputChanged: false,
    });
    // One key per tool column, in the columns' order (Status, Bedömning, Förslag till beslut, Kontroller, Regelträffar, Bedömd),
    // then the chief's decision.
    expect(Object.keys(report.rows[0])).toEqual(['row', 'id', 'name', 'status', 'notes', 'decision', 'checks', 'rules', 'ruleset', 'chief', 'inputChanged']);
    // A row without Kontroller (an input error) still has the key, as an empty list.
    expect(report.rows[3].checks).toEqual([]);
    expect(report.rows[2].rules).toEqual(['period-langd', 'period-ar']);
    // One id per rule, however many findings it gave.
    expect(report.rows[3]).toMatchObject({ id: null, name: null, status: 'error', rules: ['indata'], decision: '', ruleset: null });
    expect(report.summary.counts).toEqual({ ok: 1, flag: 1, reject: 1, error: 1, closed: 0 });
    expect(report.summary.budget.map((b) => [b.year, b.underReview])).toEqual([
      [2025, 600_000],
      [2026, 0],
    ]);
    expect(report.summary.rulesets).toEqual([{ id: 'finsam-2025', version: 3, title: 'Finsam 2025', validFrom: '2024-01-01', validTo: null }]);
    // No decisions: every choice counted as zero; the flagged, reject-proposed and erroneous rows await one.
    expect(report.summary.decisions).toEqual({ grant: 0, 'grant-changed': 0, reject: 0, supplement: 0 });
    expect(report.summary.awaitingDecision).toBe(3);
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

  it('says there are no decisions yet and how many rows await one', () => {
    expect(lines.slice(6, 8)).toEqual(['Chefens beslut: inga.', 'Väntar på beslut: 3.']);
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

function decided(choice: ChiefChoice, row: number, amount: number | null = null, comment: string | null = null): ChiefDecision {
  return { choice, text: CHIEF_CHOICE_LABELS[choice], amount, comment, address: `M${row}` };
}

/** Rows in every state of the chief's review: undecided, each choice, and a decision whose inputs changed since. */
function decidedRun(): WorkbookRun {
  const r = run();
  const changed = 'Uppgifterna har ändrats sedan förbundschefens beslut: Sökt belopp 200 000 kr → 260 000 kr.';
  r.assessments = [
    assessment(4, 'ok', []),
    assessment(5, 'ok', [], { chief: decided('grant-changed', 5, 250_000) }),
    assessment(6, 'flag', [{ ruleId: 'forankring', message: 'Inte förankrad.' }], { chief: decided('reject', 6, null, 'Insatsen finns redan.') }),
    assessment(7, 'flag', [{ ruleId: 'indata-andrad', message: changed }], { chief: decided('grant', 7), inputChanged: true }),
    assessment(8, 'reject', [{ ruleId: 'period-langd', severity: 'reject', message: 'För lång period.' }]),
    assessment(9, 'flag', [{ ruleId: 'forankring', message: 'Inte förankrad.' }], { chief: decided('supplement', 9, null, 'Budget saknas.') }),
    assessment(10, 'error', [{ ruleId: 'indata', severity: 'error', message: 'Kan inte tolka Startdatum i G10: "snart"' }], { chief: null }),
    assessment(11, 'ok', [], { chief: decided('grant', 11, 300_000) }),
  ];
  r.summary = { ...r.summary, total: 8, counts: { ok: 3, flag: 3, reject: 1, error: 1, closed: 0 } };
  return r;
}

describe("the chief's decisions", () => {
  it('each row carries its decision with amount and comment, and whether its inputs changed', () => {
    const report = toJsonReport(decidedRun());
    const byRow = new Map(report.rows.map((row) => [row.row, row]));
    expect(byRow.get(4)).toMatchObject({ chief: null, inputChanged: false });
    expect(byRow.get(5)).toMatchObject({ chief: { decision: 'grant-changed', amount: 250_000, comment: null }, inputChanged: false });
    expect(byRow.get(6)).toMatchObject({ chief: { decision: 'reject', amount: null, comment: 'Insatsen finns redan.' }, inputChanged: false });
    expect(byRow.get(7)).toMatchObject({ chief: { decision: 'grant', amount: null, comment: null }, inputChanged: true, rules: ['indata-andrad'] });
    expect(byRow.get(9)?.chief).toEqual({ decision: 'supplement', amount: null, comment: 'Budget saknas.' });
    expect(byRow.get(11)?.chief).toEqual({ decision: 'grant', amount: 300_000, comment: null });
  });

  it('counts the decisions per choice and the rows awaiting one; an input-changed row awaits again', () => {
    const { rows, summary } = toJsonReport(decidedRun());
    expect(summary.decisions).toEqual({ grant: 2, 'grant-changed': 1, reject: 1, supplement: 1 });
    // Rows 8 and 10 (not OK, undecided) and 7 (decided, then its inputs changed); not the OK row 4.
    expect(summary.awaitingDecision).toBe(3);
    // The counts add up: every decided row under one choice, and decided + undecided = all rows.
    const decidedRows = rows.filter((row) => row.chief !== null).length;
    expect(Object.values(summary.decisions).reduce((s, n) => s + n, 0)).toBe(decidedRows);
    const undecidedNotOk = rows.filter((row) => row.chief === null && row.status !== 'ok').length;
    expect(summary.awaitingDecision).toBe(undecidedNotOk + rows.filter((row) => row.inputChanged).length);
    expect(decidedRows + rows.filter((row) => row.chief === null).length).toBe(summary.total);
  });

  it('the printed summary has one line of decisions, one of rows awaiting, and names the decision on listed rows', () => {
    const lines = formatSummary(decidedRun()).split('\n');
    expect(lines.slice(2, 8)).toEqual([
      '  OK:              3',
      '  Flaggad:         3',
      '  Avslag föreslås: 1',
      '  Fel i indata:    1',
      'Chefens beslut: Bevilja 2, Bevilja med ändrat belopp 1, Avslå 1, Begär komplettering 1.',
      'Väntar på beslut: 3 (varav 1 med ändrade indata).',
    ]);
    expect(lines).toContain(
      'Rad 7 · Dnr 2025-007 · Insats 7 · Flaggad: Uppgifterna har ändrats sedan förbundschefens beslut: Sökt belopp 200 000 kr → 260 000 kr. · Chefens beslut: Bevilja',
    );
    expect(lines).toContain('Rad 6 · Dnr 2025-006 · Insats 6 · Flaggad: Inte förankrad. · Chefens beslut: Avslå');
    expect(lines).toContain('Rad 8 · Dnr 2025-008 · Insats 8 · Avslag föreslås: För lång period.');
  });
});

/** A workbook in memory that also writes the person's cells and appends the tool's sheets (the Logg), as the ports do. */
class LoggingWorkbook extends MemoryWorkbook {
  override async write(plan: WritePlan): Promise<void> {
    await super.write(plan);
    for (const s of plan.sheets ?? []) {
      this.sheets[s.name] ??= [[...s.header]];
      this.sheets[s.name].push(...s.rows.map((r) => [...r]));
    }
  }
}

describe("the chief's decisions from a run", () => {
  const HEADERS = ['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Förankrad', 'Chefens beslut', 'Beslutat belopp', 'Kommentar'];
  const PARTNERS = 'Arbetsförmedlingen, Försäkringskassan';
  const line = (dnr: string, amount: number, fte: number, chief: string | null = null, decidedAmount: number | null = null, comment: string | null = null): CellValue[] => [
    dnr, `Insats ${dnr}`, 'Uppsala kommun', PARTNERS, 'strukturövergripande', '2027-01-01', '2027-12-31', amount, fte, 'ja', chief, decidedAmount, comment,
  ];

  it('reports what the core read from the person columns, and an input changed after the decision as awaiting', async () => {
    const wb = new LoggingWorkbook({
      Ansökningar: [
        HEADERS,
        line('A', 200_000, 0.4), // row 2: OK, undecided
        line('B', 100_000, 0.5), // row 3: flagged (post 0,5), undecided
        line('C', 120_000, 0.5, 'Beviljas trots tjänsten – AF'), // row 4: flagged, granted
        line('D', 200_000, 0.4, 'Bevilja med ändrat belopp', 150_000), // row 5: OK, granted a changed amount
        line('E', 100_000, 0.5, 'avslås', null, 'Insatsen finns redan.'), // row 6: flagged, rejected with a reason
        line('F', 200_000, 0.4, 'Begär komplettering'), // row 7: OK, sent back
      ],
      Budget: [
        ['År', 'Budgetram'],
        [2027, 1_000_000],
      ],
    });
    const rules = await shippedRules();
    const now = new Date(2026, 10, 25, 10, 0);
    const first = toJsonReport(await assessWorkbook(wb, rules, { now }));
    expect(first.summary.decisions).toEqual({ grant: 1, 'grant-changed': 1, reject: 1, supplement: 1 });
    expect(first.summary.awaitingDecision).toBe(1);
    expect(first.rows.every((row) => !row.inputChanged)).toBe(true);

    // The decisions are in the Logg now; then Sökt belopp of the changed-amount row changes.
    wb.sheets['Ansökningar'][4][HEADERS.indexOf('Sökt belopp')] = 260_000;
    const run = await assessWorkbook(wb, rules, { now });
    const report = toJsonReport(run);
    const byRow = new Map(report.rows.map((row) => [row.row, row]));
    expect(byRow.get(2)).toMatchObject({ status: 'ok', chief: null, inputChanged: false });
    expect(byRow.get(3)).toMatchObject({ status: 'flag', chief: null, inputChanged: false });
    expect(byRow.get(4)).toMatchObject({ chief: { decision: 'grant', amount: null, comment: null }, inputChanged: false });
    expect(byRow.get(5)).toMatchObject({ chief: { decision: 'grant-changed', amount: 150_000, comment: null }, inputChanged: true });
    expect(byRow.get(5)?.rules).toContain('indata-andrad');
    expect(byRow.get(6)).toMatchObject({ chief: { decision: 'reject', amount: null, comment: 'Insatsen finns redan.' }, inputChanged: false });
    expect(byRow.get(7)).toMatchObject({ chief: { decision: 'supplement', amount: null, comment: null }, inputChanged: false });
    // The same reading as the core's: the report adds no interpretation of its own.
    for (const a of run.assessments) expect(byRow.get(a.row)?.chief?.decision ?? null).toBe(a.chief?.choice ?? null);

    expect(report.summary.decisions).toEqual({ grant: 1, 'grant-changed': 1, reject: 1, supplement: 1 });
    expect(report.summary.awaitingDecision).toBe(2);
    const text = formatSummary(run);
    expect(text).toContain('\nChefens beslut: Bevilja 1, Bevilja med ändrat belopp 1, Avslå 1, Begär komplettering 1.\n');
    expect(text).toContain('\nVäntar på beslut: 2 (varav 1 med ändrade indata).');
  });
});
