/**
 * The follow-up figures (after-the-board.md, "The follow-up figures"): per granted insats and per
 * calendar year, at the follow-up date P, computed once and used by every output (the rules' facts,
 * the Uppföljning sheet, the board's report, the pane and --json).
 */
import { monthsInPeriod } from '../dates';
import { nameKey, textKey } from '../fold';
import { splitByYear } from '../portfolio';
import type { Application, InsatsKind, IsoDate } from '../types';
import type { CostLine, CostLineProblem, CostSheet } from './lines';

/** The parameters the report rules' due dates need, from the row's rule set. */
export interface ReportParameters {
  reportEveryMonths: number;
  reportWithinMonths: number;
  finalReportWithinMonths: number;
}

export const DEFAULT_REPORT_PARAMETERS: ReportParameters = { reportEveryMonths: 6, reportWithinMonths: 1, finalReportWithinMonths: 3 };

export interface YearFigures {
  year: number;
  /** Beviljat that year: the grant split by months, whole kronor. */
  granted: number;
  /** Utfall that year: each line split by months over its own period, whole kronor. */
  spent: number;
  /** The year's Deltagare (by each line's Till), null when no line gives any. */
  participants: number | null;
}

export interface InsatsFollowUp {
  row: number;
  id: string | null;
  name: string;
  owner: string;
  kind: InsatsKind | null;
  start: IsoDate;
  end: IsoDate;
  decisionDate: IsoDate | null;
  /** The date the figures are at: P, or the row's Utfall per where its own Utfall is used. */
  per: IsoDate;
  /** M: the period's months. */
  months: number;
  /** m: months from the start through P, 0..M. */
  monthsPassed: number;
  /** B. */
  granted: number;
  /** U: the lines whose Till is on or before P (or the row's own Utfall). */
  spent: number;
  /** Where U comes from: the Utfall sheet, the row's Utfall cell, or nowhere (nothing reported). */
  source: 'sheet' | 'row' | 'none';
  /** B × m / M, whole kronor. */
  expected: number;
  /** U / förväntat, four decimals; null when m = 0. */
  pace: number | null;
  /** U × M / m, whole kronor; null when m = 0. */
  forecast: number | null;
  /** B − U. */
  remaining: number;
  /** P on or after Slutdatum. */
  ended: boolean;
  /** B − U once the period has ended, when above 0. */
  unspent: number | null;
  /** U − B when U > B. */
  overspent: number | null;
  years: YearFigures[];
  /** Sheet rows of the lines counted in U. */
  lines: number[];
  /** Lines of this insats whose Till is after P (not counted yet). */
  laterLines: number;
  /** The last day of the latest report period due by P (the final one left to slutrapport-saknas), or null. */
  reportPeriodEnd: IsoDate | null;
  /** When that report was due. */
  reportDueDate: IsoDate | null;
  /** No Delrapport or Slutrapport line reaches that period's end. */
  reportMissing: boolean;
  /** The latest Till of a Delrapport or Slutrapport line, or null. */
  lastReportEnd: IsoDate | null;
  /** When the slutrapport is due: Slutdatum + finalReportWithinMonths. */
  finalReportDueDate: IsoDate;
  /** P is after that day. */
  finalReportDue: boolean;
  finalReportGiven: boolean;
}

