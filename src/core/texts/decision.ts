import type { ChiefDecision } from '../chief';
import type { Ruleset, RulesetRegistry } from '../rulesets';
import { isScalarOrList } from '../scalars';
import { lowerFirst, renderTemplate, type CompiledTemplate, type TemplateValues } from '../templates';
import type { Application, Assessment, FigureValue, Status } from '../types';

/**
 * What a Förslag till beslut says (default-rules.md, "Förslag till beslut"):
 * - `grant`: the grant clauses; at an amount other than the requested one, the rule set's
 *   `grantChanged` clauses (no `enligt ansökan`, the requested amount named);
 * - `reject`: the one rejection clause with the reasons as one sentence (none: the rule set's `noReason`);
 * - `none`: no decision text (input errors, rows already granted, `Begär komplettering`).
 */
export type DecisionSituation = { kind: 'grant'; amount: number } | { kind: 'reject'; reasons: string[] } | { kind: 'none' };

// The parameters a template may name, per rule set: the prototype of every row's text values.
const parameterValues = new WeakMap<Ruleset, TemplateValues>();
export function parametersForTexts(ruleset: Ruleset): TemplateValues {
  let values = parameterValues.get(ruleset);
  if (!values) {
    values = {};
    for (const [k, v] of Object.entries(ruleset.parameters)) if (isScalarOrList(v)) values[k] = v as FigureValue;
    parameterValues.set(ruleset, values);
  }
  return values;
}

/** A reason as the end of `…, eftersom …`: no final full stop, a capital only where the word needs one (`AF`). */
function asClause(reason: string): string {
  return lowerFirst(reason.trim().replace(/[.!]+$/u, ''));
}

/**
 * The Förslag till beslut of one row: the att-clauses, one per line, in the rule set's own style.
 * Needs only the application: callable per row after the chief's decision (see situationForChief).
 */
export function renderDecision(ruleset: Ruleset, application: Application, situation: DecisionSituation): string {
  if (situation.kind === 'none') return '';
  const values = decisionValues(ruleset, application);
  let clauses = ruleset.texts.reject;
  if (situation.kind === 'grant') {
    values.grantAmount = situation.amount;
    clauses = situation.amount === application.amount ? ruleset.texts.grant : ruleset.texts.grantChanged;
  } else {
    const reasons = situation.reasons.map(asClause).filter((r) => r !== '');
    // No reason given (the chief rejects a row no rule objected to, without a comment): the rule set's words for that.
    values.reasons = reasons.length ? reasons : [asClause(renderTemplate(ruleset.texts.noReason, values))];
  }
  return renderClauses(clauses, values).join('\n');
}

/** The att-clauses of templates, one per entry, trimmed. */
export function renderClauses(clauses: readonly CompiledTemplate[], values: TemplateValues): string[] {
  return clauses.map((c) => renderTemplate(c, values).trim());
}

/** A person's reasons (a Kommentar) as the end of `…, eftersom …`, as a rejection gives them. */
export function reasonClauses(reasons: readonly string[]): string[] {
  return reasons.map(asClause).filter((r) => r !== '');
}

/** The values a decision clause may name: the application's, over the rule set's parameters. */
export function decisionValues(ruleset: Ruleset, application: Application): TemplateValues {
  const values: TemplateValues = Object.create(parametersForTexts(ruleset)) as TemplateValues;
  values.id = application.id;
  values.name = application.name;
  values.owner = application.owner;
  values.partners = application.partners;
  values.start = application.start;
  values.end = application.end;
  values.amount = application.amount;
  values.fte = application.fte;
  values.caseType = application.caseType;
  values.decisionDate = application.decisionDate;
  return values;
}

/** What a row's draft proposes before anyone decided: the rules' verdict. */
export interface Draft {
  status: Status;
  application: Application | null;
  /** The amount a grant gives (capped when belopp-max failed), for every row that could be granted. */
  draftAmount: number | null;
  /** Reasons of the failed rules that propose rejection. */
  rejectReasons: string[];
  /** Reasons of every failed rule: what a rejection by the chief says without a comment of its own. */
  reasons: string[];
}

/** The draft of an assessed row: what the rules proposed, with their reasons. */
export function draftOf(a: Pick<Assessment, 'status' | 'application' | 'draftAmount' | 'findings'>): Draft {
  const reasons = (f: Assessment['findings']) => f.map((x) => x.reason ?? '').filter((r) => r !== '');
  return {
    status: a.status,
    application: a.application,
    draftAmount: a.draftAmount ?? null,
    rejectReasons: reasons(a.findings.filter((f) => f.severity === 'reject')),
    reasons: reasons(a.findings),
  };
}

/** The situation of the draft: nothing for errors and rows already granted, else the rules' verdict. */
export function draftSituation(d: Draft): DecisionSituation {
  if (d.status === 'error' || !d.application || d.application.granted !== null) return { kind: 'none' };
  if (d.status === 'reject') return { kind: 'reject', reasons: d.rejectReasons };
  return { kind: 'grant', amount: d.draftAmount ?? d.application.amount };
}

/**
 * The situation after the chief's decision (workbook-format.md, "The chief's choices"):
 * `grant` as drafted (or at Beslutat belopp when filled), `grant-changed` at Beslutat belopp,
 * `reject` with the chief's comment as the reason when given, else the failed rules' reasons (none when no rule
 * objected: the rule set's `noReason` is then said),
 * `supplement` no text. Rows with input errors or already granted get no text whatever was chosen.
 */
export function situationForChief(d: Draft, chief: ChiefDecision | null): DecisionSituation {
  if (!chief) return draftSituation(d);
  if (d.status === 'error' || !d.application || d.application.granted !== null) return { kind: 'none' };
  switch (chief.choice) {
    case 'grant':
    case 'grant-changed':
      return { kind: 'grant', amount: chief.amount ?? d.draftAmount ?? d.application.amount };
    case 'reject':
      return { kind: 'reject', reasons: chief.comment ? [chief.comment] : d.reasons };
    case 'supplement':
      return { kind: 'none' };
  }
}

/**
 * The Förslag till beslut of an assessed row after the chief's decision (null: the draft as assessed).
 * The rule set is the one the row was assessed with; without one (input errors) there is no text.
 */
export function renderChiefDecision(registry: RulesetRegistry, a: Assessment, chief: ChiefDecision | null): string {
  const ruleset = a.ruleset ? registry.rulesets.find((r) => r.id === a.ruleset!.id && r.version === a.ruleset!.version) : undefined;
  if (!ruleset || !a.application) return '';
  return renderDecision(ruleset, a.application, situationForChief(draftOf(a), chief));
}
