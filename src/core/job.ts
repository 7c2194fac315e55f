import { format } from 'date-fns/format';
import { assessRows, type AssessRowsOptions, type AssessRowsResult } from './assess';
import type { BoardPapers } from './board';
import { BOARD_CHOICE_LABELS } from './board-decision';
import type { BoardColumns, MeetingChange, MeetingItem, MeetingRecord } from './meeting';
import type { Minutes } from './minutes';
import { fitCell } from './cell-text';
import { CHIEF_CHOICE_LABELS } from './chief';
import { COST_SHEET, readCostSheet } from './followup/lines';
import { buildFollowUpReport, type FollowUpReport } from './followup/report';
import { FOLLOW_UP_SHEET, followUpTextsFor } from './followup/texts';
import { localDateToIso } from './dates';
import { columnText, INPUT_HEADERS, TOOL_COLUMNS } from './fields';
import { WorkbookError, type FillRun, type SheetGrid, type SheetWrite, type TextBlock, type TextColumn, type WorkbookPort, type WritePlan } from './port';
import type { BudgetFrame, BudgetYear } from './portfolio';
import { rulesetInfo, withParameterOverrides, type ParameterOverride, type RulesetInfo, type RulesetRegistry } from './rulesets';
import { joinLogWrites, LOG_SHEET, logAfter, loggedInputsByRow, nextLogRow, planBoardDecisionLines, planRunLog, readLog, type BoardDecisionRecorded } from './log';
import { countStatuses } from './status';
import { BUDGET_SHEET, PARAMETER_SHEET, readBudgetFrames, readParameterOverrides } from './sheets';
import { chooseSheet, locateTable, planOutputColumns, sameSheetName, type TableLayout } from './table';
import type { Assessment, RawRow, Status } from './types';

export type { BudgetYear, RulesetInfo, RulesetRegistry };

export type Progress = { stage: 'reading' } | { stage: 'assessing'; done: number; total: number } | { stage: 'writing' };

export interface AssessOptions {
  /** Sheet to assess (`--sheet`); otherwise chosen as workbook-format.md says. */
  sheet?: string | null;
  /** Assessment time, for the `Bedömd` stamp and date-dependent rules. Defaults to now. */
  now?: Date;
  onProgress?: (progress: Progress) => void;
  /** Board papers (issue 12): the `Styrelseunderlag` sheet in the same write; signer null = the rule set's signature. */
  board?: { meeting: string | null; signer: string | null };
  /**
   * After the meeting (after-the-board.md): `record` writes the board's decisions into the empty person
   * cells of the meeting's ärenden, with their Logg lines, in the same write; `minutes` plans the extracts.
   */
  meeting?: { date: string; record: boolean; firstParagraph: number | null; changes?: ReadonlyMap<number, MeetingChange>; minutes: boolean };
  /** The follow-up date P (`--per`); default the assessment date. */
  followUpDate?: string | null;
  /** The follow-up export: the `Uppföljning` sheet (with its chart) in the same write. */
  followUp?: boolean;
}

/** What a run after the meeting did: the papers as they were before it, what it recorded, the extracts. */
export interface MeetingRun {
  date: string;
  papers: BoardPapers;
  items: MeetingItem[];
  /** Whether the run recorded the meeting (else it listed or extracted it). */
  record: boolean;
  /** One per ärende where a cell was filled; empty when the meeting was recorded already (nothing written). */
  recorded: BoardDecisionRecorded[];
  minutes?: Minutes;
}

export interface RunSummary {
  total: number;
  counts: Record<Status, number>;
  rulesets: RulesetInfo[];
  budget: BudgetYear[];
  /** Parameters the workbook's `Regelparametrar` sheet set, with their cells. */
  parameterOverrides: ParameterOverride[];
  /** Warnings about earlier lines of the `Logg` sheet (edited, removed or moved); the run still logged. */
  logProblems?: string[];
}

export interface WorkbookRun {
  sheet: string;
  headerRow: number;
  assessments: Assessment[];
  summary: RunSummary;
  plan: WritePlan;
  /** The board papers, when `board` was asked for. */
  board?: BoardPapers;
  /** The meeting recorded or extracted, when `meeting` was asked for. */
  meeting?: MeetingRun;
  /** The budget follow-up at P: the same numbers in the sheet, the report, the pane and --json. */
  followUp?: FollowUpReport;
}

