/**
 * Styles wrapped in mc:AlternateContent (Hancom Office writes them; valid OOXML) are counted as Excel
 * counts them: the children of the first mc:Choice whose Requires namespaces Excel understands, else
 * of mc:Fallback, so the formats the tool appends get the indices Excel will give them.
 */
import { Styles } from '../../src/adapters/ooxml/styles';
import { ns } from './fixtures';

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const X14AC = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac';

/** `inner` wrapped: a Choice requiring `requires` (declared with `uri`), and a Fallback holding `fallback`. */
const wrapped = (requires: string, uri: string, inner: string, fallback: string) =>
  `<mc:AlternateContent xmlns:mc="${MC}"><mc:Choice Requires="${requires}" xmlns:${requires}="${uri}">${inner}</mc:Choice><mc:Fallback>${fallback}</mc:Fallback></mc:AlternateContent>`;

function styles(fonts: string, fills: string, numFmts: string, xfs: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${ns.MAIN}">` +
    `<numFmts>${numFmts}</numFmts><fonts>${fonts}</fonts><fills>${fills}</fills>` +
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
    `<cellXfs>${xfs}</cellXfs></styleSheet>`
  );
}

const FONT = '<font><sz val="11"/></font>';
const FILL = '<fill><patternFill patternType="none"/></fill>';

describe('styles inside mc:AlternateContent', () => {
  it('counts a Choice Excel understands (x14ac) and not its Fallback', () => {
    const s = new Styles(
      styles(
        FONT + wrapped('x14ac', X14AC, FONT, FONT),
        FILL + FILL + wrapped('x14ac', X14AC, FILL, FILL),
        wrapped('x14ac', X14AC, '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>', '<numFmt numFmtId="164" formatCode="0.00"/>'),
        `<xf numFmtId="0"/>${wrapped('x14ac', X14AC, '<xf numFmtId="164"/>', '<xf numFmtId="0"/>')}`,
      ),
    );
    expect(s.cellFormats).toBe(2);
    // The date format comes from the Choice: cells with style 1 read as dates.
    expect(s.numFmtOf(1)).toBe('yyyy-mm-dd');
    const flagged = s.derive(0, { text: true, fill: 'FFFFFF00', bold: true });
    expect(flagged).toBe(2);
    const out = s.serialize();
    // Three fills before (two plain, one chosen), so the new one is fill 3; two fonts, so bold is font 2.
    expect(out).toContain('<xf numFmtId="49" applyNumberFormat="1" fillId="3" applyFill="1" fontId="2" applyFont="1"/>');
    expect(out).toMatch(/<fills count="4">/u);
    expect(out).toMatch(/<fonts count="3">/u);
    expect(out).toMatch(/<cellXfs count="3">/u);
  });

  it('counts the Fallback when the Choice requires a namespace Excel does not know', () => {
    const s = new Styles(
      styles(
        FONT + wrapped('hnc', 'urn:hancom:office', FONT + FONT, FONT),
        FILL + FILL,
        '',
        `<xf numFmtId="0"/>${wrapped('hnc', 'urn:hancom:office', '<xf numFmtId="14"/><xf numFmtId="14"/>', '<xf numFmtId="14"/>')}`,
      ),
    );
    expect(s.cellFormats).toBe(2);
    expect(s.numFmtOf(1)).toBe('mm-dd-yy');
    expect(s.derive(0, { bold: true })).toBe(2);
    const out = s.serialize();
    expect(out).toMatch(/<fonts count="3">/u);
    expect(out).toContain('<xf numFmtId="0" fontId="2" applyFont="1"/>');
    // Everything the file had is still there, the AlternateContent untouched.
    expect(out).toContain(wrapped('hnc', 'urn:hancom:office', FONT + FONT, FONT));
  });
});
