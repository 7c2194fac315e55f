/**
 * `npm run assess`: runs the compiled command line (build/cli/), rebuilding it first when a source
 * is newer than the build, so a stale build can never run silently. The check is a few dozen
 * file stats; the rebuild (only after a change) about a second.
 */
'use strict';
const { build, isStale, MAIN } = require('./build-cli');

if (isStale()) build();
require(MAIN).main();
