/**
 * The command line's outputs as one: every output (the workbook, the JSON, the board papers) is
 * written to a temporary and renamed at the end, so a run failing after one of them leaves none;
 * an output path that is a device, a directory or a FIFO is refused before anything is read; a
 * file assessed in place keeps its mode and owner; an unexpected error is one Swedish line (its
 * stack only with --debug); text printed is stripped of control characters, the workbook is not.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { USAGE } from '../../src/cli/main';
import * as rulesDir from '../../src/node/rules-dir';
import { readWorkbookFile } from '../../src/node/files';
import { baseWorkbook, zip } from '../ooxml/fixtures';
import { cli, exampleCopy, removeCopy, REPO, TEMP, type ExampleCopy } from './example-copy';

let copy: ExampleCopy | undefined;
let dir: string;
let input: string;
let original: Buffer;
beforeEach(async () => {
  copy = await exampleCopy('insats-outputs-');
  ({ dir, input, original } = copy);
});
afterEach(() => removeCopy(copy));

const listing = async (d = dir) => (await fs.readdir(d)).sort();
const inputUnchanged = async () => (await fs.readFile(input)).equals(original);

/** Makes the write of the temporary for `target` (by base name) fail as on a full disk, after part of it is written. */
function failWriteOf(target: string): void {
  const open = fs.open.bind(fs);
  jest.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
    const handle = await open(...args);
    if (path.basename(String(args[0])).startsWith(`.${target}.insatsbedomning-`)) {
      handle.writeFile = async (data: Parameters<typeof handle.writeFile>[0]) => {
        await handle.write(Buffer.from(typeof data === 'string' ? data.slice(0, 10) : (data as Uint8Array).subarray(0, 10)));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      };
    }
    return handle;
  });
}

