/**
 * The `Logg` sheet (workbook-format.md, "Sheets the tool keeps"): append-only lines, one per
 * run and one per chief's decision seen for the first time, changed, or confirmed in the pane.
 * Each line carries a short hash chained to the line above it, so an edited, deleted or moved
 * earlier line shows on the next read. The chain makes edits visible; it cannot stop someone
 * who recomputes every later hash, and a removed last line leaves no trace.
 *
 * This module holds what the Logg is: its columns, its events and the state read from it; hash.ts
 * hashes its lines, keys.ts says which application a line belongs to, read.ts reads the sheet,
 * write.ts plans the lines to append and state.ts follows the Logg after an append.
 * Pure: no Office.js, no fs.
 */
import type { ChiefChoice } from '../chief';
import type { IsoDate } from '../types';

export const LOG_SHEET = 'Logg';

/** The Logg's columns, in order. A run line fills Tid … Fel i indata; a decision line Tid, Händelse, Vem and Rad … Insatsägare. */
export const LOG_HEADER = [
  'Tid',
  'Händelse',
  'Vem',
  'Regelverk',
  'Regelhash',
  'Parameterhash',
  'OK',
  'Flaggad',
  'Avslag föreslås',
  'Fel i indata',
  'Rad',
  'Diarienummer',
  'Insats',
  'Beslut',
  'Beslutat belopp',
  'Kommentar',
  'Sökt belopp',
  'Startdatum',
  'Slutdatum',
  'Tjänsteomfattning',
  'Insatsägare',
  'Kontrollsumma',
  // Added after the board's decisions came (after-the-board.md): behind Kontrollsumma, so a Logg written
  // before keeps its columns and its hashes (an old line's empty cells here hash as they did).
  'Avslagen',
  'Beviljat belopp',
  'Paragraf',
  'Beslutsdatum',
] as const;

export type LogColumn = (typeof LOG_HEADER)[number];
export const COL = Object.fromEntries(LOG_HEADER.map((h, i) => [h, i])) as Record<LogColumn, number>;
export const HASH_COL = COL.Kontrollsumma;

/** What a line is, in the Händelse column. */
export const LOG_EVENTS = {
  run: 'Körning',
  newDecision: 'Nytt beslut',
  changedDecision: 'Ändrat beslut',
  confirmedDecision: 'Bekräftat beslut',
  boardDecision: 'Styrelsens beslut',
} as const;
const DECISION_EVENTS: ReadonlySet<string> = new Set([LOG_EVENTS.newDecision, LOG_EVENTS.changedDecision, LOG_EVENTS.confirmedDecision]);

/** The kind of a line by its Händelse cell. */
export function entryKind(event: string): LogEntry['kind'] {
  return event === LOG_EVENTS.run ? 'run' : DECISION_EVENTS.has(event) ? 'decision' : 'other';
}

/** What stands in the Diarienummer column of a line whose row has none. */
export function rowPlaceholder(row: number): string {
  return `rad ${row}`;
}

/**
 * A decided row's key inputs (default-rules.md, `indata-andrad`), as logged with the chief's
 * decision: written by write.ts, read back by read.ts, compared with the row by the facts
 * (src/core/facts.ts) and given by a rule's case (`logged`). A value is null where the Logg's
 * cell or the case leaves it empty.
 */
export interface LoggedInputs {
  amount: number | null;
  start: IsoDate | null;
  end: IsoDate | null;
  fte: number | null;
  owner: string | null;
}

/** The last decision the Logg holds for one application. */
export interface LoggedDecision {
  /** The Logg's sheet row holding the line. */
  logRow: number;
  time: string;
  /** See decisionKey. */
  key: string;
  id: string | null;
  name: string;
  /** The application's sheet row when the line was written. */
  row: number | null;
  /** Null when the Beslut cell holds none of the four choices (the line was edited). */
  choice: ChiefChoice | null;
  amount: number | null;
  comment: string | null;
  inputs: LoggedInputs;
}

export interface LogEntry {
  logRow: number;
  kind: 'run' | 'decision' | 'other';
  time: string;
  hash: string;
}

/** The Logg as read: its lines, the hash the next line chains to, the last decision per application, and warnings. */
export interface LogState {
  entries: LogEntry[];
  lastHash: string;
  lastDecisionByKey: Map<string, LoggedDecision>;
  /** Swedish warnings naming the Logg row; the run still logs. */
  problems: string[];
}

/** The state of a workbook without a Logg sheet. */
export function emptyLog(): LogState {
  return { entries: [], lastHash: '', lastDecisionByKey: new Map(), problems: [] };
}
