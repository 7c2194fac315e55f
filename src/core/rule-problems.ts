import type { ErrorObject } from 'ajv';
import type { RuleFile } from './rulesets';

/**
 * Problems in rule set files, in Swedish, each naming the file, the rule and the JSON path:
 * JSON syntax, schema violations (from ajv's errors) and the loader's own checks.
 */

export interface RuleProblem {
  file: string;
  rule: string | null;
  path: string | null;
  message: string;
}

/** A rule file that cannot be used. Each problem names the file, the rule and the JSON path. */
export class RuleFileError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'RuleFileError';
  }
}

export function formatProblem(p: RuleProblem): string {
  const where = [p.rule ? `regel "${p.rule}"` : null, p.path ? `vid ${p.path}` : null].filter(Boolean).join(' ');
  return `${p.file}: ${where ? `${where}: ` : ''}${p.message}`;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'ett tal',
  integer: 'ett heltal',
  string: 'en text',
  boolean: 'true eller false',
  array: 'en lista',
  object: 'ett objekt',
  null: 'null',
};

/** The value at a JSON Pointer (`/rules/3/event`), or undefined. */
function dataAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function describeAjvError(err: ErrorObject, root: unknown): string {
  const e = { ...err, data: dataAt(root, err.instancePath) };
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      if (e.schemaPath.endsWith('/else/else/else/required')) return 'ett villkor ska ha "all", "any" eller "not"';
      return `saknar "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `okänd nyckel "${String(p.additionalProperty)}"`;
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      if (e.instancePath.endsWith('/operator')) return `okänd operator ${JSON.stringify(e.data)}; tillåtna är ${allowed}`;
      return `${JSON.stringify(e.data)} är inte tillåtet; tillåtna värden är ${allowed}`;
    }
    case 'type':
      return `ska vara ${String(p.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' eller ')}, inte ${JSON.stringify(e.data)}`;
    case 'pattern':
      return e.schemaPath.includes('isoDate') ? `${JSON.stringify(e.data)} är inget datum på formen ÅÅÅÅ-MM-DD` : `${JSON.stringify(e.data)} har fel form (små bokstäver, siffror och bindestreck)`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `ska vara ${e.keyword === 'minimum' ? 'minst' : 'större än'} ${String(p.limit)}, inte ${JSON.stringify(e.data)}`;
    case 'maximum':
      return `ska vara högst ${String(p.limit)}, inte ${JSON.stringify(e.data)}`;
    case 'minItems':
      return `ska ha minst ${String(p.limit)} element`;
    case 'minLength':
      return 'får inte vara tom';
    case 'oneOf':
      return `har fel typ eller form: ${JSON.stringify(e.data)}`;
    default:
      return e.message ?? 'ogiltigt värde';
  }
}

function ruleIdAt(data: unknown, path: string): string | null {
  const m = /^\/rules\/(\d+)/.exec(path);
  if (m) {
    const rule = (data as { rules?: { id?: unknown }[] }).rules?.[Number(m[1])];
    return typeof rule?.id === 'string' ? rule.id : `nr ${Number(m[1]) + 1}`;
  }
  const c = /^\/cases\/examples\/(\d+)/.exec(path);
  if (c) {
    const ex = (data as { cases?: { examples?: { rule?: unknown }[] } }).cases?.examples?.[Number(c[1])];
    return typeof ex?.rule === 'string' ? ex.rule : null;
  }
  return null;
}

/** Turns ajv's errors into one problem per place, the most specific first. */
export function schemaProblems(file: string, data: unknown, errors: ErrorObject[]): RuleProblem[] {
  const kept = errors.filter((e) => e.keyword !== 'if');
  const oneOfPaths = new Set(kept.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const problems: RuleProblem[] = [];
  for (const e of kept) {
    if (oneOfPaths.has(e.instancePath) && e.keyword !== 'oneOf') continue;
    const path = e.instancePath || '/';
    const key = `${path}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file, rule: ruleIdAt(data, path), path, message: describeAjvError(e, data) });
  }
  return problems;
}

export function parseJson(file: RuleFile): { data: unknown } | { problem: RuleProblem } {
  if (file.data !== undefined) return { data: file.data };
  try {
    return { data: JSON.parse(file.text ?? '') };
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = '';
    if (pos && file.text) {
      const before = file.text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = Number(pos[1]) - before.lastIndexOf('\n');
      where = ` på rad ${line}, kolumn ${col}`;
    }
    // With a position the line and column say enough; without one, keep the parser's own words.
    return { problem: { file: file.path, rule: null, path: null, message: where ? `ogiltig JSON${where}` : `ogiltig JSON (${message})` } };
  }
}
