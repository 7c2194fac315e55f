import { formatDate } from './dates';

// One formatter each, built once: Intl formatters are expensive to construct.
const integerFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 1 });

/**
 * An integer grouped by threes with no-break spaces and a real minus sign, as Intl sv-SE writes it
 * (`1 500 000`, `−50 000`); done by hand because Intl's format is slow, and texts hold many amounts.
 */
function groupInteger(n: number): string {
  if (!Number.isSafeInteger(n)) return integerFormat.format(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += '\u00a0';
    out += digits[i];
  }
  return n < 0 ? `\u2212${out}` : out;
}

/** `560000` → `560 000` (grouped with no-break spaces, as Intl sv-SE does). */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return groupInteger(n);
  // At most two decimals, a decimal comma, as Intl sv-SE with maximumFractionDigits 2.
  const hundredths = Math.round(Math.abs(n) * 100);
  if (!Number.isSafeInteger(hundredths)) return decimalFormat.format(n);
  const whole = Math.floor(hundredths / 100);
  const fraction = String(hundredths % 100).padStart(2, '0').replace(/0+$/u, '');
  const text = fraction ? `${groupInteger(whole)},${fraction}` : groupInteger(whole);
  return n < 0 && hundredths > 0 ? `\u2212${text}` : text;
}

/** Whole kronor without the unit (`1 140 000`), or `–` where nothing is known: tables. */
export function formatWhole(n: number | null): string {
  return n === null ? '–' : groupInteger(Math.round(n));
}

/** Whole kronor: `560 000 kr`. Amounts in texts are rounded to the krona. */
export function formatKr(n: number): string {
  return `${groupInteger(Math.round(n))}\u00a0kr`;
}

export function formatKronor(n: number): string {
  return `${groupInteger(Math.round(n))}\u00a0kronor`;
}

/** Share of a post: `0,4`. */
export function formatShare(n: number): string {
  return formatNumber(n);
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
