/**
 * A typed fake of the Excel objects the Office.js adapter touches, behaving like Office.js
 * where the tests depend on it:
 * - proxies queue work; nothing reaches the workbook and no loaded property can be read
 *   before `context.sync()` (reading throws PropertyNotLoaded, as Office.js does);
 * - a sync is one request: its size is measured, and over `requestLimit` (5 MB, Excel on
 *   the web) the whole request is refused; loaded data over `responseLimit` likewise;
 * - a cell in edit mode refuses the whole batch (Excel.RunOptions.delayForCellEdit = false);
 * - actions run in order and a failing action stops the batch, but what ran before it stays
 *   (Office.js batches are not transactions), so "nothing was written" is a real check;
 * - a string starting with =, +, - or @ written to a cell whose format is not `@` becomes a
 *   formula, and a number-like string becomes a number, as Office's Range.values documents.
 *
 * office-addin-mock's OfficeMockObject cannot express collection loads such as
 * `items/name`, the order of assignments on one range, per-request payloads or errors at
 * sync, so the port tests use this instead (the mock still serves for selectRow).
 */
import { columnLetter } from '../../src/core/a1';

/** OfficeExtension.Error as Office.js throws it at `context.sync()`: a code, and debugInfo naming where it failed. */
export class OfficeError extends Error {
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(
    readonly code: string,
    message: string,
    errorLocation?: string,
  ) {
    super(message);
    this.name = 'OfficeExtension.Error';
    this.debugInfo = { code, message, ...(errorLocation ? { errorLocation } : {}) };
  }
  /** The same error, named at the object path of the action that failed (Office.js fills errorLocation). */
  at(location: string): OfficeError {
    return this.debugInfo.errorLocation ? this : new OfficeError(this.code, this.message, location);
  }
}

export type FakeValue = string | number | boolean;

export interface FakeCell {
  value: FakeValue;
  numberFormat: string;
  /** Set when a written string was taken as a formula. */
  formula?: string;
  fill?: string;
  bold?: boolean;
  /** RangeFormat.wrapText and verticalAlignment, as the adapter set them. */
  wrapText?: boolean;
  verticalAlignment?: string;
}

/** A data validation rule on a rectangle, as the adapter set it. */
export interface FakeValidation {
  bounds: Bounds;
  rule: unknown;
}

export interface FakeAutoFilter {
  range: Bounds;
  /** Per column of the range (0-based), the criteria a person set, or null. */
  criteria: (Excel.FilterCriteria | null)[];
}

export interface Bounds {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The sheet a missing table's proxy points at: every use of it fails at sync as a missing table. */
const MISSING_TABLE = '\u0000missing table ';

const MAX_COLUMN = 16384;
const MAX_ROW = 1048576;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Parses `A1`, `A1:C5`, `$A$1` or a row span `5:7`. */
export function parseAddress(address: string): Bounds {
  const clean = address.replace(/\$/g, '');
  const rows = /^(\d+):(\d+)$/.exec(clean);
  if (rows) return { top: Number(rows[1]), bottom: Number(rows[2]), left: 1, right: MAX_COLUMN };
  const cols = /^([A-Z]+):([A-Z]+)$/i.exec(clean);
  if (cols) return { top: 1, bottom: MAX_ROW, left: columnNumber(cols[1]), right: columnNumber(cols[2]) };
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(clean);
  if (!m) throw new OfficeError('InvalidArgument', `Bad address ${address}`);
  const left = columnNumber(m[1]);
  const top = Number(m[2]);
  const right = m[3] ? columnNumber(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  if (top < 1 || bottom > MAX_ROW || right > MAX_COLUMN || top > bottom || left > right) {
    throw new OfficeError('InvalidArgument', `Bad address ${address}`);
  }
  return { top, left, bottom, right };
}

export function boundsAddress(b: Bounds): string {
  return `${columnLetter(b.left)}${b.top}:${columnLetter(b.right)}${b.bottom}`;
}

function utf8(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export class FakeSheet {
  protected = false;
  readonly cells = new Map<number, Map<number, FakeCell>>();
  autoFilter: FakeAutoFilter | null = null;
  validations: FakeValidation[] = [];
  readonly columnWidths = new Map<number, number>();
  readonly pageLayout: { orientation?: string; printTitleRows?: string; zoom?: Excel.PageLayoutZoomOptions } = {};
  /** Charts (ExcelApi 1.1): what the adapter set on each. */
  charts: FakeChartModel[] = [];
  constructor(public name: string) {}

  /** Range.clear(): values, formats, fills, bold and validation of every cell in the rectangle. */
  clear(b: Bounds): void {
    for (const [row, cols] of this.cells) {
      if (row < b.top || row > b.bottom) continue;
      for (const col of [...cols.keys()]) if (col >= b.left && col <= b.right) cols.delete(col);
    }
    this.validations = this.validations.filter((v) => v.bounds.bottom < b.top || v.bounds.top > b.bottom || v.bounds.right < b.left || v.bounds.left > b.right);
  }

  writeBold(b: Bounds, bold: boolean): void {
    for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) this.ensure(r, c).bold = bold;
  }

  writeAlignment(b: Bounds, alignment: Pick<FakeCell, 'wrapText' | 'verticalAlignment'>): void {
    for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) Object.assign(this.ensure(r, c), alignment);
  }

  /** Inserts `count` empty cells at column `col` in rows top..bottom, shifting the cells to their right (a table column added). */
  shiftRight(top: number, bottom: number, col: number, count: number): void {
    for (let r = top; r <= bottom; r++) {
      const row = this.cells.get(r);
      if (!row) continue;
      const moved = [...row.entries()].filter(([c]) => c >= col).sort((a, b) => b[0] - a[0]);
      for (const [c, cell] of moved) {
        row.delete(c);
        row.set(c + count, cell);
      }
    }
  }

  cell(row: number, col: number): FakeCell | undefined {
    return this.cells.get(row)?.get(col);
  }

  ensure(row: number, col: number): FakeCell {
    let r = this.cells.get(row);
    if (!r) this.cells.set(row, (r = new Map()));
    let c = r.get(col);
    if (!c) r.set(col, (c = { value: '', numberFormat: 'General' }));
    return c;
  }

  /** Puts a value as a user would have typed it (no formula conversion). */
  set(row: number, col: number, value: FakeValue, numberFormat?: string): void {
    const c = this.ensure(row, col);
    c.value = value;
    if (numberFormat !== undefined) c.numberFormat = numberFormat;
  }

  setRow(row: number, startCol: number, values: readonly (FakeValue | null)[], formats?: readonly (string | undefined)[]): void {
    values.forEach((v, i) => {
      if (v !== null) this.set(row, startCol + i, v, formats?.[i]);
    });
  }

  isEmpty(valuesOnly: boolean): boolean {
    for (const cols of this.cells.values()) {
      for (const c of cols.values()) {
        if (c.value !== '' || c.formula !== undefined || (!valuesOnly && (c.fill !== undefined || c.numberFormat !== 'General'))) return false;
      }
    }
    return true;
  }

  /** Office's `getUsedRange(valuesOnly)`: A1 when nothing is used. */
  usedBounds(valuesOnly: boolean): Bounds {
    let b: Bounds | null = null;
    for (const [row, cols] of this.cells) {
      for (const [col, c] of cols) {
        const used = c.value !== '' || c.formula !== undefined || (!valuesOnly && (c.fill !== undefined || c.numberFormat !== 'General'));
        if (!used) continue;
        if (!b) b = { top: row, bottom: row, left: col, right: col };
        else {
          b.top = Math.min(b.top, row);
          b.bottom = Math.max(b.bottom, row);
          b.left = Math.min(b.left, col);
          b.right = Math.max(b.right, col);
        }
      }
    }
    return b ?? { top: 1, left: 1, bottom: 1, right: 1 };
  }

  /** What Range.values would give: formulas as their text, empty cells as ''. */
  read(b: Bounds): { values: FakeValue[][]; formats: string[][] } {
    const values: FakeValue[][] = [];
    const formats: string[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const vr: FakeValue[] = [];
      const fr: string[] = [];
      for (let c = b.left; c <= b.right; c++) {
        const cell = this.cell(r, c);
        vr.push(cell?.formula ?? cell?.value ?? '');
        fr.push(cell?.numberFormat ?? 'General');
      }
      values.push(vr);
      formats.push(fr);
    }
    return { values, formats };
  }

  writeFormats(b: Bounds, formats: unknown[][]): void {
    this.forEachCell(b, formats, (cell, f) => {
      cell.numberFormat = String(f);
    });
  }

  writeValues(b: Bounds, values: unknown[][]): void {
    this.forEachCell(b, values, (cell, v) => {
      delete cell.formula;
      if (typeof v === 'string' && cell.numberFormat !== '@') {
        if (/^[=+\-@]/.test(v)) {
          // Office: a string starting with =, + or - (and @ in current Excel) is taken as a formula.
          cell.formula = v;
          cell.value = '';
          return;
        }
        if (/^\d+(\.\d+)?$/.test(v)) {
          cell.value = Number(v);
          return;
        }
      }
      cell.value = v as FakeValue;
    });
  }

  writeFill(b: Bounds, color: string): void {
    for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) this.ensure(r, c).fill = color;
  }

