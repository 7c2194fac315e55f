/**
 * The pane's "Exportera uppföljning" in file mode (built pane, headless Chromium, no network): the
 * Word library is fetched on the first export, the downloaded report holds the per-year figures
 * the core computes for the same file and date, and the assessed workbook's download carries the
 * Uppföljning sheet with its chart.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { assessWorkbook } from '../../src/core/job';
import { formatWhole } from '../../src/core/format';
import { loadRulesetsFromDir } from '../../src/node/rules-dir';
import { normalise, openDocx } from '../board/docx-reader';
import { assessInFileMode, browserAvailability, REPO_ROOT, startPane, suiteTitle, type PaneSession } from './harness';

const SAMPLE = join(REPO_ROOT, 'examples', 'ansokningar.xlsx');
const PER = '2025-11-20';
const availability = browserAvailability();
const describeInBrowser = availability.run ? describe : describe.skip;
if (!availability.run) console.warn(`Uppföljningens webbläsartest hoppas över: ${availability.reason}`);

describeInBrowser(suiteTitle('follow-up export in Chromium'), () => {
  let pane: PaneSession | null = null;
  const blocked: string[] = [];

  beforeAll(async () => {
    if (availability.reason) throw new Error(availability.reason); // CI=true without a browser
    pane = await startPane(blocked);
  }, 300_000);

  afterAll(async () => {
    await pane?.close();
  });

  test('exports the follow-up: the report holds the per-year figures, the workbook the Uppföljning sheet and its chart', async () => {
    const registry = await loadRulesetsFromDir(join(REPO_ROOT, 'rules'));
    const expected = (await assessWorkbook(openOoxml(new Uint8Array(readFileSync(SAMPLE))), registry, { followUp: true, followUpDate: PER })).followUp!;
    expect(expected.years.length).toBeGreaterThan(1);

    const { server } = pane!;
    const { page, pageErrors: errors } = await assessInFileMode(pane!, SAMPLE);
    await page.waitForFunction(() => document.body.getAttribute('aria-busy') === 'false');

    const before = new Set(server.requests);
    expect([...before].some((r) => /followup-docx\.[0-9a-f]+\.js$/.test(r))).toBe(false);
    await page.getByLabel('Uppföljning per (tomt: i dag)').fill(PER);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Exportera uppföljning' }).click()]);
    expect(download.suggestedFilename()).toBe(`budgetuppfoljning-${PER}.docx`);
    expect(server.requests.filter((r) => !before.has(r)).some((r) => /followup-docx\.[0-9a-f]+\.js$/.test(r))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'insats-followup-'));
    try {
      const saved = join(dir, 'uppfoljning.docx');
      await download.saveAs(saved);
      const docx = await openDocx(new Uint8Array(readFileSync(saved)));
      expect(normalise(docx.paragraphs[0].text)).toBe(`Budgetuppföljning per ${PER}`);
      const yearTable = docx.tables.find((t) => normalise(t[0][0]) === 'År')!;
      for (const y of expected.years) {
        const row = yearTable.find((r) => r[0] === String(y.year))!.map(normalise);
        expect(row).toEqual([String(y.year), formatWhole(y.frame), formatWhole(y.granted), formatWhole(y.spent), formatWhole(y.remainingGranted), formatWhole(y.proposed), formatWhole(y.room)].map(normalise));
      }

      const [workbookDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner bedömd arbetsbok' }).click()]);
      await workbookDownload.saveAs(join(dir, 'bedomd.xlsx'));
      const parts = unzipSync(new Uint8Array(readFileSync(join(dir, 'bedomd.xlsx'))));
      const chart = Object.keys(parts).find((n) => /^xl\/charts\/chart\d+\.xml$/u.test(n));
      expect(chart).toBeDefined();
      for (const y of expected.years) expect(strFromU8(parts[chart!])).toContain(`<c:v>${y.granted}</c:v>`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
    expect(blocked.filter((u) => !u.includes('appsforoffice'))).toEqual([]);
    await page.close();
  }, 300_000);
});
