/**
 * Any generated workbook (headers among the synonyms, random cells, hostile text, empty rows,
 * shared and inline strings, styles) comes back with every data row assessed and every cell
 * outside the tool's columns byte-identical in the sheet XML.
 */
import fc from 'fast-check';
import { strFromU8 } from 'fflate';
import { INPUT_HEADERS, PERSON_INPUT_FIELDS, REQUIRED_FIELDS } from '../../src/core/fields';
import type { InputField } from '../../src/core/types';
import { baseWorkbook, unzip, zip } from './fixtures';
import { assessBytes, cellXmlByRef, columnOf, ownedColumns } from './helpers';

const SHEET = 'xl/worksheets/sheet1.xml';
const HOSTILE = ['=HYPERLINK("http://x","y")', '<script>alert(1)</script>', ']]>', '&amp; "citat"', '+46 18 00 00', '@SUM(A1)', 'a_x0001_b', '  ', 'rad\nrad'];

type Cell =
  | { kind: 'text'; text: string; inline: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'date'; serial: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'empty'; styled: boolean };

const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }), fc.constantFrom('Uppsala kommun', 'Heby kommun', 'Lokus', 'ja', 'nej', '2025-01-01'));
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text, inline: fc.boolean() }),
  fc.record({ kind: fc.constant('number' as const), value: fc.oneof(fc.integer({ min: -1e6, max: 1e7 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })) }),
  fc.record({ kind: fc.constant('date' as const), serial: fc.integer({ min: 43000, max: 48000 }) }),
  fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }),
  fc.record({ kind: fc.constant('empty' as const), styled: fc.boolean() }),
);

const OPTIONAL = (Object.keys(INPUT_HEADERS) as InputField[]).filter((f) => !REQUIRED_FIELDS.includes(f) && !PERSON_INPUT_FIELDS.includes(f));

const workbook = fc.record({
  headerRow: fc.integer({ min: 1, max: 4 }),
  required: fc.tuple(...REQUIRED_FIELDS.map((f) => fc.constantFrom(...INPUT_HEADERS[f]))),
  optional: fc.subarray(OPTIONAL, { maxLength: 4 }).chain((fields) => fc.tuple(...fields.map((f) => fc.constantFrom(...INPUT_HEADERS[f])))),
  extra: fc.subarray(['Anteckning', 'Handläggare X', 'Övrigt'], { maxLength: 2 }),
  order: fc.integer({ min: 0, max: 1000 }),
  rows: fc.array(fc.option(fc.array(cell, { minLength: 12, maxLength: 12 }), { nil: null, freq: 4 }), { minLength: 1, maxLength: 8 }),
  headerInline: fc.boolean(),
});

/** Writes the generated sheet into the base workbook's parts (its styles: 0 plain, 1 bold, 2 date, 3 amount). */
type Generated = typeof workbook extends fc.Arbitrary<infer T> ? T : never;

