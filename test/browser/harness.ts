/**
 * What the browser tests share: a production build of the task pane into a temporary
 * directory, a tiny static server on 127.0.0.1, and Debian's Chromium driven by
 * playwright-core with every request off 127.0.0.1 refused (no network, so the Office.js
 * CDN fails and the pane must fall back to file mode).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ExcelJsWorkbook, openWorkbookBuffer } from '../../src/adapters/exceljs/workbook';
import { assessWorkbook, type WorkbookRun } from '../../src/core/job';
import { loadRulesetsFromDir } from '../../src/node/rules-dir';
import { runWebpack } from '../helpers/webpack';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const INSTALL_HINT = 'apt-get install -y --no-install-recommends chromium';

/** Whether the browser tests can run; on CI a missing browser is a failure, not a skip. */
export function browserAvailability(): { run: boolean; reason: string | null } {
  if (existsSync(CHROMIUM_PATH)) return { run: true, reason: null };
  const reason = `${CHROMIUM_PATH} saknas: installera Chromium med \`${INSTALL_HINT}\``;
  if (process.env.CI === 'true') return { run: true, reason }; // run, and fail in beforeAll
  return { run: false, reason };
}

/** The production origin the tests build with, to see it substituted into the manifest. */
export const TEST_ADDIN_URL = 'https://insatsbedomning.example.org';

/** A suite's name, saying why it is skipped when it is. */
export function suiteTitle(name: string): string {
  const { run, reason } = browserAvailability();
  return run ? name : `${name} (hoppas över: ${reason})`;
}

/** What the core itself makes of a workbook file (ExcelJS adapter, rules/), to compare the pane with. */
export async function coreRun(bytes: Uint8Array): Promise<WorkbookRun> {
  const registry = await loadRulesetsFromDir(join(REPO_ROOT, 'rules'));
  return assessWorkbook(new ExcelJsWorkbook(await openWorkbookBuffer(bytes)), registry);
}

/** Production build of the pane into a fresh temporary directory (the build is a test subject too), hosted at `addinUrl`. */
export function buildTaskpane(addinUrl: string = TEST_ADDIN_URL): string {
  const dir = mkdtempSync(join(tmpdir(), 'insats-taskpane-'));
  const result = runWebpack(['--mode', 'production', '--no-stats'], { DIST_DIR: dir, ADDIN_URL: addinUrl }, 240_000);
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`webpack misslyckades (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return dir;
}

/** The stand-in for office.js (test/browser/fake-office.ts) bundled into a temporary directory; returns the script's path. */
export function buildFakeOffice(): string {
  const dir = mkdtempSync(join(tmpdir(), 'insats-fake-office-'));
  const result = runWebpack(['--config', join(__dirname, 'fake-office.webpack.js'), '--no-stats'], { FAKE_OFFICE_DIR: dir }, 120_000);
  if (result.status !== 0) throw new Error(`webpack (fake-office) misslyckades:\n${result.stdout}\n${result.stderr}`);
  return join(dir, 'fake-office.js');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  origin: string;
  /** Paths requested so far (to see, e.g., that an <img src=x> never fetched anything). */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1 on a free port, under the path `prefix` (a sub-path such as /tillagg/); nothing outside `root` is reachable. */
export async function serveStatic(root: string, prefix = '/', headers: Record<string, string> = {}): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const full = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(full);
    const path = full.startsWith(prefix) ? `/${full.slice(prefix.length)}` : null;
    const file = path === null ? '' : normalize(join(root, path === '/' ? 'taskpane.html' : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/**
 * A context that refuses every request not to 127.0.0.1, recording what it refused. With
 * `officeJs`, the Office.js address answers with that local script instead (Excel-mode tests).
 */
export async function offlineContext(browser: Browser, blocked: string[], officeJs?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 380, height: 900 }, locale: 'sv-SE' });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    if (officeJs && url.href === OFFICE_JS_URL) return route.fulfill({ path: officeJs, contentType: 'text/javascript; charset=utf-8' });
    blocked.push(url.href);
    return route.abort('internetdisconnected');
  });
  return context;
}

/** The built pane served locally in an offline Chromium context: what a file-mode suite starts in beforeAll. */
export interface PaneSession {
  dist: string;
  server: StaticServer;
  browser: Browser;
  context: BrowserContext;
  /** Closes the context, the browser and the server, and removes the build. */
  close(): Promise<void>;
}

export async function startPane(blocked: string[]): Promise<PaneSession> {
  const dist = buildTaskpane();
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  const context = await offlineContext(browser, blocked);
  return {
    dist,
    server,
    browser,
    context,
    async close() {
      await context.close();
      await browser.close();
      await server.close();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/**
 * A new page in file mode with a workbook chosen and assessed (the steps every file-mode view test
 * starts with): the pane's own errors are collected in the returned list.
 */
export async function assessInFileMode(session: PaneSession, workbook: string): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await session.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${session.server.origin}/taskpane.html`);
  await page.locator('#mode-badge', { hasText: 'Webbläsare' }).waitFor({ timeout: 30_000 });
  await page.getByLabel('Välj arbetsbok').setInputFiles({ name: basename(workbook), mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: readFileSync(workbook) });
  await page.waitForFunction(() => document.getElementById('run-button')?.getAttribute('aria-disabled') === 'false', undefined, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Bedöm ansökningar' }).click();
  await page.waitForFunction(() => !document.getElementById('results')?.hidden, undefined, { timeout: 60_000 });
  return { page, pageErrors };
}
