/**
 * Cell readers: one per input kind, from a RawCell as the workbook hands it over to a typed value.
 * Pure (no Office.js, no fs). Nothing unreadable is guessed: it becomes an InputError naming
 * column, address and the text found. Empty cells read as null; required-ness is parseApplication's job.
 */
import { isoFromParts, serialToIso, utcDateToIso } from './dates';
import { fieldLabel, INPUT_FIELDS, type FieldReader, type FieldSpec } from './fields';
import type { Application, CaseType, CellError, CellValue, FieldValues, InputError, InputField, InsatsKind, IsoDate, RawCell, RawRow, ReaderWithEmptyValue } from './types';
import { textKey, tidyText } from './fold';
import { nfc } from './nfc';

export type ReadResult<T> = { ok: true; value: T } | { ok: false; error: InputError };

export interface ReadOptions {
  /** The workbook uses the 1904 date system (serial 0 = 1904-01-01). */
  date1904: boolean;
}

// ---------------------------------------------------------------------------------------------
// Shared plumbing

const EXCEL_ERROR_RE =
  /^#(?:N\/A|VALUE!|REF!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!|PYTHON!)$/i;

const MAX_SHOWN = 80;

function isCellError(value: CellValue | undefined): value is CellError {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && value.kind === 'cell-error';
}

/** The Excel error code a cell holds (as object or as Office.js string), or null. */
export function excelErrorCode(value: CellValue | undefined): string | null {
  if (isCellError(value)) return value.code;
  if (typeof value === 'string' && EXCEL_ERROR_RE.test(value.trim())) return value.trim().toUpperCase();
  return null;
}

/** Nothing in the cell, or only white space. */
export function isBlankCell(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The cell's content as text: trimmed, dates as ÅÅÅÅ-MM-DD, booleans as Excel shows them, errors by code. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return utcDateToIso(value) ?? String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isCellError(value)) return value.code;
  return String(value).trim();
}

/** The cell's content as shown in messages, cut short. */
function shown(value: CellValue): string {
  const text = cellText(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function fail<T>(field: InputField, cell: RawCell, hint?: string): ReadResult<T> {
  const message = `Kan inte tolka ${fieldLabel(field)} i ${cell.address}: "${shown(cell.value)}"` + (hint ? `. ${hint}` : '');
  return { ok: false, error: { field, address: cell.address, message } };
}

function ok<T>(value: T): ReadResult<T> {
  return { ok: true, value };
}

/**
 * Runs the common checks (Excel error → refused, empty → null) and hands anything else to `read`.
 */
function readWith<T>(
  cell: RawCell,
  field: InputField,
  read: (value: Exclude<CellValue, null | CellError>) => ReadResult<T>,
): ReadResult<T | null> {
  const code = excelErrorCode(cell.value);
  if (code !== null) {
    return {
      ok: false,
      error: { field, address: cell.address, message: `${fieldLabel(field)} i ${cell.address} innehåller felvärdet ${code}` },
    };
  }
  if (isBlankCell(cell.value)) return ok(null);
  return read(cell.value as Exclude<CellValue, null | CellError>);
}

// ---------------------------------------------------------------------------------------------
// Money

const MONEY_UNITS: { re: string; power: number }[] = [
  { re: String.raw`kr\.?|kronor|sek|[:,][-–—]`, power: 0 },
  { re: String.raw`tkr\.?|tsek|tusen(?: (?:kr\.?|kronor))?`, power: 3 },
  { re: String.raw`mnkr\.?|mkr\.?|msek|(?:mn|milj\.?|miljoner)(?: (?:kr\.?|kronor|sek))?`, power: 6 },
];
const MONEY_RE = new RegExp(
  String.raw`^(\d+|\d{1,3}(?: \d{3})+|\d{1,3}(?:\.\d{3})+)(?:([.,])(\d+))? ?(?:(${MONEY_UNITS.map((u) => u.re).join(')|(')}))?$`,
  'u',
);

/**
 * Money in kronor, rounded to öre. Swedish conventions: space or dot groups thousands, comma is the
 * decimal separator. A single dot followed by exactly three digits is a thousands separator
 * (`150.000` = 150 000) except with tkr/mnkr, where it is ambiguous and refused; a dot followed by
 * any other number of digits is a decimal point (`1.5 mnkr`, `150000.50`). More decimals than whole
 * öre allow (`150,000 kr`, i.e. English grouping) are refused, as are negative amounts.
 */
export function readMoney(cell: RawCell, field: InputField): ReadResult<number | null> {
  return readWith(cell, field, (value) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return fail(field, cell);
      if (value < 0) return fail(field, cell, 'Beloppet kan inte vara negativt.');
      return ok(Number.isInteger(value) ? value : Math.round(value * 100) / 100 + 0);
    }
    if (typeof value !== 'string') return fail(field, cell);
    const text = textKey(value);
    if (/^[-−–]\s*\d/u.test(text)) return fail(field, cell, 'Beloppet kan inte vara negativt.');
    const m = MONEY_RE.exec(text);
    if (!m) return fail(field, cell);
    const [, intPart, sep, fracPart] = m;
    const unitIndex = MONEY_UNITS.findIndex((_, i) => m[4 + i] !== undefined);
    const power = unitIndex < 0 ? 0 : MONEY_UNITS[unitIndex].power;
    let intDigits = intPart.replace(/[ .]/gu, '');
    let frac = fracPart ?? '';
    if (sep === '.') {
      if (intPart.includes('.')) return fail(field, cell); // 1.500.5
      if (frac.length === 3) {
        // 1.500: thousands grouping, but only unambiguous without a multiplier unit.
        if (power > 0 || !/^\d{1,3}$/u.test(intPart)) return fail(field, cell);
        intDigits += frac;
        frac = '';
      }
    }
    if (frac.length > power + 2) return fail(field, cell); // finer than öre
    // One correctly rounded decimal parse, so the result carries no float noise.
    return ok(Number(`${intDigits}.${frac || '0'}e${power}`));
  });
}

