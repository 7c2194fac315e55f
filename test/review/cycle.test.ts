/**
 * The chief's whole cycle on real .xlsx files through the file port (as the command line and the
 * pane's file mode have it): run; decide three rows in the review (grant, grant a changed amount,
 * reject with a comment); a person changes one decided row's amount in the workbook; run again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sheetsOf } from './sheets';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { formatKr } from '../../src/core/format';
import { assessWorkbook } from '../../src/core/job';
import { LOG_EVENTS, LOG_HEADER, readLog } from '../../src/core/log';
import type { CellValue } from '../../src/core/types';
import { saveDecision, type DecisionRequest } from '../../src/taskpane/review/decide';
import { shippedRules } from '../helpers/rules';

const SAMPLE = join(__dirname, '..', '..', 'examples', 'ansokningar.xlsx');
const SHEET = 'Ansökningar';
const TOOL_HEADERS = ['Status', 'Bedömning', 'Förslag till beslut', 'Kontroller', 'Regelträffar', 'Bedömd'];
const PERSON_HEADERS = ['Chefens beslut', 'Beslutat belopp', 'Förbundschefens bedömning', 'Kommentar'];

describe("the chief's cycle on .xlsx files", () => {
  test('decisions are kept across runs, a changed amount is flagged old → new, the Logg holds two runs and the three decisions in a valid chain, and no other cell changes', async () => {
    const registry = await shippedRules();

    // 1. The economist's run.
    const first = openOoxml(new Uint8Array(readFileSync(SAMPLE)));
    const run1 = await assessWorkbook(first, registry, { now: new Date(2025, 10, 20, 9, 0) });
    const afterRun1 = first.save();
    const undecided = run1.assessments.filter((a) => a.status === 'flag' && !a.chief);
    expect(undecided.length).toBeGreaterThanOrEqual(3);
    const [granted, changed, rejected] = undecided;

    // 2. The chief decides three flagged rows in the review view, one write each.
    // As the pane's file mode does: each decision opens the current bytes, writes once, and saves.
    const request = (row: (typeof undecided)[number], change: Partial<DecisionRequest>): DecisionRequest => ({
      sheet: run1.sheet, row: row.row, id: row.id ?? null, name: row.name ?? null, choice: 'grant', amount: null, comment: null, ...change,
    });
    const decisionTime = new Date(2025, 10, 21, 14, 0);
    const decide = async (bytes: Uint8Array, change: DecisionRequest): Promise<Uint8Array> => {
      const port = openOoxml(bytes);
      await saveDecision(port, registry, change, null, { now: decisionTime });
      return port.save();
    };
    const changedAmount = Math.round(changed.application!.amount / 2); // differs from the requested amount
    let afterReview = await decide(afterRun1, request(granted, { choice: 'grant' }));
    afterReview = await decide(afterReview, request(changed, { choice: 'grant-changed', amount: changedAmount }));
    afterReview = await decide(afterReview, request(rejected, { choice: 'reject', comment: '=Insatsen saknar förankring hos parterna' }));

    // 3. A person changes the granted row's amount in Excel (ExcelJS stands in for Excel here).
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(afterReview) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet(SHEET)!;
    const headerRow = sheet.getRow(run1.headerRow);
    const columnOf = (header: string): number => {
      let found = 0;
      headerRow.eachCell((cell, c) => {
        if (String(cell.value).trim().replace(/\s*\(.*\)$/u, '') === header) found = c; // 'Sökt belopp (kr)'
      });
      if (!found) throw new Error(`ingen kolumn ${header}`);
      return found;
    };
    const amountCell = sheet.getRow(granted.row).getCell(columnOf('Sökt belopp'));
    const oldAmount = granted.application!.amount; // the cell may hold text such as '1,5 mnkr'
    const newAmount = oldAmount + 50_000;
    amountCell.value = newAmount;
    const edited = new Uint8Array(await book.xlsx.writeBuffer());

    // 4. The next run.
    const second = openOoxml(edited);
    const run2 = await assessWorkbook(second, registry, { now: new Date(2025, 10, 24, 9, 0) });
    const afterRun2 = second.save();

    // The decisions are kept, and the run's drafts follow them.
    const byRow = new Map(run2.assessments.map((a) => [a.row, a]));
    expect(byRow.get(granted.row)!.chief?.choice).toBe('grant');
    expect(byRow.get(changed.row)!.chief).toMatchObject({ choice: 'grant-changed', amount: changedAmount });
    expect(byRow.get(rejected.row)!.chief).toMatchObject({ choice: 'reject', comment: '=Insatsen saknar förankring hos parterna' });
    expect(byRow.get(changed.row)!.decision.replace(/\s/gu, ' ')).toContain(formatKr(changedAmount).replace(/\s/gu, ' '));
    expect(byRow.get(changed.row)!.decision).not.toContain('enligt ansökan');

    // The changed row is flagged with the old and the new amount; the others are not.
    const flaggedChange = byRow.get(granted.row)!;
    expect(flaggedChange.status).toBe('flag');
    expect(flaggedChange.findings.map((f) => f.ruleId)).toContain('indata-andrad');
    const spaced = (s: string) => s.replace(/\s/gu, ' ');
    expect(spaced(flaggedChange.notes)).toContain(spaced(`Sökt belopp ${formatKr(oldAmount)} → ${formatKr(newAmount)}`));
    expect(byRow.get(changed.row)!.findings.map((f) => f.ruleId)).not.toContain('indata-andrad');
    expect(byRow.get(rejected.row)!.findings.map((f) => f.ruleId)).not.toContain('indata-andrad');

    const before = await sheetsOf(edited);
    const after = await sheetsOf(afterRun2);

    // The Logg: run, three decisions, run; in order, with a valid chain.
    const logg = after.get('Logg')!;
    expect(logg[0]).toEqual([...LOG_HEADER]);
    const event = LOG_HEADER.indexOf('Händelse');
    const dnr = LOG_HEADER.indexOf('Diarienummer');
    // The sample already holds decisions of its own: the first run logs them after its run line.
    const sampleDecisions = run1.assessments.filter((a) => a.chief).map((a) => a.id);
    expect(sampleDecisions.length).toBeGreaterThan(0);
    const ours = [granted.id, changed.id, rejected.id];
    expect(logg.slice(1).map((line) => [line[event], line[dnr] ?? null])).toEqual([
      [LOG_EVENTS.run, null],
      ...sampleDecisions.map((id) => [LOG_EVENTS.newDecision, id]),
      ...ours.map((id) => [LOG_EVENTS.newDecision, id]),
      [LOG_EVENTS.run, null],
    ]);
    const values = logg.map((line) => LOG_HEADER.map((_, i) => line[i] ?? null));
    expect(readLog({ name: 'Logg', top: 1, left: 1, values }).problems).toEqual([]);

    // Every cell outside the tool's and the chief's columns is as the person left it, on every sheet but the Logg.
    const applications = after.get(SHEET)!;
    const header = applications[run1.headerRow - 1].map((h) => String(h ?? '').trim());
    const owned = new Set([...TOOL_HEADERS, ...PERSON_HEADERS].map((h) => header.indexOf(h)).filter((i) => i >= 0));
    expect(owned.size).toBe(TOOL_HEADERS.length + PERSON_HEADERS.length);
    const strip = (rows: CellValue[][]) => rows.map((line, r) => (line ?? []).map((v, c) => (r >= run1.headerRow - 1 && owned.has(c) ? '(verktyget)' : v ?? null)));
    expect(strip(applications)).toEqual(strip(before.get(SHEET)!));
    // The person columns hold exactly what the review wrote.
    const personBefore = before.get(SHEET)!.map((line) => PERSON_HEADERS.map((h) => line?.[header.indexOf(h)] ?? null));
    const personAfter = applications.map((line) => PERSON_HEADERS.map((h) => line?.[header.indexOf(h)] ?? null));
    expect(personAfter).toEqual(personBefore);
    for (const [name, rows] of before) if (name !== SHEET && name !== 'Logg') expect(after.get(name)).toEqual(rows);
  }, 180_000);
});
