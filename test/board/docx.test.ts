import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBoardDocument, typeset } from '../../src/board/docx';
import { planBoardPapers, planBoardSheet, type BoardPapers } from '../../src/core/board';
import { assessRows } from '../../src/core/assess';
import { caseRowToRawRow, type RulesetRegistry } from '../../src/core/rulesets';
import { shippedRules } from '../helpers/rules';
import { SEED_ROWS } from '../helpers/seeds';
import { between, normalise, openDocx, section, type OpenedDocx } from './docx-reader';
import { handBuilt, HOSTILE } from './fixtures';

// The papers' clauses are rendered from the row's rule set: the shipped ones, loaded before the tests.
let RULES: RulesetRegistry = { rulesets: [] };
beforeAll(async () => {
  RULES = await shippedRules();
});
const SEEDS = join(__dirname, '..', 'fixtures', 'seeds');
const seedText = (name: string) => readFileSync(join(SEEDS, name), 'utf8');

/** The order of the headings in the seeds' shape, with their Word levels. */
const SHAPE = [
  ['Heading2', 'Förslag till beslut'],
  ['Heading3', 'Förbundsstyrelsen föreslås besluta'],
  ['Heading2', 'Ärendet'],
  ['Heading3', 'Ansökan'],
  ['Heading3', 'Bedömning'],
];

const numberOf = (text: string) => (text.trim() === '' || text.trim() === '–' ? 0 : Number(text.replace(/[\s\u00a0]/gu, '')));

