/**
 * Chefens beslut as a drop-down (issue 11): the job's plan carries the chief's four choices on that
 * column, and the file port writes them as one list validation, once, beside the user's own. The
 * board's five choices go the same way on Styrelsens beslut (issue 20).
 */
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { BOARD_CHOICE_LABELS } from '../../src/core/board-decision';
import { CHIEF_CHOICE_LABELS } from '../../src/core/chief';
import { buildWritePlan } from '../../src/core/job';
import { columnLetter } from '../../src/core/a1';
import type { SheetGrid } from '../../src/core/port';
import { locateTable } from '../../src/core/table';
import { baseWorkbook, text, unzip, zip, type SheetParts } from './fixtures';
import { assessBytes, NOW } from './helpers';

const SHEET = 'xl/worksheets/sheet1.xml';
const CHOICES = ['Bevilja', 'Bevilja med ändrat belopp', 'Avslå', 'Begär komplettering'];
const LIST = '"Bevilja,Bevilja med ändrat belopp,Avslå,Begär komplettering"';
const BOARD_CHOICES = ['Bifall', 'Bifall med ändring', 'Avslag', 'Återremiss', 'Bordlagt'];
const BOARD_LIST = '"Bifall,Bifall med ändring,Avslag,Återremiss,Bordlagt"';

/** The sheet's list validations as (sqref, formula1) pairs, any namespace prefix. */
function listValidations(xml: string): { sqref: string; formula: string }[] {
  const re = /<(?:[\w.-]+:)?dataValidation\b([^>]*)>[\s\S]*?<(?:[\w.-]+:)?formula1>([\s\S]*?)<\/(?:[\w.-]+:)?formula1>/gu;
  const out: { sqref: string; formula: string }[] = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (/\stype="list"/u.test(m[1])) out.push({ sqref: /\ssqref="([^"]*)"/u.exec(m[1])![1], formula: m[2].replace(/&quot;/gu, '"') });
  }
  return out;
}

const count = (xml: string) => Number(/<(?:[\w.-]+:)?dataValidations\b[^>]*\scount="(\d+)"/u.exec(xml)?.[1] ?? NaN);
const chiefColumn = (headers: { col: number; text: string }[]) => headers.find((h) => h.text === 'Chefens beslut')!.col;
const boardColumn = (headers: { col: number; text: string }[]) => headers.find((h) => h.text === 'Styrelsens beslut')!.col;

describe('the plan', () => {
  it('carries the four choices, in the pane’s order, on the Chefens beslut column from the first data row to the sheet’s end', async () => {
    expect(Object.values(CHIEF_CHOICE_LABELS)).toEqual(CHOICES);
    expect(Object.values(BOARD_CHOICE_LABELS)).toEqual(BOARD_CHOICES);
    const { run } = await assessBytes(zip(baseWorkbook()));
    // The base workbook has no Chefens beslut: the run creates it, and the list goes on that column.
    const col = chiefColumn(run.plan.headers);
    const board = boardColumn(run.plan.headers);
    expect(col).toBeGreaterThan(9);
    expect(board).toBeGreaterThan(col);
    expect(run.plan.validations).toEqual([
      { col, fromRow: 4, toRow: 1_048_576, choices: CHOICES },
      { col: board, fromRow: 4, toRow: 1_048_576, choices: BOARD_CHOICES },
    ]);
  });

  it('follows a Chefens beslut column the user placed, whatever the number of rows', () => {
    const grid = (rows: number): SheetGrid => ({
      name: 'Ansökningar',
      top: 1,
      left: 1,
      values: [
        ['Ansökningar 2026'],
        ['Dnr', 'Chefens beslut', 'Insats', 'Insatsägare', 'Startdatum', 'Slutdatum', 'Sökt belopp'],
        ...Array.from({ length: rows }, (_, i) => [`2026-${i}`, null, `Insats ${i}`, 'Heby kommun', '2026-01-01', '2026-12-31', 100000]),
      ],
    });
    const one = buildWritePlan(locateTable(grid(1)), [], NOW);
    const many = buildWritePlan(locateTable(grid(40)), [], NOW);
    expect(one.validations).toEqual([
      { col: 2, fromRow: 3, toRow: 1_048_576, choices: CHOICES },
      { col: boardColumn(one.headers), fromRow: 3, toRow: 1_048_576, choices: BOARD_CHOICES },
    ]);
    // The same range however many rows: a later run finds it and adds no second list.
    expect(many.validations).toEqual(one.validations);
    expect(one.headers.map((h) => h.text)).not.toContain('Chefens beslut');
  });
});

