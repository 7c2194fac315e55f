/**
 * Builds the command line to build/cli/ (`npm run build:cli`; `npm ci` runs it through `prepare`).
 * Each file is transpiled on its own with TypeScript's transpileModule (the sources are written for
 * isolatedModules), so the build takes about a second and never fails on a type error: `npm test`
 * is where types are checked. Plain JavaScript in the sources (the generated rule set validator)
 * is copied as is. Plain JavaScript itself, so it runs before anything is compiled.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CONFIG = path.join(ROOT, 'tsconfig.cli.json');
const OUT = path.join(ROOT, 'build', 'cli');
const MAIN = path.join(OUT, 'src', 'cli', 'main.js');
/** Written last: its time is when the build finished, compared with the sources' times. */
const STAMP = path.join(OUT, '.built');
/** The rule files the build checked (scripts/check-rules.js); only for the build that wrote it. */
const RECORD = path.join(OUT, 'rules-checked.json');

/**
 * The directories tsconfig.cli.json includes and excludes (plain JSON: no comments there). All of
 * src/ but the pane's own code, so a module the command line comes to need is never left out.
 */
function configDirs() {
  const config = JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
  const dirs = (list) => (list ?? []).map((d) => path.join(ROOT, d));
  return { include: dirs(config.include), exclude: new Set(dirs(config.exclude)) };
}

function sourceFiles() {
  const { include, exclude } = configDirs();
  const files = [];
  const walk = (dir) => {
    if (exclude.has(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(p);
    }
  };
  for (const dir of include) if (fs.existsSync(dir)) walk(dir);
  return files;
}

/** True when build/cli is missing or older than a source, the configs or this script. */
function isStale() {
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  const inputs = [...sourceFiles(), CONFIG, path.join(ROOT, 'tsconfig.json'), __filename];
  return inputs.some((f) => fs.statSync(f).mtimeMs > built);
}

function build() {
  const ts = require('typescript');
  const parsed = ts.getParsedCommandLineOfConfigFile(CONFIG, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  const options = { ...parsed.options, noEmit: false, sourceMap: false, declaration: false, incremental: false };
  fs.rmSync(RECORD, { force: true });
  fs.rmSync(path.join(OUT, '.compile-cache'), { force: true });
  fs.rmSync(path.join(OUT, 'src'), { recursive: true, force: true });
  for (const file of sourceFiles()) {
    const target = path.join(OUT, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.js')) fs.writeFileSync(target, text);
    else fs.writeFileSync(target, ts.transpileModule(text, { compilerOptions: options, fileName: file }).outputText);
  }
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/**
 * A build, then the full check of rules/ recorded for it (check-rules.js), so the command line
 * trusts those files while they are unchanged. Resolves when both are done; never rejects on a
 * broken rule file (the command line reports it).
 */
async function buildChecked() {
  build();
  await require('./check-rules').recordRuleCheck();
}

module.exports = { build, buildChecked, isStale, MAIN };

if (require.main === module) buildChecked();
