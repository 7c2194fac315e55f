/**
 * The sample's budget follow-up (examples/): the Uppföljning sheet as written to the file, cell by
 * cell, and the board's report, clause by clause, against figures this test computes itself from
 * the sample's source (examples/ansokningar.json): its granted rows and its Utfall sheet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFollowUpDocument } from '../../src/board/followup-docx';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { followUpTextsFor } from '../../src/core/followup/texts';
import { assessWorkbook } from '../../src/core/job';
import { formatCount } from '../../src/core/format';
import type { CellValue } from '../../src/core/types';
import { loadExampleSource, type SourceValue } from '../../scripts/build-examples';
import { loadRulesetsFromDir } from '../../src/node/rules-dir';
import { shippedRules } from '../helpers/rules';
import { normalise, openDocx } from './docx-reader';

const PER = '2025-11-20';
const SAMPLE = join(__dirname, '..', '..', 'examples', 'ansokningar.xlsx');

const iso = (v: SourceValue | undefined) => (v && typeof v === 'object' && 'date' in v ? v.date : String(v));
const money = (v: SourceValue | undefined): number | null => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  const digits = v.replace(/\s|kr/gu, '');
  return /^\d+$/u.test(digits) ? Number(digits) : null;
};
/** Calendar months of a whole-month period per year (the sample's periods start on the 1st and end on a month's last day). */
function monthsByYear(start: string, end: string): Map<number, number> {
  const out = new Map<number, number>();
  let [y, m] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  const [ey, em] = [Number(end.slice(0, 4)), Number(end.slice(5, 7))];
  while (y < ey || (y === ey && m <= em)) {
    out.set(y, (out.get(y) ?? 0) + 1);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

interface Expected {
  id: string;
  granted: number;
  spent: number;
  byYear: Map<number, { granted: number; spent: number }>;
}

/** What the follow-up must show, from the source alone. */
async function expectedFromSource() {
  const source = await loadExampleSource();
  const utfall = source.extraSheets!.find((s) => s.name === 'Utfall')!.rows.slice(1);
  const budget = new Map(source.extraSheets!.find((s) => s.name === 'Budget')!.rows.slice(1).map((r) => [Number(r[0]), money(r[1])!] as const));
  const insatser: Expected[] = [];
  for (const row of source.rows) {
    if (!row || row['Beviljat belopp'] === undefined || row['Beviljat belopp'] === null) continue;
    const id = String(row.Dnr);
    const granted = money(row['Beviljat belopp'])!;
    const start = iso(row.Startdatum);
    const end = iso(row.Slutdatum);
    const months = monthsByYear(start, end);
    const total = [...months.values()].reduce((a, b) => a + b, 0);
    const byYear = new Map<number, { granted: number; spent: number }>();
    // Whole kronor: the first years take the floor, the last what is left (the sample's splits are even).
    let left = granted;
    [...months].forEach(([year, n], i, all) => {
      const part = i === all.length - 1 ? left : Math.floor((granted * n) / total);
      left -= part;
      byYear.set(year, { granted: part, spent: 0 });
    });
    // Readable lines of this insats whose Till is on or before P (each line of the sample lies in one year).
    const lines = utfall.filter((l) => l[0] === id && money(l[4]) !== null && iso(l[3]) >= iso(l[2]) && iso(l[3]) <= PER);
    let spent = lines.reduce((s, l) => s + money(l[4])!, 0);
    for (const l of lines) byYear.get(Number(iso(l[2]).slice(0, 4)))!.spent += money(l[4])!;
    if (lines.length === 0 && row.Utfall !== undefined) {
      spent = money(row.Utfall)!;
      byYear.get(Number(start.slice(0, 4)))!.spent = spent;
    }
    insatser.push({ id, granted, spent, byYear });
  }
  return { insatser, budget };
}

async function exportSample() {
  const port = openOoxml(readFileSync(SAMPLE));
  const registry = await shippedRules();
  const run = await assessWorkbook(port, registry, { now: new Date(2025, 10, 20, 12), followUp: true });
  const saved = openOoxml(port.save());
  const description = await saved.describe();
  const [grid] = await saved.readSheets([description.sheets.find((s) => s === 'Uppföljning')!]);
  return { run, grid };
}

describe('the sample\'s budget follow-up', () => {
  let result: Awaited<ReturnType<typeof exportSample>>;
  let expected: Awaited<ReturnType<typeof expectedFromSource>>;
  beforeAll(async () => {
    [result, expected] = await Promise.all([exportSample(), expectedFromSource()]);
  });

  const rows = () => result.grid.values;
  const rowOf = (first: CellValue, second?: CellValue) => rows().findIndex((r) => r[0] === first && (second === undefined || r[1] === second));

  test('the Uppföljning sheet: the heading, each insats\'s beviljat and utfall, and the per-year table, cell by cell', () => {
    expect(rows()[0][0]).toBe(`Budgetuppföljning per ${PER}`);
    for (const e of expected.insatser) {
      const r = rows()[rowOf(e.id)];
      expect({ id: e.id, granted: r[5], spent: r[6], remaining: r[10] }).toEqual({ id: e.id, granted: e.granted, spent: e.spent, remaining: e.granted - e.spent });
    }
    const header = rowOf('År', 'Budgetram');
    expect(rows()[header]).toEqual(['År', 'Budgetram', 'Beviljat', 'Utfall', 'Kvar av beviljat', 'Föreslaget', 'Utrymme kvar', ...rows()[header].slice(7)]);
    for (const year of [2025, 2026]) {
      const r = rows()[rowOf(String(year), expected.budget.get(year)!)];
      const granted = expected.insatser.reduce((s, e) => s + (e.byYear.get(year)?.granted ?? 0), 0);
      const spent = expected.insatser.reduce((s, e) => s + (e.byYear.get(year)?.spent ?? 0), 0);
      const proposed = result.run.summary.budget.find((b) => b.year === year)!.proposed;
      expect(r.slice(0, 7)).toEqual([String(year), expected.budget.get(year), granted, spent, granted - spent, proposed, expected.budget.get(year)! - granted - proposed]);
    }
    // Uppföljning Finsam: a kompetenshöjande insats is strukturövergripande there.
    const finsam = rowOf('Uppföljning Finsam');
    const competence = rows().slice(finsam).find((r) => r[0] === '2024-030')!;
    expect(competence.slice(0, 6)).toEqual(['2024-030', 'Kartläggning Enköping', 'strukturövergripande', '2025', 100000, 118500]);
    // Every line of the Utfall sheet that cannot be used is listed with its cell.
    const listed = rows().filter((r) => typeof r[0] === 'string' && r[0].startsWith('Utfall!')).map((r) => r[0]);
    expect(listed).toEqual(['Utfall!E4', 'Utfall!C6', 'Utfall!D7', 'Utfall!A8']);
  });

  test('every follow-up rule\'s finding is in the sample at least once', () => {
    const ids = new Set(result.run.followUp!.deviations.map((d) => d.ruleId));
    expect([...ids].sort()).toEqual(['ej-forbrukat', 'prognos-over', 'rapport-saknas', 'slutrapport-saknas', 'upparbetning-lag', 'utfall-over']);
  });

  test('the report, clause by clause, with the same figures and a chart of them', async () => {
    const report = result.run.followUp!;
    const docx = await openDocx(await buildFollowUpDocument(report, { signature: 'Åsa Fichtel, Förbundschef', created: new Date(2025, 10, 20), texts: followUpTextsFor(await shippedRules(), report.per) }));
    const texts = docx.paragraphs.filter((p) => !p.inTable).map((p) => normalise(p.text));
    expect(texts.slice(0, 4)).toEqual([`Budgetuppföljning per ${PER}`, 'Förslag till beslut', 'Förbundsstyrelsen föreslås besluta', `att lägga budgetuppföljningen per ${PER} till handlingarna`]);
    const granted = expected.insatser.reduce((s, e) => s + (e.byYear.get(2025)?.granted ?? 0), 0);
    const spent = expected.insatser.reduce((s, e) => s + (e.byYear.get(2025)?.spent ?? 0), 0);
    const proposed = result.run.summary.budget.find((b) => b.year === 2025)!.proposed;
    const kronor = (n: number) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/gu, ' ')} kronor`;
    const paragraph = texts[texts.indexOf('Ärendet') + 1];
    expect(paragraph).toBe(
      `Budgetramen för 2025 är ${kronor(expected.budget.get(2025)!)}. Förbundet har beviljat ${formatCount(expected.insatser.filter((e) => e.byYear.has(2025)).length)} insatser ${kronor(granted)} för året, och utfallet till och med ${PER} är ${kronor(spent)}. ` +
        `Till styrelsen föreslås ytterligare ${kronor(proposed)} för året. Av ramen återstår ${kronor(expected.budget.get(2025)! - granted - proposed)} för nya insatser.`,
    );
    // One sentence per deviation, after its insats's name.
    const deviations = texts.slice(texts.indexOf('Avvikelser') + 1, -1);
    expect(deviations).toEqual(report.deviations.map((d) => normalise(`${d.name}: ${d.sentence}`)));
    expect(texts[texts.length - 1]).toBe('Åsa Fichtel, Förbundschef');
    // The per-year table holds the same numbers as the sheet.
    const yearTable = docx.tables.find((t) => normalise(t[0][0]) === 'År')!;
    const y2025 = yearTable.find((r) => r[0] === '2025')!.map(normalise);
    expect(y2025.slice(0, 4)).toEqual(['2025', kronor(expected.budget.get(2025)!).replace(' kronor', ''), kronor(granted).replace(' kronor', ''), kronor(spent).replace(' kronor', '')]);
    // A native chart part with the per-year series.
    const chartPart = Object.keys(docx.files).find((n) => /^word\/charts\/chart\d+\.xml$/u.test(n));
    expect(chartPart).toBeDefined();
    const chart = docx.files[chartPart!];
    expect(chart).toContain('<c:barDir val="col"/>');
    for (const y of report.years) expect(chart).toContain(`<c:v>${y.granted}</c:v>`);
  });
});

describe('the follow-up\'s words are the rule set\'s (texts.followUp)', () => {
  test('the year paragraph\'s sentences are chosen on the figures: no frame, one insats, nothing proposed, over the frame', async () => {
    const T = followUpTextsFor(await shippedRules(), PER);
    const base = { year: 2025, per: PER, granted: 100000, spent: 25000, proposed: 0, insatser: 1 };
    expect(normalise(T.yearParagraph({ ...base, frame: null, room: null }))).toBe(
      `För 2025 finns ingen budgetram i arbetsboken. Förbundet har beviljat en insats 100 000 kronor för året, och utfallet till och med ${PER} är 25 000 kronor.`,
    );
    expect(normalise(T.yearParagraph({ ...base, insatser: 4, frame: 150000, proposed: 80000, room: -30000 }))).toBe(
      `Budgetramen för 2025 är 150 000 kronor. Förbundet har beviljat fyra insatser 100 000 kronor för året, och utfallet till och med ${PER} är 25 000 kronor. ` +
        'Till styrelsen föreslås ytterligare 80 000 kronor för året. Beviljat och föreslaget går över ramen med 30 000 kronor.',
    );
    expect([T.percent(null), normalise(T.percent(0.456)), T.insatsName('Steget', '2025-001'), T.insatsName('Steget', null), T.period('2025-01-01', '2025-12-31')]).toEqual([
      '–',
      '46 %',
      'Steget (2025-001)',
      'Steget',
      '2025-01-01 – 2025-12-31',
    ]);
  });

  test('another förbund\'s rule set (test/fixtures/rules-sjuharad) gives the sheet and the report its own heading and clause', async () => {
    const registry = await loadRulesetsFromDir(join(__dirname, '..', 'fixtures', 'rules-sjuharad'));
    const port = openOoxml(readFileSync(SAMPLE));
    const run = await assessWorkbook(port, registry, { now: new Date(2025, 10, 20, 12), followUp: true });
    const saved = openOoxml(port.save());
    const [grid] = await saved.readSheets(['Uppföljning']);
    expect(grid.values[0][0]).toBe('Ekonomisk uppföljning per 20 november 2025');
    const report = run.followUp!;
    const docx = await openDocx(await buildFollowUpDocument(report, { signature: 'Karin Ek, Förbundschef', texts: followUpTextsFor(registry, report.per) }));
    const texts = docx.paragraphs.filter((p) => !p.inTable).map((p) => normalise(p.text));
    expect(texts.slice(0, 4)).toEqual([
      'Ekonomisk uppföljning per 20 november 2025',
      'Förslag till beslut',
      'Styrelsen föreslås besluta',
      'att godkänna den ekonomiska uppföljningen per 20 november 2025 och lägga den till handlingarna',
    ]);
    expect(texts[texts.indexOf('Ärendet') + 1]).toMatch(/^Styrelsens budgetram för 2025 är /u);
    expect(texts.join('\n')).not.toMatch(/Budgetuppföljning|Förbundsstyrelsen/u);
  });
});