function build(w: Generated): { bytes: Uint8Array; dataRows: number[]; inputCols: number } {
  const headers = [...w.required, ...w.optional, ...w.extra];
  // A stable shuffle from the generated number.
  const order = headers.map((h, i) => ({ h, k: (i * 7919 + w.order) % 104729 })).sort((a, b) => a.k - b.k).map((x) => x.h);
  const parts = baseWorkbook();
  const shared: string[] = [];
  const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
  const textCell = (ref: string, s: string, inline: boolean, style = 0) => {
    const st = style ? ` s="${style}"` : '';
    const space = /^\s|\s$|\n/u.test(s) ? ' xml:space="preserve"' : '';
    if (inline) return `<c r="${ref}"${st} t="inlineStr"><is><t${space}>${esc(s)}</t></is></c>`;
    shared.push(s);
    return `<c r="${ref}"${st} t="s"><v>${shared.length - 1}</v></c>`;
  };
  const letter = (c: number) => String.fromCharCode(64 + c);
  const rows: string[] = [];
  if (w.headerRow > 1) rows.push(`<row r="1">${textCell('A1', 'Ansökningar', true, 1)}</row>`);
  rows.push(`<row r="${w.headerRow}">${order.map((h, i) => textCell(`${letter(i + 1)}${w.headerRow}`, h, w.headerInline, 1)).join('')}</row>`);
  const dataRows: number[] = [];
  w.rows.forEach((cells, i) => {
    const r = w.headerRow + 1 + i;
    if (cells === null) return;
    let any = false;
    const xml = cells
      .map((c, j) => {
        const ref = `${letter(j + 1)}${r}`;
        const inInput = j < order.length && !w.extra.includes(order[j]);
        switch (c.kind) {
          case 'text':
            if (inInput && c.text.trim() !== '') any = true;
            return textCell(ref, c.text, c.inline);
          case 'number':
            if (inInput) any = true;
            return `<c r="${ref}"${j % 2 ? ' s="3"' : ''}><v>${c.value}</v></c>`;
          case 'date':
            if (inInput) any = true;
            return `<c r="${ref}" s="2"><v>${c.serial}</v></c>`;
          case 'bool':
            if (inInput) any = true;
            return `<c r="${ref}" t="b"><v>${c.value ? 1 : 0}</v></c>`;
          case 'empty':
            return c.styled ? `<c r="${ref}" s="1"/>` : '';
        }
      })
      .join('');
    if (any) dataRows.push(r);
    rows.push(`<row r="${r}">${xml}</row>`);
  });
  parts['xl/worksheets/sheet1.xml'] = String(parts['xl/worksheets/sheet1.xml'])
    .replace(/<sheetData>.*<\/sheetData>/su, `<sheetData>${rows.join('')}</sheetData>`)
    .replace(/<mergeCells.*?<\/mergeCells>/su, '')
    .replace(/<dimension ref="[^"]*"\/>/u, '');
  // The Budget sheet's headers inline, as the shared strings are the generated sheet's own.
  parts['xl/worksheets/sheet2.xml'] = String(parts['xl/worksheets/sheet2.xml']).replace(
    /<row r="1">.*?<\/row>/su,
    '<row r="1"><c r="A1" t="inlineStr"><is><t>År</t></is></c><c r="B1" t="inlineStr"><is><t>Budgetram</t></is></c></row>',
  );
  parts['xl/sharedStrings.xml'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`;
  return { bytes: zip(parts), dataRows, inputCols: order.length };
}

describe('generated workbooks', () => {
  it('come back with every data row assessed and every cell outside the tool columns byte-identical', async () => {
    await fc.assert(
      fc.asyncProperty(workbook, async (w) => {
        const { bytes, dataRows } = build(w);
        const { out, run } = await assessBytes(bytes, 'Ansökningar');
        expect(run.headerRow).toBe(w.headerRow);
        expect(run.assessments.map((a) => a.row).sort((a, b) => a - b)).toEqual(dataRows);
        const owned = ownedColumns(run.plan);
        const before = cellXmlByRef(strFromU8(unzip(bytes)[SHEET]));
        const afterXml = strFromU8(unzip(out)[SHEET]);
        const after = cellXmlByRef(afterXml);
        for (const [ref, xml] of before) {
          if (!owned.has(columnOf(ref))) expect(after.get(ref)).toBe(xml);
        }
        // Every assessed row has its status cell, as literal text.
        const statusCol = run.plan.fillColumns[0];
        for (const r of dataRows) expect(after.get(`${String.fromCharCode(64 + statusCol)}${r}`)).toMatch(/t="inlineStr"/u);
        for (const r of dataRows) expect(after.get(`${String.fromCharCode(64 + statusCol)}${r}`)).not.toMatch(/<f[\s>]/u);
      }),
      { seed: 20251125, numRuns: 40 },
    );
  }, 120_000);
});
