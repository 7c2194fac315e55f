import { INPUT_FIELDS, matchHeader } from '../../src/core/fields';
import { headerKey } from '../../src/core/fold';
import { columnTexts, WorkbookError, type SheetGrid, type WorkbookDescription } from '../../src/core/port';
import { cellAddressIn, chooseSheet, locateTable, planOutputColumns } from '../../src/core/table';
import type { CellValue, RawCell } from '../../src/core/types';

/** A located cell as plain data (its address is made when asked for). */
function asPlain(cell: RawCell | undefined) {
  return cell && { value: cell.value, address: cell.address, numberFormat: cell.numberFormat };
}

const grid = (values: CellValue[][], name = 'Ansökningar'): SheetGrid => ({ name, top: 1, left: 1, values });
const describe_ = (sheets: string[], extra: Partial<WorkbookDescription> = {}): WorkbookDescription => ({ sheets, activeSheet: null, tables: [], date1904: false, ...extra });

describe('headers', () => {
  test('match case-insensitively, ignoring white space, a trailing unit and å/ä/ö', () => {
    expect(headerKey('  Sökt  belopp (kr) ')).toBe('sokt belopp');
    expect(headerKey('SOKT BELOPP')).toBe('sokt belopp');
    expect(headerKey('Insatsägare')).toBe(headerKey('insatsagare'));
  });

  test('every header and synonym of the field table names its field, and no two fields share one', () => {
    const owner = new Map<string, string>();
    for (const [field, spec] of Object.entries(INPUT_FIELDS)) {
      for (const header of spec.headers) {
        expect(matchHeader(header)).toEqual({ kind: 'input', field });
        expect(owner.get(headerKey(header)) ?? field).toBe(field);
        owner.set(headerKey(header), field);
      }
    }
    expect(owner.size).toBe(Object.values(INPUT_FIELDS).reduce((n, spec) => n + spec.headers.length, 0));
  });
});

