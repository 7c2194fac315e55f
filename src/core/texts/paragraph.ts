import type { RuleDefinition, Ruleset } from '../rulesets';
import { renderText, type CompiledText, type TemplateValues } from '../templates';
import type { RuleOutcome, Status } from '../types';

/** A rule with its outcome for one row, in rule-file order. */
export interface RuleAndOutcome {
  rule: RuleDefinition;
  outcome: RuleOutcome['outcome'];
}

/** The text of a rule's sentence for an outcome. */
export function sentenceText(rule: RuleDefinition, outcome: RuleAndOutcome['outcome']): CompiledText | null {
  return outcome === 'pass' ? rule.texts.pass : outcome === 'fail' ? rule.texts.fail : rule.texts.notApplicable;
}

/** The text of a rule's check line (after its symbol and short name) for an outcome. */
export function checkText(rule: RuleDefinition, outcome: RuleAndOutcome['outcome']): CompiledText | null {
  const c = rule.check;
  return outcome === 'pass' ? c.pass : outcome === 'fail' ? c.fail : c.notApplicable;
}

function sentence(rule: RuleDefinition, outcome: RuleAndOutcome['outcome'], values: TemplateValues): string {
  return renderText(sentenceText(rule, outcome), values);
}

/** The sentence a rule's outcome gives in the Bedömning: the failure always, other outcomes as the rule's narration says. */
export function outcomeSentence(o: RuleAndOutcome, values: TemplateValues): string {
  return sentence(o.rule, o.outcome, values);
}

/**
 * The board's paragraph (default-rules.md, "Bedömning"): for an application, the placing sentence,
 * a förlängning, the rules narrated always (target group, förankring), one sentence per other failed
 * rule, and the closing sentence of an OK row; for a row already granted, the follow-up: the grant,
 * the outcome at Utfall per, and the follow-up rules, then any other failed rule.
 */
export function renderParagraph(
  ruleset: Ruleset,
  ordered: readonly RuleAndOutcome[],
  status: Status,
  granted: boolean,
  values: TemplateValues,
  /** The outcomes' sentences already rendered with these values, by place in `ordered` (assessRows has them). */
  sentences?: readonly string[],
): string {
  const p = ruleset.texts.paragraph;
  const out: string[] = [];
  const add = (text: CompiledText | null) => {
    const s = renderText(text, values);
    if (s) out.push(s);
  };
  const said = (i: number) => sentences?.[i] ?? sentence(ordered[i].rule, ordered[i].outcome, values);
  if (granted) {
    for (const t of p.followUp) add(t);
    for (let i = 0; i < ordered.length; i++) if (ordered[i].rule.narrate === 'followUp' && ordered[i].outcome !== 'not-applicable') out.push(said(i));
    for (let i = 0; i < ordered.length; i++) if (ordered[i].rule.narrate !== 'followUp' && ordered[i].outcome === 'fail') out.push(said(i));
  } else {
    add(p.placing);
    add(p.extension);
    for (let i = 0; i < ordered.length; i++) if (ordered[i].rule.narrate === 'always') out.push(said(i));
    for (let i = 0; i < ordered.length; i++) if (ordered[i].rule.narrate !== 'always' && ordered[i].outcome === 'fail') out.push(said(i));
    if (status === 'ok') add(p.closingOk);
  }
  return out.filter((s) => s !== '').join(' ');
}

const SYMBOLS: Record<RuleAndOutcome['outcome'], string> = { pass: '✓', fail: '✗', 'not-applicable': '–' };

/** Kontroller: one line per rule, `✓ Belopp per år: 280 000 kr, högst 300 000 kr`. */
export function renderCheck(o: RuleAndOutcome, values: TemplateValues): string {
  const figures = renderText(checkText(o.rule, o.outcome), values);
  return figures ? `${SYMBOLS[o.outcome]} ${o.rule.short}: ${figures}` : `${SYMBOLS[o.outcome]} ${o.rule.short}`;
}
