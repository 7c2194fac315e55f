/**
 * The person's `Utfall` sheet (after-the-board.md, "Costs reported"): one line per cost report,
 * read with the same cell readers as the applications. Never written. A line that cannot be read
 * is a problem naming the sheet, row and cell, and counts nowhere; the other lines go on.
 */
import { fieldLabel } from '../fields';
import { headerKey } from '../fold';
import { cellAddress } from '../a1';
import type { SheetGrid } from '../port';
import { cellText, isBlankCell, readDate, readMoney, readText } from '../readers';
import type { CellValue, IsoDate } from '../types';

export const COST_SHEET = 'Utfall';

export type ReportKind = 'delrapport' | 'slutrapport' | 'ekonomisk-redovisning';

/** One readable cost line. */
export interface CostLine {
  /** 1-based row on the sheet. */
  row: number;
  id: string | null;
  name: string | null;
  owner: string | null;
  from: IsoDate;
  to: IsoDate;
  /** The costs of that period alone, whole öre as read. */
  amount: number;
  report: ReportKind | null;
  participants: number | null;
  note: string | null;
  /** `Utfall!B5`, per column, for messages about the line. */
  cells: Partial<Record<CostColumn, string>>;
}

/** A line of the sheet that cannot be used, or a pair that overlaps: structured, its message Swedish. */
export interface CostLineProblem {
  kind: 'unreadable' | 'unknown-insats' | 'not-granted' | 'overlap' | 'no-header';
  sheet: string;
  /** The line's sheet row (the first of an overlapping pair). */
  row: number;
  /** The cell it concerns, `Utfall!D7`. */
  cell: string | null;
  /** The other line's row, for an overlap. */
  otherRow?: number;
  message: string;
}

export interface CostSheet {
  sheet: string;
  lines: CostLine[];
  problems: CostLineProblem[];
}

export type CostColumn = 'id' | 'name' | 'owner' | 'from' | 'to' | 'amount' | 'report' | 'participants' | 'note';

/** Headers as headerKey gives them (å/ä → a, ö → o, lower case). */
const HEADERS: Record<CostColumn, string[]> = {
  id: ['diarienummer', 'dnr'],
  name: ['insats'],
  owner: ['insatsagare'],
  from: ['fran', 'period fran'],
  to: ['till', 'period till', 't.o.m.', 't.o.m', 'tom'],
  amount: ['utfall', 'kostnad', 'belopp'],
  report: ['rapport', 'typ'],
  participants: ['deltagare', 'antal deltagare'],
  note: ['anteckning'],
};

const LABELS: Record<CostColumn, string> = {
  id: 'Diarienummer',
  name: 'Insats',
  owner: 'Insatsägare',
  from: 'Från',
  to: 'Till',
  amount: 'Utfall',
  report: 'Rapport',
  participants: 'Deltagare',
  note: 'Anteckning',
};

const REPORTS: [RegExp, ReportKind][] = [
  [/^delrapport/u, 'delrapport'],
  [/^slutrapport/u, 'slutrapport'],
  [/^ekonomisk/u, 'ekonomisk-redovisning'],
];

function findHeader(grid: SheetGrid): { row: number; cols: Partial<Record<CostColumn, number>> } | null {
  for (let i = 0; i < Math.min(grid.values.length, 20); i++) {
    const cols: Partial<Record<CostColumn, number>> = {};
    grid.values[i].forEach((v, j) => {
      if (typeof v !== 'string') return;
      const h = headerKey(v);
      for (const [key, names] of Object.entries(HEADERS) as [CostColumn, string[]][]) if (names.includes(h) && cols[key] === undefined) cols[key] = j;
    });
    const identifies = cols.id !== undefined || cols.name !== undefined;
    if (identifies && cols.from !== undefined && cols.to !== undefined && cols.amount !== undefined) return { row: i, cols };
  }
  return null;
}

