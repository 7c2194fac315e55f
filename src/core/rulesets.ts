import { Engine, type TopLevelCondition } from 'json-rules-engine';
// The schema checks are compiled ahead of time (scripts/build-validator.ts, ajv standalone),
// so neither the pane nor the CLI carries ajv's compiler.
import { validateParameters, validateRuleset as validateSchema } from './generated/ruleset-validator';
import { computeRowFacts, ROW_FACTS, TEXT_VARIABLES, type Parameters } from './facts';
import { matchHeader } from './fields';
import { CUSTOM_OPERATORS } from './operators';
import { describeAjvError, formatProblem, parseJson, RuleFileError, schemaProblems, type RuleProblem } from './rule-problems';
import { computeRunFacts, PORTFOLIO_FACTS, RUN_FACTS } from './portfolio';
import { parseApplication } from './readers';
import { compileTemplate, compileText, placeholderNames, TemplateError, type CompiledTemplate, type CompiledText, type TextSource } from './templates';
import type { CellValue, RawRow, Severity } from './types';

/** A rule set file as handed to the loader: its path (for messages) and its text or parsed data. */
export interface RuleFile {
  path: string;
  text?: string;
  data?: unknown;
}

export interface RulesetInfo {
  id: string;
  version: number;
  title: string;
  validFrom: string;
  validTo: string | null;
}

export interface RuleTexts {
  pass: CompiledText;
  fail: CompiledText;
  notApplicable: CompiledText | null;
  reason: CompiledText | null;
}

/** The figures a rule shows in Kontroller, per outcome. */
export interface RuleChecks {
  pass: CompiledText;
  fail: CompiledText;
  notApplicable: CompiledText | null;
}

/**
 * When a rule's sentence is in the Bedömning: `always` (målgrupp, förankring: the board's paragraph
 * names them whatever the outcome), `followUp` (in the follow-up paragraph of a granted row,
 * pass or fail), else only when it fails.
 */
export type Narration = 'always' | 'followUp' | 'fail';

/** One rule of a rule set, validated and with its texts compiled. */
export interface RuleDefinition {
  id: string;
  title: string;
  /** The short Swedish name in Kontroller (`Belopp per år`). */
  short: string;
  severity: Severity;
  narrate: Narration;
  check: RuleChecks;
  /** `row` rules run per application; `portfolio` rules after all rows, with facts over the whole run. */
  scope: 'row' | 'portfolio';
  hasApplicability: boolean;
  /** A fact whose value replaces the granted amount when this rule fails (belopp-max: the capped amount). */
  grantAmountFact: string | null;
  texts: RuleTexts;
  /** Facts and parameters the rule's conditions name: the figures of its findings. */
  figureNames: string[];
}

export type CaseRow = Record<string, string | number | boolean | null>;
export interface RuleCase {
  rule: string;
  kind: 'pass' | 'fail' | 'boundary';
  note?: string;
  row: CaseRow;
  /** Assessment date of the example; the base row's start date when absent. */
  date?: string;
  /** Other rows assessed in the same run (duplicates, budget). */
  others?: CaseRow[];
  /** Budget frames of the example's run. */
  budget?: { year: number; frame: number }[];
  /** Key inputs logged with the chief's decision (indata-andrad). */
  logged?: { amount: number | null; start: string | null; end: string | null; fte: number | null; owner: string | null };
  expect: 'pass' | 'fail' | 'not-applicable';
}

export interface Ruleset extends RulesetInfo {
  path: string;
  parameters: Parameters;
  rules: RuleDefinition[];
  texts: {
    paragraph: { placing: CompiledText; extension: CompiledText | null; closingOk: CompiledText | null; followUp: CompiledText[] };
    grant: CompiledTemplate[];
    grantChanged: CompiledTemplate[];
    reject: CompiledTemplate[];
    signature: string;
  };
  cases: { base: CaseRow; examples: RuleCase[] };
  /** One engine per scope, built once and reused for every row. */
  rowEngine: Engine;
  portfolioEngine: Engine | null;
  /** The facts each engine's conditions name: only these are handed to a run. */
  engineFactNames: { row: string[]; portfolio: string[] };
  /** The validated file content, kept to rebuild the rule set with a workbook's parameter overrides. */
  source: RawRuleset;
}

/** Loaded, validated rule sets, ordered by validity. */
export interface RulesetRegistry {
  rulesets: Ruleset[];
}

