/**
 * `npm run assess`: runs the compiled command line (build/cli/), rebuilding it first when a source
 * is newer than the build, so a stale build can never run silently. The check is a few dozen
 * file stats; the rebuild (only after a change) about a second, with the rule check recorded for
 * the new build (build-cli.js), so later runs trust the unchanged rule files. Modules are compiled
 * with V8's code from earlier runs (compile-cache.js).
 */
'use strict';
const { buildChecked, isStale, MAIN } = require('./build-cli');
const { installCompileCache } = require('./compile-cache');

function run() {
  installCompileCache();
  require(MAIN).main();
}

if (isStale()) buildChecked().then(run);
else run();
