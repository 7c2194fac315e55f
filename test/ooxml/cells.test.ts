import { inlineStringCell } from '../../src/adapters/ooxml/cells';

describe('inlineStringCell: xml:space="preserve" exactly where /^\\s|\\s$|\\n/u finds something', () => {
  const texts = [' a', 'a ', '\u00A0a', 'a\u00A0', '\u3000x', 'x\uFEFF', 'a\nb', 'a\tb', '\ta', 'a\t', 'ab', 'a b', '😀', 'a😀', '😀 ', ' 😀', 'x\u2028', ' ', 'a\rb', 'a\r'];
  test.each(texts)('%j', (text) => {
    const xml = inlineStringCell('', 'A1', 0, text);
    expect(xml.includes('xml:space="preserve"')).toBe(/^\s|\s$|\n/u.test(text));
  });
});

describe('inlineStringCell: characters a workbook cannot hold', () => {
  test('controls, U+FFFE and lone surrogates left out; pairs and tabs kept', () => {
    expect(inlineStringCell('', 'A1', 0, 'a\u0001b\uFFFEc\uD800d\uDC00e😀\tf')).toBe('<c r="A1" t="inlineStr"><is><t>abcde😀\tf</t></is></c>');
  });
});
