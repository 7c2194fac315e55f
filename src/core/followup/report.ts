/**
 * The board's budget follow-up (after-the-board.md, "The follow-up for the board") as one model:
 * the per-insats table grouped by Insatstyp, the per-year table with a line per Insatstyp, the
 * Uppföljning Finsam lines and the deviations. Built from the figures computed once in assessRows;
 * the sheet, the Word document, the pane and --json all read this.
 */
import type { BudgetYear } from '../portfolio';
import type { RulesetRegistry } from '../rulesets';
import type { Assessment, InsatsKind, IsoDate } from '../types';
import type { FollowUpFigures, InsatsFollowUp } from './figures';
import type { CostLineProblem } from './lines';
import { followUpTextsFor } from './texts';

export interface FollowUpDeviation {
  row: number;
  id: string | null;
  name: string;
  ruleId: string;
  sentence: string;
}

export interface FollowUpInsats extends InsatsFollowUp {
  /** The deviations' sentences of this insats, in rule order. */
  deviations: FollowUpDeviation[];
}

export interface FollowUpTotals {
  granted: number;
  spent: number;
  expected: number;
  forecast: number;
  remaining: number;
}

export interface FollowUpGroup {
  kind: InsatsKind | 'none';
  label: string;
  insatser: FollowUpInsats[];
  subtotal: FollowUpTotals;
}

export interface FollowUpYear {
  year: number;
  frame: number | null;
  granted: number;
  spent: number;
  /** Beviljat − utfall that year. */
  remainingGranted: number;
  /** Rows going to the board (the budget's proposed). */
  proposed: number;
  /** Ram − beviljat − föreslaget; null without a frame. */
  room: number | null;
  byKind: { kind: InsatsKind | 'none'; label: string; granted: number; spent: number; remainingGranted: number }[];
}

export interface FinsamLine {
  row: number;
  id: string | null;
  name: string;
  inriktning: string;
  year: number;
  budget: number;
  spent: number;
  participants: number | null;
}

export interface FollowUpReport {
  per: IsoDate;
  groups: FollowUpGroup[];
  total: FollowUpTotals;
  years: FollowUpYear[];
  finsam: FinsamLine[];
  deviations: FollowUpDeviation[];
  problems: CostLineProblem[];
  /** The Utfall sheet's name, or null when the workbook has none. */
  costSheet: string | null;
}

const KIND_ORDER: (InsatsKind | 'none')[] = ['individinriktad', 'strukturövergripande', 'kompetenshöjande', 'none'];

function totals(list: readonly InsatsFollowUp[]): FollowUpTotals {
  const t = { granted: 0, spent: 0, expected: 0, forecast: 0, remaining: 0 };
  for (const f of list) {
    t.granted += f.granted;
    t.spent += f.spent;
    t.expected += f.expected;
    // An insats without a forecast yet (nothing passed) is at its grant in the sum.
    t.forecast += f.forecast ?? f.granted;
    t.remaining += f.remaining;
  }
  return t;
}

/** The ids of the rules with scope followUp in any rule set. */
function followUpRuleIds(registry: RulesetRegistry): Set<string> {
  return new Set(registry.rulesets.flatMap((r) => r.rules.filter((x) => x.scope === 'followUp').map((x) => x.id)));
}

export function buildFollowUpReport(assessments: readonly Assessment[], figures: FollowUpFigures, budget: readonly BudgetYear[], registry: RulesetRegistry): FollowUpReport {
  const ids = followUpRuleIds(registry);
  const { kindLabels, finsamKinds } = followUpTextsFor(registry, figures.per);
  const byRow = new Map(assessments.map((a) => [a.row, a] as const));
  const insatser: FollowUpInsats[] = [...figures.insatser.values()]
    .sort((a, b) => a.row - b.row)
    .map((f) => {
      const a = byRow.get(f.row);
      const deviations = (a?.outcomes ?? [])
        .filter((o) => o.outcome === 'fail' && ids.has(o.ruleId) && o.sentence !== '')
        .map((o) => ({ row: f.row, id: f.id, name: f.name, ruleId: o.ruleId, sentence: o.sentence }));
      return { ...f, deviations };
    });
  const kindOf = (f: InsatsFollowUp) => f.kind ?? 'none';
  const groups: FollowUpGroup[] = KIND_ORDER.map((kind) => {
    const list = insatser.filter((f) => kindOf(f) === kind);
    return { kind, label: kindLabels[kind], insatser: list, subtotal: totals(list) };
  }).filter((g) => g.insatser.length > 0);

  // Each insats's years added once to its kind's sums (a run may follow up thousands of insatser).
  const sums = new Map<number, Map<InsatsKind | 'none', { granted: number; spent: number }>>();
  for (const f of insatser) {
    for (const y of f.years) {
      let byKind = sums.get(y.year);
      if (!byKind) sums.set(y.year, (byKind = new Map()));
      const s = byKind.get(kindOf(f)) ?? { granted: 0, spent: 0 };
      s.granted += y.granted;
      s.spent += y.spent;
      byKind.set(kindOf(f), s);
    }
  }
  const yearsSeen = new Set<number>([...budget.map((b) => b.year), ...sums.keys()]);
  const years: FollowUpYear[] = [...yearsSeen]
    .sort((a, b) => a - b)
    .map((year) => {
      const b = budget.find((x) => x.year === year);
      const byKind = sums.get(year);
      const kinds = KIND_ORDER.filter((kind) => byKind?.has(kind)).map((kind) => {
        const { granted, spent } = byKind!.get(kind)!;
        return { kind, label: kindLabels[kind], granted, spent, remainingGranted: granted - spent };
      });
      const granted = kinds.reduce((s, k) => s + k.granted, 0);
      const spent = kinds.reduce((s, k) => s + k.spent, 0);
      const frame = b?.frame ?? null;
      const proposed = b?.proposed ?? 0;
      return { year, frame, granted, spent, remainingGranted: granted - spent, proposed, room: frame === null ? null : frame - granted - proposed, byKind: kinds };
    })
    // A year with neither a frame nor a grant (an old application's proposal only) is no year of the follow-up.
    .filter((y) => y.frame !== null || y.granted > 0 || y.spent > 0);

  const finsam: FinsamLine[] = insatser.flatMap((f) =>
    f.years.map((y) => ({ row: f.row, id: f.id, name: f.name, inriktning: finsamKinds[kindOf(f)], year: y.year, budget: y.granted, spent: y.spent, participants: y.participants })),
  );
  return {
    per: figures.per,
    groups,
    total: totals(insatser),
    years,
    finsam,
    deviations: insatser.flatMap((f) => f.deviations),
    problems: figures.problems,
    costSheet: figures.sheet,
  };
}
