/**
 * An application workbook in the fake Excel, and a WritePlan for it built the way the job
 * does (locateTable + planOutputColumns from the core), so the adapter is tested on the
 * shapes it will really get.
 */
import { TOOL_OUTPUT_FIELDS } from '../../src/core/fields';
import type { FillRun, SheetGrid, TextBlock, WritePlan } from '../../src/core/port';
import { locateTable, planOutputColumns } from '../../src/core/table';
import { STATUS_LABELS, type OutputField, type Status } from '../../src/core/types';
import type { RequirementChecker } from '../../src/adapters/office/workbook';
import { FakeExcel, type FakeSheet } from './fake-excel';

export const SHEET = 'Ansökningar';
export const HEADER_ROW = 3;
export const LEFT = 2; // column B
export const HEADERS = ['Diarienummer', 'Insats', 'Insatsägare', 'Startdatum', 'Slutdatum', 'Sökt belopp (kr)', 'Tjänsteomfattning', 'Förankrad'];
export const HOSTILE = ['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)'];

const COLORS: Record<Status, string> = { ok: '#E2EFDA', flag: '#FFF2CC', reject: '#F8CBAD', error: '#D9D9D9', closed: '#EDEDED' };
const STATUSES: Status[] = ['ok', 'flag', 'reject', 'error'];

/** Data rows on the sheet: HEADER_ROW+1 …, leaving one empty row in the middle when there are at least 10. */
export function dataRowNumbers(rows: number): number[] {
  const gap = rows >= 10 ? HEADER_ROW + 1 + Math.floor(rows / 2) : -1;
  const out: number[] = [];
  for (let r = HEADER_ROW + 1; out.length < rows; r++) if (r !== gap) out.push(r);
  return out;
}

export function applicationWorkbook(rows: number): { excel: FakeExcel; sheet: FakeSheet } {
  const excel = new FakeExcel();
  excel.addSheet('Instruktioner').set(1, 1, 'Fyll i en rad per ansökan.');
  const sheet = excel.addSheet(SHEET);
  excel.addSheet('Budget').set(1, 1, 'Ram 2026');
  excel.activeSheet = 'Budget';
  const rowsOnSheet = dataRowNumbers(rows);
  excel.tables.push({
    name: 'Ansökningar_2026',
    sheet: SHEET,
    headers: [...HEADERS],
    range: { top: HEADER_ROW, left: LEFT, bottom: rowsOnSheet[rowsOnSheet.length - 1] ?? HEADER_ROW + 1, right: LEFT + HEADERS.length - 1 },
  });

  sheet.set(1, LEFT, 'Ansökningar om insatsmedel 2026');
  sheet.setRow(HEADER_ROW, LEFT, HEADERS);
  const formats = ['General', 'General', 'General', 'yyyy-mm-dd', 'yyyy-mm-dd', '# ##0 "kr"', '0%', 'General'];
  for (const [i, r] of dataRowNumbers(rows).entries()) {
    sheet.setRow(
      r,
      LEFT,
      [`SF 2026/${i + 1}`, `Insats ${i + 1} – stöd till unga vuxna`, i % 3 === 0 ? 'Försäkringskassan' : 'Arbetsförmedlingen', 46023, 46387, 150000 + i, 0.5, i % 2 === 0],
      formats,
    );
  }
  // An error value as Office.js hands it over.
  sheet.set(dataRowNumbers(rows)[rows > 1 ? 1 : 0], LEFT + 5, '#N/A');
  return { excel, sheet };
}

export interface PlannedText {
  row: number;
  col: number;
  text: string;
}

function statusOf(row: number): Status {
  return STATUSES[row % STATUSES.length];
}

/** The Bedömning text for a row: hostile strings every 7th row, otherwise Swedish prose of about `length` characters. */
export function noteFor(row: number, length: number): string {
  if (row % 7 === 0) return HOSTILE[(row / 7) % HOSTILE.length];
  const sentence = 'Sökt belopp överstiger förbundets tak för en enskild insats; förankring i lokusgruppen saknas. ';
  let text = `Rad ${row}: `;
  while (text.length < length) text += sentence;
  return text.slice(0, Math.max(length, 8));
}