/** Reads the `Utfall` sheet; never throws on a line, only collects its problem. */
export function readCostSheet(grid: SheetGrid, options: { date1904: boolean }): CostSheet {
  const sheet = grid.name;
  const found = findHeader(grid);
  if (!found) {
    return {
      sheet,
      lines: [],
      problems: [{ kind: 'no-header', sheet, row: grid.top, cell: null, message: `Bladet ${sheet} saknar rubrikerna Diarienummer (eller Insats), Från, Till och Utfall inom de 20 första raderna; inget utfall är läst därifrån.` }],
    };
  }
  const lines: CostLine[] = [];
  const problems: CostLineProblem[] = [];
  for (let i = found.row + 1; i < grid.values.length; i++) {
    const values = grid.values[i];
    const row = grid.top + i;
    const value = (c: CostColumn): CellValue => (found.cols[c] === undefined ? null : (values[found.cols[c]!] ?? null));
    const address = (c: CostColumn) => `${sheet}!${cellAddress(row, grid.left + (found.cols[c] ?? 0))}`;
    const present = (Object.keys(HEADERS) as CostColumn[]).filter((c) => found.cols[c] !== undefined);
    if (present.every((c) => isBlankCell(value(c)))) continue;
    const cells = Object.fromEntries(present.map((c) => [c, address(c)])) as CostLine['cells'];
    const raw = (c: CostColumn) => ({ value: value(c), address: address(c) });
    const unreadable = (c: CostColumn, message: string) => problems.push({ kind: 'unreadable', sheet, row, cell: address(c), message });

    const id = readText(raw('id'), 'id');
    const name = readText(raw('name'), 'name');
    const owner = readText(raw('owner'), 'owner');
    const from = readDate(raw('from'), 'start', options);
    const to = readDate(raw('to'), 'end', options);
    const amount = readMoney(raw('amount'), 'spent');
    const errors: [CostColumn, string][] = [];
    // The readers name the application's column (Startdatum); this sheet's is Från.
    for (const [c, r] of [['id', id], ['name', name], ['owner', owner], ['from', from], ['to', to], ['amount', amount]] as const) {
      if (!r.ok) errors.push([c, r.error.message.replace(fieldLabel(r.error.field as Parameters<typeof fieldLabel>[0]), LABELS[c])]);
    }
    const idValue = id.ok ? id.value : null;
    const nameValue = name.ok ? name.value : null;
    if (errors.length === 0 && idValue === null && nameValue === null) errors.push([found.cols.id !== undefined ? 'id' : 'name', `Raden ${row} på bladet ${sheet} anger varken Diarienummer eller Insats (${address(found.cols.id !== undefined ? 'id' : 'name')}); raden räknas inte.`]);
    for (const c of ['from', 'to', 'amount'] as const) {
      const r = c === 'amount' ? amount : c === 'from' ? from : to;
      if (r.ok && r.value === null && errors.length === 0) errors.push([c, `${LABELS[c]} saknas i ${address(c)}; raden ${row} på bladet ${sheet} räknas inte.`]);
    }
    if (errors.length === 0 && from.ok && to.ok && from.value !== null && to.value !== null && to.value < from.value) {
      errors.push(['to', `Till i ${address('to')} (${to.value}) ligger före Från i ${address('from')} (${from.value}); raden ${row} på bladet ${sheet} räknas inte.`]);
    }
    let report: ReportKind | null = null;
    const reportCell = value('report');
    if (!isBlankCell(reportCell)) {
      const text = cellText(reportCell).toLowerCase();
      report = REPORTS.find(([re]) => re.test(text))?.[1] ?? null;
      if (report === null) errors.push(['report', `Kan inte tolka Rapport i ${address('report')}: "${cellText(reportCell)}". Skriv Delrapport, Slutrapport eller Ekonomisk redovisning, eller lämna cellen tom.`]);
    }
    let participants: number | null = null;
    const participantCell = value('participants');
    if (!isBlankCell(participantCell)) {
      const n = typeof participantCell === 'number' ? participantCell : /^\d+$/u.test(cellText(participantCell)) ? Number(cellText(participantCell)) : NaN;
      if (!Number.isInteger(n) || n < 0) errors.push(['participants', `Kan inte tolka Deltagare i ${address('participants')}: "${cellText(participantCell)}". Skriv ett helt antal.`]);
      else participants = n;
    }
    if (errors.length > 0) {
      for (const [c, message] of errors) unreadable(c, message);
      continue;
    }
    const noteCell = value('note');
    lines.push({
      row,
      id: idValue,
      name: nameValue,
      owner: owner.ok ? owner.value : null,
      from: (from as { value: IsoDate }).value,
      to: (to as { value: IsoDate }).value,
      amount: (amount as { value: number }).value,
      report,
      participants,
      note: isBlankCell(noteCell) ? null : cellText(noteCell),
      cells,
    });
  }
  return { sheet, lines, problems };
}
