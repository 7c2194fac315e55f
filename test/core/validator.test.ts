import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AJV_OPTIONS, PARAMETERS_REF, VALIDATOR_FILE, validatorSource } from '../../scripts/build-validator';
import schema from '../../rules/ruleset.schema.json';
import { validateParameters, validateRuleset, type CompiledValidator } from '../../src/core/generated/ruleset-validator';
import { extendRuleset, type ExtendingRuleset } from '../../src/core/ruleset/extend';
import type { RawRuleset } from '../../src/core/ruleset/types';

test('the compiled schema check is generated from rules/ruleset.schema.json as it is now (npm run validator)', () => {
  expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(validatorSource());
});

describe('the compacted standalone check reports exactly what ajv itself reports', () => {
  const ajv = new Ajv({ ...AJV_OPTIONS });
  ajv.addSchema(schema);
  const reference = { ruleset: ajv.getSchema(schema.$id) as ValidateFunction, parameters: ajv.getSchema(PARAMETERS_REF) as ValidateFunction };

  const read = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'rules', name), 'utf8')) as Record<string, unknown>;
  const base = read('finsam-2025.json');
  const extending = read('finsam-2018.json');
  const merged = (extendRuleset('x', extending as unknown as ExtendingRuleset, base as unknown as RawRuleset) as { raw: RawRuleset }).raw;
  const extendingWithMore = { ...extending, parameters: { maxAmountPerYear: 1, allowedFte: [0.5], extra: ['a'] }, texts: { ...(extending.texts as object), paragraph: { placing: 'x', followUp: ['y'] } } };
  const seeds: unknown[] = [base, extending, merged, extendingWithMore];

  // A small deterministic generator of broken files: 1–3 edits (remove, replace, add a key) anywhere in a real file.
  let state = 20261125;
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const VALUES: unknown[] = [
    null, 0, -1, 1.5, 2, 131, '', 'x', 'Abc', '2025-13-1', '2025-01-01', [], [1], ['a'], {}, true, 'lessThanOrEqual', 'varning', 'flag',
    { all: [] }, { not: {} }, { fact: 'x', operator: 'equal', value: 1 }, { fact: 'x', values: {} }, { pass: 'a', fail: 'b' },
    { any: [{ fact: 'a', operator: 'in', value: { fact: 'b' } }] }, { fact: 'a', operator: 'x', value: { fact: '' } },
  ];
  const KEYS = ['zz', 'name', 'extends', 'rules', 'ruleOverrides', 'members', 'fact', 'all', 'any', 'not', 'check', 'short'];
  type Node = Record<string | number, unknown>;
  function places(node: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
    out.push(at);
    if (node && typeof node === 'object') for (const k of Object.keys(node)) places((node as Node)[k], [...at, Array.isArray(node) ? Number(k) : k], out);
    return out;
  }
  function mutate(doc: Node): void {
    const at = pick(places(doc).filter((p) => p.length > 0));
    const parent = at.slice(0, -1).reduce<Node>((n, k) => n[k] as Node, doc);
    const key = at[at.length - 1];
    const r = random();
    const target = parent[key];
    if (r < 0.25) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (r < 0.8 || !target || typeof target !== 'object' || Array.isArray(target)) parent[key] = structuredClone(pick(VALUES));
    else (target as Node)[pick(KEYS)] = structuredClone(pick(VALUES));
  }
  const outcome = (v: CompiledValidator | ValidateFunction, data: unknown) => ({ valid: v(data), errors: v.errors ?? null });

  test('on the rule files as they are', () => {
    for (const seed of seeds) expect(outcome(validateRuleset, seed)).toEqual(outcome(reference.ruleset, seed));
    expect(validateRuleset(base) && validateRuleset(extending) && validateRuleset(merged)).toBe(true);
  });

  test('on 3 000 broken variants of them, whole files and their parameters', () => {
    let invalid = 0;
    for (let i = 0; i < 3000; i++) {
      const doc = structuredClone(pick(seeds)) as Node;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) mutate(doc);
      const got = outcome(validateRuleset, doc);
      expect(got).toEqual(outcome(reference.ruleset, doc));
      if (!got.valid) invalid++;
      const parameters = doc.parameters ?? {};
      expect(outcome(validateParameters, parameters)).toEqual(outcome(reference.parameters, parameters));
    }
    // The generator must mostly produce broken files, or the comparison proves little.
    expect(invalid).toBeGreaterThan(2000);
  });
});
