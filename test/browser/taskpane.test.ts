/**
 * The built task pane in headless Chromium with no network: Office.js cannot load, so the
 * pane must come up in file mode, assess a workbook chosen with "Välj arbetsbok", list the
 * rows, and offer the assessed workbook for download. The counts it shows are checked
 * against the core run in Node on the same file, and the download is read back with ExcelJS.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatKr, formatWhole } from '../../src/core/format';
import { STATUS_LABELS, type Status } from '../../src/core/types';
import { checkManifest, distFileForPath, validateWithXsd, XSD_PATH } from '../../scripts/validate-manifest';
import { XLSM_MIME, XLSX_MIME } from '../../src/taskpane/file-mode';
import { features } from '../ooxml/features';
import { zip } from '../ooxml/fixtures';
import { browserAvailability, buildTaskpane, coreRun, launchChromium, OFFICE_JS_URL, offlineContext, REPO_ROOT, serveStatic, suiteTitle, TEST_ADDIN_URL, type StaticServer } from './harness';

const SAMPLE = join(REPO_ROOT, 'examples', 'ansokningar.xlsx');
// The README's picture is made on request (`npm run docs:pictures`), never by a plain test run:
// tests leave every tracked file as it was. Otherwise it goes to a temporary folder and is checked there.
const WRITE_DOCS = process.env.INSATS_WRITE_DOCS === '1';
const README_PICTURE = join(REPO_ROOT, 'docs', 'taskpane.png');
const SEEDS = ['Lokussamordnare Älvkarleby', 'Lokussamordnare Uppsala'];
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const STATUSES: Status[] = ['ok', 'flag', 'reject', 'error'];

const availability = browserAvailability();
const describeInBrowser = availability.run ? describe : describe.skip;
if (!availability.run) console.warn(`Webbläsartesterna hoppas över: ${availability.reason}`);

/** A small workbook whose rows carry hostile text. */
async function hostileWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ansökningar');
  ws.addRow(['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning']);
  ws.addRow(['2025-900', HOSTILE_NAME, 'Uppsala kommun', 'Försäkringskassan, Arbetsförmedlingen', 'strukturövergripande', '2025-01-01', '2025-12-31', '150 000 kr', '20 %']);
  ws.addRow(['2025-901', '<script>alert(2)</script>', 'Tierp kommun', 'Region Uppsala', 'individinriktad', '2025-01-01', '2025-12-31', '15O 000', '40 %']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A workbook whose Regelparametrar sheet sets two parameters: a cap as a number, a list as text. */
async function parameterWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ansökningar');
  ws.addRow(['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning']);
  ws.addRow(['2024-017', 'Lokussamordnare Uppsala', 'Uppsala kommun', 'Försäkringskassan, Arbetsförmedlingen och Region Uppsala', 'strukturövergripande', '2025-01-01', '2026-12-31', 560000, 0.4]);
  const params = wb.addWorksheet('Regelparametrar');
  params.addRow(['Parameter', 'Värde']);
  params.addRow(['maxAmountPerYear', 250000]);
  params.getCell('B2').numFmt = '# ##0';
  params.addRow(['allowedFte', '0,2; 0,4; 0,5']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Text with every kind of space (the no-break spaces of Swedish amounts) as a plain space. */
function spaced(text: string | null): string {
  return (text ?? '').replace(/\s/gu, ' ');
}

async function readCount(page: Page, status: Status): Promise<number> {
  return Number(await page.locator(`#summary li[data-status="${status}"]`).getAttribute('data-count'));
}

async function chooseAndRun(page: Page, file: { name: string; buffer: Buffer }): Promise<void> {
  await page.getByLabel('Välj arbetsbok').setInputFiles({ name: file.name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file.buffer });
  await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false', undefined, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
  await page.locator('#results').waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction(() => document.body.getAttribute('aria-busy') === 'false');
}

let dist: string;

beforeAll(() => {
  dist = buildTaskpane();
}, 300_000);

afterAll(() => {
  if (dist) rmSync(dist, { recursive: true, force: true });
});

describe('production build', () => {
  test('writes the pane, the icons and a manifest on the production origin that passes every check', () => {
    for (const file of ['taskpane.html', 'help.html', 'taskpane.css', 'manifest.xml']) expect(existsSync(join(dist, file))).toBe(true);
    const built = readFileSync(join(dist, 'manifest.xml'), 'utf8');
    expect(built).not.toContain('localhost');
    expect(checkManifest(built, { fileForPath: distFileForPath(dist), origin: TEST_ADDIN_URL })).toEqual([]);
    const xsd = validateWithXsd(join(dist, 'manifest.xml'));
    // Under CI=true it must run wherever the schemas are (a clone without ../shared has none: skipped in manifest.test.ts too).
    if (xsd.ran || (process.env.CI === 'true' && existsSync(XSD_PATH))) expect(xsd).toMatchObject({ ran: true, ok: true });
    // Office.js comes from Microsoft's CDN; nothing else is loaded from outside the add-in's origin.
    const html = readFileSync(join(dist, 'taskpane.html'), 'utf8');
    const external = [...html.matchAll(/(?:src|href)=["']?(https?:[^"'\s>]+)/g)].map((m) => m[1]);
    expect(external).toEqual([OFFICE_JS_URL]);
  });
});

describeInBrowser(suiteTitle('task pane in Chromium'), () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  const blocked: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (availability.reason) throw new Error(availability.reason); // CI=true without a browser
    server = await serveStatic(dist);
    browser = await launchChromium();
    context = await offlineContext(browser, blocked);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  async function openPane(): Promise<Page> {
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.origin}/taskpane.html`);
    await page.locator('#mode-badge', { hasText: 'Webbläsare' }).waitFor({ timeout: 30_000 });
    return page;
  }

  test('falls back to file mode when Office.js cannot be loaded', async () => {
    const page = await openPane();
    expect(blocked).toContain(OFFICE_JS_URL);
    expect(await page.locator('#mode-note').textContent()).toContain('Office.js kunde inte laddas');
    expect(await page.getByLabel('Välj arbetsbok').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Bedöm ansökningar' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Ladda ner bedömd arbetsbok' }).isVisible()).toBe(false);
    // The rule sets are listed before any run, from the JSON bundled with the pane.
    await page.locator('#ruleset-list li[data-ruleset]').first().waitFor();
    expect(await page.locator('#ruleset-list li[data-ruleset]').count()).toBeGreaterThan(0);
    expect(await page.locator('#error').isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  test('assesses the sample workbook, selects a flagged row and downloads the result', async () => {
    const bytes = readFileSync(SAMPLE);
    const expected = await coreRun(new Uint8Array(bytes));
    const page = await openPane();
    await chooseAndRun(page, { name: 'ansokningar.xlsx', buffer: bytes });
    expect(await page.locator('#error').isVisible()).toBe(false);

    // The counts per status are the core's, and the sample shows every status.
    for (const status of STATUSES) {
      expect(await readCount(page, status)).toBe(expected.summary.counts[status]);
      expect(expected.summary.counts[status]).toBeGreaterThan(0);
    }
    expect(await page.locator('#review-list li.row').count()).toBe(expected.assessments.filter((a) => a.status !== 'ok').length);

    // The two seed applications are OK.
    await page.locator('#ok-summary').click();
    for (const name of SEEDS) {
      const row = page.locator('#ok-list li.row', { hasText: name });
      expect(await row.count()).toBe(1);
      expect(await row.locator('.status-pill').textContent()).toBe('OK');
    }

    // Clicking a flagged row highlights it and shows its assessment and draft decision.
    const flagged = expected.assessments.find((a) => a.status === 'flag');
    if (!flagged) throw new Error('the sample has no flagged row');
    const item = page.locator(`#review-list li.row[data-row="${flagged.row}"]`);
    await item.locator('.row-head').click();
    expect(await item.getAttribute('aria-current')).toBe('true');
    expect(await item.locator('.row-head').getAttribute('aria-expanded')).toBe('true');
    expect(await item.locator('.detail').isVisible()).toBe(true);
    expect(await item.locator('.findings li').allTextContents()).toEqual(flagged.findings.map((f) => f.message));
    expect(await page.locator('li.row.selected').count()).toBe(1);
    // Under the opened row its Kontroller, one line per rule as the sheet's column has them: a list named by its heading.
    expect(flagged.checks?.length).toBeGreaterThan(0);
    const checks = item.getByRole('list', { name: 'Kontroller' });
    expect(await checks.getByRole('listitem').allTextContents()).toEqual(flagged.checks);
    expect(await checks.getByRole('listitem').first().textContent()).toMatch(/^[✓✗–] /u);
    // Only the opened row's: the others' stay hidden, to assistive technology too.
    expect(await page.getByRole('list', { name: 'Kontroller' }).count()).toBe(1);

    // The rule sets used by the run are marked.
    for (const used of expected.summary.rulesets) {
      expect(await page.locator(`#ruleset-list li[data-ruleset="${used.id}@${used.version}"] .used`).count()).toBe(1);
    }

    // The README's picture: the pane after the run, from the top down to the opened flagged row's Kontroller.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: 380, height: 1100 });
    const bottom = await item.evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
    const pictureDir = mkdtempSync(join(tmpdir(), 'insats-picture-'));
    try {
      const picture = join(pictureDir, 'taskpane.png');
      const height = Math.ceil(bottom) + 16;
      await page.screenshot({ path: picture, fullPage: true, clip: { x: 0, y: 0, width: 380, height } });
      // A real picture of the pane: a PNG of the clipped size (the device scale may multiply it).
      const png = readFileSync(picture);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16) % 380).toBe(0);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(height);
      if (WRITE_DOCS) copyFileSync(picture, README_PICTURE);
    } finally {
      rmSync(pictureDir, { recursive: true, force: true });
    }

    // The download is the assessed workbook: statuses as the pane counted them, seeds OK.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner bedömd arbetsbok' }).click()]);
    expect(download.suggestedFilename()).toBe('ansokningar.bedomd.xlsx');
    const dir = mkdtempSync(join(tmpdir(), 'insats-download-'));
    try {
      const saved = join(dir, download.suggestedFilename());
      await download.saveAs(saved);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(saved);
      const ws = wb.getWorksheet(expected.sheet);
      if (!ws) throw new Error(`sheet ${expected.sheet} missing in the download`);
      const header = ws.getRow(expected.headerRow);
      const columnOf = (text: string) => {
        let found = 0;
        header.eachCell((cell, col) => {
          if (cell.text === text) found = col;
        });
        return found;
      };
      const statusCol = columnOf('Status');
      const nameCol = columnOf('Insats');
      const notesCol = columnOf('Bedömning');
      expect(statusCol).toBeGreaterThan(0);
      for (const status of STATUSES) {
        const labelled = expected.assessments.filter((a) => ws.getCell(a.row, statusCol).text === STATUS_LABELS[status]);
        expect(labelled.length).toBe(await readCount(page, status));
      }
      for (const name of SEEDS) {
        const a = expected.assessments.find((x) => ws.getCell(x.row, nameCol).text === name);
        expect(a && ws.getCell(a.row, statusCol).text).toBe('OK');
      }
      expect(ws.getCell(flagged.row, notesCol).text).toBe(flagged.notes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 180_000);

  test('draws the budget per year as bars, marks the year over its frame and keeps the table', async () => {
    const bytes = readFileSync(SAMPLE);
    const { budget } = (await coreRun(new Uint8Array(bytes))).summary;
    const page = await openPane();
    await chooseAndRun(page, { name: 'ansokningar.xlsx', buffer: bytes });
    expect(await page.locator('#budget-section').isVisible()).toBe(true);

    // One group of bars per year of the core's budget, named with that year's numbers.
    const groups = page.locator('#budget-chart svg g[data-year]');
    expect(await groups.evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-year'))))).toEqual(budget.map((y) => y.year));
    for (const y of budget) {
      const group = page.locator(`#budget-chart g[data-year="${y.year}"]`);
      const label = await group.getAttribute('aria-label');
      expect(await group.getAttribute('role')).toBe('img');
      expect(await group.locator('title').textContent()).toBe(label);
      expect(await group.locator('rect.chart-frame').count()).toBe(y.frame === null ? 0 : 1);
      if (y.frame === null) expect(spaced(label)).toMatch(new RegExp(`^${y.year}: ingen ram, `));
    }
    expect(await groups.evaluateAll((gs) => gs.filter((g) => g.getAttribute('data-over') === 'true').map((g) => g.getAttribute('data-year')))).toEqual(['2027']);

    // 2027 is over its frame: the numbers in its name, the part past the frame in the danger colour, "över ram" in words.
    const over = page.locator('#budget-chart g[data-year="2027"]');
    const review2027 = spaced(formatKr(budget.find((y) => y.year === 2027)!.underReview));
    expect(spaced(await over.getAttribute('aria-label'))).toBe(`2027: ram 200 000 kr, föreslaget 250 000 kr, beviljat tidigare 0 kr, kvar −50 000 kr, under beredning ${review2027} – över ramen`);
    expect(await over.locator('text').allTextContents()).toEqual(['2027', 'över ram']);
    const geometry = await over.evaluate((g) => {
      const box = (cls: string) => {
        const r = g.querySelector(`rect.${cls}`);
        return r ? { x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')), fill: getComputedStyle(r).fill } : null;
      };
      return { frame: box('chart-frame'), proposed: box('chart-proposed'), past: box('chart-over') };
    });
    if (!geometry.frame || !geometry.proposed || !geometry.past) throw new Error(`2027 lacks a bar: ${JSON.stringify(geometry)}`);
    expect(geometry.past.x).toBeCloseTo(geometry.frame.x + geometry.frame.width, 0);
    expect(geometry.past.x + geometry.past.width).toBeCloseTo(geometry.proposed.x + geometry.proposed.width, 0);
    expect(geometry.past.width / geometry.frame.width).toBeCloseTo(50_000 / 200_000, 1);
    expect(geometry.past.fill).toBe('rgb(197, 15, 31)'); // colorStatusDangerBackground3, #c50f1f
    // A year within its frame: granted earlier and proposed in proportion, both inside the outline.
    const within = await page.locator('#budget-chart g[data-year="2025"]').evaluate((g) =>
      ['chart-granted', 'chart-proposed', 'chart-frame', 'chart-over'].map((cls) => {
        const r = g.querySelector(`rect.${cls}`);
        return r ? Number(r.getAttribute('width')) : 0;
      }),
    );
    const y2025 = budget.find((y) => y.year === 2025)!;
    expect(within[0] / within[1]).toBeCloseTo(y2025.grantedEarlier / y2025.proposed, 1);
    expect(within[0] + within[1]).toBeLessThan(within[2]);
    expect(within[3]).toBe(0);
    expect(await page.locator('#budget-chart .chart-legend li').allTextContents()).toEqual(['Beviljat tidigare', 'Föreslås nu', 'Under beredning', 'Ram', 'Över ramen']);

    // What is under review (flagged rows, proposed rejections): hatched right after the proposed amount, in words in the year's name.
    const reviewed = budget.filter((y) => y.underReview > 0);
    expect(reviewed.length).toBeGreaterThan(0);
    for (const y of budget) {
      const group = page.locator(`#budget-chart g[data-year="${y.year}"]`);
      const label = spaced(await group.getAttribute('aria-label'));
      const review = await group.evaluate((g) => {
        const r = g.querySelector('rect.chart-review');
        const p = g.querySelector('rect.chart-proposed') ?? g.querySelector('rect.chart-granted');
        const frame = g.querySelector('rect.chart-frame');
        const num = (e: Element | null, a: string) => (e ? Number(e.getAttribute(a)) : 0);
        return r
          ? { x: num(r, 'x'), width: num(r, 'width'), fill: getComputedStyle(r).fill, stroke: getComputedStyle(r).stroke, before: p ? num(p, 'x') + num(p, 'width') : null, frameWidth: num(frame, 'width') }
          : null;
      });
      if (y.underReview === 0) {
        expect(review).toBeNull();
        expect(label).not.toContain('under beredning');
        continue;
      }
      if (!review) throw new Error(`${y.year} lacks its under-review bar`);
      expect(label).toContain(`, under beredning ${spaced(formatKr(y.underReview))}`);
      if (review.before !== null) expect(review.x).toBeCloseTo(review.before, 0);
      expect(review.fill).toBe('url("#budget-chart-hatch")');
      expect(review.stroke).toBe('rgb(15, 108, 189)'); // colorBrandStroke1, #0f6cbd
      if (y.frame !== null) expect(review.width / review.frameWidth).toBeCloseTo(y.underReview / y.frame, 1);
    }

    // The table of numbers stays, one row per year.
    const rows = await page.locator('#budget-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    // The last column, Under beredning, is the core's figure for the year.
    expect(rows.map((r) => r.slice(0, 5).map(spaced))).toEqual([
      ['2018', '–', '150 000', '0', '–'],
      ['2025', '1 500 000', '770 000', '650 000', '80 000'],
      ['2026', '1 200 000', '610 000', '430 000', '160 000'],
      ['2027', '200 000', '250 000', '0', '−50 000'],
    ]);
    expect(rows.map((r) => spaced(r[5]))).toEqual(budget.map((y) => spaced(formatWhole(y.underReview))));
    expect(rows.map((r) => Number(r[0]))).toEqual(budget.map((y) => y.year));

    // No Regelparametrar sheet: one line, no list.
    expect(await page.locator('#parameter-note').textContent()).toBe('Regelverkens egna parametrar används; arbetsboken ändrar inga.');
    expect(await page.locator('#parameter-heading').isVisible()).toBe(false);
    expect(await page.locator('#parameter-list').isVisible()).toBe(false);
    // In a 320 px pane nothing makes the page scroll sideways.
    await page.setViewportSize({ width: 320, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  test('lists the parameters the workbook\'s Regelparametrar sheet set, with their cells', async () => {
    const bytes = await parameterWorkbook();
    const expected = await coreRun(new Uint8Array(bytes));
    expect(expected.summary.parameterOverrides.map((o) => o.address)).toEqual(['Regelparametrar!B2', 'Regelparametrar!B3']);
    const page = await openPane();
    await chooseAndRun(page, { name: 'parametrar.xlsx', buffer: bytes });
    expect(await page.locator('#error').isVisible()).toBe(false);
    expect(await page.locator('#parameter-heading').textContent()).toBe('Parametrar från arbetsboken');
    expect(await page.locator('#parameter-heading').isVisible()).toBe(true);
    const items = page.locator('#parameter-list li');
    expect((await items.allTextContents()).map(spaced)).toEqual([
      'maxAmountPerYear = 250 000 (Regelparametrar!B2)',
      'allowedFte = 0,2, 0,4, 0,5 (Regelparametrar!B3)',
    ]);
    expect(await items.evaluateAll((li) => li.map((x) => x.getAttribute('data-parameter')))).toEqual(['maxAmountPerYear', 'allowedFte']);
    expect(await page.locator('#parameter-note').textContent()).toBe('Värdena gäller den här arbetsboken i stället för regelverkens egna.');
    // The lower cap took effect: 560 000 kr over two years is flagged, as in the core's run.
    for (const status of STATUSES) expect(await readCount(page, status)).toBe(expected.summary.counts[status]);
    expect(expected.summary.counts.flag).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  // --- .xlsm in file mode (h8) ---
  test('offers .xlsx and .xlsm; an .xlsm comes back as .xlsm, macro-enabled, its vbaProject.bin byte for byte', async () => {
    const macro = features().find((f) => f.name === 'an .xlsm with macros');
    if (!macro) throw new Error('test/ooxml/features.ts has no .xlsm workbook');
    const bytes = zip(macro.parts);
    const vba = unzipSync(bytes)['xl/vbaProject.bin'];
    expect(vba.length).toBeGreaterThan(0);
    const page = await openPane();
    const accept = (await page.locator('#file-input').getAttribute('accept'))?.split(',') ?? [];
    expect(accept).toEqual(expect.arrayContaining(['.xlsx', '.xlsm', XLSX_MIME, XLSM_MIME]));
    // The types of the files the pane offers (the download link's blob).
    await page.evaluate(() => {
      const offered: string[] = [];
      (window as unknown as { offeredTypes: string[] }).offeredTypes = offered;
      const create = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) offered.push(blob.type);
        return create(blob);
      };
    });
    await page.getByLabel('Välj arbetsbok').setInputFiles({ name: 'makron.xlsm', mimeType: XLSM_MIME, buffer: Buffer.from(bytes) });
    await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false', undefined, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
    await page.locator('#results').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.locator('#error').isVisible()).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner bedömd arbetsbok' }).click()]);
    expect(download.suggestedFilename()).toBe('makron.bedomd.xlsm');
    // MIME types are case-insensitive, and a Blob keeps its type lowercased.
    expect(await page.evaluate(() => (window as unknown as { offeredTypes: string[] }).offeredTypes)).toEqual([XLSM_MIME.toLowerCase()]);
    const dir = mkdtempSync(join(tmpdir(), 'insats-xlsm-'));
    try {
      const saved = join(dir, download.suggestedFilename());
      await download.saveAs(saved);
      const parts = unzipSync(new Uint8Array(readFileSync(saved)));
      expect(strFromU8(parts['[Content_Types].xml'])).toContain('ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"');
      expect(Buffer.from(parts['xl/vbaProject.bin']).equals(Buffer.from(vba))).toBe(true);
      // And it is the assessed workbook: the tool's Status column on the applications sheet.
      expect(strFromU8(parts['xl/worksheets/sheet1.xml'])).toContain('Status');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
  // --- end .xlsm in file mode ---

  test('says in the pane when the chosen file is not a workbook', async () => {
    const page = await openPane();
    await page.getByLabel('Välj arbetsbok').setInputFiles({ name: 'anteckningar.xlsx', mimeType: 'text/plain', buffer: Buffer.from('inte en arbetsbok') });
    await page.locator('#error').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#error').textContent()).toBe('Filen är inte en Excel-arbetsbok (.xlsx).');
    expect(await page.locator('#file-name').textContent()).toBe('anteckningar.xlsx (kunde inte läsas)');
    expect(await page.getByRole('button', { name: 'Bedöm ansökningar' }).isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  test('remembers the chosen sheet for the next time', async () => {
    const bytes = readFileSync(SAMPLE);
    const first = await openPane();
    await first.getByLabel('Välj arbetsbok').setInputFiles({ name: 'ansokningar.xlsx', mimeType: 'application/octet-stream', buffer: bytes });
    await first.locator('#sheet-field').waitFor({ state: 'visible', timeout: 30_000 });
    await first.locator('#sheet-select').selectOption('Ansökningar');
    await first.close();
    const second = await openPane();
    await second.getByLabel('Välj arbetsbok').setInputFiles({ name: 'ansokningar.xlsx', mimeType: 'application/octet-stream', buffer: bytes });
    await second.locator('#sheet-field').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await second.locator('#sheet-select').inputValue()).toBe('Ansökningar');
    // Back to automatic, so the other tests start from the default.
    await second.locator('#sheet-select').selectOption('');
    await second.close();
  }, 60_000);

  test('shows hostile workbook text as text and runs nothing', async () => {
    const page = await openPane();
    await chooseAndRun(page, { name: 'fientlig.xlsx', buffer: await hostileWorkbook() });
    expect(await page.locator('#error').isVisible()).toBe(false);
    await page.locator('#ok-summary').click();
    const titles = await page.locator('li.row .row-title').allTextContents();
    expect(titles).toContain(`${HOSTILE_NAME} (2025-900)`);
    expect(titles).toContain('<script>alert(2)</script> (2025-901)');
    // Nothing became markup: no <img> or <script> in the results, no request for "x", no dialog.
    expect(await page.locator('#results img, #results script').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(server.requests.filter((p) => p === '/x')).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});

