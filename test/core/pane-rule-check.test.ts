/**
 * The rule check of a production pane build (scripts/check-rules.js): the bundled rule files are
 * loaded with the core's full loader before anything is compiled, a broken file stops the build
 * with the loader's Swedish lines, and only such a build tells the pane its files are checked.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RuleFileError } from '../../src/core/rulesets';
import { loadRulesetsFromDir } from '../../src/node/rules-dir';
import { RULES_DIR } from '../helpers/rules';
import { tempDirs } from '../helpers/temp-dirs';
import { runWebpack } from '../helpers/webpack';

const REPO = resolve(__dirname, '..', '..');
interface Check {
  checkRuleFiles(dir: string): Promise<{ rulesets: string[]; problems: string[] }>;
  RuleFilesCheckPlugin: new (o: { dir: string }) => { dir: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript that webpack.config.js loads
const { checkRuleFiles, RuleFilesCheckPlugin } = require(join(REPO, 'scripts', 'check-rules.js')) as Check;

const tempDir = tempDirs();

/** A copy of rules/ with finsam-2025.json changed by `mutate`. */
function brokenRules(mutate: (data: Record<string, any>) => void): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const dir = tempDir('insats-rules-');
  cpSync(RULES_DIR, dir, { recursive: true });
  const file = join(dir, 'finsam-2025.json');
  const data = JSON.parse(readFileSync(file, 'utf8'));
  mutate(data);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return dir;
}

async function loaderLines(dir: string): Promise<string[]> {
  try {
    await loadRulesetsFromDir(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleFileError);
    return (err as Error).message.split('\n');
  }
  throw new Error('accepted');
}

describe('checkRuleFiles', () => {
  test('loads the shipped rule files', async () => {
    expect(await checkRuleFiles(RULES_DIR)).toEqual({ rulesets: ['finsam-2018@1', 'finsam-2025@3'], problems: [] });
  });

  test('gives exactly the problem lines the loader gives (file, rule, path, Swedish)', async () => {
    const dir = brokenRules((d) => {
      d.rules[1].event.params.severity = 'kanske';
    });
    const result = await checkRuleFiles(dir);
    expect(result.rulesets).toEqual([]);
    expect(result.problems).toEqual(await loaderLines(dir));
    expect(result.problems[0]).toBe(
      `${join(dir, 'finsam-2025.json')}: regel "${readRule(dir)}" vid /rules/1/event/params/severity: "kanske" är inte tillåtet; tillåtna värden är "flag", "reject", "error"`,
    );
  });

  test('runs the self-test too, not only the schema', async () => {
    const dir = brokenRules((d) => {
      d.cases.base.Startdatum = 'inte ett datum';
    });
    const { problems } = await checkRuleFiles(dir);
    expect(problems[0]).toMatch(/finsam-2025\.json: vid \/cases\/base: exempelraden går inte att läsa: /);
  });
});

function readRule(dir: string): string {
  return JSON.parse(readFileSync(join(dir, 'finsam-2025.json'), 'utf8')).rules[1].id;
}

describe('the pane build', () => {
  test('stops on a broken rule file, before compiling, with the Swedish lines naming the file', () => {
    const rules = brokenRules((d) => {
      d.rules[1].event.params.severity = 'kanske';
    });
    const dist = tempDir('insats-taskpane-');
    const build = runWebpack(['--mode', 'production', '--no-stats'], { DIST_DIR: dist, RULES_DIR: rules, ADDIN_URL: 'https://insatsbedomning.example.org/' }, 120_000);
    expect(build.status).not.toBe(0);
    const out = `${build.stdout}\n${build.stderr}`;
    expect(out).toContain(`Regelfilerna i ${rules} går inte att läsa in, så tillägget byggs inte:`);
    expect(out).toContain(`${join(rules, 'finsam-2025.json')}: regel "${readRule(rules)}" vid /rules/1/event/params/severity: "kanske" är inte tillåtet`);
    expect(out).toContain('regelkontrollen hittade 2 problem i regelfilerna');
    expect(existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.js')) : []).toEqual([]);
  }, 120_000);

  type Config = { resolve: { alias: Record<string, string> }; plugins: object[] };
  const config = async (mode: string, env: Record<string, unknown> = {}): Promise<Config> =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real webpack.config.js
    (require(join(REPO, 'webpack.config.js')) as (env: object, argv: object) => Promise<Config>)(env, { mode });
  const defined = (c: Config) => {
    const define = c.plugins.find((p) => p.constructor.name === 'DefinePlugin') as { definitions: Record<string, string> };
    return JSON.parse(define.definitions.__RULES_CHECKED_AT_BUILD__) as boolean;
  };

  test('a production build checks the very directory it bundles, and only it marks the files checked', async () => {
    const production = await config('production');
    const checks = production.plugins.filter((p) => p instanceof RuleFilesCheckPlugin) as { dir: string }[];
    expect(checks.map((p) => p.dir)).toEqual([RULES_DIR]);
    expect(production.resolve.alias['insats-rules']).toBe(RULES_DIR);
    expect(defined(production)).toBe(true);
    const development = await config('development');
    expect(development.plugins.some((p) => p instanceof RuleFilesCheckPlugin)).toBe(false);
    expect(defined(development)).toBe(false);
  });
});
