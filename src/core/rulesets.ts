/**
 * Rule sets: the public face of src/core/ruleset/, split by concept the way json-rules-engine
 * splits engine, rule, condition and almanac:
 * - types.ts: a rule set as the file says it and as loaded;
 * - conditions.ts: the facts a condition tree names;
 * - build.ts: validation of names and references, template compilation;
 * - engine.ts: the json-rules-engine engines, one per scope, built once;
 * - self-test.ts: example rows, and every rule run once at load;
 * - load.ts: files → registry (JSON, schema, build, self-test, validity overlaps);
 * - lookup.ts: the rule set in force on a date;
 * - overrides.ts: a workbook's Regelparametrar in place of the files' values.
 */
export { DECISION_NAMES } from './ruleset/build';
export { caseRowToRawRow } from './ruleset/self-test';
export { loadRulesets } from './ruleset/load';
export { rulesetInForce, rulesetInfo } from './ruleset/lookup';
export { withParameterOverrides, type ParameterOverride } from './ruleset/overrides';
export type {
  CaseRow,
  Narration,
  RawRuleset,
  RuleCase,
  RuleChecks,
  RuleDefinition,
  RuleFile,
  Ruleset,
  RulesetInfo,
  RulesetRegistry,
  RuleTexts,
} from './ruleset/types';
export { formatProblem, RuleFileError, type RuleProblem } from './rule-problems';
