import fc from 'fast-check';
import { formatCount, formatKr, formatList, formatNumber, formatPercent, formatShare } from '../../src/core/format';
import { compileTemplate, lowerFirst, placeholderNames, renderTemplate, TemplateError } from '../../src/core/templates';

const nb = (s: string) => s.replace(/ /g, '\u00a0');

describe('Swedish formatting', () => {
  test('amounts are grouped the Swedish way and rounded to the krona', () => {
    expect(formatKr(560000)).toBe(nb('560 000 kr'));
    expect(formatKr(1234567.6)).toBe(nb('1 234 568 kr'));
    expect(formatKr(0)).toBe(nb('0 kr'));
  });
  test('shares and percentages use a decimal comma', () => {
    expect(formatShare(0.4)).toBe('0,4');
    expect(formatPercent(0.25)).toBe(nb('25 %'));
  });
  test('integers are grouped exactly as Intl sv-SE groups them (the hand-made fast path)', () => {
    const intl = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => expect(formatNumber(n === 0 ? 0 : n)).toBe(intl.format(n))));
    expect(formatNumber(-50000)).toBe('\u221250\u00a0000');
    const decimals = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });
    fc.assert(fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
      const n = whole + (whole < 0 ? -cents : cents) / 100;
      if (Math.round(Math.abs(n) * 100) === 0) return;
      expect(formatNumber(n)).toBe(decimals.format(n));
    }));
    expect(formatShare(0.25)).toBe('0,25');
    expect(formatShare(0.2)).toBe('0,2');
  });
  test('counts of one to twelve are words, neuter with ett; others digits', () => {
    expect([1, 2, 3, 12].map((n) => formatCount(n))).toEqual(['en', 'två', 'tre', 'tolv']);
    expect(formatCount(1, true)).toBe('ett');
    expect(formatCount(2, true)).toBe('två');
    expect(formatCount(24)).toBe('24');
    expect(formatCount(1500)).toBe(nb('1 500'));
  });
  test('lists join with commas and och/eller', () => {
    expect(formatList([])).toBe('');
    expect(formatList(['A'])).toBe('A');
    expect(formatList(['A', 'B'])).toBe('A och B');
    expect(formatList(['A', 'B', 'C'])).toBe('A, B och C');
    expect(formatList(['0,2', '0,4'], 'eller')).toBe('0,2 eller 0,4');
  });
});

describe('templates', () => {
  test('placeholders with formats, date patterns with Swedish month names, and lists', () => {
    const t = compileTemplate("för perioden {start:datum(d MMMM 'år' yyyy)} fram till {end:datum(d MMMM yyyy)}, med maximalt {amount:kronor} till {parter:lista}");
    expect(placeholderNames(t)).toEqual(['start', 'end', 'amount', 'parter']);
    expect(renderTemplate(t, { start: '2025-01-01', end: '2026-12-31', amount: 560000, parter: ['FK', 'AF', 'Region Uppsala'] })).toBe(
      'för perioden 1 januari år 2025 fram till 31 december 2026, med maximalt 560\u00a0000\u00a0kronor till FK, AF och Region Uppsala',
    );
  });
  test('plain numbers are not grouped (years, months), shares list with eller', () => {
    const t = compileTemplate('{year} {months} {allowed:andel:eller} {share:procent}');
    expect(renderTemplate(t, { year: 2025, months: 24, allowed: [0.2, 0.4], share: 0.5 })).toBe('2025 24 0,2 eller 0,4 50\u00a0%');
  });
  test('a date pattern may hold colons', () => {
    expect(renderTemplate(compileTemplate('{d:datum(yyyy-MM-dd HH:mm)}'), { d: '2025-03-01' })).toBe('2025-03-01 00:00');
  });
  test('missing values render as nothing and never as "undefined"', () => {
    expect(renderTemplate(compileTemplate('a{x}b{y:kr}c'), { x: null })).toBe('abc');
  });
  test('values are inserted as text, never re-parsed as placeholders', () => {
    expect(renderTemplate(compileTemplate('Insats: {name}'), { name: '{amount:kr} =SUM(A1)' })).toBe('Insats: {amount:kr} =SUM(A1)');
  });
  test.each([
    ['stray closing brace', 'a } b', /"}" utan "{"/],
    ['unclosed placeholder', 'a {b', /"\{" utan "}"/],
    ['unknown format', '{a:euro}', /okänt format "euro"/],
    ['bad name', '{1a}', /ogiltigt namn/],
  ])('%s is refused', (_, source, message) => {
    expect(() => compileTemplate(source)).toThrow(TemplateError);
    expect(() => compileTemplate(source)).toThrow(message);
  });
});

describe('lowerFirst (the gemen format and the reasons of a rejection)', () => {
  /** As it was written before: the text spread into its characters. */
  function bySpread(text: string): string {
    const [first, second] = [...text];
    if (first === undefined || (second !== undefined && second !== second.toLocaleLowerCase('sv-SE'))) return text;
    return first.toLocaleLowerCase('sv-SE') + text.slice(first.length);
  }

  test.each([
    ['a word', 'Östhammars kommun', 'östhammars kommun'],
    ['an acronym', 'AF deltar', 'AF deltar'],
    ['a word in capitals', 'KOMPIS', 'KOMPIS'],
    ['one letter', 'Å', 'å'],
    ['nothing', '', ''],
  ])('%s', (_what, text, lowered) => {
    expect(lowerFirst(text)).toBe(lowered);
  });

  test('the same as spreading the text, characters beyond U+FFFF and lone surrogates included (fast-check, seed fixed)', () => {
    const part = fc.constantFrom('A', 'a', 'Ö', 'ö', 'Ǆ', 'ǅ', '𝐀', '\uD835', '\uDC00', ' ', 'I', 'İ', '1');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        const text = parts.join('');
        expect(lowerFirst(text)).toBe(bySpread(text));
      }),
      { seed: 20261203, numRuns: 2000 },
    );
  });
});
