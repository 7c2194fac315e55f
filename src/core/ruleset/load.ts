import type { CompiledValidator } from '../generated/ruleset-validator';
import { parseJson, RuleFileError, schemaProblems, type RuleProblem } from '../rule-problems';
import { buildRuleset } from './build';
import { extendRuleset, isExtending, type ExtendingRuleset } from './extend';
import { selfTest } from './self-test';
import type { RawRuleset, RuleFile, Ruleset, RulesetRegistry } from './types';

export interface LoadOptions {
  /**
   * The files were loaded by this same loader when the task pane was built (scripts/check-rules.js
   * fails the build otherwise): the schema check and the self-test are not run again, so the pane
   * never fetches the schema check for its own files. Only for files bundled unchanged since.
   */
  checkedAtBuild?: boolean;
}

/**
 * The schema check, compiled ahead of time (scripts/build-validator.ts, ajv standalone), so no
 * ajv compiler is shipped; imported on demand, so the pane loads its chunk only when it checks.
 */
export async function schemaCheck(): Promise<{ validateRuleset: CompiledValidator; validateParameters: CompiledValidator }> {
  return import(/* webpackChunkName: "rule-check" */ '../generated/ruleset-validator');
}

/**
 * Loads and validates rule set files: JSON, schema, a file that extends another merged onto its base,
 * references, templates, validity overlaps, and a self-test run of every rule. Throws RuleFileError
 * listing every problem. With `checkedAtBuild`, schema and self-test are skipped (see LoadOptions).
 */
export async function loadRulesets(files: readonly RuleFile[], options: LoadOptions = {}): Promise<RulesetRegistry> {
  const validateSchema = options.checkedAtBuild ? null : (await schemaCheck()).validateRuleset;
  const problems: RuleProblem[] = [];
  const loaded: { ruleset: Ruleset; raw: RawRuleset }[] = [];
  // First every file on its own (JSON and schema), then the extending ones on top of their base.
  const valid: { file: RuleFile; data: RawRuleset | ExtendingRuleset }[] = [];
  for (const file of files) {
    const parsed = parseJson(file);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    if (validateSchema && !validateSchema(parsed.data)) {
      problems.push(...schemaProblems(file.path, parsed.data, validateSchema.errors ?? []));
      continue;
    }
    valid.push({ file, data: parsed.data as unknown as RawRuleset | ExtendingRuleset });
  }
  const bases = new Map(valid.filter((v) => !isExtending(v.data)).map((v) => [v.data.id, v.data as RawRuleset] as const));
  for (const { file, data } of valid) {
    let raw: RawRuleset;
    if (isExtending(data)) {
      const base = bases.get(data.extends);
      if (!base) {
        problems.push({ file: file.path, rule: null, path: '/extends', message: `regeluppsättningen "${data.extends}" som filen bygger på finns inte bland regelfilerna (eller bygger själv på en annan)` });
        continue;
      }
      const extended = extendRuleset(file.path, data, base);
      if ('problems' in extended) {
        problems.push(...extended.problems);
        continue;
      }
      // The merged rule set must be a whole rule set by the same schema.
      if (validateSchema && !validateSchema(extended.raw)) {
        problems.push(...schemaProblems(file.path, extended.raw, validateSchema.errors ?? []));
        continue;
      }
      raw = extended.raw;
    } else raw = data;
    const built = buildRuleset(file.path, raw, data);
    if ('problems' in built) {
      problems.push(...built.problems);
      continue;
    }
    const selfTestProblems = options.checkedAtBuild ? [] : await selfTest(built.ruleset, raw);
    if (selfTestProblems.length) {
      problems.push(...selfTestProblems);
      continue;
    }
    loaded.push({ ruleset: built.ruleset, raw });
  }
  if (files.length === 0) problems.push({ file: '(regelkatalogen)', rule: null, path: null, message: 'inga regelfiler hittades' });

  const sorted = loaded.map((l) => l.ruleset).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (a.id === b.id) problems.push({ file: b.path, rule: null, path: '/id', message: `regeluppsättningen "${b.id}" finns redan i ${a.path}` });
      if (a.validTo === null || a.validTo >= b.validFrom) {
        problems.push({
          file: b.path,
          rule: null,
          path: '/validFrom',
          message: `giltighetstiden ${b.validFrom} – ${b.validTo ?? 'tills vidare'} överlappar ${a.id} i ${a.path} (${a.validFrom} – ${a.validTo ?? 'tills vidare'})`,
        });
      }
    }
  }
  if (problems.length) throw new RuleFileError(problems);
  return { rulesets: sorted };
}
