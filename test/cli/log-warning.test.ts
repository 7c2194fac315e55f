/**
 * The Logg on the command line: each run appends its line; an earlier line edited by hand is
 * named in a warning on stderr, left as it is, and the run still appends (issue 11).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../../src/cli/main';
import { LOG_HEADER, readLog } from '../../src/core/log';
import type { CellValue } from '../../src/core/types';

const SAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'ansokningar.xlsx');

async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, isTTY: false });
  return { code, stderr };
}

async function logOf(file: string): Promise<{ sheet: ExcelJS.Worksheet; book: ExcelJS.Workbook; values: CellValue[][] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet('Logg')!;
  const values: CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => values.push(LOG_HEADER.map((_, i) => (row.getCell(i + 1).value ?? null) as CellValue)));
  return { sheet, book, values };
}

test('an edited Logg line gives a warning naming its row, and the run still appends', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insats-logg-'));
  try {
    const first = path.join(dir, 'forsta.xlsx');
    expect((await cli([SAMPLE, '--out', first, '--date', '2026-11-20'])).code).toBe(0);
    const once = await logOf(first);
    expect(readLog({ name: 'Logg', top: 1, left: 1, values: once.values }).problems).toEqual([]);
    const lines = once.values.length;

    once.sheet.getRow(2).getCell(LOG_HEADER.indexOf('OK') + 1).value = 99;
    const edited = path.join(dir, 'andrad.xlsx');
    await once.book.xlsx.writeFile(edited);
    const second = path.join(dir, 'andra.xlsx');
    const run = await cli([edited, '--out', second, '--date', '2026-11-21']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Varning: Logg rad 2 har ändrats efter att den skrevs/mu);
    const twice = await logOf(second);
    expect(twice.values.length).toBe(lines + 1); // a run line more; no decision changed
    expect(twice.values[1][LOG_HEADER.indexOf('OK')]).toBe(99); // reported, not repaired
    expect(readLog({ name: 'Logg', top: 1, left: 1, values: twice.values }).problems).toEqual([expect.stringMatching(/^Logg rad 2 /u)]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 60_000); // two command-line processes, on a shared machine
