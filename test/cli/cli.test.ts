import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openWorkbookBuffer } from '../../src/adapters/exceljs/workbook';
import { runCli, USAGE } from '../../src/cli/main';
import { changedCells, keyColumn, keyRow, keySheet, snapshotCells, snapshotSheets } from '../exceljs/helpers';

const REPO = path.resolve(__dirname, '..', '..');
const HOSTILE = '=HYPERLINK("http://x","y")';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insats-cli-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], isTTY = false): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY,
  });
  return { code, stdout, stderr };
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/**
 * A workbook as an economist keeps it: a notes sheet first, a title and a blank row above
 * the headers, an unknown column, a formula in an input column, the chief's columns filled in,
 * a hostile name and a fully empty row.
 */
async function writeInput(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('Anteckningar');
  notes.getCell('A1').value = 'Beredning våren 2025';
  notes.getCell('A2').value = { formula: 'SUM(2,3)', result: 5 };
  notes.getColumn(1).width = 50;

  const ws = wb.addWorksheet('Ansökningar');
  ws.getCell('A1').value = 'Ansökningar 2025';
  ws.getCell('A1').font = { bold: true, size: 16 };
  const headers = [
    'Dnr',
    'Insats',
    'Insatsägare',
    'Samverkansparter',
    'Insatstyp',
    'Målgrupp',
    'Startdatum',
    'Slutdatum',
    'Sökt belopp (kr)',
    'Tjänsteomfattning',
    'Förankrad',
    'Handläggare',
    'Chefens beslut',
    'Kommentar',
  ];
  headers.forEach((h, i) => {
    const c = ws.getCell(3, i + 1);
    c.value = h;
    c.font = { bold: true, color: { argb: 'FF1F4E79' } };
    c.border = { bottom: { style: 'thin' } };
  });
  ws.getColumn(2).width = 35;
  ws.getColumn(4).width = 45;
  ws.getColumn(13).width = 20;
  const rows: ExcelJS.CellValue[][] = [
    ['2024-017', 'Lokussamordnare Uppsala', 'Uppsala kommun', 'Försäkringskassan, Arbetsförmedlingen och Region Uppsala', 'strukturövergripande', 'Lokusgruppen i Uppsala', utc(2025, 1, 1), utc(2026, 12, 31), '560 000 kr', '0,4', 'ja', 'Eva', 'Bifall', 'Som förra året'],
    ['2025-002', 'Arbetsträning', 'Heby kommun', 'Arbetsförmedlingen; Region Uppsala', 'individinriktad', 'Unga med aktivitetsersättning', utc(2025, 3, 1), utc(2025, 12, 31), { formula: '100000*2', result: 200000 }, 0.4, 'ja', 'Eva', null, null],
    [],
    ['2025-003', HOSTILE, 'Stiftelsen Vägen', 'Uppsala kommun, Arbetsförmedlingen', 'individinriktad', 'Unga med aktivitetsersättning', utc(2025, 1, 1), utc(2025, 12, 31), '120 000 kr', '20 %', 'ja', 'Per', null, 'Ring sökanden'],
    ['2025-004', 'Jobbspår', 'Enköpings kommun', 'Arbetsförmedlingen', 'individinriktad', 'Unga med funktionsnedsättning', utc(2025, 1, 1), utc(2025, 12, 31), '15O 000', '0,4', 'ja', 'Per', null, null],
  ];
  rows.forEach((values, i) => values.forEach((v, j) => (ws.getCell(4 + i, j + 1).value = v)));
  ws.getCell('J5').numFmt = '0%';
  ws.getCell('G4').numFmt = 'yyyy-mm-dd';
  ws.getCell('B4').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  await wb.xlsx.writeFile(file);
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  return openWorkbookBuffer(await fs.readFile(file));
}

