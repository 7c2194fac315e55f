import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExcelJsWorkbook, openWorkbookBuffer } from '../../src/adapters/exceljs/workbook';
import { BoardError, planBoardPapers, planBoardSheet } from '../../src/core/board';
import { applicationParagraphs, boardTexts } from '../../src/core/board-texts';
import { assessWorkbook, type WorkbookRun } from '../../src/core/job';
import { splitByYear } from '../../src/core/portfolio';
import type { SheetWrite, WorkbookPort, WritePlan } from '../../src/core/port';
import type { RulesetRegistry } from '../../src/core/rulesets';
import type { Assessment } from '../../src/core/types';
import { shippedRules } from '../helpers/rules';
import { handBuilt, HOSTILE } from './fixtures';

const CONDITIONS_2025 = [
  'att finansieringen av insatsen gäller under förutsättning att förbundet beviljas medel från medlemsorganisationerna framöver.',
  'att finansiering av insatsen gäller under förutsättning att insatsen följer aktuell ansökan, gällande lagstiftning och av förbundet antagna styrdokument.',
];
// The papers' clauses are rendered from the row's rule set: the shipped ones, loaded before the tests.
let RULES: RulesetRegistry = { rulesets: [] };
beforeAll(async () => {
  RULES = await shippedRules();
});
const NB = '\u00a0';
const CONDITIONS = [
  'att finansieringen av insatsen gäller under förutsättning att förbundet beviljas medel från medlemsorganisationerna framöver.',
  'att finansiering av insatsen gäller under förutsättning att insatsen följer aktuell ansökan, gällande lagstiftning och av förbundet antagna styrdokument.',
];

