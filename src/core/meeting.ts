/**
 * After the meeting (after-the-board.md, "Recording the meeting"): the meeting's ärenden as the
 * board papers put them before it, the board's decisions written into the rows' empty person
 * cells, and the Logg lines for them. Pure: the job reads and writes the workbook.
 */
import { assessRows, type AssessRowsOptions } from './assess';
import { BoardError, meetingList, planBoardPapers, type BoardPapers, type BoardProposal } from './board';
import { BOARD_CHOICE_LABELS, parseBoardChoice, paragraphText, type BoardChoice } from './board-decision';
import type { BoardDecisionRecorded } from './log';
import { cellAddress } from './a1';
import type { CellWrite } from './port';
import { parseApplication } from './readers';
import type { RulesetRegistry } from './rulesets';
import type { InputField, IsoDate, RawCell, RawRow } from './types';

/** What the secretary changed in the pane for one ärende before saving (by sheet row). */
export interface MeetingChange {
  choice: BoardChoice;
  /** Beviljat belopp typed in place; null: the papers' amount. */
  amount: number | null;
}

export interface RecordOptions {
  meeting: IsoDate;
  /** Paragraf of the first ärende (`--first-paragraph`); null leaves Paragraf empty. */
  firstParagraph: number | null;
  changes?: ReadonlyMap<number, MeetingChange>;
}

/** Where the person cells go: the sheet columns of Styrelsens beslut, Beviljat belopp and Paragraf. */
export type BoardColumns = Record<'boardDecision' | 'granted' | 'paragraph', number>;

/** One ärende of the meeting, with what the recording would preset (the pane's list). */
export interface MeetingItem {
  proposal: BoardProposal;
  /** Paragraf the recording gives it (null without a first paragraph). */
  paragraph: string | null;
  /** What Styrelsens beslut holds already, read; null when empty. */
  typed: BoardChoice | null;
  /** A text in Styrelsens beslut that is none of the choices: the row is left as it is. */
  unreadable: string | null;
  /** The decision the recording writes (or keeps). */
  choice: BoardChoice;
  /** The amount the recording writes in an empty Beviljat belopp (or the one there), for a grant. */
  amount: number | null;
}

export interface MeetingRecord {
  meeting: IsoDate;
  /** The papers as they were before the meeting. */
  papers: BoardPapers;
  items: MeetingItem[];
  /** The person cells filled, only empty ones. */
  cells: CellWrite[];
  /** One entry per ärende where anything was filled: its Logg line. */
  recorded: BoardDecisionRecorded[];
  /** The rows with the filled cells in them, for the assessment in the same write. */
  rows: RawRow[];
}

/** The cells the board's decision is: those of the row as it stood before the meeting, when it is removed. */
const BOARD_FIELDS: readonly InputField[] = ['boardDecision', 'granted', 'paragraph'];