/** Every fact name a condition tree mentions, with its JSON path. */
function factReferences(cond: unknown, path: string, out: { name: string; path: string }[] = []): { name: string; path: string }[] {
  if (!cond || typeof cond !== 'object') return out;
  const c = cond as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(c[key])) (c[key] as unknown[]).forEach((sub, i) => factReferences(sub, `${path}/${key}/${i}`, out));
  }
  if (c.not) factReferences(c.not, `${path}/not`, out);
  if (typeof c.fact === 'string') out.push({ name: c.fact, path: `${path}/fact` });
  if (c.value && typeof c.value === 'object' && !Array.isArray(c.value) && typeof (c.value as { fact?: unknown }).fact === 'string') {
    out.push({ name: (c.value as { fact: string }).fact, path: `${path}/value/fact` });
  }
  return out;
}

type RawCheck = TextSource | { pass: TextSource; fail: TextSource; notApplicable?: TextSource };
interface RawRule {
  id: string;
  title: string;
  short: string;
  scope?: 'row' | 'portfolio';
  narrate?: 'always' | 'followUp';
  appliesWhen?: TopLevelCondition;
  conditions: TopLevelCondition;
  event: { type: string; params: { severity: Severity; grantAmountFact?: string } };
  texts: { pass: TextSource; fail: TextSource; notApplicable?: TextSource; reason?: TextSource };
  check: RawCheck;
}
export interface RawRuleset {
  id: string;
  version: number;
  title: string;
  validFrom: string;
  validTo: string | null;
  parameters: Parameters;
  texts: {
    paragraph: { placing: TextSource; extension?: TextSource; closingOk?: TextSource; followUp: TextSource[] };
    decision: { grant: string[]; grantChanged: string[]; reject: string[] };
    signature: string;
  };
  rules: RawRule[];
  cases: { base: CaseRow; examples: RuleCase[] };
}

function renderable(value: unknown): boolean {
  return ['number', 'string', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v !== 'object'));
}

/** What a decision clause may name: the application's values, the amounts and the reasons (see renderDecision). */
export const DECISION_NAMES: ReadonlySet<string> = new Set(['id', 'name', 'owner', 'partners', 'start', 'end', 'amount', 'fte', 'caseType', 'decisionDate', 'grantAmount', 'reasons']);

