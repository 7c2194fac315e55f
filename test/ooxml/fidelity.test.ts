/**
 * Files kept whole: for workbooks holding what real budget workbooks hold, a run rewrites only
 * the parts the port owns; every other zip entry, and every cell outside the tool's columns,
 * comes back byte for byte, and LibreOffice opens the result.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8 } from 'fflate';
import { readSharedStrings } from '../../src/adapters/ooxml/shared-strings';
import { features, type Feature } from './features';
import { unzip, zip } from './fixtures';
import { assessBytes, cellXmlByRef, columnOf, convertToCsv, ownedColumns, sofficeRuns, sofficeTitle } from './helpers';

const SHEET = 'xl/worksheets/sheet1.xml';
const ALWAYS_OWNED = [SHEET, 'xl/styles.xml', 'xl/calcChain.xml'];

interface Outcome {
  feature: Feature;
  input: Uint8Array;
  output: Uint8Array;
  owned: Set<number>;
  changed: string[];
  assessed: number;
  /** Sheets the run keeps (Logg, Styrelseunderlag): their parts and the workbook's sheet list change with them. */
  toolSheets: number;
}

const outcomes = new Map<string, Outcome>();

async function outcome(f: Feature): Promise<Outcome> {
  let o = outcomes.get(f.name);
  if (!o) {
    const input = zip(f.parts);
    const { out, run, port } = await assessBytes(input);
    o = {
      feature: f, input, output: out, owned: ownedColumns(run.plan), changed: port.changedParts(), assessed: run.assessments.length, toolSheets: run.plan.sheets?.length ?? 0,
    };
    outcomes.set(f.name, o);
  }
  return o;
}

describe.each(features().map((f) => [f.name, f] as const))('a run keeps %s', (_name, feature) => {
  it('assesses every application and rewrites only the parts it owns', async () => {
    const o = await outcome(feature);
    expect(o.assessed).toBe(4);
    const before = unzip(o.input);
    const after = unzip(o.output);
    // A tool sheet is a new worksheet part, listed in the workbook, its relationships and the content types.
    const added = Object.keys(after).filter((name) => !(name in before));
    expect(added.every((name) => /^xl\/worksheets\/sheet\d+\.xml$/u.test(name))).toBe(true);
    expect(added.length).toBeLessThanOrEqual(o.toolSheets);
    const sheetParts = o.toolSheets > 0 ? ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', ...added] : [];
    const allowed = new Set([...ALWAYS_OWNED, ...(feature.owned ?? []), ...sheetParts]);
    expect(o.changed.filter((p) => !allowed.has(p))).toEqual([]);
    expect(Object.keys(before).filter((name) => !(name in after))).toEqual([]);
    for (const [name, data] of Object.entries(before)) {
      if (allowed.has(name)) continue;
      expect({ name, same: Buffer.from(after[name]).equals(Buffer.from(data)) }).toEqual({ name, same: true });
    }
    // The macro project and the content types of an .xlsm stay as they were.
    if (feature.ext === '.xlsm') expect(strFromU8(after['[Content_Types].xml'])).toContain('application/vnd.ms-excel.sheet.macroEnabled.main+xml');
  });

  it('leaves every cell outside the tool columns byte-identical', async () => {
    const o = await outcome(feature);
    const before = cellXmlByRef(strFromU8(unzip(o.input)[SHEET]));
    const after = cellXmlByRef(strFromU8(unzip(o.output)[SHEET]));
    expect(before.size).toBeGreaterThan(30);
    const differing = [...before].filter(([ref, xml]) => !o.owned.has(columnOf(ref)) && after.get(ref) !== xml).map(([ref]) => ref);
    expect(differing).toEqual([]);
    // The tool wrote its texts as inline strings into its own columns.
    const toolCells = [...after].filter(([ref]) => o.owned.has(columnOf(ref)) && Number(/\d+$/u.exec(ref)![0]) >= 4);
    expect(toolCells.length).toBeGreaterThan(0);
    for (const [, xml] of toolCells) expect(xml).not.toMatch(/<(\w+:)?f[\s>]/u);
  });
});

describe('a table (ListObject) holding the applications', () => {
  it('takes the tool columns into the table: ref, tableColumns and filter, header names unique and equal to the cells', async () => {
    const f = features().find((x) => x.name.startsWith('a table'))!;
    const o = await outcome(f);
    const out = unzip(o.output);
    const table = strFromU8(out['xl/tables/table1.xml']);
    const right = Math.max(...o.owned);
    const letters = String.fromCharCode(64 + right);
    expect(table).toMatch(new RegExp(`<table [^>]*ref="A3:${letters}7"`, 'u'));
    expect(table).toContain(`<autoFilter ref="A3:${letters}7"/>`);
    const names = [...table.matchAll(/<tableColumn id="(\d+)" name="([^"]*)"/gu)];
    expect(names).toHaveLength(right);
    expect(table).toContain(`<tableColumns count="${right}">`);
    expect(new Set(names.map((m) => m[2].toLowerCase())).size).toBe(names.length);
    expect(new Set(names.map((m) => m[1])).size).toBe(names.length);
    // Each column's name is its header cell's text.
    const sheet = strFromU8(out[SHEET]);
    const shared = readSharedStrings(strFromU8(out['xl/sharedStrings.xml']), 'sst');
    const cells = cellXmlByRef(sheet);
    names.forEach((m, i) => {
      const xml = cells.get(`${String.fromCharCode(65 + i)}3`)!;
      const text = /t="s"/u.test(xml) ? shared[Number(/<v>(\d+)<\/v>/u.exec(xml)![1])] : /<t[^>]*>([^<]*)<\/t>/u.exec(xml)![1];
      expect(text).toBe(m[2]);
    });
  });
});

describe('an autofilter over the applications', () => {
  it('extends the filter range and its hidden name over the created columns', async () => {
    const f = features().find((x) => x.name === 'an autofilter')!;
    const o = await outcome(f);
    const out = unzip(o.output);
    const letters = String.fromCharCode(64 + Math.max(...o.owned));
    expect(strFromU8(out[SHEET])).toContain(`<autoFilter ref="A3:${letters}7"/>`);
    expect(strFromU8(out['xl/workbook.xml'])).toContain(`'Ansökningar'!$A$3:$${letters}$7</definedName>`);
  });
});

(sofficeRuns ? describe : describe.skip)(sofficeTitle('every output opens in LibreOffice'), () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ooxml-lo-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('converts each assessed workbook to CSV with the applications and the tool columns', async () => {
    const list = features();
    const files: string[] = [];
    for (const [i, f] of list.entries()) {
      const o = await outcome(f);
      const file = join(dir, `fall${i}${f.ext ?? '.xlsx'}`);
      writeFileSync(file, o.output);
      files.push(file);
    }
    const result = await convertToCsv(files, dir);
    expect(result.code).toBe(0);
    list.forEach((f, i) => {
      const csv = join(dir, `fall${i}.csv`);
      expect({ feature: f.name, converted: existsSync(csv) }).toEqual({ feature: f.name, converted: true });
      const text = readFileSync(csv, 'utf8');
      expect(text).toContain('Lokussamordnare Uppsala');
      expect(text).toContain('Status');
      expect(text).toContain('Bedömning');
    });
  }, 300_000);
});