describe('finding the table', () => {
  const values: CellValue[][] = [
    ['Ansökningar 2025', null, null, null],
    [null, null, null, null],
    ['Dnr', 'Namn på insats', 'Huvudman', 'Sökt belopp (kr)', 'Egen kolumn', 'Startdatum', 'Slutdatum', 'Status', 'Chefens beslut'],
    ['1', 'A', 'Uppsala kommun', 100, 'x', '2025-01-01', '2025-12-31', 'OK', 'Bevilja'],
    [null, null, null, null, null, null, null, 'gammal', 'en kommentar i en tom rad'],
    ['2', 'B', 'Heby kommun', 200, null, '2025-01-01', '2025-12-31'],
  ];
  test('the header row may sit below title rows; synonyms and units are recognised; unknown columns are kept out', () => {
    const layout = locateTable(grid(values));
    expect(layout.headerRow).toBe(3);
    // Chefens beslut is a person's column and, for the chief's review, an input field too.
    expect(layout.inputColumns).toEqual({ id: 1, name: 2, owner: 3, amount: 4, start: 6, end: 7, chiefDecision: 9 });
    expect(layout.outputColumns).toEqual({ status: 8, chiefDecision: 9 });
  });
  test('rows empty in every input column are skipped, whatever a person wrote in other columns', () => {
    const layout = locateTable(grid(values));
    expect(layout.rows.map((r) => r.row)).toEqual([4, 6]);
    expect(asPlain(layout.rows[0].cells.amount)).toEqual({ value: 100, address: 'D4', numberFormat: undefined });
    expect(asPlain(layout.rows[0].cells.chiefDecision)).toEqual({ value: 'Bevilja', address: 'I4', numberFormat: undefined });
  });
  test('a row\'s cells are made when asked for, and its addresses are had without making them', () => {
    const layout = locateTable(grid(values));
    const [first] = layout.rows;
    // Made again each time: nothing holds them between reads.
    expect(first.cells).not.toBe(first.cells);
    expect(asPlain(first.cells.owner)).toEqual(asPlain(first.cells.owner));
    for (const raw of layout.rows) {
      for (const field of ['id', 'name', 'owner', 'amount', 'start', 'end', 'chiefDecision', 'fte'] as const) {
        expect(cellAddressIn(raw, field)).toBe(raw.cells[field]?.address ?? null);
      }
    }
    expect(cellAddressIn(first, 'start')).toBe('F4');
    expect(cellAddressIn(first, 'fte')).toBeNull();
    // A row made by hand (tests, the rule files' examples) answers from its cells.
    expect(cellAddressIn({ row: 9, cells: { start: { value: '2025-01-01', address: 'Q9' } } }, 'start')).toBe('Q9');
  });
  test('output columns found again keep their place; missing ones are appended after the last used column', () => {
    const { columns, created } = planOutputColumns(locateTable(grid(values)));
    expect(columns.status).toBe(8);
    expect(columns.chiefDecision).toBe(9);
    expect(created.map((c) => [c.col, c.text])).toEqual([
      [10, 'Bedömning'],
      [11, 'Förslag till beslut'],
      [12, 'Kontroller'],
      [13, 'Regelträffar'],
      [14, 'Bedömd'],
      [15, 'Beslutat belopp'],
      [16, 'Förbundschefens bedömning'],
      [17, 'Kommentar'],
      [18, 'Styrelsens beslut'],
      [19, 'Paragraf'],
    ]);
  });
  test('a sheet with the five tool columns of earlier versions gets Kontroller appended, and no column moves', () => {
    const earlier: CellValue[][] = [
      ['Insats', 'Insatsägare', 'Sökt belopp', 'Status', 'Bedömning', 'Förslag till beslut', 'Regelträffar', 'Bedömd', 'Chefens beslut', 'Kommentar', 'Egen'],
      ['A', 'B', 1, 'OK', 'text', 'att bevilja', '', '2025-01-01', 'Avslå', 'Ring', 'x'],
    ];
    const layout = locateTable(grid(earlier));
    const { columns, created } = planOutputColumns(layout);
    expect(columns).toMatchObject({ status: 4, notes: 5, decision: 6, rules: 7, stamp: 8, chiefDecision: 9, comment: 10 });
    // Kommentar, no input field, comes with the row for the chief's review; Chefens beslut as an input cell.
    expect(asPlain(layout.rows[0].comment)).toEqual({ value: 'Ring', address: 'J2' });
    expect(asPlain(layout.rows[0].cells.chiefDecision)).toEqual({ value: 'Avslå', address: 'I2', numberFormat: undefined });
    expect(created.map((c) => [c.col, c.text])).toEqual([
      [12, 'Kontroller'],
      [13, 'Beslutat belopp'],
      [14, 'Förbundschefens bedömning'],
      [15, 'Styrelsens beslut'],
      [16, 'Paragraf'],
    ]);
  });
  test('the synonyms of the person columns are found where they are', () => {
    const layout = locateTable(
      grid([['Insats', 'Insatsägare', 'Sökt belopp', 'Förbundschefens beslut', 'Ändrat belopp', 'Chefens bedömning'], ['A', 'B', 1, 'Bevilja', 200000, 'Bra']]),
    );
    expect(layout.outputColumns).toEqual({ chiefDecision: 4, decidedAmount: 5, chiefNote: 6 });
    expect(layout.rows[0].cells).toMatchObject({ chiefDecision: { value: 'Bevilja', address: 'D2' }, decidedAmount: { value: 200000, address: 'E2' }, chiefNote: { value: 'Bra', address: 'F2' } });
  });
  test('the person columns alone neither make a header row nor a data row', () => {
    const rows: CellValue[][] = [
      ['Chefens beslut', 'Beslutat belopp', 'Förbundschefens bedömning', 'Insats'],
      ['Insats', 'Insatsägare', 'Sökt belopp', 'Chefens beslut', 'Beslutat belopp', 'Förbundschefens bedömning'],
      [null, null, null, 'Avslå', 100, 'Nej'],
      ['A', 'B', 1, null, null, null],
    ];
    const layout = locateTable(grid(rows));
    expect(layout.headerRow).toBe(2);
    expect(layout.rows.map((r) => r.row)).toEqual([4]);
  });
  test('no header row within the first 20 rows is a clear error naming the sheet', () => {
    const rows: CellValue[][] = Array.from({ length: 25 }, () => ['x', 'y']);
    rows[21] = ['Insats', 'Insatsägare', 'Sökt belopp'];
    expect(() => locateTable(grid(rows, 'Blad1'))).toThrow(WorkbookError);
    expect(() => locateTable(grid(rows, 'Blad1'))).toThrow(/^Hittar ingen rubrikrad på bladet "Blad1"/);
  });
  test('two recognised headers are not enough', () => {
    expect(() => locateTable(grid([['Insats', 'Insatsägare', 'Något annat']]))).toThrow(WorkbookError);
  });
});

