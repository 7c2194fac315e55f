import { assessRows } from '../../src/core/assess';
import { readCostSheet } from '../../src/core/followup/lines';
import { caseRowToRawRow } from '../../src/core/rulesets';
import type { CaseRow } from '../../src/core/ruleset/types';
import { shippedRules } from '../helpers/rules';

/**
 * The examples each rule file carries (cases.examples): whoever edits a rule set
 * sees at once which example changed outcome. Each runs the whole assessment.
 */
describe('rule set examples', () => {
  test('every rule has a pass, a fail and a boundary example', async () => {
    for (const rs of (await shippedRules()).rulesets) {
      for (const rule of rs.rules) {
        const kinds = new Set(rs.cases.examples.filter((e) => e.rule === rule.id).map((e) => e.kind));
        expect({ ruleset: rs.id, rule: rule.id, kinds: [...kinds].sort() }).toEqual({ ruleset: rs.id, rule: rule.id, kinds: ['boundary', 'fail', 'pass'] });
      }
    }
  });

  test('the base example of each rule set is OK', async () => {
    const registry = await shippedRules();
    for (const rs of registry.rulesets) {
      const base = caseRowToRawRow(rs.cases.base, {});
      const { assessments } = await assessRows([base], registry, { assessmentDate: '2026-11-23' });
      expect({ ruleset: rs.id, status: assessments[0].status, findings: assessments[0].findings }).toEqual({ ruleset: rs.id, status: 'ok', findings: [] });
      expect(assessments[0].ruleset?.id).toBe(rs.id);
    }
  });

  test('each example comes out as the file says', async () => {
    const registry = await shippedRules();
    const failures: string[] = [];
    let count = 0;
    for (const rs of registry.rulesets) {
      for (const ex of rs.cases.examples) {
        const rows = [caseRowToRawRow(rs.cases.base, ex.row, 2), ...(ex.others ?? []).map((o, i) => caseRowToRawRow(rs.cases.base, o, 3 + i))];
        const base = rows[0];
        const start = String(rs.cases.base.Startdatum);
        const { assessments } = await assessRows(rows, registry, {
          assessmentDate: ex.date ?? start,
          budgetFrames: (ex.budget ?? []).map((b) => ({ ...b, note: null })),
          loggedInputs: ex.logged ? new Map([[base.row, ex.logged]]) : undefined,
          costSheet: ex.costLines ? costSheetOf(ex.costLines) : null,
        });
        const a = assessments.find((x) => x.row === base.row)!;
        const outcome = a.outcomes.find((o) => o.ruleId === ex.rule);
        count++;
        if (a.ruleset?.id !== rs.id) failures.push(`${rs.id} ${ex.rule} (${ex.kind}): bedömd med ${a.ruleset?.id ?? 'ingen regeluppsättning'}: ${a.notes}`);
        else if (outcome?.outcome !== ex.expect) failures.push(`${rs.id} ${ex.rule} (${ex.kind}${ex.note ? `: ${ex.note}` : ''}): väntade ${ex.expect}, fick ${outcome?.outcome ?? 'inget utfall'} — ${outcome?.sentence ?? a.notes}`);
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(80);
  });
});

/** An example's Utfall sheet as the reader sees it: a header row of every header the lines use, then the lines. */
function costSheetOf(lines: readonly CaseRow[]) {
  const headers = [...new Set(lines.flatMap((l) => Object.keys(l)))];
  const values = [headers, ...lines.map((l) => headers.map((h) => l[h] ?? null))];
  return readCostSheet({ name: 'Utfall', top: 1, left: 1, values }, { date1904: false });
}
