import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBoardDocument } from '../../src/board/docx';
import { planBoardPapers } from '../../src/core/board';
import { ExcelJsWorkbook, openWorkbookBuffer } from '../../src/adapters/exceljs/workbook';
import { assessWorkbook } from '../../src/core/job';
import { typeset } from '../../src/board/docx';
import { shippedRules } from '../helpers/rules';
import { handBuilt } from './fixtures';
import { pdfLines } from './pdf-text';

/**
 * The .docx opens in another word processor: LibreOffice converts it to PDF without errors.
 * Skipped visibly without LibreOffice; under CI=true a missing soffice fails.
 */
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p)) ?? null;
const INSTALL_HINT = 'apt-get install -y --no-install-recommends libreoffice-writer-nogui';
const missing = SOFFICE === null;
const title = missing ? `board papers in LibreOffice (hoppas över: soffice saknas, installera med \`${INSTALL_HINT}\`)` : 'board papers in LibreOffice';
const describeIf = missing && process.env.CI !== 'true' ? describe.skip : describe;

function run2(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 150_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describeIf(title, () => {
  let dir: string;
  beforeAll(() => {
    if (SOFFICE === null) throw new Error(`soffice saknas: installera LibreOffice med \`${INSTALL_HINT}\``);
    dir = mkdtempSync(join(tmpdir(), 'board-pdf-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the .docx converts to PDF without errors', async () => {
    const papers = planBoardPapers(handBuilt(), { meeting: null, signer: 'Anna Berg', rulesets: await shippedRules() });
    const docx = join(dir, 'styrelseunderlag.docx');
    writeFileSync(docx, await buildBoardDocument(papers));
    // A profile of its own, so a LibreOffice already running elsewhere does not take the job.
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const result = await run2(SOFFICE!, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx]);
    expect(result.stderr).not.toMatch(/^Error/mu);
    expect(result.code).toBe(0);
    const pdf = readFileSync(join(dir, 'styrelseunderlag.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A cover and one page per proposal at least.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/gu) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1 + papers.proposals.length);
  }, 180_000);

  test('the cover table splits no word: every word of its cells stands whole on a line of the rendering (issue 20, item 5)', async () => {
    const sample = readFileSync(join(__dirname, '..', '..', 'examples', 'ansokningar.xlsx'));
    const run = await assessWorkbook(new ExcelJsWorkbook(await openWorkbookBuffer(sample)), await shippedRules(), {
      now: new Date(2025, 10, 19, 12, 0),
      board: { meeting: null, signer: null },
    });
    const papers = run.board!;
    const docx = join(dir, 'omslag.docx');
    writeFileSync(docx, await buildBoardDocument(papers));
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const result = await run2(SOFFICE!, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx]);
    expect(result.code).toBe(0);
    const lines = pdfLines(readFileSync(join(dir, 'omslag.pdf')));
    // The cover page: up to the note under the table.
    const cover = lines.slice(0, lines.findIndex((l) => l.startsWith('Belopp i kronor')));
    expect(cover.length).toBeGreaterThan(papers.proposals.length);
    const cells = ['Nr', 'Insats', 'Insatsägare', 'Förslag', 'Summa', ...papers.proposals.flatMap((p) => [p.name, p.owner, String(p.amount)])];
    const words = [...new Set(cells.flatMap((c) => typeset(c).split(/[ ]+/u)).filter((w) => w.length > 1))];
    const flat = (t: string) => t.replace(/[\u00a0\u202f]/gu, ' ');
    const split = words.filter((w) => !cover.some((l) => flat(l).includes(flat(w.replace(/^(\d+)$/u, (n) => typeset(Number(n).toLocaleString('sv-SE')))))));
    expect(split).toEqual([]);
  }, 180_000);
});
