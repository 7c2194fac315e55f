/**
 * What the command line's file tests share: a fresh directory with a copy of the bundled example
 * for each test, the command line run in-process with its output captured, and the temporaries' name.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';

export const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(REPO, 'examples', 'ansokningar.xlsx');
/** The tool's temporaries: `.NAME.insatsbedomning-PID-HEX.tmp`. */
export const TEMP = /^\..+\.insatsbedomning-\d+-[0-9a-f]+\.tmp$/u;

export interface ExampleCopy {
  dir: string;
  /** `dir/ansokningar.xlsx`, a copy of the example. */
  input: string;
  /** Its bytes, to see that it was left byte-identical. */
  original: Buffer;
}

export async function exampleCopy(prefix: string): Promise<ExampleCopy> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const input = path.join(dir, 'ansokningar.xlsx');
  await fs.copyFile(EXAMPLE, input);
  return { dir, input, original: await fs.readFile(input) };
}

/** Undoes the test's spies and removes its directory. */
export async function removeCopy(copy: ExampleCopy | undefined): Promise<void> {
  jest.restoreAllMocks();
  if (copy) await fs.rm(copy.dir, { recursive: true, force: true });
}

/** The command line in-process, not on a terminal. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false });
  return { code, stdout, stderr };
}
