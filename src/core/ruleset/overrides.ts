import { describeAjvError, formatProblem, RuleFileError, type RuleProblem } from '../rule-problems';
import { buildRuleset } from './build';
import { schemaCheck } from './load';
import type { Ruleset, RulesetRegistry } from './types';

/** A parameter value from a workbook, with the cell it came from. */
export interface ParameterOverride {
  name: string;
  value: unknown;
  address: string;
}


/**
 * The registry with a workbook's parameters in place of the files' values, validated
 * with the same schema. Problems name the cell. A parameter no rule set has is an error.
 */
export async function withParameterOverrides(registry: RulesetRegistry, overrides: readonly ParameterOverride[]): Promise<RulesetRegistry> {
  const sheet = 'Arbetsboken';
  if (overrides.length === 0) return registry;
  // Fetched only here: a workbook without overrides never loads the schema check.
  const { validateParameters } = await schemaCheck();
  const problems: RuleProblem[] = [];
  for (const o of overrides) {
    if (!registry.rulesets.some((r) => o.name in r.parameters)) {
      const known = [...new Set(registry.rulesets.flatMap((r) => Object.keys(r.parameters)))].join(', ');
      problems.push({ file: sheet, rule: null, path: o.address, message: `okänd parameter "${o.name}"; kända parametrar är ${known}` });
    }
  }
  const rebuilt: Ruleset[] = [];
  for (const r of registry.rulesets) {
    const parameters = { ...r.parameters };
    for (const o of overrides) if (o.name in parameters) (parameters as Record<string, unknown>)[o.name] = o.value;
    if (!validateParameters(parameters)) {
      for (const e of validateParameters.errors ?? []) {
        const name = e.instancePath.split('/')[1] ?? '';
        const o = overrides.find((x) => x.name === name);
        problems.push({ file: sheet, rule: null, path: o?.address ?? null, message: `parametern "${name}" ${describeAjvError(e, parameters)}` });
      }
      continue;
    }
    const built = buildRuleset(r.path, { ...r.definition, parameters }, r.source);
    if ('problems' in built) problems.push(...built.problems);
    else rebuilt.push(built.ruleset);
  }
  if (problems.length) throw new RuleFileError(dedupeProblems(problems));
  return { rulesets: rebuilt };
}

function dedupeProblems(problems: RuleProblem[]): RuleProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
