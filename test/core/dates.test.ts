import {
  addDaysIso,
  completedMonths,
  elapsedShare,
  formatDate,
  isoFromParts,
  isoToLocalDate,
  isoToSerial,
  monthsInPeriod,
  monthsPerCalendarYear,
  parseIso,
  serialToIso,
} from '../../src/core/dates';

describe('isoFromParts', () => {
  it('agrees with Date on which dates exist, leap years and years below 100 included', () => {
    // The check as it was before: a Date set to the parts gives them back.
    const byDate = (year: number, month: number, day: number) => {
      if (![year, month, day].every(Number.isInteger) || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
      const probe = new Date(Date.UTC(2000, month - 1, day));
      probe.setUTCFullYear(year, month - 1, day);
      return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
    };
    let checked = 0;
    for (const year of [-1, 0, 1, 4, 99, 100, 104, 400, 1600, 1700, 1900, 2000, 2023, 2024, 2100, 2400, 9996, 9999, 10000, 2024.5]) {
      for (let month = -1; month <= 13; month++) {
        for (let day = -1; day <= 32; day++) {
          expect([year, month, day, isoFromParts(year, month, day) !== null]).toEqual([year, month, day, byDate(year, month, day)]);
          checked++;
        }
      }
    }
    expect(checked).toBe(20 * 15 * 34);
    expect(isoFromParts(2024, 2, 29.5)).toBeNull();
    expect(isoFromParts(99, 3, 1)).toBe('0099-03-01');
  });

  it('builds zero-padded dates', () => {
    expect(isoFromParts(2025, 1, 1)).toBe('2025-01-01');
    expect(isoFromParts(2024, 2, 29)).toBe('2024-02-29');
  });
  it('refuses dates that do not exist', () => {
    expect(isoFromParts(2025, 2, 30)).toBeNull();
    expect(isoFromParts(2025, 2, 29)).toBeNull();
    expect(isoFromParts(1900, 2, 29)).toBeNull();
    expect(isoFromParts(2025, 13, 1)).toBeNull();
    expect(isoFromParts(2025, 4, 31)).toBeNull();
    expect(isoFromParts(2025, 1, 0)).toBeNull();
    expect(isoFromParts(2025.5, 1, 1)).toBeNull();
  });
  it('parseIso accepts only well-formed real dates', () => {
    expect(parseIso('2025-03-15')).toEqual({ year: 2025, month: 3, day: 15 });
    expect(parseIso('2025-3-15')).toBeNull();
    expect(parseIso('2025-02-30')).toBeNull();
  });
});

describe('serialToIso', () => {
  it('reads the 1900 system', () => {
    expect(serialToIso(45658, false)).toBe('2025-01-01');
    expect(serialToIso(1, false)).toBe('1900-01-01');
    expect(serialToIso(59, false)).toBe('1900-02-28');
    expect(serialToIso(61, false)).toBe('1900-03-01');
    expect(serialToIso(2958465, false)).toBe('9999-12-31');
  });
  it('has no real date for the fictitious 1900-02-29 or out-of-range serials', () => {
    expect(serialToIso(60, false)).toBeNull();
    expect(serialToIso(0, false)).toBeNull();
    expect(serialToIso(-1, false)).toBeNull();
    expect(serialToIso(2958466, false)).toBeNull();
    expect(serialToIso(NaN, false)).toBeNull();
  });
  it('ignores the time of day', () => {
    expect(serialToIso(45658.75, false)).toBe('2025-01-01');
    expect(serialToIso(45658.999, false)).toBe('2025-01-01');
  });
  it('reads the 1904 system, 1462 days apart', () => {
    expect(serialToIso(0, true)).toBe('1904-01-01');
    expect(serialToIso(45658 - 1462, true)).toBe('2025-01-01');
    expect(serialToIso(45658, true)).toBe('2029-01-02');
  });
  it('isoToSerial inverts it', () => {
    for (const serial of [1, 59, 61, 45658, 46022]) {
      expect(isoToSerial(serialToIso(serial, false)!, false)).toBe(serial);
    }
    expect(isoToSerial('2025-01-01', true)).toBe(45658 - 1462);
  });
});

describe('formatting and day arithmetic', () => {
  it('isoToLocalDate gives local midnight', () => {
    const d = isoToLocalDate('2025-03-30');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2025, 2, 30, 0]);
    expect(Number.isNaN(isoToLocalDate('nonsense').getTime())).toBe(true);
  });
  it('formats with Swedish month names', () => {
    expect(formatDate('2025-01-01', "d MMMM 'år' yyyy")).toBe('1 januari år 2025');
    expect(formatDate('2025-10-05', 'yyyy-MM-dd')).toBe('2025-10-05');
    expect(formatDate('2025-03-05', 'EEEE d MMMM')).toBe('onsdag 5 mars');
  });
  it('adds days across months, years, leap days and DST changes', () => {
    expect(addDaysIso('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDaysIso('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDaysIso('2025-03-29', 2)).toBe('2025-03-31');
    expect(addDaysIso('2025-10-25', 2)).toBe('2025-10-27');
    expect(addDaysIso('2025-01-01', -1)).toBe('2024-12-31');
  });
});

