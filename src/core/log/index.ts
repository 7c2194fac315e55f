/** The Logg sheet: what its modules give the job, the pane and the command line (see schema.ts for the whole). */
export { emptyLog, LOG_EVENTS, LOG_HEADER, LOG_SHEET, type LogEntry, type LoggedDecision, type LoggedInputs, type LogState } from './schema';
export { lineHash, overridesHash, rulesHash, setLogSha256, type Sha256Hex } from './hash';
export { decisionKey, rowKey } from './keys';
export { loggedInputsByRow, readLog } from './read';
export { decisionsSeen, joinLogWrites, loggedInputsOf, planBoardDecisionLines, planLogLines, planRunLog, type BoardDecisionRecorded, type DecisionSeen, type LogRun } from './write';
export { logAfter, nextLogRow } from './state';
