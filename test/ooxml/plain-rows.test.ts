/**
 * The sheet's rows read straight from the text (readPlainRows) against the general scanner, which
 * is the reference: the same rows, cells, values and offsets for every sheet, whichever path read it.
 */
import fc from 'fast-check';
import { CellTable } from '../../src/adapters/ooxml/cell-table';
import { readPlainRows } from '../../src/adapters/ooxml/plain-rows';
import { readPlainStrings, readSharedStrings } from '../../src/adapters/ooxml/shared-strings';
import { scanSheet, type SheetContext, type SheetScan } from '../../src/adapters/ooxml/sheet';
import { Styles } from '../../src/adapters/ooxml/styles';
import { NS } from '../../src/adapters/ooxml/xml';
import { WorkbookError } from '../../src/core/port';

const STYLES = `<styleSheet xmlns="${NS.main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`;
const ctx: SheetContext = { styles: new Styles(STYLES), sharedStrings: () => ['noll', 'ett & två', 'tre'], date1904: false };

function cellsOf(t: CellTable) {
  const out = [];
  for (let i = 0; i < t.length; i++) {
    const v = t.value(i);
    // An invalid date is not equal to itself: compare dates by their time, as text.
    out.push([t.col(i), t.start(i), t.end(i), t.s(i), v instanceof Date ? `Date ${v.getTime()}` : v, t.numFmt(i), t.hasFormula(i), t.formulaOwner(i)]);
  }
  return out;
}

function comparable(scan: SheetScan) {
  const { cells, text: _text, ...rest } = scan;
  return { ...rest, cells: cellsOf(cells) };
}

/** A scan, or the refusal (a WorkbookError's message: a cell the sheet may not have is refused either way, in the same words). */
function outcome(read: () => SheetScan) {
  try {
    return comparable(read());
  } catch (err) {
    if (!(err instanceof WorkbookError)) throw err;
    return { refused: err.message };
  }
}

function both(xml: string) {
  const plain = scanSheet(xml, 'xl/worksheets/sheet1.xml', ctx);
  const general = scanSheet(xml, 'xl/worksheets/sheet1.xml', ctx, { plainRows: false });
  return { plain: comparable(plain), general: comparable(general) };
}

function bothOutcomes(xml: string) {
  const plain = outcome(() => scanSheet(xml, 'xl/worksheets/sheet1.xml', ctx));
  const general = outcome(() => scanSheet(xml, 'xl/worksheets/sheet1.xml', ctx, { plainRows: false }));
  return { plain, general };
}