describe('choosing the sheet', () => {
  test('a sheet named Ansökningar in any case and spelling wins', () => {
    expect(chooseSheet(describe_(['Blad1', 'ANSOKNINGAR']))).toBe('ANSOKNINGAR');
  });
  test('else the first table whose headers match', () => {
    const d = describe_(['Blad1', 'Data'], { tables: [{ name: 'T1', sheet: 'Blad1', headers: ['a', 'b'] }, { name: 'T2', sheet: 'Data', headers: ['Insats', 'Insatsägare', 'Sökt belopp'] }] });
    expect(chooseSheet(d)).toBe('Data');
  });
  test('else the active sheet, else the first', () => {
    expect(chooseSheet(describe_(['A', 'B'], { activeSheet: 'B' }))).toBe('B');
    expect(chooseSheet(describe_(['A', 'B']))).toBe('A');
  });
  test('a requested sheet that does not exist names the sheets there are', () => {
    expect(() => chooseSheet(describe_(['A', 'B']), 'C')).toThrow('Bladet "C" finns inte i arbetsboken. Bladen är: A, B.');
    expect(chooseSheet(describe_(['Ansökningar', 'B']), 'b')).toBe('B');
  });
});

describe('200 000 rows', () => {
  const ROWS = 200_000;
  const HEADERS = ['Diarienummer', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Målgrupp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Förankrad'];
  const OWNERS = ['Uppsala kommun', 'Heby kommun', 'Region Uppsala', 'Stiftelsen Vägen'];
  const AMOUNTS = [150000, 280000, 560000, 700000];
  /** A sheet of generated applications (unique names, so no row is another's duplicate), title row above. */
  function bigSheet(): CellValue[][] {
    const values: CellValue[][] = [['Ansökningar'], [...HEADERS]];
    for (let i = 0; i < ROWS; i++) {
      const year = 2025 + (i % 2);
      values.push([
        `${year}-${i + 1}`,
        `Insats ${i + 1}`,
        OWNERS[i % OWNERS.length],
        'Arbetsförmedlingen och Försäkringskassan',
        i % 3 === 0 ? 'individinriktad' : 'strukturövergripande',
        'Unga med aktivitetsersättning',
        `${year}-01-01`,
        `${year}-12-31`,
        AMOUNTS[i % AMOUNTS.length],
        0.5,
        i % 10 === 0 ? 'nej' : 'ja',
      ]);
    }
    return values;
  }

  test('a sheet that long is located (no spread of its rows into one call)', () => {
    const values = bigSheet();
    values[ROWS - 1].push(null, null, null, null, 'längst till höger'); // the widest row is near the end
    const layout = locateTable(grid(values));
    expect(layout.headerRow).toBe(2);
    expect(layout.rows).toHaveLength(ROWS);
    expect(layout.lastColumn).toBe(HEADERS.length + 5);
  });

  /**
   * The shipped 2025 rule set cut down to one rule: every row still goes through every stage
   * (reading, run facts, engine, budget, texts, write plan), at a fraction of the time.
   */
  async function oneRuleSet() {
    const { loadRulesets } = await import('../../src/core/rulesets');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { RULES_DIR } = await import('../helpers/rules');
    const data = JSON.parse(readFileSync(join(RULES_DIR, 'finsam-2025.json'), 'utf8')) as { rules: { id: string }[]; cases: { examples: { rule: string }[] } };
    data.rules = data.rules.filter((r) => r.id === 'belopp-max');
    data.cases.examples = data.cases.examples.filter((e) => e.rule === 'belopp-max');
    expect(data.rules).toHaveLength(1);
    return loadRulesets([{ path: 'finsam-2025-belopp-max.json', data }]);
  }

  test('the whole job assesses and plans the write of every row without a stack overflow', async () => {
    const { assessWorkbook } = await import('../../src/core/job');
    const { MemoryWorkbook } = await import('../helpers/memory-port');
    const book = new MemoryWorkbook({ Ansökningar: bigSheet() });
    const run = await assessWorkbook(book, await oneRuleSet(), { now: new Date(2024, 10, 1) });
    expect(run.assessments).toHaveLength(ROWS);
    expect(run.summary.total).toBe(ROWS);
    // belopp-max flags the two larger amounts of every four (350 000 and 700 000 kr a year).
    expect(run.summary.counts).toEqual({ ok: ROWS / 2, flag: ROWS / 2, reject: 0, error: 0, closed: 0 });
    // Every row got its Status and its Bedömd stamp, in one block each (the rows are contiguous).
    const status = run.plan.blocks.filter((b) => b.col === HEADERS.length + 1);
    expect(status.map((b) => [b.top, b.values.length])).toEqual([[3, ROWS]]);
    expect(book.column('Ansökningar', 'Bedömd', 2).filter((v) => typeof v === 'string' && v.startsWith('2024-11-01 00:00 · finsam-2025'))).toHaveLength(ROWS);
    expect(book.calls).toEqual(['describe', 'read:Ansökningar', 'write']);
  }, 600_000);
});

describe('the write plan from the column definitions', () => {
  test('one block per tool column in the definitions\' order; Kontroller one line per rule, fitted to a cell like the others', async () => {
    const { buildWritePlan } = await import('../../src/core/job');
    const { MAX_CELL_TEXT } = await import('../../src/core/cell-text');
    const { TOOL_COLUMNS, OUTPUT_COLUMNS } = await import('../../src/core/fields');
    const layout = locateTable(grid([['Insats', 'Insatsägare', 'Sökt belopp'], ['A', 'B', 1], ['C', 'D', 2]]));
    const base = {
      id: null,
      name: 'A',
      ruleset: { id: 'finsam-2025', version: 3 },
      application: null,
      outcomes: [],
      grantAmount: null,
      notes: 'Bedömning.',
      decision: 'att bevilja',
    };
    const assessments = [
      { ...base, row: 2, status: 'ok' as const, findings: [], checks: ['✓ Belopp per år: 280 000 kr, högst 300 000 kr', '– Uppföljning:\u0007 inget beviljat belopp'] },
      { ...base, row: 3, status: 'flag' as const, findings: [{ ruleId: 'belopp-max', severity: 'flag' as const, message: 'x', figures: {} }], checks: ['✗ '.padEnd(MAX_CELL_TEXT + 10, 'x')] },
    ];
    const plan = buildWritePlan(layout, assessments, new Date(2026, 10, 22, 14, 3));
    expect(plan.headers.map((h) => h.text)).toEqual(OUTPUT_COLUMNS.map((c) => c.header));
    expect(plan.blocks.map((b) => b.col)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(plan.fillColumns).toEqual([4, 5, 6, 7, 8, 9]);
    const byHeader = (header: string) => columnTexts(plan.blocks[TOOL_COLUMNS.findIndex((c) => c.header === header)].values);
    expect(byHeader('Status')).toEqual(['OK', 'Flaggad']);
    expect(byHeader('Kontroller')[0]).toBe('✓ Belopp per år: 280 000 kr, högst 300 000 kr\n– Uppföljning: inget beviljat belopp');
    expect(byHeader('Kontroller')[1]).toHaveLength(MAX_CELL_TEXT);
    expect(byHeader('Kontroller')[1].endsWith('…')).toBe(true);
    expect(byHeader('Regelträffar')).toEqual(['', 'belopp-max']);
    expect(byHeader('Bedömd')).toEqual(['2026-11-22 14:03 · finsam-2025 v3', '2026-11-22 14:03 · finsam-2025 v3']);
  });
});