describe('the board papers as a Word document (hand-built rows, meeting 2025-02-20)', () => {
  let papers: BoardPapers;
  let docx: OpenedDocx;
  beforeAll(async () => {
    papers = planBoardPapers(handBuilt(), { meeting: '2025-02-20', signer: 'Anna Berg', rulesets: RULES });
    docx = await openDocx(await buildBoardDocument(papers));
  });

  test('cover: title, meeting date as the 2025 rule set writes it, then the proposals table', () => {
    expect(docx.paragraphs[0]).toMatchObject({ style: 'Title', text: 'Styrelseunderlag' });
    expect(docx.paragraphs[1].text).toBe('Förbundsstyrelsens sammanträde 20 februari 2025');
    const table = docx.tables[0];
    expect(table[0]).toEqual(['Nr', 'Insats', 'Insatsägare', 'Förslag', '2025', '2026', 'Summa']);
    expect(table.slice(1, -1).map((r) => r.slice(0, 4))).toEqual([
      ['1', 'Lokussamordnare Uppsala', 'Uppsala kommun', 'Bevilja'],
      ['2', HOSTILE, HOSTILE, 'Bevilja'],
      ['3', 'Ändrat belopp', 'Uppsala kommun', 'Bevilja'],
      ['4', 'Avslås av chefen', 'Stiftelsen Vägen', 'Avslå'],
    ]);
  });

  test('the cover totals equal the sum of the proposals, per year and in all', () => {
    const table = docx.tables[0];
    const body = table.slice(1, -1);
    const totals = table[table.length - 1];
    expect(totals[1]).toBe('Summa');
    for (let col = 4; col < table[0].length; col++) {
      expect(numberOf(totals[col])).toBe(body.reduce((s, r) => s + numberOf(r[col]), 0));
    }
    expect(numberOf(totals[totals.length - 1])).toBe(papers.proposals.reduce((s, p) => s + (p.amount ?? 0), 0));
    expect(totals.slice(4)).toEqual(['490\u00a0000', '400\u00a0000', '890\u00a0000']);
  });

  test("each proposal is a section in the seeds' order of headings, with the signature last", () => {
    for (const p of papers.proposals) {
      const s = section(docx, p.name);
      const headings = s.filter((x) => x.style?.startsWith('Heading') && x.style !== 'Heading1').map((x) => [x.style, x.text]);
      expect(headings).toEqual(SHAPE);
      expect(s[s.length - 1].text).toBe('Anna Berg, Förbundschef');
    }
    const outline = docx.paragraphs.filter((x) => x.style === 'Heading1').map((x) => x.text);
    expect(outline).toEqual(papers.proposals.map((p) => p.name));
  });

  test("clauses are paragraphs with a bold 'att', word for word from the proposal", () => {
    const s = section(docx, 'Lokussamordnare Uppsala');
    const clauses = between(s, 'Förbundsstyrelsen föreslås besluta', 'Ärendet');
    expect(clauses.map((c) => c.text)).toEqual(papers.proposals[0].clauses);
    for (const c of clauses) expect(c.bold).toBe('att');
  });

  test("a changed amount is the chief's, with the requested amount named", () => {
    const clauses = between(section(docx, 'Ändrat belopp'), 'Förbundsstyrelsen föreslås besluta', 'Ärendet').map((c) => normalise(c.text));
    expect(clauses[0]).toBe('att bevilja finansiellt stöd för insatsen Ändrat belopp för perioden 1 juli år 2025 fram till 30 juni 2026, med maximalt 240 000 kronor (sökt belopp 1 000 000 kronor).');
  });

  test("Bedömning is the chief's own text when filled, the generated paragraph otherwise", () => {
    expect(between(section(docx, 'Lokussamordnare Uppsala'), 'Bedömning', null).slice(0, -1).map((p) => p.text)).toEqual([
      'Ansökan har diskuterats i Lokusgruppen i Uppsala.',
      'Insatsen ligger väl i linje med styrelsens inriktning.',
    ]);
    expect(between(section(docx, 'Ändrat belopp'), 'Bedömning', null)[0].text).toBe('Bedömning av Ändrat belopp.');
  });

  test('Ansökan: the Syfte column as its own paragraph, then post, period and amount', () => {
    expect(between(section(docx, 'Lokussamordnare Uppsala'), 'Ansökan', 'Bedömning').map((p) => p.text)).toEqual([
      'Uppsala kommun ansöker om finansiering för förlängning av insatsen Lokussamordnare Uppsala tillsammans med Försäkringskassan, Arbetsförmedlingen och Region Uppsala.',
      'Att hålla samman lokusgruppens arbete.',
      'Ansökan avser 0,4 tjänst under perioden 1 januari 2025 till 31 december 2026, och det sökta beloppet är 560\u00a0000\u00a0kronor.',
    ]);
  });

  test('a hostile name stays plain text: escaped in the XML, whole in the text, no fields', () => {
    const xml = docx.files['word/document.xml'];
    expect(xml).not.toContain('<script');
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).not.toMatch(/<w:fldSimple|<w:instrText[^>]*>[^<]*cmd/u);
    expect(docx.paragraphs.some((p) => p.style === 'Heading1' && p.text === HOSTILE)).toBe(true);
    const clauses = between(section(docx, HOSTILE), 'Förbundsstyrelsen föreslås besluta', 'Ärendet');
    expect(clauses[0].text).toBe(`att bevilja finansiellt stöd enligt ansökan för insatsen ${HOSTILE} för perioden 1 januari år 2025 fram till 31 december 2025, med maximalt 90\u00a0000\u00a0kronor.`);
  });

  test('rows that are not ready, already granted or of another meeting are not in the document', () => {
    const text = docx.paragraphs.map((p) => p.text).join('\n');
    for (const name of ['Komplettering behövs', 'Flaggad utan beslut', 'Oläslig rad', 'Redan beviljad', 'Lokussamordnare Älvkarleby']) expect(text).not.toContain(name);
    const sheet = planBoardSheet(papers);
    const from = sheet.rows.findIndex((r) => typeof r[0] === 'string' && r[0].startsWith('Inte klara för styrelsen'));
    const listed = sheet.rows.slice(from + 2).map((r) => [r[1], r[6]]);
    expect(listed).toEqual([
      ['Komplettering behövs', 'Begär komplettering'],
      ['Flaggad utan beslut', 'Flaggad'],
      ['Oläslig rad', 'Fel i indata'],
    ]);
  });

  test('Swedish typography: amounts with no-break spaces, document language sv-SE, headings in the outline', () => {
    const all = docx.paragraphs.map((p) => p.text).join('\n');
    expect(all).toContain('560\u00a0000\u00a0kronor');
    expect(all).not.toMatch(/\d \d{3}(?!\d)|\d (kr|kronor)\b/u);
    const styles = docx.files['word/styles.xml'];
    expect(styles).toMatch(/<w:lang w:val="sv-SE"/u);
    for (const [id, level] of [['Heading1', 0], ['Heading2', 1], ['Heading3', 2]] as const) {
      expect(styles).toMatch(new RegExp(`w:styleId="${id}"[\\s\\S]*?<w:outlineLvl w:val="${level}"/>[\\s\\S]*?</w:style>`, 'u'));
    }
  });

  test('typeset: no-break spaces between digit groups and before the unit, also in typed text', () => {
    expect(typeset('1 500 000 kr och 20 % samt 300 000 kronor')).toBe('1\u00a0500\u00a0000\u00a0kr och 20\u00a0% samt 300\u00a0000\u00a0kronor');
    expect(typeset('år 2025 och 24 månader')).toBe('år 2025 och 24 månader');
    expect(typeset('a\u0001b\uFFFEc')).toBe('abc');
  });
});

