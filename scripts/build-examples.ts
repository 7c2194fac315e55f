/**
 * Builds examples/ansokningar.xlsx from the reviewable source examples/ansokningar.json.
 * Run with `npm run examples`. Tests rebuild the workbook in memory and compare it
 * with the committed file, so the two cannot drift apart.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { writeFileAtomic } from '../src/node/files';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');
export const EXAMPLE_SOURCE = path.join(EXAMPLES_DIR, 'ansokningar.json');
export const EXAMPLE_WORKBOOK = path.join(EXAMPLES_DIR, 'ansokningar.xlsx');

/** A cell in the source: plain JSON, a real date, or a number with a number format. */
export type SourceValue = string | number | boolean | null | { date: string; numFmt?: string } | { number: number; numFmt: string };

export interface ExampleSource {
  sheet: string;
  title: string;
  columns: { header: string; width?: number }[];
  /** `null` is a fully empty row. `_visar` says what the row shows. */
  rows: (Record<string, SourceValue> | null)[];
  notes: { sheet: string; lines: string[] };
  /** Further sheets (the Budget sheet), written row by row from A1. */
  extraSheets?: { name: string; widths?: number[]; rows: SourceValue[][] }[];
}

const TITLE_ROW = 1;
/** One blank row between the title and the headers, to show that the header row is searched for. */
const HEADER_ROW = 3;
const DATE_FORMAT = 'yyyy-mm-dd';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
/** Fixed, so that rebuilding from the same source gives the same workbook properties. */
const FIXED_TIME = new Date(Date.UTC(2025, 0, 1));

export async function loadExampleSource(file = EXAMPLE_SOURCE): Promise<ExampleSource> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as ExampleSource;
}

function isoToUtcDate(iso: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (!m) throw new Error(`Ogiltigt datum i exempelkällan: "${iso}" (väntade ÅÅÅÅ-MM-DD)`);
  // ExcelJS stores dates as UTC midnight of the calendar day.
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function setCell(cell: ExcelJS.Cell, value: SourceValue | undefined): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object') {
    cell.value = value;
    return;
  }
  if ('date' in value) {
    cell.value = isoToUtcDate(value.date);
    cell.numFmt = value.numFmt ?? DATE_FORMAT;
    return;
  }
  cell.value = value.number;
  cell.numFmt = value.numFmt;
}

/** The sheet row each source row lands on (null rows included, as empty rows). */
export function exampleRowNumber(index: number): number {
  return HEADER_ROW + 1 + index;
}

export function buildExampleWorkbook(source: ExampleSource): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Insatsbedömning';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;

  const ws = wb.addWorksheet(source.sheet, { views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }] });
  const title = ws.getCell(TITLE_ROW, 1);
  title.value = source.title;
  title.font = { bold: true, size: 14 };

  source.columns.forEach((column, i) => {
    const cell = ws.getCell(HEADER_ROW, i + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'top', wrapText: true };
    if (column.width) ws.getColumn(i + 1).width = column.width;
  });
  const known = new Set(source.columns.map((c) => c.header));
  source.rows.forEach((row, index) => {
    if (!row) return;
    for (const key of Object.keys(row)) {
      if (!key.startsWith('_') && !known.has(key)) throw new Error(`Okänd kolumn "${key}" på rad ${index + 1} i exempelkällan`);
    }
    source.columns.forEach((column, i) => setCell(ws.getCell(exampleRowNumber(index), i + 1), row[column.header]));
  });

  const notes = wb.addWorksheet(source.notes.sheet);
  notes.getColumn(1).width = 110;
  const lines = [...source.notes.lines];
  source.rows.forEach((row, index) => {
    const what = row?._visar;
    if (typeof what === 'string') lines.push(`Rad ${exampleRowNumber(index)}: ${what}`);
  });
  lines.forEach((line, i) => {
    if (line !== '') notes.getCell(i + 1, 1).value = line;
  });
  notes.getCell(1, 1).font = { bold: true, size: 14 };

  for (const extra of source.extraSheets ?? []) {
    const sheet = wb.addWorksheet(extra.name);
    extra.widths?.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
    extra.rows.forEach((cells, r) => cells.forEach((value, c) => setCell(sheet.getCell(r + 1, c + 1), value)));
    sheet.getRow(1).font = { bold: true };
  }

  // Open on the applications sheet.
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return wb;
}

async function main(): Promise<void> {
  const wb = buildExampleWorkbook(await loadExampleSource());
  await writeFileAtomic(EXAMPLE_WORKBOOK, new Uint8Array(await wb.xlsx.writeBuffer()));
  process.stdout.write(`Skrev ${path.relative(process.cwd(), EXAMPLE_WORKBOOK)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`Fel: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
