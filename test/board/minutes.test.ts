/**
 * The board's decisions and the protokollsutdrag in the core (after-the-board.md): the seeds recorded
 * as Bifall give the seeds' clauses under `Förbundsstyrelsen beslutar`; the decisions' bad input is
 * flagged naming the cell, nothing refused or lost; another förbund's rule set gives its own names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBoardDocument } from '../../src/board/docx';
import { buildMinutesDocument } from '../../src/board/minutes-docx';
import { assessRows } from '../../src/core/assess';
import { planBoardPapers, planBoardSheet } from '../../src/core/board';
import { papersBeforeMeeting, planRecording } from '../../src/core/meeting';
import { planMinutes } from '../../src/core/minutes';
import { caseRowToRawRow, type CaseRow, type RulesetRegistry } from '../../src/core/rulesets';
import { loadRulesetsFromDir } from '../../src/node/rules-dir';
import { shippedRules } from '../helpers/rules';
import { SEED_ROWS } from '../helpers/seeds';
import { openDocx, normalise } from './docx-reader';

const SEEDS = join(__dirname, '..', 'fixtures', 'seeds');
const COLUMNS = { boardDecision: 40, granted: 41, paragraph: 42 };
const DATE = { assessmentDate: '2026-11-23' };

/** The att-clauses of a seed, in order. */
function seedClauses(name: string): string[] {
  return readFileSync(join(SEEDS, name), 'utf8')
    .split('\n')
    .map(normalise)
    .filter((l) => l.startsWith('att '));
}

/** Rows of one meeting: the papers before it, the recording, the assessment after it and the extracts. */
async function meeting(rows: CaseRow[], date: string, registry: RulesetRegistry, firstParagraph: number | null = 5) {
  const raw = rows.map((r, i) => caseRowToRawRow({}, r, 7 + i));
  const papers = await papersBeforeMeeting(raw, registry, DATE, date);
  const record = planRecording(raw, papers, { meeting: date, firstParagraph }, COLUMNS);
  const { assessments } = await assessRows(record.rows, registry, DATE);
  return { papers, record, assessments, minutes: planMinutes(papers, assessments, registry, date) };
}

/** The paragraphs of a .docx between two texts. */
function between(texts: string[], from: string, to: string): string[] {
  const a = texts.indexOf(from);
  return texts.slice(a + 1, texts.indexOf(to, a + 1)).filter((t) => t !== '');
}

describe('the seeds recorded as Bifall', () => {
  test.each([
    ['000_338f5d121b4b992d.txt', '2018-01-01'],
    ['001_f1b12c1c8782b80f.txt', '2024-11-20'],
  ])('%s: the extract gives the seed clauses under Förbundsstyrelsen beslutar, word for word', async (seed, date) => {
    const registry = await shippedRules();
    const m = await meeting([{ ...SEED_ROWS[seed], Beslutsdatum: date }], date, registry);
    expect(m.record.recorded).toHaveLength(1);
    expect(m.record.recorded[0]).toMatchObject({ decision: 'Bifall', paragraph: '§\u00a05', meeting: date });
    expect(m.assessments[0].board?.choice).toBe('grant');
    expect(m.minutes.extracts).toHaveLength(1);
    const clauses = seedClauses(seed);
    expect(clauses.length).toBeGreaterThanOrEqual(3);
    expect(m.minutes.extracts[0].clauses.map(normalise)).toEqual(clauses);
    const docx = await openDocx(await buildMinutesDocument(m.minutes));
    const texts = docx.paragraphs.map((p) => normalise(p.text));
    expect(between(texts, 'Förbundsstyrelsen beslutar', 'Ärendet')).toEqual(clauses);
  });
});

