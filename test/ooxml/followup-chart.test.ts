/**
 * The Uppföljning sheet's native chart on files: real package parts (drawing, chart, relationships,
 * content types) beside every part the tool does not own, which comes back byte for byte; the
 * chart's series are the sheet's per-year figures; a second export replaces the tool's chart and
 * nothing else; LibreOffice opens the workbook, converts it to PDF and reads the chart from the cells.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8 } from 'fflate';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { assessWorkbook } from '../../src/core/job';
import { unzip, zip } from './fixtures';
import { soffice as sofficeIn, sofficeRuns, sofficeTitle } from './helpers';
import { shippedRules } from '../helpers/rules';

const SAMPLE = join(__dirname, '..', '..', 'examples', 'ansokningar.xlsx');
/** A chart and a drawing of the person's own, under the names the tool would take first. */
const PERSON_CHART = 'xl/charts/chart1.xml';
const PERSON_DRAWING = 'xl/drawings/drawing1.xml';

function input(): Uint8Array {
  const parts = unzip(readFileSync(SAMPLE));
  parts[PERSON_CHART] = strToU8('<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>');
  parts[PERSON_DRAWING] = strToU8('<?xml version="1.0"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>');
  return zip(parts);
}

async function exportFollowUp(bytes: Uint8Array) {
  const port = openOoxml(bytes);
  const run = await assessWorkbook(port, await shippedRules(), { now: new Date(2025, 10, 20, 12), followUp: true, followUpDate: '2025-09-30' });
  return { out: port.save(), run, changed: port.changedParts() };
}

const values = (xml: string, tag: 'c:cat' | 'c:val', i: number) => {
  const ser = xml.split('<c:ser>').slice(1)[i];
  const part = ser.slice(ser.indexOf(`<${tag}>`), ser.indexOf(`</${tag}>`));
  return [...part.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v>/gu)].map((m) => [Number(m[1]), m[2]]);
};