  private forEachCell(b: Bounds, grid: unknown[][], apply: (cell: FakeCell, v: unknown) => void): void {
    const rows = b.bottom - b.top + 1;
    const cols = b.right - b.left + 1;
    if (!Array.isArray(grid) || grid.length !== rows || grid.some((row) => !Array.isArray(row) || row.length !== cols)) {
      throw new OfficeError('InvalidArgument', `The array does not match the size of ${boundsAddress(b)}`);
    }
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) apply(this.ensure(b.top + r, b.left + c), grid[r][c]);
  }
}

export interface FakeTableModel {
  name: string;
  sheet: string;
  headers: string[];
  /** The table's whole range, header row included (needed once the adapter asks for it). */
  range?: Bounds;
}

/** One assignment a proxy received, in the order received. */
export interface Assignment {
  sync: number;
  sheet: string;
  address: string;
  property:
    | 'numberFormat'
    | 'values'
    | 'format.fill.color'
    | 'format.font.bold'
    | 'format.columnWidth'
    | 'format.wrapText'
    | 'format.verticalAlignment'
    | 'dataValidation.rule'
    | 'pageLayout.orientation'
    | 'pageLayout.zoom';
  value: unknown;
  /** JSON length of the assigned value, UTF-8. */
  bytes: number;
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  assignments: Assignment[];
  error?: string;
}

/**
 * One queued action. A sync's request is these serialised the way Office.js frames its actions
 * (an id, the object path and method or property, the arguments), and its size is measured on that JSON.
 */
interface Action {
  /** Object path and member, e.g. `Range.values` or `WorksheetCollection.add`: what debugInfo.errorLocation names. */
  location: string;
  args: unknown[];
  /** Runs at sync. Returns a commit for loads (applied only if the whole sync succeeds). */
  run(): { responseBytes: number; commit: () => void } | void;
}

/** Base of all proxies: loaded scalars are kept in a snapshot taken at sync. */
abstract class FakeProxy {
  private readonly loaded = new Map<string, unknown>();
  constructor(protected readonly excel: FakeExcel) {}

  protected abstract scalar(name: string): unknown;
  protected navigation(name: string): FakeProxy | undefined {
    void name;
    return undefined;
  }

  load(spec: string): this {
    const paths = spec.split(',').map((p) => p.trim().split('/'));
    // Office.js fills isNullObject whenever an object is loaded at all.
    if (this.scalarNames().includes('isNullObject') && !paths.some((p) => p.length === 1 && p[0] === 'isNullObject')) paths.push(['isNullObject']);
    for (const path of paths) this.check(path);
    this.excel.enqueue({
      location: `${this.constructor.name.replace(/^Fake/, '')}.load`,
      args: [spec],
      run: () => {
        const commits: (() => void)[] = [];
        let responseBytes = 0;
        for (const path of paths) responseBytes += this.resolve(path, commits);
        return { responseBytes, commit: () => commits.forEach((c) => c()) };
      },
    });
    return this;
  }

