/**
 * The `Logg` sheet (workbook-format.md, "Sheets the tool keeps"): append-only lines, one per
 * run and one per chief's decision seen for the first time, changed, or confirmed in the pane.
 * Each line carries a short hash chained to the line above it, so an edited, deleted or moved
 * earlier line shows on the next read. The chain makes edits visible; it cannot stop someone
 * who recomputes every later hash, and a removed last line leaves no trace.
 * Pure: no Office.js, no fs; sha-256 from @noble/hashes, synchronous everywhere.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { format } from 'date-fns/format';
import { MAX_CELL_TEXT, withoutXmlInvalid } from './cell-text';
import { CHIEF_CHOICE_LABELS, type ChiefChoice, type ChiefDecision } from './chief';
import type { SheetGrid, SheetValue, SheetWrite } from './port';
import { textKey } from './fold';
import { cellText } from './readers';
import type { RuleFile, RulesetRegistry } from './rulesets';
import { STATUS_ORDER, type Application, type Assessment, type CellValue, type RawRow, type Status } from './types';

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

type LogColumn = (typeof LOG_HEADER)[number];
const COL = Object.fromEntries(LOG_HEADER.map((h, i) => [h, i])) as Record<LogColumn, number>;
const HASH_COL = COL.Kontrollsumma;

/** What a line is, in the Händelse column. */
export const LOG_EVENTS = {
  run: 'Körning',
  newDecision: 'Nytt beslut',
  changedDecision: 'Ändrat beslut',
  confirmedDecision: 'Bekräftat beslut',
  boardDecision: 'Styrelsens beslut',
} as const;
const DECISION_EVENTS: ReadonlySet<string> = new Set([LOG_EVENTS.newDecision, LOG_EVENTS.changedDecision, LOG_EVENTS.confirmedDecision]);

/** Hex digits kept of a sha-256: 48 bits, plenty to notice an edit, short enough to read. */
const HASH_LENGTH = 12;
/** At most this many chain warnings are listed one by one (a sorted Logg breaks every line). */
const MAX_LISTED_PROBLEMS = 10;
const STATUS_COLUMNS: Record<Status, LogColumn> = { ok: 'OK', flag: 'Flaggad', reject: 'Avslag föreslås', error: 'Fel i indata', closed: 'Avslagen' };

/** A decided row's key inputs (default-rules.md, `indata-andrad`), as logged with the decision. */
export interface LoggedInputs {
  amount: number;
  start: string;
  end: string;
  fte: number | null;
  owner: string;
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

// ---------------------------------------------------------------------------------------------
// Hashing

/** SHA-256 of a text's UTF-8, as lowercase hex. */
export type Sha256Hex = (text: string) => string;

const portableSha256: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));
let sha256Hex: Sha256Hex = portableSha256;

/**
 * A host's own SHA-256 for the Logg's hashes (the command line passes Node's, some five times
 * faster on a run that logs thousands of decisions); it must give the same hex for every text.
 * Without an argument the portable one (the pane, the browser) is used again.
 */
export function useSha256(impl: Sha256Hex = portableSha256): void {
  sha256Hex = impl;
}

/** JSON with object keys sorted, so equal content hashes equally whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function shortHash(text: string): string {
  return sha256Hex(text).slice(0, HASH_LENGTH);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * A short hash of the rule files' content: file names (not directories) and their JSON with
 * sorted keys, so the command line (text from disk) and the pane (bundled JSON) agree.
 */
