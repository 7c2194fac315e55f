import fc from 'fast-check';
import { columnLetter } from '../../src/core/a1';
import { INPUT_FIELDS } from '../../src/core/fields';
import {
  excelErrorCode,
  parseApplication,
  readCaseType,
  readDate,
  readKind,
  readList,
  readMoney,
  readShare,
  readText,
  readYesNo,
  type ReadResult,
} from '../../src/core/readers';
import type { CellValue, InputField, RawCell, RawRow } from '../../src/core/types';

const cell = (value: CellValue, address = 'D7', numberFormat?: string): RawCell =>
  numberFormat === undefined ? { value, address } : { value, address, numberFormat };

function value<T>(r: ReadResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.value;
}
function message<T>(r: ReadResult<T>): string {
  if (r.ok) throw new Error(`expected an error, got: ${JSON.stringify(r.value)}`);
  return r.error.message;
}

const money = (v: CellValue) => readMoney(cell(v), 'amount');
const share = (v: CellValue, fmt?: string) => readShare(cell(v, 'D7', fmt), 'fte');
const date = (v: CellValue, date1904 = false) => readDate(cell(v), 'start', { date1904 });

describe('Excel errors and empty cells (every reader)', () => {
  const readers: [string, (c: RawCell) => ReadResult<unknown>][] = [
    ['money', (c) => readMoney(c, 'amount')],
    ['share', (c) => readShare(c, 'amount')],
    ['date', (c) => readDate(c, 'amount')],
    ['list', (c) => readList(c, 'amount')],
    ['yes/no', (c) => readYesNo(c, 'amount')],
    ['kind', (c) => readKind(c, 'amount')],
    ['text', (c) => readText(c, 'amount')],
  ];
  it.each(readers)('%s refuses #N/A as a string and as a CellError', (_, read) => {
    expect(message(read(cell('#N/A')))).toBe('Sökt belopp i D7 innehåller felvärdet #N/A');
    expect(message(read(cell({ kind: 'cell-error', code: '#N/A' })))).toBe('Sökt belopp i D7 innehåller felvärdet #N/A');
  });
  it.each(readers)('%s reads an empty cell as null', (_, read) => {
    expect(value(read(cell(null)))).toBeNull();
    expect(value(read(cell('   ')))).toBeNull();
  });
  it.each(['#N/A', '#VALUE!', '#REF!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA'])(
    'recognises %s',
    (code) => {
      expect(excelErrorCode(code)).toBe(code);
      expect(message(money(code))).toBe(`Sökt belopp i D7 innehåller felvärdet ${code}`);
    },
  );
  it('the error carries field and address', () => {
    const r = money('15O 000');
    expect(r).toEqual({ ok: false, error: { field: 'amount', address: 'D7', message: 'Kan inte tolka Sökt belopp i D7: "15O 000"' } });
  });
});

