import { join } from 'node:path';
import { loadRulesetsFromDir } from '../../src/node/rules-dir';
import type { RulesetRegistry } from '../../src/core/rulesets';

export const RULES_DIR = join(__dirname, '..', '..', 'rules');

let shipped: Promise<RulesetRegistry> | null = null;
/** The shipped rule sets, loaded once per test file. */
export function shippedRules(): Promise<RulesetRegistry> {
  shipped ??= loadRulesetsFromDir(RULES_DIR);
  return shipped;
}