export function rulesHash(files: readonly RuleFile[]): string {
  const parts = [...files]
    .map((f) => {
      let content: unknown = f.data;
      if (content === undefined && f.text !== undefined) {
        try {
          content = JSON.parse(f.text) as unknown;
        } catch {
          content = f.text; // a broken file still hashes, by its text
        }
      }
      return [baseName(f.path), canonicalJson(content ?? null)] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return shortHash(canonicalJson(parts));
}

/** A short hash of the Regelparametrar overrides: names and values, not the cells they sit in. */
export function overridesHash(overrides: readonly { name: string; value: unknown }[]): string {
  const pairs = overrides.map((o) => [o.name, o.value] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return shortHash(canonicalJson(pairs));
}

/** A number as a workbook keeps it (15 significant digits), so a value read back hashes as written. */
function workbookNumber(n: number): number {
  // Whole numbers below 10^15 (row numbers, amounts in kronor) come back as they are: skip the text round trip.
  if (Number.isInteger(n) && n < 1e15 && n > -1e15 && !Object.is(n, -0)) return n;
  return Number(n.toPrecision(15));
}

/** A text as a cell keeps it: line breaks as `\n`, no control characters a file refuses, at most a cell's length. */
function workbookText(text: string): string {
  // The same characters the ports drop when they write the cell, so the line hashes the same read back.
  const clean = withoutXmlInvalid(text.replace(/\r\n?/g, '\n'));
  return clean.length <= MAX_CELL_TEXT ? clean : clean.slice(0, MAX_CELL_TEXT);
}

/** One cell in the hashed form: what the line says, not how the host typed it (empty is empty, numbers at workbook precision). */
function canonicalCell(value: CellValue | SheetValue | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return workbookNumber(value);
  if (typeof value === 'string') return workbookText(value);
  return cellText(value);
}

/** The hash of a line: the previous line's hash and this line's cells (all but Kontrollsumma). */
export function lineHash(previous: string, cells: readonly (CellValue | SheetValue | undefined)[]): string {
  const body: (string | number)[] = LOG_HEADER.slice(0, HASH_COL).map((_, i) => canonicalCell(cells[i]));
  // The columns behind Kontrollsumma count only where filled: a line written before they existed hashes as it did.
  const after = LOG_HEADER.slice(HASH_COL + 1).map((_, i) => canonicalCell(cells[HASH_COL + 1 + i]));
  while (after.length > 0 && after[after.length - 1] === '') after.pop();
  return shortHash(`${previous}\n${JSON.stringify(after.length > 0 ? [...body, null, ...after] : body)}`);
}

// ---------------------------------------------------------------------------------------------
// Keys

/**
 * Which application a decision belongs to across runs: the Diarienummer when the row has one,
 * else the insats name and the owner (case and white space folded). Without a Diarienummer a
 * renamed insats is a new application for the log; a changed owner is still found by name and row.
 */
export function decisionKey(id: string | null, name: string | null, owner: string | null): string | null {
  const dnr = id === null ? '' : textKey(id);
  if (dnr) return `dnr:${dnr}`;
  const n = name === null ? '' : textKey(name);
  const o = owner === null ? '' : textKey(owner);
  return n ? `insats:${n}|${o}` : null;
}

interface RowIdentity {
  row: number;
  id: string | null;
  name: string | null;
  owner: string | null;
}

/** A sheet row as located, before its cells are read into an application. */
function rowIdentity(raw: RawRow): RowIdentity {
  const cells = raw.cells;
  const text = (field: 'id' | 'name' | 'owner') => cellText(cells[field]?.value) || null;
  return { row: raw.row, id: text('id'), name: text('name'), owner: text('owner') };
}

/** The key of a sheet row as located (decisionKey of its Diarienummer, Insats and Insatsägare cells). */
export function rowKey(raw: RawRow): string | null {
  const who = rowIdentity(raw);
  return decisionKey(who.id, who.name, who.owner);
}

/** The last logged decision of a row: by key; without a Diarienummer also by name at the same sheet row (the owner may have changed). */
function findLogged(state: LogState, who: RowIdentity, key = decisionKey(who.id, who.name, who.owner)): LoggedDecision | null {
  const direct = key === null ? undefined : state.lastDecisionByKey.get(key);
  if (direct) return direct;
  if (key === null || key.startsWith('dnr:') || !who.name) return null;
  const name = textKey(who.name);
  let found: LoggedDecision | null = null;
  for (const d of state.lastDecisionByKey.values()) {
    if (d.id === null && d.row === who.row && textKey(d.name) === name && (!found || d.logRow > found.logRow)) found = d;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Reading

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

function readDecision(cells: readonly CellValue[], logRow: number, time: string): LoggedDecision | null {
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

function rowPlaceholder(row: number): string {
  return `rad ${row}`;
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
    const event = cellText(cells[COL['Händelse']]);
    const time = cellText(cells[COL.Tid]);
    const kind = event === LOG_EVENTS.run ? 'run' : DECISION_EVENTS.has(event) ? 'decision' : 'other';
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

// ---------------------------------------------------------------------------------------------
// Writing

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

/**
 * The Logg lines to append: a run line (when `run` has counts) and a line for each decision
 * that is new, differs from the last one logged for its application (choice, amount, comment),
 * or was confirmed in the pane. Each line's Kontrollsumma chains to the line above it.
 * Text cells are plain strings, written as literal text by the port (never a formula).
 */
export function planLogLines(previous: LogState, run: LogRun | { time: Date; user: string | null }, decisions: readonly DecisionSeen[]): SheetWrite {
  const time = format(run.time, 'yyyy-MM-dd HH:mm');
  const state: LogState = { ...previous, lastDecisionByKey: new Map(previous.lastDecisionByKey), entries: [...previous.entries] };
  const rows: SheetValue[][] = [];
  const line = (event: string): SheetValue[] => {
    const cells: SheetValue[] = LOG_HEADER.map(() => null);
    setCell(cells, 'Tid', time);
    setCell(cells, 'Händelse', event);
    setCell(cells, 'Vem', run.user);
    return cells;
  };
  const seal = (cells: SheetValue[]): void => {
    const hash = lineHash(state.lastHash, cells);
    cells[HASH_COL] = hash;
    state.lastHash = hash;
    rows.push(cells);
  };

  if ('counts' in run) {
    const cells = line(LOG_EVENTS.run);
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
    const cells = line(!logged ? LOG_EVENTS.newDecision : unchanged ? LOG_EVENTS.confirmedDecision : LOG_EVENTS.changedDecision);
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
  const time = format(run.time, 'yyyy-MM-dd HH:mm');
  let last = previous.lastHash;
  for (const d of recorded) {
    const cells: SheetValue[] = LOG_HEADER.map(() => null);
    setCell(cells, 'Tid', time);
    setCell(cells, 'Händelse', LOG_EVENTS.boardDecision);
    setCell(cells, 'Vem', run.user);
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
  const counts: Record<Status, number> = { ok: 0, flag: 0, reject: 0, error: 0, closed: 0 };
  for (const a of run.assessments) counts[a.status]++;
  return planLogLines(
    previous,
    {
      time: run.time,
      user: run.user ?? null,
      rulesets: run.registry.rulesets.map((r) => `${r.id}@${r.version}`),
      rulesHash: rulesHash(run.registry.rulesets.map((r) => ({ path: r.path, data: r.source }))),
      overridesHash: overridesHash(run.overrides),
      counts,
    },
    decisionsSeen(run.assessments),
  );
}

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
    const event = cellText(cells[COL['Händelse']]);
    const kind = event === LOG_EVENTS.run ? 'run' : DECISION_EVENTS.has(event) ? 'decision' : 'other';
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
