import type { Ruleset, RulesetInfo, RulesetRegistry } from './types';

/** The rule set in force on a date, or null. */
export function rulesetInForce(registry: RulesetRegistry, date: string): Ruleset | null {
  return registry.rulesets.find((r) => r.validFrom <= date && (r.validTo === null || date <= r.validTo)) ?? null;
}

export function rulesetInfo(r: Ruleset): RulesetInfo {
  return { id: r.id, version: r.version, title: r.title, validFrom: r.validFrom, validTo: r.validTo };
}
