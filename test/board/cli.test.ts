import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbookBuffer } from '../../src/adapters/exceljs/workbook';
import { cli } from './run-cli';
import { openDocx } from './docx-reader';

const SAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'ansokningar.xlsx');

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insats-board-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});


describe('npm run assess -- IN.xlsx --board PAPERS.docx', () => {
  test('--meeting: the docx and the Styrelseunderlag sheet, and the counts in the summary', async () => {
    const out = path.join(dir, 'ut.xlsx');
    const docx = path.join(dir, 'underlag.docx');
    const r = await cli([SAMPLE, '--out', out, '--date', '2025-11-20', '--board', docx, '--meeting', '2025-02-20', '--signer', 'Anna Berg']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Styrelseunderlag till sammanträdet 20 februari 2025: ett förslag, \d+ rader är inte klara för styrelsen \(se bladet Styrelseunderlag\)\./u);
    expect(r.stdout).toContain(`Sparade ${out} och ${docx}.`);
    const opened = await openDocx(await fs.readFile(docx));
    expect(opened.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(['Arbetsträning för unga i Heby']);
    expect(opened.paragraphs.some((p) => p.text === 'Anna Berg, Förbundschef')).toBe(true);
    const workbook = await openWorkbookBuffer(await fs.readFile(out));
    const sheet = workbook.getWorksheet('Styrelseunderlag');
    expect(sheet).toBeDefined();
    expect(sheet!.getRow(1).values).toEqual([undefined, 'Ärende', 'Insats', 'Insatsägare', 'Period', 'Belopp', 'Tjänst', 'Förslag', 'Beslutssatser']);
    expect(sheet!.getCell('B3').value).toBe('Arbetsträning för unga i Heby');
    // The file's first run loads the command line and the Word library: seconds on a loaded machine.
  }, 60_000);

  test('--meeting that no row has: exit 1, one Swedish line, nothing written', async () => {
    const out = path.join(dir, 'ut.xlsx');
    const docx = path.join(dir, 'underlag.docx');
    const r = await cli([SAMPLE, '--out', out, '--date', '2025-11-20', '--board', docx, '--meeting', '2025-02-21']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Fel: Ingen ansökan som inte redan är beviljad har Beslutsdatum 2025-02-21 \(mötesdatumet\)\. Beslutsdatum i arbetsboken: .*2025-02-20.*\n$/u);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(docx)).toBe(false);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  test('--record-meeting for a date without ärenden: exit 1 listing the dates there are, nothing written', async () => {
    const out = path.join(dir, 'ut.xlsx');
    const r = await cli([SAMPLE, '--out', out, '--date', '2025-11-20', '--record-meeting', '2025-11-21', '--minutes', path.join(dir, 'u.docx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Fel: Ingen ansökan som inte redan är beviljad har Beslutsdatum 2025-11-21 \(mötesdatumet\)\. Beslutsdatum i arbetsboken: .*2025-11-20.*\n$/u);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  test.each([
    [['--meeting', '2025-02-20'], 'Flaggan --meeting gäller styrelseunderlaget: ange också --board FIL.docx.'],
    [['--signer', 'Anna'], 'Flaggan --signer gäller styrelseunderlaget: ange också --board FIL.docx.'],
    [['--board', 'x.pdf'], '--board ska vara en Word-fil som slutar på .docx (fick "x.pdf").'],
    [['--board', 'x.docx', '--meeting', '2025-02-30'], '--meeting ska vara ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-02-20 (fick "2025-02-30").'],
    [['--record-meeting', '20/11/2025'], '--record-meeting ska vara ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-02-20 (fick "20/11/2025").'],
    [['--record-meeting', '2025-11-20', '--first-paragraph', 'tolv'], '--first-paragraph ska vara ett paragrafnummer från 1, t.ex. 12 (fick "tolv").'],
    [['--first-paragraph', '12'], 'Flaggan --first-paragraph gäller registreringen av sammanträdet: ange också --record-meeting ÅÅÅÅ-MM-DD.'],
    [['--minutes', 'u.docx'], 'Flaggan --minutes behöver sammanträdets datum: ange --meeting ÅÅÅÅ-MM-DD.'],
    [['--minutes', 'u.pdf', '--meeting', '2025-11-20'], '--minutes ska vara en Word-fil som slutar på .docx (fick "u.pdf").'],
  ])('usage mistake %j: exit 2 with the reason', async (args, message) => {
    const r = await cli([SAMPLE, '--out', path.join(dir, 'ut.xlsx'), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
