/**
 * The command line trusts rule files the build checked, by content (issue 10: start time): the
 * build records the sha-256 of the files its full check passed (build/cli/rules-checked.json),
 * and a load skips schema and self-test only when every file it reads is in that record, for the
 * build beside it. Anything else (an edited file, another directory, no or a garbled record) is
 * checked in full, with the usual Swedish problem lines.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRulesets, RuleFileError } from '../../src/core/rulesets';
import { loadRulesetsFromDir, recordCheckedRules } from '../../src/node/rules-dir';
import { RULES_DIR } from '../helpers/rules';
import { tempDirs } from '../helpers/temp-dirs';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const tempDir = tempDirs();

/** A build directory with its stamp, where a record may be written. */
function buildDir(stamp = '2026-12-03T08:00:00.000Z\n'): { record: string; dir: string } {
  const dir = tempDir('insats-build-');
  writeFileSync(join(dir, '.built'), stamp);
  return { dir, record: join(dir, 'rules-checked.json') };
}

/** A copy of rules/. */
function copyOfRules(): string {
  const dir = tempDir('insats-rules-');
  cpSync(RULES_DIR, dir, { recursive: true });
  return dir;
}

function edit2025(dir: string, mutate: (d: Json) => void): void {
  const file = join(dir, 'finsam-2025.json');
  const data = JSON.parse(readFileSync(file, 'utf8'));
  mutate(data);
  writeFileSync(file, JSON.stringify(data, null, 2));
}

/** loadRulesetsFromDir with the core's loader watched: whether it was asked to trust the files. */
async function trusted(dir: string, record: string | null): Promise<boolean> {
  const asked: boolean[] = [];
  await loadRulesetsFromDir(dir, {
    checkedRecord: record,
    load: (files, options) => {
      asked.push(options?.checkedAtBuild === true);
      return loadRulesets(files, options);
    },
  });
  expect(asked).toHaveLength(1);
  return asked[0];
}

