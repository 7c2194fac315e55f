import fc from 'fast-check';
import { headerKey, nameKey, textKey, tidyText } from '../../src/core/fold';

describe('text folding: one base, two variants', () => {
  test('tidyText: NFC, any white space one plain space, trimmed, case kept', () => {
    expect(tidyText('  Bifall\u00a0 med\u202fändring\n')).toBe('Bifall med ändring');
    expect(tidyText('Ga\u0308vle\tkommun')).toBe('Gävle kommun');
    expect(tidyText(' \u00a0 ')).toBe('');
  });

  test('textKey: tidyText in lower case', () => {
    expect(textKey('  Uppsala \u00a0Kommun ')).toBe('uppsala kommun');
    expect(textKey('ÖSTHAMMARS KOMMUN')).toBe('östhammars kommun');
    expect(textKey('A\u030Angesbro')).toBe('ångesbro');
    // A cell's unit stays: only headers drop it.
    expect(textKey('Sökt belopp (kr)')).toBe('sökt belopp (kr)');
  });

  test('nameKey is textKey, remembered', () => {
    for (const name of ['Arbetsförmedlingen', ' arbetsFÖRMEDLINGEN ', 'Region\u00a0Uppsala', 'Region\u00a0Uppsala']) expect(nameKey(name)).toBe(textKey(name));
  });

  test('headerKey: textKey without a trailing unit, å/ä → a, ö → o', () => {
    expect(headerKey('  Sökt  belopp (kr) ')).toBe('sokt belopp');
    expect(headerKey('SÖKT BELOPP')).toBe('sokt belopp');
    expect(headerKey('Ärende-ID')).toBe('arende-id');
    expect(headerKey('Ansökningar')).toBe('ansokningar');
    // Only a trailing unit goes; one in the middle is part of the name.
    expect(headerKey('Belopp (kr) per år')).toBe('belopp (kr) per ar');
    expect(headerKey('(kr)')).toBe('');
  });

  test('the lower case is the Swedish one: toLowerCase and toLocaleLowerCase(sv-SE) agree (fast-check, seed fixed)', () => {
    const char = fc.oneof(
      fc.integer({ min: 0x20, max: 0x24f }),
      fc.integer({ min: 0, max: 0xffff }),
      // Where casing depends on the language (Turkish İ, Lithuanian dots) or on the context (final sigma).
      fc.constantFrom(0x130, 0x49, 0x69, 0x3a3, 0x307, 0xcc, 0x1e9e, 0xa0, 0x202f),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (codes) => {
        const text = String.fromCharCode(...codes);
        expect(textKey(text)).toBe(tidyText(text).toLocaleLowerCase('sv-SE'));
      }),
      { seed: 20261207, numRuns: 3000 },
    );
  });
});
