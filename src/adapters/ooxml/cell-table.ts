/**
 * A sheet's cells as the scanners found them: place in the text, style, formula marks and value,
 * in typed columns rather than an object per cell.
 */
import { type CellValue, formatNumber, WorkbookError } from '../../core';
import { LIMITS } from './limits';

const HAS_FORMULA = 1;
/** The first cell of a shared formula or a multi-cell array formula: other cells depend on its text. */
const FORMULA_OWNER = 2;
/** The cell holds a value (kept when the values themselves are let go). */
const HAS_VALUE = 4;

/**
 * Every cell of a sheet in columns of numbers, the cells of a row one after another: at 50 000 rows
 * a sheet has some 600 000 cells, and an object for each (with its place in the text, style and
 * value) was a fifth of what a run held, and work for the garbage collector.
 */
export class CellTable {
  private cols = new Int32Array(1024);
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private styles = new Int32Array(1024);
  private flags = new Uint8Array(1024);
  private values: CellValue[] = [];
  private numFmts: (string | null)[] = [];
  private released = false;
  length = 0;

  /** `part`: the sheet's part, named when it describes more than LIMITS.cells cells. */
  constructor(private readonly part = '') {}

  push(col: number, start: number, end: number, s: number, value: CellValue, numFmt: string | null, hasFormula: boolean, formulaOwner: boolean): void {
    if (this.length === this.cols.length) this.grow();
    const i = this.length++;
    this.cols[i] = col;
    this.starts[i] = start;
    this.ends[i] = end;
    this.styles[i] = s;
    this.flags[i] = (hasFormula ? HAS_FORMULA : 0) | (formulaOwner ? FORMULA_OWNER : 0) | (value !== null ? HAS_VALUE : 0);
    this.values.push(value);
    this.numFmts.push(numFmt);
  }

  /** Back to the first `n` cells (a fast read that gave up). */
  truncate(n: number): void {
    this.length = n;
    this.values.length = n;
    this.numFmts.length = n;
  }

  private grow(): void {
    // Checked only when the columns grow: the limit costs nothing per cell.
    if (this.length >= LIMITS.cells) {
      throw new WorkbookError(`Delen ${this.part} i arbetsboken beskriver fler än ${formatNumber(LIMITS.cells)} celler; arbetsboken läses inte.`);
    }
    const n = Math.min(this.cols.length * 2, LIMITS.cells);
    const wider = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.cols = wider(this.cols, (k) => new Int32Array(k));
    this.starts = wider(this.starts, (k) => new Int32Array(k));
    this.ends = wider(this.ends, (k) => new Int32Array(k));
    this.styles = wider(this.styles, (k) => new Int32Array(k));
    this.flags = wider(this.flags, (k) => new Uint8Array(k));
  }

  col(i: number): number {
    return this.cols[i];
  }
  start(i: number): number {
    return this.starts[i];
  }
  end(i: number): number {
    return this.ends[i];
  }
  s(i: number): number {
    return this.styles[i];
  }
  value(i: number): CellValue {
    if (this.released) throw new Error('Internt fel: cellvärdena är redan släppta; läs bladet på nytt.');
    return this.values[i];
  }
  numFmt(i: number): string | null {
    if (this.released) throw new Error('Internt fel: cellvärdena är redan släppta; läs bladet på nytt.');
    return this.numFmts[i];
  }
  hasValue(i: number): boolean {
    return (this.flags[i] & HAS_VALUE) !== 0;
  }
  /** Whether the values were let go (releaseValues): the places, styles and formula marks remain. */
  get valuesReleased(): boolean {
    return this.released;
  }
  /**
   * Lets the values go once the sheet's grid is made: writing needs only where each cell is, its
   * style and whether it holds a value. At 50 000 rows the values (dates, numbers, formats) were
   * some 27 MB held through the whole run.
   */
  releaseValues(): void {
    this.values = [];
    this.numFmts = [];
    this.released = true;
  }
  hasFormula(i: number): boolean {
    return (this.flags[i] & HAS_FORMULA) !== 0;
  }
  formulaOwner(i: number): boolean {
    return (this.flags[i] & FORMULA_OWNER) !== 0;
  }
}