/** Fill colours by status (Excel's own Good / Neutral / Bad styles, grey for input errors). */
export const STATUS_COLORS: Record<Status, string> = {
  ok: '#C6EFCE',
  flag: '#FFEB9C',
  reject: '#FFC7CE',
  error: '#D9D9D9',
  // A lighter grey than an input error's: closed by the board, nothing left to do.
  closed: '#EDEDED',
};

function parameterType(registry: RulesetRegistry) {
  return (name: string) => {
    const value = registry.rulesets.map((r) => r.parameters[name]).find((v) => v !== undefined);
    if (value === undefined) return null;
    if (typeof value === 'number') return 'number' as const;
    if (typeof value === 'string') return 'string' as const;
    if (typeof value === 'boolean') return 'boolean' as const;
    if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return 'numbers' as const;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'strings' as const;
    return 'other' as const;
  };
}

/** Headers to create, one text block per output column and contiguous run of rows, and fills by status. */
export function buildWritePlan(layout: TableLayout, assessments: readonly Assessment[], now: Date): WritePlan {
  const { columns, created } = planOutputColumns(layout);
  const stampTime = format(now, 'yyyy-MM-dd HH:mm');
  const sorted = [...assessments].sort((a, b) => a.row - b.row);
  const runs: Assessment[][] = [];
  for (const a of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1].row === a.row - 1) last.push(a);
    else runs.push([a]);
  }
  const blocks: TextBlock[] = [];
  for (const column of TOOL_COLUMNS) {
    // Made when read (TextColumn): the file port writes each row's texts as it reaches the row.
    for (const run of runs) blocks.push({ col: columns[column.field], top: run[0].row, values: lazyColumn(run, (a) => fitCell(columnText(column, a, stampTime))) });
  }
  const fills: FillRun[] = [];
  for (const a of sorted) {
    const color = STATUS_COLORS[a.status];
    const last = fills[fills.length - 1];
    if (last && last.color === color && last.top + last.count === a.row) last.count++;
    else fills.push({ top: a.row, count: 1, color });
  }
  return {
    sheet: layout.sheet,
    headers: created.map((c) => ({ row: layout.headerRow, col: c.col, text: c.text })),
    blocks,
    fillColumns: TOOL_COLUMNS.map((c) => columns[c.field]),
    fills,
    // The chief's four choices and the board's five as drop-downs on every cell below the header: the range
    // does not depend on the number of rows, so a later run finds the same list and adds no second one.
    validations: [
      { col: columns.chiefDecision, fromRow: layout.headerRow + 1, toRow: EXCEL_MAX_ROWS, choices: Object.values(CHIEF_CHOICE_LABELS) },
      { col: columns.boardDecision, fromRow: layout.headerRow + 1, toRow: EXCEL_MAX_ROWS, choices: Object.values(BOARD_CHOICE_LABELS) },
    ],
  };
}

function lazyColumn(rows: readonly Assessment[], text: (a: Assessment) => string): TextColumn {
  return {
    length: rows.length,
    at: (i) => (i >= 0 && i < rows.length ? text(rows[i]) : undefined),
  };
}

/**
 * The columns the board's decisions go into: Styrelsens beslut and Paragraf where the sheet has them or
 * the run creates them, Beviljat belopp where the sheet has it, else the column after the created ones.
 */
function boardColumns(layout: TableLayout): BoardColumns {
  const { columns, created } = planOutputColumns(layout);
  const last = created.reduce((m, c) => Math.max(m, c.col), layout.lastColumn);
  return { boardDecision: columns.boardDecision, paragraph: columns.paragraph, granted: layout.inputColumns.granted ?? last + 1 };
}

/** The extracts of the meeting; none decided is an error, before anything is written. */
async function minutesOf(papers: BoardPapers, assessments: readonly Assessment[], registry: RulesetRegistry, date: string): Promise<Minutes> {
  const { planMinutes } = await import(/* webpackChunkName: "board" */ './minutes');
  return planMinutes(papers, assessments, registry, date, { requireDecided: true });
}