export interface FollowUpFigures {
  /** P. */
  per: IsoDate;
  /** The Utfall sheet's name, or null when the workbook has none. */
  sheet: string | null;
  /** By sheet row of the application. */
  insatser: Map<number, InsatsFollowUp>;
  problems: CostLineProblem[];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/**
 * `months` calendar months after an ISO date, the day kept or cut to the month's last (as date-fns'
 * addMonths): on the strings, since a run works out some ten such dates for every insats.
 */
function addMonthsIso(iso: IsoDate, months: number): IsoDate {
  const y = Number(iso.slice(0, 4));
  const total = y * 12 + Number(iso.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(Number(iso.slice(8, 10)), daysIn(year, month));
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The day before or after an ISO date. */
function nextDay(iso: IsoDate, step: 1 | -1): IsoDate {
  let y = Number(iso.slice(0, 4));
  let m = Number(iso.slice(5, 7));
  let d = Number(iso.slice(8, 10)) + step;
  if (d > daysIn(y, m)) [d, m] = [1, m + 1];
  if (d < 1) {
    m -= 1;
    if (m < 1) [y, m] = [y - 1, 12];
    d = daysIn(y, m);
  }
  if (m > 12) [y, m] = [y + 1, 1];
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** The last day within `months` after the day `last`: 2025-06-30 + 1 → 2025-07-31 (a month from the next day, less a day). */
function monthsAfter(last: IsoDate, months: number): IsoDate {
  return nextDay(addMonthsIso(nextDay(last, 1), months), -1);
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

function addSplit(into: Map<number, number>, amount: number, from: IsoDate, to: IsoDate): void {
  for (const [year, part] of splitByYear(amount, from, to)) into.set(year, (into.get(year) ?? 0) + part);
}

/** m as the contract counts it: the started months from the start through P, between 0 and M. */
export function monthsThrough(start: IsoDate, end: IsoDate, per: IsoDate): number {
  if (per < start) return 0;
  return Math.min(monthsInPeriod(start, end), monthsInPeriod(start, per < end ? per : end));
}

/**
 * Which application each line names: by Diarienummer, else by Insats and Insatsägare, else by Insats
 * alone when one application has that name. Lines naming none, or an insats not granted, are problems.
 */
function matchLines(apps: readonly Application[], sheet: CostSheet): { byRow: Map<number, CostLine[]>; problems: CostLineProblem[] } {
  const byId = new Map<string, Application[]>();
  const byNameOwner = new Map<string, Application[]>();
  const byName = new Map<string, Application[]>();
  const push = (m: Map<string, Application[]>, k: string, a: Application) => {
    const list = m.get(k);
    if (list) list.push(a);
    else m.set(k, [a]);
  };
  for (const a of apps) {
    if (a.id) push(byId, textKey(a.id), a);
    push(byNameOwner, `${textKey(a.name)}\u0000${nameKey(a.owner)}`, a);
    push(byName, textKey(a.name), a);
  }
  const byRow = new Map<number, CostLine[]>();
  const problems: CostLineProblem[] = [];
  for (const line of sheet.lines) {
    let found: Application[] | undefined;
    let named: string;
    let cell: string | null;
    if (line.id) {
      found = byId.get(textKey(line.id));
      named = `Diarienummer ${line.id}`;
      cell = line.cells.id ?? null;
    } else if (line.owner) {
      found = byNameOwner.get(`${textKey(line.name!)}\u0000${nameKey(line.owner)}`);
      named = `insatsen ${line.name} med insatsägaren ${line.owner}`;
      cell = line.cells.name ?? null;
    } else {
      found = byName.get(textKey(line.name!));
      named = `insatsen ${line.name}`;
      cell = line.cells.name ?? null;
    }
    if (!found || found.length === 0) {
      problems.push({ kind: 'unknown-insats', sheet: sheet.sheet, row: line.row, cell, message: `Utfallsraden ${line.row} på bladet ${sheet.sheet} anger ${named} (${cell}), som inte finns bland ansökningarna; raden räknas inte.` });
      continue;
    }
    if (found.length > 1) {
      const rows = found.map((a) => a.row).join(' och ');
      problems.push({ kind: 'unknown-insats', sheet: sheet.sheet, row: line.row, cell, message: `Utfallsraden ${line.row} på bladet ${sheet.sheet} anger ${named} (${cell}), som passar flera ansökningar (rad ${rows}); ange Diarienummer. Raden räknas inte.` });
      continue;
    }
    const app = found[0];
    if (app.granted === null) {
      problems.push({ kind: 'not-granted', sheet: sheet.sheet, row: line.row, cell, message: `Utfallsraden ${line.row} på bladet ${sheet.sheet} anger ${named} (${cell}), som inte har något beviljat belopp (rad ${app.row}); raden räknas inte.` });
      continue;
    }
    const list = byRow.get(app.row);
    if (list) list.push(line);
    else byRow.set(app.row, [line]);
  }
  // Overlapping lines of one insats both count; the finding names both rows.
  for (const lines of byRow.values()) {
    const sorted = [...lines].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.row - b.row));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j].from <= sorted[i].to; j++) {
        const [a, b] = sorted[i].row < sorted[j].row ? [sorted[i], sorted[j]] : [sorted[j], sorted[i]];
        problems.push({
          kind: 'overlap',
          sheet: sheet.sheet,
          row: a.row,
          otherRow: b.row,
          cell: b.cells.from ?? null,
          message: `Utfallsraderna ${a.row} och ${b.row} på bladet ${sheet.sheet} gäller samma insats och överlappar (${a.from} – ${a.to} och ${b.from} – ${b.to}, se ${a.cells.from} och ${b.cells.from}); båda räknas.`,
        });
      }
    }
  }
  problems.sort((a, b) => a.row - b.row);
  return { byRow, problems };
}