describe('planBoardPapers and the Styrelseunderlag sheet (hand-built rows)', () => {
  test('meeting 2025-02-20: the sheet cell by cell', () => {
    const sheet = planBoardSheet(planBoardPapers(handBuilt(), { meeting: '2025-02-20', signer: 'Anna Berg', rulesets: RULES }));
    const y2025 = `1 januari 2025${NB}– 31 december 2025`;
    expect(sheet.name).toBe('Styrelseunderlag');
    expect(sheet.mode).toBe('replace');
    expect(sheet.header).toEqual(['Ärende', 'Insats', 'Insatsägare', 'Period', 'Belopp', 'Tjänst', 'Förslag', 'Beslutssatser']);
    expect(sheet.rows).toEqual([
      ['Förslag till sammanträdet 20 februari 2025 (4 ärenden)'],
      [
        1,
        'Lokussamordnare Uppsala',
        'Uppsala kommun',
        `1 januari 2025${NB}– 31 december 2026`,
        560000,
        '0,4',
        'Bevilja',
        [`att bevilja finansiellt stöd enligt ansökan för insatsen Lokussamordnare Uppsala för perioden 1 januari år 2025 fram till 31 december 2026, med maximalt 560${NB}000${NB}kronor.`, ...CONDITIONS].join('\n'),
      ],
      // Rendered from the rule set's grant clauses (not the fixture's own draft text).
      [2, HOSTILE, HOSTILE, y2025, 90000, '0,2', 'Bevilja', [`att bevilja finansiellt stöd enligt ansökan för insatsen ${HOSTILE} för perioden 1 januari år 2025 fram till 31 december 2025, med maximalt 90${NB}000${NB}kronor.`, ...CONDITIONS_2025].join('\n')],
      [
        3,
        'Ändrat belopp',
        'Uppsala kommun',
        `1 juli 2025${NB}– 30 juni 2026`,
        240000,
        null,
        'Bevilja',
        [
          `att bevilja finansiellt stöd för insatsen Ändrat belopp för perioden 1 juli år 2025 fram till 30 juni 2026, med maximalt 240${NB}000${NB}kronor (sökt belopp 1${NB}000${NB}000${NB}kronor).`,
          ...CONDITIONS,
        ].join('\n'),
      ],
      [4, 'Avslås av chefen', 'Stiftelsen Vägen', y2025, null, '0,2', 'Avslå', 'att avslå ansökan om finansiellt stöd till insatsen Avslås av chefen, eftersom insatsägaren inte är medlem.'],
      [],
      ['Belopp per kalenderår (kr, fördelat efter månader)'],
      ['Ärende', 'Insats', '2025', '2026', 'Summa'],
      [1, 'Lokussamordnare Uppsala', 280000, 280000, 560000],
      [2, HOSTILE, 90000, null, 90000],
      [3, 'Ändrat belopp', 120000, 120000, 240000],
      [4, 'Avslås av chefen', null, null, null],
      [null, 'Summa', 490000, 400000, 890000],
      [],
      ['Inte klara för styrelsen (3 rader)'],
      ['Rad', 'Insats', 'Insatsägare', 'Period', 'Sökt belopp', 'Tjänst', 'Status', 'Varför'],
      [7, 'Komplettering behövs', 'Uppsala kommun', y2025, 100000, '0,2', 'Begär komplettering', 'Förbundschefen har begärt komplettering: Budgeten saknas.'],
      [8, 'Flaggad utan beslut', 'Uppsala kommun', y2025, 100000, '0,2', 'Flaggad', 'Flaggad och förbundschefen har inte beslutat. Ansökan är inte förankrad i lokusgruppen.'],
      [12, 'Oläslig rad', null, null, null, null, 'Fel i indata', 'Kan inte tolka Sökt belopp i I12: "15O 000".'],
    ]);
    expect(sheet.boldRows).toEqual([0, 6, 7, 12, 14, 15]);
    expect(sheet.print).toEqual({ landscape: true, repeatHeaderRow: true, fitToWidth: true });
    expect(sheet.columnWidths).toEqual([8, 36, 24, 30, 14, 14, 14, 90]);
    // Beslutssatser and Varför (column H) hold several lines or long text: they wrap; column A's headings run on unwrapped.
    expect(sheet.wrapColumns).toEqual([1, 2, 3, 6, 7]);
    expect(sheet.header[7]).toBe('Beslutssatser');
    expect(sheet.rows[1][7]).toContain('\n');
    expect(sheet.rows[15][7]).toBe('Varför');
    expect(sheet.numberFormats?.slice(0, 5)).toEqual(['#,##0', '#,##0', '#,##0', '#,##0', '#,##0']);
  });

  test('without a meeting: every row not already granted, each rule set in its own date style', () => {
    const papers = planBoardPapers(handBuilt(), { meeting: null, signer: null, rulesets: RULES });
    expect(papers.meetingText).toBeNull();
    expect(papers.proposals.map((p) => p.row)).toEqual([4, 5, 6, 9, 10]);
    expect(papers.proposals[0]).toMatchObject({ period: `2018-01-01${NB}– 2018-12-31`, post: `20${NB}%`, amount: 150000 });
    expect(papers.notReady.map((n) => n.row)).toEqual([7, 8, 12]);
    expect(papers.totals).toEqual([
      { year: 2018, amount: 150000 },
      { year: 2025, amount: 490000 },
      { year: 2026, amount: 400000 },
    ]);
    expect(papers.total).toBe(1040000);
    // No signer: the newest rule set's signature (the papers' words are the rule sets'; there are always some).
    expect(papers.signature).toBe('Åsa Fichtel, Förbundschef');
  });

  test('a meeting date no row has is a Swedish error naming the dates there are', () => {
    expect(() => planBoardPapers(handBuilt(), { meeting: '2025-03-01', signer: null, rulesets: RULES })).toThrow(BoardError);
    expect(() => planBoardPapers(handBuilt(), { meeting: '2025-03-01', signer: null, rulesets: RULES })).toThrow(
      'Ingen ansökan som inte redan är beviljad har Beslutsdatum 2025-03-01 (mötesdatumet). Beslutsdatum i arbetsboken: 2018-01-25, 2025-02-20.',
    );
  });

  test("a decision taken before the inputs changed is not ready; the chief's grant of a flagged row goes to the board", () => {
    const rows = handBuilt();
    const changed: Assessment = { ...rows[5], inputChanged: true };
    const papers = planBoardPapers([changed], { meeting: null, signer: 'Anna Berg', rulesets: RULES });
    expect(papers.proposals).toEqual([]);
    expect(papers.notReady[0]).toMatchObject({ row: 9, status: 'Flaggad', reason: 'Indata har ändrats efter förbundschefens beslut; förbundschefen behöver besluta på nytt.' });
    const granted: Assessment = { ...rows[4], chief: { choice: 'grant', text: 'Bevilja', amount: null, comment: null, address: 'Q8' }, grantAmount: 100000 };
    expect(planBoardPapers([granted], { meeting: null, signer: 'Anna Berg', rulesets: RULES }).proposals[0]).toMatchObject({ row: 8, verdict: 'grant', amount: 100000 });
  });

  test("Ansökan: the target group inside the sentence as the seeds write it, names kept; 2018's own wording", () => {
    const app = handBuilt()[1].application!;
    const first = (style: string, targetGroup: string) => applicationParagraphs(boardTexts(RULES.rulesets.find((r) => r.id === style)!), { ...app, targetGroup })[0];
    expect(first('finsam-2025', 'Unga med aktivitetsersättning')).toBe(
      'Uppsala kommun ansöker om finansiering för förlängning av insatsen Lokussamordnare Uppsala tillsammans med Försäkringskassan, Arbetsförmedlingen och Region Uppsala. Målgrupp är unga med aktivitetsersättning.',
    );
    expect(first('finsam-2025', 'Enköpings kommuns unga.')).toMatch(/Målgrupp är Enköpings kommuns unga\.$/u);
    expect(first('finsam-2018', 'Lokusgruppen i Uppsala')).toBe(
      'Uppsala kommun, Försäkringskassan, Arbetsförmedlingen och Region Uppsala ansöker om medel för förlängning av insatsen Lokussamordnare Uppsala. Uppsala kommun utgör insatsägare. Målgrupp är lokusgruppen i Uppsala.',
    );
  });

  test('owner and partners named as members are, by the rule set (AF → Arbetsförmedlingen, Enköping → Enköpings kommun)', async () => {
    const rows = handBuilt();
    const aliased: Assessment = { ...rows[1], application: { ...rows[1].application!, owner: 'Enköping', partners: ['AF', 'FK', 'Stiftelsen Vägen'] } };
    const papers = planBoardPapers([aliased], { meeting: null, signer: null, rulesets: await shippedRules() });
    expect(papers.proposals[0].owner).toBe('Enköpings kommun');
    expect(papers.proposals[0].application[0]).toBe(
      'Enköpings kommun ansöker om finansiering för förlängning av insatsen Lokussamordnare Uppsala tillsammans med Arbetsförmedlingen, Försäkringskassan och Stiftelsen Vägen.',
    );
    expect(papers.signature).toBe('Åsa Fichtel, Förbundschef');
  });

  test('the signature: NAME given gets the role, a signature with the role is kept', () => {
    expect(planBoardPapers(handBuilt(), { meeting: null, signer: 'Anna Berg', rulesets: RULES }).signature).toBe('Anna Berg, Förbundschef');
    expect(planBoardPapers(handBuilt(), { meeting: null, signer: 'Åsa Fichtel, Förbundschef', rulesets: RULES }).signature).toBe('Åsa Fichtel, Förbundschef');
  });
});

