import { Engine, type TopLevelCondition } from 'json-rules-engine';
import type { Parameters } from '../facts';
import { CUSTOM_OPERATORS } from '../operators';
import type { RawRule } from './types';

/** Conditions never have a `path` (the schema forbids it): facts are flat. */
function noPaths(): never {
  throw new Error('Villkor med "path" stöds inte; fakta är platta värden.');
}

/** An engine with the custom operators and the parameters as constant facts; rows bring the rest. */
export function newEngine(parameters: Readonly<Record<string, unknown>>): Engine {
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

/** A parameter value a condition can hold as its literal `value`: a scalar, or a list of scalars. */
function isLiteral(v: unknown): boolean {
  return typeof v !== 'object' || v === null || (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null));
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
    if (Object.prototype.hasOwnProperty.call(parameters, name) && isLiteral(parameters[name])) out.value = parameters[name];
  }
  return out as C;
}

/** The facts a condition tree still names (left-hand facts and remaining `{ "fact": … }` values). */
function namedFacts(cond: unknown, into: Set<string>): Set<string> {
  if (!cond || typeof cond !== 'object') return into;
  const c = cond as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) if (Array.isArray(c[key])) for (const sub of c[key] as unknown[]) namedFacts(sub, into);
  if (c.not) namedFacts(c.not, into);
  if (typeof c.fact === 'string') into.add(c.fact);
  const value = c.value as { fact?: unknown } | null | undefined;
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.fact === 'string') into.add(value.fact);
  return into;
}

/**
 * One engine per scope, each rule added once: built when a rule set loads and reused for every row.
 * Parameters a condition compares with are inlined, and only the parameters conditions still name are
 * engine facts: json-rules-engine adds every engine fact to each run's almanac.
 */
export function buildEngines(rules: readonly RawRule[], parameters: Parameters): { row: Engine; portfolio: Engine | null } {
  const make = (scope: 'row' | 'portfolio'): Engine | null => {
    const scoped = rules.filter((r) => (r.scope ?? 'row') === scope).map((r) => engineRule(r));
    if (scoped.length === 0) return null;
    const inlined = scoped.map((r) => ({ ...r, conditions: inlineParameters(r.conditions, parameters) }));
    const named = new Set<string>();
    for (const r of inlined) namedFacts(r.conditions, named);
    const used: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(parameters)) if (named.has(name)) used[name] = value;
    const engine = newEngine(used);
    for (const r of inlined) engine.addRule(r);
    return engine;
  };
  return { row: make('row') ?? newEngine(parameters), portfolio: make('portfolio') };
}
