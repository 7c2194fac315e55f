import { headerKey } from './fold';
import { cellAddress } from './a1';
import { WorkbookError, type SheetGrid } from './port';
import type { BudgetFrame } from './portfolio';
import { cellText, excelErrorCode, isBlankCell, readMoney, readShare } from './readers';
import type { ParameterOverride } from './rulesets';
import type { CellValue } from './types';

/** The optional sheets beside the application table. */
export const BUDGET_SHEET = 'Budget';
export const PARAMETER_SHEET = 'Regelparametrar';

const BUDGET_HEADERS = {
  year: ['ar', 'year', 'budgetar'],
  frame: ['budgetram', 'ram', 'budget', 'ram kr'],
  note: ['anteckning', 'not', 'kommentar', 'notering'],
};
const PARAMETER_HEADERS = { name: ['parameter', 'namn'], value: ['varde', 'value'] };

/** The header row and column of each named header, within the first 20 rows. */
function findHeaders<K extends string>(grid: SheetGrid, headers: Record<K, string[]>, required: NoInfer<K>[]): { row: number; cols: Partial<Record<K, number>> } | null {
  for (let i = 0; i < Math.min(grid.values.length, 20); i++) {
    const cols: Partial<Record<K, number>> = {};
    grid.values[i].forEach((v, j) => {
      if (typeof v !== 'string') return;
      const h = headerKey(v);
      for (const [key, names] of Object.entries(headers) as [K, string[]][]) if (names.includes(h) && cols[key] === undefined) cols[key] = j;
    });
    if (required.every((k) => cols[k] !== undefined)) return { row: i, cols };
  }
  return null;
}

interface KeyedRow<K extends string> {
  cell(key: K): CellValue;
  /** `Sheet!B3` */
  address(key: K): string;
}

/** The rows below the header row where any of the `keys` cells holds something. */
function* rowsBelow<K extends string>(grid: SheetGrid, found: { row: number; cols: Partial<Record<K, number>> }, keys: NoInfer<K>[]): Generator<KeyedRow<K>> {
  for (let i = found.row + 1; i < grid.values.length; i++) {
    const values = grid.values[i];
    const row: KeyedRow<K> = {
      cell: (key) => (found.cols[key] === undefined ? null : (values[found.cols[key]!] ?? null)),
      address: (key) => `${grid.name}!${cellAddress(grid.top + i, grid.left + (found.cols[key] ?? 0))}`,
    };
    if (keys.some((k) => !isBlankCell(row.cell(k)))) yield row;
  }
}

/** Budget frames per year from the `Budget` sheet: År, Budgetram, optional Anteckning. */
export function readBudgetFrames(grid: SheetGrid): BudgetFrame[] {
  const found = findHeaders(grid, BUDGET_HEADERS, ['year', 'frame']);
  if (!found) throw new WorkbookError(`Bladet "${grid.name}" saknar rubrikerna År och Budgetram.`);
  const frames: BudgetFrame[] = [];
  const seen = new Map<number, string>();
  for (const row of rowsBelow(grid, found, ['year', 'frame'])) {
    const yearCell = row.cell('year');
    const frameCell = row.cell('frame');
    const yearAddress = row.address('year');
    const frameAddress = row.address('frame');
    const yearText = typeof yearCell === 'number' ? String(yearCell) : typeof yearCell === 'string' ? yearCell.trim() : '';
    if (!/^\d{4}$/.test(yearText)) throw new WorkbookError(`Kan inte tolka År i ${yearAddress}: "${cellText(yearCell)}"`);
    const year = Number(yearText);
    if (seen.has(year)) throw new WorkbookError(`År ${year} står två gånger på bladet ${grid.name} (${seen.get(year)} och ${yearAddress}).`);
    seen.set(year, yearAddress);
    const money = readMoney({ value: frameCell, address: frameAddress }, 'amount');
    if (!money.ok || money.value === null) throw new WorkbookError(`Kan inte tolka Budgetram i ${frameAddress}: "${cellText(frameCell)}"`);
    const noteCell = row.cell('note');
    frames.push({ year, frame: Math.round(money.value), note: isBlankCell(noteCell) ? null : cellText(noteCell) });
  }
  return frames;
}

function readNumber(value: CellValue, address: string): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const share = /%|procent/i.test(value) ? readShare({ value, address }, 'fte') : readMoney({ value, address }, 'amount');
  return share.ok ? share.value : null;
}

/**
 * Parameter overrides from the `Regelparametrar` sheet (Parameter, Värde). A value is read
 * after the type the rule sets give that parameter; lists are separated by `;` or new lines.
 * Types and ranges are then checked by the rule set schema (withParameterOverrides).
 */
export function readParameterOverrides(grid: SheetGrid, typeOf: (name: string) => 'number' | 'numbers' | 'strings' | 'string' | 'boolean' | 'other' | null): ParameterOverride[] {
  const found = findHeaders(grid, PARAMETER_HEADERS, ['name', 'value']);
  if (!found) throw new WorkbookError(`Bladet "${grid.name}" saknar rubrikerna Parameter och Värde.`);
  const out: ParameterOverride[] = [];
  for (const row of rowsBelow(grid, found, ['name', 'value'])) {
    const nameCell = row.cell('name');
    const valueCell = row.cell('value');
    const address = row.address('value');
    const name = cellText(nameCell);
    if (excelErrorCode(valueCell) !== null || isBlankCell(valueCell)) throw new WorkbookError(`Parametern "${name}" i ${address} saknar ett läsbart värde: "${cellText(valueCell)}"`);
    const type = typeOf(name);
    let value: unknown = valueCell;
    const parts = () => cellText(valueCell).split(/[;\n]/u).map((s) => s.trim()).filter((s) => s !== '');
    if (type === 'number') value = readNumber(valueCell, address) ?? cellText(valueCell);
    else if (type === 'numbers') value = typeof valueCell === 'number' ? [valueCell] : parts().map((p) => readNumber(p, address) ?? p);
    else if (type === 'strings') value = parts();
    else if (type === 'boolean') value = typeof valueCell === 'boolean' ? valueCell : /^(ja|true|sant)$/i.test(cellText(valueCell)) ? true : /^(nej|false|falskt)$/i.test(cellText(valueCell)) ? false : cellText(valueCell);
    else if (type === 'other') throw new WorkbookError(`Parametern "${name}" i ${address} kan inte ändras i arbetsboken; ändra den i regelfilen.`);
    out.push({ name, value, address });
  }
  return out;
}
