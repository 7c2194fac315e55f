/**
 * The Logg lines a run appends: a run line with the counts, a line for each decision new, changed
 * or confirmed, and the board's decisions of a recorded meeting, each chained to the line above.
 */
import { format } from 'date-fns/format';
import { CHIEF_CHOICE_LABELS, type ChiefDecision } from '../chief';
import type { SheetValue, SheetWrite } from '../port';
import type { RulesetRegistry } from '../rulesets';
import { countStatuses } from '../status';
import { STATUS_ORDER, type Application, type Assessment, type CellValue, type Status } from '../types';
import { lineHash, overridesHash, rulesHash, workbookNumber, workbookText } from './hash';
import { decisionKey, findLogged } from './keys';
import { readDecision } from './read';
import { COL, HASH_COL, LOG_EVENTS, LOG_HEADER, LOG_SHEET, rowPlaceholder, type LogColumn, type LoggedDecision, type LoggedInputs, type LogState } from './schema';

const STATUS_COLUMNS: Record<Status, LogColumn> = { ok: 'OK', flag: 'Flaggad', reject: 'Avslag föreslås', error: 'Fel i indata', closed: 'Avslagen' };

/** A run as the Logg records it. */
export interface LogRun {
  time: Date;
  /** The user's name where the host gives one. */
  user: string | null;
  /** `id@version` of each rule set loaded. */
  rulesets: readonly string[];
  rulesHash: string;
  overridesHash: string;
  counts: Record<Status, number>;
}

/** A decision in the workbook (or made in the pane) with the row's key inputs at this moment. */
export interface DecisionSeen {
  row: number;
  id: string | null;
  name: string;
  decision: ChiefDecision;
  inputs: LoggedInputs;
  /** Made or confirmed in the pane: logged even when it equals the last logged one (new inputs are confirmed). */
  confirmed?: boolean;
}

/** The key inputs of an application, as the Logg keeps them. */
export function loggedInputsOf(app: Application): LoggedInputs {
  return { amount: app.amount, start: app.start, end: app.end, fte: app.fte, owner: app.owner };
}

/** The decisions a run has seen: every assessed row with a valid chief's decision. */
export function decisionsSeen(assessments: readonly Assessment[]): DecisionSeen[] {
  const out: DecisionSeen[] = [];
  for (const a of assessments) {
    if (!a.chief || !a.application) continue;
    out.push({ row: a.row, id: a.application.id, name: a.application.name, decision: a.chief, inputs: loggedInputsOf(a.application) });
  }
  return out;
}

function sameText(a: string | null, b: string | null): boolean {
  return (a ?? '').trim() === (b ?? '').trim();
}

function sameDecision(logged: LoggedDecision, d: ChiefDecision): boolean {
  const amount = d.amount === null ? null : workbookNumber(d.amount);
  return logged.choice === d.choice && logged.amount === amount && sameText(logged.comment, d.comment);
}

function setCell(cells: SheetValue[], column: LogColumn, value: string | number | null): void {
  cells[COL[column]] = typeof value === 'number' ? workbookNumber(value) : typeof value === 'string' ? workbookText(value) : null;
}

/** A new line's cells: its time, event and user set, the rest empty. */
function newLine(time: string, event: string, user: string | null): SheetValue[] {
  const cells: SheetValue[] = LOG_HEADER.map(() => null);
  setCell(cells, 'Tid', time);
  setCell(cells, 'Händelse', event);
  setCell(cells, 'Vem', user);
  return cells;
}

function lineTime(time: Date): string {
  return format(time, 'yyyy-MM-dd HH:mm');
}

/**
 * The Logg lines to append: a run line (when `run` has counts) and a line for each decision
 * that is new, differs from the last one logged for its application (choice, amount, comment),
 * or was confirmed in the pane. Each line's Kontrollsumma chains to the line above it.
 * Text cells are plain strings, written as literal text by the port (never a formula).
 */