// ---------------------------------------------------------------------------------------------
// Share of a full-time post

const PERCENT_UNIT_RE = /^(?:%|procent|proc\.?)$/u;
const SHARE_UNIT_RE = /^(?:tjänst(?:er)?|heltid(?:stjänst(?:er)?)?|fte|åa|årsarbetare)$/u;
const SHARE_RE = /^(\d+(?:[.,]\d+)?) ?(.*)$/u;

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000 + 0;
}

/**
 * Share of a full-time post, 0 < share ≤ 1, rounded to 4 decimals. A bare number above 1 and at most
 * 100 is a percent (`20` = 0.2). A number cell formatted as percent is taken as the share it shows
 * (0.2 shown as 20 %); `%`/`procent` text is always a percent; `tjänst(er)` text is always a share.
 */
export function readShare(cell: RawCell, field: InputField): ReadResult<number | null> {
  const range = 'Ange en andel av en heltid mellan 0 och 1 (0,4) eller en procentsats upp till 100 (40 %).';
  return readWith(cell, field, (value) => {
    let x: number;
    let unit: 'percent' | 'share' | 'none';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return fail(field, cell);
      x = value;
      unit = cell.numberFormat !== undefined && cell.numberFormat.includes('%') ? 'share' : 'none';
    } else if (typeof value === 'string') {
      const m = SHARE_RE.exec(textKey(value));
      if (!m) return fail(field, cell);
      x = Number(m[1].replace(',', '.'));
      const rest = m[2];
      if (rest === '') unit = 'none';
      else if (PERCENT_UNIT_RE.test(rest)) unit = 'percent';
      else if (SHARE_UNIT_RE.test(rest)) unit = 'share';
      else return fail(field, cell);
    } else {
      return fail(field, cell);
    }
    if (unit === 'none') unit = x > 1 ? 'percent' : 'share';
    const share = unit === 'percent' ? x / 100 : x;
    if (!(share > 0) || share > 1) return fail(field, cell, range);
    return ok(round4(share));
  });
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: readonly string[] = [
  'januari', 'februari', 'mars', 'april', 'maj', 'juni',
  'juli', 'augusti', 'september', 'oktober', 'november', 'december',
];

/** Month number for a Swedish month name or an unambiguous abbreviation of at least three letters (`jan`, `sept`). */
function monthFromName(name: string): number | null {
  if (name.length < 3) return null;
  const hits = MONTHS.map((m, i) => (m.startsWith(name) ? i + 1 : 0)).filter((i) => i > 0);
  return hits.length === 1 ? hits[0] : null;
}

const ISO_DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?)?$/u;
const SWEDISH_DATE_RE = /^(\d{1,2})(?::[ae])? ([\p{L}]+)\.? (\d{4})$/u;
const NUMERIC_OTHER_RE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/u;
const AMBIGUOUS_HINT = 'Datum med snedstreck eller punkt kan läsas på flera sätt; skriv datumet som ÅÅÅÅ-MM-DD.';