describe('the two seed rows in the document', () => {
  let docx: OpenedDocx;
  let registry: RulesetRegistry;
  beforeAll(async () => {
    registry = await shippedRules();
    const raws = Object.values(SEED_ROWS).map((row, i) => caseRowToRawRow({}, row, 5 + i));
    const { assessments } = await assessRows(raws, registry, { assessmentDate: '2025-11-20' });
    const papers = planBoardPapers(assessments, { meeting: null, signer: null, rulesets: registry });
    docx = await openDocx(await buildBoardDocument(papers));
  });

  const seeds: [string, string][] = [
    ['000_338f5d121b4b992d.txt', 'Lokussamordnare Älvkarleby'],
    ['001_f1b12c1c8782b80f.txt', 'Lokussamordnare Uppsala'],
  ];

  test.each(seeds)('seed %s: the clauses word for word', (file, name) => {
    const seedClauses = seedText(file)
      .split('\n')
      .map(normalise)
      .filter((l) => l.startsWith('att '));
    const clauses = between(section(docx, name), 'Förbundsstyrelsen föreslås besluta', 'Ärendet').map((c) => normalise(c.text));
    expect(clauses).toEqual(seedClauses);
  });

  test.each(seeds)("seed %s: the headings in the seed's order", (file, name) => {
    const known = new Set(SHAPE.map(([, t]) => t));
    const seedHeadings = seedText(file)
      .split('\n')
      .map((l) => normalise(l.replace(/^#+\s*/u, '')))
      .filter((l) => known.has(l));
    const headings = section(docx, name)
      .filter((p) => p.style === 'Heading2' || p.style === 'Heading3')
      .map((p) => p.text);
    expect(headings).toEqual(seedHeadings);
    // Seed 000 gives the levels too (## → Heading 1, ### → Heading 2, #### → Heading 3).
    if (file.startsWith('000')) {
      const levels = seedText(file)
        .split('\n')
        .filter((l) => /^#{2,4} /u.test(l))
        .map((l) => `Heading${l.indexOf(' ') - 1}`);
      expect(section(docx, name).filter((p) => p.style?.startsWith('Heading')).map((p) => p.style)).toEqual(levels);
    }
  });

  test("seed 001: the Ansökan sentence as the seed's", () => {
    const seedAnsokan = normalise(seedText('001_f1b12c1c8782b80f.txt').split('\nAnsökan\n')[1]);
    const firstSentence = seedAnsokan.slice(0, seedAnsokan.indexOf('Region Uppsala.') + 'Region Uppsala.'.length);
    expect(firstSentence).toBe('Uppsala kommun ansöker om finansiering för förlängning av insatsen Lokussamordnare Uppsala tillsammans med Försäkringskassan, Arbetsförmedlingen och Region Uppsala.');
    const ansokan = between(section(docx, 'Lokussamordnare Uppsala'), 'Ansökan', 'Bedömning');
    expect(normalise(ansokan[0].text).startsWith(firstSentence)).toBe(true);
  });

  test("signature line as the seeds', from the rule set", () => {
    for (const [file, name] of seeds) {
      const s = section(docx, name);
      const last = seedText(file).trim().split('\n').pop()!;
      expect(s[s.length - 1].text).toBe(last);
    }
  });

  test('dates as each rule set writes them: 2018 as 2018-01-01, 2025 in words', () => {
    const text = (name: string) => section(docx, name).map((p) => p.text).join('\n');
    expect(text('Lokussamordnare Älvkarleby')).toContain('perioden 2018-01-01 till 2018-12-31 och kostnaden är 150\u00a0000\u00a0kronor');
    expect(text('Lokussamordnare Uppsala')).toContain('perioden 1 januari 2025 till 31 december 2026');
  });
});
