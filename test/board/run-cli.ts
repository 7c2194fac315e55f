import { runCli } from '../../src/cli/main';

/** The command line run in-process, with what it wrote to stdout and stderr. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false });
  return { code, stdout, stderr };
}