  /** Fails at load time on a property the fake does not model, so a typo cannot pass silently. */
  check(path: string[]): void {
    const [first, ...rest] = path;
    if (rest.length === 0) {
      if (!this.scalarNames().includes(first)) throw new Error(`Fake: ${this.constructor.name} has no scalar '${first}'`);
      return;
    }
    const nav = this.navigation(first);
    if (!nav) throw new Error(`Fake: ${this.constructor.name} has no navigation '${first}'`);
    nav.check(rest);
  }

  protected abstract scalarNames(): string[];

  /** Loads one path at sync time; returns the response bytes. */
  resolve(path: string[], commits: (() => void)[]): number {
    const [first, ...rest] = path;
    if (rest.length === 0) {
      const value = this.scalar(first);
      commits.push(() => this.loaded.set(first, value));
      return utf8(JSON.stringify(value ?? null)) + first.length + 4;
    }
    return this.navigation(first)!.resolve(rest, commits);
  }

  protected get<T>(name: string): T {
    if (!this.loaded.has(name)) {
      throw new OfficeError('PropertyNotLoaded', `The property '${name}' is not available. Call load() and context.sync() before reading it.`);
    }
    return this.loaded.get(name) as T;
  }
}

/** Collections: `items` appears at sync, and `items/x` loads x on every item. */
abstract class CollectionProxy<T extends FakeProxy> extends FakeProxy {
  private itemsSnapshot: T[] | null = null;
  protected abstract createItems(): T[];
  protected abstract itemPrototype(): T;

  protected scalar(): unknown {
    throw new Error('Fake: collections have no scalars');
  }
  protected scalarNames(): string[] {
    return [];
  }
  override check(path: string[]): void {
    if (path[0] !== 'items') throw new Error(`Fake: collections load items/…, not ${path.join('/')}`);
    if (path.length > 1) this.itemPrototype().check(path.slice(1));
  }
  private pending: { sync: number; items: T[] } | null = null;
  override resolve(path: string[], commits: (() => void)[]): number {
    // One set of items per sync, however many `items/…` paths were loaded.
    if (this.pending?.sync !== this.excel.syncCount) this.pending = { sync: this.excel.syncCount, items: this.createItems() };
    const items = this.pending.items;
    commits.push(() => {
      this.itemsSnapshot = items;
    });
    let bytes = 2;
    if (path.length > 1) for (const item of items) bytes += item.resolve(path.slice(1), commits);
    return bytes;
  }
  get items(): T[] {
    if (!this.itemsSnapshot) throw new OfficeError('PropertyNotLoaded', "The property 'items' is not available.");
    return this.itemsSnapshot;
  }
}

