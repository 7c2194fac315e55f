/**
 * The rule check of a task pane build: loads a rules directory with the core's own full loader
 * (JSON, schema, extension merge, build, self-test, validity overlaps) from the compiled command
 * line in build/cli/ (rebuilt first when stale), and fails the build with the loader's Swedish
 * problem lines (file, rule, path). Only a build where it passed marks its rule files as checked
 * (src/taskpane/rules.ts), so the pane does not fetch the schema check for them.
 *
 *   node scripts/check-rules.js [dir]      the same check on its own (default rules/)
 *   new RuleFilesCheckPlugin({ dir })      in webpack.config.js: runs before anything is compiled
 *
 * Plain JavaScript, like build-cli.js: webpack.config.js loads it without a TypeScript step.
 */
'use strict';
const path = require('node:path');
const { build, isStale } = require('./build-cli');

const ROOT = path.resolve(__dirname, '..');
const LOADER = path.join(ROOT, 'build', 'cli', 'src', 'node', 'rules-dir.js');
const PLUGIN = 'RuleFilesCheckPlugin';

/**
 * Loads every rule file in `dir` as the command line would. Resolves to the rule sets loaded
 * (`id@version`) and no problems, or to the problem lines; rejects only on a fault of the tool itself.
 */
async function checkRuleFiles(dir) {
  if (isStale()) build();
  const { loadRulesetsFromDir } = require(LOADER);
  try {
    const registry = await loadRulesetsFromDir(dir);
    return { rulesets: registry.rulesets.map((r) => `${r.id}@${r.version}`), problems: [] };
  } catch (err) {
    if (err && err.name === 'RuleFileError' && Array.isArray(err.problems)) return { rulesets: [], problems: String(err.message).split('\n') };
    throw err;
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

module.exports = { checkRuleFiles, RuleFilesCheckPlugin };

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