describe('readMoney', () => {
  it.each<[CellValue, number]>([
    [150000, 150000],
    [150000.456, 150000.46],
    [0.1 + 0.2, 0.3],
    ['150000', 150000],
    ['150 000', 150000],
    ['150\u00a0000', 150000],
    ['150\u202f000', 150000],
    ['1 500 000', 1500000],
    ['150 000 kr', 150000],
    ['150000kr', 150000],
    ['150 000 KR', 150000],
    ['150 000 kronor', 150000],
    ['150 000 SEK', 150000],
    ['150 000:-', 150000],
    ['150 000,-', 150000],
    ['150.000 kr', 150000],
    ['1.500.000', 1500000],
    ['1.500.000,50 kr', 1500000.5],
    ['150 tkr', 150000],
    ['150 tusen kronor', 150000],
    ['1,5 mnkr', 1500000],
    ['1,25 mkr', 1250000],
    ['2,345678 mnkr', 2345678],
    ['1,5 miljoner kronor', 1500000],
    ['1 500 000,00 kr', 1500000],
    ['1 500 000,5 kr', 1500000.5],
    ['150000.50', 150000.5],
    ['1.5 mnkr', 1500000],
    ['0', 0],
  ])('reads %j as %d kronor', (input, expected) => {
    const v = value(money(input));
    expect(typeof v).toBe('number');
    expect(v).toBe(expected);
  });
  it.each(['15O 000', '150 00', '15 0000', '150,000', '1,500', '1.500 tkr', '1.500.5', '150 000 euro', 'ca 150 000', 'kr', '150 kr 50', '1,2,3'])(
    'refuses %j',
    (input) => {
      expect(message(money(input))).toBe(`Kan inte tolka Sökt belopp i D7: "${input}"`);
    },
  );
  it('refuses negative amounts, as text and as numbers', () => {
    expect(message(money('-5 000 kr'))).toBe('Kan inte tolka Sökt belopp i D7: "-5 000 kr". Beloppet kan inte vara negativt.');
    expect(message(money('−5000'))).toMatch(/^Kan inte tolka Sökt belopp i D7: "−5000"/);
    expect(message(money(-5000))).toBe('Kan inte tolka Sökt belopp i D7: "-5000". Beloppet kan inte vara negativt.');
  });
  it('refuses booleans and dates', () => {
    expect(money(true).ok).toBe(false);
    expect(money(new Date(Date.UTC(2025, 0, 1))).ok).toBe(false);
  });
  it('uses the column of the field in messages', () => {
    expect(message(readMoney(cell('x', 'M12'), 'granted'))).toBe('Kan inte tolka Beviljat belopp i M12: "x"');
  });
  it('round-trips Swedish-formatted integer kronor', () => {
    const fmt = new Intl.NumberFormat('sv-SE');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(value(money(`${fmt.format(n)} kr`))).toBe(n);
      }),
    );
  });
  it('round-trips Swedish-formatted öre amounts', () => {
    const fmt = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (ore) => {
        expect(value(money(`${fmt.format(ore / 100)} kr`))).toBe(ore / 100);
      }),
    );
  });
});

describe('readShare', () => {
  it.each<[CellValue, string | undefined, number]>([
    ['0,2', undefined, 0.2],
    ['0.2', undefined, 0.2],
    ['20 %', undefined, 0.2],
    ['20%', undefined, 0.2],
    ['20', undefined, 0.2],
    ['100', undefined, 1],
    ['1', undefined, 1],
    ['0,4 tjänst', undefined, 0.4],
    ['0,4 tjänster', undefined, 0.4],
    ['40 procent', undefined, 0.4],
    ['40 Procent', undefined, 0.4],
    ['33,33 %', undefined, 0.3333],
    ['0,5\u00a0%', undefined, 0.005],
    [0.2, undefined, 0.2],
    [0.2, '0%', 0.2],
    [0.25, '0.00%', 0.25],
    [20, undefined, 0.2],
    [0.4000000001, undefined, 0.4],
    [1 / 3, undefined, 0.3333],
  ])('reads %j (format %s) as %d', (input, fmt, expected) => {
    const v = value(share(input, fmt));
    expect(typeof v).toBe('number');
    expect(v).toBe(expected);
  });
  it.each<[CellValue, string | undefined]>([
    [150, undefined],
    ['150', undefined],
    ['150 %', undefined],
    [0, undefined],
    ['0 %', undefined],
    [1.5, '0%'],
    ['1,5 tjänster', undefined],
  ])('refuses %j (format %s) as out of range', (input, fmt) => {
    expect(message(share(input, fmt))).toMatch(/^Kan inte tolka Tjänsteomfattning i D7: ".*"\. Ange en andel/);
  });
  it.each(['halvtid', '0,4 timmar', '20 % ungefär', '1/2', 'O,4'])('refuses %j', (input) => {
    expect(message(share(input))).toBe(`Kan inte tolka Tjänsteomfattning i D7: "${input}"`);
  });
});

