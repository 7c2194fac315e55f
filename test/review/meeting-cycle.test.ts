/**
 * After the board (after-the-board.md): the four-step cycle on a copy of the sample, through the
 * command line in-process: assess; the chief decides two flagged rows; --board for the meeting;
 * a person types the board's changes, then --record-meeting with --first-paragraph 12; --minutes.
 * Then the same meeting recorded a second time changes nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { cli } from '../board/run-cli';
import { LOG_EVENTS, LOG_HEADER, readLog } from '../../src/core/log';
import { renderTemplate } from '../../src/core/templates';
import { decisionValues, renderClauses } from '../../src/core/texts/decision';
import type { Application, CellValue } from '../../src/core/types';
import { openDocx, type DocxParagraph } from '../board/docx-reader';
import { shippedRules } from '../helpers/rules';
import { sheetsOf } from './sheets';

const SAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'ansokningar.xlsx');
const SHEET = 'Ansökningar';
const MEETING = '2025-11-20';
const TOOL_HEADERS = ['Status', 'Bedömning', 'Förslag till beslut', 'Kontroller', 'Regelträffar', 'Bedömd'];
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p)) ?? null;

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insats-meeting-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});


/** A person types in the workbook (ExcelJS stands in for Excel): cells by header and sheet row. */
async function typeCells(file: string, out: string, cells: { row: number; header: string; value: string | number }[]): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(SHEET)!;
  const header = sheet.getRow(3);
  for (const c of cells) {
    let col = 0;
    header.eachCell((cell, n) => {
      if (String(cell.value).replace(/\s*\(.*\)$/u, '') === c.header) col = n;
    });
    if (!col) throw new Error(`ingen kolumn ${c.header}`);
    sheet.getRow(c.row).getCell(col).value = c.value;
  }
  await book.xlsx.writeFile(out);
}

const flat = (s: string) => s.replace(/[\s\u00a0\u202f]+/gu, ' ').trim();

/** The paragraphs of one extract: from its title (`§ N …`) to the next. */
function extracts(paragraphs: DocxParagraph[]): DocxParagraph[][] {
  const out: DocxParagraph[][] = [];
  for (const p of paragraphs) {
    if (p.style === 'Heading1') out.push([]);
    out[out.length - 1]?.push(p);
  }
  return out;
}

/** The texts between two headings of an extract. */
function under(extract: DocxParagraph[], heading: string, next: string): string[] {
  const texts = extract.map((p) => flat(p.text));
  const from = texts.indexOf(heading);
  const to = texts.indexOf(next, from + 1);
  return texts.slice(from + 1, to < 0 ? undefined : to).filter((t) => t !== '');
}

