import { Fact, type RuleResult } from 'json-rules-engine';
import { computeRowFacts, type Facts } from './facts';
import { fieldLabel } from './fields';
import {
  budgetByYear,
  computePortfolioFacts,
  computeRunFacts,
  PORTFOLIO_FACTS,
  type BudgetContribution,
  type BudgetFrame,
  type BudgetYear,
} from './portfolio';
import { parseApplication } from './readers';
import { rulesetInForce, type RuleDefinition, type Ruleset, type RulesetRegistry } from './rulesets';
import { renderTemplate, type TemplateValues } from './templates';
import type { Application, Assessment, FigureValue, Finding, IsoDate, RawRow, RuleOutcome, Status } from './types';

export interface AssessRowsOptions {
  /** The workbook uses the 1904 date system. */
  date1904?: boolean;
  /** The assessment date (`YYYY-MM-DD`): follow-up rules measure elapsed time to it. */
  assessmentDate: IsoDate;
  /** Budget frames per year, from the workbook's `Budget` sheet. */
  budgetFrames?: readonly BudgetFrame[];
  /** Called now and then while rows are assessed. */
  onProgress?: (done: number, total: number) => void;
}

export interface AssessRowsResult {
  /** One assessment per input row, in input order. */
  assessments: Assessment[];
  /** Frame, proposed, granted earlier and remaining per year. */
  budget: BudgetYear[];
}

/** A row decision by the chief that grants: `Bevilja`, `Beviljas`, `Bifall`, `Ja` … */
const CHIEF_GRANTS = /^\s*(bevilja\w*|bifall\w*|ja)\b/iu;

const PROGRESS_EVERY = 500;

interface Working {
  raw: RawRow;
  app: Application;
  ruleset: Ruleset;
  facts: Facts;
  outcomes: Map<string, RuleOutcome>;
}

function errorAssessment(raw: RawRow, app: Application | null, findings: Finding[], ruleset: Ruleset | null): Assessment {
  const name = raw.cells.name?.value;
  const id = raw.cells.id?.value;
  return {
    row: raw.row,
    id: app?.id ?? (typeof id === 'string' || typeof id === 'number' ? String(id).trim() || null : null),
    name: app?.name ?? (typeof name === 'string' ? name.trim() || null : null),
    status: 'error',
    ruleset: ruleset ? { id: ruleset.id, version: ruleset.version } : null,
    application: app,
    findings,
    outcomes: [],
    grantAmount: null,
    notes: findings.map((f) => f.message).join(' '),
    decision: '',
  };
}

/** The figures a rule used: its facts, and its parameters where they are plain values. */
function pick(facts: Facts, parameters: Ruleset['parameters'], names: readonly string[]): Record<string, FigureValue> {
  const out: Record<string, FigureValue> = {};
  for (const n of names) {
    if (n in facts) out[n] = facts[n];
    else if (n in parameters && isFigure(parameters[n])) out[n] = parameters[n] as FigureValue;
  }
  return out;
}

function isFigure(v: unknown): boolean {
  return typeof v !== 'object' || v === null || (Array.isArray(v) && v.every((x) => typeof x !== 'object'));
}

/**
 * Row facts as json-rules-engine Fact objects without a cache key: a plain value
 * passed to run() becomes a cached Fact whose key is a hash of its parameters,
 * computed for every fact of every row, for values that never change within a run.
 */
export function engineFacts(facts: Facts, names: readonly string[]): Record<string, Fact> {
  const out: Record<string, Fact> = {};
  for (const id of names) out[id] = new Fact(id, facts[id] ?? null, { cache: false });
  return out;
}

const rulesById = new WeakMap<Ruleset, Map<string, RuleDefinition>>();
function ruleById(ruleset: Ruleset, id: string): RuleDefinition {
  let map = rulesById.get(ruleset);
  if (!map) {
    map = new Map(ruleset.rules.map((r) => [r.id, r] as const));
    rulesById.set(ruleset, map);
  }
  return map.get(id)!;
}

/** The outcome of every rule in one engine run; "not applicable" when the applicability branch held. */
function readResults(ruleset: Ruleset, results: RuleResult[], failures: RuleResult[], facts: Facts, into: Map<string, RuleOutcome>): void {
  for (const [passed, list] of [[true, results], [false, failures]] as const) {
    for (const result of list) {
      const rule = ruleById(ruleset, result.name);
      const firstBranch = 'any' in result.conditions ? (result.conditions.any[0] as { result?: boolean }).result : undefined;
      const outcome: RuleOutcome['outcome'] = !passed ? 'fail' : rule.hasApplicability && firstBranch === true ? 'not-applicable' : 'pass';
      into.set(rule.id, { ruleId: rule.id, outcome, severity: rule.severity, sentence: '', figures: pick(facts, ruleset.parameters, rule.figureNames) });
    }
  }
}

