/**
 * The core's API: what the adapters (Office.js, the file package, ExcelJS), the command line, the task
 * pane and the Word exports use of it, and nothing more. Code outside `src/core` imports the core from
 * here (eslint's no-restricted-imports holds it to that); inside the core modules import each other
 * directly. Tests may reach a module itself, as they test it. The pane's `import()` of `./board` and
 * `./meeting-summary` stays deep: those are where webpack splits off a chunk loaded on demand.
 *
 * Pure TypeScript: no Office.js, no Node fs; runs in Excel, a browser and Node alike. Every module of
 * the core is free of side effects on import (webpack.config.js says so, and the file-mode chunk
 * takes only what it uses through this file).
 *
 * The job, from a caller's side:
 * - `loadRulesets(files)` validates rule set files (schema, references, templates, a self-test run);
 * - `assessWorkbook(port, registry, options)` reads the table through a `WorkbookPort` once, assesses
 *   in memory and writes once; `summaryLines` / `toJsonReport` say what it did;
 * - the board papers, the minutes and the follow-up are options of the same run (`AssessOptions`):
 *   it plans them, `src/board` renders the Word documents from the types below.
 */

export { cellAddress, columnLetter, parseRange, parseRef, rangeAddress, refColumn } from './a1';
export { type BoardLabels, type BoardPapers, type BoardProposal, boardSignature } from './board';
export { BOARD_CHOICE_LABELS, BOARD_CHOICES, type BoardChoice } from './board-decision';
export { fitCell, MAX_CELL_TEXT, withoutXmlInvalid } from './cell-text';
export { CHIEF_CHOICE_LABELS, type ChiefChoice, type ChiefDecision } from './chief';
export { OUTPUT_HEADERS } from './fields';
export { type FollowUpReport, type FollowUpTotals } from './followup/report';
export { type FollowUpTexts, followUpTextsFor } from './followup/texts';
export { tidyText } from './fold';
export { formatCount, formatIsoDate, formatKr, formatNumber, formatShare, formatWhole } from './format';
export { type AssessOptions, assessWorkbook, type Progress, type RunSummary, type WorkbookRun } from './job';
export { LOG_SHEET, logAfter, loggedInputsOf, type LogState, nextLogRow, planLogLines, readLog, setLogSha256 } from './log';
export { type MeetingChange, type MeetingItem } from './meeting';
export { meetingLines } from './meeting-summary';
export { type Minutes, type MinutesExtract } from './minutes';
export { type CellWrite, columnTexts, type SheetChart, type SheetGrid, type SheetValue, type SheetWrite, type TableDescription, withTextArrays, type WorkbookDescription, WorkbookError, type WorkbookPort, type WritePlan } from './port';
export { type BudgetYear } from './portfolio';
export { accessDeniedMessage, ACTION_VERBS, NOTHING_CHANGED, protectedSheetMessage } from './protection';
export { cellText, readMoney } from './readers';
export { summaryLines, toJsonReport } from './report';
export { loadRulesets, type RuleFile, RuleFileError, type RulesetInfo, type RulesetRegistry } from './rulesets';
export { locateTable, planOutputColumns, sameSheetName } from './table';
export { renderChiefDecision } from './texts/decision';
export { type Assessment, type CellValue, type Status, STATUS_LABELS, STATUS_ORDER } from './types';
