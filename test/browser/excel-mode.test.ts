/**
 * The built task pane in Excel mode: headless Chromium gets, at the Office.js address, a
 * stand-in that reports the Excel host and runs `Excel.run` over the Office adapter's typed
 * fake workbook (test/browser/fake-office.ts), filled with examples/ansokningar.xlsx as Excel
 * would hand it over (dates as serial numbers). Host detection, the requirement check, the
 * Office adapter and the core run for real; the counts are checked against the core run in
 * Node on the same file. The pane is built for and served under a sub-path (ADDIN_URL=…/tillagg/),
 * as a municipality's intranet would host it, and the fake is the strict one (issue 19): host profiles
 * ExcelApi 1.2 … 1.17, list separator `,` and `;`, read-only, cell edit mode, Mac.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseScript } from 'acorn';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { STATUS_LABELS, type Status } from '../../src/core/types';
import type { FakeWorkbookSpec } from './fake-office';
import { browserAvailability, buildFakeOffice, buildTaskpane, coreRun, launchChromium, offlineContext, REPO_ROOT, serveStatic, suiteTitle, type StaticServer } from './harness';
import type { FakeExcel, FakeValue } from '../office/fake-excel';

const SAMPLE = join(REPO_ROOT, 'examples', 'ansokningar.xlsx');
const STATUSES: Status[] = ['ok', 'flag', 'reject', 'error'];

const availability = browserAvailability();
const describeInBrowser = availability.run ? describe : describe.skip;

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Where the tests host the pane: a sub-path, not an origin's root (docs/deploy.md). */
const SUB_PATH = '/tillagg/';
const ADDIN_URL = `https://host.example${SUB_PATH}`;

/** One ExcelJS cell value as Office.js's Range.values would give it. */
function officeValue(value: ExcelJS.CellValue): FakeValue | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return (value.getTime() - EXCEL_EPOCH) / 86_400_000;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return officeValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  if ('text' in value) return String(value.text);
  return null;
}

/** The workbook as the fake Excel holds it. */
async function specFromFile(bytes: Buffer, overrides: Partial<FakeWorkbookSpec> = {}): Promise<FakeWorkbookSpec> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = wb.worksheets.map((ws) => {
    const cells: FakeWorkbookSpec['sheets'][number]['cells'] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = officeValue(cell.value);
        if (v !== null) cells.push([r, c, v, cell.numFmt || 'General']);
      }),
    );
    return { name: ws.name, cells };
  });
  return { sheets, activeSheet: sheets[0].name, excelApi: '1.9', ...overrides };
}

