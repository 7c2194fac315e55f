/**
 * Refuse rather than damage: outputs that clash with what the run reads or writes are refused
 * before anything is written, a write that fails or a process killed mid-write leaves the input
 * byte-identical and no partial file at the output path, and a later run removes the temporary
 * a killed run left behind.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { removeStaleTemporaries, temporaryNameFor, writeFileAtomic } from '../../src/node/files';
import { cli, exampleCopy, removeCopy, REPO, TEMP, type ExampleCopy } from './example-copy';

let copy: ExampleCopy | undefined;
let dir: string;
let input: string;
let original: Buffer;
beforeEach(async () => {
  copy = await exampleCopy('insats-faults-');
  ({ dir, input, original } = copy);
});
afterEach(() => removeCopy(copy));

const listing = async (d = dir) => (await fs.readdir(d)).sort();

describe('outputs that name a file the run reads or writes are refused before anything is written (exit 2)', () => {
  it('--json naming the input workbook', async () => {
    const r = await cli([input, '--json', input, '--date', '2025-03-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Fel: --json ${input} är arbetsboken som bedöms; välj en annan fil för JSON-rapporten.\n`);
    expect(r.stdout).toBe('');
    expect((await fs.readFile(input)).equals(original)).toBe(true);
    expect(await listing()).toEqual(['ansokningar.xlsx']);
  });

  it('--json naming the input through another path (relative, via a symbolic link)', async () => {
    await fs.symlink(input, path.join(dir, 'länk.xlsx'));
    const viaLink = await cli([input, '--json', path.join(dir, 'länk.xlsx')]);
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toMatch(/^Fel: --json .*länk\.xlsx är arbetsboken som bedöms/u);
    const relative = await cli([input, '--json', path.relative(process.cwd(), path.join(dir, '.', 'sub', '..', 'ansokningar.xlsx'))]);
    expect(relative.code).toBe(2);
    expect((await fs.readFile(input)).equals(original)).toBe(true);
    expect(await listing()).toEqual(['ansokningar.xlsx', 'länk.xlsx']);
  });

  it('--json naming the --out file, and --json naming the default output', async () => {
    const out = path.join(dir, 'ut.xlsx');
    const r = await cli([input, '--out', out, '--json', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Fel: --json ${out} är samma fil som den bedömda arbetsboken (${out}); välj en annan fil för JSON-rapporten.\n`);
    const papers = path.join(dir, 'underlag.docx');
    const board = await cli([input, '--out', out, '--json', papers, '--board', papers]);
    expect(board.code).toBe(2);
    expect(board.stderr).toBe(`Fel: --board ${papers} är samma fil som JSON-rapporten (${papers}); välj en annan fil för styrelseunderlaget.\n`);
    const byDefault = await cli([input, '--json', path.join(dir, 'ansokningar.bedomd.xlsx')]);
    expect(byDefault.code).toBe(2);
    expect(byDefault.stderr.split('\n')).toHaveLength(2); // one line
    expect(await listing()).toEqual(['ansokningar.xlsx']);
  });

  it('an output naming a rule file the run reads', async () => {
    const rules = path.join(dir, 'regler');
    await fs.cp(path.join(REPO, 'rules'), rules, { recursive: true });
    const before = await fs.readFile(path.join(rules, 'finsam-2025.json'));
    const json = await cli([input, '--rules', rules, '--json', path.join(rules, 'finsam-2025.json')]);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/^Fel: --json .*finsam-2025\.json är en regelfil som körningen läser \(finsam-2025\.json\); välj en annan fil\.\n$/u);
    const out = await cli([input, '--rules', rules, '--out', path.join(rules, 'finsam-2018.json')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^Fel: --out .*finsam-2018\.json är en regelfil/u);
    expect((await fs.readFile(path.join(rules, 'finsam-2025.json'))).equals(before)).toBe(true);
    expect(await listing()).toEqual(['ansokningar.xlsx', 'regler']);
  });

  it('(control) --out naming the input assesses in place, and distinct outputs are written', async () => {
    const inPlace = await cli([input, '--out', input, '--date', '2025-03-01']);
    expect(inPlace.code).toBe(0);
    expect((await fs.readFile(input)).equals(original)).toBe(false);
    const both = await cli([input, '--out', path.join(dir, 'ut.xlsx'), '--json', path.join(dir, 'ut.json'), '--date', '2025-03-01']);
    expect(both.code).toBe(0);
    expect(await listing()).toEqual(['ansokningar.xlsx', 'ut.json', 'ut.xlsx']);
  });
});

describe('an output that cannot be written leaves the input byte-identical and no partial file', () => {
  it('the output path is a directory holding a file (the rename fails, as root too)', async () => {
    const out = path.join(dir, 'ut.xlsx');
    await fs.mkdir(out);
    await fs.writeFile(path.join(out, 'behåll.txt'), 'x');
    const r = await cli([input, '--out', out, '--date', '2025-03-01']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Fel: Kan inte skriva ${out}: det finns en mapp med det namnet\n`);
    expect((await fs.readFile(input)).equals(original)).toBe(true);
    expect(await listing()).toEqual(['ansokningar.xlsx', 'ut.xlsx']);
    expect(await listing(out)).toEqual(['behåll.txt']);
  });

  it("the output's parent is a regular file", async () => {
    await fs.writeFile(path.join(dir, 'fil'), 'inte en mapp');
    const r = await cli([input, '--out', path.join(dir, 'fil', 'ut.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Fel: Kan inte skriva .*ut\.xlsx: mappen .* finns inte\n$/u);
    expect((await fs.readFile(input)).equals(original)).toBe(true);
    expect(await listing()).toEqual(['ansokningar.xlsx', 'fil']);
  });

  it('a rename that fails after the temporary is written (disk full, file locked) removes the temporary and keeps the target', async () => {
    const target = path.join(dir, 'mål.json');
    await fs.writeFile(target, 'gammalt');
    jest.spyOn(fs, 'rename').mockRejectedValueOnce(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    await expect(writeFileAtomic(target, 'nytt', 'mål.json')).rejects.toThrow('Kan inte skriva mål.json: disken är full');
    expect(await fs.readFile(target, 'utf8')).toBe('gammalt');
    expect(await listing()).toEqual(['ansokningar.xlsx', 'mål.json']);
  });

  it('the temporary is flushed to disk (fsync) before it is renamed over the target', async () => {
    const events: string[] = [];
    const open = fs.open.bind(fs);
    jest.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
      const handle = await open(...args);
      const name = path.basename(String(args[0]));
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        events.push(`sync ${TEMP.test(name) ? 'temp' : name}`);
        return sync();
      };
      return handle;
    });
    const rename = fs.rename.bind(fs);
    jest.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      events.push(`rename ${TEMP.test(path.basename(String(from))) ? 'temp' : String(from)} → ${path.basename(String(to))}`);
      return rename(from, to);
    });
    await writeFileAtomic(path.join(dir, 'r.json'), 'innehåll');
    expect(events.slice(0, 2)).toEqual(['sync temp', 'rename temp → r.json']);
    expect(await fs.readFile(path.join(dir, 'r.json'), 'utf8')).toBe('innehåll');
  });
});

describe('temporaries', () => {
  it('are named recognisably beside the target', () => {
    const name = path.basename(temporaryNameFor(path.join(dir, 'ut.xlsx')));
    expect(name).toMatch(TEMP);
    expect(name.startsWith(`.ut.xlsx.insatsbedomning-${process.pid}-`)).toBe(true);
  });

  it("are removed when their process is gone or they are over a minute old; a live run's fresh one and other files stay", async () => {
    const fresh = path.basename(temporaryNameFor(path.join(dir, 'a.xlsx')));
    const old = path.basename(temporaryNameFor(path.join(dir, 'b.xlsx')));
    const dead = '.c.xlsx.insatsbedomning-999999999-abcd1234.tmp';
    for (const n of [fresh, old, dead, '.annat.tmp', 'x.insatsbedomning-1-ab.tmp']) await fs.writeFile(path.join(dir, n), 'x');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await fs.utimes(path.join(dir, old), twoMinutesAgo, twoMinutesAgo);
    expect((await removeStaleTemporaries(dir)).sort()).toEqual([dead, old].sort());
    expect(await listing()).toEqual([fresh, '.annat.tmp', 'ansokningar.xlsx', 'x.insatsbedomning-1-ab.tmp'].sort());
  });
});

/** The command line as a separate process, from the sources, with the fault hook that holds before the rename. */
function spawnHeldCli(args: string[]) {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO, 'src', 'cli', 'main.ts'), ...args], {
    cwd: REPO,
    env: { ...process.env, INSATS_FAULT_HOLD_BEFORE_RENAME: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const held = new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const m = /\[fault-hold\] (.+)\n/u.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`the command line ended before the write: ${stderr}`)));
  });
  return { child, held, exited };
}

