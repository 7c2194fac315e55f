import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBoardDocument } from '../../src/board/docx';
import { planBoardPapers } from '../../src/core/board';
import { handBuilt } from './fixtures';

/**
 * The .docx opens in another word processor: LibreOffice converts it to PDF without errors.
 * Skipped visibly without LibreOffice; under CI=true a missing soffice fails.
 */
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p)) ?? null;
const INSTALL_HINT = 'apt-get install -y --no-install-recommends libreoffice-writer-nogui';
const missing = SOFFICE === null;
const title = missing ? `board papers in LibreOffice (hoppas över: soffice saknas, installera med \`${INSTALL_HINT}\`)` : 'board papers in LibreOffice';
const describeIf = missing && process.env.CI !== 'true' ? describe.skip : describe;

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
    const papers = planBoardPapers(handBuilt(), { meeting: null, signer: 'Anna Berg', rulesets: { rulesets: [] } });
    const docx = join(dir, 'styrelseunderlag.docx');
    writeFileSync(docx, await buildBoardDocument(papers));
    // A profile of its own, so a LibreOffice already running elsewhere does not take the job.
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const result = await run(SOFFICE!, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx]);
    expect(result.stderr).not.toMatch(/^Error/mu);
    expect(result.code).toBe(0);
    const pdf = readFileSync(join(dir, 'styrelseunderlag.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A cover and one page per proposal at least.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/gu) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1 + papers.proposals.length);
  }, 180_000);
});