function textFor(row: number, field: OutputField, noteLength: number): string {
  switch (field) {
    case 'status':
      return STATUS_LABELS[statusOf(row)];
    case 'notes':
      return noteFor(row, noteLength);
    case 'decision':
      return statusOf(row) === 'error' ? '' : `att bevilja ${150000 + row} kr\natt uppdra åt kansliet att följa upp`;
    case 'rules':
      return row % 5 === 0 ? '-belopp-max' : 'belopp-max, förankring';
    case 'stamp':
      return '2026-11-22 14:03 · finsam-2025 v3';
    default:
      return '';
  }
}

/** Splits sorted row numbers into runs of consecutive rows. */
function runs(rows: number[]): number[][] {
  const out: number[][] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === r - 1) last.push(r);
    else out.push([r]);
  }
  return out;
}

/** A WritePlan for the grid as the job would make it: created headers, one block per tool column and run, fills by status. */
export function planFor(grid: SheetGrid, noteLength = 120): { plan: WritePlan; texts: PlannedText[] } {
  const layout = locateTable(grid);
  const { columns, created } = planOutputColumns(layout);
  const rowRuns = runs(layout.rows.map((r) => r.row));
  const blocks: TextBlock[] = [];
  const texts: PlannedText[] = [];
  for (const field of TOOL_OUTPUT_FIELDS) {
    for (const run of rowRuns) {
      const values = run.map((row) => textFor(row, field, noteLength));
      blocks.push({ col: columns[field], top: run[0], values });
      run.forEach((row, i) => texts.push({ row, col: columns[field], text: values[i] }));
    }
  }
  const fills: FillRun[] = [];
  for (const run of rowRuns) {
    for (const row of run) {
      const color = COLORS[statusOf(row)];
      const last = fills[fills.length - 1];
      if (last && last.color === color && last.top + last.count === row) last.count++;
      else fills.push({ top: row, count: 1, color });
    }
  }
  const headers = created.map((c) => ({ row: layout.headerRow, col: c.col, text: c.text }));
  for (const h of headers) texts.push({ row: h.row, col: h.col, text: h.text });
  return {
    plan: { sheet: grid.name, headers, blocks, fillColumns: TOOL_OUTPUT_FIELDS.map((f) => columns[f]), fills },
    texts,
  };
}

/** Counts `context.sync()` calls by wrapping it, as the acceptance asks. */
export function countSyncs(context: Excel.RequestContext): { readonly count: number } {
  const counter = { count: 0 };
  const original = context.sync.bind(context);
  (context as { sync: (...args: unknown[]) => Promise<unknown> }).sync = (...args: unknown[]) => {
    counter.count++;
    return (original as (...a: unknown[]) => Promise<unknown>)(...args);
  };
  return counter;
}

/** An Excel that supports ExcelApi up to `max` (e.g. '1.13'). */
export function excelApi(max: string): RequirementChecker {
  const [maxMajor, maxMinor] = max.split('.').map(Number);
  return {
    isSetSupported: (name: string, version?: string | number) => {
      const [major, minor] = String(version ?? '1.1').split('.').map(Number);
      return name === 'ExcelApi' && (major < maxMajor || (major === maxMajor && minor <= maxMinor));
    },
  };
}

/** The application sheet without its table, under a sheet autofilter in which a person filtered Insatsägare. */
export function filteredWorkbook(rows: number) {
  const { excel, sheet } = applicationWorkbook(rows);
  excel.tables = [];
  const last = dataRowNumbers(rows)[rows - 1];
  const criteria = Array.from({ length: HEADERS.length }, () => null as Excel.FilterCriteria | null);
  criteria[2] = { filterOn: 'Values', values: ['Försäkringskassan'] } as Excel.FilterCriteria;
  sheet.autoFilter = { range: { top: HEADER_ROW, left: LEFT, bottom: last, right: LEFT + HEADERS.length - 1 }, criteria };
  return { excel, sheet, last };
}
