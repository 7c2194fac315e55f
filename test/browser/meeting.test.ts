/**
 * After the meeting, in the built pane (file mode, headless Chromium, no network): list the
 * meeting's ärenden, change two of them by keyboard only, Registrera styrelsens beslut, download,
 * and read the decisions and their Logg lines back with ExcelJS; then Exportera protokollsutdrag
 * gives the extracts of the recorded ärenden in paragraph order. axe-core finds no violations.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { LOG_EVENTS, LOG_HEADER } from '../../src/core/log';
import { normalise, openDocx } from '../board/docx-reader';
import { assessInFileMode, browserAvailability, OFFICE_JS_URL, REPO_ROOT, startPane, suiteTitle, type PaneSession } from './harness';

const SAMPLE = join(REPO_ROOT, 'examples', 'ansokningar.xlsx');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const availability = browserAvailability();
const describeInBrowser = availability.run ? describe : describe.skip;
if (!availability.run) console.warn(`Sammanträdesvyns webbläsartester hoppas över: ${availability.reason}`);

describeInBrowser(suiteTitle('the meeting view in Chromium'), () => {
  let pane: PaneSession | null = null;
  const blocked: string[] = [];

  beforeAll(async () => {
    if (availability.reason) throw new Error(availability.reason);
    pane = await startPane(blocked);
  }, 300_000);

  afterAll(async () => {
    await pane?.close();
  });

  test('records a meeting with two decisions changed in the list, by keyboard, and the download holds them', async () => {
    const { page, pageErrors } = await assessInFileMode(pane!, SAMPLE);

    const view = page.getByRole('region', { name: 'Efter sammanträdet' });
    await view.getByLabel('Sammanträdets datum').fill('2025-11-20');
    await view.getByLabel('Första paragraf').focus();
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('meeting-load');
    await page.keyboard.press('Enter');
    const status = page.locator('#meeting-status');
    await status.filter({ hasText: 'ärenden från sammanträdet 2025-11-20' }).waitFor({ timeout: 60_000 });
    expect(await view.getByRole('listitem').count()).toBe(2);

    // Accessibility: axe-core over the view with its list.
    await page.addScriptTag({ content: AXE_SOURCE });
    const axe = (await page.evaluate(() => (window as unknown as { axe: { run(el: Element): Promise<unknown> } }).axe.run(document.getElementById('meeting')!))) as {
      violations: { id: string; help: string; nodes: { target: string[] }[] }[];
    };
    expect(axe.violations.map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // Keyboard only: the first ärende's amount lowered, the second sent back (Återremiss is three steps down).
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('meeting-item-0-choice');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('200 000 kr');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('meeting-item-1-choice');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await view.getByLabel('Beslut för Gemensam utbildning i samverkan').inputValue()).toBe('referral');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('meeting-record');
    await page.keyboard.press('Enter');
    await status.filter({ hasText: '2 beslut registrerade av 2 ärenden' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('#error').isVisible()).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), 'insats-meeting-'));
    try {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner bedömd arbetsbok' }).click()]);
      const saved = join(dir, 'bedomd.xlsx');
      await download.saveAs(saved);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(saved);
      const ws = wb.getWorksheet('Ansökningar')!;
      const header = ws.getRow(3);
      const cell = (row: number, text: string) => {
        let col = 0;
        header.eachCell((c, n) => {
          if (c.text === text) col = n;
        });
        return ws.getRow(row).getCell(col).value;
      };
      expect([cell(25, 'Styrelsens beslut'), cell(25, 'Beviljat belopp'), cell(25, 'Paragraf')]).toEqual(['Bifall med ändring', 200000, '§\u00a012']);
      expect([cell(26, 'Styrelsens beslut'), cell(26, 'Beviljat belopp') ?? null, cell(26, 'Paragraf')]).toEqual(['Återremiss', null, '§\u00a013']);
      const logg = wb.getWorksheet('Logg')!;
      const lines: unknown[][] = [];
      logg.eachRow((row) => lines.push(LOG_HEADER.map((_, i) => row.getCell(i + 1).value ?? null)));
      const at = (h: (typeof LOG_HEADER)[number]) => LOG_HEADER.indexOf(h);
      expect(lines.filter((l) => l[at('Händelse')] === LOG_EVENTS.boardDecision).map((l) => [l[at('Rad')], l[at('Beslut')], l[at('Beviljat belopp')], l[at('Paragraf')]])).toEqual([
        [25, 'Bifall med ändring', 200000, '§\u00a012'],
        [26, 'Återremiss', null, '§\u00a013'],
      ]);

      // Exportera protokollsutdrag: one extract per decided ärende, in paragraph order, from the recorded file.
      const [minutes] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), view.getByRole('button', { name: 'Exportera protokollsutdrag' }).click()]);
      expect(minutes.suggestedFilename()).toBe('protokollsutdrag-2025-11-20.docx');
      const minutesFile = join(dir, 'utdrag.docx');
      await minutes.saveAs(minutesFile);
      const texts = (await openDocx(new Uint8Array(readFileSync(minutesFile)))).paragraphs.map((p) => normalise(p.text));
      const first = texts.findIndex((t) => /§ ?12\b/u.test(t));
      const second = texts.findIndex((t) => /§ ?13\b/u.test(t));
      expect(first).toBeGreaterThanOrEqual(0);
      expect(second).toBeGreaterThan(first);
      expect(texts.filter((t) => t === 'Förbundsstyrelsen beslutar')).toHaveLength(2);
      expect(texts.some((t) => t.includes('200 000 kr'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(pageErrors).toEqual([]);
    // Nothing fetched from outside but Office.js, which file mode tries and does without.
    expect(blocked.filter((u) => u !== OFFICE_JS_URL)).toEqual([]);
  }, 240_000);
});