describe('a process killed during the write', () => {
  it('leaves the input byte-identical and no partial output; the next run removes the leftover temporary', async () => {
    // In place (--out = input): the worst case, the input itself is being replaced.
    const run = spawnHeldCli([input, '--out', input, '--date', '2025-03-01']);
    const temp = await run.held;
    expect(path.dirname(temp)).toBe(dir);
    expect(path.basename(temp)).toMatch(TEMP);
    // The whole new workbook is on disk in the temporary when the process dies.
    expect((await fs.stat(temp)).size).toBeGreaterThan(1000);
    run.child.kill('SIGKILL');
    expect(await run.exited).toBe('SIGKILL');
    expect((await fs.readFile(input)).equals(original)).toBe(true);
    expect(await listing()).toEqual([path.basename(temp), 'ansokningar.xlsx'].sort());

    // A separate output: nothing at the output path at all.
    const out = path.join(dir, 'ut.xlsx');
    const second = spawnHeldCli([input, '--out', out, '--date', '2025-03-01']);
    const temp2 = await second.held;
    second.child.kill('SIGKILL');
    await second.exited;
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await fs.readFile(input)).equals(original)).toBe(true);

    const next = await cli([input, '--out', out, '--date', '2025-03-01']);
    expect(next.code).toBe(0);
    expect(await listing()).toEqual(['ansokningar.xlsx', 'ut.xlsx']);
    expect(path.basename(temp2)).toMatch(TEMP);
  }, 60_000);
});