/** The last row of an Excel sheet. */
const EXCEL_MAX_ROWS = 1_048_576;

/**
 * The layout's rows handed to assessRows alone (the layout keeps its columns): no frame that waits
 * for the assessment holds them, so each row can go once it is assessed (some 60 MB at 50 000 rows).
 */
function assessTakenRows(layout: TableLayout, options: (rows: readonly RawRow[]) => AssessRowsOptions, registry: RulesetRegistry): Promise<AssessRowsResult> {
  const rows = layout.rows;
  layout.rows = [];
  return assessRows(rows, registry, options(rows));
}

/**
 * The whole job on one workbook: describe it, read the application sheet (and the
 * optional Budget and Regelparametrar sheets) in one read, assess in memory, write
 * the tool's own columns in one write. Throws WorkbookError or RuleFileError, with
 * Swedish messages naming the place, before anything is written.
 */
export async function assessWorkbook(port: WorkbookPort, registry: RulesetRegistry, options: AssessOptions = {}): Promise<WorkbookRun> {
  const now = options.now ?? new Date();
  options.onProgress?.({ stage: 'reading' });
  const description = await port.describe();
  const sheet = chooseSheet(description, options.sheet);
  const budgetSheet = description.sheets.find((s) => s !== sheet && sameSheetName(s, BUDGET_SHEET));
  const parameterSheet = description.sheets.find((s) => s !== sheet && sameSheetName(s, PARAMETER_SHEET));
  const logSheet = description.sheets.find((s) => s !== sheet && sameSheetName(s, LOG_SHEET));
  // The person's cost reports (after-the-board.md): read, never written.
  const costSheetName = description.sheets.find((s) => s !== sheet && sameSheetName(s, COST_SHEET));
  const names = [sheet, budgetSheet, parameterSheet, logSheet, costSheetName].filter((s): s is string => s !== undefined);
  let grids: SheetGrid[] | null = await port.readSheets(names);
  const gridOf = (name: string | undefined) => (name === undefined ? undefined : grids?.find((g) => g.name === name));

  const layout = locateTable(gridOf(sheet)!);
  const budgetFrames: BudgetFrame[] = budgetSheet ? readBudgetFrames(gridOf(budgetSheet)!) : [];
  const overrides = parameterSheet ? readParameterOverrides(gridOf(parameterSheet)!, parameterType(registry)) : [];
  const effective = await withParameterOverrides(registry, overrides);
  // The Logg (src/core/log.ts): checked, and the key inputs logged with each decision for indata-andrad.
  const log = readLog(logSheet ? gridOf(logSheet)! : null);
  const logNextRow = nextLogRow(logSheet ? gridOf(logSheet)! : null);
  const costSheet = costSheetName ? readCostSheet(gridOf(costSheetName)!, { date1904: description.date1904 }) : null;
  // Everything is read from the grids: let them go before the rows are assessed (at 50 000 rows some 20 MB).
  grids = null;

  const total = layout.rows.length;
  const rowOptions = (rows: readonly RawRow[]): AssessRowsOptions => ({
    date1904: description.date1904,
    assessmentDate: localDateToIso(now),
    budgetFrames,
    loggedInputs: loggedInputsByRow(log, rows),
    onProgress: (done) => options.onProgress?.({ stage: 'assessing', done, total }),
    costSheet,
    ...(options.followUpDate ? { followUpDate: options.followUpDate } : {}),
  });
  // After the meeting: its papers as they were before it, and the decisions recorded into the rows to assess.
  // Imported on demand, like the board papers.
  const meetingModule = options.meeting ? await import(/* webpackChunkName: "board" */ './meeting') : null;
  let meetingRecord: MeetingRecord | null = null;
  let meetingPapers: BoardPapers | null = null;
  let meetingItems: MeetingItem[] = [];
  if (options.meeting && meetingModule) {
    meetingPapers = await meetingModule.papersBeforeMeeting(layout.rows, effective, rowOptions(layout.rows), options.meeting.date);
    const recordOptions = { meeting: options.meeting.date, firstParagraph: options.meeting.firstParagraph, changes: options.meeting.changes };
    if (options.meeting.record) {
      meetingRecord = meetingModule.planRecording(layout.rows, meetingPapers, recordOptions, boardColumns(layout), description.date1904);
      layout.rows = meetingRecord.rows;
    } else {
      // The ärenden with what a recording would preset: the pane lists them before the secretary saves.
      meetingItems = meetingModule.meetingItems(layout.rows, meetingPapers, recordOptions, description.date1904);
    }
  }
  options.onProgress?.({ stage: 'assessing', done: 0, total });
  const { assessments, budget, followUp: figures } = await assessTakenRows(layout, rowOptions, effective);
  // Only where there is something to follow up, or it was asked for: a workbook of new applications keeps its JSON as it was.
  const followUp = options.followUp || options.followUpDate || costSheet || figures.insatser.size > 0 ? buildFollowUpReport(assessments, figures, budget, effective) : undefined;

  const plan = buildWritePlan(layout, assessments, now);
  // The board's decisions recorded: their cells, a Beviljat belopp column where the sheet had none, and a
  // Logg line each before the run's own lines, in one chain.
  const recorded = meetingRecord?.recorded ?? [];
  let logBefore = log;
  let boardLines: SheetWrite | null = null;
  if (meetingRecord && recorded.length > 0) {
    plan.cells = [...(plan.cells ?? []), ...meetingRecord.cells];
    const grantedCol = boardColumns(layout).granted;
    if (layout.inputColumns.granted === undefined && meetingRecord.cells.some((c) => c.col === grantedCol)) {
      plan.headers.push({ row: layout.headerRow, col: grantedCol, text: INPUT_HEADERS.granted[0] });
    }
    boardLines = planBoardDecisionLines(log, { time: now, user: null }, recorded);
    logBefore = logAfter(log, boardLines, logNextRow);
  }
  // Append-only: a run line and the decisions new or changed since the last logged ones.
  const runLines = planRunLog(logBefore, { time: now, registry, overrides, assessments });
  plan.sheets = [...(plan.sheets ?? []), boardLines ? joinLogWrites(boardLines, runLines) : runLines];
  const minutes = options.meeting?.minutes && meetingModule && meetingPapers ? await minutesOf(meetingPapers, assessments, effective, options.meeting.date) : undefined;
  // Planned before the write: a meeting date without rows throws and nothing is written.
  // Imported on demand: the board papers stay out of the pane's Excel bundle until exported.
  const boardModule = options.board ? await import(/* webpackChunkName: "board" */ './board') : null;
  const board = options.board && boardModule ? boardModule.planBoardPapers(assessments, { ...options.board, rulesets: effective }) : undefined;
  if (board && boardModule) plan.sheets = [...(plan.sheets ?? []), boardModule.planBoardSheet(board)];
  if (options.followUp) {
    if (sameSheetName(sheet, FOLLOW_UP_SHEET)) throw new WorkbookError(`Bladet ${sheet} är verktygets uppföljningsblad och kan inte vara bladet med ansökningar.`);
    const { planFollowUpSheet } = await import(/* webpackChunkName: "followup" */ './followup/sheet');
    plan.sheets = [...(plan.sheets ?? []), planFollowUpSheet(followUp!, followUpTextsFor(effective, followUp!.per))];
  }
  options.onProgress?.({ stage: 'writing' });
  // A meeting recorded already changes nothing and logs nothing (idempotent): the workbook is left as it is.
  const unchanged = meetingRecord !== null && recorded.length === 0;
  if (!unchanged) await port.write(plan);
  const meeting: MeetingRun | undefined =
    options.meeting && meetingPapers
      ? { date: options.meeting.date, papers: meetingPapers, items: meetingRecord?.items ?? meetingItems, record: options.meeting.record, recorded, ...(minutes ? { minutes } : {}) }
      : undefined;
  return {
    sheet,
    headerRow: layout.headerRow,
    assessments,
    plan,
    ...(board ? { board } : {}),
    ...(meeting ? { meeting } : {}),
    ...(followUp ? { followUp } : {}),
    summary: {
      total,
      counts: countStatuses(assessments),
      rulesets: effective.rulesets.map(rulesetInfo),
      budget,
      parameterOverrides: overrides,
      logProblems: log.problems,
    },
  };
}