describe("the board's decisions: bad input is flagged naming the cell, nothing refused", () => {
  const base = { ...SEED_ROWS['001_f1b12c1c8782b80f.txt'], Beslutsdatum: '2024-11-20' };
  const assess = async (over: CaseRow) => (await assessRows([caseRowToRawRow({}, { ...base, ...over }, 7)], await shippedRules(), DATE)).assessments[0];

  test('an unreadable Paragraf', async () => {
    const a = await assess({ 'Styrelsens beslut': 'Bifall', 'Beviljat belopp': 560000, Paragraf: 'tolv' });
    expect(a.status).toBe('flag');
    const f = a.findings.find((x) => x.ruleId === 'styrelsens-beslut')!;
    expect(f.message).toMatch(/^Paragraf i [A-Z]+7 \("tolv"\) går inte att läsa som en paragraf; skriv till exempel § 12\.$/u);
    expect(a.application?.granted).toBe(560000);
  });

  test('a Bifall med ändring above the requested amount: flagged, the amount kept', async () => {
    const a = await assess({ 'Styrelsens beslut': 'Bifall med ändring', 'Beviljat belopp': 600000 });
    expect(a.status).toBe('flag');
    const f = a.findings.find((x) => x.ruleId === 'styrelsens-beslut')!;
    expect(normalise(f.message)).toMatch(/^Styrelsens beslut är Bifall med ändring, men Beviljat belopp i [A-Z]+7 \(600 000 kr\) är större än det sökta beloppet 560 000 kr\.$/u);
    expect(a.application?.granted).toBe(600000);
  });

  test('a text that is none of the choices, Bifall without Beviljat belopp, and a change that changes nothing', async () => {
    const unknown = await assess({ 'Styrelsens beslut': 'Godkänt' });
    expect(unknown.findings.find((x) => x.ruleId === 'styrelsens-beslut')!.message).toMatch(
      /^Styrelsens beslut i [A-Z]+7 \("Godkänt"\) är inget av valen Bifall, Bifall med ändring, Avslag, Återremiss eller Bordlagt\.$/u,
    );
    const missing = await assess({ 'Styrelsens beslut': 'Beviljas' });
    expect(missing.findings.map((x) => x.ruleId)).toContain('beviljat-saknas');
    // Nothing guessed: the row is not granted, so it keeps its draft.
    expect(missing.application?.granted).toBeNull();
    const same = await assess({ 'Styrelsens beslut': 'Delvis bifall', 'Beviljat belopp': 560000 });
    expect(normalise(same.findings.find((x) => x.ruleId === 'styrelsens-beslut')!.message)).toContain('är samma belopp som i styrelseunderlaget');
  });

  test('Avslag: status Avslagen, no draft, in no budget figure and no later papers', async () => {
    const registry = await shippedRules();
    const rows = [caseRowToRawRow({}, { ...base, 'Styrelsens beslut': 'Avslås' }, 7)];
    const { assessments, budget } = await assessRows(rows, registry, { ...DATE, budgetFrames: [{ year: 2025, frame: 1_000_000, note: null }] });
    expect(assessments[0]).toMatchObject({ status: 'closed', decision: '', notes: 'Förbundsstyrelsen har avslagit ansökan.' });
    expect(budget.every((y) => y.proposed === 0 && y.underReview === 0)).toBe(true);
    expect(() => planBoardPapers(assessments, { meeting: '2024-11-20', signer: null, rulesets: registry })).toThrow(/Ingen ansökan som inte redan är beviljad/u);
  });

  test('Bordlagt: assessed as before, one sentence names the decision, and the row goes to a later meeting', async () => {
    const plain = await assess({ Beslutsdatum: '2025-02-20' });
    const a = await assess({ 'Styrelsens beslut': 'Bordläggs', Beslutsdatum: '2025-02-20' });
    expect(a.status).toBe(plain.status);
    expect(a.notes).toBe(`Förbundsstyrelsen har bordlagt ärendet till ett senare sammanträde. ${plain.notes}`);
    expect(a.decision).toBe(plain.decision);
    expect(a.decision).toMatch(/^att bevilja finansiellt stöd enligt ansökan/u);
    // Flagged as before (it starts before the meeting): once the chief decides, it is among the papers again.
    const papers = planBoardPapers([{ ...a, chief: { choice: 'grant', text: 'Bevilja', amount: null, comment: null, address: 'X7' } }], { meeting: '2025-02-20', signer: null, rulesets: await shippedRules() });
    expect(papers.proposals.map((p) => p.row)).toEqual([7]);
  });

  test('a meeting with no ärenden: an error listing the dates there are', async () => {
    const rows = [caseRowToRawRow({}, base, 7)];
    await expect(papersBeforeMeeting(rows, await shippedRules(), DATE, '2024-11-21')).rejects.toThrow(/Beslutsdatum i arbetsboken: 2024-11-20\./u);
  });
});