export function planLogLines(previous: LogState, run: LogRun | { time: Date; user: string | null }, decisions: readonly DecisionSeen[]): SheetWrite {
  const time = lineTime(run.time);
  const state: LogState = { ...previous, lastDecisionByKey: new Map(previous.lastDecisionByKey), entries: [...previous.entries] };
  const rows: SheetValue[][] = [];
  const seal = (cells: SheetValue[]): void => {
    const hash = lineHash(state.lastHash, cells);
    cells[HASH_COL] = hash;
    state.lastHash = hash;
    rows.push(cells);
  };

  if ('counts' in run) {
    const cells = newLine(time, LOG_EVENTS.run, run.user);
    setCell(cells, 'Regelverk', run.rulesets.join(', '));
    setCell(cells, 'Regelhash', run.rulesHash);
    setCell(cells, 'Parameterhash', run.overridesHash);
    for (const s of STATUS_ORDER) setCell(cells, STATUS_COLUMNS[s], s === 'closed' && !run.counts[s] ? null : (run.counts[s] ?? 0));
    seal(cells);
  }

  for (const d of decisions) {
    const key = decisionKey(d.id, d.name, d.inputs.owner);
    if (key === null) continue;
    const logged = findLogged(state, { row: d.row, id: d.id, name: d.name, owner: d.inputs.owner }, key);
    const unchanged = logged !== null && sameDecision(logged, d.decision);
    if (unchanged && !d.confirmed) continue;
    const cells = newLine(time, !logged ? LOG_EVENTS.newDecision : unchanged ? LOG_EVENTS.confirmedDecision : LOG_EVENTS.changedDecision, run.user);
    setCell(cells, 'Rad', d.row);
    setCell(cells, 'Diarienummer', d.id && d.id.trim() ? d.id : rowPlaceholder(d.row));
    setCell(cells, 'Insats', d.name);
    setCell(cells, 'Beslut', CHIEF_CHOICE_LABELS[d.decision.choice]);
    setCell(cells, 'Beslutat belopp', d.decision.amount);
    setCell(cells, 'Kommentar', d.decision.comment);
    setCell(cells, 'Sökt belopp', d.inputs.amount);
    setCell(cells, 'Startdatum', d.inputs.start);
    setCell(cells, 'Slutdatum', d.inputs.end);
    setCell(cells, 'Tjänsteomfattning', d.inputs.fte);
    setCell(cells, 'Insatsägare', d.inputs.owner);
    seal(cells);
    // Later decisions of this plan compare with this one.
    const read = readDecision(cells as CellValue[], 0, time);
    if (read) state.lastDecisionByKey.set(read.key, read);
  }

  return {
    name: LOG_SHEET,
    mode: 'append',
    header: [...LOG_HEADER],
    rows,
    columnWidths: LOG_HEADER.map((h) => (h === 'Kommentar' || h === 'Insats' || h === 'Regelverk' ? 30 : h === 'Tid' ? 17 : 14)),
    numberFormats: LOG_HEADER.map((h) => (h === 'Sökt belopp' || h === 'Beslutat belopp' ? '#,##0' : null)),
  };
}

/** A decision of the board that the recording of a meeting wrote into a row (after-the-board.md, "Recording the meeting"). */
export interface BoardDecisionRecorded {
  row: number;
  id: string | null;
  name: string;
  /** The choice's label as the cell holds it (`Bifall`). */
  decision: string;
  granted: number | null;
  /** As Paragraf holds it (`§ 12`), or null. */
  paragraph: string | null;
  meeting: string;
}

/**
 * The Logg lines of a recorded meeting: one `Styrelsens beslut` line per decision, chained to the
 * lines above them; the run's own lines (planRunLog on logAfter of these) follow in the same write.
 */
export function planBoardDecisionLines(previous: LogState, run: { time: Date; user: string | null }, recorded: readonly BoardDecisionRecorded[]): SheetWrite {
  const write = planLogLines(previous, run, []);
  const time = lineTime(run.time);
  let last = previous.lastHash;
  for (const d of recorded) {
    const cells = newLine(time, LOG_EVENTS.boardDecision, run.user);
    setCell(cells, 'Rad', d.row);
    setCell(cells, 'Diarienummer', d.id && d.id.trim() ? d.id : rowPlaceholder(d.row));
    setCell(cells, 'Insats', d.name);
    setCell(cells, 'Beslut', d.decision);
    setCell(cells, 'Beviljat belopp', d.granted);
    setCell(cells, 'Paragraf', d.paragraph);
    setCell(cells, 'Beslutsdatum', d.meeting);
    last = lineHash(last, cells);
    cells[HASH_COL] = last;
    write.rows.push(cells);
  }
  return write;
}

/** Two appends to the Logg as one: the second's lines chain to the first's (see logAfter). */
export function joinLogWrites(first: SheetWrite, second: SheetWrite): SheetWrite {
  return { ...first, rows: [...first.rows, ...second.rows] };
}

/**
 * The Logg lines of a run, from what the job has at hand: a run line (rule sets of the
 * registry as loaded, before the workbook's overrides; their file hash; the overrides' hash;
 * the counts) and the decisions the assessments carry that are new or changed.
 */
export function planRunLog(
  previous: LogState,
  run: { time: Date; user?: string | null; registry: RulesetRegistry; overrides: readonly { name: string; value: unknown }[]; assessments: readonly Assessment[] },
): SheetWrite {
  return planLogLines(
    previous,
    {
      time: run.time,
      user: run.user ?? null,
      rulesets: run.registry.rulesets.map((r) => `${r.id}@${r.version}`),
      rulesHash: rulesHash(run.registry.rulesets.map((r) => ({ path: r.path, data: r.source }))),
      overridesHash: overridesHash(run.overrides),
      counts: countStatuses(run.assessments),
    },
    decisionsSeen(run.assessments),
  );
}
