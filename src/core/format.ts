import { formatDate } from './dates';

// One formatter each, built once: Intl formatters are expensive to construct.
const integerFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 1 });

/** `560000` → `560 000` (grouped with no-break spaces, as Intl sv-SE does). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? integerFormat.format(n) : decimalFormat.format(n);
}

/** Whole kronor without the unit (`1 140 000`), or `–` where nothing is known: tables. */
export function formatWhole(n: number | null): string {
  return n === null ? '–' : integerFormat.format(Math.round(n));
}

/** Whole kronor: `560 000 kr`. Amounts in texts are rounded to the krona. */
export function formatKr(n: number): string {
  return `${integerFormat.format(Math.round(n))}\u00a0kr`;
}

export function formatKronor(n: number): string {
  return `${integerFormat.format(Math.round(n))}\u00a0kronor`;
}

/** Share of a post: `0,4`. */
export function formatShare(n: number): string {
  return decimalFormat.format(n);
}

/** `20 %`. */
export function formatPercent(n: number): string {
  return percentFormat.format(n);
}

/** Swedish list: `A`, `A och B`, `A, B och C`; with `eller` for alternatives. */
export function formatList(items: readonly string[], conjunction: 'och' | 'eller' = 'och'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** ISO date as the ruleset's template asks, via date-fns with the Swedish locale. */
export function formatIsoDate(iso: string, pattern = 'yyyy-MM-dd'): string {
  // The ISO form is what we store; no need to go through date-fns for it.
  return pattern === 'yyyy-MM-dd' ? iso : formatDate(iso, pattern);
}

const COUNT_WORDS = ['noll', 'en', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio', 'elva', 'tolv'];

/**
 * A count in running text: one to twelve in words (`två kalenderår`, `en samverkanspart`),
 * larger counts in digits (`24 månader`). `neuter` gives `ett` for a neuter noun (`ett kalenderår`).
 */
export function formatCount(n: number, neuter = false): string {
  if (!Number.isInteger(n) || n < 0 || n > 12) return formatNumber(n);
  if (n === 1 && neuter) return 'ett';
  return COUNT_WORDS[n];
}