/** Schema-valid data → a Ruleset, or the semantic problems (names, references, templates). */
function buildRuleset(path: string, raw: RawRuleset): { ruleset: Ruleset } | { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const problem = (rule: string | null, at: string | null, message: string) => problems.push({ file: path, rule, path: at, message });

  if (raw.validTo !== null && raw.validTo < raw.validFrom) problem(null, '/validTo', `giltig till ${raw.validTo} ligger före giltig från ${raw.validFrom}`);
  const paramNames = Object.keys(raw.parameters);
  for (const name of paramNames) {
    if (name in ROW_FACTS || name in RUN_FACTS || name in PORTFOLIO_FACTS || name in TEXT_VARIABLES) problem(null, `/parameters/${name}`, `parametern "${name}" har samma namn som ett faktum; välj ett annat namn`);
  }
  const rowNames = new Set([...Object.keys(ROW_FACTS), ...Object.keys(RUN_FACTS), ...paramNames]);
  const portfolioNames = new Set([...rowNames, ...Object.keys(PORTFOLIO_FACTS)]);
  const textNames = new Set([
    ...Object.keys(ROW_FACTS),
    ...Object.keys(RUN_FACTS),
    ...Object.keys(PORTFOLIO_FACTS),
    ...Object.keys(TEXT_VARIABLES),
    ...paramNames.filter((n) => renderable(raw.parameters[n])),
  ]);

  const compile = (source: string, rule: string | null, at: string): CompiledTemplate | null => {
    try {
      const t = compileTemplate(source);
      for (const name of placeholderNames(t)) {
        if (!textNames.has(name)) problem(rule, at, `platshållaren {${name}} finns inte; kända namn är fakta, parametrar och ${Object.keys(TEXT_VARIABLES).join(', ')}`);
      }
      return t;
    } catch (err) {
      if (err instanceof TemplateError) problem(rule, at, err.message);
      else throw err;
      return null;
    }
  };

  const text = (source: TextSource, rule: string | null, at: string): CompiledText => {
    const compiled = compileText(source, (t, where) => compile(t, rule, where), at);
    if (compiled.fact !== null && !textNames.has(compiled.fact)) problem(rule, `${at}/fact`, `faktumet "${compiled.fact}" finns inte`);
    return compiled;
  };
  const isPerOutcome = (c: RawCheck): c is { pass: TextSource; fail: TextSource; notApplicable?: TextSource } =>
    typeof c === 'object' && 'pass' in c;

  const seenIds = new Set<string>();
  const rules: RuleDefinition[] = [];
  raw.rules.forEach((r, i) => {
    const at = `/rules/${i}`;
    if (seenIds.has(r.id)) problem(r.id, `${at}/id`, `regel-id "${r.id}" finns redan tidigare i filen`);
    seenIds.add(r.id);
    if (r.event.type !== r.id) problem(r.id, `${at}/event/type`, `händelsens typ "${r.event.type}" ska vara regelns id "${r.id}"`);
    const scope = r.scope ?? 'row';
    const known = scope === 'portfolio' ? portfolioNames : rowNames;
    const refs = [...factReferences(r.conditions, `${at}/conditions`), ...(r.appliesWhen ? factReferences(r.appliesWhen, `${at}/appliesWhen`) : [])];
    for (const ref of refs) {
      if (!known.has(ref.name)) {
        const kind = ref.path.endsWith('/value/fact') ? 'okänd parameter eller faktum' : 'okänt faktum';
        problem(r.id, ref.path, `${kind} "${ref.name}"; parametrarna i filen är ${paramNames.join(', ')}`);
      }
    }
    const grantAmountFact = r.event.params.grantAmountFact ?? null;
    if (grantAmountFact !== null && !rowNames.has(grantAmountFact)) problem(r.id, `${at}/event/params/grantAmountFact`, `okänt faktum "${grantAmountFact}"`);
    const texts: RuleTexts = {
      pass: text(r.texts.pass, r.id, `${at}/texts/pass`),
      fail: text(r.texts.fail, r.id, `${at}/texts/fail`),
      notApplicable: r.texts.notApplicable !== undefined ? text(r.texts.notApplicable, r.id, `${at}/texts/notApplicable`) : null,
      reason: r.texts.reason !== undefined ? text(r.texts.reason, r.id, `${at}/texts/reason`) : null,
    };
    const check: RuleChecks = isPerOutcome(r.check)
      ? {
          pass: text(r.check.pass, r.id, `${at}/check/pass`),
          fail: text(r.check.fail, r.id, `${at}/check/fail`),
          notApplicable: r.check.notApplicable !== undefined ? text(r.check.notApplicable, r.id, `${at}/check/notApplicable`) : null,
        }
      : (() => {
          const all = text(r.check, r.id, `${at}/check`);
          return { pass: all, fail: all, notApplicable: null };
        })();
    if (r.event.params.severity === 'reject' && !r.texts.reason) problem(r.id, `${at}/texts`, 'en regel som kan ge avslag behöver texten "reason" (skälet i beslutsförslaget)');
    rules.push({
      id: r.id,
      title: r.title,
      short: r.short,
      severity: r.event.params.severity,
      narrate: r.narrate ?? 'fail',
      check,
      scope,
      hasApplicability: r.appliesWhen !== undefined,
      grantAmountFact,
      texts,
      figureNames: [...new Set(refs.map((ref) => ref.name))],
    });
  });

  const caseRuleIds = new Set(raw.rules.map((r) => r.id));
  const checkCaseRow = (row: CaseRow, at: string, rule: string | null) => {
    for (const header of Object.keys(row)) {
      if (matchHeader(header)?.kind !== 'input') problem(rule, `${at}/${header}`, `"${header}" är ingen känd kolumnrubrik`);
    }
  };
  checkCaseRow(raw.cases.base, '/cases/base', null);
  raw.cases.examples.forEach((ex, i) => {
    if (!caseRuleIds.has(ex.rule)) problem(ex.rule, `/cases/examples/${i}/rule`, `exemplet gäller en regel som inte finns i filen`);
    checkCaseRow(ex.row, `/cases/examples/${i}/row`, ex.rule);
  });

  const paragraph = raw.texts.paragraph;
  // Decision clauses are rendered from the application alone (renderDecision), so they may name only its values.
  const decisionClause = (source: string, at: string): CompiledTemplate => {
    const t = compile(source, null, at)!;
    for (const name of t ? placeholderNames(t) : []) {
      if (!DECISION_NAMES.has(name) && !paramNames.includes(name)) problem(null, at, `platshållaren {${name}} kan inte användas i beslutstexten; där finns ${[...DECISION_NAMES].join(', ')} och parametrarna`);
    }
    return t;
  };
  const textsCompiled = {
    paragraph: {
      placing: text(paragraph.placing, null, '/texts/paragraph/placing'),
      extension: paragraph.extension !== undefined ? text(paragraph.extension, null, '/texts/paragraph/extension') : null,
      closingOk: paragraph.closingOk !== undefined ? text(paragraph.closingOk, null, '/texts/paragraph/closingOk') : null,
      followUp: paragraph.followUp.map((t, i) => text(t, null, `/texts/paragraph/followUp/${i}`)),
    },
    grant: raw.texts.decision.grant.map((t, i) => decisionClause(t, `/texts/decision/grant/${i}`)),
    grantChanged: raw.texts.decision.grantChanged.map((t, i) => decisionClause(t, `/texts/decision/grantChanged/${i}`)),
    reject: raw.texts.decision.reject.map((t, i) => decisionClause(t, `/texts/decision/reject/${i}`)),
    signature: raw.texts.signature,
  };
  if (problems.length) return { problems };

  const makeEngine = (scope: 'row' | 'portfolio'): Engine | null => {
    const scoped = raw.rules.filter((r) => (r.scope ?? 'row') === scope);
    if (scoped.length === 0) return null;
    const engine = newEngine(raw.parameters);
    for (const r of scoped) engine.addRule(engineRule(r));
    return engine;
  };
  return {
    ruleset: {
      path,
      id: raw.id,
      version: raw.version,
      title: raw.title,
      validFrom: raw.validFrom,
      validTo: raw.validTo,
      parameters: raw.parameters,
      rules,
      texts: textsCompiled,
      cases: raw.cases,
      rowEngine: makeEngine('row') ?? newEngine(raw.parameters),
      portfolioEngine: makeEngine('portfolio'),
      engineFactNames: {
        row: conditionFacts(raw.rules.filter((r) => (r.scope ?? 'row') === 'row'), paramNames),
        portfolio: conditionFacts(raw.rules.filter((r) => r.scope === 'portfolio'), paramNames),
      },
      source: raw,
    },
  };
}

