/**
 * Calendar helpers on `IsoDate` strings (`YYYY-MM-DD`). Pure: runs in Node and in the browser.
 * Arithmetic goes through date-fns on local-midnight Dates; calendar-day functions are DST-safe.
 */
// By subpath: the package's index loads every function (about 0.1 s at each start of the command line).
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { differenceInCalendarMonths } from 'date-fns/differenceInCalendarMonths';
import { format } from 'date-fns/format';
import { sv } from 'date-fns/locale/sv';
import type { IsoDate } from './types';

const MS_PER_DAY = 86_400_000;
/** Largest serial Excel accepts: 9999-12-31 in the 1900 system. */
const MAX_SERIAL_1900 = 2_958_465;
/** Days between the 1900 and the 1904 date systems' epochs. */
export const DATE1904_OFFSET = 1462;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A small cache for pure date functions of two texts: a run asks the same few periods and dates
 * again and again (each Date built and dropped costs time and garbage). Keyed by the two texts
 * themselves, one map inside another, so no key text is joined per call. Cleared when full.
 */
function memo2<T>(fn: (a: string, b: string) => T, max = 10_000): (a: string, b: string) => T {
  let cache = new Map<string, Map<string, T>>();
  let size = 0;
  return (a: string, b: string) => {
    let inner = cache.get(a);
    let value = inner?.get(b);
    if (value === undefined && !inner?.has(b)) {
      value = fn(a, b);
      if (size >= max) {
        cache = new Map();
        size = 0;
        inner = undefined;
      }
      if (!inner) cache.set(a, (inner = new Map()));
      inner.set(b, value);
      size++;
    }
    return value as T;
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` for a real calendar date, or null when the parts do not make one (2025-02-30). */
export function isoFromParts(year: number, month: number, day: number): IsoDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (what Date counts by), without making a Date. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The parts of a well-formed, real IsoDate; null otherwise. */
export function parseIso(iso: string): { year: number; month: number; day: number } | null {
  const m = ISO_RE.exec(iso);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isoFromParts(year, month, day) === null ? null : { year, month, day };
}

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseIso(value) !== null;
}

/**
 * An Excel date serial as IsoDate; the fraction (time of day) is ignored.
 * 1900 system: 1 = 1900-01-01, 60 = Excel's fictitious 1900-02-29 (no real date: null), 61 = 1900-03-01.
 * 1904 system: 0 = 1904-01-01. Null for serials outside Excel's date range.
 */
export function serialToIso(serial: number, date1904: boolean): IsoDate | null {
  if (!Number.isFinite(serial)) return null;
  const days = Math.floor(serial);
  let serial1900: number;
  if (date1904) {
    if (days < 0) return null;
    serial1900 = days + DATE1904_OFFSET;
  } else {
    if (days < 1 || days === 60) return null;
    serial1900 = days;
  }
  if (serial1900 > MAX_SERIAL_1900) return null;
  // Before the fake leap day Excel counts from 1899-12-31, after it effectively from 1899-12-30.
  const epoch = serial1900 < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + serial1900 * MS_PER_DAY);
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The Excel serial of an IsoDate (inverse of serialToIso); null for malformed input. */
export function isoToSerial(iso: IsoDate, date1904: boolean): number | null {
  const p = parseIso(iso);
  if (!p) return null;
  const utc = new Date(0);
  utc.setUTCFullYear(p.year, p.month - 1, p.day);
  utc.setUTCHours(0, 0, 0, 0);
  let serial = Math.round((utc.getTime() - Date.UTC(1899, 11, 30)) / MS_PER_DAY);
  if (serial < 61) serial -= 1; // before Excel's fake 1900-02-29
  if (date1904) serial -= DATE1904_OFFSET;
  return serial < (date1904 ? 0 : 1) ? null : serial;
}

/** Local midnight of an IsoDate, for date-fns. Invalid Date for malformed input. */
export function isoToLocalDate(iso: IsoDate): Date {
  const p = parseIso(iso);
  if (!p) return new Date(NaN);
  const d = new Date(2000, 0, 1);
  d.setFullYear(p.year, p.month - 1, p.day); // setFullYear keeps years < 100 literal
  return d;
}

/** The calendar date of a local Date as IsoDate. */
export function localDateToIso(date: Date): IsoDate {
  return format(date, 'yyyy-MM-dd');
}

/** The calendar date of a Date read by its UTC components (how ExcelJS hands dates). */
export function utcDateToIso(date: Date): IsoDate | null {
  if (Number.isNaN(date.getTime())) return null;
  return isoFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** date-fns `format` with the Swedish locale: `formatDate('2025-01-01', "d MMMM 'år' yyyy")` = `1 januari år 2025`. */
export function formatDate(iso: IsoDate, pattern: string): string {
  return formatted(iso, pattern);
}
const formatted = memo2((iso, pattern) => format(isoToLocalDate(iso), pattern, { locale: sv }));

export function addDaysIso(iso: IsoDate, days: number): IsoDate {
  return localDateToIso(addDays(isoToLocalDate(iso), days));
}

/**
 * Whole calendar months from `start` to the day after `end`, a started month counting as a whole:
 * 2025-01-01–2026-12-31 → 24, 2025-03-15–2025-09-14 → 6, 2025-03-15–2025-09-20 → 7.
 * 0 when end is before start; NaN for malformed dates. Never throws.
 */
export function monthsInPeriod(start: IsoDate, end: IsoDate): number {
  return startedMonths(start, end);
}
const startedMonths = memo2((start, end) => monthsTo(start, end, 'started'));

/**
 * Months from `start` to the day after `last`: the started months, or only the completed ones.
 * 0 when `last` is before `start`; NaN for malformed dates.
 */
function monthsTo(start: IsoDate, last: IsoDate, count: 'started' | 'completed'): number {
  const s = isoToLocalDate(start);
  const e = isoToLocalDate(last);
  if (Number.isNaN(s.getTime()) || Number.isNaN(e.getTime())) return NaN;
  if (last < start) return 0;
  const after = addDays(e, 1);
  const n = differenceInCalendarMonths(after, s);
  // A month is complete when the day after the end reaches the start's day of month again.
  if (count === 'started') return after.getDate() > s.getDate() ? n + 1 : n;
  return Math.max(0, after.getDate() < s.getDate() ? n - 1 : n);
}

/**
 * How many of the period's months (as monthsInPeriod counts them) fall in each calendar year,
 * a month counting to the year it starts in. The values sum to monthsInPeriod; empty when end < start.
 */
export function monthsPerCalendarYear(start: IsoDate, end: IsoDate): ReadonlyMap<number, number> {
  return perYear(start, end);
}
const perYear = memo2(computeMonthsPerCalendarYear);

function computeMonthsPerCalendarYear(start: IsoDate, end: IsoDate): Map<number, number> {
  const result = new Map<number, number>();
  const n = monthsInPeriod(start, end);
  if (!(n > 0)) return result;
  const s = isoToLocalDate(start);
  for (let i = 0; i < n; i++) {
    // From the original start each time, so a 31st start does not drift to the 28th.
    const year = addMonths(s, i).getFullYear();
    result.set(year, (result.get(year) ?? 0) + 1);
  }
  return result;
}

/**
 * Share (0..1) of the period's days elapsed on `on`, the day `on` itself counting as elapsed:
 * 0 before start, 1 on and after end. NaN for malformed dates.
 */
export function elapsedShare(start: IsoDate, end: IsoDate, on: IsoDate): number {
  const s = isoToLocalDate(start);
  const e = isoToLocalDate(end);
  const o = isoToLocalDate(on);
  if ([s, e, o].some((d) => Number.isNaN(d.getTime()))) return NaN;
  if (on < start) return 0;
  if (on >= end) return 1;
  const total = differenceInCalendarDays(e, s) + 1;
  const elapsed = differenceInCalendarDays(o, s) + 1;
  return Math.min(1, Math.max(0, elapsed / total));
}

/**
 * Whole months of a period completed on `on` (the day `on` itself counting as passed):
 * 2025-01-01 on 2025-11-20 → 10, on 2025-10-31 → 10, on 2025-10-30 → 9; 0 before the start.
 * Not capped at the period's length (the caller caps). NaN for malformed dates.
 */
export function completedMonths(start: IsoDate, on: IsoDate): number {
  return completed(start, on);
}
const completed = memo2((start, on) => monthsTo(start, on, 'completed'));
