import type { Ruleset, RulesetInfo, RulesetRegistry } from './types';

/** The rule set in force on a date, or null. */
export function rulesetInForce(registry: RulesetRegistry, date: string): Ruleset | null {
  return registry.rulesets.find((r) => r.validFrom <= date && (r.validTo === null || date <= r.validTo)) ?? null;
}

/**
 * The rule set whose words a document takes when its date says it (the board papers' meeting, the
 * follow-up's date): the one in force then, else the newest, as the signature is.
 */
export function rulesetForTexts(registry: RulesetRegistry, date: string | null, what: string): Ruleset {
  const ruleset = (date !== null ? rulesetInForce(registry, date) : null) ?? registry.rulesets[registry.rulesets.length - 1];
  if (!ruleset) throw new Error(`Internt fel: inga regelverk att ta ${what} texter från.`);
  return ruleset;
}

export function rulesetInfo(r: Ruleset): RulesetInfo {
  return { id: r.id, version: r.version, title: r.title, validFrom: r.validFrom, validTo: r.validTo };
}