describe('readDate', () => {
  it.each<[CellValue, string]>([
    [45658, '2025-01-01'],
    [45658.5, '2025-01-01'],
    [new Date(Date.UTC(2025, 0, 1)), '2025-01-01'],
    [new Date(Date.UTC(2025, 11, 31)), '2025-12-31'],
    ['2025-01-01', '2025-01-01'],
    ['2025-01-01 00:00', '2025-01-01'],
    ['2025-01-01T13:45:00', '2025-01-01'],
    [' 2025-1-5 ', '2025-01-05'],
    ['1 januari 2025', '2025-01-01'],
    ['1 Januari 2025', '2025-01-01'],
    ['31 DECEMBER 2025', '2025-12-31'],
    ['1 jan 2025', '2025-01-01'],
    ['1 jan. 2025', '2025-01-01'],
    ['15 mars 2025', '2025-03-15'],
    ['15 mar 2025', '2025-03-15'],
    ['1 maj 2025', '2025-05-01'],
    ['30 sept. 2025', '2025-09-30'],
    ['1\u00a0okt 2025', '2025-10-01'],
  ])('reads %j as %s', (input, expected) => {
    expect(value(date(input))).toBe(expected);
  });
  it('respects the 1904 date system', () => {
    expect(value(date(45658 - 1462, true))).toBe('2025-01-01');
    expect(value(date(45658, true))).toBe('2029-01-02');
  });
  it.each(['1/2/2025', '1/1/2025', '01/02/2025', '2025/01/02', '1.2.2025', '01-02-2025'])('refuses %j as ambiguous', (input) => {
    expect(message(date(input))).toBe(
      `Kan inte tolka Startdatum i D7: "${input}". Datum med snedstreck eller punkt kan läsas på flera sätt; skriv datumet som ÅÅÅÅ-MM-DD.`,
    );
  });
  it.each<CellValue>(['2025-02-30', '2025-13-01', '30 februari 2025', '1 ma 2025', '1 foo 2025', 'januari 2025', 'snart', true, 60, 0])(
    'refuses %j',
    (input) => {
      expect(message(date(input))).toMatch(/^Kan inte tolka Startdatum i D7: ".*"$/);
    },
  );
  it('refuses an invalid Date', () => {
    expect(date(new Date(NaN)).ok).toBe(false);
  });
});

describe('readList', () => {
  const list = (v: CellValue) => value(readList(cell(v), 'partners'));
  it.each<[string, string[]]>([
    ['Region Uppsala', ['Region Uppsala']],
    ['Arbetsförmedlingen och Försäkringskassan', ['Arbetsförmedlingen', 'Försäkringskassan']],
    ['Arbetsförmedlingen, Försäkringskassan; Region Uppsala', ['Arbetsförmedlingen', 'Försäkringskassan', 'Region Uppsala']],
    ['Arbetsförmedlingen / Försäkringskassan', ['Arbetsförmedlingen', 'Försäkringskassan']],
    ['Arbetsförmedlingen\nFörsäkringskassan\r\nUppsala kommun', ['Arbetsförmedlingen', 'Försäkringskassan', 'Uppsala kommun']],
    ['Uppsala kommun, Region Uppsala OCH Försäkringskassan', ['Uppsala kommun', 'Region Uppsala', 'Försäkringskassan']],
    ['  Region   Uppsala ,, ;  ', ['Region Uppsala']],
    ['Region\u00a0Uppsala', ['Region Uppsala']],
    ['Kochs stiftelse, Ochsenfurt AB', ['Kochs stiftelse', 'Ochsenfurt AB']],
    ['Socialtjänsten', ['Socialtjänsten']],
  ])('reads %j', (input, expected) => {
    expect(list(input)).toEqual(expected);
  });
  it('reads a list of separators only as null', () => {
    expect(list(' , ; ')).toBeNull();
  });
});

