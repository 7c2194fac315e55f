import { cellAddress } from '../a1';
import { computeRowFacts } from '../facts';
import { FOLLOW_UP_FACTS } from '../followup/facts';
import { matchHeader } from '../fields';
import { computeRunFacts, PORTFOLIO_FACTS } from '../portfolio';
import { parseApplication } from '../readers';
import type { RuleProblem } from '../rule-problems';
import type { CellValue, RawRow } from '../types';
import { engineRule, newEngine } from './engine';
import type { CaseRow, RawRuleset, Ruleset } from './types';

/** A case row (header → cell value) as the readers see a sheet row. */
export function caseRowToRawRow(base: CaseRow, overrides: CaseRow, row = 2): RawRow {
  const merged: CaseRow = { ...base };
  for (const [header, value] of Object.entries(overrides)) {
    const field = matchHeader(header);
    for (const key of Object.keys(merged)) if (matchHeader(key)?.field === field?.field) delete merged[key];
    merged[header] = value;
  }
  const raw: RawRow = { row, cells: {} };
  let col = 1;
  for (const [header, value] of Object.entries(merged)) {
    const m = matchHeader(header);
    const address = cellAddress(row, col);
    // Kommentar is a person column the readers take from the row itself, not an input cell.
    if (m?.kind === 'output' && m.field === 'comment') raw.comment = { value: value as CellValue, address };
    else if (m?.kind === 'input') raw.cells[m.field] = { value: value as CellValue, address };
    else continue;
    col++;
  }
  return raw;
}

/** Runs every rule alone on the rule set's base case, so a rule that cannot run fails at load, by name. */
export async function selfTest(ruleset: Ruleset, raw: RawRuleset): Promise<RuleProblem[]> {
  const parsed = parseApplication(caseRowToRawRow(raw.cases.base, {}), { date1904: false });
  if (!parsed.ok) {
    return [{ file: ruleset.path, rule: null, path: '/cases/base', message: `exempelraden går inte att läsa: ${parsed.errors.map((e) => e.message).join('; ')}` }];
  }
  const app = parsed.application;
  const facts = {
    ...computeRowFacts(app, ruleset.parameters, app.start),
    ...computeRunFacts([app], app.start).get(app.row),
    ...emptyPortfolioFacts(),
    ...Object.fromEntries(Object.keys(FOLLOW_UP_FACTS).map((k) => [k, null])),
  };
  const problems: RuleProblem[] = [];
  for (const [i, r] of raw.rules.entries()) {
    const engine = newEngine(ruleset.parameters);
    engine.addRule(engineRule(r));
    try {
      await engine.run(facts);
    } catch (err) {
      problems.push({ file: ruleset.path, rule: r.id, path: `/rules/${i}`, message: `regeln går inte att köra: ${(err as Error).message}` });
    }
  }
  return problems;
}

function emptyPortfolioFacts(): Record<string, null> {
  return Object.fromEntries(Object.keys(PORTFOLIO_FACTS).map((k) => [k, null]));
}
