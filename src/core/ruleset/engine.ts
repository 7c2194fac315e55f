import { Engine, type TopLevelCondition } from 'json-rules-engine';
import type { Parameters } from '../facts';
import { CUSTOM_OPERATORS } from '../operators';
import type { RawRule } from './types';

/** Conditions never have a `path` (the schema forbids it): facts are flat. */
function noPaths(): never {
  throw new Error('Villkor med "path" stöds inte; fakta är platta värden.');
}

/** An engine with the custom operators and the parameters as constant facts; rows bring the rest. */
export function newEngine(parameters: Parameters): Engine {
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

/** One engine per scope, each rule added once: built when a rule set loads and reused for every row. */
export function buildEngines(rules: readonly RawRule[], parameters: Parameters): { row: Engine; portfolio: Engine | null } {
  const make = (scope: 'row' | 'portfolio'): Engine | null => {
    const scoped = rules.filter((r) => (r.scope ?? 'row') === scope);
    if (scoped.length === 0) return null;
    const engine = newEngine(parameters);
    for (const r of scoped) engine.addRule(engineRule(r));
    return engine;
  };
  return { row: make('row') ?? newEngine(parameters), portfolio: make('portfolio') };
}