/**
 * A date: an Excel serial (1900 or 1904 system), a JS Date (read by its UTC components, as ExcelJS
 * hands them), `2025-01-01` (a time part is ignored), `1 januari 2025`, `1 jan. 2025`.
 * Numeric dates in any other order (`1/2/2025`, `1.2.2025`, `01-02-2025`) are refused as ambiguous.
 */
export function readDate(cell: RawCell, field: InputField, options: ReadOptions = { date1904: false }): ReadResult<IsoDate | null> {
  return readWith(cell, field, (value) => {
    let iso: IsoDate | null = null;
    if (typeof value === 'number') {
      iso = serialToIso(value, options.date1904);
    } else if (value instanceof Date) {
      iso = utcDateToIso(value);
    } else if (typeof value === 'string') {
      const text = textKey(value);
      let m: RegExpExecArray | null;
      if ((m = ISO_DATE_RE.exec(text))) {
        iso = isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
      } else if ((m = SWEDISH_DATE_RE.exec(text))) {
        const month = monthFromName(m[2]);
        iso = month === null ? null : isoFromParts(Number(m[3]), month, Number(m[1]));
      } else if (NUMERIC_OTHER_RE.test(text)) {
        return fail(field, cell, AMBIGUOUS_HINT);
      }
    }
    return iso === null ? fail(field, cell) : ok(iso);
  });
}

// ---------------------------------------------------------------------------------------------
// Lists, flags, enumerations, text

const LIST_SEPARATOR_RE = /[,;/\n\r]|(?<![\p{L}\p{N}])och(?![\p{L}\p{N}])/iu;

/** A list of names, separated by `,` `;` `/` a line break or the word `och`. Null when no name is left. */
export function readList(cell: RawCell, field: InputField): ReadResult<string[] | null> {
  return readWith(cell, field, (value) => {
    if (typeof value === 'number') return ok([String(value)]);
    if (typeof value !== 'string') return fail(field, cell);
    const items = nfc(value)
      .split(LIST_SEPARATOR_RE)
      .map(tidyText)
      .filter((s) => s !== '');
    return ok(items.length > 0 ? items : null);
  });
}

const YES = new Set(['ja', 'j', 'yes', 'y', 'x', 'true', 'sant', '1']);
const NO = new Set(['nej', 'n', 'no', 'false', 'falskt', '0']);

/**
 * ja/nej, yes/no, x, TRUE/FALSE (also Swedish SANT/FALSKT), booleans and 1/0. Text that starts with
 * the word ja/nej/yes/no followed by more (`Ja, 12 mars`) reads by that word. Blank reads as null,
 * not as "no": whether a blank means no is a rule's decision.
 */
export function readYesNo(cell: RawCell, field: InputField): ReadResult<boolean | null> {
  return readWith(cell, field, (value) => {
    if (typeof value === 'boolean') return ok(value);
    if (typeof value === 'number') return value === 1 ? ok(true) : value === 0 ? ok(false) : fail(field, cell);
    if (typeof value !== 'string') return fail(field, cell);
    const text = textKey(value);
    if (YES.has(text)) return ok(true);
    if (NO.has(text)) return ok(false);
    const lead = /^(ja|nej|yes|no)(?![\p{L}\p{N}])/u.exec(text);
    if (lead) return ok(lead[1] === 'ja' || lead[1] === 'yes');
    return fail(field, cell);
  });
}

const KIND_PREFIXES: [string, InsatsKind][] = [
  ['individ', 'individinriktad'],
  ['struktur', 'strukturövergripande'],
  ['kompetens', 'kompetenshöjande'],
];

/** individinriktad, strukturövergripande, kompetenshöjande; any text starting `individ`, `struktur`, `kompetens`. */
export function readKind(cell: RawCell, field: InputField): ReadResult<InsatsKind | null> {
  return readWith(cell, field, (value) => {
    if (typeof value !== 'string') return fail(field, cell);
    const text = textKey(value);
    const hit = KIND_PREFIXES.find(([prefix]) => text.startsWith(prefix));
    return hit ? ok(hit[1]) : fail(field, cell);
  });
}

/** `ny` or `förlängning` (also without diacritics, and as the first word: `Ny ansökan`); empty → `ny`. */
export function readCaseType(cell: RawCell, field: InputField): ReadResult<CaseType> {
  const result = readWith<CaseType>(cell, field, (value) => {
    if (typeof value !== 'string') return fail(field, cell);
    const text = textKey(value);
    if (/^nyt?t?(?![\p{L}\p{N}])/u.test(text)) return ok('ny');
    if (/^(?:förläng|forlang)/u.test(text)) return ok('förlängning');
    return fail(field, cell);
  });
  return result.ok ? ok(result.value ?? 'ny') : result;
}