export class FakeRange
  extends FakeProxy
  implements Pick<Excel.Range, 'values' | 'numberFormat' | 'rowIndex' | 'columnIndex' | 'rowCount' | 'columnCount' | 'select' | 'isNullObject'>
{
  readonly format: { fill: { color: string }; font: { bold: boolean }; columnWidth: number; wrapText: boolean; verticalAlignment: Excel.VerticalAlignment | `${Excel.VerticalAlignment}` };
  readonly dataValidation: { rule: unknown; clear(): void };

  /** The sheet, or (a table's range) a function naming it at sync. */
  private readonly sheetRef: string | (() => string);
  private get sheetName(): string {
    return typeof this.sheetRef === 'function' ? this.sheetRef() : this.sheetRef;
  }

  constructor(
    excel: FakeExcel,
    sheetRef: string | (() => string),
    /** Fixed bounds, or a function resolved at sync (the used range is Excel's to find); null is a null object. */
    readonly where: string | ((sheet: FakeSheet) => Bounds | null),
    /** From a `…OrNullObject` sheet: a missing sheet makes a null object instead of an error. */
    private readonly nullableSheet = false,
  ) {
    super(excel);
    this.sheetRef = sheetRef;
    const range = this;
    const fill = {
      set color(color: string) {
        range.assign('format.fill.color', color, (sheet, b) => sheet.writeFill(b, color));
      },
      get color(): string {
        throw new Error('Fake: fill colour is write-only here');
      },
    };
    const font = {
      set bold(bold: boolean) {
        range.assign('format.font.bold', bold, (sheet, b) => sheet.writeBold(b, bold));
      },
      get bold(): boolean {
        throw new Error('Fake: bold is write-only here');
      },
    };
    this.format = {
      fill,
      font,
      set columnWidth(points: number) {
        range.assign('format.columnWidth', points, (sheet, b) => {
          for (let c = b.left; c <= b.right; c++) sheet.columnWidths.set(c, points);
        });
      },
      get columnWidth(): number {
        throw new Error('Fake: column width is write-only here');
      },
      set wrapText(wrapText: boolean) {
        range.assign('format.wrapText', wrapText, (sheet, b) => sheet.writeAlignment(b, { wrapText }));
      },
      get wrapText(): boolean {
        throw new Error('Fake: wrapText is write-only here');
      },
      set verticalAlignment(verticalAlignment: Excel.VerticalAlignment | `${Excel.VerticalAlignment}`) {
        range.assign('format.verticalAlignment', verticalAlignment, (sheet, b) => sheet.writeAlignment(b, { verticalAlignment }));
      },
      get verticalAlignment(): Excel.VerticalAlignment | `${Excel.VerticalAlignment}` {
        throw new Error('Fake: verticalAlignment is write-only here');
      },
    };
    this.dataValidation = {
      set rule(rule: unknown) {
        range.assign('dataValidation.rule', rule, (sheet, b) => {
          // Excel refuses a rule over cells that already have another one: clear() first.
          const overlaps = sheet.validations.some((v) => !(v.bounds.bottom < b.top || v.bounds.top > b.bottom || v.bounds.right < b.left || v.bounds.left > b.right));
          if (overlaps) throw new OfficeError('InvalidOperation', 'The range already has data validation; clear it first.');
          sheet.validations.push({ bounds: b, rule });
        });
      },
      get rule(): unknown {
        throw new Error('Fake: the rule is write-only here');
      },
      clear: () => {
        this.excel.call(this.sheetName, this.address(), 'dataValidation.clear', [], (sheet) => {
          const b = this.bounds();
          sheet.validations = sheet.validations.filter((v) => v.bounds.bottom < b.top || v.bounds.top > b.bottom || v.bounds.right < b.left || v.bounds.left > b.right);
        });
      },
    };
  }

  bounds(): Bounds {
    const sheet = this.excel.sheet(this.sheetName);
    const b = typeof this.where === 'string' ? parseAddress(this.where) : this.where(sheet);
    if (!b) throw new OfficeError('InvalidObjectPath', 'The object is a null object.');
    return b;
  }

  private address(): string {
    return typeof this.where === 'string' ? this.where : '(used range)';
  }
  /** The address as given, for what records it (charts). */
  addressText(): string {
    return this.address();
  }

  private assign(property: Assignment['property'], value: unknown, apply: (sheet: FakeSheet, b: Bounds) => void): void {
    this.excel.assign(this.sheetName, this.address(), property, value, (sheet) => apply(sheet, this.bounds()));
  }

  protected scalarNames(): string[] {
    return ['values', 'numberFormat', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'address', 'isNullObject'];
  }

  protected scalar(name: string): unknown {
    if (this.nullableSheet && !this.excel.sheets.some((x) => x.name === this.sheetName)) return name === 'isNullObject' ? true : undefined;
    const sheet = this.excel.sheet(this.sheetName);
    if (name === 'isNullObject') return typeof this.where !== 'string' && this.where(sheet) === null;
    if (typeof this.where !== 'string' && this.where(sheet) === null) return undefined;
    const b = this.bounds();
    // Past Excel's cell limit Range.values and numberFormat come back null (RangeExceedsLimit), not an error.
    const tooMany = (b.bottom - b.top + 1) * (b.right - b.left + 1) > this.excel.cellLimit;
    switch (name) {
      case 'values':
        return tooMany ? null : sheet.read(b).values;
      case 'numberFormat':
        return tooMany ? null : sheet.read(b).formats;
      case 'rowIndex':
        return b.top - 1;
      case 'columnIndex':
        return b.left - 1;
      case 'rowCount':
        return b.bottom - b.top + 1;
      case 'columnCount':
        return b.right - b.left + 1;
      case 'address':
        return `${sheet.name}!${boundsAddress(b)}`;
    }
    throw new Error(`Fake: no scalar ${name}`);
  }

  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get values(): FakeValue[][] {
    return this.get('values');
  }
  set values(v: FakeValue[][]) {
    this.assign('values', v, (sheet, b) => sheet.writeValues(b, v));
  }
  get numberFormat(): string[][] {
    return this.get('numberFormat');
  }
  set numberFormat(f: string[][]) {
    this.assign('numberFormat', f, (sheet, b) => sheet.writeFormats(b, f));
  }
  get rowIndex(): number {
    return this.get('rowIndex');
  }
  get columnIndex(): number {
    return this.get('columnIndex');
  }
  get rowCount(): number {
    return this.get('rowCount');
  }
  get columnCount(): number {
    return this.get('columnCount');
  }

  /** Range.clear() with no argument: contents, formats and validation. */
  clear(): void {
    this.excel.call(this.sheetName, this.address(), 'clear', [], (sheet) => sheet.clear(this.bounds()));
  }

  select(): void {
    this.excel.enqueue({
      location: 'Range.select',
      args: [this.address()],
      run: () => {
        this.excel.sheet(this.sheetName);
        this.excel.selected = { sheet: this.sheetName, address: this.address() };
      },
    });
  }
}

/**
 * RangeAreas (ExcelApi 1.9): only what the adapter uses, a fill over every area. The address list is
 * read at sync with the workbook's list separator: Excel for Windows wants the locale's (`;` under
 * sv-SE), not the documented comma (office-js issues 1167, 1985), so "A1,B2" is refused there.
 */
export class FakeRangeAreas {
  readonly format: { fill: { color: string } };
  constructor(excel: FakeExcel, sheetName: string, address: string) {
    const areas = (): Bounds[] => {
      // Office.js does not document a cap; Excel's multi-area references have long stopped at 255 characters.
      if (address.length > 255) throw new OfficeError('InvalidArgument', `Address list longer than 255 characters (${address.length})`, 'Worksheet.getRanges');
      try {
        return address.split(excel.listSeparator).map((a) => parseAddress(a.trim()));
      } catch (error) {
        throw error instanceof OfficeError ? error.at('Worksheet.getRanges') : error;
      }
    };
    const fill = {
      set color(color: string) {
        excel.assign(sheetName, address, 'format.fill.color', color, (sheet) => areas().forEach((b) => sheet.writeFill(b, color)));
      },
      get color(): string {
        throw new Error('Fake: fill colour is write-only here');
      },
    };
    this.format = { fill };
  }
}

export class FakeProtection extends FakeProxy implements Pick<Excel.WorksheetProtection, 'protected'> {
  constructor(
    excel: FakeExcel,
    private readonly sheetName: string,
    private readonly nullable = false,
  ) {
    super(excel);
  }
  protected scalarNames(): string[] {
    return ['protected'];
  }
  protected scalar(): unknown {
    if (this.nullable && !this.excel.sheets.some((x) => x.name === this.sheetName)) return undefined;
    return this.excel.sheet(this.sheetName).protected;
  }
  get protected(): boolean {
    return this.get('protected');
  }
}

