import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbookBuffer } from '../../src/adapters/exceljs/workbook';
import { runCli } from '../../src/cli/main';
import { normalise, openDocx } from '../board/docx-reader';

const SAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'ansokningar.xlsx');

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insats-followup-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false });
  return { code, stdout, stderr };
}

describe('npm run assess -- IN.xlsx --followup REPORT.docx --per DATE', () => {
  test('the report, the Uppföljning sheet and --json\'s followUp hold the same numbers', async () => {
    const out = path.join(dir, 'ut.xlsx');
    const docx = path.join(dir, 'uppfoljning.docx');
    const json = path.join(dir, 'rapport.json');
    const r = await cli([SAMPLE, '--out', out, '--json', json, '--date', '2025-11-20', '--followup', docx, '--per', '2025-11-20', '--signer', 'Anna Berg']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Budgetuppföljning per 2025-11-20: fyra insatser, sju avvikelser, fyra rader på bladet Utfall kunde inte användas (se bladet Uppföljning).');
    expect(r.stdout).toContain(`Sparade ${out}, ${json} och ${docx}.`);

    const report = JSON.parse(await fs.readFile(json, 'utf8')).followUp;
    expect(report.per).toBe('2025-11-20');
    const opened = await openDocx(await fs.readFile(docx));
    expect(opened.paragraphs.some((p) => p.text === 'Anna Berg, Förbundschef')).toBe(true);
    const yearTable = opened.tables.find((t) => normalise(t[0][0]) === 'År')!;
    const workbook = await openWorkbookBuffer(await fs.readFile(out));
    const sheet = workbook.getWorksheet('Uppföljning')!;
    const sheetRows: unknown[][] = [];
    sheet.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1)));
    for (const y of report.years as { year: number; frame: number | null; granted: number; spent: number }[]) {
      const fromDoc = yearTable.find((row) => row[0] === String(y.year))!.map(normalise);
      expect(fromDoc.slice(1, 4)).toEqual([y.frame, y.granted, y.spent].map((n) => (n === null ? '–' : normalise(n.toLocaleString('sv-SE')))));
      const fromSheet = sheetRows.find((row) => row[0] === String(y.year) && (row[1] === y.frame || (row[1] === undefined && y.frame === null)))!;
      expect(fromSheet.slice(2, 4)).toEqual([y.granted, y.spent]);
    }
    // The Utfall sheet is read, never written: its cells come back as they were.
    const before = (await openWorkbookBuffer(await fs.readFile(SAMPLE))).getWorksheet('Utfall')!;
    const after = workbook.getWorksheet('Utfall')!;
    expect(after.rowCount).toBe(before.rowCount);
    before.eachRow((row, n) => expect(after.getRow(n).values).toEqual(row.values));
    // A whole run, a report and two workbooks read back: seconds, more on a loaded machine.
  }, 60_000);

  test('a folder that does not exist for the report: exit 1, nothing written', async () => {
    const out = path.join(dir, 'ut.xlsx');
    const r = await cli([SAMPLE, '--out', out, '--date', '2025-11-20', '--followup', path.join(dir, 'saknas', 'u.docx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Fel: Kan inte skriva .*u\.docx: mappen .* finns inte\n$/u);
    expect(existsSync(out)).toBe(false);
  });

  test.each([
    [['--followup', 'x.pdf'], '--followup ska vara en Word-fil som slutar på .docx (fick "x.pdf").'],
    [['--followup', 'x.docx', '--per', '2025-02-30'], '--per ska vara ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-09-30 (fick "2025-02-30").'],
    [['--signer', 'Anna'], 'Flaggan --signer gäller styrelseunderlaget: ange också --board FIL.docx.'],
  ])('usage mistake %j: exit 2 with the reason', async (args, message) => {
    const r = await cli([SAMPLE, '--out', path.join(dir, 'ut.xlsx'), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