describe('a run failing after one output leaves none of them', () => {
  it('--json on a full disk: no workbook at --out, no JSON, no temporary', async () => {
    failWriteOf('rapport.json');
    const r = await cli([input, '--out', path.join(dir, 'ut.xlsx'), '--json', path.join(dir, 'rapport.json'), '--date', '2025-03-01']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Fel: Kan inte skriva ${path.join(dir, 'rapport.json')}: disken är full\n`);
    expect(r.stdout).toBe('');
    expect(await inputUnchanged()).toBe(true);
    expect(await listing()).toEqual(['ansokningar.xlsx']);
  });

  it('assessed in place with --json on a full disk: the input is byte-identical', async () => {
    failWriteOf('rapport.json');
    const r = await cli([input, '--out', input, '--json', path.join(dir, 'rapport.json'), '--date', '2025-03-01']);
    expect(r.code).toBe(1);
    expect(await inputUnchanged()).toBe(true);
    expect(await listing()).toEqual(['ansokningar.xlsx']);
  });

  it('the board papers failing to write: neither the workbook nor the JSON is left', async () => {
    failWriteOf('underlag.docx');
    const r = await cli([input, '--out', path.join(dir, 'ut.xlsx'), '--json', path.join(dir, 'r.json'), '--board', path.join(dir, 'underlag.docx'), '--date', '2025-03-01']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Fel: Kan inte skriva .*underlag\.docx: disken är full\n$/u);
    expect(await listing()).toEqual(['ansokningar.xlsx']);
  });

  it('a rename failing after an earlier one puts the earlier output back as it was', async () => {
    const out = path.join(dir, 'ut.xlsx');
    const json = path.join(dir, 'r.json');
    await fs.writeFile(out, 'förra arbetsboken');
    await fs.writeFile(json, 'förra rapporten');
    const rename = fs.rename.bind(fs);
    jest.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      if (String(to) === json) throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' });
      return rename(from, to);
    });
    const r = await cli([input, '--out', out, '--json', json, '--date', '2025-03-01']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Fel: Kan inte skriva .*r\.json: behörighet saknas eller filen är låst/u);
    expect(await fs.readFile(out, 'utf8')).toBe('förra arbetsboken');
    expect(await fs.readFile(json, 'utf8')).toBe('förra rapporten');
    expect(await listing()).toEqual(['ansokningar.xlsx', 'r.json', 'ut.xlsx']);
  });

  it('(control) all three outputs are written when nothing fails, and no temporary stays', async () => {
    const r = await cli([input, '--out', path.join(dir, 'ut.xlsx'), '--json', path.join(dir, 'r.json'), '--board', path.join(dir, 'underlag.docx'), '--date', '2025-03-01']);
    expect(r.code).toBe(0);
    const names = await listing();
    expect(names).toEqual(['ansokningar.xlsx', 'r.json', 'underlag.docx', 'ut.xlsx']);
    expect(names.some((n) => TEMP.test(n))).toBe(false);
  });
});

describe('an output that is not a regular file is refused before anything is read', () => {
  // A missing input proves the order: the refusal comes before the input would be found missing.
  const missing = () => path.join(dir, 'saknas.xlsx');

  it('--out /dev/null: refused, and the device stays a device', async () => {
    const r = await cli([missing(), '--out', '/dev/null']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Fel: Kan inte skriva /dev/null: det är en enhet, inte en vanlig fil\n');
    expect((await fs.stat('/dev/null')).isCharacterDevice()).toBe(true);
  });

  it('--json naming a directory, --board naming a FIFO', async () => {
    await fs.mkdir(path.join(dir, 'mapp.json'));
    const json = await cli([missing(), '--out', path.join(dir, 'ut.xlsx'), '--json', path.join(dir, 'mapp.json')]);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe(`Fel: Kan inte skriva ${path.join(dir, 'mapp.json')}: det finns en mapp med det namnet\n`);
    const fifo = path.join(dir, 'rör.docx');
    execFileSync('mkfifo', [fifo]);
    const board = await cli([missing(), '--out', path.join(dir, 'ut.xlsx'), '--board', fifo]);
    expect(board.code).toBe(1);
    expect(board.stderr).toBe(`Fel: Kan inte skriva ${fifo}: det är en namngiven pipe (FIFO), inte en vanlig fil\n`);
    expect((await fs.stat(fifo)).isFIFO()).toBe(true);
    expect(await listing()).toEqual(['ansokningar.xlsx', 'mapp.json', 'rör.docx']);
  });

  it('an input that is a device or a FIFO is refused instead of read forever', async () => {
    const r = await cli(['/dev/zero', '--out', path.join(dir, 'ut.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Fel: Kan inte läsa /dev/zero: den är en enhet, inte en vanlig fil\n');
    expect(await listing()).toEqual(['ansokningar.xlsx']);
  });
});

describe('a file assessed in place keeps its mode and owner', () => {
  it.each([0o444, 0o600, 0o640])('mode %o', async (mode) => {
    await fs.chmod(input, mode);
    const r = await cli([input, '--out', input, '--date', '2025-03-01']);
    expect(r.code).toBe(0);
    expect(await inputUnchanged()).toBe(false);
    expect((await fs.stat(input)).mode & 0o7777).toBe(mode);
    expect(await listing()).toEqual(['ansokningar.xlsx']);
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('owner and group (as root)', async () => {
    await fs.chown(input, 4321, 8765);
    const r = await cli([input, '--out', input, '--date', '2025-03-01']);
    expect(r.code).toBe(0);
    const stat = await fs.stat(input);
    expect([stat.uid, stat.gid]).toEqual([4321, 8765]);
  });

  it('an output reached through a symbolic link is written where the link points; the link stays', async () => {
    const link = path.join(dir, 'länk.xlsx');
    await fs.symlink(input, link);
    const r = await cli([input, '--out', link, '--date', '2025-03-01']);
    expect(r.code).toBe(0);
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await inputUnchanged()).toBe(false);
  });
});

describe('an unexpected error', () => {
  beforeEach(() => {
    jest.spyOn(rulesDir, 'loadRulesetsFromDir').mockRejectedValue(new TypeError("Cannot set properties of undefined (setting '0')"));
  });

  it('is one Swedish line saying where it came and that nothing was saved; no English, no stack', async () => {
    const r = await cli([input, '--out', path.join(dir, 'ut.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Fel: ett oväntat fel i programmet när regelverken lästes; ingenting har sparats. Kör igen med --debug för att se detaljerna till en felanmälan.\n');
    expect(await listing()).toEqual(['ansokningar.xlsx']);
  });

  it('with --debug, the error and its stack follow the line', async () => {
    const r = await cli([input, '--out', path.join(dir, 'ut.xlsx'), '--debug']);
    expect(r.code).toBe(1);
    const [line, ...rest] = r.stderr.split('\n');
    expect(line).toMatch(/^Fel: ett oväntat fel i programmet när regelverken lästes/u);
    expect(rest.join('\n')).toMatch(/^TypeError: Cannot set properties of undefined \(setting '0'\)\n\s+at /u);
  });

  it('--debug is in the help', () => {
    expect(USAGE).toMatch(/--debug +vid ett oväntat fel/u);
  });
});

describe('text printed to the terminal has no control characters; the workbook keeps them', () => {
  it('raw and _x001B_-escaped ESC and BEL in an Insats name', async () => {
    const parts = baseWorkbook();
    // Row 4's Insats is a shared string: an escape sequence, a bell, and a raw ESC.
    parts['xl/sharedStrings.xml'] = String(parts['xl/sharedStrings.xml']).replace('Lokussamordnare Uppsala', 'Lokus_x001B_]0;titel_x0007_ Uppsala \u001b[2J');
    const file = path.join(dir, 'styrsekvenser.xlsx');
    await fs.writeFile(file, zip(parts));
    const out = path.join(dir, 'ut.xlsx');
    const r = await cli([file, '--out', out, '--json', path.join(dir, 'r.json'), '--date', '2025-03-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Lokus]0;titel Uppsala [2J');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u);
    const sheets = await (await readWorkbookFile(out)).readSheets(['Ansökningar']);
    expect(sheets[0].values.flat()).toContain('Lokus\u001b]0;titel\u0007 Uppsala \u001b[2J');
  });
});
