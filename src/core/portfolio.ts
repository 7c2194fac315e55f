import { monthsInPeriod, monthsPerCalendarYear } from './dates';
import { formatCount } from './format';
import { nameKey, textKey } from './fold';
import type { Application, IsoDate } from './types';

/**
 * Facts computed once per run over all rows. `RUN_FACTS` are known before any
 * rule runs (duplicates); `PORTFOLIO_FACTS` need every row's
 * first-pass status (what the proposals do to each year's budget) and reach
 * only rules with `"scope": "portfolio"`.
 */
/** A note lists at most this many duplicate rows, so a workbook full of copies cannot overflow a cell. */
export const MAX_LISTED_DUPLICATES = 10;

/** The run facts of one row; RUN_FACTS documents each, and the type makes both lists the same. */
export interface RunFacts {
  duplicateRows: number[];
  duplicateCount: number;
  duplicateCases: string[];
  overlapStart: IsoDate | null;
  overlapEnd: IsoDate | null;
  overlapMonths: number | null;
}

export const RUN_FACTS: { readonly [K in keyof RunFacts]: string } = {
  duplicateRows: `Andra rader med samma insats och insatsägare och överlappande period (de ${MAX_LISTED_DUPLICATES} första radnumren)`,
  duplicateCount: 'Antal sådana rader',
  duplicateCases: `Sådana rader som läsaren hittar dem: "ärende 2025-023" (Diarienummer), annars "rad 23"; efter ${MAX_LISTED_DUPLICATES} "ytterligare fyra ärenden" (lista)`,
  overlapStart: 'Första dagen som perioderna överlappar (ÅÅÅÅ-MM-DD)',
  overlapEnd: 'Sista dagen som perioderna överlappar (ÅÅÅÅ-MM-DD)',
  overlapMonths: 'Överlappets längd i påbörjade kalendermånader',
};

/** The portfolio facts of one row; PORTFOLIO_FACTS documents each, and the type makes both lists the same. */
export interface PortfolioFacts {
  inBudget: boolean;
  budgetKnown: boolean;
  budgetExceeded: boolean;
  overrunYear: number | null;
  overrunTotal: number | null;
  overrunFrame: number | null;
  overrunYears: number[];
}

export const PORTFOLIO_FACTS: { readonly [K in keyof PortfolioFacts]: string } = {
  inBudget: 'Om raden räknas som föreslagen i budgeten (OK, eller beviljad av förbundschefen)',
  budgetKnown: 'Om något år som raden berör har en budgetram',
  budgetExceeded: 'Om något år som raden berör går över sin budgetram',
  overrunYear: 'Första året som går över sin budgetram',
  overrunTotal: 'Föreslagna och beviljade medel det året, kr',
  overrunFrame: 'Budgetramen det året, kr',
  overrunYears: 'Alla år som raden berör och som går över sin budgetram (lista)',
};

/** Splits whole kronor over calendar years by months; the parts sum exactly to the amount (largest remainder). */
export function splitByYear(amount: number, start: IsoDate, end: IsoDate): Map<number, number> {
  const months = monthsPerCalendarYear(start, end);
  const kronor = Math.round(amount);
  const result = new Map<number, number>();
  // Most periods lie within one year: all of it that year (what the shares below come to).
  if (months.size === 1) {
    for (const year of months.keys()) result.set(year, kronor);
    return result;
  }
  const total = [...months.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return result;
  const exact = [...months].map(([year, m]) => ({ year, exact: (kronor * m) / total }));
  let assigned = 0;
  for (const e of exact) {
    result.set(e.year, Math.floor(e.exact));
    assigned += Math.floor(e.exact);
  }
  const byRemainder = [...exact].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.year - b.year);
  for (let i = 0; assigned < kronor; i++, assigned++) {
    const y = byRemainder[i % byRemainder.length].year;
    result.set(y, result.get(y)! + 1);
  }
  return result;
}

