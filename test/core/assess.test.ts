import { assessRows } from '../../src/core/assess';
import { caseRowToRawRow, type CaseRow } from '../../src/core/rulesets';
import { shippedRules } from '../helpers/rules';
import { SEED_2025 } from '../helpers/seeds';

const BASE: CaseRow = { ...SEED_2025, 'Sökt belopp': '560 000 kr', Tjänsteomfattning: '0,4' };

async function assessOne(overrides: CaseRow, row = 7) {
  const { assessments } = await assessRows([caseRowToRawRow(BASE, overrides, row)], await shippedRules(), { assessmentDate: '2026-11-23' });
  return assessments[0];
}
const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('assessment', () => {
  test('a requested amount above the yearly maximum is flagged and the draft grants the capped amount', async () => {
    const a = await assessOne({ 'Sökt belopp': '700 000 kr', Tjänsteomfattning: '0,4' });
    expect(a.status).toBe('flag');
    expect(a.findings.map((f) => f.ruleId)).toEqual(['belopp-max', 'kostnad-per-tjanst']);
    expect(a.grantAmount).toBe(600000);
    // A capped amount: no "enligt ansökan", and the requested amount named (default-rules.md, Texts).
    expect(spaces(a.decision.split('\n')[0])).toBe(
      'att bevilja finansiellt stöd för insatsen Lokussamordnare Uppsala för perioden 1 januari år 2025 fram till 31 december 2026, med maximalt 600 000 kronor (sökt belopp 700 000 kronor).',
    );
    expect(spaces(a.notes)).toContain(
      'Sökt belopp 700 000 kr för 24 månader motsvarar 350 000 kr per år, mer än maxbeloppet 300 000 kr per år. Förslaget till beslut begränsas därför till 600 000 kr för perioden.',
    );
    expect(a.findings[0]).toMatchObject({ severity: 'flag', figures: { amountPerYear: 350000, maxAmountPerYear: 300000 } });
  });

  test('a rejection gives the avslag clauses with every reason in plain Swedish', async () => {
    const a = await assessOne({ Insatsägare: 'Stiftelsen Vägen', Slutdatum: '2027-06-30' });
    expect(a.status).toBe('reject');
    expect(a.grantAmount).toBeNull();
    expect(a.findings.filter((f) => f.severity === 'reject').map((f) => f.ruleId)).toEqual(['period-langd', 'insatsagare-medlem']);
    // One clause, the reasons as one sentence (default-rules.md, Texts).
    expect(a.decision.split('\n')).toEqual([
      'att avslå ansökan om finansiellt stöd till insatsen Lokussamordnare Uppsala, eftersom perioden på 30 månader är längre än de 24 månader som förbundet beviljar och insatsägaren Stiftelsen Vägen inte är medlem i förbundet.',
    ]);
  });

  test('end before start is an input error naming both cells, with no decision', async () => {
    const a = await assessOne({ Startdatum: '2025-06-01', Slutdatum: '2025-01-31' });
    expect(a.status).toBe('error');
    expect(a.decision).toBe('');
    expect(a.findings).toHaveLength(1);
    expect(a.findings[0].ruleId).toBe('period-ordning');
    expect(a.notes).toMatch(/^Slutdatum 2025-01-31 i [A-Z]+7 ligger före startdatum 2025-06-01 i [A-Z]+7\.$/);
  });

  test('an unreadable cell makes the row an input error naming column, cell and text; other rows go on', async () => {
    const registry = await shippedRules();
    const rows = [caseRowToRawRow(BASE, { 'Sökt belopp': '15O 000' }, 7), caseRowToRawRow(BASE, {}, 8)];
    const { assessments } = await assessRows(rows, registry, { assessmentDate: '2026-11-23' });
    expect(assessments.map((a) => a.status)).toEqual(['error', 'ok']);
    expect(assessments[0].findings[0]).toMatchObject({ ruleId: 'indata', severity: 'error' });
    expect(assessments[0].notes).toMatch(/^Kan inte tolka Sökt belopp i [A-Z]+7: "15O 000"$/);
    expect(assessments[0].name).toBe('Lokussamordnare Uppsala');
  });

  test('no rule set in force is an error that says so', async () => {
    const a = await assessOne({ Beslutsdatum: null, Startdatum: '2016-03-01', Slutdatum: '2016-12-31' });
    expect(a.status).toBe('error');
    expect(a.ruleset).toBeNull();
    expect(a.notes).toMatch(/^Ingen regeluppsättning gäller 2016-03-01 \(Startdatum i [A-Z]+7\)\. Regeluppsättningarna är finsam-2018 \(2018-01-01 – 2023-12-31\), finsam-2025 \(2024-01-01 – tills vidare\)\.$/);
  });

  test('the rule set is chosen by Beslutsdatum before Startdatum', async () => {
    const byDecision = await assessOne({ Beslutsdatum: '2023-12-14', Startdatum: '2024-02-01', Slutdatum: '2024-12-31', 'Sökt belopp': '200 000 kr' });
    expect(byDecision.ruleset).toEqual({ id: 'finsam-2018', version: 1 });
    const byStart = await assessOne({ Beslutsdatum: null, Startdatum: '2024-02-01', Slutdatum: '2024-12-31', 'Sökt belopp': '200 000 kr' });
    expect(byStart.ruleset).toEqual({ id: 'finsam-2025', version: 3 });
  });

  test('outcomes and findings follow the rule file order, whatever order the engine finished in', async () => {
    const registry = await shippedRules();
    const a = await assessOne({ 'Sökt belopp': '900 000 kr', Tjänsteomfattning: '0,5', Förankrad: 'nej', Samverkansparter: 'Heby kommun' });
    const order = registry.rulesets[1].rules.map((r) => r.id);
    expect(a.outcomes.map((o) => o.ruleId)).toEqual(order.filter((id) => a.outcomes.some((o) => o.ruleId === id)));
    expect(a.findings.map((f) => f.ruleId)).toEqual(['belopp-max', 'tjanst-andel', 'kostnad-per-tjanst', 'samverkan', 'forankring']);
  });

  test('without partners the placing sentence ends at the owner', async () => {
    const a = await assessOne({ Samverkansparter: null });
    expect(a.notes.startsWith('Ansökan rör en strukturövergripande insats där Uppsala kommun är insatsägare. ')).toBe(true);
    expect(a.status).toBe('flag');
    expect(a.findings.map((f) => f.ruleId)).toEqual(['samverkan']);
  });

  test('text from the sheet is carried over literally, never interpreted', async () => {
    const a = await assessOne({ Insats: '=HYPERLINK("http://x";"klicka")' });
    expect(a.decision.split('\n')[0]).toBe('att bevilja finansiellt stöd enligt ansökan för insatsen =HYPERLINK("http://x";"klicka") för perioden 1 januari år 2025 fram till 31 december 2026, med maximalt 560 000 kronor.'.replace(/560 000 kronor/, '560\u00a0000\u00a0kronor'));
  });

  test('two thousand rows through the one reused engine per rule set come out consistently', async () => {
    const registry = await shippedRules();
    const rows = Array.from({ length: 2000 }, (_, i) => caseRowToRawRow(BASE, { Insats: `Insats ${i}`, 'Sökt belopp': i % 2 ? '700 000 kr' : '560 000 kr' }, i + 2));
    const { assessments } = await assessRows(rows, registry, { assessmentDate: '2026-11-23' });
    expect(assessments.filter((a) => a.status === 'ok')).toHaveLength(1000);
    expect(assessments.filter((a) => a.status === 'flag')).toHaveLength(1000);
    expect(new Set(assessments.filter((a) => a.status === 'flag').map((a) => a.findings.map((f) => f.ruleId).join()))).toEqual(new Set(['belopp-max,kostnad-per-tjanst']));
  });
});

