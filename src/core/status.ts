/**
 * A row's status and what it means: the status from the rules that failed (and the board's
 * decision), the amount the rules leave, what the row puts into the budget, and the count of
 * rows by status (the run summary and the Logg's run line).
 * default-rules.md, "Severity and status" and "The budget per year"; after-the-board.md for `closed`.
 */
import { boardDecisionOf, type BoardDecision } from './board-decision';
import type { ChiefDecision } from './chief';
import type { Facts } from './facts';
import type { BudgetContribution } from './portfolio';
import type { RuleDefinition } from './ruleset/types';
import type { Application, Assessment, RuleOutcome, Status } from './types';

/** The verdict of the row rules: what the budget needs, and no texts, so the budget stage stays cheap. */
export interface Verdict {
  status: Status;
  /** Requested amount, capped by the rules that cap it. */
  draftAmount: number;
}

/** What a verdict is made from: the row's rules, their outcomes by the rule's place, and the facts a capping rule names. */
export interface RuledFacts {
  app: Application;
  ruleset: { rules: readonly RuleDefinition[] };
  outcomes: readonly (RuleOutcome['outcome'] | undefined)[];
  facts: Facts;
}

/** Status and draft amount from the rules that failed: the worst severity wins (error, reject, flag), each capping rule lowers the amount. */
export function verdictOf(r: RuledFacts): Verdict {
  let error = false;
  let reject = false;
  let flag = false;
  let draftAmount = r.app.amount;
  const rules = r.ruleset.rules;
  for (let i = 0; i < rules.length; i++) {
    if (r.outcomes[i] !== 'fail') continue;
    const rule = rules[i];
    if (rule.severity === 'error') error = true;
    else if (rule.severity === 'reject') reject = true;
    else flag = true;
    const capped = rule.grantAmountFact ? r.facts[rule.grantAmountFact] : null;
    if (typeof capped === 'number') draftAmount = Math.min(draftAmount, capped);
  }
  return { status: error ? 'error' : reject ? 'reject' : flag ? 'flag' : 'ok', draftAmount };
}

/** The row's status once the board has decided: Avslag closes it (its own status); an input error stays one. */
export function statusAfterBoard(verdict: Verdict, board: BoardDecision | null): Status {
  return board?.choice === 'reject' && verdict.status !== 'error' ? 'closed' : verdict.status;
}

/** The amount a row may be granted: its draft amount when it is OK or flagged, else none. */
export function grantAmountOf(status: Status, draftAmount: number): number | null {
  return status === 'ok' || status === 'flag' ? draftAmount : null;
}

/**
 * What each row puts into the budget (default-rules.md, "The budget per year"):
 * proposed = OK rows without a contrary decision and rows the chief granted (at the decided amount);
 * under review = flagged or reject-proposed rows without a decision (at their draft amount);
 * rows the chief rejected or sent back, rows the board rejected, and input errors, count nowhere.
 */
export function budgetContribution(r: { app: Application; chief: ChiefDecision | null }, v: Verdict): BudgetContribution {
  const none = { row: r.app.row, app: r.app, proposed: null, underReview: null };
  if (v.status === 'error') return none;
  // Closed by the board: in no budget figure.
  if (boardDecisionOf(r.app)?.choice === 'reject') return none;
  const choice = r.chief?.choice;
  if (choice === 'reject' || choice === 'supplement') return none;
  if (choice === 'grant' || choice === 'grant-changed') return { ...none, proposed: r.chief?.amount ?? v.draftAmount };
  return v.status === 'ok' ? { ...none, proposed: v.draftAmount } : { ...none, underReview: v.draftAmount };
}

/** How many rows have each status, every status present (zero or not). */
export function countStatuses(assessments: readonly Assessment[]): Record<Status, number> {
  const counts: Record<Status, number> = { ok: 0, flag: 0, reject: 0, error: 0, closed: 0 };
  for (const a of assessments) counts[a.status]++;
  return counts;
}