/**
 * Facts over all parsed applications, before any rule runs. The follow-up facts moved to the row
 * facts (they are measured at each row's Utfall per); the date stays accepted for bench/child.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function computeRunFacts(apps: readonly Application[], _assessmentDate?: IsoDate): Map<number, RunFacts> {
  const byKey = new Map<string, Application[]>();
  // Each row's key made once: a run of 10 000 distinct names is more than nameKey keeps.
  const keys = apps.map((app) => `${textKey(app.name)}\u0000${nameKey(app.owner)}`);
  apps.forEach((app, i) => {
    const list = byKey.get(keys[i]);
    if (list) list.push(app);
    else byKey.set(keys[i], [app]);
  });
  const out = new Map<number, RunFacts>();
  for (let i = 0; i < apps.length; i++) {
    const app = apps[i];
    const twins = byKey.get(keys[i])!;
    const overlapping = twins.length > 1 ? twins.filter((o) => o !== app && o.start <= app.end && app.start <= o.end) : [];
    const listed = overlapping.slice(0, MAX_LISTED_DUPLICATES);
    // The overlap with all of them together: from the earliest shared day to the latest.
    const from = listed.length ? listed.map((o) => (o.start > app.start ? o.start : app.start)).reduce((a, b) => (a < b ? a : b)) : null;
    const to = listed.length ? listed.map((o) => (o.end < app.end ? o.end : app.end)).reduce((a, b) => (a > b ? a : b)) : null;
    out.set(app.row, {
      duplicateRows: listed.map((o) => o.row),
      duplicateCount: overlapping.length,
      duplicateCases: [
        ...listed.map((o) => (o.id ? `ärende ${o.id}` : `rad ${o.row}`)),
        ...(overlapping.length > listed.length ? [`ytterligare ${formatCount(overlapping.length - listed.length)} ärenden`] : []),
      ],
      overlapStart: from,
      overlapEnd: to,
      overlapMonths: from && to ? monthsInPeriod(from, to) : null,
    });
  }
  return out;
}

export interface BudgetFrame {
  year: number;
  frame: number;
  note: string | null;
}

export interface BudgetYear {
  year: number;
  frame: number | null;
  /** OK rows without a contrary decision, and rows the chief granted at the decided amount. */
  proposed: number;
  grantedEarlier: number;
  /** Flagged or reject-proposed rows without a decision, at their draft amount: what granting them would add. */
  underReview: number;
  /** frame − granted earlier − proposed (under review is not subtracted: it is not decided). */
  remaining: number | null;
}

/** What a row puts into the budget after the first pass. */
export interface BudgetContribution {
  row: number;
  app: Application;
  /** Amount proposed now (OK rows, rows the chief granted), else null. */
  proposed: number | null;
  /** Amount under review (flagged or reject-proposed rows without a decision), else null. */
  underReview?: number | null;
}

/**
 * The per-year picture: frame, proposed, granted earlier and what remains.
 * One function, used by the command line summary, the JSON report and the task pane.
 */
export function budgetByYear(frames: readonly BudgetFrame[], contributions: readonly BudgetContribution[]): BudgetYear[] {
  const years = new Map<number, BudgetYear>();
  const at = (year: number) => {
    let y = years.get(year);
    if (!y) {
      y = { year, frame: null, proposed: 0, grantedEarlier: 0, underReview: 0, remaining: null };
      years.set(year, y);
    }
    return y;
  };
  for (const f of frames) at(f.year).frame = f.frame;
  // Many rows ask for the same amount over the same period: each split worked out once.
  const splits = new Map<string, Map<number, number>>();
  const split = (amount: number, start: IsoDate, end: IsoDate) => {
    const key = `${amount}|${start}|${end}`;
    let parts = splits.get(key);
    if (!parts) splits.set(key, (parts = splitByYear(amount, start, end)));
    return parts;
  };
  for (const c of contributions) {
    if (c.app.granted !== null) {
      for (const [year, part] of split(c.app.granted, c.app.start, c.app.end)) at(year).grantedEarlier += part;
    } else if (c.proposed !== null) {
      for (const [year, part] of split(c.proposed, c.app.start, c.app.end)) at(year).proposed += part;
    } else if (c.underReview !== null && c.underReview !== undefined) {
      for (const [year, part] of split(c.underReview, c.app.start, c.app.end)) at(year).underReview += part;
    }
  }
  const list = [...years.values()].sort((a, b) => a.year - b.year);
  for (const y of list) y.remaining = y.frame === null ? null : y.frame - y.proposed - y.grantedEarlier;
  return list;
}

/** Portfolio facts of each row, from the per-year picture. */
export function computePortfolioFacts(budget: readonly BudgetYear[], contributions: readonly BudgetContribution[]): Map<number, PortfolioFacts> {
  const framed = new Set(budget.filter((y) => y.frame !== null).map((y) => y.year));
  const over = new Map(budget.filter((y) => y.remaining !== null && y.remaining < 0).map((y) => [y.year, y] as const));
  const out = new Map<number, PortfolioFacts>();
  for (const c of contributions) {
    const inBudget = c.app.granted === null && c.proposed !== null;
    // The years splitByYear gives a share (every year of the period), without splitting the amount.
    const touched = inBudget ? [...monthsPerCalendarYear(c.app.start, c.app.end).keys()] : [];
    const years = touched.filter((y) => over.has(y));
    const first = years.length ? over.get(years[0])! : null;
    out.set(c.row, {
      inBudget,
      budgetKnown: touched.some((y) => framed.has(y)),
      budgetExceeded: years.length > 0,
      overrunYear: first ? first.year : null,
      overrunTotal: first ? first.proposed + first.grantedEarlier : null,
      overrunFrame: first ? first.frame : null,
      overrunYears: years,
    });
  }
  return out;
}
