/**
 * The shipped rule set's row checks as a plain TypeScript function: the practical
 * ceiling that json-rules-engine is measured against. Same facts in, same outcomes out.
 */
import type { Facts, Parameters } from '../src/core/facts';
import { CUSTOM_OPERATORS } from '../src/core/operators';

export type PlainOutcome = 'pass' | 'fail' | 'not-applicable';

export function plainChecks(f: Facts, p: Parameters): Record<string, PlainOutcome> {
  const num = (v: unknown) => (typeof v === 'number' ? v : NaN);
  const check = (ok: boolean): PlainOutcome => (ok ? 'pass' : 'fail');
  const fteGiven = f.fteGiven === true;
  return {
    'period-ordning': check(CUSTOM_OPERATORS.dateOnOrAfter(f.end, f.start)),
    'belopp-positivt': check(num(f.amount) > 0),
    'belopp-max': check(num(f.amountPerYear) <= num(p.maxAmountPerYear)),
    'tjanst-andel': fteGiven ? check((p.allowedFte as number[]).includes(num(f.fte))) : 'not-applicable',
    'tjanst-saknas': f.kind === 'individinriktad' || f.kind === 'strukturövergripande' ? check(fteGiven) : 'not-applicable',
    'kostnad-per-tjanst': fteGiven ? check(num(f.costPerFteYear) <= num(p.maxCostPerFteYear)) : 'not-applicable',
    'period-langd': check(num(f.months) <= num(p.maxMonths)),
    'period-ar': check(num(f.yearSpan) <= num(p.maxCalendarYears)),
    'start-fore-beslut': f.decisionDate !== null ? check(CUSTOM_OPERATORS.dateOnOrAfter(f.start, f.decisionDate)) : 'not-applicable',
    malgrupp: f.kind === 'individinriktad' ? check(f.priorityGroupMet !== null) : 'not-applicable',
    'insatsagare-medlem': check(f.ownerIsMember === true),
    samverkan: check(num(f.partiesCovered) >= num(p.minParties)),
    forankring: check(f.anchored === true),
    dubblett: check(f.duplicateCount === 0),
    // utfall-over and upparbetning-lag are follow-up rules now (scope followUp, src/core/followup/): not row checks.
    'chefens-beslut': check(f.chiefDecisionValid === true),
    'indata-andrad': f.inputLogged === true ? check(f.inputChanged === false) : 'not-applicable',
    'styrelsens-beslut': check(f.boardDecisionProblem === null),
    'beviljat-saknas': f.boardDecision === 'grant' || f.boardDecision === 'grant-changed' ? check(f.boardGrantedMissing === false) : 'not-applicable',
  };
}
