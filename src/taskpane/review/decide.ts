/**
 * Saving the chief's decision from the review view: one read and one write through the port
 * (describe, readSheets, write: three syncs in Excel). The row is re-assessed by the core's
 * own job with the decision cells set, so its draft (Förslag till beslut, status, Kontroller)
 * and the budget come out exactly as the next run will write them; only that row is written,
 * with the person's cells and a Logg line. No DOM here, so it is tested in Node.
 */
import {
  type Assessment,
  assessWorkbook,
  cellAddress,
  cellText,
  type CellValue,
  type CellWrite,
  CHIEF_CHOICE_LABELS,
  type ChiefChoice,
  type ChiefDecision,
  locateTable,
  LOG_SHEET,
  logAfter,
  loggedInputsOf,
  type LogState,
  nextLogRow,
  planLogLines,
  planOutputColumns,
  readLog,
  renderChiefDecision,
  type RulesetRegistry,
  sameSheetName,
  tidyText,
  type SheetGrid,
  WorkbookError,
  type WorkbookPort,
  type WorkbookRun,
  type WritePlan,
} from '../../core';

export interface DecisionRequest {
  /** The application sheet of the run. */
  sheet: string;
  row: number;
  /** Diarienummer and Insats of the row when the pane showed it; a row that now holds another application is refused. */
  id: string | null;
  name: string | null;
  choice: ChiefChoice;
  /** Beslutat belopp; null empties the cell. */
  amount: number | null;
  /** Kommentar; null or blank empties the cell. */
  comment: string | null;
}

export interface DecisionResult {
  /** The whole workbook re-assessed in memory (the pane shows its summary and budget). */
  run: WorkbookRun;
  /** The row as it now stands in the workbook. */
  assessment: Assessment;
  /** What was written. */
  plan: WritePlan;
  /** The Logg after the line was appended; its problems are warnings about earlier lines. */
  log: LogState;
}

export interface DecisionOptions {
  now?: Date;
  /** The user's name where the host gives one, for the Logg. */
  user?: string | null;
}

function sameCell(current: CellValue | undefined, next: string | number | null): boolean {
  if (next === null) return cellText(current) === '';
  if (typeof next === 'number') return current === next;
  return cellText(current) === next.trim();
}

/** The person's three cells as they should be after the decision; the decision text is kept when it already says this choice. */
function personValues(request: DecisionRequest, currentDecision: CellValue | undefined, currentChoice: ChiefChoice | null): Record<'chiefDecision' | 'decidedAmount' | 'comment', string | number | null> {
  const comment = request.comment?.trim() ? request.comment.trim() : null;
  // `Beviljas trots målgrupp – AF` already grants: a person's words are not replaced by the label.
  const decision = currentChoice === request.choice ? cellText(currentDecision) : CHIEF_CHOICE_LABELS[request.choice];
  return { chiefDecision: decision, decidedAmount: request.amount, comment };
}

/**
 * Writes the chief's decision for one row and returns the re-assessed workbook. `currentChoice`
 * is the choice the row's Chefens beslut cell held when the pane showed it (null: none or unreadable).
 * Throws a Swedish WorkbookError, before anything is written, when the row no longer holds the
 * application the pane showed (the sheet was sorted or edited since the run).
 */
