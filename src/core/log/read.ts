/**
 * Reading the Logg sheet: its lines checked against their chain, and the last decision logged
 * for each application (what indata-andrad compares a row with).
 */
import { CHIEF_CHOICE_LABELS, type ChiefChoice } from '../chief';
import type { SheetGrid } from '../port';
import { cellText } from '../readers';
import type { CellValue, RawRow } from '../types';
import { canonicalCell, lineHash } from './hash';
import { decisionKey, findLogged, rowIdentity } from './keys';
import { COL, emptyLog, entryKind, HASH_COL, LOG_HEADER, rowPlaceholder, type LogColumn, type LogEntry, type LoggedDecision, type LoggedInputs, type LogState } from './schema';

/** At most this many chain warnings are listed one by one (a sorted Logg breaks every line). */
const MAX_LISTED_PROBLEMS = 10;

const CHOICE_BY_LABEL = new Map<string, ChiefChoice>(
  (Object.entries(CHIEF_CHOICE_LABELS) as [ChiefChoice, string][]).map(([choice, label]) => [label.toLowerCase(), choice]),
);

function numberOrNull(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function textOrNull(value: CellValue | undefined): string | null {
  const text = cellText(value);
  return text === '' ? null : text;
}

/** A decision line's cells as a logged decision; null when it names no application or no amount. */
export function readDecision(cells: readonly CellValue[], logRow: number, time: string): LoggedDecision | null {
  const get = (c: LogColumn) => cells[COL[c]];
  const row = numberOrNull(get('Rad'));
  const dnrCell = textOrNull(get('Diarienummer'));
  // `rad N` stands in the Diarienummer column of a row without one.
  const id = dnrCell !== null && row !== null && dnrCell === rowPlaceholder(row) ? null : dnrCell;
  const name = textOrNull(get('Insats')) ?? '';
  const owner = textOrNull(get('Insatsägare')) ?? '';
  const amount = numberOrNull(get('Sökt belopp'));
  const key = decisionKey(id, name, owner);
  if (key === null || amount === null) return null;
  return {
    logRow,
    time,
    key,
    id,
    name,
    row,
    choice: CHOICE_BY_LABEL.get(cellText(get('Beslut')).toLowerCase()) ?? null,
    amount: numberOrNull(get('Beslutat belopp')),
    comment: textOrNull(get('Kommentar')),
    inputs: {
      amount,
      start: cellText(get('Startdatum')),
      end: cellText(get('Slutdatum')),
      fte: numberOrNull(get('Tjänsteomfattning')),
      owner,
    },
  };
}

/**
 * Reads the Logg sheet (null when the workbook has none) and checks its chain line by line.
 * A line whose hash does not match is reported by its sheet row and left as it is; the next
 * line is checked against the hash that stands in the sheet, so one edit gives one warning.
 */
export function readLog(grid: SheetGrid | null): LogState {
  if (!grid || grid.values.length === 0) return emptyLog();
  const width = LOG_HEADER.length;
  const cellsOf = (i: number): CellValue[] => Array.from({ length: width }, (_, c) => grid.values[i]?.[c + 1 - grid.left] ?? null);
  const problems: string[] = [];
  const broken: number[] = [];

  let first = 0;
  const head = cellsOf(0).map((v) => cellText(v));
  // A line's first cell is a time, never the word Tid.
  if (head[0].toLowerCase() === LOG_HEADER[0].toLowerCase()) {
    first = 1;
    // A Logg written before the columns behind Kontrollsumma were added has its header up to there.
    const known = head[HASH_COL + 1] === '' ? HASH_COL + 1 : LOG_HEADER.length;
    if (head.slice(0, known).some((h, i) => h.toLowerCase() !== LOG_HEADER[i].toLowerCase())) {
      problems.push(`Bladet ${grid.name} har andra rubriker på rad ${grid.top} än verktyget skrev (${LOG_HEADER.join(', ')}). Raderna kontrolleras ändå, kolumn för kolumn.`);
    }
  } else {
    problems.push(`Bladet ${grid.name} saknar rubrikraden på rad ${grid.top}; raderna kontrolleras ändå.`);
  }

  const entries: LogEntry[] = [];
  const lastDecisionByKey = new Map<string, LoggedDecision>();
  let previous = '';
  for (let i = first; i < grid.values.length; i++) {
    const cells = cellsOf(i);
    // Rows left empty (a cleared line) are skipped: the line below them no longer matches.
    if (cells.every((v) => canonicalCell(v) === '')) continue;
    const logRow = grid.top + i;
    const stored = cellText(cells[HASH_COL]);
    if (lineHash(previous, cells) !== stored) broken.push(logRow);
    previous = stored;
    const time = cellText(cells[COL.Tid]);
    const kind = entryKind(cellText(cells[COL['Händelse']]));
    entries.push({ logRow, kind, time, hash: stored });
    if (kind === 'decision') {
      const decision = readDecision(cells, logRow, time);
      if (decision) lastDecisionByKey.set(decision.key, decision);
    }
  }
  for (const logRow of broken.slice(0, MAX_LISTED_PROBLEMS)) {
    problems.push(
      `${grid.name} rad ${logRow} har ändrats efter att den skrevs, eller så har en rad ovanför tagits bort eller flyttats (kontrollsumman stämmer inte). Raden lämnas som den är; nya rader läggs till nederst.`,
    );
  }
  if (broken.length > MAX_LISTED_PROBLEMS) {
    problems.push(`${grid.name}: ytterligare ${broken.length - MAX_LISTED_PROBLEMS} rader har kontrollsummor som inte stämmer.`);
  }
  return { entries, lastHash: previous, lastDecisionByKey, problems };
}

/**
 * For the rule `indata-andrad`: per sheet row, the key inputs logged with that row's last
 * decision (matched as decisionKey says). Rows never logged are absent.
 */
export function loggedInputsByRow(state: LogState, rows: readonly RawRow[]): Map<number, LoggedInputs> {
  const out = new Map<number, LoggedInputs>();
  if (state.lastDecisionByKey.size === 0) return out;
  for (const raw of rows) {
    const logged = findLogged(state, rowIdentity(raw));
    if (logged) out.set(raw.row, logged.inputs);
  }
  return out;
}
