/**
 * A1 addresses (src/core/a1.ts): the one module the core, the file adapter and the rule sets'
 * self-test write and read cell references with.
 */
import fc from 'fast-check';
import { cellAddress, columnLetter, columnNumber, parseRange, parseRef, rangeAddress, refColumn } from '../../src/core/a1';
import { caseRowToRawRow } from '../../src/core/rulesets';

describe('column letters and numbers', () => {
  test('the alphabet, its turn to two letters and Excel\'s last column', () => {
    expect(columnLetter(1)).toBe('A');
    expect(columnLetter(26)).toBe('Z');
    expect(columnLetter(27)).toBe('AA');
    expect(columnLetter(52)).toBe('AZ');
    expect(columnLetter(53)).toBe('BA');
    expect(columnLetter(702)).toBe('ZZ');
    expect(columnLetter(703)).toBe('AAA');
    expect(columnLetter(16384)).toBe('XFD');
    expect(columnNumber('A')).toBe(1);
    expect(columnNumber('Z')).toBe(26);
    expect(columnNumber('AA')).toBe(27);
    expect(columnNumber('zz')).toBe(702);
    expect(columnNumber('XFD')).toBe(16384);
    expect(columnNumber('xfd')).toBe(16384);
  });

  test('no column: nothing, or anything but letters A–Z', () => {
    expect(columnLetter(0)).toBe('');
    for (const bad of ['', 'A1', '$A', 'A$', ' A', 'Å', 'A-B', '1']) expect(columnNumber(bad)).toBeNull();
  });

  test('letters and numbers are each other\'s inverse up to XFD and beyond', () => {
    for (let col = 1; col <= 20000; col++) expect(columnNumber(columnLetter(col))).toBe(col);
  });
});

describe('cell and range addresses', () => {
  test('written', () => {
    expect(cellAddress(1, 1)).toBe('A1');
    expect(cellAddress(12, 28)).toBe('AB12');
    expect(cellAddress(1048576, 16384)).toBe('XFD1048576');
    expect(rangeAddress({ top: 1, left: 1, bottom: 3, right: 28 })).toBe('A1:AB3');
    expect(rangeAddress({ top: 4, left: 30, bottom: 4, right: 30 })).toBe('AD4:AD4');
  });

  test('ranges read: corners in any order, `$` left out, a single cell its own range', () => {
    expect(parseRange('A1:C3')).toEqual({ top: 1, left: 1, bottom: 3, right: 3 });
    expect(parseRange('$AA$10:$B$2')).toEqual({ top: 2, left: 2, bottom: 10, right: 27 });
    expect(parseRange('XFD1048576')).toEqual({ top: 1048576, left: 16384, bottom: 1048576, right: 16384 });
    expect(parseRange(rangeAddress({ top: 7, left: 700, bottom: 9000, right: 16384 }))).toEqual({ top: 7, left: 700, bottom: 9000, right: 16384 });
  });

  test('ranges refused: either end not a cell', () => {
    for (const bad of ['', ':', 'A1:', 'A:C', '1:3', 'A0:B2', 'A1:B0', 'Blad1!A1:B2']) expect(parseRange(bad)).toBeNull();
  });

  test('the self-test\'s case rows name their cells past column Z', () => {
    // Each header the readers know is a column of its own, in order: 32 of them before Startdatum.
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`Sökt belopp${' '.repeat(i + 1)}(${i})`, '1']));
    const raw = caseRowToRawRow({ Dnr: '1', Insats: 'A', ...many, Startdatum: '2025-01-01' }, {}, 4);
    expect(raw.cells.id?.address).toBe('A4');
    expect(raw.cells.name?.address).toBe('B4');
    expect(raw.cells.amount?.address).toBe('AF4');
    expect(raw.cells.start?.address).toBe('AG4');
  });
});

describe('cell references', () => {
  /** parseRef as it was before plain digits were read without a slice: the reference. */
  function byNumber(ref: string): [number, number] | null {
    const m = /^[A-Za-z]+/u.exec(ref);
    if (!m) return null;
    let col = 0;
    for (const ch of m[0].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
    const row = Number(ref.slice(m[0].length).replace(/\$/gu, ''));
    return !Number.isInteger(row) || row < 1 ? null : [row, col];
  }

  test('known references', () => {
    expect(parseRef('A1')).toEqual([1, 1]);
    expect(parseRef('AB12')).toEqual([12, 28]);
    expect(parseRef('xfd1048576')).toEqual([1048576, 16384]);
    expect(parseRef('C$3')).toEqual([3, 3]);
    expect(parseRef('A0')).toBeNull();
    expect(parseRef('A')).toBeNull();
    expect(parseRef('12')).toBeNull();
  });

  test('generated references read as Number reads the row (fast-check, seed fixed)', () => {
    const part = fc.constantFrom('A', 'z', 'Q', '$', '0', '7', '9', ' ', '.', 'e', '-', '1234567890');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        const ref = parts.join('');
        expect(parseRef(ref)).toEqual(byNumber(ref));
        expect(refColumn(ref)).toBe(byNumber(ref)?.[1] ?? null);
      }),
      { seed: 20261203, numRuns: 2000 },
    );
  });
});