/** The row facts (not parameters, which the engine holds) that the rules' conditions name. */
function conditionFacts(rules: RawRule[], paramNames: string[]): string[] {
  const names = new Set<string>();
  for (const r of rules) {
    for (const ref of [...factReferences(r.conditions, ''), ...(r.appliesWhen ? factReferences(r.appliesWhen, '') : [])]) names.add(ref.name);
  }
  for (const p of paramNames) names.delete(p);
  return [...names];
}

/** Conditions never have a `path` (the schema forbids it): facts are flat. */
function noPaths(): never {
  throw new Error('Villkor med "path" stöds inte; fakta är platta värden.');
}

/** An engine with the custom operators and the parameters as constant facts; rows bring the rest. */
function newEngine(parameters: Parameters): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, allowUndefinedConditions: false, pathResolver: noPaths });
  for (const [name, fn] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, fn);
  // Constant facts: no per-access cache key (json-rules-engine would hash the members list on every read).
  for (const [name, value] of Object.entries(parameters)) engine.addFact(name, value, { cache: false });
  return engine;
}

/**
 * A rule's conditions say what must hold. With `appliesWhen`, the engine rule is
 * "not applicable, or the check holds"; the first branch's result tells which.
 */
function engineRule(r: RawRule) {
  const conditions: TopLevelCondition = r.appliesWhen ? { any: [{ not: unwrap(r.appliesWhen) }, unwrap(r.conditions)] } : r.conditions;
  // The severity and the capping fact are read from the RuleDefinition: the engine's event stays bare (it is cloned per run too).
  return { name: r.id, conditions, event: { type: r.event.type } };
}

/**
 * A nested `all`/`any` of one condition is that condition: json-rules-engine deep-clones every rule's
 * condition tree on every run, so fewer nodes is less time and garbage per row. Same outcome.
 */
function unwrap<C>(cond: C): C {
  const c = cond as { all?: unknown[]; any?: unknown[]; name?: unknown };
  for (const key of ['all', 'any'] as const) {
    const list = c[key];
    if (Array.isArray(list) && list.length === 1 && Object.keys(c).length === 1) return unwrap(list[0] as C);
  }
  return cond;
}

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
    if (m?.kind !== 'input') continue;
    raw.cells[m.field] = { value: value as CellValue, address: `${String.fromCharCode(64 + col)}${row}` };
    col++;
  }
  return raw;
}