describe('monthsInPeriod', () => {
  it.each([
    ['2018-01-01', '2018-12-31', 12],
    ['2025-01-01', '2026-12-31', 24],
    ['2025-03-15', '2025-09-14', 6],
    ['2025-03-15', '2025-09-20', 7],
    ['2025-01-01', '2025-01-31', 1],
    ['2025-01-01', '2025-01-01', 1],
    ['2025-01-01', '2025-02-01', 2],
    ['2025-02-01', '2025-02-28', 1],
    ['2024-02-01', '2024-02-29', 1],
    ['2025-07-01', '2027-06-30', 24],
  ])('%s – %s is %i months', (start, end, months) => {
    expect(monthsInPeriod(start, end)).toBe(months);
  });
  it('is 0 when the end is before the start, and never throws', () => {
    expect(monthsInPeriod('2025-03-15', '2025-03-14')).toBe(0);
    expect(monthsInPeriod('2026-01-01', '2025-01-01')).toBe(0);
    expect(monthsInPeriod('nonsense', '2025-01-01')).toBeNaN();
  });
});

describe('monthsPerCalendarYear', () => {
  const sum = (m: ReadonlyMap<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  it('splits a period over the years its months start in', () => {
    expect(monthsPerCalendarYear('2025-07-01', '2027-06-30')).toEqual(new Map([[2025, 6], [2026, 12], [2027, 6]]));
    expect(monthsPerCalendarYear('2025-01-01', '2025-12-31')).toEqual(new Map([[2025, 12]]));
    // A month starting 15 December counts to the year it starts in.
    expect(monthsPerCalendarYear('2025-03-15', '2026-01-20')).toEqual(new Map([[2025, 10], [2026, 1]]));
  });
  it.each([
    ['2018-01-01', '2018-12-31'],
    ['2025-03-15', '2025-09-20'],
    ['2025-01-31', '2026-02-27'],
    ['2024-11-30', '2027-03-01'],
  ])('sums to monthsInPeriod for %s – %s', (start, end) => {
    expect(sum(monthsPerCalendarYear(start, end))).toBe(monthsInPeriod(start, end));
  });
  it('is empty when the end is before the start', () => {
    expect(monthsPerCalendarYear('2026-01-01', '2025-01-01').size).toBe(0);
  });
});

describe('elapsedShare', () => {
  it('is 0 before the start and 1 on and after the end', () => {
    expect(elapsedShare('2025-01-01', '2025-12-31', '2024-12-31')).toBe(0);
    expect(elapsedShare('2025-01-01', '2025-12-31', '2025-12-31')).toBe(1);
    expect(elapsedShare('2025-01-01', '2025-12-31', '2026-06-01')).toBe(1);
  });
  it('counts the day itself as elapsed', () => {
    expect(elapsedShare('2025-01-01', '2025-01-10', '2025-01-01')).toBeCloseTo(0.1, 10);
    expect(elapsedShare('2025-01-01', '2025-01-10', '2025-01-05')).toBeCloseTo(0.5, 10);
    expect(elapsedShare('2025-01-01', '2025-12-31', '2025-06-30')).toBeCloseTo(181 / 365, 10);
  });
  it('stays within 0..1 for a reversed period', () => {
    expect(elapsedShare('2025-12-31', '2025-01-01', '2025-06-01')).toBe(0);
    expect(elapsedShare('2025-12-31', '2025-01-01', '2026-01-01')).toBe(1);
  });
});

describe('completedMonths', () => {
  test('counts the whole months passed, the day itself counting as passed', () => {
    expect(completedMonths('2025-01-01', '2025-11-20')).toBe(10);
    expect(completedMonths('2025-01-01', '2025-10-31')).toBe(10);
    expect(completedMonths('2025-01-01', '2025-10-30')).toBe(9);
    expect(completedMonths('2025-07-01', '2025-10-31')).toBe(4);
    expect(completedMonths('2025-03-15', '2025-04-14')).toBe(1);
    expect(completedMonths('2025-03-15', '2025-04-13')).toBe(0);
    expect(completedMonths('2025-01-01', '2024-12-31')).toBe(0);
  });
});
