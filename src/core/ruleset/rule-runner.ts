/**
 * The speed layer of the rules: RuleRunner runs a scope's rules through json-rules-engine and
 * remembers each rule's outcome by the values it read, so a rule changed or added needs nothing
 * here (the rules mean the same without it: `npm run bench` compares it with wholeEngine, and
 * test/core/rule-runner.test.ts does on every rule set).
 *
 * What it rests on: a rule's outcome depends only on the facts it names. Facts are plain values
 * and the parameters constants of the engine; the custom operators must be pure, as stated beside
 * them in src/core/operators.ts (CUSTOM_OPERATORS): an operator that read a clock or kept state
 * would make a remembered outcome wrong. It also reads json-rules-engine's `engine.operators`,
 * which the library's types leave out (operatorOf): without it a rule is remembered by its values
 * only, never wrong, just slower.
 */
import type { Engine } from 'json-rules-engine';
import type { Parameters } from '../facts';
import { ValueKeys } from '../value-keys';
import { engineFacts, namedFacts, newEngine, prepare, type EngineOutcome, type EngineRule } from './engine';
import type { RawRule, RuleScope } from './types';

interface MemoRule {
  id: string;
  /** Its place in the rule file: where its outcome goes in a row's outcomes. */
  index: number;
  rule: EngineRule;
  applicability: boolean;
  /** The row facts this rule names (parameters are constants of the engine). */
  facts: string[];
  /** Outcome by the values of `facts`, one level per fact; null once it stopped paying (most values new). */
  memo: MemoTree | null;
  lookups: number;
  hits: number;
  /** The rule's comparisons in tree order, with the engine's operators; null when its tree has anything else. */
  comparisons: Comparison[] | null;
  /** Where `memo` has no outcome: outcome by which comparisons hold (`'1'`/`'0'` each); null without comparisons. */
  byResults: Map<string, EngineOutcome> | null;
}

/** What json-rules-engine evaluates a comparison with: its own operator, fact value validator included. */
interface EngineOperator {
  evaluate(factValue: unknown, jsonValue: unknown): boolean;
}

/** One leaf of a condition tree: `fact operator value`, the value a literal or another fact. */
interface Comparison {
  fact: string;
  operator: EngineOperator;
  value: unknown;
  valueFact: string | null;
}

/**
 * The engine's operator of that name (decorated ones too). json-rules-engine keeps them in
 * `engine.operators`, which its types leave out; without it every rule runs on the engine as before.
 */
function operatorOf(engine: Engine, name: string): EngineOperator | null {
  const map = (engine as unknown as { operators?: { get?: (n: string) => unknown } }).operators;
  const op = map && typeof map.get === 'function' ? map.get(name) : null;
  return op && typeof (op as EngineOperator).evaluate === 'function' ? (op as EngineOperator) : null;
}

/** More comparisons than this and a rule is not remembered by their results (up to 2^n keys). */
const MAX_COMPARISONS = 12;

/**
 * A condition tree's comparisons in order, or null when it holds anything but all/any/not and
 * plain comparisons (a named condition, a fact path or params, an unknown operator).
 */
function comparisonsOf(cond: unknown, engine: Engine, out: Comparison[]): Comparison[] | null {
  if (!cond || typeof cond !== 'object' || Array.isArray(cond)) return null;
  const c = cond as Record<string, unknown>;
  const keys = Object.keys(c).filter((k) => k !== 'priority' && k !== 'name');
  if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any')) {
    const list = c[keys[0]];
    if (!Array.isArray(list)) return null;
    for (const sub of list) if (!comparisonsOf(sub, engine, out)) return null;
    return out;
  }
  if (keys.length === 1 && keys[0] === 'not') return comparisonsOf(c.not, engine, out);
  if (keys.length !== 3 || typeof c.fact !== 'string' || typeof c.operator !== 'string' || !('value' in c)) return null;
  const operator = operatorOf(engine, c.operator);
  if (!operator) return null;
  const v = c.value;
  let valueFact: string | null = null;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, 'fact')) {
    const ref = v as Record<string, unknown>;
    if (Object.keys(ref).length !== 1 || typeof ref.fact !== 'string') return null;
    valueFact = ref.fact;
  }
  out.push({ fact: c.fact, operator, value: v, valueFact });
  return out.length > MAX_COMPARISONS ? null : out;
}