/** Runs every rule alone on the rule set's base case, so a rule that cannot run fails at load, by name. */
async function selfTest(ruleset: Ruleset, raw: RawRuleset): Promise<RuleProblem[]> {
  const parsed = parseApplication(caseRowToRawRow(raw.cases.base, {}), { date1904: false });
  if (!parsed.ok) {
    return [{ file: ruleset.path, rule: null, path: '/cases/base', message: `exempelraden går inte att läsa: ${parsed.errors.map((e) => e.message).join('; ')}` }];
  }
  const app = parsed.application;
  const facts = {
    ...computeRowFacts(app, ruleset.parameters, app.start),
    ...computeRunFacts([app], app.start).get(app.row),
    ...emptyPortfolioFacts(),
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

/**
 * Loads and validates rule set files: JSON, schema, references, templates, validity
 * overlaps, and a self-test run of every rule. Throws RuleFileError listing every problem.
 */
export async function loadRulesets(files: readonly RuleFile[]): Promise<RulesetRegistry> {
  const problems: RuleProblem[] = [];
  const loaded: { ruleset: Ruleset; raw: RawRuleset }[] = [];
  for (const file of files) {
    const parsed = parseJson(file);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    if (!validateSchema(parsed.data)) {
      problems.push(...schemaProblems(file.path, parsed.data, validateSchema.errors ?? []));
      continue;
    }
    const raw = parsed.data as unknown as RawRuleset;
    const built = buildRuleset(file.path, raw);
    if ('problems' in built) {
      problems.push(...built.problems);
      continue;
    }
    const selfTestProblems = await selfTest(built.ruleset, raw);
    if (selfTestProblems.length) {
      problems.push(...selfTestProblems);
      continue;
    }
    loaded.push({ ruleset: built.ruleset, raw });
  }
  if (files.length === 0) problems.push({ file: '(regelkatalogen)', rule: null, path: null, message: 'inga regelfiler hittades' });

  const sorted = loaded.map((l) => l.ruleset).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (a.id === b.id) problems.push({ file: b.path, rule: null, path: '/id', message: `regeluppsättningen "${b.id}" finns redan i ${a.path}` });
      if (a.validTo === null || a.validTo >= b.validFrom) {
        problems.push({
          file: b.path,
          rule: null,
          path: '/validFrom',
          message: `giltighetstiden ${b.validFrom} – ${b.validTo ?? 'tills vidare'} överlappar ${a.id} i ${a.path} (${a.validFrom} – ${a.validTo ?? 'tills vidare'})`,
        });
      }
    }
  }
  if (problems.length) throw new RuleFileError(problems);
  return { rulesets: sorted };
}

/** The rule set in force on a date, or null. */
export function rulesetInForce(registry: RulesetRegistry, date: string): Ruleset | null {
  return registry.rulesets.find((r) => r.validFrom <= date && (r.validTo === null || date <= r.validTo)) ?? null;
}

export function rulesetInfo(r: Ruleset): RulesetInfo {
  return { id: r.id, version: r.version, title: r.title, validFrom: r.validFrom, validTo: r.validTo };
}

export { formatProblem, RuleFileError, type RuleProblem };

/** A parameter value from a workbook, with the cell it came from. */
export interface ParameterOverride {
  name: string;
  value: unknown;
  address: string;
}


/**
 * The registry with a workbook's parameters in place of the files' values, validated
 * with the same schema. Problems name the cell. A parameter no rule set has is an error.
 */
export async function withParameterOverrides(registry: RulesetRegistry, overrides: readonly ParameterOverride[]): Promise<RulesetRegistry> {
  const sheet = 'Arbetsboken';
  if (overrides.length === 0) return registry;
  const problems: RuleProblem[] = [];
  for (const o of overrides) {
    if (!registry.rulesets.some((r) => o.name in r.parameters)) {
      const known = [...new Set(registry.rulesets.flatMap((r) => Object.keys(r.parameters)))].join(', ');
      problems.push({ file: sheet, rule: null, path: o.address, message: `okänd parameter "${o.name}"; kända parametrar är ${known}` });
    }
  }
  const rebuilt: Ruleset[] = [];
  for (const r of registry.rulesets) {
    const parameters = { ...r.parameters };
    for (const o of overrides) if (o.name in parameters) (parameters as Record<string, unknown>)[o.name] = o.value;
    if (!validateParameters(parameters)) {
      for (const e of validateParameters.errors ?? []) {
        const name = e.instancePath.split('/')[1] ?? '';
        const o = overrides.find((x) => x.name === name);
        problems.push({ file: sheet, rule: null, path: o?.address ?? null, message: `parametern "${name}" ${describeAjvError(e, parameters)}` });
      }
      continue;
    }
    const built = buildRuleset(r.path, { ...r.source, parameters });
    if ('problems' in built) problems.push(...built.problems);
    else rebuilt.push(built.ruleset);
  }
  if (problems.length) throw new RuleFileError(dedupeProblems(problems));
  return { rulesets: rebuilt };
}

function dedupeProblems(problems: RuleProblem[]): RuleProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