function kindText(app: Application): string {
  return app.kind ? `${app.kind} insats` : 'insats';
}

// The parameters a template may name, per rule set: the prototype of every row's text values.
const parameterValues = new WeakMap<Ruleset, TemplateValues>();
function parametersForTexts(ruleset: Ruleset): TemplateValues {
  let values = parameterValues.get(ruleset);
  if (!values) {
    values = {};
    for (const [k, v] of Object.entries(ruleset.parameters)) if (isFigure(v)) values[k] = v as FigureValue;
    parameterValues.set(ruleset, values);
  }
  return values;
}

function textValues(w: Working, grantAmount: number | null): TemplateValues {
  const values: TemplateValues = Object.assign(Object.create(parametersForTexts(w.ruleset)) as TemplateValues, w.facts);
  values.kindText = kindText(w.app);
  values.grantAmount = grantAmount;
  values.reasons = [];
  values.row = w.raw.row;
  values.startCell = w.raw.cells.start?.address ?? null;
  values.endCell = w.raw.cells.end?.address ?? null;
  return values;
}

function sentenceFor(rule: RuleDefinition, outcome: RuleOutcome['outcome'], values: TemplateValues): string {
  const template = outcome === 'pass' ? rule.texts.pass : outcome === 'fail' ? rule.texts.fail : rule.texts.notApplicable;
  return template ? renderTemplate(template, values).trim() : '';
}

type RuleAndOutcome = { rule: RuleDefinition; outcome: RuleOutcome };

/** Status and granted amount from the rules that failed; no texts, so the budget pass stays cheap. */
function verdict(w: Working): { ordered: RuleAndOutcome[]; failed: RuleAndOutcome[]; status: Status; grantAmount: number | null } {
  const ordered = w.ruleset.rules.map((r) => ({ rule: r, outcome: w.outcomes.get(r.id) })).filter((o): o is RuleAndOutcome => !!o.outcome);
  const failed = ordered.filter((o) => o.outcome.outcome === 'fail');
  const status: Status = failed.some((o) => o.rule.severity === 'error')
    ? 'error'
    : failed.some((o) => o.rule.severity === 'reject')
      ? 'reject'
      : failed.length
        ? 'flag'
        : 'ok';
  let grantAmount: number | null = null;
  if (status === 'ok' || status === 'flag') {
    grantAmount = w.app.amount;
    for (const o of failed) {
      const capped = o.rule.grantAmountFact ? w.facts[o.rule.grantAmountFact] : null;
      if (typeof capped === 'number') grantAmount = Math.min(grantAmount, capped);
    }
  }
  return { ordered, failed, status, grantAmount };
}

/** Status, texts and findings of a row whose rules have all run. */
function finish(w: Working): Assessment {
  const { ordered, failed, status, grantAmount } = verdict(w);
  const values = textValues(w, grantAmount);
  // Reasons render from the same values and then fill {reasons} in the reject clauses.
  if (status === 'reject') {
    values.reasons = failed.filter((o) => o.rule.severity === 'reject' && o.rule.texts.reason).map((o) => renderTemplate(o.rule.texts.reason!, values).trim());
  }

  const outcomes: RuleOutcome[] = ordered.map((o) => ({ ...o.outcome, sentence: sentenceFor(o.rule, o.outcome.outcome, values) }));
  const relevant = status === 'error' ? outcomes.filter((o) => o.outcome === 'fail' && o.severity === 'error') : outcomes.filter((o) => o.outcome === 'fail');
  const findings: Finding[] = relevant.map((o) => ({ ruleId: o.ruleId, severity: o.severity, message: o.sentence, figures: o.figures }));

  const base = {
    row: w.raw.row,
    id: w.app.id,
    name: w.app.name,
    status,
    ruleset: { id: w.ruleset.id, version: w.ruleset.version },
    application: w.app,
    findings,
    grantAmount,
  };
  if (status === 'error') return { ...base, outcomes, notes: findings.map((f) => f.message).join(' '), decision: '' };

  const intro = renderTemplate(w.app.partners.length ? w.ruleset.texts.intro : w.ruleset.texts.introWithoutPartners, values).trim();
  const notes = [intro, ...outcomes.map((o) => o.sentence)].filter((s) => s !== '').join(' ');
  const clauses = status === 'reject' ? w.ruleset.texts.reject : w.ruleset.texts.grant;
  const decision = clauses.map((c) => renderTemplate(c, values).trim()).join('\n');
  return { ...base, outcomes, notes, decision };
}

