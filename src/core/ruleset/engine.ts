/**
 * A rule set's rules as json-rules-engine rules: the engine with the custom operators and the
 * parameters, a rule's `appliesWhen`, the parameters inlined. RuleRunner (rule-runner.ts) runs
 * them with its memo; wholeEngine runs them plainly, the reference it is compared with.
 */
import { Engine, Fact, type TopLevelCondition } from 'json-rules-engine';
import type { Parameters } from '../facts';
import { CUSTOM_OPERATORS } from '../operators';
import { isScalarOrList } from '../scalars';
import { factReferences } from './conditions';
import type { RawRule, RuleScope } from './types';

/** Conditions never have a `path` (the schema forbids it): facts are flat. */
function noPaths(): never {
  throw new Error('Villkor med "path" stöds inte; fakta är platta värden.');
}

/** An engine with the custom operators and the parameters as constant facts; rows bring the rest. */
export function newEngine(parameters: Readonly<Record<string, unknown>>): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, allowUndefinedConditions: false, pathResolver: noPaths });
  // Pure, as operators.ts requires: RuleRunner (rule-runner.ts) remembers outcomes by the values they compare.
  for (const [name, fn] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, fn);
  // Constant facts: no per-access cache key (json-rules-engine would hash the members list on every read).
  for (const [name, value] of Object.entries(parameters)) engine.addFact(name, value, { cache: false });
  return engine;
}

/**
 * A rule's conditions say what must hold. With `appliesWhen`, the engine rule is
 * "not applicable, or the check holds"; the first branch's result tells which.
 */
export function engineRule(r: RawRule) {
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

/**
 * The condition tree with each comparison value `{ "fact": <parameter> }` replaced by the parameter's
 * value. Parameters are constant for an engine (an override builds a new one), so the outcome is the
 * same; each row's run then neither clones the reference nor asks the almanac for it.
 */
function inlineParameters<C>(cond: C, parameters: Parameters): C {
  if (!cond || typeof cond !== 'object') return cond;
  const c = cond as Record<string, unknown>;
  const out: Record<string, unknown> = { ...c };
  for (const key of ['all', 'any'] as const) if (Array.isArray(c[key])) out[key] = (c[key] as unknown[]).map((sub) => inlineParameters(sub, parameters));
  if (c.not) out.not = inlineParameters(c.not, parameters);
  const value = c.value as Record<string, unknown> | null | undefined;
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof value.fact === 'string') {
    const name = value.fact;
    if (Object.prototype.hasOwnProperty.call(parameters, name) && isScalarOrList(parameters[name])) out.value = parameters[name];
  }
  return out as C;
}

/** The facts a condition tree still names (left-hand facts and remaining `{ "fact": … }` values). */
export function namedFacts(cond: unknown, into: Set<string>): Set<string> {
  for (const ref of factReferences(cond, '')) into.add(ref.name);
  return into;
}

export type EngineRule = ReturnType<typeof engineRule>;

/** A scope's engine rules with parameters inlined, and the parameters conditions still name. */
export function prepare(rules: readonly RawRule[], parameters: Parameters, scope: RuleScope): { rules: EngineRule[]; constants: Record<string, unknown> } {
  const inlined = rules
    .filter((r) => (r.scope ?? 'row') === scope)
    .map((r) => engineRule(r))
    .map((r) => ({ ...r, conditions: inlineParameters(r.conditions, parameters) }));
  const named = new Set<string>();
  for (const r of inlined) namedFacts(r.conditions, named);
  const constants: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) if (named.has(name)) constants[name] = value;
  return { rules: inlined, constants };
}

/**
 * One engine with all of a scope's rules, and the row facts they name: every rule run on every row.
 * What RuleRunner (rule-runner.ts) is compared with (test/core/rule-runner.test.ts, the benchmark); null without rules.
 */
export function wholeEngine(rules: readonly RawRule[], parameters: Parameters, scope: RuleScope): { engine: Engine; facts: string[] } | null {
  const { rules: scoped, constants } = prepare(rules, parameters, scope);
  if (scoped.length === 0) return null;
  const engine = newEngine(constants);
  for (const r of scoped) engine.addRule(r);
  const named = new Set<string>();
  for (const r of scoped) namedFacts(r.conditions, named);
  return { engine, facts: [...named].filter((n) => !Object.prototype.hasOwnProperty.call(constants, n)) };
}

/**
 * Row facts as json-rules-engine Fact objects without a cache key: a plain value
 * passed to run() becomes a cached Fact whose key is a hash of its parameters,
 * computed for every fact of every row, for values that never change within a run.
 */
export function engineFacts(facts: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, Fact> {
  const out: Record<string, Fact> = {};
  for (const id of names) out[id] = new Fact(id, facts[id] ?? null, { cache: false });
  return out;
}

export type EngineOutcome = 'pass' | 'fail' | 'not-applicable';