/**
 * The contract's selection (default-rules.md, "The board papers"), written out independently of board.ts:
 * a row not granted goes to the board when it is OK without a contrary decision, or the chief granted or
 * rejected it (and its inputs did not change since); every other row not granted is not ready.
 */
function goesToBoard(a: Assessment): boolean {
  const chief = a.chief ?? null;
  if (a.status === 'error' || a.application === null) return false;
  if (chief) return chief.choice !== 'supplement' && !(a.inputChanged ?? false);
  return a.status === 'ok';
}
const notGranted = (a: Assessment) => a.application === null || a.application.granted === null;

/** The sample assessed through the core, the write plan captured instead of written. */
async function sampleRun(board: { meeting: string | null; signer: string | null }, writes: WritePlan[] = []): Promise<{ run: WorkbookRun; writes: WritePlan[] }> {
  const workbook = await openWorkbookBuffer(readFileSync(join(__dirname, '..', '..', 'examples', 'ansokningar.xlsx')));
  const inner = new ExcelJsWorkbook(workbook);
  const port: WorkbookPort = { describe: () => inner.describe(), readSheets: (names) => inner.readSheets(names), write: async (plan) => void writes.push(plan) };
  const run = await assessWorkbook(port, await shippedRules(), { now: new Date(2025, 10, 20, 12, 0, 0), board });
  return { run, writes };
}

