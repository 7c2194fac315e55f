/**
 * Wrapped text on the tool's sheets in the file port: a `SheetWrite`'s `wrapColumns` give their text
 * cells a cell format with `<alignment wrapText="1" vertical="top"/>`, appended to styles.xml once and
 * found again by later runs.
 */
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { aligned, Styles } from '../../src/adapters/ooxml/styles';
import { wrappedRowHeight } from '../../src/adapters/ooxml/tool-sheets';
import { assessWorkbook } from '../../src/core/job';
import type { SheetWrite, WritePlan } from '../../src/core/port';
import { shippedRules } from '../helpers/rules';
import { baseWorkbook, ns, text, unzip, zip } from './fixtures';
import { cellXmlByRef, columnOf, NOW } from './helpers';

/** The `<xf>` elements of cellXfs, in order (any prefix). */
function cellXfs(styles: string): string[] {
  const body = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/u.exec(styles)![1];
  return body.match(/<(?:[\w.-]+:)?xf\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:[\w.-]+:)?xf>)/gu) ?? [];
}

function cellXfsCount(styles: string): number {
  return Number(/<(?:[\w.-]+:)?cellXfs\b[^>]*\bcount="(\d+)"/u.exec(styles)![1]);
}

const styleOf = (cell: string | undefined) => Number(/\ss="(\d+)"/u.exec(cell ?? '')?.[1] ?? 0);
const wrapped = (xf: string) => aligned(xf, { wrapText: '1', vertical: 'top' });
const topOnly = (xf: string) => /<(?:[\w.-]+:)?alignment vertical="top"\/>/u.test(xf) && /\sapplyAlignment="1"/u.test(xf);
const wraps = (xf: string) => /<(?:[\w.-]+:)?alignment\b[^>]*\bwrapText="1"[^>]*\bvertical="top"/u.test(xf) && /\sapplyAlignment="1"/u.test(xf);
const boldFontIds = (styles: string) => {
  const fonts = /<(?:[\w.-]+:)?fonts\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?fonts>/u.exec(styles)![1].match(/<(?:[\w.-]+:)?font\b[\s\S]*?<\/(?:[\w.-]+:)?font>/gu) ?? [];
  return new Set(fonts.flatMap((f, i) => (/<(?:[\w.-]+:)?b\/>/u.test(f) ? [i] : [])));
};
const fontOf = (xf: string) => Number(/\sfontId="(\d+)"/u.exec(xf)?.[1] ?? 0);

/** A replace-mode tool sheet: column B's text wraps, column A (headings) and C (amounts) do not. */
const clauses: SheetWrite = {
  name: 'Styrelseunderlag',
  mode: 'replace',
  header: ['Ärende', 'Beslutssatser', 'Belopp'],
  rows: [
    ['Förslag till sammanträdet (2 ärenden)'],
    [1, 'att bevilja finansiellt stöd\natt finansieringen gäller under förutsättning att …', 150000],
    [2, '=att avslå ansökan', null],
  ],
  boldRows: [0],
  columnWidths: [8, 60, 14],
  numberFormats: [null, null, '#,##0'],
  wrapColumns: [1],
};
const plan: WritePlan = { sheet: 'Ansökningar', headers: [], blocks: [], fillColumns: [], fills: [], sheets: [clauses] };

async function writeOnce(bytes: Uint8Array, write: WritePlan = plan): Promise<Uint8Array> {
  const port = openOoxml(bytes);
  await port.write(write);
  return port.save();
}

