import { plainChecks } from '../../bench/plain-checks';
import { computeRowFacts } from '../../src/core/facts';
import { computeRunFacts } from '../../src/core/portfolio';
import type { Application } from '../../src/core/types';
import { shippedRules } from '../helpers/rules';

// The bench measures json-rules-engine against plainChecks and counts the rows where they disagree;
// a row rule added to the rule files without its plain twin made every row disagree, unnoticed.
test("the bench's plain checks are the shipped rule sets' row rules, each of them", async () => {
  const registry = await shippedRules();
  const app: Application = {
    row: 4, id: '2025-001', name: 'Steg framåt', owner: 'Uppsala kommun', partners: ['Arbetsförmedlingen'],
    kind: 'individinriktad', targetGroup: null, start: '2025-01-01', end: '2025-12-31', amount: 300000, fte: 0.4, caseType: 'ny',
    decisionDate: null, anchored: true, granted: null, spent: null, chiefDecision: null,
  };
  for (const ruleset of registry.rulesets) {
    const facts = { ...computeRowFacts(app, ruleset.parameters, '2025-03-01'), ...computeRunFacts([app], '2025-03-01').get(app.row) };
    const rowRules = ruleset.rules.filter((r) => (r.scope ?? 'row') === 'row').map((r) => r.id);
    expect(Object.keys(plainChecks(facts, ruleset.parameters)).sort()).toEqual(rowRules.sort());
  }
});