/**
 * Assesses application rows: reads every cell, chooses the rule set in force
 * (Beslutsdatum, else Startdatum), runs the row rules through json-rules-engine,
 * then the portfolio rules with facts over all rows (budget per year), and
 * renders the Bedömning and Förslag till beslut from the rule set's templates.
 * Pure: no I/O. Rows that cannot be read get status `error`; the others go on.
 */
export async function assessRows(rows: readonly RawRow[], registry: RulesetRegistry, options: AssessRowsOptions): Promise<AssessRowsResult> {
  const results: (Assessment | Working)[] = [];
  for (const raw of rows) {
    const parsed = parseApplication(raw, { date1904: options.date1904 ?? false });
    if (!parsed.ok) {
      results.push(
        errorAssessment(
          raw,
          null,
          parsed.errors.map((e) => ({ ruleId: 'indata', severity: 'error', message: e.message, figures: {}, address: e.address })),
          null,
        ),
      );
      continue;
    }
    const app = parsed.application;
    const date = app.decisionDate ?? app.start;
    const ruleset = rulesetInForce(registry, date);
    if (!ruleset) {
      const field = app.decisionDate ? 'decisionDate' : 'start';
      const address = raw.cells[field]?.address ?? null;
      const known = registry.rulesets.map((r) => `${r.id} (${r.validFrom} – ${r.validTo ?? 'tills vidare'})`).join(', ');
      const message = `Ingen regeluppsättning gäller ${date} (${fieldLabel(field)}${address ? ` i ${address}` : ''}). Regeluppsättningarna är ${known || 'inga'}.`;
      results.push(errorAssessment(raw, app, [{ ruleId: 'regeluppsattning', severity: 'error', message, figures: { date }, address }], null));
      continue;
    }
    results.push({ raw, app, ruleset, facts: {}, outcomes: new Map() });
  }

  const working = results.filter((r): r is Working => 'facts' in r);
  const runFacts = computeRunFacts(
    working.map((w) => w.app),
    options.assessmentDate,
  );
  // Progress counts every row; rows that could not be read are already done.
  let done = rows.length - working.length;
  for (const w of working) {
    w.facts = { ...computeRowFacts(w.app, w.ruleset.parameters, options.assessmentDate), ...runFacts.get(w.app.row) };
    const run = await w.ruleset.rowEngine.run(engineFacts(w.facts, w.ruleset.engineFactNames.row));
    readResults(w.ruleset, run.results, run.failureResults, w.facts, w.outcomes);
    if (options.onProgress && ++done % PROGRESS_EVERY === 0) options.onProgress(done, rows.length);
  }

  // Second pass: what the first-pass proposals do to each year's budget.
  const contributions: BudgetContribution[] = working.map((w) => {
    const first = verdict(w);
    const chiefGrants = w.app.chiefDecision !== null && CHIEF_GRANTS.test(w.app.chiefDecision);
    const proposed = first.status === 'ok' || (chiefGrants && first.status !== 'error') ? (first.grantAmount ?? w.app.amount) : null;
    return { row: w.app.row, app: w.app, proposed };
  });
  const budget = budgetByYear(options.budgetFrames ?? [], contributions);
  if (working.some((w) => w.ruleset.portfolioEngine)) {
    const portfolioFacts = computePortfolioFacts(budget, contributions);
    for (const w of working) {
      if (!w.ruleset.portfolioEngine) continue;
      const facts = { ...w.facts, ...portfolioFacts.get(w.app.row) };
      const run = await w.ruleset.portfolioEngine.run(engineFacts(facts, w.ruleset.engineFactNames.portfolio));
      readResults(w.ruleset, run.results, run.failureResults, facts, w.outcomes);
      Object.assign(w.facts, portfolioFacts.get(w.app.row));
    }
  } else {
    const empty = Object.fromEntries(Object.keys(PORTFOLIO_FACTS).map((k) => [k, null]));
    for (const w of working) Object.assign(w.facts, empty);
  }
  options.onProgress?.(rows.length, rows.length);

  return { assessments: results.map((r) => ('facts' in r ? finish(r) : r)), budget };
}