/** Every member of Excel.FilterCriteria, null: what a loaded criterion holds besides what a person set. */
export const NULL_CRITERIA: Record<keyof Excel.FilterCriteria, null> = {
  color: null,
  criterion1: null,
  criterion2: null,
  dynamicCriteria: null,
  filterOn: null,
  icon: null,
  operator: null,
  subField: null,
  values: null,
};

/** Worksheet.autoFilter (ExcelApi 1.9). Applying a range alone drops the criteria, the pessimistic reading of Excel. */
export class FakeAutoFilterProxy extends FakeProxy {
  constructor(
    excel: FakeExcel,
    private readonly sheetName: string,
  ) {
    super(excel);
  }
  protected scalarNames(): string[] {
    return ['criteria', 'enabled', 'isDataFiltered'];
  }
  protected scalar(name: string): unknown {
    const filter = this.excel.sheet(this.sheetName).autoFilter;
    if (name === 'enabled') return filter !== null;
    if (name === 'isDataFiltered') return Boolean(filter?.criteria.some((c) => c !== null));
    // As Excel hands them over: every member present, the unused ones null (office-js issue 1226).
    return filter ? filter.criteria.map((c) => ({ ...NULL_CRITERIA, ...(c ?? {}) })) : [];
  }
  get criteria(): Excel.FilterCriteria[] {
    return this.get('criteria');
  }
  getRangeOrNullObject(): FakeRange {
    return new FakeRange(this.excel, this.sheetName, (sheet) => sheet.autoFilter?.range ?? null);
  }
  apply(range: string, columnIndex?: number, criteria?: Excel.FilterCriteria): void {
    const b = parseAddress(range);
    this.excel.call(this.sheetName, range, 'AutoFilter.apply', [range, columnIndex ?? null, criteria ?? null], (sheet) => {
      // Excel refuses criteria holding nulls, even the ones it handed over itself (office-js issue 1226).
      if (criteria && Object.values(criteria).some((v) => v === null)) throw new OfficeError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
      if (columnIndex === undefined) {
        sheet.autoFilter = { range: b, criteria: Array.from({ length: b.right - b.left + 1 }, () => null) };
        return;
      }
      if (!sheet.autoFilter || boundsAddress(sheet.autoFilter.range) !== boundsAddress(b)) throw new OfficeError('InvalidArgument', 'No autofilter on that range');
      sheet.autoFilter.criteria[columnIndex] = criteria ?? null;
    });
  }
}

export class FakeWorksheet extends FakeProxy implements Pick<Excel.Worksheet, 'name' | 'activate' | 'isNullObject'> {
  readonly protection: FakeProtection;
  readonly charts: FakeChartCollection;
  readonly autoFilter: FakeAutoFilterProxy;
  readonly pageLayout: { orientation: string; zoom: Excel.PageLayoutZoomOptions; setPrintTitleRows(rows: string): void };
  constructor(
    excel: FakeExcel,
    /** Resolved at sync: a name, or the active sheet. */
    private readonly ref: { name: string } | { active: true },
    /** From getItemOrNullObject: a missing sheet is a null object. */
    private readonly nullable = false,
  ) {
    super(excel);
    const name = 'name' in ref ? ref.name : excel.activeSheet;
    this.protection = new FakeProtection(excel, name, nullable);
    this.autoFilter = new FakeAutoFilterProxy(excel, name);
    this.charts = new FakeChartCollection(excel, name);
    this.pageLayout = {
      set orientation(value: string) {
        excel.assign(name, '', 'pageLayout.orientation', value, (sheet) => {
          sheet.pageLayout.orientation = value;
        });
      },
      get orientation(): string {
        throw new Error('Fake: orientation is write-only here');
      },
      set zoom(value: Excel.PageLayoutZoomOptions) {
        excel.assign(name, '', 'pageLayout.zoom', value, (sheet) => {
          sheet.pageLayout.zoom = value;
        });
      },
      get zoom(): Excel.PageLayoutZoomOptions {
        throw new Error('Fake: zoom is write-only here');
      },
      setPrintTitleRows(rows: string) {
        parseAddress(rows);
        excel.call(name, rows, 'pageLayout.setPrintTitleRows', [rows], (sheet) => {
          sheet.pageLayout.printTitleRows = rows;
        });
      },
    };
  }
  private sheetName(): string {
    return 'name' in this.ref ? this.ref.name : this.excel.activeSheet;
  }
  protected scalarNames(): string[] {
    return ['name', 'isNullObject'];
  }
  protected override navigation(name: string): FakeProxy | undefined {
    return name === 'protection' ? this.protection : undefined;
  }
  protected scalar(name: string): unknown {
    const exists = this.excel.sheets.some((x) => x.name === this.sheetName());
    if (name === 'isNullObject') return this.nullable && !exists;
    if (this.nullable && !exists) return undefined;
    return this.excel.sheet(this.sheetName()).name;
  }
  get name(): string {
    return this.get('name');
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  /** A rectangle, or with no address the whole sheet. */
  getRange(address?: string): FakeRange {
    // A bad address fails at sync, like every Office.js error, not here.
    return new FakeRange(this.excel, this.sheetName(), address ?? 'A1:XFD1048576');
  }
  getRanges(address: string): FakeRangeAreas {
    return new FakeRangeAreas(this.excel, this.sheetName(), address);
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.excel, this.sheetName(), (sheet) => sheet.usedBounds(valuesOnly === true));
  }
  /** ExcelApi 1.4: a null object when nothing is used (getUsedRange gives A1 then). */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.excel, this.sheetName(), (sheet) => (sheet.isEmpty(valuesOnly === true) ? null : sheet.usedBounds(valuesOnly === true)), this.nullable);
  }
  activate(): void {
    this.excel.enqueue({
      location: 'Worksheet.activate',
      args: [this.sheetName()],
      run: () => {
        this.excel.activeSheet = this.excel.sheet(this.sheetName()).name;
      },
    });
  }
}

export interface FakeChartModel {
  name: string;
  type: string;
  source: string;
  seriesBy: string;
  title?: string;
  legend?: string;
  position?: [string, string];
}