describe('readYesNo', () => {
  const yn = (v: CellValue) => readYesNo(cell(v), 'anchored');
  it.each<[CellValue, boolean]>([
    ['ja', true],
    ['Ja', true],
    ['JA', true],
    ['nej', false],
    ['Nej', false],
    ['yes', true],
    ['No', false],
    ['x', true],
    ['X', true],
    ['TRUE', true],
    ['false', false],
    ['True', true],
    ['SANT', true],
    ['FALSKT', false],
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    ['Ja, 12 mars 2025', true],
    ['Nej (planeras)', false],
  ])('reads %j as %s', (input, expected) => {
    expect(value(yn(input))).toBe(expected);
  });
  it('reads blank as null', () => {
    expect(value(yn(null))).toBeNull();
    expect(value(yn(''))).toBeNull();
  });
  it.each<CellValue>(['kanske', 'jaha', 'xx', 2, 'nejdå'])('refuses %j', (input) => {
    expect(message(yn(input))).toMatch(/^Kan inte tolka Förankrad i D7: /);
  });
});

describe('readKind', () => {
  const kind = (v: CellValue) => readKind(cell(v), 'kind');
  it.each<[string, string]>([
    ['individinriktad', 'individinriktad'],
    ['Individinriktad', 'individinriktad'],
    ['individ', 'individinriktad'],
    ['strukturövergripande', 'strukturövergripande'],
    ['STRUKTURÖVERGRIPANDE', 'strukturövergripande'],
    ['Strukturinsats', 'strukturövergripande'],
    ['kompetenshöjande', 'kompetenshöjande'],
    ['Kompetensutveckling', 'kompetenshöjande'],
  ])('reads %j as %s', (input, expected) => {
    expect(value(kind(input))).toBe(expected);
  });
  it.each<CellValue>(['annan', 'grupp', 3])('refuses %j', (input) => {
    expect(message(kind(input))).toMatch(/^Kan inte tolka Insatstyp i D7: /);
  });
});

describe('readCaseType', () => {
  const ct = (v: CellValue) => readCaseType(cell(v), 'caseType');
  it.each<[CellValue, string]>([
    ['ny', 'ny'],
    ['Ny', 'ny'],
    ['NY', 'ny'],
    ['Ny ansökan', 'ny'],
    ['förlängning', 'förlängning'],
    ['Förlängning', 'förlängning'],
    ['forlangning', 'förlängning'],
    [null, 'ny'],
    ['  ', 'ny'],
  ])('reads %j as %s', (input, expected) => {
    expect(value(ct(input))).toBe(expected);
  });
  it.each<CellValue>(['nyligen', 'fortsättning', 1])('refuses %j', (input) => {
    expect(message(ct(input))).toMatch(/^Kan inte tolka Ärendetyp i D7: /);
  });
});

describe('readText', () => {
  const text = (v: CellValue) => readText(cell(v), 'id');
  it('trims strings', () => {
    expect(value(text('  Dnr 2025/12  '))).toBe('Dnr 2025/12');
  });
  it('turns numbers into plain text', () => {
    expect(value(text(12345))).toBe('12345');
    expect(value(text(2025.5))).toBe('2025.5');
  });
  it('turns a date into its IsoDate', () => {
    expect(value(text(new Date(Date.UTC(2025, 11, 1))))).toBe('2025-12-01');
  });
  it('refuses booleans', () => {
    expect(message(text(true))).toBe('Kan inte tolka Diarienummer i D7: "TRUE"');
  });
});

