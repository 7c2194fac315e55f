/**
 * A rule's outcome, sentence, figures and check line for a row, rendered once for each set of
 * values they read and shared by every row with those values; and the values a row's texts read.
 * Memory work beside the pipeline (assess.ts stage 5): what a row's texts say is decided by the
 * rule set's texts (texts/paragraph.ts) alone, this only keeps equal results once.
 */
import { ROW_FACTS, TEXT_VARIABLES, type Facts } from '../facts';
import { FOLLOW_UP_FACTS } from '../followup/facts';
import { PORTFOLIO_FACTS, RUN_FACTS } from '../portfolio';
import type { Ruleset } from '../rulesets';
import { isScalarOrList } from '../scalars';
import { cellAddressIn } from '../table';
import { textNames, type CompiledText, type TemplateValues } from '../templates';
import type { Application, FigureValue, RawRow, RuleOutcome } from '../types';
import { ValueKeys } from '../value-keys';
import { parametersForTexts } from './decision';
import { checkText, outcomeSentence, renderCheck, sentenceText, type RuleAndOutcome } from './paragraph';

/** A row as its texts are rendered: as read, its rule set, its facts, and its rules' outcomes by the rule's place in the rule set. */
export interface TextRow {
  raw: RawRow;
  app: Application;
  ruleset: Ruleset;
  facts: Facts;
  outcomes: readonly (RuleOutcome['outcome'] | undefined)[];
}

/** A rule's outcome object and check line for one row. */
export interface Rendered {
  outcome: RuleOutcome;
  check: string;
}

/** The figures a rule used: its facts, and its parameters where they are plain values. */
function pick(facts: Facts, parameters: Ruleset['parameters'], names: readonly string[]): Record<string, FigureValue> {
  const out: Record<string, FigureValue> = {};
  for (const n of names) {
    if (n in facts) out[n] = facts[n];
    else if (n in parameters && isScalarOrList(parameters[n])) out[n] = parameters[n] as FigureValue;
  }
  return out;
}

/**
 * What rows share, kept once: most rows pass most rules in the same words, and at 50 000 rows the
 * copies were most of the memory a run held. A rule's outcome, sentence, figures and check line
 * depend only on the outcome and the values their texts and figures read, so they are rendered
 * once for each such set of values; other texts (reasons) are rendered and then replaced by an
 * equal one already kept.
 */
export class Shared {
  private readonly texts = new Map<string, string>();
  /** By rule set: each rule's outcome pairs, [pass, fail, not applicable], made when first met. */
  private readonly pairs = new Map<Ruleset, (OutcomePair | undefined)[][]>();
  private readonly values = new ValueKeys();

  text(s: string): string {
    if (s === '') return s;
    const known = this.texts.get(s);
    if (known !== undefined) return known;
    this.texts.set(s, s);
    return s;
  }

  /** A value as a key of the tree: undefined apart from null (a figure left undefined is left out of the JSON). */
  private keyOf(v: unknown): unknown {
    return v === undefined ? UNDEFINED : this.values.key(v);
  }

  /** The row's rules with their outcomes, in rule-file order: the same pair objects for every row. */
  ordered(r: TextRow): OutcomePair[] {
    const rules = r.ruleset.rules;
    let table = this.pairs.get(r.ruleset);
    if (!table) this.pairs.set(r.ruleset, (table = rules.map(() => [undefined, undefined, undefined])));
    const out: OutcomePair[] = [];
    for (let i = 0; i < rules.length; i++) {
      const outcome = r.outcomes[i];
      if (!outcome) continue;
      const k = outcome === 'pass' ? 0 : outcome === 'fail' ? 1 : 2;
      let pair = table[i][k];
      if (!pair) {
        const rule = rules[i];
        table[i][k] = pair = { rule, outcome, levels: treeLevels({ rule, outcome }, r.ruleset), tree: null };
      }
      out.push(pair);
    }
    return out;
  }

  render(o: OutcomePair, r: TextRow, values: TemplateValues): Rendered {
    const levels = o.levels;
    const depth = levels.length;
    let node: KeyTree | Rendered | null | undefined = o.tree;
    if (!node) o.tree = node = depth === 0 ? this.make(o, r, values) : new Map();
    for (let i = 0; i < depth; i++) {
      const { name, figure } = levels[i];
      const key = figure ? (!(name in r.facts) ? MISSING : this.keyOf(r.facts[name])) : this.keyOf(values[name]);
      const tree: KeyTree = node as KeyTree;
      node = tree.get(key);
      if (!node) tree.set(key, (node = i === depth - 1 ? this.make(o, r, values) : new Map()));
    }
    return node as Rendered;
  }

