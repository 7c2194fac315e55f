import fc from 'fast-check';
import { nfc } from '../../src/core/nfc';

describe('nfc: NFC without ICU where NFC cannot change the text', () => {
  test('every character below U+0300, and every pair of them, is NFC as it is', () => {
    for (let a = 0; a < 0x300; a++) {
      const one = String.fromCharCode(a);
      expect(one.normalize('NFC')).toBe(one);
      for (let b = 0; b < 0x300; b++) {
        const two = one + String.fromCharCode(b);
        if (two.normalize('NFC') !== two) throw new Error(`U+${a.toString(16)} U+${b.toString(16)} changes under NFC`);
      }
    }
  });

  test('text with combining marks and other scripts is normalised', () => {
    expect(nfc('A\u030A')).toBe('\u00C5');
    expect(nfc('Ga\u0308vle')).toBe('Gävle');
    expect(nfc('\u212B')).toBe('\u00C5');
    expect(nfc('Östhammars kommun')).toBe('Östhammars kommun');
    expect(nfc('')).toBe('');
  });

  test('the same as String.prototype.normalize for generated text (fast-check, seed fixed)', () => {
    const char = fc.oneof(fc.integer({ min: 0, max: 0x2ff }), fc.integer({ min: 0x300, max: 0x36f }), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0xd800, 0xdc00, 0x1100, 0x1161, 0x11a8));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (codes) => {
        const text = String.fromCharCode(...codes);
        expect(nfc(text)).toBe(text.normalize('NFC'));
      }),
      { seed: 20261203, numRuns: 3000 },
    );
  });
});
