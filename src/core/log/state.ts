/**
 * The Logg after an append, without reading the sheet again: the pane keeps it between a run and
 * the decisions saved after it, so each new line chains to the one written before it.
 */
import type { SheetGrid, SheetWrite } from '../port';
import { cellText } from '../readers';
import type { CellValue } from '../types';
import { readDecision } from './read';
import { COL, entryKind, HASH_COL, type LogState } from './schema';

/**
 * The Logg after `write` was appended to `previous`: the pane keeps it, so a decision saved
 * after a run chains to the run's lines. `firstRow` is the sheet row the first appended line got.
 */
export function logAfter(previous: LogState, write: SheetWrite, firstRow: number): LogState {
  const lastDecisionByKey = new Map(previous.lastDecisionByKey);
  const entries = [...previous.entries];
  let lastHash = previous.lastHash;
  write.rows.forEach((cells, i) => {
    const logRow = firstRow + i;
    const time = cellText(cells[COL.Tid]);
    const kind = entryKind(cellText(cells[COL['Händelse']]));
    lastHash = cellText(cells[HASH_COL]);
    entries.push({ logRow, kind, time, hash: lastHash });
    const decision = kind === 'decision' ? readDecision(cells as CellValue[], logRow, time) : null;
    if (decision) lastDecisionByKey.set(decision.key, decision);
  });
  return { entries, lastHash, lastDecisionByKey, problems: previous.problems };
}

/** The sheet row the next appended line lands on: below the last line read, or below the header of a new sheet. */
export function nextLogRow(grid: SheetGrid | null): number {
  if (!grid || grid.values.length === 0) return 2;
  return grid.top + grid.values.length;
}
