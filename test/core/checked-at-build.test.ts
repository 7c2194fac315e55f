/**
 * loadRulesets(files, { checkedAtBuild: true }): what the task pane uses for rule files its build
 * already loaded (scripts/check-rules.js). It skips the schema check and the self-test, and nothing
 * else; without the flag every file is checked as before, and workbook overrides always are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as RulesetsModule from '../../src/core/rulesets';
import { RULES_DIR } from '../helpers/rules';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Rulesets = typeof RulesetsModule;

const VALIDATOR = '../../src/core/generated/ruleset-validator';
const text = (name: string) => readFileSync(join(RULES_DIR, name), 'utf8');
const shipped = () => [
  { path: 'rules/finsam-2018.json', text: text('finsam-2018.json') },
  { path: 'rules/finsam-2025.json', text: text('finsam-2025.json') },
];
const data2025 = (): Json => JSON.parse(text('finsam-2025.json'));

/**
 * The core in a fresh module registry where the schema check records whether it was loaded
 * (the pane's bundle fetches its chunk at that moment).
 */
async function freshCore(): Promise<{ core: Rulesets; schemaLoaded: () => boolean }> {
  let loaded = false;
  // A new registry for the test: the core's later import() of the check resolves in it too.
  jest.resetModules();
  jest.doMock(VALIDATOR, () => {
    loaded = true;
    return jest.requireActual(VALIDATOR);
  });
  const core = (await import('../../src/core/rulesets')) as Rulesets;
  return { core, schemaLoaded: () => loaded };
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('accepted');
}

afterEach(() => jest.dontMock(VALIDATOR));

describe('rule files checked when the pane was built', () => {
  test('load to the same rule sets as a full check, without loading the schema check', async () => {
    const { core, schemaLoaded } = await freshCore();
    const trusted = await core.loadRulesets(shipped(), { checkedAtBuild: true });
    expect(schemaLoaded()).toBe(false);
    const full = await core.loadRulesets(shipped());
    expect(schemaLoaded()).toBe(true);
    const shape = (r: RulesetsModule.RulesetRegistry) =>
      r.rulesets.map((s) => ({ id: s.id, version: s.version, validTo: s.validTo, rules: s.rules.map((x) => x.id), parameters: s.parameters, definition: s.definition, source: s.source }));
    expect(shape(trusted)).toEqual(shape(full));
    expect(trusted.rulesets.map((r) => `${r.id}@${r.version}`)).toEqual(['finsam-2018@1', 'finsam-2025@3']);
  });

  test('a workbook without overrides never loads the schema check; one with overrides is still checked by it', async () => {
    const { core, schemaLoaded } = await freshCore();
    const registry = await core.loadRulesets(shipped(), { checkedAtBuild: true });
    expect(await core.withParameterOverrides(registry, [])).toBe(registry);
    expect(schemaLoaded()).toBe(false);
    const bad = core.withParameterOverrides(registry, [{ name: 'maxMonths', value: 'tjugofyra', address: 'Regelparametrar!B2' }]);
    expect(await messageOf(bad)).toBe('Arbetsboken: vid Regelparametrar!B2: parametern "maxMonths" ska vara ett heltal, inte "tjugofyra"');
    expect(schemaLoaded()).toBe(true);
    const good = await core.withParameterOverrides(registry, [{ name: 'maxMonths', value: 36, address: 'Regelparametrar!B2' }]);
    expect(good.rulesets.map((r) => r.parameters.maxMonths)).toEqual([36, 36]);
  });

  test('still reports what the build does not vouch for: JSON, references, extension bases, overlaps', async () => {
    const { core } = await freshCore();
    const trusted = (files: { path: string; text: string }[]) => messageOf(core.loadRulesets(files, { checkedAtBuild: true }));
    expect(await trusted([{ path: 'rules/trasig.json', text: '{\n  "id": "x",\n}\n' }])).toMatch(/^rules\/trasig\.json: ogiltig JSON på rad 3, kolumn 1/);
    const unknownParameter = data2025();
    unknownParameter.rules[0].conditions.all[0].value = { fact: 'maxManader' };
    expect(await trusted([{ path: 'rules/finsam-2025.json', text: JSON.stringify(unknownParameter) }])).toMatch(/^rules\/finsam-2025\.json: regel "[^"]+" vid \/rules\/0\/conditions\/all\/0\/value\/fact: okänd parameter eller faktum "maxManader"/);
    expect(await trusted([shipped()[0]])).toMatch(/^rules\/finsam-2018\.json: vid \/extends: regeluppsättningen "finsam-2025" som filen bygger på finns inte/);
    const copy = data2025();
    copy.id = 'finsam-2025-kopia';
    expect(await trusted([...shipped(), { path: 'rules/kopia.json', text: JSON.stringify(copy) }])).toMatch(/överlappar finsam-2025 i rules\/finsam-2025\.json/);
  });

  test('skips only the schema check and the self-test: the same file without the flag fails both, with unchanged messages', async () => {
    const { core } = await freshCore();
    const schemaBroken = data2025();
    schemaBroken.kommentar = 'okänd nyckel';
    const file = { path: 'rules/finsam-2025.json', text: JSON.stringify(schemaBroken) };
    expect(await messageOf(core.loadRulesets([file]))).toBe('rules/finsam-2025.json: vid /: okänd nyckel "kommentar"');
    // Trusted, it loads: proof that the flag is what skipped the schema (the build would have stopped it).
    await expect(core.loadRulesets([file], { checkedAtBuild: true })).resolves.toBeDefined();

    const baseUnreadable = data2025();
    baseUnreadable.cases.base.Startdatum = 'inte ett datum';
    const unreadable = { path: 'rules/finsam-2025.json', text: JSON.stringify(baseUnreadable) };
    expect(await messageOf(core.loadRulesets([unreadable]))).toMatch(/^rules\/finsam-2025\.json: vid \/cases\/base: exempelraden går inte att läsa: /);
    await expect(core.loadRulesets([unreadable], { checkedAtBuild: true })).resolves.toBeDefined();
  });
});