function isEmpty(cell: RawCell | undefined): boolean {
  const v = cell?.value;
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * A row as it stood before meeting M: a row whose Beslutsdatum is M and whose Styrelsens beslut is
 * filled loses its board cells (Styrelsens beslut, Beviljat belopp, Paragraf), so it is one of the
 * papers' proposals again, at the papers' amount. Other rows as they are.
 */
function beforeMeeting(raw: RawRow, meeting: IsoDate, date1904: boolean): RawRow {
  const cells = raw.cells;
  if (isEmpty(cells.boardDecision)) return raw;
  const parsed = parseApplication(raw, { date1904 });
  if (!parsed.ok || parsed.application.decisionDate !== meeting) return raw;
  const kept: Partial<Record<InputField, RawCell>> = {};
  for (const [field, cell] of Object.entries(cells) as [InputField, RawCell][]) if (!BOARD_FIELDS.includes(field)) kept[field] = cell;
  return { row: raw.row, cells: kept, comment: raw.comment };
}

/**
 * The board papers of meeting M as they were before it (default-rules.md, "The board papers"):
 * the rows assessed once more in memory without the board cells of M's decided rows. Throws
 * BoardError, listing the meeting dates there are, when M has no ärenden.
 */
export async function papersBeforeMeeting(
  rows: readonly RawRow[],
  registry: RulesetRegistry,
  options: AssessRowsOptions,
  meeting: IsoDate,
): Promise<BoardPapers> {
  const before = rows.map((r) => beforeMeeting(r, meeting, options.date1904 ?? false));
  const { assessments } = await assessRows(before, registry, { ...options, onProgress: undefined });
  const papers = planBoardPapers(assessments, { meeting, signer: null, rulesets: registry });
  if (papers.proposals.length === 0) {
    throw new BoardError(`Sammanträdet ${meeting} har inga ärenden i styrelseunderlaget (inga rader med det Beslutsdatumet är klara för styrelsen). ${meetingList(assessments)}`);
  }
  return papers;
}

/** The amount a grant of this proposal gives: the papers', or the requested one where the papers proposed a rejection. */
function grantOf(p: BoardProposal): number {
  return p.amount ?? p.requested;
}

/** The meeting's ärenden with what the recording presets for each (the pane's list, and what planRecording writes). */
export function meetingItems(rows: readonly RawRow[], papers: BoardPapers, options: RecordOptions, date1904 = false): MeetingItem[] {
  const byRow = new Map(rows.map((r) => [r.row, r]));
  return papers.proposals.map((p, i) => {
    const raw = byRow.get(p.row);
    const parsed = raw ? parseApplication(raw, { date1904 }) : null;
    const app = parsed?.ok ? parsed.application : null;
    const read = parseBoardChoice(app?.boardDecision ?? null);
    const change = options.changes?.get(p.row) ?? null;
    const typed = read && 'choice' in read ? read.choice : null;
    // A grant at another amount than the papers' is a Bifall med ändring, whatever the list said.
    const changedAmount = change?.amount !== null && change?.amount !== undefined && change.amount !== grantOf(p);
    const chosen = change ? (change.choice === 'grant' && changedAmount ? 'grant-changed' : change.choice) : p.verdict === 'reject' ? 'reject' : 'grant';
    const choice = typed ?? chosen;
    const granted = app?.granted ?? null;
    const amount = choice === 'grant' || choice === 'grant-changed' ? (granted ?? (typed === 'grant-changed' ? null : (change?.amount ?? grantOf(p)))) : null;
    return {
      proposal: p,
      paragraph: app?.paragraph ?? (options.firstParagraph === null ? null : paragraphText(options.firstParagraph + i)),
      typed,
      unreadable: read && 'invalid' in read ? read.invalid : null,
      choice,
      amount,
    };
  });
}

/**
 * Recording the meeting: for each ärende, only empty cells are filled (Styrelsens beslut with the
 * papers' proposal or the pane's choice, Beviljat belopp for a grant, Paragraf from the first
 * paragraph in the papers' order). A decision a person typed is kept (a Bifall med ändring's empty
 * amount is not guessed); a text that is none of the choices leaves the row as it is.
 */
export function planRecording(rows: readonly RawRow[], papers: BoardPapers, options: RecordOptions, columns: BoardColumns, date1904 = false): MeetingRecord {
  const items = meetingItems(rows, papers, options, date1904);
  const byRow = new Map(rows.map((r, i) => [r.row, i]));
  const out = [...rows];
  const cells: CellWrite[] = [];
  const recorded: BoardDecisionRecorded[] = [];
  for (const item of items) {
    const p = item.proposal;
    const index = byRow.get(p.row);
    if (index === undefined || item.unreadable !== null) continue;
    const raw = rows[index];
    const current = raw.cells;
    const filled: Partial<Record<InputField, RawCell>> = {};
    const fill = (field: keyof BoardColumns, value: string | number) => {
      filled[field] = { value, address: cellAddress(p.row, columns[field]) };
      cells.push({ row: p.row, col: columns[field], value });
    };
    if (item.typed === null) fill('boardDecision', BOARD_CHOICE_LABELS[item.choice]);
    if (item.amount !== null && isEmpty(current.granted)) fill('granted', item.amount);
    if (item.paragraph !== null && isEmpty(current.paragraph)) fill('paragraph', item.paragraph);
    if (Object.keys(filled).length === 0) continue;
    out[index] = { row: raw.row, cells: { ...current, ...filled }, comment: raw.comment };
    recorded.push({
      row: p.row,
      id: p.id,
      name: p.name,
      decision: BOARD_CHOICE_LABELS[item.choice],
      granted: item.amount,
      paragraph: item.paragraph,
      meeting: options.meeting,
    });
  }
  return { meeting: options.meeting, papers, items, cells, recorded, rows: out };
}
