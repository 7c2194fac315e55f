/**
 * The review view in the built pane (file mode, headless Chromium, no network): open it after
 * a run, decide two flagged rows by keyboard and by pointer, download, and read the decisions,
 * the re-rendered drafts and the Logg back from the file with ExcelJS. An axe-core scan of the
 * view (axe's source injected into the page, nothing fetched) finds no violations.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { assessWorkbook } from '../../src/core/job';
import { LOG_EVENTS, LOG_HEADER, readLog } from '../../src/core/log';
import { loadRulesetsFromDir } from '../../src/node/rules-dir';
import { normalise, openDocx } from '../board/docx-reader';
import type { CellValue } from '../../src/core/types';
import { browserAvailability, coreRun, REPO_ROOT, startPane, suiteTitle, type PaneSession, type StaticServer } from './harness';

const SAMPLE = join(REPO_ROOT, 'examples', 'ansokningar.xlsx');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const availability = browserAvailability();
const describeInBrowser = availability.run ? describe : describe.skip;
if (!availability.run) console.warn(`Granskningsvyns webbläsartester hoppas över: ${availability.reason}`);

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

function spaced(text: string | null): string {
  return (text ?? '').replace(/\s/gu, ' ').trim();
}

/** A cell as text (rich text joined), for comparing with what the pane showed. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return String(value);
}

describeInBrowser(suiteTitle('review view in Chromium'), () => {
  let server: StaticServer;
  let context: BrowserContext;
  let pane: PaneSession | null = null;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (availability.reason) throw new Error(availability.reason); // CI=true without a browser
    pane = await startPane(blocked);
    ({ server, context } = pane);
  }, 300_000);

  afterAll(async () => {
    await pane?.close();
  });

  async function runSample(): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => void dialog.dismiss());
    await page.goto(`${server.origin}/taskpane.html`);
    await page.locator('#mode-badge', { hasText: 'Webbläsare' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Välj arbetsbok').setInputFiles({ name: 'ansokningar.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: readFileSync(SAMPLE) });
    const run = page.getByRole('button', { name: 'Bedöm ansökningar' });
    await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false', undefined, { timeout: 30_000 });
    await run.focus();
    await page.keyboard.press('Enter');
    // While the run is busy the button is aria-disabled, and the keyboard focus stays on it.
    await page.waitForFunction(() => !document.getElementById('results')?.hidden || !document.getElementById('error')?.hidden, undefined, { timeout: 60_000 });
    expect(await page.locator('#error').isVisible() ? await page.locator('#error').textContent() : null).toBeNull();
    await page.waitForFunction(() => document.body.getAttribute('aria-busy') === 'false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('run-button');
    return page;
  }

  test('reviews two flagged rows, decides both, and the download holds the decisions, the drafts and the Logg', async () => {
    const expected = await coreRun(new Uint8Array(readFileSync(SAMPLE)));
    const flagged = expected.assessments.filter((a) => a.status === 'flag');
    expect(flagged.length).toBeGreaterThanOrEqual(2);

    const page = await runSample();
    // The review view's code is fetched only now.
    const before = new Set(server.requests);
    await page.getByRole('button', { name: 'Granska och besluta' }).click();
    const view = page.getByRole('region', { name: 'Granska och besluta' });
    await view.waitFor({ state: 'visible' });
    expect(server.requests.filter((r) => !before.has(r)).some((r) => /review\.[0-9a-f]+\.js$/.test(r))).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-view-heading');

    // Accessibility: axe-core over the view, injected into the page.
    await page.addScriptTag({ content: AXE_SOURCE });
    const axe = (await page.evaluate(() => (window as unknown as { axe: { run(el: Element): Promise<unknown> } }).axe.run(document.getElementById('review-view')!))) as AxeResult;
    expect(axe.violations.map((v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // Only flagged rows, then step to the first two.
    await view.getByLabel('Visa').selectOption({ label: 'Flaggad' });
    const position = page.locator('#review-position');
    expect(spaced(await position.textContent())).toBe(`Rad 1 av ${flagged.length} att granska (bladets rad ${flagged[0].row}).`);
    expect(await view.getByRole('button', { name: 'Föregående' }).getAttribute('aria-disabled')).toBe('true');
    expect(spaced(await page.locator('#review-row-heading').textContent())).toContain(flagged[0].name!);
    // The row's figures, Kontroller and drafts are shown.
    expect(await view.getByRole('heading', { name: 'Kontroller' }).count()).toBe(1);
    const checks = await page.locator('.review-checks li').allTextContents();
    expect(checks.length).toBeGreaterThan(0);

    // Row 1 by keyboard only: arrow keys in the radio group, a Swedish amount, Enter saves.
    const grant = view.getByRole('radio', { name: 'Bevilja', exact: true });
    await grant.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await view.getByRole('radio', { name: 'Bevilja med ändrat belopp' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-amount');
    await page.keyboard.type('15O 000');
    await page.keyboard.press('Enter');
    await page.locator('#review-form-error').waitFor({ state: 'visible' });
    expect(await page.locator('#review-form-error').textContent()).toContain('Kan inte tolka Beslutat belopp');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-amount');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('80 000 kr');
    await page.keyboard.press('Enter');
    await page.locator('#review-saved', { hasText: 'Sparat i rad' }).waitFor({ timeout: 60_000 });
    expect(spaced(await page.locator('#review-saved').textContent())).toBe(`Sparat i rad ${flagged[0].row}: Bevilja med ändrat belopp, 80 000 kr. Förslaget till beslut är uppdaterat.`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-amount');
    const firstDraft = await page.locator('[data-field="decision"]').textContent();

    // Row 2: Nästa with the keyboard, then the pointer.
    await view.getByRole('button', { name: 'Nästa' }).focus();
    await page.keyboard.press('Enter');
    expect(spaced(await position.textContent())).toBe(`Rad 2 av ${flagged.length} att granska (bladets rad ${flagged[1].row}).`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-next');
    await view.getByRole('radio', { name: 'Avslå' }).check();
    await view.getByLabel('Kommentar').fill('=insatsen saknar förankring');
    await view.getByRole('button', { name: 'Spara beslut' }).click();
    await page.locator('#review-saved', { hasText: `Sparat i rad ${flagged[1].row}` }).waitFor({ timeout: 60_000 });
    const secondDraft = await page.locator('[data-field="decision"]').textContent();
    expect(await page.locator('#error').isVisible()).toBe(false);
    expect(await page.locator('#review-form-error').isVisible()).toBe(false);

    // The download: both decisions, the drafts as the pane re-rendered them, and two Logg lines.
    const dir = mkdtempSync(join(tmpdir(), 'insats-review-'));
    const downloaded = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner bedömd arbetsbok' }).click()]);
      const saved = join(dir, name);
      await download.saveAs(saved);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(saved);
      return wb;
    };
    try {
      const wb = await downloaded('first.xlsx');
      const ws = wb.getWorksheet(expected.sheet)!;
      const header = ws.getRow(expected.headerRow);
      const columnOf = (text: string) => {
        let found = 0;
        header.eachCell((cell, col) => {
          if (cell.text === text) found = col;
        });
        if (!found) throw new Error(`no column ${text}`);
        return found;
      };
      const cell = (row: number, header: string) => ws.getRow(row).getCell(columnOf(header)).value;
      const [one, two] = flagged;
      expect(cell(one.row, 'Chefens beslut')).toBe('Bevilja med ändrat belopp');
      expect(cell(one.row, 'Beslutat belopp')).toBe(80000);
      expect(spaced(cellText(cell(one.row, 'Förslag till beslut')))).toBe(spaced(firstDraft));
      expect(cell(two.row, 'Chefens beslut')).toBe('Avslå');
      expect(cell(two.row, 'Kommentar')).toBe('=insatsen saknar förankring'); // text, never a formula
      expect(spaced(cellText(cell(two.row, 'Förslag till beslut')))).toBe(spaced(secondDraft));
      // The drafts follow the decisions: the changed amount granted, the rejection with the chief's reason.
      expect(spaced(firstDraft)).toContain('80 000');
      expect(spaced(secondDraft)).toMatch(/^att avslå/);
      expect(spaced(secondDraft)).toContain('insatsen saknar förankring');

      const logg = wb.getWorksheet('Logg');
      if (!logg) throw new Error('no Logg sheet in the download');
      const values: CellValue[][] = [];
      logg.eachRow({ includeEmpty: true }, (row) => values.push(LOG_HEADER.map((_, i) => {
        const v = row.getCell(i + 1).value;
        return v === undefined || v === null ? null : typeof v === 'object' && 'richText' in v ? cellText(v) : (v as CellValue);
      })));
      const state = readLog({ name: 'Logg', top: 1, left: 1, values });
      expect(state.problems).toEqual([]);
      // The run's line (and any decision the sample already held), then one line per saved decision.
      expect(state.entries[0].kind).toBe('run');
      const at = (r: CellValue[], h: (typeof LOG_HEADER)[number]) => r[LOG_HEADER.indexOf(h)];
      const lastTwo = values.slice(-2);
      expect(lastTwo.map((r) => [at(r, 'Händelse'), at(r, 'Rad'), at(r, 'Beslut'), at(r, 'Beslutat belopp'), at(r, 'Kommentar')])).toEqual([
        [LOG_EVENTS.newDecision, one.row, 'Bevilja med ändrat belopp', 80000, null],
        [LOG_EVENTS.newDecision, two.row, 'Avslå', null, '=insatsen saknar förankring'],
      ]);

      // A later run in the pane starts from the decided file: the decisions stay.
      await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
      await page.waitForFunction(() => document.body.getAttribute('aria-busy') === 'false' && document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false');
      expect(await page.locator('#error').isVisible()).toBe(false);
      const again = (await downloaded('again.xlsx')).getWorksheet(expected.sheet)!;
      expect(again.getRow(one.row).getCell(columnOf('Chefens beslut')).value).toBe('Bevilja med ändrat belopp');
      expect(again.getRow(two.row).getCell(columnOf('Kommentar')).value).toBe('=insatsen saknar förankring');

      // An earlier Logg line edited by hand: the pane warns, naming the row, and the run still appends.
      const edited = new ExcelJS.Workbook();
      await edited.xlsx.readFile(join(dir, 'again.xlsx'));
      const editedLog = edited.getWorksheet('Logg')!;
      const linesBefore = editedLog.actualRowCount;
      editedLog.getRow(3).getCell(LOG_HEADER.indexOf('Kommentar') + 1).value = 'ändrad i efterhand';
      await page.getByLabel('Välj arbetsbok').setInputFiles({ name: 'andrad.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await edited.xlsx.writeBuffer()) });
      await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false', undefined, { timeout: 30_000 });
      await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
      const warnings = page.getByRole('list', { name: 'Varningar om bladet Logg' });
      await warnings.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await warnings.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Logg rad 3 har ändrats efter att den skrevs/)]);
      const appended = (await downloaded('andrad.bedomd.xlsx')).getWorksheet('Logg')!;
      expect(appended.actualRowCount).toBeGreaterThan(linesBefore);
      expect(cellText(appended.getRow(3).getCell(LOG_HEADER.indexOf('Kommentar') + 1).value)).toBe('ändrad i efterhand'); // reported, not repaired
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(pageErrors).toEqual([]);
    expect(blocked.filter((u) => !u.includes('appsforoffice'))).toEqual([]);
    await page.close();
  }, 240_000);
  test('exports the board papers: the Word document is fetched on the first export and holds the proposals the core plans; the sheet lists the rows not ready', async () => {
    const registry = await loadRulesetsFromDir(join(REPO_ROOT, 'rules'));
    const bytes = new Uint8Array(readFileSync(SAMPLE));
    const expected = await assessWorkbook(openOoxml(bytes), registry, { board: { meeting: null, signer: 'Anna Berg' } });
    const papers = expected.board!;
    expect(papers.proposals.length).toBeGreaterThan(1);
    expect(papers.notReady.length).toBeGreaterThan(0);

    const page = await runSample();
    const before = new Set(server.requests);
    expect([...before].some((r) => /board-docx\.[0-9a-f]+\.js$/.test(r))).toBe(false);
    await page.getByLabel('Undertecknas av (tomt: regelverkets underskrift)').fill('Anna Berg');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Exportera styrelseunderlag' }).click()]);
    expect(download.suggestedFilename()).toBe('styrelseunderlag.docx');
    expect(server.requests.filter((r) => !before.has(r)).some((r) => /board-docx\.[0-9a-f]+\.js$/.test(r))).toBe(true);
    const status = page.getByRole('status').filter({ hasText: 'styrelseunderlag.docx' });
    expect(spaced(await status.textContent())).toContain(`${papers.proposals.length} förslag; ${papers.notReady.length} rader är inte klara`);

    const dir = mkdtempSync(join(tmpdir(), 'insats-board-'));
    try {
      const saved = join(dir, 'styrelseunderlag.docx');
      await download.saveAs(saved);
      const docx = await openDocx(new Uint8Array(readFileSync(saved)));
      const text = docx.paragraphs.map((p) => normalise(p.text));
      for (const proposal of papers.proposals) {
        expect(text).toEqual(expect.arrayContaining(proposal.clauses.map(normalise)));
      }
      // Rows not ready are in the sheet, not in the document.
      for (const row of papers.notReady) expect(text.some((t) => t.includes(row.name) && !papers.proposals.some((p) => p.name === row.name))).toBe(false);
      expect(text[text.length - 1]).toContain('Anna Berg');

      // The assessed workbook's download carries the Styrelseunderlag sheet in the same write.
      const [workbookDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner bedömd arbetsbok' }).click()]);
      await workbookDownload.saveAs(join(dir, 'bedomd.xlsx'));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(dir, 'bedomd.xlsx'));
      const sheet = workbook.getWorksheet('Styrelseunderlag');
      expect(sheet).toBeDefined();
      const cells: string[] = [];
      sheet!.eachRow((row) => row.eachCell((cell) => cells.push(cellText(cell.value))));
      for (const row of papers.notReady) expect(cells).toContain(row.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 240_000);
});