describe('the file', () => {
  it('gets one list validation with the four labels (and one with the board’s five), and a second run adds no second one', async () => {
    const first = await assessBytes(zip(baseWorkbook()));
    const letter = columnLetter(chiefColumn(first.run.plan.headers));
    const boardLetter = columnLetter(boardColumn(first.run.plan.headers));
    const ours = [
      { sqref: `${letter}4:${letter}1048576`, formula: LIST },
      { sqref: `${boardLetter}4:${boardLetter}1048576`, formula: BOARD_LIST },
    ];
    const xml = text(unzip(first.out), SHEET);
    expect(listValidations(xml)).toEqual(ours);
    expect(count(xml)).toBe(2);
    // In schema order: after mergeCells, before pageMargins.
    expect(xml).toMatch(/<\/mergeCells><dataValidations count="2"><dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="[A-Z]+4:[A-Z]+1048576">/u);

    const second = await assessBytes(first.out);
    expect(second.run.plan.validations).toEqual(first.run.plan.validations);
    const again = text(unzip(second.out), SHEET);
    expect(listValidations(again)).toEqual(ours);
    expect(again.match(/<dataValidations\b/gu)).toHaveLength(1);
    expect(count(again)).toBe(2);
    // The file still reads: the same rows, the drop-down's column found again by its header.
    expect(second.run.assessments.map((a) => [a.row, a.status])).toEqual(first.run.assessments.map((a) => [a.row, a.status]));
  });

  it('a choice made from the list reads back as that decision', async () => {
    const first = await assessBytes(zip(baseWorkbook()));
    const col = chiefColumn(first.run.plan.headers);
    const row = first.run.assessments[0].row;
    const port = openOoxml(first.out);
    await port.write({ sheet: 'Ansökningar', headers: [], blocks: [], fillColumns: [], fills: [], cells: [{ row, col, value: CHIEF_CHOICE_LABELS.supplement }] });
    const { run } = await assessBytes(port.save());
    expect(run.assessments.find((a) => a.row === row)?.chief).toMatchObject({ choice: 'supplement', text: 'Begär komplettering' });
  });

  describe.each([
    ['default namespace', ''],
    ['prefixed namespace', 'x:'],
  ])('the user’s own validations (%s)', (_title, p) => {
    // A whole-number check on Sökt belopp and a Ja/Nej list on Förankrad, as a person sets them in Excel.
    const whole = `<${p}dataValidation type="whole" operator="between" allowBlank="1" showErrorMessage="1" sqref="G4:G8"><${p}formula1>0</${p}formula1><${p}formula2>10000000</${p}formula2></${p}dataValidation>`;
    const yesNo = `<${p}dataValidation type="list" allowBlank="1" sqref="I4:I8"><${p}formula1>"ja,nej"</${p}formula1></${p}dataValidation>`;
    const applications: SheetParts = { prefix: p, afterMerge: [`<${p}dataValidations count="2">${whole}${yesNo}</${p}dataValidations>`] };

    it('are kept as they were, with ours added to the same element, once', async () => {
      const first = await assessBytes(zip(baseWorkbook({ applications })));
      const letter = columnLetter(chiefColumn(first.run.plan.headers));
      const boardLetter = columnLetter(boardColumn(first.run.plan.headers));
      const xml = text(unzip(first.out), SHEET);
      expect(xml).toContain(whole);
      expect(xml).toContain(yesNo);
      expect(xml.match(/<(?:[\w.-]+:)?dataValidations\b/gu)).toHaveLength(1);
      expect(count(xml)).toBe(4);
      expect(listValidations(xml)).toEqual([
        { sqref: 'I4:I8', formula: '"ja,nej"' },
        { sqref: `${letter}4:${letter}1048576`, formula: LIST },
        { sqref: `${boardLetter}4:${boardLetter}1048576`, formula: BOARD_LIST },
      ]);
      // Ours in the sheet's own namespace prefix.
      expect(xml).toContain(`<${p}dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="${letter}4:${letter}1048576"><${p}formula1>`);

      const second = text(unzip((await assessBytes(first.out)).out), SHEET);
      expect(second).toContain(whole);
      expect(second).toContain(yesNo);
      expect(count(second)).toBe(4);
      expect(listValidations(second)).toEqual(listValidations(xml));
    });
  });
});
