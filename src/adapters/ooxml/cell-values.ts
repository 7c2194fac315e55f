/**
 * What both sheet scanners (sheet.ts, plain-rows.ts) decide alike about what they read: a cell's
 * value as the ExcelJS adapter reads it, a formula other cells depend on, and the refusals of a row,
 * a cell or a style Excel could not have, each naming the part and the cell.
 */
import { cellAddress, type CellValue, formatNumber, parseRange, WorkbookError } from '../../core';
import { LIMITS } from './limits';
import type { SheetContext } from './sheet';
import { isDateFormat, type Styles } from './styles';
import { decodeExcelEscapes } from './xml';

/** A row number Excel has (1 to 1 048 576), else the sheet is refused naming the part and the row as written. */
export function checkedRow(r: number, rAttr: string | undefined, part: string): number {
  if (r >= 1 && r <= LIMITS.rows && Number.isInteger(r)) return r;
  const shown = rAttr === undefined ? String(r) : rAttr.length > 20 ? `${rAttr.slice(0, 20)}…` : rAttr;
  throw new WorkbookError(
    `Delen ${part} i arbetsboken har en rad med nummer "${shown}", som inte är en rad i Excel (1–${formatNumber(LIMITS.rows)}); arbetsboken läses inte.`,
  );
}

/** Refuses a column beyond Excel's, or a cell style the styles part does not have, naming the cell. */
export function checkCell(col: number, s: number, r: number, part: string, styles: Styles): void {
  if (col > LIMITS.columns) {
    throw new WorkbookError(
      `Delen ${part} i arbetsboken har en cell på rad ${r} i kolumn ${formatNumber(col)}, utanför Excels ${formatNumber(LIMITS.columns)} kolumner; arbetsboken läses inte.`,
    );
  }
  if ((s | 0) !== s || s < 0 || s >= styles.cellFormats) {
    throw new WorkbookError(
      `Cellen ${cellAddress(r, col)} i delen ${part} har cellformat nummer ${Number.isNaN(s) ? 'som inte är ett tal' : s}, men formatmallarna har ${formatNumber(styles.cellFormats)} cellformat (0–${styles.cellFormats - 1}); arbetsboken läses inte.`,
    );
  }
}

/** A row's own style (customFormat), checked as a cell's is. */
export function rowStyle(custom: string | undefined, sAttr: string | undefined, r: number, part: string, styles: Styles): number | null {
  if (!((custom === '1' || custom === 'true') && sAttr)) return null;
  const s = Number(sAttr);
  if ((s | 0) !== s || s < 0 || s >= styles.cellFormats) {
    throw new WorkbookError(
      `Rad ${r} i delen ${part} har cellformat nummer "${sAttr.slice(0, 20)}", men formatmallarna har ${formatNumber(styles.cellFormats)} cellformat; arbetsboken läses inte.`,
    );
  }
  return s;
}

/** Refuses a sheet of more rows than Excel has. */
export function tooManyRows(part: string): never {
  throw new WorkbookError(`Delen ${part} i arbetsboken har fler än ${formatNumber(LIMITS.rows)} rader; arbetsboken läses inte.`);
}

/**
 * Whether a formula (its `t` and `ref` attributes) is the one other cells' formulas are defined by:
 * the first cell of a shared formula, or of an array formula over more than one cell.
 */
export function ownsFormula(t: string | undefined, ref: string | undefined): boolean {
  if (t === 'shared' && ref) return true;
  if (t === 'array' && ref && ref.includes(':')) {
    const range = parseRange(ref);
    if (range && (range.bottom > range.top || range.right > range.left)) return true;
  }
  return false;
}

function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** A cell's value by the rules the ExcelJS adapter follows: cached results, dates by number format. */
export function cellValue(
  cell: { t: string; v: string | undefined; inline: string | undefined; f: boolean; col?: number },
  numFmt: string | null,
  ctx: SheetContext,
  r: number,
  part: string,
  col = cell.col ?? 0,
): CellValue {
  const raw = cell.t === 'inlineStr' && cell.v === undefined ? cell.inline : cell.v;
  if (raw === undefined) return null;
  // A formula's cached result is a number unless its type says text, a truth value or an error.
  if (!cell.f) {
    if (cell.t === 's') {
      const strings = ctx.sharedStrings();
      const s = strings[parseInt(raw, 10)];
      if (s === undefined) {
        throw new WorkbookError(
          `Cellen ${cellAddress(r, col)} i delen ${part} hänvisar till delad text nummer "${raw.slice(0, 20)}", men arbetsboken har ${formatNumber(strings.length)} delade texter; arbetsboken läses inte.`,
        );
      }
      return s;
    }
    if (cell.t === 'inlineStr') return decodeExcelEscapes(raw);
    if (cell.t === 'd') {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? null : d;
    }
  }
  switch (cell.t) {
    case 'str':
      return decodeExcelEscapes(raw);
    case 'b':
      return parseInt(raw, 10) !== 0;
    case 'e':
      return { kind: 'cell-error', code: raw };
    default: {
      const n = parseFloat(raw);
      return isDateFormat(numFmt) ? excelToDate(n, ctx.date1904) : n;
    }
  }
}
