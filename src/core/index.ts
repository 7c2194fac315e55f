/**
 * The public API of the core, for the adapters and callers (CLI, task pane, tests).
 * Pure TypeScript: no Office.js, no Node fs; runs in Excel, a browser and Node alike.
 *
 * - `loadRulesets(files)` validates rule set files (schema, references, templates, a self-test run).
 * - `assessRows(rows, registry, options)` assesses application rows in memory.
 * - `assessWorkbook(port, registry, options)` is the whole job through a WorkbookPort: read once, assess, write once.
 */
export { assessRows, type AssessRowsOptions, type AssessRowsResult } from './assess';
export { countStatuses } from './status';
export { assessWorkbook, buildWritePlan, STATUS_COLORS, type AssessOptions, type Progress, type RunSummary, type WorkbookRun } from './job';
export { budgetByYear, splitByYear, type BudgetFrame, type BudgetYear } from './portfolio';
export * from './port';
export { formatProblem, loadRulesets, RuleFileError, rulesetInForce, rulesetInfo, type RuleFile, type Ruleset, type RulesetInfo, type RulesetRegistry } from './rulesets';
export * from './types';
export { CHIEF_CHOICE_LABELS, type ChiefChoice, type ChiefDecision } from './chief';
