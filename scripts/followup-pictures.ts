/**
 * `npm run pictures:followup`: the README's pictures of the budget follow-up, written to docs/ on
 * request (tests never write tracked files): the sample's report, first page
 * (docs/followup-report.png), and the Uppföljning sheet with its chart (docs/followup-sheet.png),
 * both rendered by LibreOffice. Needs LibreOffice's image export (the libreoffice-draw package
 * beside writer and calc); without it the script says so and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { runCli } from '../src/cli/main';

const REPO = path.resolve(__dirname, '..');
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));

/** The workbook opened on the Uppföljning sheet, so LibreOffice's picture is of that sheet. */
function onFollowUpSheet(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  const workbook = strFromU8(parts['xl/workbook.xml']);
  const names = [...workbook.matchAll(/<sheet [^>]*name="([^"]*)"/gu)].map((m) => m[1]);
  const index = names.indexOf('Uppföljning');
  if (index < 0) throw new Error('Arbetsboken saknar bladet Uppföljning.');
  const view = /<workbookView\b[^>]*?(\/?)>/u;
  const withTab = workbook.replace(view, (tag) => (/activeTab="/u.test(tag) ? tag.replace(/activeTab="\d+"/u, `activeTab="${index}"`) : tag.replace('<workbookView', `<workbookView activeTab="${index}"`)));
  parts['xl/workbook.xml'] = strToU8(withTab);
  return zipSync(parts);
}

async function main(): Promise<void> {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) saknas: installera libreoffice-writer-nogui, libreoffice-calc-nogui och libreoffice-draw-nogui.');
  const dir = mkdtempSync(path.join(tmpdir(), 'followup-pictures-'));
  try {
    const out = path.join(dir, 'uppfoljning.xlsx');
    const docx = path.join(dir, 'uppfoljning.docx');
    const sink = { write: () => true };
    const code = await runCli([path.join(REPO, 'examples', 'ansokningar.xlsx'), '--out', out, '--date', '2025-11-20', '--followup', docx, '--per', '2025-11-20'], { stdout: sink, stderr: process.stderr, isTTY: false });
    if (code !== 0) throw new Error(`kommandoraden slutade med ${code}`);
    const sheet = path.join(dir, 'uppfoljning-blad.xlsx');
    writeFileSync(sheet, onFollowUpSheet(readFileSync(out)));
    const profile = pathToFileURL(path.join(dir, 'profile')).href;
    // soffice ends with 0 also when a filter is missing: the picture's file says whether it worked.
    const convert = (filter: string, file: string): string => {
      let said = '';
      try {
        said = execFileSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', filter, '--outdir', dir, file], { stdio: 'pipe', encoding: 'utf8' });
      } catch (err) {
        said = String((err as { stderr?: Buffer }).stderr ?? err);
      }
      const png = path.join(dir, `${path.basename(file, path.extname(file))}.png`);
      if (!existsSync(png)) throw new Error(`LibreOffice gjorde ingen bild av ${path.basename(file)} (${said.trim().split('\n').pop() ?? ''}). Bildexporten kräver paketet libreoffice-draw-nogui.`);
      return png;
    };
    // Both made before either is copied: a failure leaves docs/ as it was.
    const report = convert('png:writer_png_Export', docx);
    const chart = convert('png:calc_png_Export', sheet);
    copyFileSync(report, path.join(REPO, 'docs', 'followup-report.png'));
    copyFileSync(chart, path.join(REPO, 'docs', 'followup-sheet.png'));
    process.stdout.write('Skrev docs/followup-report.png och docs/followup-sheet.png\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Fel: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