describe('another förbund (test/fixtures/rules-sjuharad): its own members, name, signer and clauses', () => {
  test('assesses, records and exports papers and minutes with its own names and no Uppsala text', async () => {
    const registry = await loadRulesetsFromDir(join(__dirname, '..', 'fixtures', 'rules-sjuharad'));
    expect(registry.rulesets.map((r) => r.id)).toEqual(['sjuharad-2025']);
    const row = (over: CaseRow): CaseRow => ({
      Diarienummer: '2025-101', Insats: 'Arbetsträning Mark', Insatsägare: 'Mark', Samverkansparter: 'AF, Västra Götalandsregionen',
      Insatstyp: 'individinriktad', Målgrupp: 'Unga med aktivitetsersättning', Startdatum: '2025-09-01', Slutdatum: '2026-08-31',
      'Sökt belopp': 200000, Tjänsteomfattning: 0.4, Ärendetyp: 'ny', Beslutsdatum: '2025-08-21', Förankrad: 'ja', ...over,
    });
    const rows = [row({}), row({ Diarienummer: '2025-102', Insats: 'Samverkan Borås', Insatsägare: 'Borås kommun', 'Styrelsens beslut': 'Återremiss' })];
    const m = await meeting(rows, '2025-08-21', registry, 3);
    expect(m.assessments.map((a) => a.status)).toEqual(['ok', 'ok']);
    expect(m.papers.proposals.map((p) => p.owner)).toEqual(['Marks kommun', 'Borås kommun']);
    expect(m.papers.signature).toBe('Karin Ek, Förbundschef');
    const [granted, referred] = m.minutes.extracts;
    expect(granted).toMatchObject({ organisation: 'Samordningsförbundet Sjuhärad', board: 'Styrelsen', boardDecides: 'Styrelsen beslutar', paragraphText: '§ 3' });
    expect(granted.clauses[1]).toBe('att insatsen ska redovisas halvårsvis enligt förbundets riktlinjer för uppföljning.');
    expect(granted.sentTo).toEqual(['Marks kommun', 'Arbetsförmedlingen', 'Västra Götalandsregionen']);
    expect(referred.clauses).toEqual(['att återremittera ärendet till förbundschefen för vidare beredning.']);

    const papers = planBoardPapers(m.assessments.map((a) => ({ ...a, application: { ...a.application!, granted: null }, board: null })), { meeting: '2025-08-21', signer: null, rulesets: registry });
    const papersDocx = await openDocx(await buildBoardDocument(papers));
    // The papers' own words are the fixture's texts.board: its title, meeting line, heading, Ansökan sentence and footer.
    const said = papersDocx.paragraphs.map((p) => normalise(p.text));
    expect(said).toEqual(expect.arrayContaining(['Underlag till styrelsen', 'Styrelsens möte 21 augusti 2025', 'Styrelsen föreslås besluta', 'Belopp i kronor per kalenderår.']));
    expect(said).toContain(
      'Marks kommun söker medel av insatsen Arbetsträning Mark i samverkan med Arbetsförmedlingen och Västra Götalandsregionen. Målgrupp är unga med aktivitetsersättning.',
    );
    expect(papersDocx.files['word/footer1.xml']).toContain('Samordningsförbundet Sjuhärad · Underlag till styrelsen 21 augusti 2025 · sida ');
    expect(papers.proposals[0].clauses[1]).toBe('att insatsen ska redovisas halvårsvis enligt förbundets riktlinjer för uppföljning.');
    // A rejection the chief decides without a comment, on a row no rule objected to: the fixture's reason.
    const rejected = planBoardPapers([{ ...m.assessments[0], application: { ...m.assessments[0].application!, granted: null }, board: null, chief: { choice: 'reject', text: 'Avslag', amount: null, comment: null, address: 'Q2' } }], { meeting: null, signer: null, rulesets: registry });
    expect(rejected.proposals[0].clauses).toEqual(['att avslå ansökan om finansiellt stöd till insatsen Arbetsträning Mark, eftersom förbundschefen bedömer att insatsen inte ska finansieras av förbundet.']);
    expect(planBoardSheet(rejected).rows[0][0]).toBe('Förslag till styrelsen (ett ärende)');
    const minutesDocx = await openDocx(await buildMinutesDocument(m.minutes));
    for (const doc of [papersDocx, minutesDocx]) {
      const xml = Object.values(doc.files).join('\n');
      expect(xml).not.toMatch(/Uppsala|Fichtel|Enköping|Östhammar/u);
    }
    expect(minutesDocx.tables[0].flat(2).map(normalise)).toEqual(['Samordningsförbundet Sjuhärad Styrelsen', 'Protokollsutdrag Sammanträdesdatum 21 augusti 2025 § 3 Dnr 2025-101']);
    expect(papersDocx.paragraphs.some((p) => p.text === 'Karin Ek, Förbundschef')).toBe(true);
    for (const a of m.assessments) expect(`${a.notes}\n${a.decision}\n${(a.checks ?? []).join('\n')}`).not.toMatch(/Uppsala|Fichtel/u);
  });
});
