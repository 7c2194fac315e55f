/**
 * Whether a value is a scalar (a string, a number, a boolean or null) or a list of non-null
 * scalars: what a parameter must be to stand as a condition's literal value (ruleset/engine.ts),
 * to be named in a text (ruleset/build.ts, texts/decision.ts) and to be reported as a figure
 * (texts/shared-render.ts). The members and the priority groups (lists of objects) are neither.
 *
 * @example isScalarOrList(0.5) // true
 * @example isScalarOrList([0.25, 0.5]) // true
 * @example isScalarOrList([{ name: 'Uppsala', kind: 'kommun' }]) // false
 */
export function isScalarOrList(v: unknown): boolean {
  return typeof v !== 'object' || v === null || (Array.isArray(v) && v.every((x) => typeof x !== 'object'));
}
