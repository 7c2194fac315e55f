/**
 * Custom json-rules-engine operators for checks the built-in ones cannot express:
 * organisation names, key words and calendar dates. Each one is total: a value
 * of the wrong type makes it false, never throws, so one odd row cannot stop a run.
 *
 * Each one must also be pure (its result depends on its two arguments only, no clock, no state that
 * changes what it answers): RuleRunner (ruleset/rule-runner.ts) remembers a rule's outcome for the values
 * it read and does not run the rule again for them. The name cache below only saves work.
 */

import { nfc } from './nfc';

// The same few organisation names recur on every row: fold each once.
const folded = new Map<string, string>();
const MAX_FOLDED = 10_000;

/** Organisation names compare case-insensitively with white space folded. */
export function foldName(name: string): string {
  let f = folded.get(name);
  if (f === undefined) {
    f = foldText(name);
    if (folded.size >= MAX_FOLDED) folded.clear();
    folded.set(name, f);
  }
  return f;
}

/**
 * foldName without keeping the result: for names that seldom recur (each insats's own name), which
 * would fill foldName's cache and push out the organisation names that recur on every row.
 */
export function foldText(name: string): string {
  return nfc(name).replace(/\s+/gu, ' ').trim().toLocaleLowerCase('sv-SE');
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

// Folded member names per members list: the list is a rule set constant, folded once.
const foldedMembers = new WeakMap<object, Set<string>>();
function memberNames(list: unknown): Set<string> {
  if (!Array.isArray(list)) return new Set();
  let set = foldedMembers.get(list);
  if (!set) {
    set = new Set(list.map((m) => foldName(typeof m === 'string' ? m : typeof m === 'object' && m && 'name' in m ? String((m as { name: unknown }).name) : '')));
    foldedMembers.set(list, set);
  }
  return set;
}

export const CUSTOM_OPERATORS: Record<string, (factValue: unknown, jsonValue: unknown) => boolean> = {
  /** fact: an organisation name; value: the members (names or {name, kind}). */
  memberOf(factValue, jsonValue) {
    if (typeof factValue !== 'string') return false;
    return memberNames(jsonValue).has(foldName(factValue));
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