/** A chart (ExcelApi 1.1), as far as the adapter uses one: name, title, legend, position, delete. */
class FakeChart extends FakeProxy {
  readonly title: { text: string };
  readonly legend: { position: string };
  constructor(
    excel: FakeExcel,
    private readonly sheetName: string,
    /** The chart's name when it was found, or the model made by `add` (found at sync). */
    private readonly ref: { name: string } | { model: () => FakeChartModel },
  ) {
    super(excel);
    const chart = this;
    this.title = {
      set text(text: string) {
        chart.change('title.text', [text], (m) => (m.title = text));
      },
      get text(): string {
        throw new Error('Fake: title is write-only here');
      },
    };
    this.legend = {
      set position(position: string) {
        chart.change('legend.position', [position], (m) => (m.legend = position));
      },
      get position(): string {
        throw new Error('Fake: legend is write-only here');
      },
    };
  }
  private model(sheet: FakeSheet): FakeChartModel {
    if ('model' in this.ref) return this.ref.model();
    const name = this.ref.name;
    const found = sheet.charts.find((c) => c.name === name);
    if (!found) throw new OfficeError('ItemNotFound', `No chart named ${name}`);
    return found;
  }
  private change(method: string, args: unknown[], apply: (m: FakeChartModel, sheet: FakeSheet) => void): void {
    this.excel.call(this.sheetName, '', `chart.${method}`, args, (sheet) => apply(this.model(sheet), sheet));
  }
  set name(name: string) {
    this.change('name', [name], (m) => (m.name = name));
  }
  get name(): string {
    return this.get('name');
  }
  setPosition(from: string, to: string): void {
    this.change('setPosition', [from, to], (m) => (m.position = [from, to]));
  }
  delete(): void {
    this.change('delete', [], (m, sheet) => (sheet.charts = sheet.charts.filter((c) => c !== m)));
  }
  protected scalarNames(): string[] {
    return ['name'];
  }
  protected scalar(): unknown {
    return 'name' in this.ref ? this.ref.name : this.ref.model().name;
  }
}

let chartsAdded = 0;

class FakeChartCollection extends CollectionProxy<FakeChart> {
  constructor(
    excel: FakeExcel,
    private readonly sheetName: string,
  ) {
    super(excel);
  }
  protected createItems(): FakeChart[] {
    return this.excel.sheet(this.sheetName).charts.map((c) => new FakeChart(this.excel, this.sheetName, { name: c.name }));
  }
  protected itemPrototype(): FakeChart {
    return new FakeChart(this.excel, this.sheetName, { name: '' });
  }
  getItem(name: string): FakeChart {
    return new FakeChart(this.excel, this.sheetName, { name });
  }
  add(type: string, source: FakeRange, seriesBy: string): FakeChart {
    if (typeof source.where !== 'string') throw new Error('Fake: a chart is drawn from a fixed range here');
    const model: FakeChartModel = { name: `Diagram ${++chartsAdded}`, type, source: source.where, seriesBy };
    this.excel.call(this.sheetName, source.where, 'charts.add', [type, source.where, seriesBy], (sheet) => sheet.charts.push(model));
    return new FakeChart(this.excel, this.sheetName, { model: () => model });
  }
}

export class FakeWorksheetCollection extends CollectionProxy<FakeWorksheet> {
  protected createItems(): FakeWorksheet[] {
    return this.excel.sheets.map((s) => new FakeWorksheet(this.excel, { name: s.name }));
  }
  protected itemPrototype(): FakeWorksheet {
    return new FakeWorksheet(this.excel, { name: '' });
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.excel, { name });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.excel, { name }, true);
  }
  /** Adds a sheet at the end, at sync; Excel refuses a name already taken. */
  add(name: string): FakeWorksheet {
    this.excel.calls.push({ sync: this.excel.syncCount, sheet: name, address: '', method: 'worksheets.add', args: [name] });
    this.excel.enqueue({
      location: 'WorksheetCollection.add',
      args: [name],
      run: () => {
        if (this.excel.structureProtected) throw new OfficeError('AccessDenied', 'The workbook structure is protected: sheets cannot be added.');
        if (this.excel.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw new OfficeError('ItemAlreadyExists', `A sheet named ${name} exists`);
        this.excel.addSheet(name);
      },
    });
    return new FakeWorksheet(this.excel, { name });
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.excel, { active: true });
  }
}

class FakeTableColumn extends FakeProxy {
  constructor(
    excel: FakeExcel,
    private readonly header: string,
  ) {
    super(excel);
  }
  protected scalarNames(): string[] {
    return ['name'];
  }
  protected scalar(): unknown {
    return this.header;
  }
  get name(): string {
    return this.get('name');
  }
}

class FakeTableColumnCollection extends CollectionProxy<FakeTableColumn> {
  constructor(
    excel: FakeExcel,
    private readonly headers: string[],
  ) {
    super(excel);
  }
  protected createItems(): FakeTableColumn[] {
    return this.headers.map((h) => new FakeTableColumn(this.excel, h));
  }
  protected itemPrototype(): FakeTableColumn {
    return new FakeTableColumn(this.excel, '');
  }
}

