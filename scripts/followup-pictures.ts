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

/**
 * The workbook with the Uppföljning sheet first and selected, so LibreOffice's picture is of that
 * sheet (its image export takes the first sheet whatever the active tab). Only for the picture.
 */
function onFollowUpSheet(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  const workbook = strFromU8(parts['xl/workbook.xml']);
  const sheets = [...workbook.matchAll(/<sheet [^>]*\/>/gu)].map((m) => m[0]);
  const ours = sheets.find((tag) => /\sname="Uppföljning"/u.test(tag));
  if (!ours) throw new Error('Arbetsboken saknar bladet Uppföljning.');
  const reordered = workbook
    .replace(sheets.join(''), [ours, ...sheets.filter((t) => t !== ours)].join(''))
    .replace(/\sactiveTab="\d+"/u, '')
    .replace(/\slocalSheetId="\d+"/gu, '');
  if (!reordered.includes(ours + sheets.filter((t) => t !== ours)[0])) throw new Error('Bladen i arbetsboken stod inte i följd.');
  parts['xl/workbook.xml'] = strToU8(reordered);
  for (const name of Object.keys(parts).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/u.test(n))) {
    parts[name] = strToU8(strFromU8(parts[name]).replace(/\stabSelected="1"/gu, ''));
  }
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
    const convertPdf = (file: string): string => {
      execFileSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { stdio: 'pipe', encoding: 'utf8' });
      const pdf = path.join(dir, `${path.basename(file, path.extname(file))}.pdf`);
      if (!existsSync(pdf)) throw new Error(`LibreOffice gjorde ingen PDF av ${path.basename(file)}.`);
      return pdf;
    };
    const convert = (filter: string, file: string, extra: string[] = []): string => {
      let said = '';
      try {
        said = execFileSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', ...extra, '--convert-to', filter, '--outdir', dir, file], { stdio: 'pipe', encoding: 'utf8' });
      } catch (err) {
        said = String((err as { stderr?: Buffer }).stderr ?? err);
      }
      const png = path.join(dir, `${path.basename(file, path.extname(file))}.png`);
      if (!existsSync(png)) throw new Error(`LibreOffice gjorde ingen bild av ${path.basename(file)} (${said.trim().split('\n').pop() ?? ''}). Bildexporten kräver paketet libreoffice-draw-nogui.`);
      return png;
    };
    // Both made before either is copied: a failure leaves docs/ as it was.
    // Through PDF: Writer's own image export leaves the Word chart out; Draw's PDF import draws it.
    const pdf = convertPdf(docx);
    const report = convert('png', pdf, ['--infilter=draw_pdf_import']);
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
