import { assessWorkbook } from '../../src/core/job';
import { LOG_EVENTS, LOG_HEADER, readLog } from '../../src/core/log';
import { columnTexts, WorkbookError, type WritePlan } from '../../src/core/port';
import type { CellValue } from '../../src/core/types';
import { saveDecision, type DecisionRequest } from '../../src/taskpane/review/decide';
import { MemoryWorkbook } from '../helpers/memory-port';
import { shippedRules } from '../helpers/rules';

const HEADERS = ['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Förankrad', 'Chefens beslut', 'Beslutat belopp', 'Kommentar'];
const PARTNERS = 'Arbetsförmedlingen, Försäkringskassan';
const row = (dnr: string, name: string, amount: number, fte: number, chief: string | null = null): CellValue[] => [
  dnr, name, 'Uppsala kommun', PARTNERS, 'strukturövergripande', '2027-01-01', '2027-12-31', amount, fte, 'ja', chief, null, null,
];
const NOW = new Date(2026, 10, 25, 10, 0);

/** A memory workbook that also writes the person's cells and appends the tool's sheets, as the ports do. */
class ReviewWorkbook extends MemoryWorkbook {
  plans: WritePlan[] = [];
  override async write(plan: WritePlan): Promise<void> {
    await super.write(plan);
    this.plans.push(plan);
    const grid = this.sheets[plan.sheet];
    for (const c of plan.cells ?? []) {
      const line = grid[c.row - 1];
      while (line.length < c.col) line.push(null);
      line[c.col - 1] = c.value;
    }
    for (const s of plan.sheets ?? []) {
      this.sheets[s.name] ??= [[...s.header]];
      this.sheets[s.name].push(...s.rows.map((r) => [...r]));
    }
  }
}

/** The workbook after a run, as the pane has it when the review opens. */
async function workbook(): Promise<ReviewWorkbook> {
  const wb = new ReviewWorkbook({
    Ansökningar: [
      HEADERS,
      row('A', 'Stöd till arbetsgivare', 200000, 0.4), // row 2: OK
      row('B', 'Språkstöd Östhammar', 100000, 0.5), // row 3: flagged (post 0,5)
      row('C', 'Jobbspår Heby', 120000, 0.5, 'Beviljas trots tjänsten – AF'), // row 4: flagged, granted by the chief
    ],
    Budget: [
      ['År', 'Budgetram'],
      [2027, 1000000],
    ],
  });
  await assessWorkbook(wb, await shippedRules(), { now: NOW });
  wb.calls = [];
  wb.plans = [];
  return wb;
}

function request(wb: MemoryWorkbook, rowNumber: number, change: Partial<DecisionRequest>): DecisionRequest {
  const line = wb.sheets['Ansökningar'][rowNumber - 1];
  return { sheet: 'Ansökningar', row: rowNumber, id: String(line[0]), name: String(line[1]), choice: 'grant', amount: null, comment: null, ...change };
}

const col = (header: string) => HEADERS.indexOf(header);

