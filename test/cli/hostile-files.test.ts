/**
 * Hostile and unusual files through the compiled command line, as a new user (or someone mailing
 * a workbook) would hand them over: each built here from code, run in a child process measured
 * by /usr/bin/time, and each must end in exit 1 with one Swedish line naming the part (never
 * "oväntat fel"), the input byte-identical, nothing at the output path, in under 30 s and 1.5 GB.
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { toWorkbookError } from '../../src/adapters/office/errors';
import { protectedSheetMessage } from '../../src/core/protection';
import { baseWorkbook, type Parts } from '../ooxml/fixtures';
import { bytesOf, enc, rawZip, type RawEntry } from '../ooxml/raw-zip';

const REPO = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain JavaScript, run before anything is compiled
const cliBuild = require(path.join(REPO, 'scripts', 'build-cli.js')) as { build(): void; MAIN: string };
const TIME = '/usr/bin/time';
const SHEET = 'xl/worksheets/sheet1.xml';

const entriesOf = (parts: Parts): RawEntry[] => Object.entries(parts).map(([name, d]) => ({ name, data: bytesOf(d) }));

/** The base workbook with parts changed; `edit` may also rewrite the entry list. */
function workbook(change: (p: Parts) => void = () => {}, edit: (e: RawEntry[]) => RawEntry[] = (e) => e): Uint8Array {
  const p = baseWorkbook();
  change(p);
  return rawZip(edit(entriesOf(p)));
}

const sheetText = (p: Parts) => String(p[SHEET]);
/** Deflate of `n` bytes of one repeated byte, made in pieces so the test itself never holds them. */
function deflatedRun(n: number, prefix = ''): Promise<Uint8Array> {
  const piece = Buffer.alloc(16 * 1024 * 1024, 0x20);
  const d = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const write = (b: Buffer) => d.write(b);
  write(Buffer.from(prefix));
  for (let left = n; left > 0; left -= piece.length) write(left >= piece.length ? piece : piece.subarray(0, left));
  d.end();
  return new Promise<Uint8Array>((resolve) => d.on('end', () => resolve(new Uint8Array(Buffer.concat(out)))));
}

let dir: string;
beforeAll(() => cliBuild.build(), 120_000);
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insats-hostile-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stderr: string;
  seconds: number;
  peakMb: number;
}

/** Runs the compiled CLI on `bytes` under /usr/bin/time -v; checks the input is unchanged and nothing is at --out. */
async function run(bytes: Uint8Array, name = 'fientlig.xlsx', written = false): Promise<Run> {
  const input = path.join(dir, name);
  const out = path.join(dir, 'ut.xlsx');
  await fs.writeFile(input, bytes);
  const started = Date.now();
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
    const child = spawn(TIME, ['-v', process.execPath, cliBuild.MAIN, input, '--out', out, '--date', '2025-03-01'], { cwd: REPO });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('close', (c) => resolve({ code: c ?? -1, stderr: err }));
  });
  const seconds = (Date.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/u.exec(stderr);
  const own = stderr.split('\n').filter((l) => l.startsWith('Fel:') || (!l.startsWith('\t') && l.trim() !== '' && !l.startsWith('Command')));
  expect(Buffer.from(await fs.readFile(input)).equals(Buffer.from(bytes))).toBe(true);
  expect(existsSync(out)).toBe(written);
  expect((await fs.readdir(dir)).sort()).toEqual(written ? ['ut.xlsx', name].sort() : [name]);
  const peakMb = rss ? Number(rss[1]) / 1024 : Infinity;
  // HOSTILE_REPORT=FILE collects each run's time and peak memory (for the benchmark notes).
  if (process.env.HOSTILE_REPORT) await fs.appendFile(process.env.HOSTILE_REPORT, `${expect.getState().currentTestName}\t${seconds.toFixed(1)} s\t${peakMb.toFixed(0)} MB\n`);
  return { code, stderr: own.join('\n'), seconds, peakMb };
}

/** Exit 1, one Swedish line naming `where`, in bounds of time and memory. */
async function refused(bytes: Uint8Array, where: string | RegExp, name?: string): Promise<string> {
  const r = await run(bytes, name);
  expect(r.stderr).not.toMatch(/oväntat fel|Error|at .*\.js:\d+/u);
  expect(r.stderr).toMatch(/^Fel: /u);
  expect(r.stderr.split('\n')).toHaveLength(1);
  if (typeof where === 'string') expect(r.stderr).toContain(where);
  else expect(r.stderr).toMatch(where);
  expect(r.code).toBe(1);
  expect(r.seconds).toBeLessThan(30);
  expect(r.peakMb).toBeLessThan(1536);
  return r.stderr;
}

