import { Engine } from 'json-rules-engine';
import { engineFacts, wholeEngine, type EngineOutcome } from '../../src/core/ruleset/engine';
import { RuleRunner } from '../../src/core/ruleset/rule-runner';
import type { Ruleset } from '../../src/core/rulesets';
import { shippedRules } from '../helpers/rules';

/** Deterministic: a fixed-seed linear congruential generator. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** Values a fact may take, plain and odd: repeated often, so remembered outcomes are used. */
const POOL: unknown[] = [null, 0, -0, 1, 0.2, 0.4, 2, 24, 300000, 700000, true, false, '', 'individinriktad', 'strukturövergripande', '2025-01-01', '2026-12-31', ['AF'], []];

const wholeEngines = new Map<string, Map<Ruleset, { engine: Engine; facts: string[] }>>();
/** The rule set's rules of one scope (row unless said) on one engine, built once per rule set. */
function rowEngine(ruleset: Ruleset, scope: 'row' | 'followUp' = 'row'): { engine: Engine; facts: string[] } {
  let byRuleset = wholeEngines.get(scope);
  if (!byRuleset) wholeEngines.set(scope, (byRuleset = new Map()));
  let whole = byRuleset.get(ruleset);
  if (!whole) byRuleset.set(ruleset, (whole = wholeEngine(ruleset.definition.rules, ruleset.parameters, scope)!));
  return whole;
}

/** The outcome of each rule on the rule set's one engine, read as assessRows read it before RuleRunner. */
async function onTheEngine(ruleset: Ruleset, facts: Record<string, unknown>, scope: 'row' | 'followUp' = 'row'): Promise<Map<string, EngineOutcome>> {
  const whole = rowEngine(ruleset, scope);
  const run = await whole.engine.run(engineFacts(facts as never, whole.facts));
  const out = new Map<string, EngineOutcome>();
  for (const x of run.failureResults) out.set(x.name, 'fail');
  for (const x of run.results) {
    const rule = ruleset.rules.find((r) => r.id === x.name)!;
    const first = rule.hasApplicability ? (x.conditions as { any: { result?: boolean }[] }).any[0].result : undefined;
    out.set(x.name, first === true ? 'not-applicable' : 'pass');
  }
  return out;
}

describe('RuleRunner (outcomes remembered by the values each rule reads)', () => {
  test('gives every rule the outcome the whole engine gives, row after row, repeated values and new ones alike', async () => {
    const registry = await shippedRules();
    for (const ruleset of registry.rulesets) {
      const runner = new RuleRunner(ruleset.definition.rules, ruleset.parameters, 'row');
      const next = random(20261203);
      let differing = 0;
      let compared = 0;
      let errors = 0;
      const seen = new Set<string>();
      // Past MEMO_TRIAL lookups, so rules whose values never repeat stop being remembered on the way.
      for (let i = 0; i < 1500; i++) {
        const facts: Record<string, unknown> = {};
        for (const name of rowEngine(ruleset).facts) facts[name] = POOL[Math.floor(next() * POOL.length)];
        // One fact new on every row.
        facts[rowEngine(ruleset).facts[i % rowEngine(ruleset).facts.length]] = i * 7;
        let expected: Map<string, EngineOutcome> | string;
        let got: Map<string, EngineOutcome> | string;
        const into: (EngineOutcome | undefined)[] = [];
        try {
          expected = await onTheEngine(ruleset, facts);
        } catch (err) {
          expected = String(err);
        }
        try {
          await runner.run(facts, into);
          got = new Map(ruleset.definition.rules.flatMap((r, i) => (into[i] ? [[r.id, into[i]] as const] : [])));
        } catch (err) {
          got = String(err);
        }
        compared++;
        if (typeof expected === 'string') errors++;
        else for (const o of expected.values()) seen.add(o);
        const same = typeof expected === 'string' || typeof got === 'string' ? expected === got : JSON.stringify([...expected].sort()) === JSON.stringify([...got].sort());
        if (!same) differing++;
      }
      expect({ ruleset: ruleset.id, compared, differing }).toEqual({ ruleset: ruleset.id, compared: 1500, differing: 0 });
      // The rows mean something: most run, and every kind of outcome occurs.
      expect(errors).toBeLessThan(compared / 2);
      expect([...seen].sort()).toEqual(['fail', 'not-applicable', 'pass']);
    }
  });

  test('rules whose values never repeat are remembered by which comparisons hold, with the engine\'s outcomes and few engine runs', async () => {
    const registry = await shippedRules();
    const ruleset = registry.rulesets.find((r) => r.id === 'finsam-2025')!;
    // The follow-up rules (scope followUp) on their figures.
    const runner = new RuleRunner(ruleset.definition.rules, ruleset.parameters, 'followUp');
    const next = random(7);
    const base: Record<string, unknown> = {};
    for (const name of rowEngine(ruleset, 'followUp').facts) base[name] = null;
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 2000; i++) {
      // Follow-up rows: amounts spent to the krona, so no two rows have the same values.
      const granted = 100_000 + Math.floor(next() * 20) * 50_000;
      const monthsPassed = Math.floor(next() * 24);
      const expectedSpent = Math.round((granted * monthsPassed) / 24);
      const spentTotal = next() < 0.1 ? null : Math.round(next() * granted * 1.3) + i / 100;
      const forecast = spentTotal === null || monthsPassed === 0 ? null : Math.round((spentTotal * 24) / monthsPassed);
      rows.push({ ...base, followedUp: true, periodEnded: false, costSheet: false, granted, spentTotal, monthsPassed, expectedSpent, minSpentExpected: Math.round(0.5 * expectedSpent), forecast, forecastLimit: Math.round(granted * 1.1), months: 24, amount: granted });
    }
    const run = Engine.prototype.run;
    let runs = 0;
    Engine.prototype.run = function counted(this: Engine, ...args: Parameters<typeof run>) {
      runs++;
      return run.apply(this, args);
    };
    const ids = new Set(['utfall-over', 'upparbetning-lag']);
    const seen = new Set<string>();
    let differing = 0;
    try {
      for (const facts of rows) {
        const into: (EngineOutcome | undefined)[] = [];
        await runner.run(facts, into);
        const got = ruleset.definition.rules.map((r, i) => [r.id, into[i]] as const).filter(([id]) => ids.has(id));
        Engine.prototype.run = run;
        const expected = await onTheEngine(ruleset, facts, 'followUp');
        Engine.prototype.run = function counted(this: Engine, ...args: Parameters<typeof run>) {
          runs++;
          return run.apply(this, args);
        };
        for (const [id, outcome] of got) {
          seen.add(`${id} ${outcome}`);
          if (expected.get(id) !== outcome) differing++;
        }
      }
    } finally {
      Engine.prototype.run = run;
    }
    expect(differing).toBe(0);
    // Both rules met every outcome they can give.
    expect([...seen].sort()).toEqual(['upparbetning-lag fail', 'upparbetning-lag not-applicable', 'upparbetning-lag pass', 'utfall-over fail', 'utfall-over not-applicable', 'utfall-over pass']);
    // Remembered by which comparisons hold: one run for each way they fall, not one per row.
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThan(20);
  });
});