async function problemLines(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RuleFileError);
    return (err as Error).message.split('\n');
  }
  throw new Error('accepted');
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the record of rule files the build checked', () => {
  test('is written after a full check that passed: the build stamp and each file’s sha-256', async () => {
    const { record } = buildDir('stämpel\n');
    const registry = await recordCheckedRules(RULES_DIR, record);
    expect(registry.rulesets.map((r) => `${r.id}@${r.version}`)).toEqual(['finsam-2018@1', 'finsam-2025@3']);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({
      built: 'stämpel\n',
      sha256: [sha(join(RULES_DIR, 'finsam-2018.json')), sha(join(RULES_DIR, 'finsam-2025.json'))],
    });
  });

  test('is not written when the check fails, and the loader’s problem lines come out', async () => {
    const { record } = buildDir();
    const rules = copyOfRules();
    edit2025(rules, (d) => {
      d.rules[1].event.params.severity = 'kanske';
    });
    const lines = await problemLines(recordCheckedRules(rules, record));
    expect(lines[0]).toMatch(/finsam-2025\.json: regel "[^"]+" vid \/rules\/1\/event\/params\/severity: "kanske" är inte tillåtet/u);
    expect(existsSync(record)).toBe(false);
  });

  test('is not written without a build stamp beside it', async () => {
    const dir = tempDir('insats-build-');
    await recordCheckedRules(RULES_DIR, join(dir, 'rules-checked.json'));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('loading a rules directory', () => {
  test('trusts files unchanged since the recorded check, to the same rule sets as a full check', async () => {
    const { record } = buildDir();
    const rules = copyOfRules();
    await recordCheckedRules(rules, record);
    expect(await trusted(rules, record)).toBe(true);
    // The same bytes elsewhere are the same files: content, not place, is what was checked.
    expect(await trusted(RULES_DIR, record)).toBe(true);
    const shape = (r: Awaited<ReturnType<typeof loadRulesetsFromDir>>) => r.rulesets.map((s) => ({ id: s.id, version: s.version, rules: s.rules.map((x) => x.id), parameters: s.parameters }));
    expect(shape(await loadRulesetsFromDir(rules, { checkedRecord: record }))).toEqual(shape(await loadRulesetsFromDir(rules, { checkedRecord: null })));
  });

  test('checks in full a file edited after the record, and rejects it with the usual Swedish lines', async () => {
    const { record } = buildDir();
    const rules = copyOfRules();
    await recordCheckedRules(rules, record);
    edit2025(rules, (d) => {
      d.rules[1].event.params.severity = 'kanske';
    });
    const withRecord = await problemLines(loadRulesetsFromDir(rules, { checkedRecord: record }));
    expect(withRecord).toEqual(await problemLines(loadRulesetsFromDir(rules, { checkedRecord: null })));
    expect(withRecord[0]).toBe(
      `${join(rules, 'finsam-2025.json')}: regel "${JSON.parse(readFileSync(join(rules, 'finsam-2025.json'), 'utf8')).rules[1].id}" vid /rules/1/event/params/severity: "kanske" är inte tillåtet; tillåtna värden är "flag", "reject", "error"`,
    );
  });

  test('checks in full when only the self-test would find the fault', async () => {
    const { record } = buildDir();
    const rules = copyOfRules();
    await recordCheckedRules(rules, record);
    edit2025(rules, (d) => {
      d.cases.base.Startdatum = 'inte ett datum';
    });
    const lines = await problemLines(loadRulesetsFromDir(rules, { checkedRecord: record }));
    expect(lines[0]).toMatch(/finsam-2025\.json: vid \/cases\/base: exempelraden går inte att läsa: /u);
  });

  test('checks in full a directory with a file the record does not hold', async () => {
    const { record } = buildDir();
    await recordCheckedRules(RULES_DIR, record);
    const rules = copyOfRules();
    // Same rules, other bytes: not what was checked.
    const file = join(rules, 'finsam-2018.json');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
    expect(await trusted(rules, record)).toBe(false);
  });

  test('checks in full with no record, a garbled one, one of another build, or none asked for', async () => {
    const { record, dir } = buildDir();
    expect(await trusted(RULES_DIR, record)).toBe(false);
    await recordCheckedRules(RULES_DIR, record);
    expect(await trusted(RULES_DIR, record)).toBe(true);
    expect(await trusted(RULES_DIR, null)).toBe(false);
    const good = readFileSync(record, 'utf8');
    for (const garbled of ['', '{', 'null', '[]', '{"built":1,"sha256":[]}', JSON.stringify({ ...JSON.parse(good), sha256: 'abc' })]) {
      writeFileSync(record, garbled);
      expect(await trusted(RULES_DIR, record)).toBe(false);
    }
    writeFileSync(record, good);
    writeFileSync(join(dir, '.built'), '2026-12-03T09:00:00.000Z\n');
    expect(await trusted(RULES_DIR, record)).toBe(false);
    rmSync(join(dir, '.built'));
    expect(await trusted(RULES_DIR, record)).toBe(false);
  });
});

describe('the compiled command line', () => {
  const REPO = resolve(__dirname, '..', '..');

  /** A copy of what `npm ci` builds from, in its own directory, so no other test's build is touched. */
  function checkout(): string {
    const dir = tempDir('insats-checkout-');
    for (const part of ['src', 'scripts', 'rules', 'package.json', 'tsconfig.json', 'tsconfig.cli.json']) cpSync(join(REPO, part), join(dir, part), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }
  const node = (cwd: string, args: string[]) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 60_000 });

  test('prepare records the check of rules/, a rebuild drops it, and an edited rule file is still rejected', () => {
    const root = checkout();
    const record = join(root, 'build', 'cli', 'rules-checked.json');
    expect(node(root, ['scripts/build-cli.js']).status).toBe(0);
    const written = JSON.parse(readFileSync(record, 'utf8'));
    expect(written.built).toBe(readFileSync(join(root, 'build', 'cli', '.built'), 'utf8'));
    expect(written.sha256).toEqual([sha(join(RULES_DIR, 'finsam-2018.json')), sha(join(RULES_DIR, 'finsam-2025.json'))]);

    // Unchanged: the run loads no schema check (self-test and schema skipped); with the record gone, it does.
    const probe = `const { runCli } = require('./build/cli/src/cli/main.js');
      runCli(${JSON.stringify([join(REPO, 'examples', 'ansokningar.xlsx'), '--out', join(root, 'trusted.xlsx'), '--date', '2026-11-23'])}, { stdout: { write() {} }, stderr: process.stderr, isTTY: false })
        .then((code) => process.stdout.write(JSON.stringify({ code, schema: Object.keys(require.cache).some((k) => k.includes('ruleset-validator')) })));`;
    expect(JSON.parse(node(root, ['-e', probe]).stdout)).toEqual({ code: 0, schema: false });
    const kept = readFileSync(record);
    rmSync(record);
    expect(JSON.parse(node(root, ['-e', probe]).stdout)).toEqual({ code: 0, schema: true });
    writeFileSync(record, kept);

    // The shipped rules/, edited after the record: the run checks it in full and stops.
    edit2025(join(root, 'rules'), (d) => {
      d.rules[1].event.params.severity = 'kanske';
    });
    const out = join(root, 'ut.xlsx');
    const run = node(root, ['scripts/assess.js', join(REPO, 'examples', 'ansokningar.xlsx'), '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Fel: rules\/finsam-2025\.json: regel "[^"]+" vid \/rules\/1\/event\/params\/severity: "kanske" är inte tillåtet/mu);
    expect(existsSync(out)).toBe(false);
    // npm run assess kept the modules' compiled code for the next run (scripts/compile-cache.js).
    const codeCache = join(root, 'build', 'cli', '.compile-cache');
    expect(existsSync(codeCache)).toBe(true);

    // A rebuild by itself (as check-rules.js does when stale) leaves no record or code cache behind.
    expect(node(root, ['-e', 'require("./scripts/build-cli.js").build()']).status).toBe(0);
    expect(existsSync(record)).toBe(false);
    expect(existsSync(codeCache)).toBe(false);
  }, 60_000);
});
