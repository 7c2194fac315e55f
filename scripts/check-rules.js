/**
 * The rule check of a task pane build: loads a rules directory with the core's own full loader
 * (JSON, schema, extension merge, build, self-test, validity overlaps) from the compiled command
 * line in build/cli/ (rebuilt first when stale), and fails the build with the loader's Swedish
 * problem lines (file, rule, path). Only a build where it passed marks its rule files as checked
 * (src/taskpane/rules.ts), so the pane does not fetch the schema check for them.
 *
 *   node scripts/check-rules.js [dir]      the same check on its own (default rules/)
 *   new RuleFilesCheckPlugin({ dir })      in webpack.config.js: runs before anything is compiled
 *   recordRuleCheck()                      after each build of build/cli (build-cli.js, assess.js):
 *                                          the full check of rules/, and when it passed, the checked
 *                                          files' sha-256 in build/cli/rules-checked.json, so the
 *                                          command line skips schema and self-test for them
 *
 * Plain JavaScript, like build-cli.js: webpack.config.js loads it without a TypeScript step.
 */
'use strict';
const path = require('node:path');
const { build, isStale } = require('./build-cli');

const ROOT = path.resolve(__dirname, '..');
const LOADER = path.join(ROOT, 'build', 'cli', 'src', 'node', 'rules-dir.js');
const RULES = path.join(ROOT, 'rules');
const PLUGIN = 'RuleFilesCheckPlugin';

/**
 * Loads every rule file in `dir` as the command line would. Resolves to the rule sets loaded
 * (`id@version`) and no problems, or to the problem lines; rejects only on a fault of the tool itself.
 */
async function checkRuleFiles(dir) {
  if (isStale()) build();
  const { loadRulesetsFromDir } = require(LOADER);
  try {
    // Always the full check here: this is the check a record would stand for.
    const registry = await loadRulesetsFromDir(dir, { checkedRecord: null });
    return { rulesets: registry.rulesets.map((r) => `${r.id}@${r.version}`), problems: [] };
  } catch (err) {
    if (err && err.name === 'RuleFileError' && Array.isArray(err.problems)) return { rulesets: [], problems: String(err.message).split('\n') };
    throw err;
  }
}

/**
 * The full check of the shipped rules/ by the compiled loader, recorded beside build/cli when it
 * passed. Never fails: without a record the command line checks in full and reports any problem.
 */
async function recordRuleCheck(dir = RULES) {
  try {
    await require(LOADER).recordCheckedRules(dir);
  } catch (err) {
    if (!(err && err.name === 'RuleFileError')) process.stderr.write(`Regelkontrollen efter bygget gick inte att köra: ${err && err.message ? err.message : err}\n`);
  }
}

/** What a failed check says: the directory, then the loader's problem lines. */
function failureText(dir, problems) {
  const rel = path.relative(ROOT, dir);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
  return `Regelfilerna i ${shown} går inte att läsa in, så tillägget byggs inte:\n${problems.map((p) => `  ${p}`).join('\n')}`;
}

class RuleFilesCheckPlugin {
  constructor({ dir }) {
    this.dir = path.resolve(dir);
  }

  apply(compiler) {
    const check = async () => {
      const { problems } = await checkRuleFiles(this.dir);
      if (!problems.length) return;
      // The lines through webpack's own logger (stderr), and a short error that stops the build.
      compiler.getInfrastructureLogger(PLUGIN).error(failureText(this.dir, problems));
      const err = new Error(`regelkontrollen hittade ${problems.length === 1 ? 'ett problem' : `${problems.length} problem`} i regelfilerna`);
      err.stack = err.message;
      throw err;
    };
    // Before the first module is compiled, so a broken rule file fails the build at once.
    compiler.hooks.run.tapPromise(PLUGIN, check);
    compiler.hooks.watchRun.tapPromise(PLUGIN, check);
  }
}

module.exports = { checkRuleFiles, recordRuleCheck, RuleFilesCheckPlugin };

if (require.main === module) {
  const dir = path.resolve(process.argv[2] || path.join(ROOT, 'rules'));
  checkRuleFiles(dir).then(
    ({ rulesets, problems }) => {
      if (problems.length) {
        process.stderr.write(`${failureText(dir, problems)}\n`);
        process.exitCode = 1;
      } else process.stdout.write(`Regelfilerna går att läsa in: ${rulesets.join(', ')}\n`);
    },
    (err) => {
      process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
      process.exitCode = 2;
    },
  );
}