describe('the follow-up chart in a file', () => {
  test('is a drawing and a chart part of its own, every other part the tool does not own byte-identical', async () => {
    const before = unzip(input());
    const { out, run, changed } = await exportFollowUp(input());
    const after = unzip(out);
    const added = Object.keys(after).filter((n) => !(n in before)).sort();
    expect(added).toEqual(
      expect.arrayContaining(['xl/charts/chart2.xml', 'xl/drawings/drawing2.xml', 'xl/drawings/_rels/drawing2.xml.rels']),
    );
    // Only the tool's new sheets (Logg, Uppföljning), their relationships and the chart's parts are new.
    expect(added.filter((n) => !/^xl\/(worksheets\/(_rels\/)?sheet\d+\.xml(\.rels)?|charts\/chart2\.xml|drawings\/(_rels\/)?drawing2\.xml(\.rels)?)$/u.test(n))).toEqual([]);
    const owned = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', 'xl/styles.xml', 'xl/calcChain.xml', 'xl/worksheets/sheet1.xml', ...added]);
    expect(changed.filter((p) => !owned.has(p))).toEqual([]);
    for (const [name, data] of Object.entries(before)) {
      if (owned.has(name)) continue;
      expect({ name, same: Buffer.from(after[name]).equals(Buffer.from(data)) }).toEqual({ name, same: true });
    }
    const types = strFromU8(after['[Content_Types].xml']);
    expect(types).toContain('<Override PartName="/xl/charts/chart2.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    expect(types).toContain('<Override PartName="/xl/drawings/drawing2.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');

    // The sheet points at the drawing, the drawing at the chart.
    const sheetPart = added.find((n) => /^xl\/worksheets\/sheet\d+\.xml$/u.test(n) && strFromU8(after[n]).includes('<drawing '))!;
    const sheetRels = strFromU8(after[sheetPart.replace('worksheets/', 'worksheets/_rels/') + '.rels']);
    expect(sheetRels).toContain('Target="../drawings/drawing2.xml"');
    expect(strFromU8(after['xl/drawings/_rels/drawing2.xml.rels'])).toContain('Target="../charts/chart2.xml"');

    // The chart's series are the report's per-year figures: Budgetram, Beviljat, Utfall.
    const chart = strFromU8(after['xl/charts/chart2.xml']);
    expect(chart).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
    const years = run.followUp!.years;
    expect(years.length).toBeGreaterThan(0);
    expect(values(chart, 'c:cat', 0)).toEqual(years.map((y, i) => [i, String(y.year)]));
    const series = (pick: (y: (typeof years)[number]) => number | null) => years.flatMap((y, i) => (pick(y) === null ? [] : [[i, String(pick(y))]]));
    expect(values(chart, 'c:val', 0)).toEqual(series((y) => y.frame));
    expect(values(chart, 'c:val', 1)).toEqual(series((y) => y.granted));
    expect(values(chart, 'c:val', 2)).toEqual(series((y) => y.spent));
    expect(chart).toMatch(/<c:f>'Uppföljning'!\$B\$\d+:\$B\$\d+<\/c:f>/u);
  });

  test('a second export replaces the tool\'s chart and leaves the person\'s', async () => {
    const first = await exportFollowUp(input());
    const second = await exportFollowUp(first.out);
    const after = unzip(second.out);
    const charts = Object.keys(after).filter((n) => n.startsWith('xl/charts/'));
    const drawings = Object.keys(after).filter((n) => /^xl\/drawings\/drawing\d+\.xml$/u.test(n));
    expect(charts.sort()).toEqual([PERSON_CHART, 'xl/charts/chart2.xml']);
    expect(drawings.sort()).toEqual([PERSON_DRAWING, 'xl/drawings/drawing2.xml']);
    expect(Buffer.from(after[PERSON_CHART]).equals(Buffer.from(unzip(input())[PERSON_CHART]))).toBe(true);
    expect(strFromU8(after['[Content_Types].xml']).match(/chart2\.xml/gu)).toHaveLength(1);
  });
});

const describeIf = sofficeRuns ? describe : describe.skip;
describeIf(sofficeTitle('the follow-up chart in LibreOffice'), () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'followup-chart-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const soffice = (args: string[]) => sofficeIn(dir, args);

  test('converts the workbook to PDF, and reads the chart from the sheet\'s cells when it saves it again', async () => {
    const { out, run } = await exportFollowUp(input());
    const file = join(dir, 'uppfoljning.xlsx');
    writeFileSync(file, out);
    const pdf = await soffice(['--convert-to', 'pdf', '--outdir', dir, file]);
    expect(pdf.stderr).not.toMatch(/^Error/mu);
    expect(pdf.code).toBe(0);
    const bytes = readFileSync(join(dir, 'uppfoljning.pdf'));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = bytes.toString('latin1').match(/\/Type\s*\/Page(?!s)/gu) ?? [];
    expect(pages.length).toBeGreaterThan(1);

    // Saved again by LibreOffice: the chart is still there, its series read from the Uppföljning cells.
    const again = join(dir, 'again');
    const xlsx = await soffice(['--convert-to', 'xlsx', '--outdir', again, file]);
    expect(xlsx.code).toBe(0);
    const parts = unzip(readFileSync(join(again, 'uppfoljning.xlsx')));
    const chartName = Object.keys(parts).find((n) => /^xl\/charts\/chart\d+\.xml$/u.test(n) && strFromU8(parts[n]).includes('<c:barChart>'))!;
    const chart = strFromU8(parts[chartName]);
    expect(chart).toContain('<c:barDir val="col"/>');
    expect(chart.split('<c:ser>').length - 1).toBe(3);
    expect(values(chart, 'c:val', 1).map(([, v]) => Number(v))).toEqual(run.followUp!.years.map((y) => y.granted));
  }, 300_000);
});