/** Outcomes by a rule's fact values, one level per fact (no key text built per row and rule). */
type MemoTree = Map<unknown, MemoTree | EngineOutcome>;

const NULL_KEY = Symbol('null');

/** After this many lookups a rule whose values repeat less than a quarter of the time is always run. */
const MEMO_TRIAL = 512;
/** Engines kept for sets of rules to run; past this, a row runs all its rules on the full engine. */
const MAX_ENGINES = 64;

/** Stores an outcome under a rule's keys, one level per fact. */
function remember(tree: MemoTree, keys: readonly unknown[], outcome: EngineOutcome): void {
  let node = tree;
  for (let i = 0; i < keys.length - 1; i++) {
    let next = node.get(keys[i]) as MemoTree | undefined;
    if (!next) node.set(keys[i], (next = new Map()));
    node = next;
  }
  // A rule that names no fact has one outcome: kept under a key of its own.
  node.set(keys.length > 0 ? keys[keys.length - 1] : NULL_KEY, outcome);
}

/**
 * The rules of one scope, run through json-rules-engine with each rule's outcome remembered by the
 * values of the facts it names. A rule's outcome depends on nothing else (facts are plain values,
 * parameters constant, operators pure: see the head of this file), so a row whose values were seen before gets the same outcome
 * the engine gave then; the rules still unknown run together on one engine holding just them. Most
 * rules read a few yes/no or small-number facts, so most rows run few rules or none.
 * Where the values are new (a follow-up row's amount spent), the outcome is also remembered by which
 * of the rule's comparisons hold, each worked out by the engine's own operator: the outcome is
 * all/any/not over those results, so the engine runs once for each way they fall.
 */
export class RuleRunner {
  private readonly rules: MemoRule[];
  private readonly constants: Record<string, unknown>;
  private readonly engines = new Map<string, { engine: Engine; facts: string[] }>();
  private readonly all: { engine: Engine; facts: string[] };
  private readonly applicable: Set<string>;
  private readonly byName: Map<string, MemoRule>;
  private readonly values = new ValueKeys();

  constructor(raw: readonly RawRule[], parameters: Parameters, scope: RuleScope) {
    const { rules, constants } = prepare(raw, parameters, scope);
    this.constants = constants;
    const byId = new Map(raw.map((r, index) => [r.id, { r, index }] as const));
    this.rules = rules.map((rule) => {
      const facts = [...namedFacts(rule.conditions, new Set<string>())].filter((n) => !Object.prototype.hasOwnProperty.call(constants, n));
      const at = byId.get(rule.name)!;
      return { id: rule.name, index: at.index, rule, applicability: at.r.appliesWhen !== undefined, facts, memo: new Map(), lookups: 0, hits: 0, comparisons: null, byResults: null };
    });
    this.byName = new Map(this.rules.map((r) => [r.id, r] as const));
    this.applicable = new Set(this.rules.filter((r) => r.applicability).map((r) => r.id));
    this.all = this.engineOf(this.rules);
    for (const r of this.rules) {
      r.comparisons = comparisonsOf(r.rule.conditions, this.all.engine, []);
      r.byResults = r.comparisons ? new Map() : null;
    }
  }

  get size(): number {
    return this.rules.length;
  }

  private engineOf(rules: readonly MemoRule[]): { engine: Engine; facts: string[] } {
    const engine = newEngine(this.constants);
    for (const r of rules) engine.addRule(r.rule);
    return { engine, facts: [...new Set(rules.flatMap((r) => r.facts))] };
  }