describe('parseApplication', () => {
  // Each field in the column of its place in the field table (id A, name B, owner C …), so a field
  // added to the table has a column here too; the messages name the cell by `at`.
  const fields = Object.keys(INPUT_FIELDS) as InputField[];
  const columns = Object.fromEntries(fields.map((f, i) => [f, columnLetter(i + 1)])) as Record<InputField, string>;
  const at = (field: InputField) => `${columns[field]}7`;
  const row = (values: Partial<Record<InputField, CellValue>>, extra: Partial<RawRow> = {}): RawRow => ({
    row: 7,
    cells: Object.fromEntries(
      Object.entries(values).map(([f, v]) => [f, { value: v, address: `${columns[f as InputField]}7` }]),
    ) as RawRow['cells'],
    ...extra,
  });
  /** Every field of the table null: what a field the row leaves out reads as (the tests give the others). */
  const unfilled = Object.fromEntries(fields.map((f) => [f, null]));
  const full: Partial<Record<InputField, CellValue>> = {
    id: 2025001,
    name: ' Steg framåt ',
    owner: 'Uppsala kommun',
    partners: 'Arbetsförmedlingen och Försäkringskassan',
    kind: 'Individinriktad',
    targetGroup: 'Unga 16–29 år',
    start: '2025-01-01',
    end: 46022,
    amount: '1 500 000 kr',
    fte: '50 %',
    caseType: 'Förlängning',
    decisionDate: '12 mars 2025',
    anchored: 'ja',
    granted: null,
    spent: 250000,
  };

  it('reads a complete row into typed values', () => {
    const r = parseApplication(row({ ...full, chiefDecision: '  Bifall ' }), { date1904: false });
    expect(r).toEqual({
      ok: true,
      application: {
        row: 7,
        ...unfilled,
        id: '2025001',
        name: 'Steg framåt',
        owner: 'Uppsala kommun',
        partners: ['Arbetsförmedlingen', 'Försäkringskassan'],
        kind: 'individinriktad',
        targetGroup: 'Unga 16–29 år',
        start: '2025-01-01',
        end: '2025-12-31',
        amount: 1500000,
        fte: 0.5,
        caseType: 'förlängning',
        decisionDate: '2025-03-12',
        anchored: true,
        granted: null,
        spent: 250000,
        chiefDecision: 'Bifall',
        comment: null,
      },
    });
  });

  it('fills defaults for missing optional columns', () => {
    const r = parseApplication(row({ name: 'X', owner: 'Y', start: '2025-01-01', end: '2025-12-31', amount: 1 }), { date1904: false });
    expect(r.ok && r.application).toMatchObject({
      id: null, partners: [], kind: null, fte: null, caseType: 'ny', anchored: null, granted: null, spent: null, chiefDecision: null,
    });
  });

  it('uses the 1904 option for serial dates', () => {
    const r = parseApplication(row({ ...full, end: 46022 - 1462 }), { date1904: true });
    expect(r.ok && r.application.end).toBe('2025-12-31');
  });

  it('does not check the end against the start', () => {
    const r = parseApplication(row({ ...full, start: '2026-01-01', end: '2025-01-01' }), { date1904: false });
    expect(r.ok).toBe(true);
  });

  it('collects every error of the row', () => {
    const r = parseApplication(
      row({ ...full, amount: '15O 000', start: '1/2/2025', fte: 150, anchored: { kind: 'cell-error', code: '#N/A' }, name: '' }),
      { date1904: false },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual([
      `Insats saknas i ${at('name')}`,
      expect.stringMatching(new RegExp(`^Kan inte tolka Startdatum i ${at('start')}: "1/2/2025"\\. .*ÅÅÅÅ-MM-DD`)),
      `Kan inte tolka Sökt belopp i ${at('amount')}: "15O 000"`,
      expect.stringMatching(new RegExp(`^Kan inte tolka Tjänsteomfattning i ${at('fte')}: "150"`)),
      `Förankrad i ${at('anchored')} innehåller felvärdet #N/A`,
    ]);
    expect(r.errors[0]).toEqual({ field: 'name', address: at('name'), message: `Insats saknas i ${at('name')}` });
  });

  it('reports an empty required cell by its address', () => {
    const r = parseApplication(row({ ...full, amount: null }), { date1904: false });
    expect(r).toEqual({ ok: false, errors: [{ field: 'amount', address: at('amount'), message: `Sökt belopp saknas i ${at('amount')}` }] });
  });

  it('reports a missing required column without an address', () => {
    const { amount: _amount, owner: _owner, ...rest } = full;
    const r = parseApplication(row(rest), { date1904: false });
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'owner', address: null, message: 'Kolumnen Insatsägare saknas på bladet' },
        { field: 'amount', address: null, message: 'Kolumnen Sökt belopp saknas på bladet' },
      ],
    });
  });

  it('never fails a row for what a person wrote in Chefens beslut', () => {
    const r = parseApplication(row({ ...full, chiefDecision: '#N/A' }), { date1904: false });
    expect(r.ok && r.application.chiefDecision).toBeNull();
  });
});