describe('write plan', () => {
  test('a text longer than an Excel cell holds is cut to 32 767 characters, ending in …', async () => {
    const { buildWritePlan } = await import('../../src/core/job');
    const { MAX_CELL_TEXT } = await import('../../src/core/cell-text');
    const { locateTable } = await import('../../src/core/table');
    const layout = locateTable({ name: 'Ansökningar', top: 1, left: 1, values: [['Insats', 'Insatsägare', 'Sökt belopp'], ['A', 'B', 1]] });
    const a = await assessOne({});
    const long = { ...a, row: 2, notes: 'x'.repeat(40000) };
    const plan = buildWritePlan(layout, [long], new Date(2026, 10, 23, 14, 3));
    const notes = plan.blocks.find((b) => b.col === 5)!;
    expect(notes.values.at(0)).toHaveLength(MAX_CELL_TEXT);
    expect(notes.values.at(0)!.endsWith('…')).toBe(true);
    const stamp = plan.blocks.find((b) => b.col === 9)!; // after Kontroller (7) and Regelträffar (8)
    expect(stamp.values.at(0)).toBe('2026-11-23 14:03 · finsam-2025 v3');
  });
});

describe('text a workbook file cannot hold', () => {
  test('control characters, U+FFFE and lone surrogates from the sheet are left out of the output cells', async () => {
    const { buildWritePlan } = await import('../../src/core/job');
    const { locateTable } = await import('../../src/core/table');
    const layout = locateTable({ name: 'Ansökningar', top: 1, left: 1, values: [['Insats', 'Insatsägare', 'Sökt belopp'], ['A', 'B', 1]] });
    const a = await assessOne({ Insats: 'Lokus\u0001 Uppsala\uFFFE \uD800x 😀' });
    const plan = buildWritePlan(layout, [{ ...a, row: 2 }], new Date(2026, 10, 23));
    const decision = plan.blocks.find((b) => b.col === 6)!.values.at(0)!;
    expect(decision).toContain('insatsen Lokus Uppsala x 😀 för perioden');
    expect(decision).not.toMatch(/[\u0001\uFFFE\uD800](?![\uDC00-\uDFFF])/u);
  });
});
