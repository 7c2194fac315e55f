/**
 * scripts/compile-cache.js: `npm run assess` compiles the command line's modules with V8's code
 * from an earlier run (issue 10: start time). Each case runs in its own Node process over a small
 * module tree in a temporary directory, so the cache is the only thing that differs between runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize } from 'node:v8';
import { tempDirs } from '../helpers/temp-dirs';

const REPO = resolve(__dirname, '..', '..');
const tempDir = tempDirs();

/** A module tree: main.js requires a.js (which uses require.resolve, __dirname) and lazy.js (dynamic import). */
function tree(): { root: string; cache: string } {
  const root = tempDir('insats-cc-');
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'a.js'), "'use strict';\nmodule.exports = { value: 1, dir: __dirname, resolved: require.resolve('./b.js'), b: require('./b.js') };\n");
  writeFileSync(join(root, 'lib', 'b.js'), "module.exports = 'b';\n");
  writeFileSync(join(root, 'lib', 'lazy.js'), "module.exports = { later: () => import('node:path') };\n");
  writeFileSync(join(root, 'lib', 'throws.js'), "module.exports = () => { throw new Error('boom'); };\n");
  return { root, cache: join(root, 'cache.bin') };
}

/** One process: the cache installed for `root`, then the tree loaded; what it saw, as JSON. */
function run(root: string, cache: string): { value: number; dir: string; resolved: string; b: string; lazy: boolean; stack: string } {
  const script = `require(${JSON.stringify(join(REPO, 'scripts', 'compile-cache.js'))}).installCompileCache(${JSON.stringify(cache)}, [${JSON.stringify(join(root, 'lib'))}]);
    const a = require(${JSON.stringify(join(root, 'lib', 'a.js'))});
    const lazy = require(${JSON.stringify(join(root, 'lib', 'lazy.js'))});
    let stack = '';
    try { require(${JSON.stringify(join(root, 'lib', 'throws.js'))})(); } catch (err) { stack = err.stack; }
    lazy.later().then((p) => process.stdout.write(JSON.stringify({ ...a, lazy: typeof p.join === 'function', stack })));`;
  const child = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout);
}

const entries = (cache: string) => deserialize(readFileSync(cache)) as Map<string, { hash: string; data: Buffer }>;

describe('the compile cache of the command line', () => {
  test('is written after the first run and used, unchanged, by the next; modules behave as without it', () => {
    const { root, cache } = tree();
    const first = run(root, cache);
    expect(first).toMatchObject({ value: 1, dir: join(root, 'lib'), resolved: join(root, 'lib', 'b.js'), b: 'b', lazy: true });
    expect(first.stack).toContain(`${join(root, 'lib', 'throws.js')}:1:`);
    const cached = entries(cache);
    // Files with a dynamic import() are left to Node.
    expect([...cached.keys()].sort()).toEqual([join(root, 'lib', 'a.js'), join(root, 'lib', 'b.js'), join(root, 'lib', 'throws.js')]);
    for (const { data } of cached.values()) expect(data.length).toBeGreaterThan(0);
    const written = statSync(cache).mtimeMs;
    expect(run(root, cache)).toEqual(first);
    // Nothing new to cache: the file is not written again.
    expect(statSync(cache).mtimeMs).toBe(written);
  });

  test('runs a changed file as it now reads, even at the same length (V8 alone checks only the length)', () => {
    const { root, cache } = tree();
    expect(run(root, cache).value).toBe(1);
    const file = join(root, 'lib', 'a.js');
    const before = readFileSync(file, 'utf8');
    const after = before.replace('value: 1', 'value: 2');
    expect(after.length).toBe(before.length);
    writeFileSync(file, after);
    expect(run(root, cache).value).toBe(2);
    expect(entries(cache).get(file)?.hash).not.toBe(entries(cache).get(join(root, 'lib', 'b.js'))?.hash);
    expect(run(root, cache).value).toBe(2);
  });

  test('a garbled or missing cache means compiling as usual, and a new cache', () => {
    const { root, cache } = tree();
    writeFileSync(cache, 'inte en cache');
    expect(run(root, cache).value).toBe(1);
    expect(entries(cache).size).toBe(3);
    const elsewhere = join(tempDir('insats-cc-ro-'), 'saknas', 'cache.bin');
    expect(run(root, elsewhere).value).toBe(1);
    expect(existsSync(elsewhere)).toBe(false);
  });
});