function insatsFigures(app: Application, lines: readonly CostLine[] | undefined, per: IsoDate, params: ReportParameters): InsatsFollowUp {
  const B = Math.round(app.granted!);
  const M = monthsInPeriod(app.start, app.end);
  let source: InsatsFollowUp['source'];
  let at = per;
  let U = 0;
  const spentYears = new Map<number, number>();
  const participants = new Map<number, number>();
  const counted: number[] = [];
  let later = 0;
  if (lines && lines.length > 0) {
    source = 'sheet';
    for (const l of lines) {
      if (l.to > per) {
        later++;
        continue;
      }
      const kr = Math.round(l.amount);
      U += kr;
      addSplit(spentYears, kr, l.from, l.to);
      counted.push(l.row);
      if (l.participants !== null) {
        const y = Number(l.to.slice(0, 4));
        participants.set(y, (participants.get(y) ?? 0) + l.participants);
      }
    }
  } else if (app.spent !== null) {
    // Today's meaning: Utfall cumulative through Utfall per (default P), spread over the months it covers.
    source = 'row';
    at = app.spentAsOf ?? per;
    U = Math.round(app.spent);
    const through = at < app.start ? app.start : at < app.end ? at : app.end;
    addSplit(spentYears, U, app.start, through);
  } else {
    source = 'none';
  }
  const m = M > 0 ? monthsThrough(app.start, app.end, at) : 0;
  const expected = M > 0 ? Math.round((B * m) / M) : 0;
  const ended = at >= app.end;
  const grantedYears = splitByYear(B, app.start, app.end);
  const years = [...new Set([...grantedYears.keys(), ...spentYears.keys()])].sort((a, b) => a - b).map((year) => ({
    year,
    granted: grantedYears.get(year) ?? 0,
    spent: spentYears.get(year) ?? 0,
    participants: participants.has(year) ? participants.get(year)! : null,
  }));

  // Reports: one due every reportEveryMonths from the start, within reportWithinMonths after the period it covers.
  const reports = (lines ?? []).filter((l) => l.report === 'delrapport' || l.report === 'slutrapport');
  const lastReportEnd = reports.length ? reports.map((l) => l.to).reduce((a, b) => (a > b ? a : b)) : null;
  let reportPeriodEnd: IsoDate | null = null;
  let reportDueDate: IsoDate | null = null;
  const every = Math.max(1, Math.round(params.reportEveryMonths));
  for (let k = 1; k <= 1200; k++) {
    const periodEnd = nextDay(addMonthsIso(app.start, k * every), -1);
    // The period ending with the insats is the slutrapport's (slutrapport-saknas).
    if (periodEnd >= app.end) break;
    const due = monthsAfter(periodEnd, params.reportWithinMonths);
    if (due >= per) break;
    reportPeriodEnd = periodEnd;
    reportDueDate = due;
  }
  const finalReportDueDate = monthsAfter(app.end, params.finalReportWithinMonths);
  return {
    row: app.row,
    id: app.id,
    name: app.name,
    owner: app.owner,
    kind: app.kind,
    start: app.start,
    end: app.end,
    decisionDate: app.decisionDate,
    per: at,
    months: M,
    monthsPassed: m,
    granted: B,
    spent: U,
    source,
    expected,
    pace: m > 0 && expected > 0 ? round4(U / expected) : null,
    forecast: m > 0 ? Math.round((U * M) / m) : null,
    remaining: B - U,
    ended,
    unspent: ended && B - U > 0 ? B - U : null,
    overspent: U > B ? U - B : null,
    years,
    lines: counted,
    laterLines: later,
    reportPeriodEnd,
    reportDueDate,
    reportMissing: reportPeriodEnd !== null && (lastReportEnd === null || lastReportEnd < reportPeriodEnd),
    lastReportEnd,
    finalReportDueDate,
    finalReportDue: per > finalReportDueDate,
    finalReportGiven: reports.some((l) => l.report === 'slutrapport'),
  };
}

/**
 * The figures of every granted application (Beviljat belopp filled) at P, from the Utfall sheet
 * (null: the workbook has none) or each row's own Utfall. Pure: the same inputs give the same figures.
 */
export function computeFollowUp(apps: readonly Application[], sheet: CostSheet | null, per: IsoDate, paramsOf: (app: Application) => ReportParameters): FollowUpFigures {
  const matched = sheet ? matchLines(apps, sheet) : { byRow: new Map<number, CostLine[]>(), problems: [] };
  const insatser = new Map<number, InsatsFollowUp>();
  for (const app of apps) {
    if (app.granted === null || !(monthsInPeriod(app.start, app.end) > 0)) continue;
    insatser.set(app.row, insatsFigures(app, matched.byRow.get(app.row), per, paramsOf(app)));
  }
  return { per, sheet: sheet?.sheet ?? null, insatser, problems: [...(sheet?.problems ?? []), ...matched.problems].sort((a, b) => a.row - b.row) };
}
