// The schema checks are compiled ahead of time (scripts/build-validator.ts, ajv standalone),
// so neither the pane nor the CLI carries ajv's compiler.
import { validateRuleset as validateSchema } from '../generated/ruleset-validator';
import { parseJson, RuleFileError, schemaProblems, type RuleProblem } from '../rule-problems';
import { buildRuleset } from './build';
import { selfTest } from './self-test';
import type { RawRuleset, RuleFile, Ruleset, RulesetRegistry } from './types';

/**
 * Loads and validates rule set files: JSON, schema, references, templates, validity
 * overlaps, and a self-test run of every rule. Throws RuleFileError listing every problem.
 */
export async function loadRulesets(files: readonly RuleFile[]): Promise<RulesetRegistry> {
  const problems: RuleProblem[] = [];
  const loaded: { ruleset: Ruleset; raw: RawRuleset }[] = [];
  for (const file of files) {
    const parsed = parseJson(file);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    if (!validateSchema(parsed.data)) {
      problems.push(...schemaProblems(file.path, parsed.data, validateSchema.errors ?? []));
      continue;
    }
    const raw = parsed.data as unknown as RawRuleset;
    const built = buildRuleset(file.path, raw);
    if ('problems' in built) {
      problems.push(...built.problems);
      continue;
    }
    const selfTestProblems = await selfTest(built.ruleset, raw);
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