describe('saving the chief’s decision from the review view', () => {
  it('reads once and writes once: the three cells, that row’s texts and fill, and a Logg line', async () => {
    const wb = await workbook();
    const logBefore = wb.sheets.Logg?.length ?? 0; // the run's own lines, once the job logs
    const result = await saveDecision(wb, await shippedRules(), request(wb, 3, { choice: 'grant-changed', amount: 80000, comment: '=Halva tjänsten' }), null, { now: NOW });
    expect(wb.calls).toEqual(['describe', wb.calls[1], 'write']);
    expect(wb.calls[1]).toMatch(/^read:Ansökningar,Budget(,Logg)?$/);
    const plan = wb.plans[0];
    expect(plan.cells).toEqual([
      { row: 3, col: col('Chefens beslut') + 1, value: 'Bevilja med ändrat belopp' },
      { row: 3, col: col('Beslutat belopp') + 1, value: 80000 },
      { row: 3, col: col('Kommentar') + 1, value: '=Halva tjänsten' },
    ]);
    expect(new Set(plan.blocks.map((b) => `${b.top}:${b.values.length}`))).toEqual(new Set(['3:1']));
    expect(plan.fills).toEqual([{ top: 3, count: 1, color: expect.stringMatching(/^#[0-9A-F]{6}$/) }]);
    expect(plan.headers).toEqual([]);
    // The row's texts are those of a run that sees the decision.
    expect(result.assessment.row).toBe(3);
    const decisionCol = wb.sheets['Ansökningar'][0].indexOf('Förslag till beslut');
    expect(wb.sheets['Ansökningar'][2][decisionCol]).toBe(result.assessment.decision);
    expect(columnTexts(plan.blocks.find((b) => b.col === decisionCol + 1)!.values)).toEqual([result.assessment.decision]);
    // The decision renders the chief's choice: the changed amount granted, the requested one named.
    expect(result.assessment.decision.replace(/\s/gu, ' ')).toContain('80 000 kr');
    expect(result.assessment.decision).not.toContain('enligt ansökan');
    // The Logg: one decision line more, with the row's inputs, and a valid chain.
    const logg = wb.sheets.Logg;
    expect(logg[0]).toEqual([...LOG_HEADER]);
    expect(logg).toHaveLength(Math.max(logBefore, 1) + 1);
    expect(wb.plans[0].sheets).toHaveLength(1);
    const line = Object.fromEntries(LOG_HEADER.map((h, i) => [h, logg[logg.length - 1][i]]));
    expect(line).toMatchObject({ Händelse: LOG_EVENTS.newDecision, Diarienummer: 'B', Beslut: 'Bevilja med ändrat belopp', 'Beslutat belopp': 80000, Kommentar: '=Halva tjänsten', 'Sökt belopp': 100000, Tjänsteomfattning: 0.5 });
    expect(readLog({ name: 'Logg', top: 1, left: 1, values: logg }).problems).toEqual([]);
  });

  it('moves a granted row into the budget as proposed', async () => {
    const wb = await workbook();
    const rules = await shippedRules();
    const logBefore = Math.max(wb.sheets.Logg?.length ?? 0, 1);
    const before = await saveDecision(wb, rules, request(wb, 3, { choice: 'supplement' }), null, { now: NOW });
    const after = await saveDecision(wb, rules, request(wb, 3, { choice: 'grant' }), 'supplement', { now: NOW });
    const proposed = (r: typeof before) => r.run.summary.budget.find((y) => y.year === 2027)!.proposed;
    expect(proposed(after) - proposed(before)).toBe(100000);
    // The second save chains to the first line.
    expect(wb.sheets.Logg).toHaveLength(logBefore + 2);
    expect(readLog({ name: 'Logg', top: 1, left: 1, values: wb.sheets.Logg }).problems).toEqual([]);
    expect(after.log.lastDecisionByKey.get('dnr:b')!.choice).toBe('grant');
  });

  it('renders a rejection with the chief’s comment as its reason, and a request for more with no text', async () => {
    const wb = await workbook();
    const rules = await shippedRules();
    const decisionCol = wb.sheets['Ansökningar'][0].indexOf('Förslag till beslut');
    const rejected = await saveDecision(wb, rules, request(wb, 3, { choice: 'reject', comment: 'Tjänsten är större än styrelsen medger.' }), null, { now: NOW });
    expect(rejected.assessment.decision).toMatch(/^att avslå ansökan om finansiellt stöd till insatsen Språkstöd Östhammar, eftersom tjänsten är större än styrelsen medger/);
    expect(wb.sheets['Ansökningar'][2][decisionCol]).toBe(rejected.assessment.decision);
    const supplement = await saveDecision(wb, rules, request(wb, 2, { choice: 'supplement' }), null, { now: NOW });
    expect(supplement.assessment.decision).toBe('');
    expect(wb.sheets['Ansökningar'][1][decisionCol]).toBe('');
  });

  it('keeps the chief’s own words when the choice stays, and logs the confirmation', async () => {
    const wb = await workbook();
    await saveDecision(wb, await shippedRules(), request(wb, 4, { choice: 'grant', comment: 'Bekräftat' }), 'grant', { now: NOW });
    expect(wb.plans[0].cells).toEqual([{ row: 4, col: col('Kommentar') + 1, value: 'Bekräftat' }]);
    expect(wb.sheets['Ansökningar'][3][col('Chefens beslut')]).toBe('Beviljas trots tjänsten – AF');
    const last = wb.sheets.Logg[wb.sheets.Logg.length - 1];
    expect([last[LOG_HEADER.indexOf('Diarienummer')], last[LOG_HEADER.indexOf('Beslut')], last[LOG_HEADER.indexOf('Kommentar')]]).toEqual(['C', 'Bevilja', 'Bekräftat']);
  });

  it('refuses, writing nothing, when the row now holds another application', async () => {
    const wb = await workbook();
    const asked = request(wb, 3, { choice: 'reject' });
    [wb.sheets['Ansökningar'][2], wb.sheets['Ansökningar'][3]] = [wb.sheets['Ansökningar'][3], wb.sheets['Ansökningar'][2]]; // sorted since the run
    const saving = saveDecision(wb, await shippedRules(), asked, null, { now: NOW });
    await expect(saving).rejects.toThrow(WorkbookError);
    await expect(saveDecision(wb, await shippedRules(), asked, null, { now: NOW })).rejects.toThrow(/Rad 3 på bladet "Ansökningar" innehåller inte längre ansökan som visas/);
    expect(wb.calls).not.toContain('write');
  });
});
