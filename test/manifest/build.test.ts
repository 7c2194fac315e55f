/**
 * What `npm run build` makes of manifest.xml (docs/deploy.md): a production build refuses to run
 * without ADDIN_URL (it used to write localhost into the manifest), the hosted base may be an origin or
 * a sub-path, and the development manifest (manifest.xml) has an Id of its own. The built pane itself,
 * served under a sub-path, is exercised in test/browser/excel-mode.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkManifest, DEV_ORIGIN, MANIFEST_PATH, sourceFileForPath } from '../../scripts/validate-manifest';
import { runWebpack } from '../helpers/webpack';

interface WebpackConfigModule {
  DEVELOPMENT_ADDIN_ID: string;
  PRODUCTION_ADDIN_ID: string;
  productionManifest(xml: string, base: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the real webpack.config.js (plain JavaScript)
const config = require('../../webpack.config.js') as WebpackConfigModule;
const manifest = readFileSync(MANIFEST_PATH, 'utf8');
const idOf = (xml: string) => /<Id>([^<]+)<\/Id>/u.exec(xml)?.[1];

describe('the production build and the manifest', () => {
  test('without ADDIN_URL a production build stops with one Swedish line and writes nothing', () => {
    const parent = mkdtempSync(join(tmpdir(), 'insats-noaddin-'));
    const dist = join(parent, 'dist');
    try {
      const env: Record<string, string> = { DIST_DIR: dist, ADDIN_URL: '' };
      const result = runWebpack(['--mode', 'production', '--no-stats'], env, 120_000);
      expect(result.status).not.toBe(0);
      const output = `${result.stdout}\n${result.stderr}`;
      expect(output).toContain('ADDIN_URL saknas: ange adressen där tillägget ska ligga');
      expect(output).not.toMatch(/\n\s+at /u); // no stack trace
      expect(existsSync(dist)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 120_000);

  test('a sub-path base goes into every URL, the Id becomes the production one, and the checks pass', () => {
    const base = 'https://host.example/tillagg/';
    const built = config.productionManifest(manifest, base);
    expect(built).not.toContain('localhost');
    const urls = [...built.matchAll(/DefaultValue="(https:[^"]+)"/gu)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url.startsWith(base)).toBe(true);
    expect(idOf(built)).toBe(config.PRODUCTION_ADDIN_ID);
    const underBase = (path: string) => sourceFileForPath(path.replace(/^\/tillagg\//u, '/'));
    expect(checkManifest(built, { fileForPath: underBase, origin: 'https://host.example' })).toEqual([]);
  });

  test('manifest.xml is the development manifest: localhost and an Id of its own', () => {
    expect(idOf(manifest)).toBe(config.DEVELOPMENT_ADDIN_ID);
    expect(config.DEVELOPMENT_ADDIN_ID).not.toBe(config.PRODUCTION_ADDIN_ID);
    expect(manifest).toContain(`${DEV_ORIGIN}/taskpane.html`);
  });
});