describe('the Styrelseunderlag sheet of the sample (examples/ansokningar.xlsx, assessed 2025-11-20)', () => {
  let run: WorkbookRun;
  let writes: WritePlan[];
  let sheet: SheetWrite;
  beforeAll(async () => {
    ({ run, writes } = await sampleRun({ meeting: null, signer: null }));
    sheet = writes[0].sheets!.find((s) => s.name === 'Styrelseunderlag')!;
  });

  test('written in the one write with the assessed columns', () => {
    expect(writes).toHaveLength(1);
    expect(writes[0].blocks.length).toBeGreaterThan(0);
    expect(writes[0].sheets?.filter((s) => s.name === 'Styrelseunderlag')).toHaveLength(1);
    expect(sheet.mode).toBe('replace');
    expect(run.board?.signature).toBe('Åsa Fichtel, Förbundschef');
  });

  test('the proposals, cell by cell from the assessments, in row order', () => {
    const expected = run.assessments.filter((a) => notGranted(a) && goesToBoard(a));
    // The seed 001 row and the Heby row are OK in the sample whatever the texts of the day.
    expect(expected.map((a) => a.id)).toEqual(expect.arrayContaining(['2024-017', '2025-004']));
    const proposalRows = sheet.rows.slice(1, 1 + expected.length);
    expect(sheet.rows[0]).toEqual([`Förslag till styrelsen (${expected.length} ärenden)`]);
    expected.forEach((a, i) => {
      const row = proposalRows[i];
      const chief = a.chief ?? null;
      expect(row[0]).toBe(i + 1);
      expect(row[1]).toBe(a.application!.name);
      // Owners as the board reads them: a member by its own name (the sample writes one kommun by its place).
      expect(row[2]).toBe(a.application!.owner === 'Enköping' ? 'Enköpings kommun' : a.application!.owner);
      if (chief?.choice === 'reject') {
        expect([row[4], row[6]]).toEqual([null, 'Avslå']);
        expect(String(row[7])).toMatch(/^att avslå /u);
      } else {
        expect(row[4]).toBe(chief?.choice === 'grant-changed' && chief.amount !== null ? chief.amount : a.grantAmount);
        expect(row[6]).toBe('Bevilja');
        // The draft's clauses as they are when no decision changed them.
        if (!chief) expect(row[7]).toBe(a.decision.split('\n').map((l) => l.trim()).filter(Boolean).join('\n'));
        else expect(String(row[7])).toMatch(/^att bevilja /u);
      }
    });
    const uppsala = proposalRows.find((r) => r[1] === 'Lokussamordnare Uppsala')!;
    expect(uppsala.slice(1, 7)).toEqual(['Lokussamordnare Uppsala', 'Uppsala kommun', `1 januari 2025${NB}– 31 december 2026`, 560000, '0,4', 'Bevilja']);
  });

  test('the amounts per calendar year: split by months, totals the sums', () => {
    const start = sheet.rows.findIndex((r) => r[0] === 'Belopp per kalenderår (kr, fördelat efter månader)');
    const header = sheet.rows[start + 1];
    const years = header.slice(2, -1).map(Number);
    const proposals = run.board!.proposals;
    const body = sheet.rows.slice(start + 2, start + 2 + proposals.length);
    proposals.forEach((p, i) => {
      const split = splitByYear(p.amount!, p.start, p.end);
      expect(body[i]).toEqual([p.number, p.name, ...years.map((y) => split.get(y) ?? null), p.amount]);
    });
    const totals = sheet.rows[start + 2 + proposals.length];
    expect(totals[1]).toBe('Summa');
    years.forEach((_, c) => expect(totals[2 + c]).toBe(body.reduce((s, r) => s + ((r[2 + c] as number | null) ?? 0), 0)));
    expect(totals[totals.length - 1]).toBe(proposals.reduce((s, p) => s + p.amount!, 0));
    expect(years).toEqual(expect.arrayContaining([2025, 2026]));
  });

  test('the rows not ready: every flagged, reject-proposed or unreadable row not granted, with why', () => {
    const start = sheet.rows.findIndex((r) => typeof r[0] === 'string' && r[0].startsWith('Inte klara för styrelsen'));
    const listed = sheet.rows.slice(start + 2);
    const expected = run.assessments.filter((a) => notGranted(a) && !goesToBoard(a));
    expect(listed.map((r) => r[0])).toEqual(expected.map((a) => a.row));
    for (const r of listed) expect(typeof r[7] === 'string' && r[7].length > 10).toBe(true);
    expect(listed.find((r) => r[1] === 'Jobbspår Enköping')).toEqual([18, 'Jobbspår Enköping', null, null, null, null, 'Fel i indata', 'Kan inte tolka Sökt belopp i I18: "15O 000".']);
    expect(sheet.rows[start]).toEqual([`Inte klara för styrelsen (${expected.length} rader)`]);
  });

  test('a meeting: only its rows (2025-02-20: the OK row of Heby among them), unreadable rows listed as not ready', async () => {
    const { run: meeting } = await sampleRun({ meeting: '2025-02-20', signer: 'Anna Berg' });
    const ofMeeting = meeting.assessments.filter((a) => a.application?.decisionDate === '2025-02-20' && notGranted(a));
    expect(meeting.board!.meetingText).toBe('20 februari 2025');
    expect(meeting.board!.proposals.map((p) => p.row)).toEqual(ofMeeting.filter(goesToBoard).map((a) => a.row));
    expect(meeting.board!.proposals.map((p) => p.id)).toContain('2025-004');
    const unreadable = meeting.assessments.filter((a) => a.application === null);
    expect(meeting.board!.notReady.map((n) => n.row)).toEqual(
      [...ofMeeting.filter((a) => !goesToBoard(a)), ...unreadable].map((a) => a.row).sort((x, y) => x - y),
    );
  });

  test('a meeting no row has: the error before anything is written', async () => {
    const attempted: WritePlan[] = [];
    await expect(sampleRun({ meeting: '2025-02-21', signer: null }, attempted)).rejects.toThrow(/Ingen ansökan som inte redan är beviljad har Beslutsdatum 2025-02-21/u);
    expect(attempted).toEqual([]);
  });
});
