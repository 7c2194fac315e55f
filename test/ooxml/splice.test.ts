/** The one text-splicing helper of the file adapter (src/adapters/ooxml/splice.ts). */
import { Splicer, splice } from '../../src/adapters/ooxml/splice';

describe('splice', () => {
  test('replaces, removes and inserts, copying every character between as it stood', () => {
    const text = '<a><b x="1"/><c/></a>';
    expect(splice(text, [])).toBe(text);
    expect(splice(text, [{ from: 3, to: 13, text: '<b x="2"/>' }])).toBe('<a><b x="2"/><c/></a>');
    expect(splice(text, [{ from: 13, to: 17, text: '' }])).toBe('<a><b x="1"/></a>');
    expect(splice(text, [{ from: 17, to: 17, text: '<d/>' }])).toBe('<a><b x="1"/><c/><d/></a>');
  });

  test('takes the replacements in text order, insertions at one place in the order given', () => {
    const text = '0123456789';
    const out = splice(text, [
      { from: 8, to: 9, text: 'X' },
      { from: 2, to: 2, text: 'a' },
      { from: 2, to: 2, text: 'b' },
      { from: 2, to: 4, text: '' },
    ]);
    expect(out).toBe('01ab4567X9');
  });

  test('the Splicer copies between the spans the caller writes, within bounds', () => {
    const pieces: string[] = [];
    const splicer = new Splicer('<row><c/><c/></row>', { add: (s) => pieces.push(s) }, 5);
    splicer.cut({ from: 9, to: 13 });
    pieces.push('<c n="2"/>');
    splicer.finish(13);
    expect(pieces.join('')).toBe('<c/><c n="2"/>');
  });
});