  /** Each rule's outcome for one row's facts, into `into` at the rule's place in the rule file. */
  async run(facts: Readonly<Record<string, unknown>>, into: (EngineOutcome | undefined)[]): Promise<void> {
    const missing: MemoRule[] = [];
    const missingResults: (string | null)[] = [];
    for (const r of this.rules) {
      let results: string | null = null;
      if (r.memo) {
        r.lookups++;
        let node: MemoTree | EngineOutcome | undefined = r.facts.length === 0 ? r.memo.get(NULL_KEY) : r.memo;
        for (let i = 0; i < r.facts.length && node !== undefined; i++) node = (node as MemoTree).get(this.memoKey(facts[r.facts[i]]));
        if (typeof node === 'string') {
          r.hits++;
          into[r.index] = node;
          continue;
        }
        // Values seldom repeat (amounts spent, to the krona): no longer remembered by them.
        if (r.lookups >= MEMO_TRIAL && r.hits * 4 < r.lookups) r.memo = null;
      }
      if (r.byResults) {
        results = this.comparisonResults(r.comparisons!, facts);
        const known = r.byResults.get(results);
        if (known !== undefined) {
          into[r.index] = known;
          continue;
        }
      }
      missing.push(r);
      missingResults.push(results);
    }
    if (missing.length === 0) return;
    const run = this.engineFor(missing);
    const result = await run.engine.run(engineFacts(facts, run.facts));
    const outcomes = new Map<string, EngineOutcome>();
    for (const x of result.failureResults) outcomes.set(x.name, 'fail');
    for (const x of result.results) {
      const firstBranch = (x.conditions as { any?: { result?: boolean }[] }).any?.[0]?.result;
      outcomes.set(x.name, this.applicable.has(x.name) && firstBranch === true ? 'not-applicable' : 'pass');
    }
    for (const [id, outcome] of outcomes) into[this.byName.get(id)!.index] = outcome;
    for (let k = 0; k < missing.length; k++) {
      const r = missing[k];
      const results = missingResults[k];
      if (results !== null) r.byResults!.set(results, outcomes.get(r.id)!);
      if (r.memo) remember(r.memo, r.facts.map((n) => this.memoKey(facts[n])), outcomes.get(r.id)!);
    }
  }

  /**
   * Which of a rule's comparisons hold for these facts, one `'1'` or `'0'` each, by the engine's own
   * operators on the values the engine would compare (a fact missing from the row is null, as
   * engineFacts passes it; a parameter is the engine's constant). The rule's outcome is all/any/not
   * over these results and nothing else, so rows alike here get the outcome the engine gave the first.
   */
  private comparisonResults(comparisons: readonly Comparison[], facts: Readonly<Record<string, unknown>>): string {
    let key = '';
    for (const c of comparisons) {
      const left = this.valueOf(c.fact, facts);
      const right = c.valueFact === null ? c.value : this.valueOf(c.valueFact, facts);
      key += c.operator.evaluate(left, right) ? '1' : '0';
    }
    return key;
  }

  private valueOf(name: string, facts: Readonly<Record<string, unknown>>): unknown {
    return Object.prototype.hasOwnProperty.call(this.constants, name) ? this.constants[name] : (facts[name] ?? null);
  }

  /**
   * A fact value's identity as the engine sees it, as a memo key: undefined is passed as null, -0 and 0
   * kept apart to be exact (a Map alone would merge them), lists by their JSON.
   */
  private memoKey(v: unknown): unknown {
    return v === undefined || v === null ? NULL_KEY : this.values.key(v);
  }

  private engineFor(missing: readonly MemoRule[]): { engine: Engine; facts: string[] } {
    if (missing.length === this.rules.length) return this.all;
    const key = missing.map((r) => r.id).join('\n');
    let run = this.engines.get(key);
    if (!run) {
      if (this.engines.size >= MAX_ENGINES) return this.all;
      run = this.engineOf(missing);
      this.engines.set(key, run);
    }
    return run;
  }
}