  private make(o: RuleAndOutcome, r: TextRow, values: TemplateValues): Rendered {
    return {
      outcome: {
        ruleId: o.rule.id,
        outcome: o.outcome,
        severity: o.rule.severity,
        sentence: this.text(outcomeSentence(o, values)),
        figures: pick(r.facts, r.ruleset.parameters, o.rule.figureNames),
      },
      check: this.text(renderCheck(o, values)),
    };
  }
}

/**
 * A rule and one outcome, one object per run for every row with that outcome (not one per row and
 * rule), holding the levels of Shared's tree for it and the tree itself: a Rendered when the texts
 * read no value, else the rendered outcomes by the values they read.
 */
export interface OutcomePair extends RuleAndOutcome {
  levels: Level[];
  tree: KeyTree | Rendered | null;
}

/** One level of Shared's tree: a value the texts read (from the text values), or a figure (from the facts). */
interface Level {
  name: string;
  figure: boolean;
}

/**
 * The levels of a rule's tree for one outcome: one per value its texts read, then one per figure
 * (undefined apart from null: a figure left undefined is left out of the JSON, a null one is not; a
 * figure not among the facts apart from both). Where the row's facts are its text values, a name
 * read by both is one level, and a name that is neither a fact nor a text variable is none: it
 * reads a parameter, the same for every row of the rule set (the tree is the rule set's own).
 */
function treeLevels(o: RuleAndOutcome, ruleset: Ruleset): Level[] {
  const names = [...new Set([...textNamesOf(sentenceText(o.rule, o.outcome)), ...textNamesOf(checkText(o.rule, o.outcome))])];
  if (!factsAreTextValues(ruleset)) {
    return [...names.map((name) => ({ name, figure: false })), ...o.rule.figureNames.map((name) => ({ name, figure: true }))];
  }
  const varies = (n: string) => FACT_NAMES.has(n) || n in TEXT_VARIABLES;
  return [...new Set([...names, ...o.rule.figureNames])].filter(varies).map((name) => ({ name, figure: false }));
}

/** Shared's rendered outcomes by the values they read, one level per value. */
type KeyTree = Map<unknown, KeyTree | Rendered>;
const UNDEFINED = Symbol('undefined');
const MISSING = Symbol('missing');

function textNamesOf(text: CompiledText | null | undefined): string[] {
  return text ? textNames(text) : [];
}

function kindText(app: Application): string {
  return app.kind ? `${app.kind} insats` : 'insats';
}

/** Rule sets where no rule reports a text variable as a figure (so the row's facts may become its text values). */
const figuresApartFromTexts = new WeakMap<Ruleset, boolean>();
function textsApart(ruleset: Ruleset): boolean {
  let apart = figuresApartFromTexts.get(ruleset);
  if (apart === undefined) {
    apart = !ruleset.rules.some((rule) => rule.figureNames.some((n) => n in TEXT_VARIABLES));
    figuresApartFromTexts.set(ruleset, apart);
  }
  return apart;
}

/** Every fact a row gets in a run: row, run and portfolio facts. */
const FACT_NAMES = new Set([...Object.keys(ROW_FACTS), ...Object.keys(RUN_FACTS), ...Object.keys(PORTFOLIO_FACTS), ...Object.keys(FOLLOW_UP_FACTS)]);

/** A fact named as a text variable: the text values are then a copy, where the variable hides the fact. */
const FACTS_HIDE_TEXT_VARIABLES = Object.keys(TEXT_VARIABLES).some((n) => FACT_NAMES.has(n));

/** Whether the row's facts object may become its text values (textValues): no name would hide another. */
function factsAreTextValues(ruleset: Ruleset): boolean {
  return textsApart(ruleset) && !FACTS_HIDE_TEXT_VARIABLES;
}

/**
 * The values a row's texts read: its facts, the text variables, and behind them the rule set's
 * parameters. The row's facts object becomes them where it can: it is let go once the row is
 * rendered, and copying some 60 facts cost a twentieth of the run. Figures read from it as before:
 * a parameter found through the prototype is the plain value pick() takes from the parameters.
 * Copied when a text variable would hide a fact or a figure.
 */
export function textValues(r: TextRow, grantAmount: number | null): TemplateValues {
  let values: TemplateValues;
  if (factsAreTextValues(r.ruleset)) {
    values = r.facts;
  } else {
    values = {};
    for (const name in r.facts) values[name] = r.facts[name];
  }
  values.kindText = kindText(r.app);
  values.grantAmount = grantAmount;
  values.reasons = [];
  values.row = r.raw.row;
  values.startCell = cellAddressIn(r.raw, 'start');
  values.endCell = cellAddressIn(r.raw, 'end');
  values.amountCell = cellAddressIn(r.raw, 'amount');
  const range = r.ruleset.parameters.ageRange;
  values.ageRangeText = Array.isArray(range) && range.length === 2 ? `${String(range[0])}–${String(range[1])}` : null;
  return Object.setPrototypeOf(values, parametersForTexts(r.ruleset)) as TemplateValues;
}