export async function saveDecision(
  port: WorkbookPort,
  registry: RulesetRegistry,
  request: DecisionRequest,
  currentChoice: ChiefChoice | null,
  options: DecisionOptions = {},
): Promise<DecisionResult> {
  const now = options.now ?? new Date();
  let logName: string | null = null;
  let logGrid: SheetGrid | null = null;
  let put: PutDecision | null = null;
  let planned: WritePlan | null = null;

  // The job's own reading, assessing and planning, with the decision put into the row it reads
  // and its write held back: the write below carries only this row.
  const held: WorkbookPort = {
    async describe() {
      const description = await port.describe();
      logName = description.sheets.find((s) => sameSheetName(s, LOG_SHEET)) ?? null;
      return description;
    },
    async readSheets(names) {
      const extra = logName !== null && !names.includes(logName) ? [logName] : [];
      const grids = await port.readSheets([...names, ...extra]);
      logGrid = grids.find((g) => g.name === logName) ?? null;
      const grid = grids.find((g) => g.name === request.sheet);
      if (!grid) throw new WorkbookError(`Bladet "${request.sheet}" finns inte längre i arbetsboken. Kör Bedöm ansökningar igen.`);
      put = putDecision(grid, request, currentChoice);
      return grids.filter((g) => !extra.includes(g.name));
    },
    async write(plan) {
      planned = plan;
    },
  };
  const run = await assessWorkbook(held, registry, { sheet: request.sheet, now });
  const assessment = run.assessments.find((a) => a.row === request.row);
  const done = put as PutDecision | null; // set by readSheets above
  if (!planned || !assessment || !done) throw new WorkbookError(`Rad ${request.row} på bladet "${request.sheet}" hittades inte. Kör Bedöm ansökningar igen.`);
  const plan: WritePlan = { ...onlyRow(planned, request.row), cells: done.writes };

  // The decision as the core read it back; the request itself while the core does not read decisions yet.
  const decision = assessment.chief === undefined ? done.decision : assessment.chief;
  // The Förslag till beslut after the chief's choice, from the core's renderer (the same text whether
  // or not the job already applies it), written in the row's block of that column.
  const text = renderChiefDecision(registry, assessment, decision);
  if (text !== assessment.decision) {
    assessment.decision = text;
    plan.blocks = plan.blocks.map((b) => (b.col === done.decisionCol ? { ...b, values: [text] } : b));
  }
  const before = readLog(logGrid);
  let log = before;
  if (assessment.application && decision) {
    const app = assessment.application;
    const write = planLogLines(before, { time: now, user: options.user ?? null }, [
      { row: request.row, id: app.id, name: app.name, decision, inputs: loggedInputsOf(app), confirmed: true },
    ]);
    plan.sheets = [write];
    log = logAfter(before, write, nextLogRow(logGrid));
  }
  await port.write(plan);
  return { run, assessment, plan, log };
}

interface PutDecision {
  writes: CellWrite[];
  decision: ChiefDecision;
  /** The Förslag till beslut column. */
  decisionCol: number;
}

/** Sets the decision cells in the grid the job will read, after checking the row is still the one the pane showed. */
function putDecision(grid: SheetGrid, request: DecisionRequest, currentChoice: ChiefChoice | null): PutDecision {
  const layout = locateTable(grid);
  const raw = layout.rows.find((r) => r.row === request.row);
  const same = (a: string | null, b: string) => tidyText(a ?? '') === tidyText(b);
  const cells = raw?.cells;
  if (!cells || !same(request.id, cellText(cells.id?.value)) || !same(request.name, cellText(cells.name?.value))) {
    throw new WorkbookError(
      `Rad ${request.row} på bladet "${request.sheet}" innehåller inte längre ansökan som visas (bladet har sorterats eller ändrats). ` +
        'Inget har skrivits. Kör Bedöm ansökningar igen och välj raden på nytt.',
    );
  }
  const { columns } = planOutputColumns(layout);
  const i = request.row - grid.top;
  const line = grid.values[i];
  const current = (col: number): CellValue | undefined => line[col - grid.left];
  const values = personValues(request, current(columns.chiefDecision), currentChoice);
  const writes: CellWrite[] = [];
  for (const field of ['chiefDecision', 'decidedAmount', 'comment'] as const) {
    const col = columns[field];
    const value = values[field];
    if (sameCell(current(col), value)) continue;
    while (line.length < col - grid.left + 1) line.push(null);
    line[col - grid.left] = value;
    writes.push({ row: request.row, col, value });
  }
  const decision: ChiefDecision = {
    choice: request.choice,
    text: String(values.chiefDecision),
    amount: request.amount,
    comment: values.comment === null ? null : String(values.comment),
    address: cellAddress(request.row, columns.chiefDecision),
  };
  return { writes, decision, decisionCol: columns.decision };
}

/** The job's plan cut down to one row: its tool cells and fill, and any header the job would create. */
function onlyRow(plan: WritePlan, row: number): WritePlan {
  const fill = plan.fills.find((f) => f.top <= row && row < f.top + f.count);
  return {
    sheet: plan.sheet,
    headers: plan.headers,
    blocks: plan.blocks.flatMap((b) => (row >= b.top && row < b.top + b.values.length ? [{ col: b.col, top: row, values: [b.values.at(row - b.top) ?? ''] }] : [])),
    fillColumns: plan.fillColumns,
    fills: fill ? [{ top: row, count: 1, color: fill.color }] : [],
  };
}
