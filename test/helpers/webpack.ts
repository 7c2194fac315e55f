import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');
const WEBPACK_CLI = join(REPO, 'node_modules', 'webpack-cli', 'bin', 'cli.js');

/** webpack-cli from the repository root with these arguments and extra environment; output as text. */
export function runWebpack(args: readonly string[], env: Record<string, string>, timeout: number): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [WEBPACK_CLI, ...args], { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
}
