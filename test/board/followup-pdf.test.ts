/**
 * The sample's follow-up report in another word processor: LibreOffice converts the .docx to PDF
 * in a temporary folder, and saving it again as .docx keeps a chart with the per-year figures
 * (it read the chart, not only carried it); no word of a table's cells is split over two lines
 * in LibreOffice's rendering (the columns fit their words, issue 20 item 5). Skipped visibly without LibreOffice; under CI=true a
 * missing soffice fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { buildFollowUpDocument } from '../../src/board/followup-docx';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { followUpTextsFor } from '../../src/core/followup/texts';
import { assessWorkbook } from '../../src/core/job';
import { soffice as sofficeIn, sofficeRuns, sofficeTitle } from '../ooxml/helpers';
import { shippedRules } from '../helpers/rules';
import { pdfLines } from './pdf-text';

const SAMPLE = join(__dirname, '..', '..', 'examples', 'ansokningar.xlsx');
const describeIf = sofficeRuns ? describe : describe.skip;

describeIf(sofficeTitle('the follow-up report in LibreOffice'), () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'followup-pdf-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const soffice = (args: string[]) => sofficeIn(dir, args);

  test('converts to PDF, and keeps the chart with the per-year figures when it saves the document again', async () => {
    const run = await assessWorkbook(openOoxml(readFileSync(SAMPLE)), await shippedRules(), { now: new Date(2025, 10, 20, 12), followUp: true });
    const report = run.followUp!;
    const file = join(dir, 'uppfoljning.docx');
    writeFileSync(file, await buildFollowUpDocument(report, { signature: 'Åsa Fichtel, Förbundschef', texts: followUpTextsFor(await shippedRules(), report.per) }));
    const pdf = await soffice(['--convert-to', 'pdf', '--outdir', dir, file]);
    expect(pdf.stderr).not.toMatch(/^Error/mu);
    expect(pdf.code).toBe(0);
    const bytes = readFileSync(join(dir, 'uppfoljning.pdf'));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((bytes.toString('latin1').match(/\/Type\s*\/Page(?!s)/gu) ?? []).length).toBeGreaterThanOrEqual(1);

    // Every word of every table cell stands whole on one of the PDF's lines (amounts keep their no-break spaces).
    const documentXml = strFromU8(unzipSync(new Uint8Array(readFileSync(file)))['word/document.xml']);
    const cells = [...documentXml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/gu)].map((m) => [...m[1].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((t) => t[1]).join(''));
    expect(cells.length).toBeGreaterThan(40);
    const flat = (t: string) => t.replace(/[\u00a0\u202f]/gu, ' ').replace(/&amp;/gu, '&');
    const words = [...new Set(cells.flatMap((c) => c.split(/ +/u)).filter((w) => w.length > 1))];
    const lines = pdfLines(bytes).map(flat);
    expect(words.filter((w) => !lines.some((l) => l.includes(flat(w))))).toEqual([]);

    const again = join(dir, 'again');
    expect((await soffice(['--convert-to', 'docx', '--outdir', again, file])).code).toBe(0);
    const parts = unzipSync(new Uint8Array(readFileSync(join(again, 'uppfoljning.docx'))));
    const chart = Object.keys(parts).find((n) => /^word\/charts\/chart\d+\.xml$/u.test(n) && strFromU8(parts[n]).includes('<c:barChart>'));
    expect(chart).toBeDefined();
    const xml = strFromU8(parts[chart!]);
    for (const y of report.years) expect(xml).toContain(`<c:v>${y.granted}</c:v>`);
  }, 300_000);
});