/** Columns of the output headers on the sheet, by header text. */
function outputColumns(ws: ExcelJS.Worksheet, headerRow = 3): Record<string, string> {
  const out: Record<string, string> = {};
  ws.getRow(headerRow).eachCell((cell) => {
    if (typeof cell.value === 'string') out[cell.value] = cell.address.replace(/\d+$/u, '');
  });
  return out;
}

describe('assess command line: round trip', () => {
  it('writes NAME.bedomd.xlsx next to the input, keeps everything else and leaves the input alone', async () => {
    const input = path.join(dir, 'ansokningar.xlsx');
    await writeInput(input);
    const inputBytes = await fs.readFile(input);
    const before = await load(input);

    const r = await cli([input, '--date', '2025-03-01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Bedömde 4 ansökningar på bladet "Ansökningar" (rubrikrad 3).');
    expect(r.stdout).toContain('Avslag föreslås: 1');
    expect(r.stdout).toContain('\nChefens beslut: Bevilja 1, Bevilja med ändrat belopp 0, Avslå 0, Begär komplettering 0.\nVäntar på beslut: 2.\n');
    expect(r.stdout).toMatch(/Rad 8 · Dnr 2025-004 · Jobbspår · Fel i indata: Kan inte tolka Sökt belopp i I8: "15O 000"/u);
    expect(await fs.readFile(input)).toEqual(inputBytes);
    expect((await fs.readdir(dir)).sort()).toEqual(['ansokningar.bedomd.xlsx', 'ansokningar.xlsx']);

    const after = await load(path.join(dir, 'ansokningar.bedomd.xlsx'));
    const ws = after.getWorksheet('Ansökningar')!;
    const cols = outputColumns(ws);
    // Output columns go to the right of the used range; the person's columns are found where they are.
    expect(cols).toMatchObject({ Status: 'O', Bedömning: 'P', 'Förslag till beslut': 'Q', Kontroller: 'R', Regelträffar: 'S', Bedömd: 'T', 'Chefens beslut': 'M', Kommentar: 'N' });
    // The tool's columns, and the person columns it created (header only): Beslutat belopp, Förbundschefens bedömning.
    expect(cols).toMatchObject({ 'Beslutat belopp': 'U', 'Förbundschefens bedömning': 'V' });
    // O–V the tool's and the chief's columns; W and X the board's (Styrelsens beslut, Paragraf), created empty.
    const tool = new Set(['O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X']);

    // Nothing outside the tool's columns changed: other sheet, title, unknown column, chief's columns, formula, styles.
    // The Logg sheet is the tool's own (appended each run); everything else is compared.
    const changed = changedCells(snapshotCells(before), snapshotCells(after), (key) => (keySheet(key) === 'Ansökningar' && tool.has(keyColumn(key))) || keySheet(key) === 'Logg');
    expect(changed).toEqual([]);
    const withoutLog = (wb: ExcelJS.Workbook) => JSON.stringify((JSON.parse(snapshotSheets(wb)) as { name: string }[]).filter((s) => s.name !== 'Logg'));
    expect(withoutLog(after)).toBe(withoutLog(before));
    expect(ws.getCell('I5').value).toEqual({ formula: '100000*2', result: 200000 });
    expect(ws.getCell('M4').value).toBe('Bifall');
    expect(ws.getCell('N4').value).toBe('Som förra året');
    expect(ws.getCell('N7').value).toBe('Ring sökanden');
    expect(after.getWorksheet('Anteckningar')!.getCell('A2').value).toEqual({ formula: 'SUM(2,3)', result: 5 });

    expect(ws.getCell('O4').value).toBe('OK');
    expect(ws.getCell('O5').value).toBe('OK');
    expect(ws.getCell('O7').value).toBe('Avslag föreslås');
    expect(ws.getCell('O8').value).toBe('Fel i indata');
    expect(ws.getCell('T4').value).toBe('2025-03-01 12:00 · finsam-2025 v3');
    expect(ws.getCell('Q4').value).toContain('att bevilja finansiellt stöd enligt ansökan för insatsen Lokussamordnare Uppsala');
    expect(ws.getCell('O4').fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } });

    // The fully empty row 6 is not written to.
    for (const c of ['O', 'P', 'Q', 'R', 'S', 'T']) {
      expect(ws.getCell(`${c}6`).value).toBeNull();
      expect(ws.getCell(`${c}6`).fill).toBeUndefined();
    }

    // The hostile name stays text in the input column and in every text the tool wrote.
    expect(ws.getCell('B7').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B7').value).toBe(HOSTILE);
    const withName = ['P7', 'Q7'].map((a) => ws.getCell(a));
    expect(withName.some((c) => String(c.value).includes(HOSTILE))).toBe(true);
    for (const c of ['O', 'P', 'Q', 'R', 'S', 'T']) {
      for (const r of [4, 5, 7, 8]) {
        const cell = ws.getCell(`${c}${r}`);
        if (cell.value === null) continue;
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.numFmt).toBe('@');
      }
    }
  });

  it('a second run over its own output changes nothing but the Bedömd and Kontroller columns, and the Logg only grows', async () => {
    const input = path.join(dir, 'in.xlsx');
    const out = path.join(dir, 'ut.xlsx');
    await writeInput(input);
    expect((await cli([input, '--out', out, '--date', '2025-03-01'])).code).toBe(0);
    const first = snapshotCells(await load(out));
    // --out naming the input itself: replaced through a temporary file.
    const again = await cli([out, '--out', out, '--date', '2025-03-02']);
    expect(again.code).toBe(0);
    expect((await fs.readdir(dir)).sort()).toEqual(['in.xlsx', 'ut.xlsx']);
    const second = snapshotCells(await load(out));
    const changed = changedCells(first, second, () => false);
    expect(changed.length).toBeGreaterThan(0);
    // The Logg only grows: no cell of the first run's lines changes.
    const firstLogRows = Math.max(...[...first.keys()].filter((k) => keySheet(k) === 'Logg').map(keyRow));
    const onSheet = changed.filter((k) => keySheet(k) !== 'Logg');
    expect(onSheet.length).toBeGreaterThan(0);
    // Bedömd (T) gets the new stamp; Kontroller (R) may now say the logged decision's inputs are unchanged.
    expect(onSheet.every((k) => keySheet(k) === 'Ansökningar' && ['R', 'T'].includes(keyColumn(k)) && keyRow(k) > 3)).toBe(true);
    expect(changed.filter((k) => keySheet(k) === 'Logg').every((k) => keyRow(k) > firstLogRows)).toBe(true);
    expect(second.get('Ansökningar!T4')?.value).toBe(JSON.stringify('2025-03-02 12:00 · finsam-2025 v3'));
  });

  it('writes the JSON report', async () => {
    const input = path.join(dir, 'in.xlsx');
    const report = path.join(dir, 'rapport.json');
    await writeInput(input);
    const r = await cli([input, '--json', report, '--date', '2025-03-01']);
    expect(r.code).toBe(0);
    const json = JSON.parse(await fs.readFile(report, 'utf8'));
    expect(Object.keys(json)).toEqual(['rows', 'summary']);
    expect(Object.keys(json.summary)).toEqual(['total', 'counts', 'rulesets', 'budget', 'decisions', 'awaitingDecision']);
    expect(json.summary.total).toBe(4);
    expect(json.summary.counts).toEqual({ ok: 2, flag: 0, reject: 1, error: 1, closed: 0 });
    // Row 4's Bifall is a grant; the reject-proposed row and the input error await a decision.
    expect(json.summary.decisions).toEqual({ grant: 1, 'grant-changed': 0, reject: 0, supplement: 0 });
    expect(json.summary.awaitingDecision).toBe(2);
    expect(json.summary.rulesets.map((s: { id: string }) => s.id)).toEqual(['finsam-2018', 'finsam-2025']);
    expect(json.rows).toHaveLength(4);
    for (const row of json.rows) {
      expect(Object.keys(row)).toEqual(['row', 'id', 'name', 'status', 'notes', 'decision', 'checks', 'rules', 'ruleset', 'chief', 'inputChanged']);
      expect(row.inputChanged).toBe(false);
    }
    expect(json.rows.map((row: { chief: unknown }) => row.chief)).toEqual([{ decision: 'grant', amount: null, comment: 'Som förra året' }, null, null, null]);
    expect(json.rows[0]).toMatchObject({ row: 4, id: '2024-017', name: 'Lokussamordnare Uppsala', status: 'ok', rules: [], ruleset: 'finsam-2025@3' });
    expect(json.rows[0].decision.split('\n')).toHaveLength(3);
    expect(json.rows[2]).toMatchObject({ row: 7, id: '2025-003', name: HOSTILE, status: 'reject', rules: ['insatsagare-medlem'] });
    expect(json.rows[3]).toMatchObject({ row: 8, status: 'error', rules: ['indata'], decision: '', ruleset: null });
  });

  it('chooses the sheet given by --sheet', async () => {
    const input = path.join(dir, 'in.xlsx');
    await writeInput(input);
    const wb = await load(input);
    wb.getWorksheet('Ansökningar')!.name = 'Våren';
    await wb.xlsx.writeFile(input);
    const r = await cli([input, '--sheet', 'våren', '--date', '2025-03-01']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('på bladet "Våren"');
  });

  it('assesses the bundled example without arguments and writes to examples/out/', async () => {
    const r = await cli(['--date', '2025-11-20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Bedömde 26 ansökningar');
    // the Budget sheet of the example: 2027 goes over its frame
    expect(r.stdout.replace(/[\u00a0\u202f]/g, ' ')).toMatch(/Hälsoinsats Tierp · Flaggad: [^\n]*2027[^\n]*250 000 kr[^\n]*budgetramen 200 000 kr/u);
    expect(r.stdout).toContain('Budget per år:');
    const out = await load(path.join(REPO, 'examples', 'out', 'ansokningar.bedomd.xlsx'));
    const ws = out.getWorksheet('Ansökningar')!;
    const statuses: string[] = [];
    ws.getColumn(outputColumns(ws).Status).eachCell((c, row) => {
      if (row > 3) statuses.push(String(c.value));
    });
    expect(new Set(statuses)).toEqual(new Set(['OK', 'Flaggad', 'Avslag föreslås', 'Fel i indata']));
  });
});

describe('assess command line: progress', () => {
  it('shows progress on a terminal only', async () => {
    const input = path.join(dir, 'in.xlsx');
    await writeInput(input);
    const quiet = await cli([input, '--date', '2025-03-01'], false);
    expect(quiet.stderr).toBe('');
    const tty = await cli([input, '--date', '2025-03-01'], true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('Läser');
    expect(tty.stderr).toMatch(/Bedömer 4 av 4/u);
    expect(tty.stderr).toContain('Sparar');
    expect(tty.stdout).not.toContain('Bedömer');
  });
});

describe('assess command line: errors, each one Swedish line and exit 1', () => {
  const oneLine = (r: Result) => {
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Fel: [^\n]+\n$/u);
    return r.stderr;
  };

  it('a missing file', async () => {
    const file = path.join(dir, 'saknas.xlsx');
    expect(oneLine(await cli([file]))).toBe(`Fel: Filen finns inte: ${file}\n`);
  });

  it('a file that is not a workbook', async () => {
    const file = path.join(dir, 'lista.xlsx');
    await fs.writeFile(file, 'Dnr;Insats;Sökt belopp\n1;A;100\n');
    expect(oneLine(await cli([file]))).toBe(`Fel: ${file} är inte en Excel-arbetsbok (.xlsx)\n`);
  });

  it('a workbook with no recognisable header', async () => {
    const file = path.join(dir, 'annat.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ansökningar');
    ws.addRow(['Namn', 'Telefon', 'Ort']);
    ws.addRow(['Eva', '018-00 00 00', 'Uppsala']);
    await wb.xlsx.writeFile(file);
    expect(oneLine(await cli([file]))).toMatch(/^Fel: Hittar ingen rubrikrad på bladet "Ansökningar"/u);
    expect(await fs.readdir(dir)).toEqual(['annat.xlsx']);
  });

  it('a sheet name that does not exist', async () => {
    const file = path.join(dir, 'in.xlsx');
    await writeInput(file);
    expect(oneLine(await cli([file, '--sheet', 'Hösten']))).toBe('Fel: Bladet "Hösten" finns inte i arbetsboken. Bladen är: Anteckningar, Ansökningar.\n');
  });

  it('an output path that cannot be written', async () => {
    const file = path.join(dir, 'in.xlsx');
    await writeInput(file);
    const out = path.join(dir, 'finns-inte', 'ut.xlsx');
    expect(oneLine(await cli([file, '--out', out]))).toBe(`Fel: Kan inte skriva ${out}: mappen ${path.dirname(out)} finns inte\n`);
    const json = path.join(dir, 'finns-inte', 'r.json');
    expect(oneLine(await cli([file, '--json', json]))).toBe(`Fel: Kan inte skriva ${json}: mappen ${path.dirname(json)} finns inte\n`);
    // An existing directory in the way of the output file.
    await fs.mkdir(path.join(dir, 'ut.xlsx'));
    expect(oneLine(await cli([file, '--out', path.join(dir, 'ut.xlsx')]))).toMatch(/: det finns en mapp med det namnet\n$/u);
  });

  it('a broken rule file', async () => {
    const file = path.join(dir, 'in.xlsx');
    await writeInput(file);
    const rules = path.join(dir, 'regler');
    await fs.mkdir(rules);
    for (const name of await fs.readdir(path.join(REPO, 'rules'))) await fs.copyFile(path.join(REPO, 'rules', name), path.join(rules, name));
    const text = await fs.readFile(path.join(rules, 'finsam-2025.json'), 'utf8');
    await fs.writeFile(path.join(rules, 'finsam-2025.json'), text.replace(/\}\s*$/u, ''));
    const line = oneLine(await cli([file, '--rules', rules]));
    expect(line).toContain('finsam-2025.json');
    expect((await fs.readdir(dir)).sort()).toEqual(['in.xlsx', 'regler']);
  });

  it('a rules directory that does not exist', async () => {
    const file = path.join(dir, 'in.xlsx');
    await writeInput(file);
    const rules = path.join(dir, 'inga-regler');
    expect(oneLine(await cli([file, '--rules', rules]))).toBe(`Fel: Regelmappen finns inte: ${rules}\n`);
  });
});

describe('assess command line: usage', () => {
  it('--help explains the options and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(USAGE);
    for (const option of ['--out', '--json', '--sheet', '--rules', '--date', '--help']) expect(r.stdout).toContain(option);
  });

  it.each([
    [['--okand'], 'Okänd flagga: --okand.'],
    [['a.xlsx', 'b.xlsx'], 'Ange högst en arbetsbok (fick 2: a.xlsx, b.xlsx).'],
    [['a.xlsx', '--out'], 'Flaggan --out behöver ett värde.'],
    [['a.xlsx', '--sheet', ''], 'Flaggan --sheet behöver ett värde.'],
    [['a.xlsx', '--date', '2025-02-30'], '--date ska vara ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-01 (fick "2025-02-30").'],
    [['a.xlsx', '--date', '1/3/2025'], '--date ska vara ett datum som ÅÅÅÅ-MM-DD'],
    [['--help=ja'], 'Flaggan --help tar inget värde.'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr).toContain('Användning: npm run assess');
  });
});
