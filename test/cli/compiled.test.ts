/**
 * `npm run assess` runs compiled JavaScript (build/cli/, built by `npm ci` through `prepare`),
 * and a build older than its sources is rebuilt before it runs, never run silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { USAGE } from '../../src/cli/main';

const REPO = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain JavaScript, run before anything is compiled
const cliBuild = require(path.join(REPO, 'scripts', 'build-cli.js')) as { build(): void; isStale(): boolean; MAIN: string };
const STAMP = path.join(REPO, 'build', 'cli', '.built');

describe('the compiled command line', () => {
  beforeAll(() => cliBuild.build(), 60_000);

  it('is built to build/cli/ with the plain-JavaScript validator beside the compiled core', () => {
    expect(cliBuild.MAIN).toBe(path.join(REPO, 'build', 'cli', 'src', 'cli', 'main.js'));
    expect(existsSync(cliBuild.MAIN)).toBe(true);
    expect(existsSync(path.join(REPO, 'build', 'cli', 'src', 'core', 'generated', 'ruleset-validator.js'))).toBe(true);
    expect(cliBuild.isStale()).toBe(false);
  });

  it('runs as plain Node, without ts-node, TypeScript or the Word library loaded, and prints the same help', () => {
    const probe = `require(${JSON.stringify(cliBuild.MAIN)});
      const loaded = Object.keys(require.cache);
      const has = (part) => loaded.some((k) => k.includes(part));
      process.stdout.write(JSON.stringify({ tsNode: has('/ts-node/'), typescript: has('/node_modules/typescript/'), docx: has('/node_modules/docx/') }));`;
    const loaded = spawnSync(process.execPath, ['-e', probe], { cwd: REPO, encoding: 'utf8' });
    // The Word library is loaded only for --board.
    expect(JSON.parse(loaded.stdout)).toEqual({ tsNode: false, typescript: false, docx: false });
    const help = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'assess.js'), '--help'], { cwd: '/', encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(USAGE);
  });

  it('is rebuilt by npm run assess when a source is newer than the build', () => {
    const old = new Date(Date.now() - 365 * 86_400_000);
    utimesSync(STAMP, old, old);
    expect(cliBuild.isStale()).toBe(true);
    const run = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'assess.js'), '--help'], { cwd: REPO, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(cliBuild.isStale()).toBe(false);
  }, 60_000);
});
