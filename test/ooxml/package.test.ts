/**
 * What the package needs to stay consistent (calcChain, content types, new sheets, the 1904
 * date system, text Excel reads back as written) and what the port refuses, in one Swedish
 * line, before anything is written.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8 } from 'fflate';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { readSharedStrings } from '../../src/adapters/ooxml/shared-strings';
import { runCli } from '../../src/cli/main';
import { WorkbookError, type WritePlan } from '../../src/core/port';
import { readWorkbookFile, writeWorkbookFile } from '../../src/node/files';
import { baseWorkbook, CT, ns, unzip, zip, type Parts } from './fixtures';
import { assessBytes, cellXmlByRef, NOW } from './helpers';

const SHEET = 'xl/worksheets/sheet1.xml';

function withCalcChain(parts: Parts, entries: string): Parts {
  return { ...parts, 'xl/calcChain.xml': `${ns.XML_DECL}<calcChain xmlns="${ns.MAIN}">${entries}</calcChain>` };
}

describe('calcChain after tool cells that held formulas', () => {
  it('drops the entries of overwritten cells and keeps the others on their sheets', async () => {
    const bytes = zip(baseWorkbook({ applications: { formulaInToolColumn: true } }));
    const { out, run } = await assessBytes(bytes);
    expect(run.assessments).toHaveLength(4);
    const parts = unzip(out);
    const chain = strFromU8(parts['xl/calcChain.xml']);
    expect(chain).not.toMatch(/r="J\d"/u);
    // G5 on sheet 1 and B3 on sheet 2 remain, each saying its sheet.
    expect(chain).toContain('<c r="G5" i="1"/>');
    expect(chain).toContain('<c r="B3" i="2"/>');
    // The overwritten cells hold text, no formula.
    const cells = cellXmlByRef(strFromU8(parts[SHEET]));
    for (const r of [4, 5, 6, 7]) expect(cells.get(`J${r}`)).not.toMatch(/<f>/u);
    expect(cells.get('G5')).toContain('<f>100000*2</f>');
  });

  it('says which sheet an entry belongs to when the entry before it is dropped', async () => {
    // J4 sets i="1"; G5 inherits it. Dropping J4 must not move G5 to another sheet.
    const parts = withCalcChain(baseWorkbook({ applications: { formulaInToolColumn: true } }), '<c r="B3" i="2"/><c r="J4" i="1"/><c r="G5"/>');
    const { out } = await assessBytes(zip(parts));
    expect(strFromU8(unzip(out)['xl/calcChain.xml'])).toContain('<c r="B3" i="2"/><c r="G5" i="1"/>');
  });

  it('removes an emptied calcChain with its relationship and content type', async () => {
    const parts = withCalcChain(baseWorkbook({ applications: { formulaInToolColumn: true } }), '<c r="J4" i="1"/><c r="J5"/><c r="J6"/><c r="J7"/>');
    const { out } = await assessBytes(zip(parts));
    const after = unzip(out);
    expect(after['xl/calcChain.xml']).toBeUndefined();
    expect(strFromU8(after['xl/_rels/workbook.xml.rels'])).not.toContain('calcChain');
    expect(strFromU8(after['[Content_Types].xml'])).not.toContain('calcChain');
    // Still a workbook the port and ExcelJS read.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out) as unknown as ArrayBuffer);
    const j4 = wb.getWorksheet('Ansökningar')!.getCell('J4');
    expect(typeof j4.value).toBe('string');
    expect(j4.formula).toBeUndefined();
  });
});

describe('an .xlsm', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ooxml-xlsm-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const xlsm = () =>
    zip({
      ...baseWorkbook({
        workbookContentType: CT.xlsm,
        workbookRels: `<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>`,
        contentTypes: `<Default Extension="bin" ContentType="${CT.vba}"/>`,
      }),
      'xl/vbaProject.bin': new Uint8Array([1, 2, 3, 4]),
    });

  it('is written as NAME.bedomd.xlsm by the command line, with its content type and macros', async () => {
    const input = join(dir, 'budget.xlsm');
    writeFileSync(input, xlsm());
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: false };
    expect(await runCli([input, '--date', '2025-03-01'], io)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['budget.bedomd.xlsm', 'budget.xlsm']);
    const port = await readWorkbookFile(join(dir, 'budget.bedomd.xlsm'));
    expect(port.extension).toBe('.xlsm');
    expect(port.contentType).toBe(CT.xlsm);
    expect(Array.from(port.pkg.bytes('xl/vbaProject.bin'))).toEqual([1, 2, 3, 4]);
  });

  it('is refused under an .xlsx name, which Excel would not open', async () => {
    const port = openOoxml(xlsm());
    const out = join(dir, 'ut.xlsx');
    await expect(writeWorkbookFile(out, port, 'ut.xlsx')).rejects.toThrow('Kan inte skriva ut.xlsx: arbetsboken är en .xlsm-fil och måste sparas med ändelsen .xlsm');
    expect(existsSync(out)).toBe(false);
  });
});

describe('the sheet read once, its values let go', () => {
  it('a second read gives the same grid, and a write after reading splices as before', async () => {
    const port = openOoxml(zip(baseWorkbook()));
    const [first] = await port.readSheets(['Ansökningar']);
    const [again] = await port.readSheets(['Ansökningar']);
    expect(again).toEqual(first);
    expect(first.values.flat().filter((v) => v !== null).length).toBeGreaterThan(20);
    const fresh = openOoxml(zip(baseWorkbook()));
    const plan: WritePlan = { sheet: 'Ansökningar', headers: [{ row: 3, col: 13, text: 'Ny rubrik' }], blocks: [{ col: 13, top: 4, values: ['a', 'b'] }], fillColumns: [], fills: [] };
    await port.write(plan);
    await fresh.write(plan);
    expect(strFromU8(unzip(port.save())[SHEET])).toBe(strFromU8(unzip(fresh.save())[SHEET]));
  });
});

describe('dates and text', () => {
  it('reads dates in the 1904 system', async () => {
    const port = openOoxml(zip(baseWorkbook({ date1904: true })));
    expect((await port.describe()).date1904).toBe(true);
    const [grid] = await port.readSheets(['Ansökningar']);
    // 45658 in the 1904 system is 1462 days later than in the 1900 system.
    expect(grid.values[3][4]).toEqual(new Date(Date.UTC(2029, 0, 2)));
    expect(grid.numberFormats?.[3][4]).toBe('mm-dd-yy');
  });

  it('writes hostile text literally and reads back what it wrote, _xHHHH_ kept literal as Excel reads it', async () => {
    const hostile = ['=HYPERLINK("http://x","y")', '<script>alert(1)</script>', ']]> & "citat" \'apostrof\'', 'rad ett\nrad två', ' kant ', 'a_x0041_b', 'kontroll\u0001tecken'];
    const port = openOoxml(zip(baseWorkbook()));
    const plan: WritePlan = { sheet: 'Ansökningar', headers: [], blocks: [{ col: 12, top: 10, values: hostile }], fillColumns: [], fills: [] };
    await port.write(plan);
    const out = port.save();
    const xml = strFromU8(unzip(out)[SHEET]);
    expect(xml).toContain('a_x005F_x0041_b');
    const written = [...cellXmlByRef(xml)].filter(([ref]) => ref.startsWith('L'));
    expect(written).toHaveLength(hostile.length);
    for (const [, cell] of written) expect(cell).toMatch(/^<c r="L\d+" s="\d+" t="inlineStr"><is><t( xml:space="preserve")?>[^<]*<\/t><\/is><\/c>$/u);
    const [grid] = await openOoxml(out).readSheets(['Ansökningar']);
    const column = grid.values.slice(9 - grid.top + 1).map((r) => r[12 - grid.left]);
    expect(column).toEqual(hostile.map((t) => t.replace('\u0001', '')));
  });

  it('reads shared strings with rich text runs and phonetic guides, and _xHHHH_ escapes', () => {
    const sst =
      `<sst xmlns="${ns.MAIN}"><si><r><t>Arbets</t></r><r><rPr><b/></rPr><t xml:space="preserve">träning </t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></si>` +
      '<si><t>A_x000D_B_x005F_x0041_</t></si></sst>';
    expect(readSharedStrings(sst, 'sst')).toEqual(['Arbetsträning ', 'A\rB_x0041_']);
  });
});

describe('the tool sheets, person cells and drop-down lists', () => {
  const plan = (extra: Partial<WritePlan>): WritePlan => ({ sheet: 'Ansökningar', headers: [], blocks: [], fillColumns: [], fills: [], ...extra });

  it('adds a new sheet with its part, relationship, content type and print titles', async () => {
    const port = openOoxml(zip(baseWorkbook()));
    await port.write(
      plan({
        sheets: [
          {
            name: 'Styrelseunderlag',
            mode: 'replace',
            header: ['Dnr', 'Belopp'],
            rows: [['2025-001', 300000], ['Summa', 300000]],
            boldRows: [1],
            columnWidths: [12, 14],
            numberFormats: [null, '# ##0'],
            print: { landscape: true, repeatHeaderRow: true, fitToWidth: true },
          },
        ],
      }),
    );
    const out = port.save();
    const parts = unzip(out);
    expect(strFromU8(parts['xl/workbook.xml'])).toMatch(/<sheet name="Styrelseunderlag" sheetId="3" r:id="rId\d+"\/>/u);
    expect(strFromU8(parts['xl/workbook.xml'])).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="2">'Styrelseunderlag'!$1:$1</definedName>`);
    expect(strFromU8(parts['[Content_Types].xml'])).toContain('<Override PartName="/xl/worksheets/sheet3.xml"');
    expect(strFromU8(parts['xl/_rels/workbook.xml.rels'])).toContain('Target="worksheets/sheet3.xml"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Styrelseunderlag')!;
    expect(ws.getCell('A1').value).toBe('Dnr');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('B2').value).toBe(300000);
    expect(ws.getCell('B2').numFmt).toBe('# ##0');
    expect(ws.getCell('A3').font?.bold).toBe(true);
    expect(ws.getColumn(1).width).toBe(12);
    expect(ws.pageSetup.orientation).toBe('landscape');
    // The sheet the port reads back.
    const [grid] = await openOoxml(out).readSheets(['Styrelseunderlag']);
    expect(grid.values).toEqual([['Dnr', 'Belopp'], ['2025-001', 300000], ['Summa', 300000]]);
  });

  it('appends to an existing Logg below its last row and never touches earlier rows', async () => {
    const first = openOoxml(zip(baseWorkbook()));
    await first.write(plan({ sheets: [{ name: 'Logg', mode: 'append', header: ['Tid', 'Händelse'], rows: [['2025-03-01', 'första']] }] }));
    const once = first.save();
    const loggPart = 'xl/worksheets/sheet3.xml';
    const before = strFromU8(unzip(once)[loggPart]);
    const second = openOoxml(once);
    await second.write(plan({ sheets: [{ name: 'Logg', mode: 'append', header: ['Tid', 'Händelse'], rows: [['2025-03-02', 'andra']] }] }));
    const twice = second.save();
    const after = strFromU8(unzip(twice)[loggPart]);
    const rows = (x: string) => [...cellXmlByRef(x)].filter(([ref]) => /[AB][12]$/u.test(ref));
    expect(rows(after)).toEqual(rows(before));
    const [grid] = await openOoxml(twice).readSheets(['Logg']);
    expect(grid.values).toEqual([['Tid', 'Händelse'], ['2025-03-01', 'första'], ['2025-03-02', 'andra']]);
    expect((await openOoxml(twice).describe()).sheets).toEqual(['Ansökningar', 'Budget', 'Logg']);
  });

  it('appends below the last row with values, where empty formatted rows give way', async () => {
    const first = openOoxml(zip(baseWorkbook()));
    await first.write(plan({ sheets: [{ name: 'Logg', mode: 'append', header: ['Tid', 'Händelse'], rows: [['2025-03-01', 'första']] }] }));
    const parts = unzip(first.save());
    const logg = 'xl/worksheets/sheet3.xml';
    const withEmpty: Parts = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, k === logg ? strFromU8(v).replace('</sheetData>', '<row r="3" s="1" customFormat="1"/><row r="4" ht="20" customHeight="1"/></sheetData>') : v]));
    const second = openOoxml(zip(withEmpty));
    await second.write(plan({ sheets: [{ name: 'Logg', mode: 'append', header: ['Tid', 'Händelse'], rows: [['2025-03-02', 'andra']] }] }));
    const out = second.save();
    expect(strFromU8(unzip(out)[logg]).match(/<row r="3"/gu)).toHaveLength(1);
    const [grid] = await openOoxml(out).readSheets(['Logg']);
    expect(grid.values).toEqual([['Tid', 'Händelse'], ['2025-03-01', 'första'], ['2025-03-02', 'andra']]);
  });

  it('writes person cells as text or number, clears with null, and adds a drop-down list once', async () => {
    const port = openOoxml(zip(baseWorkbook()));
    const validations = [{ col: 10, fromRow: 4, toRow: 7, choices: ['Bifall', 'Avslag', 'Bordläggs', 'Bifall med "ändring"'] }];
    await port.write(
      plan({
        cells: [
          { row: 4, col: 10, value: '=1+1' },
          { row: 4, col: 11, value: 250000 },
          { row: 4, col: 7, value: null },
        ],
        validations,
      }),
    );
    const out = port.save();
    const xml = strFromU8(unzip(out)[SHEET]);
    expect(xml).toContain('<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="J4:J7"><formula1>"Bifall,Avslag,Bordläggs,Bifall med ""ändring"""</formula1></dataValidation></dataValidations><pageMargins');
    const [grid] = await openOoxml(out).readSheets(['Ansökningar']);
    expect(grid.values[3][9]).toBe('=1+1');
    expect(grid.values[3][10]).toBe(250000);
    expect(grid.values[3][6]).toBeNull();
    // A second run with the same list adds none.
    const again = openOoxml(out);
    await again.write(plan({ validations }));
    expect(strFromU8(unzip(again.save())[SHEET]).match(/<dataValidation /gu)).toHaveLength(1);
  });
});

describe('refusals: one Swedish line naming the reason, nothing written', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ooxml-refuse-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function refusedByCli(name: string, bytes: Uint8Array, args: string[] = []): Promise<string> {
    const input = join(dir, name);
    writeFileSync(input, bytes);
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (err += t) }, isTTY: false };
    expect(await runCli([input, '--date', '2025-03-01', ...args], io)).toBe(1);
    expect(readdirSync(dir)).toEqual([name]);
    expect(err.trim().split('\n')).toHaveLength(1);
    return err.trim();
  }

  const parts = () => baseWorkbook();

  it('an old .xls or a workbook encrypted with a password', async () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    expect(await refusedByCli('gammal.xls', bytes)).toMatch(/äldre \.xls-fil eller en lösenordsskyddad arbetsbok/u);
  });

  // Issue 21 turned these two refusals round: a Strict workbook is read (test/ooxml/strict.test.ts has the whole files).
  it('a Strict officeDocument relationship is read, not refused', async () => {
    const p = parts();
    p['_rels/.rels'] = String(p['_rels/.rels']).replace(
      'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
      'http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument',
    );
    expect((await openOoxml(zip(p)).describe()).sheets).toEqual(['Ansökningar', 'Budget']);
  });

  it('a Strict workbook part behind a transitional relationship is read, not refused', async () => {
    const p = parts();
    p['xl/workbook.xml'] = String(p['xl/workbook.xml']).replace(ns.MAIN, 'http://purl.oclc.org/ooxml/spreadsheetml/main');
    expect((await openOoxml(zip(p)).describe()).sheets).toEqual(['Ansökningar', 'Budget']);
  });

  it('a missing sheet part', async () => {
    const p = parts();
    delete p['xl/worksheets/sheet1.xml'];
    expect(await refusedByCli('saknar.xlsx', zip(p))).toMatch(/saknar delen för bladet "Ansökningar"/u);
  });

  it('a chart sheet chosen as the data sheet', async () => {
    const p = baseWorkbook({
      extraSheets: '<sheet name="Diagram1" sheetId="3" r:id="rId6"/>',
      workbookRels: `<Relationship Id="rId6" Type="${ns.RT}/chartsheet" Target="chartsheets/sheet1.xml"/>`,
    });
    p['xl/chartsheets/sheet1.xml'] = `${ns.XML_DECL}<chartsheet xmlns="${ns.MAIN}"/>`;
    const port = openOoxml(zip(p));
    expect((await port.describe()).sheets).toEqual(['Ansökningar', 'Budget']);
    await expect(port.readSheets(['Diagram1'])).rejects.toThrow('Bladet "Diagram1" är ett diagramblad, inte ett kalkylblad med celler, och kan inte bedömas.');
    expect(await refusedByCli('diagram.xlsx', zip(p), ['--sheet', 'Diagram1'])).toMatch(/Diagram1/u);
  });

  it('a binary workbook (.xlsb)', () => {
    expect(() => openOoxml(zip(baseWorkbook({ workbookContentType: 'application/vnd.ms-excel.sheet.binary.macroEnabled.main' })))).toThrow(/binär \(\.xlsb\)/u);
  });

  it('a sheet that is not XML', async () => {
    const p = parts();
    p['xl/worksheets/sheet1.xml'] = '<worksheet><sheetData><row></worksheet>';
    expect(await refusedByCli('trasig.xlsx', zip(p))).toMatch(/Delen xl\/worksheets\/sheet1\.xml i arbetsboken är inte giltig XML/u);
  });

  it('a DTD in a part (no entity expansion)', () => {
    const p = parts();
    p['xl/workbook.xml'] = String(p['xl/workbook.xml']).replace('<workbook', '<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook');
    expect(() => openOoxml(zip(p))).toThrow(WorkbookError);
  });

  it('a tool cell that carries a shared formula other cells use', async () => {
    const p = baseWorkbook();
    p['xl/worksheets/sheet1.xml'] = String(p['xl/worksheets/sheet1.xml'])
      .replace('<c r="A3" s="1" t="s">', '<c r="J4"><f t="shared" ref="J4:J5" si="0">A4</f><v>1</v></c><c r="A3" s="1" t="s">')
      .replace(/(<row r="4"[^>]*>)(.*?)(<\/row>)/u, '$1$2<c r="J4"><f t="shared" ref="J4:J5" si="0">A4</f><v>1</v></c>$3')
      .replace('<c r="J4"><f t="shared" ref="J4:J5" si="0">A4</f><v>1</v></c><c r="A3" s="1" t="s">', '<c r="A3" s="1" t="s">');
    const port = openOoxml(zip(p));
    await expect(
      port.write({ sheet: 'Ansökningar', headers: [], blocks: [{ col: 10, top: 4, values: ['x'] }], fillColumns: [], fills: [] }),
    ).rejects.toThrow('Cellen J4 på bladet "Ansökningar" bär en formel som andra celler delar');
  });

  it('bytes that are no zip, and a zip that is no workbook', () => {
    expect(() => openOoxml(strToU8('Dnr;Insats\n'))).toThrow('Filen är inte en Excel-arbetsbok (.xlsx).');
    expect(() => openOoxml(zip({ 'word/document.xml': '<w/>', '[Content_Types].xml': '<Types/>' }))).toThrow('Filen är inte en Excel-arbetsbok (.xlsx).');
  });

  it('a second write on the same opened workbook', async () => {
    const port = openOoxml(zip(parts()));
    const plan: WritePlan = { sheet: 'Ansökningar', headers: [], blocks: [{ col: 12, top: 4, values: ['x'] }], fillColumns: [], fills: [] };
    await port.write(plan);
    await expect(port.write(plan)).rejects.toThrow(/redan skrivits/u);
  });
});

it('keeps NOW fixed for the runs above', () => {
  expect(NOW.getFullYear()).toBe(2025);
});
