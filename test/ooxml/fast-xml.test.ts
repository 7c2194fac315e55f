import { fattr, scanXml, type FastTag } from '../../src/adapters/ooxml/fast-xml';

function firstTag(xml: string): FastTag {
  let tag: FastTag | null = null;
  scanXml(xml, 'test.xml', {
    open: (t) => {
      tag ??= t;
    },
  });
  return tag!;
}

describe('the sheet scanner reads attributes as XML writes them', () => {
  test('single and double quotes, white space around =, entities decoded', () => {
    const tag = firstTag(`<c r = 'B7'\n\ts="3"  t="inlineStr" v="a&amp;b&lt;&#x41;"/>`);
    expect(fattr(tag, 'r')).toBe('B7');
    expect(fattr(tag, 's')).toBe('3');
    expect(fattr(tag, 't')).toBe('inlineStr');
    expect(fattr(tag, 'v')).toBe('a&b<A');
    expect(fattr(tag, 'x')).toBeUndefined();
  });

  test('a prefixed attribute is found by its namespace, not by its local name alone', () => {
    const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const tag = firstTag(`<sheet xmlns:r="${R}" name="Blad" r:id="rId3"/>`);
    expect(fattr(tag, 'id', R)).toBe('rId3');
    expect(fattr(tag, 'id')).toBeUndefined();
    expect(fattr(tag, 'name')).toBe('Blad');
  });

  test('a value with spaces, = and the other quote is one value', () => {
    const tag = firstTag(`<c a="x r='1' = y" r="C3"/>`);
    expect(fattr(tag, 'a')).toBe("x r='1' = y");
    expect(fattr(tag, 'r')).toBe('C3');
  });
});