/** The part of the sheet named `name` (through workbook.xml and its relationships). */
function sheetPart(parts: Record<string, Uint8Array>, name: string): string {
  const wb = text(parts, 'xl/workbook.xml');
  const id = new RegExp(`<sheet name="${name}" sheetId="\\d+" r:id="(rId\\d+)"`, 'u').exec(wb)![1];
  const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`, 'u').exec(text(parts, 'xl/_rels/workbook.xml.rels'))![1];
  return text(parts, `xl/${target.replace(/^\/?xl\//u, '')}`);
}

describe('wrapped text on a tool sheet (file port)', () => {
  it('one new wrap format for the column’s text cells (and its bold header), referenced by exactly those cells', async () => {
    const input = zip(baseWorkbook());
    const before = text(unzip(input), 'xl/styles.xml');
    const out = await writeOnce(input);
    const parts = unzip(out);
    const styles = text(parts, 'xl/styles.xml');
    const xfs = cellXfs(styles);
    expect(cellXfsCount(styles)).toBe(xfs.length);
    // The formats the file had keep their text and their place.
    expect(xfs.slice(0, cellXfs(before).length)).toEqual(cellXfs(before));

    const added = xfs.slice(cellXfs(before).length);
    const bold = boldFontIds(styles);
    const plainWrap = added.filter((xf) => wraps(xf) && !bold.has(fontOf(xf)));
    const boldWrap = added.filter((xf) => wraps(xf) && bold.has(fontOf(xf)));
    expect(plainWrap).toHaveLength(1);
    expect(boldWrap).toHaveLength(1);
    // Base format 0 is self-closing: opened up with the alignment as its only child.
    expect(plainWrap[0]).toBe('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>');
    const plainIndex = xfs.indexOf(plainWrap[0]);
    const boldIndex = xfs.indexOf(boldWrap[0]);

    const cells = cellXmlByRef(sheetPart(parts, 'Styrelseunderlag'));
    expect(styleOf(cells.get('B1'))).toBe(boldIndex);
    expect(styleOf(cells.get('B3'))).toBe(plainIndex);
    expect(styleOf(cells.get('B4'))).toBe(plainIndex);
    // Still literal text: the `=` clause is an inline string, not a formula.
    expect(cells.get('B4')).toContain('t="inlineStr"');
    expect(cells.get('B4')).not.toMatch(/<f>/u);
    // Nothing else wraps (the headings in A, the numbers in C), but every cell sits at the top of its row.
    for (const [ref, xml] of cells) if (columnOf(ref) !== 2) expect([ref, wraps(xfs[styleOf(xml)]), topOnly(xfs[styleOf(xml)])]).toEqual([ref, false, true]);
    expect(xfs[styleOf(cells.get('C3'))]).toMatch(/numFmtId="3"/u);
    // The two-line clause's row is stored taller (LibreOffice keeps a stored height; Excel fits it anyway); the others are not.
    const rows = sheetPart(parts, 'Styrelseunderlag').match(/<row [^>]*>/gu) ?? [];
    expect(rows).toEqual(['<row r="1">', '<row r="2">', '<row r="3" ht="30">', '<row r="4">']);
  });

  it('a second run appends no format and the cells reference the same one', async () => {
    const first = await writeOnce(zip(baseWorkbook()));
    const second = await writeOnce(first);
    const a = text(unzip(first), 'xl/styles.xml');
    const b = text(unzip(second), 'xl/styles.xml');
    expect(b).toBe(a);
    expect(cellXfsCount(b)).toBe(cellXfsCount(a));
    const styleRefs = (bytes: Uint8Array) => [...cellXmlByRef(sheetPart(unzip(bytes), 'Styrelseunderlag'))].map(([ref, xml]) => [ref, styleOf(xml)]);
    expect(styleRefs(second)).toEqual(styleRefs(first));
  });

  it('without wrapColumns nothing wraps, no alignment is added and no row height stored', async () => {
    const { wrapColumns: _omit, ...unwrapped } = clauses;
    void _omit;
    const parts = unzip(await writeOnce(zip(baseWorkbook()), { ...plan, sheets: [unwrapped] }));
    expect(text(parts, 'xl/styles.xml')).not.toMatch(/<alignment/u);
    expect(sheetPart(parts, 'Styrelseunderlag')).not.toMatch(/\sht="/u);
  });

  it('the row height: lines of the wrapped cells by the column width, the tallest cell of the row; null for one line', () => {
    const wrap = new Set([1, 2]);
    expect(wrappedRowHeight(['x'.repeat(200), 'kort'], wrap, [8, 20])).toBeNull();
    expect(wrappedRowHeight([null, 'a\nb\nc', 'x'.repeat(22)], wrap, [8, 20, 20])).toBe(45);
    // 20 units hold 22 letters: 23 make two lines.
    expect(wrappedRowHeight([null, 'kort', 'x'.repeat(23)], wrap, [8, 20, 20])).toBe(30);
    // No width given: Excel's default column.
    expect(wrappedRowHeight([null, 'x'.repeat(10)], wrap)).toBe(30);
  });

  it('a board run: the Beslutssatser column (H) wraps on Styrelseunderlag, column A does not; a second run adds no format', async () => {
    const rules = await shippedRules();
    const run = async (bytes: Uint8Array) => {
      const port = openOoxml(bytes);
      await assessWorkbook(port, rules, { now: NOW, board: { meeting: null, signer: 'Anna Berg' } });
      return port.save();
    };
    const first = await run(zip(baseWorkbook()));
    const parts = unzip(first);
    const styles = text(parts, 'xl/styles.xml');
    const xfs = cellXfs(styles);
    const cells = cellXmlByRef(sheetPart(parts, 'Styrelseunderlag'));
    const clauseCells = [...cells].filter(([ref, xml]) => columnOf(ref) === 8 && xml.includes('inlineStr'));
    expect(clauseCells.length).toBeGreaterThan(1);
    expect(clauseCells.some(([, xml]) => xml.includes('\n'))).toBe(true);
    for (const [, xml] of clauseCells) expect(wraps(xfs[styleOf(xml)])).toBe(true);
    for (const [ref, xml] of cells) if (columnOf(ref) === 1) expect(wraps(xfs[styleOf(xml)])).toBe(false);

    const second = await run(first);
    expect(cellXfsCount(text(unzip(second), 'xl/styles.xml'))).toBe(cellXfsCount(styles));
  });
});

describe('wrapped(): the wrap alignment on any <xf>', () => {
  it('a self-closing xf is opened up', () => {
    expect(wrapped('<xf numFmtId="0" fontId="0"/>')).toBe('<xf numFmtId="0" fontId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>');
  });

  it('an xf with its own alignment keeps the other attributes; applyAlignment="0" becomes 1', () => {
    expect(wrapped('<x:xf numFmtId="0" applyAlignment="0"><x:alignment horizontal="left" wrapText="0"/><x:protection locked="0"/></x:xf>')).toBe(
      '<x:xf numFmtId="0" applyAlignment="1"><x:alignment horizontal="left" wrapText="1" vertical="top"/><x:protection locked="0"/></x:xf>',
    );
  });

  it('an xf with children but no alignment gets it first (before protection, as the schema orders them)', () => {
    expect(wrapped('<xf numFmtId="0"><protection locked="0"/></xf>')).toBe('<xf numFmtId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/><protection locked="0"/></xf>');
  });

  it('Styles.derive appends one wrap format per base and finds it again in a file that has it', () => {
    const base = `${ns.XML_DECL}<styleSheet xmlns="${ns.MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center"/></xf></cellXfs></styleSheet>`;
    const styles = new Styles(base);
    const a = styles.derive(0, { wrap: true });
    expect(styles.derive(0, { wrap: true })).toBe(a);
    const b = styles.derive(1, { wrap: true });
    expect([a, b]).toEqual([2, 3]);
    const saved = styles.serialize();
    expect(cellXfs(saved)[3]).toBe('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center" wrapText="1" vertical="top"/></xf>');
    expect(cellXfsCount(saved)).toBe(4);
    const again = new Styles(saved);
    expect([again.derive(0, { wrap: true }), again.derive(1, { wrap: true })]).toEqual([2, 3]);
    expect(again.changed()).toBe(false);
  });
});