const LONG = 120_000;
const withSheetRow = (row: string) => (p: Parts) => {
  p[SHEET] = sheetText(p).replace('</sheetData>', `${row}</sheetData>`);
};

describe('hostile files through the command line: exit 1, a Swedish line naming the part, nothing written, bounded', () => {
  it('a sheet part that inflates past the limit (zip bomb): refused while inflating', async () => {
    const bomb = await deflatedRun(400_000_000, '<worksheet>');
    const msg = await refused(workbook(undefined, (e) => e.map((x) => (x.name === SHEET ? { ...x, deflated: bomb, size: 1000 } : x))), SHEET);
    expect(msg).toContain('är större än 200 MB när den packas upp; arbetsboken läses inte.');
  }, LONG);

  it('shared strings that inflate past the limit', async () => {
    const big = await deflatedRun(260_000_000, '<sst>');
    const msg = await refused(workbook(undefined, (e) => e.map((x) => (x.name === 'xl/sharedStrings.xml' ? { ...x, deflated: big, size: 260_000_005 } : x))), 'xl/sharedStrings.xml');
    expect(msg).toContain('större än 200 MB');
  }, LONG);

  it('a zip header that lies about the size, or a CRC that does not match', async () => {
    await refused(workbook(undefined, (e) => e.map((x) => (x.name === SHEET ? { ...x, size: 0xfffffff0 } : x))), `Delen ${SHEET} i arbetsboken är skadad`);
    await refused(workbook(undefined, (e) => e.map((x) => (x.name === SHEET ? { ...x, crc: 12345 } : x))), `Delen ${SHEET} i arbetsboken är skadad`);
  }, LONG);

  it('one value in the last cell XFD1048576 costs what its cells cost', async () => {
    const r = await run(workbook(withSheetRow('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')));
    expect(r.stderr).not.toMatch(/oväntat fel|Error/u);
    expect(r.stderr).toMatch(/^Fel: Kan inte skriva utanför bladet "Ansökningar"/u);
    expect(r.code).toBe(1);
    expect(r.seconds).toBeLessThan(30);
    expect(r.peakMb).toBeLessThan(1536);
  }, LONG);

  it.each(['999999999', '1000000000000000', 'NaN', '-3', '2.5'])('a row numbered %s', async (n) => {
    await refused(workbook(withSheetRow(`<row r="${n}"><c r="A1"><v>1</v></c></row>`)), `Delen ${SHEET} i arbetsboken har en rad med nummer "${n}"`);
  }, LONG);

  it('a merge over the whole sheet costs what its cells cost (no walk over 17 billion cells)', async () => {
    const msg = await refused(
      workbook((p) => {
        p[SHEET] = sheetText(p).replace('<mergeCell ref="A1:C1"/>', '<mergeCell ref="A1:XFD1048576"/>');
      }),
      'Hittar ingen rubrikrad på bladet "Ansökningar"',
    );
    expect(msg).toMatch(/^Fel: Hittar ingen rubrikrad/u);
  }, LONG);

  it('a sheet describing more cells than the limit', async () => {
    const row = (r: number) => `<row r="${r}">${'<c/>'.repeat(16_384)}</row>`;
    const rows = Array.from({ length: 490 }, (_, i) => row(i + 20)).join('');
    await refused(workbook(withSheetRow(rows)), `Delen ${SHEET} i arbetsboken beskriver fler än 8${'\u00a0'}000${'\u00a0'}000 celler`);
  }, LONG);

  it('a cell beyond column XFD', async () => {
    await refused(workbook(withSheetRow('<row r="20"><c r="XFE20"><v>1</v></c></row>')), `Delen ${SHEET} i arbetsboken har en cell på rad 20 i kolumn 16${'\u00a0'}385`);
  }, LONG);

  it.each([
    ['workbook.xml', 'xl/workbook.xml'],
    ['styles.xml', 'xl/styles.xml'],
  ])('XML nested 100 000 levels deep in %s', async (_n, part) => {
    const deep = `${'<x:a xmlns:x="urn:x">'.repeat(100_000)}${'</x:a>'.repeat(100_000)}`;
    const change = (p: Parts) => {
      p[part] = String(p[part]).replace(/(<\/(?:\w+:)?(?:workbook|styleSheet)>)$/u, `<extLst><ext uri="x">${deep}</ext></extLst>$1`);
    };
    await refused(workbook(change), `Delen ${part} i arbetsboken har element inuti varandra i fler än 256 nivåer`);
  }, LONG);

  it('a character reference beyond U+10FFFF in a value, an inline string, an attribute and the shared strings', async () => {
    await refused(workbook(withSheetRow('<row r="20"><c r="B20"><v>&#1114112;</v></c></row>')), `Delen ${SHEET} i arbetsboken har teckenreferensen &#1114112; i cell B20`);
    await refused(workbook(withSheetRow('<row r="20"><c r="C20" t="inlineStr"><is><t>a&#x110000;</t></is></c></row>')), 'teckenreferensen &#x110000; i cell C20');
    await refused(workbook(withSheetRow('<row r="20"><c r="D20" t="&#1114112;"><v>1</v></c></row>')), `Delen ${SHEET} i arbetsboken har teckenreferensen &#1114112; i cell D20`);
    await refused(
      workbook((p) => {
        p['xl/sharedStrings.xml'] = String(p['xl/sharedStrings.xml']).replace('</sst>', '<si><t>&#1114112;</t></si></sst>');
      }),
      'Delen xl/sharedStrings.xml i arbetsboken har teckenreferensen &#1114112;',
    );
  }, LONG);

  it('style and shared-string indices out of range name the part and the cell', async () => {
    await refused(workbook(withSheetRow('<row r="20"><c r="B20" s="99"><v>1</v></c></row>')), `Cellen B20 i delen ${SHEET} har cellformat nummer 99`);
    await refused(workbook(withSheetRow('<row r="20"><c r="B20" t="s"><v>9999</v></c></row>')), `Cellen B20 i delen ${SHEET} hänvisar till delad text nummer "9999"`);
    const numFmt = (id: string) => (p: Parts) => {
      p['xl/styles.xml'] = String(p['xl/styles.xml']).replace('<xf numFmtId="14"', `<xf numFmtId="${id}"`);
    };
    await refused(workbook(numFmt('999')), 'Formatmallarna (xl/styles.xml) i arbetsboken har cellformat nummer 2 med talformat 999, som inte finns');
    await refused(workbook(numFmt('NaN')), 'Formatmallarna (xl/styles.xml) i arbetsboken har för cellformat nummer 2 talformatnumret "NaN"');
  }, LONG);

  it('two entries with the same name, or a name outside the package', async () => {
    await refused(workbook(undefined, (e) => [...e, { ...e.find((x) => x.name === SHEET)! }]), `två delar med namnet ${SHEET}`);
    await refused(workbook(undefined, (e) => [...e, { name: '../../utanför.xml', data: enc.encode('<a/>') }]), '"../../utanför.xml", som pekar utanför paketet');
    await refused(workbook(undefined, (e) => [...e, { name: '/etc/x.xml', data: enc.encode('<a/>') }]), '"/etc/x.xml", som pekar utanför paketet');
  }, LONG);

  it('text before the root element of the sheet part', async () => {
    await refused(
      workbook((p) => {
        p[SHEET] = sheetText(p).replace('<worksheet', 'skräp<worksheet');
      }),
      `Delen ${SHEET} i arbetsboken är inte giltig XML`,
    );
  }, LONG);

  it('more entries than the limit', async () => {
    await refused(workbook(undefined, (e) => [...e, ...Array.from({ length: 10_001 }, (_, i) => ({ name: `customXml/item${i}.xml`, data: enc.encode('<a/>') }))]), 'delar, fler än de 10');
  }, LONG);

  it('an empty styles part, a workbook without sheets, an invalid shared-strings part name the part', async () => {
    await refused(workbook((p) => void (p['xl/styles.xml'] = '')), 'xl/styles.xml');
    await refused(workbook((p) => void (p['xl/sharedStrings.xml'] = '<sst xmlns="x"><si>')), 'xl/sharedStrings.xml');
    await refused(
      workbook((p) => {
        p['xl/workbook.xml'] = String(p['xl/workbook.xml']).replace(/<sheets>.*<\/sheets>/u, '<sheets/>');
      }),
      'xl/workbook.xml',
    );
  }, LONG);

  it('a protected applications sheet and a locked workbook structure: refused as the Office path refuses them', async () => {
    const sheet = await refused(
      workbook((p) => {
        p[SHEET] = sheetText(p).replace('</sheetData>', '</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/>');
      }),
      protectedSheetMessage('Ansökningar'),
    );
    expect(sheet).toBe(`Fel: ${protectedSheetMessage('Ansökningar')}`);
    const locked = await refused(
      workbook((p) => {
        p['xl/workbook.xml'] = String(p['xl/workbook.xml']).replace('<bookViews>', '<workbookProtection lockStructure="1"/><bookViews>');
      }),
      'Excel nekade åtkomst',
    );
    expect(locked).toBe(`Fel: ${toWorkbookError({ code: 'AccessDenied' }, { action: 'write' }).message}`);
  }, LONG);

  it('the base workbook itself is assessed (each refusal above is its change, not the base)', async () => {
    const r = await run(workbook(), 'grund.xlsx', true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, LONG);
});