const sheet = (p: string, rows: string) => {
  const q = p ? `${p}:` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${q}worksheet xmlns${p ? `:${p}` : ''}="${NS.main}" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><${q}dimension ref="A1:C9"/><${q}sheetData>${rows}</${q}sheetData><${q}mergeCells count="1"><${q}mergeCell ref="A1:B1"/></${q}mergeCells></${q}worksheet>`;
};

/** Whether the plain path read the sheetData of `xml` itself (rather than leaving it to the general scanner). */
function readPlainly(xml: string, p = ''): boolean {
  const open = xml.indexOf(`<${p ? `${p}:` : ''}sheetData>`);
  const scan = scanSheet(sheet(p, ''), 'x', ctx);
  scan.rows.length = 0;
  scan.cells.truncate(0);
  try {
    return readPlainRows(xml, xml.indexOf('>', open) + 1, p, scan, ctx) !== null;
  } catch (err) {
    // Refused by the plain path itself (a shared text that does not exist): it read the rows.
    if (err instanceof WorkbookError) return true;
    throw err;
  }
}

const PLAIN = [
  '<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>1</v></c><c r="B1" s="1"><v>45323</v></c><c r="C1"><v>280000</v></c></row>',
  '<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> a &amp; b&#13;</t></is></c><c r="B2" t="str"><f>A1&amp;"x"</f><v>1 &lt; 2</v></c></row>',
  '<row r="3" customFormat="1" s="2"/>',
  '<row>\n  <c><v>7</v></c>\n  <c t="b"><v>1</v></c>\n  <c r="D4" s="2"/>\n  <c t="e"><v>#N/A</v></c>\n</row>',
  "<row r='6'><c r='A6' t='d'><v>2025-01-31</v></c><c r='B6'><f t='shared' ref='B6:B8' si='0'>A6+1</f><v>3</v></c><c r='C6'><f t='shared' si='0'/><v>4</v></c></row>",
  '<row r="7"><c r="A7"><f t="array" ref="A7:A8">ROW()</f><v>7</v></c><c r="B7" t="inlineStr"><is><t/></is></c><c r="C7"><v></v></c></row>',
];

const OTHER_SHAPES = [
  '<row r="1"><!-- en kommentar --><c r="A1"><v>1</v></c></row>',
  '<row r="1"><c r="A1"><v><![CDATA[1]]></v></c></row>',
  '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>',
  '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t><rPh sb="0" eb="1"><t>x</t></rPh></is></c></row>',
  '<row r="1"><c r="A1"><v/></c></row>',
  '<row r="1"><c r="A1"><v>1</v><extLst/></c></row>',
  `<row r="1" xmlns:y="${NS.main}"><y:c r="A1"><y:v>1</y:v></y:c></row>`,
  '<row r = "1"><c r="A1"><v>1</v></c></row>',
  '<row r="1">text<c r="A1"><v>1</v></c></row>',
  '<row r="1"><c r="A1"><v>1</v></c ></row>',
  '<row r="1"><c r="A<1"><v>1</v></c></row>',
];

describe('the rows read straight from the text are the rows the general scanner reads', () => {
  test.each(PLAIN.map((row, i) => [i, row]))('plain shape %i: read plainly, and read the same', (_i, row) => {
    for (const p of ['', 'x']) {
      const xml = sheet(p, p ? (row as string).replace(/<(\/?)(row|c|v|f|is|t)\b/gu, `<$1${p}:$2`) : (row as string));
      expect(readPlainly(xml, p)).toBe(true);
      const { plain, general } = both(xml);
      expect(plain.rows.length).toBeGreaterThan(0);
      expect(plain).toEqual(general);
    }
  });

  test('all plain shapes in one sheet', () => {
    const xml = sheet('', PLAIN.join(''));
    expect(readPlainly(xml)).toBe(true);
    const { plain, general } = both(xml);
    expect(plain.rows).toHaveLength(PLAIN.length);
    expect(plain).toEqual(general);
  });

  test.each(OTHER_SHAPES.map((row, i) => [i, row]))('other shape %i: left to the general scanner, with the same result', (_i, row) => {
    const xml = sheet('', PLAIN[0].replace('r="1"', 'r="9"') + (row as string));
    expect(readPlainly(xml)).toBe(false);
    const { plain, general } = both(xml);
    expect(plain).toEqual(general);
  });

  test('a sheet the general scanner refuses is refused the same way', () => {
    for (const rows of ['<row r="1"><c r="A1"><v>1</v></c>', '<row r="1"><c r="A1"><v>1</x></c></row>', '<row r="1"><c r="A1" <v>1</v></c></row>']) {
      const xml = sheet('', rows);
      expect(() => scanSheet(xml, 'xl/worksheets/sheet1.xml', ctx)).toThrow('Delen xl/worksheets/sheet1.xml i arbetsboken är inte giltig XML');
      expect(() => scanSheet(xml, 'xl/worksheets/sheet1.xml', ctx, { plainRows: false })).toThrow('Delen xl/worksheets/sheet1.xml i arbetsboken är inte giltig XML');
    }
  });

  test('generated sheets (fast-check, seed fixed): the same scan either way', () => {
    const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a &amp; b', '&lt;x&gt;', '&#x2713;', 'rad\r\nny', ' ', '0', '-0', '1e3', '45323.5'));
    const attr = (name: string, value: fc.Arbitrary<string>) => fc.option(value.map((v) => ` ${name}="${v}"`), { nil: '' });
    const child = fc.oneof(
      text.map((t) => `<v>${t.replace(/</gu, '')}</v>`),
      fc.tuple(fc.constantFrom('', ' t="shared" ref="A1:A3" si="0"', ' t="array" ref="B2:B2"', ' t="array" ref="C1:C4"'), text).map(([a, t]) => `<f${a}>${t.replace(/</gu, '')}</f>`),
      fc.constant('<f t="shared" si="0"/>'),
      text.map((t) => `<is><t xml:space="preserve">${t.replace(/</gu, '')}</t></is>`),
      fc.constantFrom('<!--k-->', '<v/>', '<is><r><t>a</t></r></is>', ' ', '\n  '),
    );
    const cell = fc
      .tuple(
        attr('r', fc.constantFrom('A1', 'B2', 'C$3', 'AA10', 'x', '')),
        attr('s', fc.constantFrom('0', '1', '2', '')),
        attr('t', fc.constantFrom('s', 'str', 'inlineStr', 'b', 'e', 'n', 'd')),
        fc.option(fc.array(child, { maxLength: 3 }), { nil: null }),
      )
      .map(([r, s, t, kids]) => (kids === null ? `<c${r}${s}${t}/>` : `<c${r}${s}${t}>${kids.join('')}</c>`));
    const row = fc
      .tuple(attr('r', fc.constantFrom('1', '2', '5', '')), attr('customFormat', fc.constantFrom('1', 'true', '0')), attr('s', fc.constantFrom('1', '2')), fc.option(fc.array(cell, { maxLength: 5 }), { nil: null }), fc.constantFrom('', '\n'))
      .map(([r, cf, s, cells, ws]) => (cells === null ? `<row${r}${cf}${s}/>${ws}` : `<row${r}${cf}${s}>${ws}${cells.join(ws)}</row>${ws}`));
    let plainly = 0;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.constantFrom('', 'x'), (rows, p) => {
        const body = p ? rows.join('').replace(/<(\/?)(row|c|v|f|is|t|r)\b/gu, `<$1${p}:$2`) : rows.join('');
        const xml = sheet(p, body);
        if (readPlainly(xml, p)) plainly++;
        const { plain, general } = bothOutcomes(xml);
        expect(plain).toEqual(general);
      }),
      { seed: 20261203, numRuns: 400 },
    );
    // Both paths were exercised.
    expect(plainly).toBeGreaterThan(40);
    expect(plainly).toBeLessThan(400);
  });
});

describe('shared strings read straight from the text are the ones the general scanner reads', () => {
  const sst = (p: string, items: string) => `<?xml version="1.0"?>\n<${p ? `${p}:` : ''}sst xmlns${p ? `:${p}` : ''}="${NS.main}" count="9">${items}</${p ? `${p}:` : ''}sst>`;
  const both = (xml: string) => [readSharedStrings(xml, 'xl/sharedStrings.xml'), readSharedStrings(xml, 'xl/sharedStrings.xml', { plainStrings: false })];

  test('plain, rich and phonetic items, with either prefix', () => {
    const items = [
      '<si><t>Uppsala kommun</t></si>',
      '<si><t xml:space="preserve"> a &amp; b&#13;\r\n </t></si>',
      '<si><t/></si>',
      '<si><t>_x0041_ och _x005F_x0041_</t></si>',
    ];
    const odd = ['<si><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></si>', '<si><t>k</t><rPh sb="0" eb="1"><t>x</t></rPh></si>', '<si></si>', '<!-- c --><si><t>c</t></si>'];
    for (const p of ['', 'x']) {
      const prefixed = (xml: string) => (p ? xml.replace(/<(\/?)(si|t|r|rPr|b|rPh)\b/gu, `<$1${p}:$2`) : xml);
      const doc = sst(p, prefixed(items.join('\n')));
      const read: string[] = [];
      expect(readPlainStrings(doc, doc.indexOf('>', doc.indexOf('sst ')) + 1, p, read)).toBe(doc.lastIndexOf('</'));
      expect(read).toHaveLength(items.length);
      const oddDoc = sst(p, prefixed(items[0] + odd[0]));
      expect(readPlainStrings(oddDoc, oddDoc.indexOf('>', oddDoc.indexOf('sst ')) + 1, p, read)).toBeNull();
      expect(read).toHaveLength(items.length);
      const plain = both(doc);
      expect(plain[0]).toEqual([' Uppsala kommun'.trim(), ' a & b\r\n ', '', 'A och _x0041_']);
      expect(plain[0]).toEqual(plain[1]);
      for (const o of odd) {
        const [fast, general] = both(sst(p, prefixed(items.join('') + o + items[0])));
        expect(fast).toEqual(general);
        expect(fast).toHaveLength(items.length + 2);
      }
    }
  });

  test('generated tables (fast-check, seed fixed): the same strings either way', () => {
    const text = fc.oneof(fc.string({ maxLength: 8 }).map((t) => t.replace(/[<&]/gu, '')), fc.constantFrom('a &amp; b', '&#x2713;', 'rad\r\nny', ' ', '_x0041_'));
    const item = fc.oneof(
      text.map((t) => `<si><t>${t}</t></si>`),
      text.map((t) => `<si><t xml:space="preserve">${t}</t></si>`),
      fc.constantFrom('<si><r><t>a</t></r></si>', '<si><t/></si>', '\n', '<si></si>'),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        const [fast, general] = both(sst('', items.join('')));
        expect(fast).toEqual(general);
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });
});