class FakeTable extends FakeProxy {
  readonly worksheet: FakeWorksheet;
  readonly columns: FakeTableColumnCollection & { add(index?: number | null, values?: unknown, name?: string): void };
  /** A model, or (from getItem) the name's lookup, made at sync as Excel resolves an object path. */
  private readonly lookup: () => FakeTableModel;
  constructor(excel: FakeExcel, model: FakeTableModel | (() => FakeTableModel)) {
    super(excel);
    this.lookup = typeof model === 'function' ? model : () => model;
    const initial = this.lookup();
    this.worksheet = new FakeWorksheet(excel, { name: initial.sheet });
    const columns = new FakeTableColumnCollection(excel, initial.headers) as FakeTable['columns'];
    // TableColumnCollection.add: only appending (a null or -1 index, ExcelApi 1.4) is modelled. Excel inserts
    // the column's cells, shifting what lies to the right in the table's rows.
    columns.add = (index, values, name) => {
      if (index !== null && index !== -1 && index !== undefined) throw new Error('Fake: only appending table columns is modelled');
      if (values !== undefined && values !== null) throw new Error('Fake: adding a column with values is not modelled');
      excel.call(this.sheetOf(), '', 'table.columns.add', [index ?? null, null, name ?? null], (sheet) => {
        const model = this.model;
        const range = this.range();
        const col = range.right + 1;
        sheet.shiftRight(range.top, range.bottom, col, 1);
        range.right = col;
        const header = name ?? `Kolumn${model.headers.length + 1}`;
        sheet.set(range.top, col, header);
        model.headers.push(header);
      });
    };
    this.columns = columns;
  }
  private get model(): FakeTableModel {
    return this.lookup();
  }
  /** The sheet name, resolved at sync (a table gone by then fails as a missing table). */
  private sheetOf(): () => string {
    return () => this.model.sheet;
  }
  private range(): Bounds {
    if (!this.model.range) throw new OfficeError('ItemNotFound', `The table ${this.model.name} has no range in this fake`);
    return this.model.range;
  }
  protected scalarNames(): string[] {
    return ['name'];
  }
  protected override navigation(name: string): FakeProxy | undefined {
    if (name === 'worksheet') return this.worksheet;
    if (name === 'columns') return this.columns;
    return undefined;
  }
  protected scalar(): unknown {
    return this.model.name;
  }
  get name(): string {
    return this.get('name');
  }
  getRange(): FakeRange {
    return new FakeRange(this.excel, this.sheetOf(), () => this.range());
  }
  /** Table.resize (ExcelApi 1.13): same header row, overlapping; header cells name the columns, blank ones get a default name. */
  resize(address: string): void {
    const b = parseAddress(address);
    this.excel.call(this.sheetOf(), address, 'table.resize', [address], (sheet) => {
      const old = this.range();
      if (b.top !== old.top || b.right < old.left || b.left > old.right || b.bottom <= b.top) throw new OfficeError('InvalidArgument', 'The new range must keep the header row and overlap the table');
      const headers: string[] = [];
      for (let c = b.left; c <= b.right; c++) {
        let text = String(sheet.cell(b.top, c)?.value ?? '');
        if (text === '') {
          text = `Kolumn${c - b.left + 1}`;
          sheet.set(b.top, c, text);
        }
        headers.push(text);
      }
      this.model.headers.splice(0, this.model.headers.length, ...headers);
      this.model.range = { ...b };
    });
  }
}

class FakeTableCollection extends CollectionProxy<FakeTable> {
  protected createItems(): FakeTable[] {
    return this.excel.tables.map((t) => new FakeTable(this.excel, t));
  }
  protected itemPrototype(): FakeTable {
    return new FakeTable(this.excel, { name: '', sheet: '', headers: [] });
  }
  /** A missing table fails at sync, where it is used, naming TableCollection.getItem (as Office.js does), not here. */
  getItem(name: string): FakeTable {
    return new FakeTable(this.excel, () => this.excel.tables.find((t) => t.name === name) ?? { name, sheet: `${MISSING_TABLE}${name}`, headers: [] });
  }
}

class FakeFunctionResult extends FakeProxy {
  constructor(
    excel: FakeExcel,
    private readonly compute: () => number,
  ) {
    super(excel);
  }
  protected scalarNames(): string[] {
    return ['value'];
  }
  protected scalar(): unknown {
    return this.compute();
  }
  get value(): number {
    return this.get('value');
  }
}

/** workbook.protection (WorkbookProtection, ExcelApi 1.7): whether the structure is protected. */
class FakeWorkbookProtection extends FakeProxy {
  protected scalarNames(): string[] {
    return ['protected'];
  }
  protected scalar(): unknown {
    return this.excel.structureProtected;
  }
  get protected(): boolean {
    return this.get('protected');
  }
}

/** The workbook's own loadable part: `readOnly` (ExcelApi 1.8) and `protection` (1.7), loaded as `workbook.load('readOnly,protection/protected')`. */
class FakeWorkbookProxy extends FakeProxy {
  readonly protection = new FakeWorkbookProtection(this.excel);
  protected scalarNames(): string[] {
    return ['readOnly', 'name'];
  }
  protected override navigation(name: string): FakeProxy | undefined {
    return name === 'protection' ? this.protection : undefined;
  }
  protected scalar(name: string): unknown {
    return name === 'readOnly' ? this.excel.readOnly : 'Arbetsbok.xlsx';
  }
  get readOnly(): boolean {
    return this.get('readOnly');
  }
}

/** Adds the workbook proxy's members to the plain workbook object (a getter, so readOnly is read when asked, not copied). */
function withWorkbookProperties<T extends object>(excel: FakeExcel, workbook: T): T & Pick<FakeWorkbookProxy, 'load' | 'protection' | 'readOnly'> {
  const proxy = new FakeWorkbookProxy(excel);
  return Object.defineProperties(workbook, {
    load: { value: (spec: string) => proxy.load(spec) },
    protection: { value: proxy.protection },
    readOnly: { get: () => proxy.readOnly },
  }) as T & Pick<FakeWorkbookProxy, 'load' | 'protection' | 'readOnly'>;
}

/** The workbook, its state and what happened to it. `context` is what the adapter gets. */
export class FakeExcel {
  sheets: FakeSheet[] = [];
  activeSheet = '';
  tables: FakeTableModel[] = [];
  date1904 = false;
  /**
   * A cell is being edited: every batch fails with InvalidOperationInCellEditMode, unless the
   * context was made with delayForCellEdit (ExcelApi 1.11), whose syncs wait until `endCellEdit()`.
   */
  editMode = false;
  requestLimit = 5 * 1024 * 1024;
  responseLimit = 5 * 1024 * 1024;
  /** Above this many cells Range.values and numberFormat load as null (RangeExceedsLimit; some 5 million). */
  cellLimit = 5_000_000;
  /** What worksheet.getRanges splits an address list on: `,` on the web and in English Windows, `;` in Swedish Windows. */
  listSeparator: ',' | ';' = ',';
  /** Workbook structure protection (Granska > Skydda arbetsbok): sheets cannot be added. */
  structureProtected = false;
  /** Opened read-only (workbook.readOnly, ExcelApi 1.8): Excel still takes every write, and none can be saved. */
  readOnly = false;
  private editWaiters: (() => void)[] = [];