describe('after the board: the four-step cycle on a copy of the sample', () => {
  test('assess, the chief decides, --board, --record-meeting --first-paragraph 12, --minutes; and a second --record-meeting changes nothing', async () => {
    const registry = await shippedRules();
    const f = (name: string) => path.join(dir, name);

    // 1. The economist's run.
    let r = await cli([SAMPLE, '--out', f('1.xlsx'), '--date', '2025-11-19']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    // 2. The chief decides two flagged rows of the meeting: Aktiv senior Östhammar rejected, Studiecoach Knivsta granted.
    await typeCells(f('1.xlsx'), f('2.xlsx'), [
      { row: 27, header: 'Chefens beslut', value: 'Avslå' },
      { row: 28, header: 'Chefens beslut', value: 'Bevilja' },
    ]);

    // 3. The board papers of the meeting: four ärenden (rows 25 and 26 OK, 27 rejected and 28 granted by the chief).
    r = await cli([f('2.xlsx'), '--out', f('3.xlsx'), '--date', '2025-11-19', '--board', f('underlag.docx'), '--meeting', MEETING]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Styrelseunderlag till sammanträdet 20 november 2025: 4 förslag');

    // 4. At the meeting the board granted Aktivitetsstöd Enköping a lower amount and sent Gemensam utbildning back; the secretary typed both.
    await typeCells(f('3.xlsx'), f('4.xlsx'), [
      { row: 25, header: 'Styrelsens beslut', value: 'Bifall med ändring' },
      { row: 25, header: 'Beviljat belopp', value: 200000 },
      { row: 26, header: 'Styrelsens beslut', value: 'Återremiss' },
    ]);
    r = await cli([f('4.xlsx'), '--out', f('5.xlsx'), '--date', '2025-11-21', '--record-meeting', MEETING, '--first-paragraph', '12']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Sammanträdet ${MEETING}: 4 beslut registrerade av 4 ärenden`);

    // Only the empty person cells of the four ärenden were filled.
    const before = (await sheetsOf(new Uint8Array(await fs.readFile(f('4.xlsx'))))).get(SHEET)!;
    const after = (await sheetsOf(new Uint8Array(await fs.readFile(f('5.xlsx'))))).get(SHEET)!;
    const headers = after[2].map((h) => String(h ?? '').replace(/\s*\(.*\)$/u, ''));
    const col = (h: string) => headers.indexOf(h);
    const expectedFills = new Map<string, CellValue>([
      ['25:Paragraf', '§\u00a012'],
      ['26:Paragraf', '§\u00a013'],
      ['27:Styrelsens beslut', 'Avslag'],
      ['27:Paragraf', '§\u00a014'],
      ['28:Styrelsens beslut', 'Bifall'],
      ['28:Beviljat belopp', 100000],
      ['28:Paragraf', '§\u00a015'],
    ]);
    const changed: string[] = [];
    for (let r0 = 0; r0 < Math.max(before.length, after.length); r0++) {
      for (let c = 0; c < headers.length; c++) {
        if (TOOL_HEADERS.includes(headers[c])) continue;
        const b = before[r0]?.[c] ?? null;
        const a = after[r0]?.[c] ?? null;
        if (b !== a) changed.push(`${r0 + 1}:${headers[c]}`);
      }
    }
    expect(changed.sort()).toEqual([...expectedFills.keys()].sort());
    for (const [key, value] of expectedFills) {
      const [row, header] = key.split(':');
      expect(after[Number(row) - 1][col(header)]).toEqual(value);
    }
    // Row 25 kept what the secretary typed.
    expect(after[24][col('Styrelsens beslut')]).toBe('Bifall med ändring');
    expect(after[24][col('Beviljat belopp')]).toBe(200000);

    // The statuses after the record: granted rows in follow-up, the rejected row Avslagen, the återremitted one a proposal again.
    const status = (row: number) => after[row - 1][col('Status')];
    const notes = (row: number) => String(after[row - 1][col('Bedömning')]);
    const draft = (row: number) => String(after[row - 1][col('Förslag till beslut')] ?? '');
    expect(status(27)).toBe('Avslagen');
    expect(notes(27)).toBe('Förbundsstyrelsen har avslagit ansökan.');
    expect(draft(27)).toBe('');
    for (const row of [25, 28]) {
      expect(notes(row)).toMatch(/^Förbundsstyrelsen beviljade den 2025-11-20 insatsen/u);
      expect(draft(row)).toBe('');
    }
    expect(flat(notes(25))).toContain('200 000 kr');
    expect(notes(26)).toMatch(/^Förbundsstyrelsen har återremitterat ärendet till förbundschefen för ytterligare beredning\. Ansökan rör /u);
    expect(draft(26)).toMatch(/^att bevilja finansiellt stöd enligt ansökan för insatsen Gemensam utbildning i samverkan/u);

    // The Logg: one Styrelsens beslut line per ärende in the papers' order, then the run, in one valid chain.
    const logg = (await sheetsOf(new Uint8Array(await fs.readFile(f('5.xlsx'))))).get('Logg')!;
    const at = (h: (typeof LOG_HEADER)[number]) => LOG_HEADER.indexOf(h);
    const boardLines = logg.filter((l) => l[at('Händelse')] === LOG_EVENTS.boardDecision);
    expect(boardLines.map((l) => [l[at('Rad')], l[at('Diarienummer')], l[at('Beslut')], l[at('Beviljat belopp')] ?? null, l[at('Paragraf')], l[at('Beslutsdatum')]])).toEqual([
      [25, '2025-024', 'Bifall med ändring', 200000, '§\u00a012', MEETING],
      [26, '2025-025', 'Återremiss', null, '§\u00a013', MEETING],
      [27, '2025-026', 'Avslag', null, '§\u00a014', MEETING],
      [28, '2025-027', 'Bifall', 100000, '§\u00a015', MEETING],
    ]);
    const lastRun = logg.map((l) => l[at('Händelse')]).lastIndexOf(LOG_EVENTS.run);
    expect(lastRun).toBeGreaterThan(logg.indexOf(boardLines[3]));
    const values = logg.map((line) => LOG_HEADER.map((_, i) => line[i] ?? null));
    expect(readLog({ name: 'Logg', top: 1, left: 1, values }).problems).toEqual([]);

    // 5. The protokollsutdrag.
    r = await cli([f('5.xlsx'), '--out', f('6.xlsx'), '--date', '2025-11-21', '--minutes', f('utdrag.docx'), '--meeting', MEETING]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Protokollsutdrag: 4 utdrag.');
    const docx = await openDocx(new Uint8Array(await fs.readFile(f('utdrag.docx'))));
    const parts = extracts(docx.paragraphs);
    expect(parts.map((p) => flat(p[0].text))).toEqual([
      '§ 12 Ansökan om finansiering – Aktivitetsstöd Enköping',
      '§ 13 Ansökan om finansiering – Gemensam utbildning i samverkan',
      '§ 14 Ansökan om finansiering – Aktiv senior Östhammar',
      '§ 15 Ansökan om finansiering – Studiecoach Knivsta',
    ]);
    // Each extract on its own page.
    expect((docx.files['word/document.xml'].match(/<w:pageBreakBefore\/>/gu) ?? []).length).toBeGreaterThanOrEqual(3);

    // The clauses, word for word against the rule set's templates.
    const rs = registry.rulesets.find((x) => x.id === 'finsam-2025')!;
    const app = (over: Partial<Application>): Application => ({
      row: 0, id: null, name: '', owner: '', partners: [], kind: null, targetGroup: null, start: '', end: '', amount: 0, fte: null,
      caseType: 'ny', decisionDate: MEETING, anchored: true, granted: null, spent: null, chiefDecision: null, ...over,
    });
    const changedValues = decisionValues(rs, app({ name: 'Aktivitetsstöd Enköping', start: '2026-01-01', end: '2026-12-31', amount: 240000 }));
    changedValues.grantAmount = 200000;
    const clausesOf = (i: number) => under(parts[i], 'Förbundsstyrelsen beslutar', 'Ärendet');
    expect(clausesOf(0)).toEqual(renderClauses(rs.texts.decided!.grantChanged, changedValues).map(flat));
    expect(clausesOf(0)[0]).toBe(
      'att bevilja finansiellt stöd för insatsen Aktivitetsstöd Enköping för perioden 1 januari år 2026 fram till 31 december 2026, med maximalt 200 000 kronor (sökt belopp 240 000 kronor).',
    );
    expect(clausesOf(1)).toEqual(renderClauses(rs.texts.decided!.referral, changedValues).map(flat));
    expect(clausesOf(1)).toEqual(['att återremittera ärendet till förbundschefen.']);
    // Avslag and Bifall: the papers' own clauses, as adopted.
    const papers = await openDocx(new Uint8Array(await fs.readFile(f('underlag.docx'))));
    const proposed = (name: string) => {
      const texts = papers.paragraphs.map((p) => flat(p.text));
      const from = papers.paragraphs.findIndex((p) => p.style === 'Heading1' && flat(p.text) === name);
      const start = texts.indexOf('Förbundsstyrelsen föreslås besluta', from);
      return texts.slice(start + 1, texts.indexOf('Ärendet', start)).filter((t) => t !== '');
    };
    expect(clausesOf(2)).toEqual(proposed('Aktiv senior Östhammar'));
    expect(clausesOf(2)[0]).toMatch(/^att avslå ansökan om finansiellt stöd till insatsen Aktiv senior Östhammar, eftersom /u);
    expect(clausesOf(3)).toEqual(proposed('Studiecoach Knivsta'));
    expect(clausesOf(3)[0]).toMatch(/^att bevilja finansiellt stöd enligt ansökan för insatsen Studiecoach Knivsta .* med maximalt 100 000 kronor\.$/u);

    // The header block, Ärendet, Beslutsunderlag, Expedieras and the signature lines, from the rule set's texts.
    const minutesValues = decisionValues(rs, app({}));
    minutesValues.meeting = MEETING;
    minutesValues.paragraph = 12;
    const minutesText = (key: keyof typeof rs.texts.minutes) => flat(renderTemplate(rs.texts.minutes[key]!, minutesValues));
    const first = parts[0].map((p) => flat(p.text));
    const header = docx.tables[0].flat(2).map(flat);
    expect(header).toEqual(['Samordningsförbundet Uppsala län Förbundsstyrelsen', 'Protokollsutdrag Sammanträdesdatum 20 november 2025 § 12 Dnr 2025-024']);
    expect(minutesText('organisation')).toBe('Samordningsförbundet Uppsala län');
    expect(under(parts[0], 'Ärendet', 'Beslutsunderlag')[0]).toMatch(/^Enköpings kommun ansöker om finansiering av insatsen Aktivitetsstöd Enköping tillsammans med Arbetsförmedlingen och Försäkringskassan\./u);
    expect(under(parts[0], 'Beslutsunderlag', 'Expedieras')).toEqual([minutesText('basis')]);
    expect(minutesText('basis')).toBe('Förslag till beslut 20 november 2025');
    expect(under(parts[0], 'Expedieras', '')[0]).toBe('Enköpings kommun');
    expect(first).toEqual(expect.arrayContaining(['Enköpings kommun', 'Arbetsförmedlingen', 'Försäkringskassan']));
    expect(first.some((t) => t.includes('Justerandes signatur') && t.includes('Utdragsbestyrkande'))).toBe(true);
    expect(under(parts[3], 'Expedieras', '').slice(0, 2)).toEqual(['Knivsta kommun', 'Arbetsförmedlingen']);

    // 6. The same meeting recorded again: nothing changes, nothing is logged.
    r = await cli([f('5.xlsx'), '--out', f('7.xlsx'), '--date', '2025-11-22', '--record-meeting', MEETING, '--first-paragraph', '12']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Sammanträdet ${MEETING}: alla 4 ärenden har redan sina beslut; ingenting ändrades.`);
    const again = await sheetsOf(new Uint8Array(await fs.readFile(f('7.xlsx'))));
    const once = await sheetsOf(new Uint8Array(await fs.readFile(f('5.xlsx'))));
    expect(again).toEqual(once);
  }, 300_000);

  const pdfTest = SOFFICE || process.env.CI === 'true' ? test : test.skip;
  pdfTest('LibreOffice converts the extracts to PDF, one page each at least', async () => {
    const f = (name: string) => path.join(dir, name);
    expect(existsSync(f('utdrag.docx'))).toBe(true);
    // LibreOffice converts the extracts to PDF, one page each at least.
    if (!SOFFICE) throw new Error('soffice saknas');
    const profile = pathToFileURL(path.join(dir, 'profile')).href;
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, f('utdrag.docx')], { timeout: 150_000 }, (err, _o, stderr) =>
        resolve({ code: err ? 1 : 0, stderr: String(stderr) }),
      ),
    );
    expect(result.code).toBe(0);
    const pdf = await fs.readFile(f('utdrag.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/gu) ?? []).length).toBeGreaterThanOrEqual(4);
  }, 180_000);
});
