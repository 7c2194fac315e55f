/**
 * Custom json-rules-engine operators for checks the built-in ones cannot express:
 * organisation names, key words and calendar dates. Each one is total: a value
 * of the wrong type makes it false, never throws, so one odd row cannot stop a run.
 *
 * Each one must also be pure (its result depends on its two arguments only, no clock, no state that
 * changes what it answers): RuleRunner (ruleset/rule-runner.ts) remembers a rule's outcome for the values
 * it read and does not run the rule again for them. The name caches (nameKey's, the members') only save work.
 */

import { nameKey } from './fold';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

// Folded member names per members list: the list is a rule set constant, folded once.
const foldedMembers = new WeakMap<object, Set<string>>();
function memberNames(list: unknown): Set<string> {
  if (!Array.isArray(list)) return new Set();
  let set = foldedMembers.get(list);
  if (!set) {
    set = new Set(list.map((m) => nameKey(typeof m === 'string' ? m : typeof m === 'object' && m && 'name' in m ? String((m as { name: unknown }).name) : '')));
    foldedMembers.set(list, set);
  }
  return set;
}

export const CUSTOM_OPERATORS: Record<string, (factValue: unknown, jsonValue: unknown) => boolean> = {
  /** fact: an organisation name; value: the members (names or {name, kind}). */
  memberOf(factValue, jsonValue) {
    if (typeof factValue !== 'string') return false;
    return memberNames(jsonValue).has(nameKey(factValue));
  },
  /** fact: free text; value: key words. True when any key word occurs anywhere, ignoring case. */
  containsAnyWord(factValue, jsonValue) {
    if (typeof factValue !== 'string' || !Array.isArray(jsonValue)) return false;
    const text = factValue.toLocaleLowerCase('sv-SE');
    return jsonValue.some((w) => typeof w === 'string' && w.trim() !== '' && text.includes(w.toLocaleLowerCase('sv-SE')));
  },
  /** fact and value: ISO dates. */
  dateOnOrAfter(factValue, jsonValue) {
    return typeof factValue === 'string' && typeof jsonValue === 'string' && ISO.test(factValue) && ISO.test(jsonValue) && factValue >= jsonValue;
  },
  dateOnOrBefore(factValue, jsonValue) {
    return typeof factValue === 'string' && typeof jsonValue === 'string' && ISO.test(factValue) && ISO.test(jsonValue) && factValue <= jsonValue;
  },
};