  syncCount = 0;
  readonly syncs: SyncRecord[] = [];
  /** Every assignment queued, in order (also those whose batch failed). */
  readonly assignments: Assignment[] = [];
  /** Assignments that reached the workbook. */
  readonly applied: Assignment[] = [];
  selected: { sheet: string; address: string } | null = null;
  /** Called at the start of each sync with its 0-based number; tests use it to change the world mid-run. */
  beforeSync: ((n: number) => void) | null = null;

  private queue: Action[] = [];

  addSheet(name: string): FakeSheet {
    const sheet = new FakeSheet(name);
    this.sheets.push(sheet);
    if (!this.activeSheet) this.activeSheet = name;
    return sheet;
  }

  sheet(name: string): FakeSheet {
    if (name.startsWith(MISSING_TABLE)) throw new OfficeError('ItemNotFound', `The requested resource doesn't exist: table ${name.slice(MISSING_TABLE.length)}`, 'TableCollection.getItem');
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new OfficeError('ItemNotFound', `The requested resource doesn't exist: ${name}`, 'WorksheetCollection.getItem');
    return s;
  }

  enqueue(action: Action): void {
    this.queue.push(action);
  }

  /** Every method call queued on a sheet, table or filter, in order (also those whose batch failed). */
  readonly calls: { sync: number; sheet: string; address: string; method: string; args: unknown[] }[] = [];

  /** Queues a method call on a sheet's object; at sync it fails on a protected sheet, as Excel does. */
  call(sheetName: string | (() => string), address: string, method: string, args: unknown[], apply: (sheet: FakeSheet) => void): void {
    const nameOf = typeof sheetName === 'function' ? sheetName : () => sheetName;
    this.calls.push({ sync: this.syncCount, sheet: nameOf(), address, method, args });
    this.enqueue({
      location: method,
      args: [address, ...args],
      run: () => {
        const sheet = this.sheet(nameOf());
        if (sheet.protected) throw new OfficeError('AccessDenied', 'The cell or chart you are trying to change is on a protected sheet.');
        apply(sheet);
      },
    });
  }

  /** Queues a property assignment; at sync it fails on a protected sheet, as Excel does. */
  assign(sheetName: string, address: string, property: Assignment['property'], value: unknown, apply: (sheet: FakeSheet) => void): void {
    const record: Assignment = { sync: this.syncCount, sheet: sheetName, address, property, value, bytes: utf8(JSON.stringify(value)) };
    this.assignments.push(record);
    this.enqueue({
      location: `Range.${property}`,
      args: [address, value],
      run: () => {
        const sheet = this.sheet(sheetName);
        if (sheet.protected) throw new OfficeError('AccessDenied', 'The cell or chart you are trying to change is on a protected sheet.');
        apply(sheet);
        this.applied.push(record);
      },
    });
  }

  /** Leaves cell edit mode: syncs that waited (delayForCellEdit) go on. */
  endCellEdit(): void {
    this.editMode = false;
    for (const resume of this.editWaiters.splice(0)) resume();
  }

  private readonly workbook = withWorkbookProperties(this, {
    worksheets: new FakeWorksheetCollection(this),
    tables: new FakeTableCollection(this),
    functions: {
      date: (year: number, month: number, day: number) =>
        new FakeFunctionResult(this, () => {
          const days = (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000;
          // 1904 system: day 0 is 1904-01-01, i.e. 1462 days after the 1900 system's.
          return this.date1904 ? days - 1462 : days;
        }),
    },
  });

  private async sync(delayForCellEdit = false): Promise<void> {
    if (delayForCellEdit && this.editMode) await new Promise<void>((resume) => this.editWaiters.push(resume));
    const n = this.syncCount++;
    this.beforeSync?.(n);
    const actions = this.queue;
    this.queue = [];
    const record: SyncRecord = {
      requestBytes: utf8(JSON.stringify(actions.map((a, i) => ({ Id: i + 1, ActionType: 1, Name: a.location, ObjectPathId: i + 1, ArgumentInfo: { Arguments: a.args } })))),
      responseBytes: 0,
      assignments: this.assignments.filter((a) => a.sync === n),
    };
    this.syncs.push(record);
    // Let the caller's promise chain behave as with a real round trip.
    await Promise.resolve();
    const fail = (error: OfficeError): never => {
      record.error = error.code;
      throw error;
    };
    if (this.editMode) fail(new OfficeError('InvalidOperationInCellEditMode', 'The operation is not available while Excel is in cell edit mode.'));
    if (record.requestBytes > this.requestLimit) fail(new OfficeError('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.'));
    const commits: (() => void)[] = [];
    for (const action of actions) {
      try {
        const result = action.run();
        if (result) {
          record.responseBytes += result.responseBytes;
          commits.push(result.commit);
        }
      } catch (error) {
        if (error instanceof OfficeError) fail(error.at(action.location));
        throw error;
      }
    }
    if (record.responseBytes > this.responseLimit) fail(new OfficeError('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.'));
    for (const commit of commits) commit();
  }

  /** The RequestContext the adapter is given; the one cast from fake to Office type lives here. */
  readonly context = this.contextWith();

  /** A RequestContext as Excel.run(options, batch) makes it; `delayForCellEdit` waits out cell edit mode. */
  contextWith(options: Pick<Excel.RunOptions, 'delayForCellEdit'> = {}): Excel.RequestContext {
    return { workbook: this.workbook, sync: () => this.sync(options.delayForCellEdit === true) } as unknown as Excel.RequestContext;
  }
}