/** Trimmed text. Numbers become plain text (`12345`, an id cell may hold one), dates their IsoDate; booleans are refused. */
export function readText(cell: RawCell, field: InputField): ReadResult<string | null> {
  return readWith(cell, field, (value) => {
    if (typeof value === 'string') return ok(nfc(value).trim());
    if (typeof value === 'number') return Number.isFinite(value) ? ok(String(value)) : fail(field, cell);
    if (value instanceof Date) {
      const iso = utcDateToIso(value);
      return iso === null ? fail(field, cell) : ok(iso);
    }
    return fail(field, cell);
  });
}

// ---------------------------------------------------------------------------------------------
// A whole row

function missing(field: InputField, cell: RawCell | undefined): InputError {
  const label = fieldLabel(field);
  return cell
    ? { field, address: cell.address, message: `${label} saknas i ${cell.address}` }
    : { field, address: null, message: `Kolumnen ${label} saknas på bladet` };
}

/** What a person wrote in a column of their own, as trimmed text; null when empty or not text-like. Never an error. */
function personText(cell: RawCell | undefined): string | null {
  const value = cell?.value;
  if (value === undefined || value === null || excelErrorCode(value) !== null) return null;
  if (typeof value === 'string') return nfc(value).trim() || null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (value instanceof Date) return utcDateToIso(value);
  return null;
}

/** A reader as parseApplication calls it: every reader takes the options, only readDate uses them. */
type CellReader = (cell: RawCell, field: InputField, options: ReadOptions) => ReadResult<unknown>;

/** The reader of each FieldSpec.read. */
const READERS: { [R in FieldReader]: (cell: RawCell, field: InputField, options: ReadOptions) => ReadResult<FieldValues[R] | null> } = {
  text: readText,
  list: readList,
  kind: readKind,
  date: readDate,
  money: readMoney,
  share: readShare,
  yesNo: readYesNo,
  caseType: readCaseType,
  // The person's columns: whatever they wrote, never an input error (a choice that cannot be read is a rule's business).
  person: (cell) => ok(personText(cell)),
};

/** What an empty cell or a missing column gives, for the readers that have an empty value (a new list each row). */
const EMPTY_VALUES: { [R in ReaderWithEmptyValue]: () => FieldValues[R] } = {
  list: () => [],
  caseType: () => 'ny',
};

/** Each input field with its reader, in the field table's order. */
const FIELD_READERS = (Object.entries(INPUT_FIELDS) as [InputField, FieldSpec][]).map(([field, spec]) => ({
  field,
  read: READERS[spec.read] as CellReader,
  required: spec.required === true,
  empty: (EMPTY_VALUES as Partial<Record<FieldReader, () => unknown>>)[spec.read] ?? null,
}));

/**
 * Every field null: what each Application is copied from. A copy of an object that names every
 * field keeps V8's fast layout; fields stored one by one into an empty object would make each
 * row's application a hash table once there are more than a dozen (as with the row facts).
 */
const APPLICATION_SHAPE: Record<string, unknown> = { row: 0, ...Object.fromEntries(FIELD_READERS.map(({ field }) => [field, null])), comment: null };

/**
 * Reads every cell of a row into an Application, field by field of the field table, collecting
 * every error (unreadable cells, missing required values or columns). Does not judge the content
 * (an end before the start is a rule's business).
 */
export function parseApplication(
  raw: RawRow,
  options: ReadOptions,
): { ok: true; application: Application } | { ok: false; errors: InputError[] } {
  const errors: InputError[] = [];
  // Taken once: a located row makes its cells when asked (src/core/table.ts).
  const cells = raw.cells;
  const app = { ...APPLICATION_SHAPE };
  app.row = raw.row;
  for (let i = 0; i < FIELD_READERS.length; i++) {
    const { field, read, required, empty } = FIELD_READERS[i];
    const cell = cells[field];
    let value: unknown = null;
    if (!cell) {
      if (required) errors.push(missing(field, undefined));
    } else {
      const result = read(cell, field, options);
      if (!result.ok) errors.push(result.error);
      else if (result.value === null && required) errors.push(missing(field, cell));
      else value = result.value;
    }
    app[field] = value === null && empty ? empty() : value;
  }
  app.comment = personText(raw.comment);
  // A required field is null only with an error for it.
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, application: app as Application };
}
