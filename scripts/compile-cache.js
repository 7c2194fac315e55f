/**
 * A V8 code cache for the command line's modules (issue 10: start time), as Node 22's
 * module.enableCompileCache does; Node 20 has none. scripts/assess.js installs it before loading
 * build/cli: each CommonJS file is compiled with the code V8 made for the same bytes in an earlier
 * run, kept in one file (build/cli/.compile-cache), keyed by path and the content's sha-1, since
 * V8 itself checks only a source's length. A file that changed, or a cache V8 refuses, is
 * compiled as usual and cached anew when the process ends. Plain JavaScript, as build-cli.js.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const ROOT = path.resolve(__dirname, '..');
/** Beside the compiled command line; build-cli.js removes it with each build. */
const CACHE = path.join(ROOT, 'build', 'cli', '.compile-cache');
/** The compiled command line and the packages it loads. */
const ROOTS = [path.join(ROOT, 'build', 'cli') + path.sep, path.join(ROOT, 'node_modules') + path.sep];

/**
 * Installs the cache for modules below `roots`, stored in `file`. Files with a dynamic import()
 * are left to Node (vm.Script would need its own loader for them), as is anything not CommonJS.
 */
function installCompileCache(file = CACHE, roots = ROOTS) {
  let cached = new Map();
  try {
    cached = v8.deserialize(fs.readFileSync(file));
    if (!(cached instanceof Map)) cached = new Map();
  } catch {
    // No cache yet, or an unreadable one: every module is compiled as usual and cached.
  }
  /** The scripts compiled this run without usable cached code: their code is kept at exit. */
  const fresh = new Map();
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileCached(content, filename, format) {
    if ((format !== undefined && format !== 'commonjs') || !roots.some((r) => filename.startsWith(r)) || content.includes('import(')) {
      return compile.apply(this, arguments);
    }
    const hash = crypto.createHash('sha1').update(content).digest('base64');
    const hit = cached.get(filename);
    const script = new vm.Script(Module.wrap(content.startsWith('#!') ? `//${content}` : content), {
      filename,
      cachedData: hit && hit.hash === hash ? hit.data : undefined,
    });
    if (!hit || hit.hash !== hash || script.cachedDataRejected) fresh.set(filename, { hash, script });
    const mod = this;
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    if (!fresh.size) return;
    // After the run, so the code of the functions it compiled on the way is kept too.
    for (const [name, { hash, script }] of fresh) cached.set(name, { hash, data: script.createCachedData() });
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, v8.serialize(cached));
      fs.renameSync(tmp, file);
    } catch {
      // A read-only build: the next run compiles as usual.
    }
  });
}

module.exports = { installCompileCache, CACHE };
