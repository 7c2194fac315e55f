/**
 * Starts file mode's worker. `new Worker(new URL('./file-mode-worker.ts', import.meta.url))` is the
 * form webpack turns into the worker's own chunk with its URL (content hash included); it lives in a
 * module of its own, imported only when the worker starts, because `import.meta` exists only in the
 * ES modules webpack compiles, not in the CommonJS the type check and jest see (taskpane.test.ts
 * imports file-mode.ts's constants in Node).
 */
export function startFileWorker(): Worker {
  // @ts-expect-error -- import.meta: tsconfig.json compiles to CommonJS; webpack's ts-loader to es2020 (webpack.config.js).
  return new Worker(/* webpackChunkName: "file-mode-worker" */ new URL('./file-mode-worker.ts', import.meta.url));
}
