import { columnTexts, type SheetGrid, type WorkbookDescription, type WorkbookPort, type WritePlan } from '../../src/core/port';
import type { CellValue } from '../../src/core/types';

/**
 * A workbook held in memory, for core tests: sheets are 2D arrays from A1.
 * It records the calls so tests can check the job reads once and writes once.
 */
export class MemoryWorkbook implements WorkbookPort {
  calls: string[] = [];
  fills = new Map<string, string>();
  constructor(
    public sheets: Record<string, CellValue[][]>,
    public active: string | null = null,
    public date1904 = false,
  ) {}

  async describe(): Promise<WorkbookDescription> {
    this.calls.push('describe');
    return { sheets: Object.keys(this.sheets), activeSheet: this.active, tables: [], date1904: this.date1904 };
  }

  async readSheets(names: readonly string[]): Promise<SheetGrid[]> {
    this.calls.push(`read:${names.join(',')}`);
    return names.map((name) => ({ name, top: 1, left: 1, values: this.sheets[name].map((r) => [...r]) }));
  }

  async write(plan: WritePlan): Promise<void> {
    this.calls.push('write');
    const grid = this.sheets[plan.sheet];
    const set = (row: number, col: number, value: string) => {
      while (grid.length < row) grid.push([]);
      const r = grid[row - 1];
      while (r.length < col) r.push(null);
      r[col - 1] = value;
    };
    for (const h of plan.headers) set(h.row, h.col, h.text);
    for (const b of plan.blocks) columnTexts(b.values).forEach((v, i) => set(b.top + i, b.col, v));
    for (const f of plan.fills) for (let i = 0; i < f.count; i++) for (const c of plan.fillColumns) this.fills.set(`${f.top + i}:${c}`, f.color);
  }

  /** A column's values by header, for assertions. */
  column(sheet: string, header: string, headerRow = 1): CellValue[] {
    const grid = this.sheets[sheet];
    const col = grid[headerRow - 1].indexOf(header);
    if (col < 0) throw new Error(`no column ${header}`);
    return grid.slice(headerRow).map((r) => r[col] ?? null);
  }
}