describeInBrowser(suiteTitle('task pane in Excel mode'), () => {
  let dist: string;
  let fakeOffice: string;
  let server: StaticServer;
  let browser: Browser;
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  let sample: Buffer;

  beforeAll(async () => {
    if (availability.reason) throw new Error(availability.reason); // CI=true without a browser
    dist = buildTaskpane(ADDIN_URL);
    fakeOffice = buildFakeOffice();
    server = await serveStatic(dist, SUB_PATH);
    browser = await launchChromium();
    sample = readFileSync(SAMPLE);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
    if (fakeOffice) rmSync(dirname(fakeOffice), { recursive: true, force: true });
  });

  async function openPage(spec: FakeWorkbookSpec, prepare?: (page: Page) => Promise<void>): Promise<Page> {
    const context = await offlineContext(browser, blocked, fakeOffice);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => void dialog.dismiss());
    await page.addInitScript((s) => {
      (window as unknown as { __fakeWorkbook: FakeWorkbookSpec }).__fakeWorkbook = s;
    }, spec);
    await prepare?.(page);
    await page.goto(`${server.origin}${SUB_PATH}taskpane.html`);
    return page;
  }

  async function openInExcel(spec: FakeWorkbookSpec): Promise<Page> {
    const page = await openPage(spec);
    await page.locator('#mode-badge', { hasText: 'Excel' }).waitFor({ timeout: 30_000 });
    return page;
  }

  async function runAssessment(page: Page): Promise<void> {
    await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false');
    await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
  }

  /** Reads from the fake workbook inside the page. */
  function fake<T>(page: Page, read: (excel: FakeExcel) => T): Promise<T> {
    return page.evaluate(`(${read.toString()})(window.__fakeExcel)`) as Promise<T>;
  }

  test('assesses the open workbook in place and selects a clicked row in the sheet', async () => {
    const expected = await coreRun(new Uint8Array(sample));
    const page = await openInExcel(await specFromFile(sample));
    expect(await page.locator('#file-section').isVisible()).toBe(false);
    await page.locator('#sheet-field').waitFor({ state: 'visible' });
    const options = await page.locator('#sheet-select option').allTextContents();
    expect(options).toContain(expected.sheet);

    await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false');
    const syncsBefore = await fake(page, (x) => x.syncCount);
    await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
    await page.locator('#results').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.locator('#error').isVisible()).toBe(false);
    // Describe, read and write: a constant number of round trips to Excel.
    expect((await fake(page, (x) => x.syncCount)) - syncsBefore).toBeLessThanOrEqual(3);

    for (const status of STATUSES) {
      expect(Number(await page.locator(`#summary li[data-status="${status}"]`).getAttribute('data-count'))).toBe(expected.summary.counts[status]);
    }
    expect(await page.getByRole('button', { name: 'Ladda ner bedömd arbetsbok' }).isVisible()).toBe(false);
    // The same budget picture as in file mode: one group of bars per year, the year over its frame marked.
    expect(await page.locator('#budget-chart g[data-year]').evaluateAll((gs) => gs.map((g) => [Number(g.getAttribute('data-year')), g.getAttribute('data-over')]))).toEqual(
      expected.summary.budget.map((y) => [y.year, String(y.remaining !== null && y.remaining < 0)]),
    );

    // The statuses were written into the sheet, as text.
    const written = await fake(page, (x) => {
      const sheet = x.sheets.find((s) => s.name === 'Ansökningar');
      const out: Record<number, { value: unknown; format: string }> = {};
      if (!sheet) return out;
      let statusCol = 0;
      for (const [, cols] of sheet.cells) for (const [c, cell] of cols) if (cell.value === 'Status') statusCol = c;
      for (const [r, cols] of sheet.cells) {
        const cell = cols.get(statusCol);
        if (cell && cell.value !== 'Status') out[r] = { value: cell.value, format: cell.numberFormat };
      }
      return out;
    });
    for (const a of expected.assessments) expect(written[a.row]).toEqual({ value: STATUS_LABELS[a.status], format: '@' });

    // A click in the list selects that row in Excel.
    const flagged = expected.assessments.find((a) => a.status === 'flag');
    if (!flagged) throw new Error('the sample has no flagged row');
    await page.locator(`#review-list li.row[data-row="${flagged.row}"] .row-head`).click();
    await page.waitForFunction(() => (window as unknown as { __fakeExcel: FakeExcel }).__fakeExcel.selected !== null);
    expect(await fake(page, (x) => x.selected)).toEqual({ sheet: expected.sheet, address: `${flagged.row}:${flagged.row}` });
    expect(await fake(page, (x) => x.activeSheet)).toBe(expected.sheet);
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);

  // The review view (src/taskpane/review/): saving a decision reads once and writes once.
  test('a decision from the review view is one write of at most three syncs, and stepping selects the row', async () => {
    const expected = await coreRun(new Uint8Array(sample));
    const page = await openInExcel(await specFromFile(sample));
    await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false');
    await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
    await page.locator('#results').waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByRole('button', { name: 'Granska och besluta' }).click();
    const view = page.getByRole('region', { name: 'Granska och besluta' });
    await view.waitFor();
    const [first, second] = expected.assessments.filter((a) => a.status !== 'ok' || a.inputChanged === true);
    await page.waitForFunction(() => (window as unknown as { __fakeExcel: FakeExcel }).__fakeExcel.selected !== null);
    expect(await fake(page, (x) => x.selected)).toEqual({ sheet: expected.sheet, address: `${first.row}:${first.row}` });
    await view.getByRole('button', { name: 'Nästa' }).click();
    await page.waitForFunction((row) => (window as unknown as { __fakeExcel: FakeExcel }).__fakeExcel.selected?.address === `${row}:${row}`, second.row);

    await view.getByRole('radio', { name: 'Begär komplettering' }).check();
    await view.getByLabel('Kommentar').fill('=Budget saknas');
    // The person's three columns per row, as the fake workbook holds them.
    const personCells = (x: FakeExcel) => {
      const sheet = x.sheets.find((s) => s.name === 'Ansökningar');
      const out: Record<number, unknown[]> = {};
      if (!sheet) return out;
      const colOf: Record<string, number> = {};
      for (const [, cols] of sheet.cells) for (const [c, cell] of cols) if (typeof cell.value === 'string') colOf[cell.value] ??= c;
      for (const [r, cols] of sheet.cells) out[r] = ['Chefens beslut', 'Beslutat belopp', 'Kommentar'].map((h) => cols.get(colOf[h])?.value ?? null);
      return out;
    };
    const before = await fake(page, personCells);
    const syncsBefore = await fake(page, (x) => x.syncCount);
    await view.getByRole('button', { name: 'Spara beslut' }).click();
    await page.locator('#review-saved', { hasText: `Sparat i rad ${second.row}` }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#review-form-error').isVisible()).toBe(false);
    // Describe, read and write: the decision, the row's texts and the Logg line in one write.
    expect((await fake(page, (x) => x.syncCount)) - syncsBefore).toBeLessThanOrEqual(3);

    const after = await fake(page, personCells);
    expect(after[second.row]).toEqual(['Begär komplettering', null, '=Budget saknas']);
    // No other row's person cells changed.
    expect({ ...after, [second.row]: null }).toEqual({ ...before, [second.row]: null });
    const logLines = await fake(page, (x) => x.sheets.find((s) => s.name === 'Logg')?.cells.size ?? 0);
    expect(logLines).toBeGreaterThanOrEqual(2); // header and the decision line
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('an Excel without ExcelApi 1.2 gets a message in the pane and no run', async () => {
    const page = await openInExcel(await specFromFile(sample, { excelApi: '1.1' }));
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.locator('#error').textContent()).toContain('ExcelApi 1.2');
    await page.waitForTimeout(200);
    expect(await page.getByRole('button', { name: 'Bedöm ansökningar' }).isDisabled()).toBe(true);
    expect(await fake(page, (x) => x.applied.length)).toBe(0);
    await page.context().close();
  }, 60_000);

  test('a protected sheet gets a message in the pane and nothing is written', async () => {
    const spec = await specFromFile(sample);
    for (const s of spec.sheets) s.protected = true;
    const page = await openInExcel(spec);
    await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false');
    await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
    await page.locator('#error').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#error').textContent()).toMatch(/skydd/i);
    expect(await page.locator('#results').isVisible()).toBe(false);
    expect(await fake(page, (x) => x.applied.length)).toBe(0);
    await page.context().close();
  }, 60_000);

  test('the built pane parses at ES2020 and its start guard at ES5; no source maps; scripts named by content hash', () => {
    const files = readdirSync(dist);
    const scripts = files.filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(3);
    for (const file of scripts) {
      expect(file).toMatch(/\.[0-9a-f]{8}\.js$/u);
      // The oldest engine that runs the pane: WebView2 and Safari 14+ (WKWebView) parse ES2020.
      expect(() => parseScript(readFileSync(join(dist, file), 'utf8'), { ecmaVersion: 2020, sourceType: 'script' })).not.toThrow();
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    // The guard as written and as the build inlined (minified) it: Internet Explorer 11 parses ES5 only.
    expect(() => parseScript(readFileSync(join(REPO_ROOT, 'src', 'taskpane', 'guard.js'), 'utf8'), { ecmaVersion: 5 })).not.toThrow();
    const html = readFileSync(join(dist, 'taskpane.html'), 'utf8');
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/gu)].map((m) => m[1]);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toContain('insatsbedomningStarted');
    expect(() => parseScript(inline[0], { ecmaVersion: 5 })).not.toThrow();
    // (control) the parser at ES5 does refuse what the old engines refuse.
    expect(() => parseScript('const a = b?.c ?? 1;', { ecmaVersion: 5 })).toThrow();
    // The manifest points under the sub-path.
    const manifest = readFileSync(join(dist, 'manifest.xml'), 'utf8');
    expect(manifest).toContain(`<SourceLocation DefaultValue="${ADDIN_URL}taskpane.html"/>`);
    expect(manifest).not.toContain('localhost:3000/');
  });

  test('served with the Content-Security-Policy of docs/deploy.md (guard by its hash), the pane runs a whole assessment', async () => {
    const html = readFileSync(join(dist, 'taskpane.html'), 'utf8');
    const guard = /<script>([\s\S]*?)<\/script>/u.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(guard).digest('base64');
    const deploy = readFileSync(join(REPO_ROOT, 'docs', 'deploy.md'), 'utf8');
    const policy = /Content-Security-Policy: (.+)/u.exec(deploy)?.[1]?.replace('<guard>', hash);
    expect(policy).toContain(`'sha256-${hash}'`);
    const strict = await serveStatic(dist, SUB_PATH, { 'content-security-policy': policy ?? '' });
    try {
      const context = await offlineContext(browser, blocked, fakeOffice);
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/iu.test(m.text())) refused.push(m.text());
      });
      await page.addInitScript((spec) => {
        (window as unknown as { __fakeWorkbook: FakeWorkbookSpec }).__fakeWorkbook = spec;
      }, await specFromFile(sample));
      await page.goto(`${strict.origin}${SUB_PATH}taskpane.html`);
      await page.locator('#mode-badge', { hasText: 'Excel' }).waitFor({ timeout: 30_000 });
      await runAssessment(page);
      await page.locator('#results').waitFor({ state: 'visible', timeout: 60_000 });
      expect(await page.locator('#engine-note').isVisible()).toBe(false);
      expect(refused).toEqual([]);
      await context.close();
    } finally {
      await strict.close();
    }
  }, 90_000);

  test('where the pane’s scripts do not parse (an old engine), the guard shows its Swedish message', async () => {
    const page = await openPage(await specFromFile(sample), async (p) => {
      // A bundle in syntax this engine refuses, as IE11 refuses `?.` and `??`.
      await p.route(/\/taskpane\.[0-9a-f]{8}\.js$/u, (route) => route.fulfill({ contentType: 'text/javascript', body: 'const started = window.x?.y ?? ; started();' }));
    });
    const note = page.locator('#engine-note');
    await note.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await note.textContent()).toContain('Öppna arbetsboken i Excel på webben');
    expect(await page.locator('#engine-address').textContent()).toBe(`${server.origin}${SUB_PATH}taskpane.html`);
    expect(await page.locator('#mode-note').textContent()).toBe('Fönstret kan inte starta här.');
    pageErrors.length = 0; // the syntax error is the point here
    await page.context().close();
  }, 60_000);

  const PROFILES = ['1.2', '1.8', '1.9', '1.13', '1.17'];
  const LOCALES = [
    { listSeparator: ',' as const, platform: 'OfficeOnline' },
    { listSeparator: ';' as const, platform: 'PC' },
  ];
  for (const excelApi of PROFILES) {
    for (const locale of LOCALES) {
      test(`ExcelApi ${excelApi}, list separator ${locale.listSeparator} (${locale.platform}): a full run in three syncs, statuses and fills written`, async () => {
        const expected = await coreRun(new Uint8Array(sample));
        const page = await openInExcel(await specFromFile(sample, { excelApi, ...locale }));
        expect(await page.locator('#engine-note').isVisible()).toBe(false);
        const syncsBefore = await fake(page, (x) => x.syncCount);
        await runAssessment(page);
        await page.locator('#results').waitFor({ state: 'visible', timeout: 60_000 });
        expect(await page.locator('#error').isVisible()).toBe(false);
        expect((await fake(page, (x) => x.syncCount)) - syncsBefore).toBeLessThanOrEqual(3);
        expect(await fake(page, (x) => x.syncs.filter((s) => s.error !== undefined).length)).toBe(0);
        const rows = await fake(page, (x) => {
          const sheet = x.sheets.find((s) => s.name === 'Ansökningar');
          const out: Record<number, { status: unknown; fill: unknown }> = {};
          if (!sheet) return out;
          let statusCol = 0;
          for (const [, cols] of sheet.cells) for (const [c, cell] of cols) if (cell.value === 'Status') statusCol = c;
          for (const [r, cols] of sheet.cells) out[r] = { status: cols.get(statusCol)?.value, fill: cols.get(statusCol)?.fill };
          return out;
        });
        for (const a of expected.assessments) {
          expect(rows[a.row].status).toBe(STATUS_LABELS[a.status]);
          expect(rows[a.row].fill).toMatch(/^#[0-9A-F]{6}$/iu);
        }
        expect(pageErrors).toEqual([]);
        await page.context().close();
      }, 60_000);
    }
  }

  test('a read-only workbook (ExcelApi 1.8): a Swedish message and nothing written', async () => {
    const page = await openInExcel(await specFromFile(sample, { excelApi: '1.8', readOnly: true }));
    await runAssessment(page);
    await page.locator('#error').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#error').textContent()).toContain('Arbetsboken är öppnad skrivskyddad');
    expect(await fake(page, (x) => x.applied.length)).toBe(0);
    await page.context().close();
  }, 60_000);

  test('a cell in edit mode (ExcelApi 1.11): the run waits for the edit to end instead of failing', async () => {
    const page = await openPage(await specFromFile(sample, { excelApi: '1.11', editMode: true }));
    await page.waitForTimeout(500);
    // describe waits too: the pane has not failed, it is waiting for Excel.
    expect(await page.locator('#error').isVisible()).toBe(false);
    await page.evaluate(() => (window as unknown as { __fakeExcel: FakeExcel }).__fakeExcel.endCellEdit());
    await page.locator('#mode-badge', { hasText: 'Excel' }).waitFor({ timeout: 30_000 });
    await fake(page, (x) => {
      x.editMode = true;
      return null;
    });
    await runAssessment(page);
    await page.waitForTimeout(500);
    expect(await page.locator('#results').isVisible()).toBe(false);
    expect(await page.locator('#error').isVisible()).toBe(false);
    await page.evaluate(() => (window as unknown as { __fakeExcel: FakeExcel }).__fakeExcel.endCellEdit());
    await page.locator('#results').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#error').isVisible()).toBe(false);
    await page.context().close();
  }, 60_000);

  test('Excel for Mac: the board papers are written to their sheet and the pane says the Word file cannot arrive here', async () => {
    const page = await openInExcel(await specFromFile(sample, { platform: 'Mac' }));
    let downloads = 0;
    page.on('download', () => downloads++);
    await runAssessment(page);
    await page.locator('#results').waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByRole('button', { name: 'Exportera styrelseunderlag' }).click();
    const status = page.locator('#board-status');
    await status.filter({ hasText: 'Excel för Mac tar inte emot filer från tillägg' }).waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toMatch(/^Bladet Styrelseunderlag är uppdaterat .*Öppna arbetsboken i Excel på webben/u);
    expect(await fake(page, (x) => x.sheets.some((s) => s.name === 'Styrelseunderlag'))).toBe(true);
    expect(downloads).toBe(0);
    await page.context().close();
  }, 90_000);
});
