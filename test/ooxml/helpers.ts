import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { openOoxml, type OoxmlWorkbook } from '../../src/adapters/ooxml/workbook';
import { assessWorkbook, type WorkbookRun } from '../../src/core/job';
import type { WritePlan } from '../../src/core/port';
import { shippedRules } from '../helpers/rules';

export const NOW = new Date(2025, 2, 1, 12, 0, 0);

/** One run as the command line does it, in memory: open, assess, write, save. */
export async function assessBytes(bytes: Uint8Array, sheet: string | null = null): Promise<{ out: Uint8Array; run: WorkbookRun; port: OoxmlWorkbook }> {
  const port = openOoxml(bytes);
  const run = await assessWorkbook(port, await shippedRules(), { now: NOW, sheet });
  return { out: port.save(), run, port };
}

/** Columns the plan writes into (values, fills or created headers). */
export function ownedColumns(plan: WritePlan): Set<number> {
  return new Set([...plan.headers.map((h) => h.col), ...plan.blocks.map((b) => b.col), ...plan.fillColumns, ...(plan.cells ?? []).map((c) => c.col)]);
}

/** Every cell's XML text in a worksheet part, by reference (any namespace prefix). */
export function cellXmlByRef(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<(?:[\w.-]+:)?c\s[^>]*?\br="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/(?:[\w.-]+:)?c>)/gu;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.set(m[1], m[0]);
  return out;
}

export function columnOf(ref: string): number {
  let col = 0;
  for (const ch of /^[A-Z]+/u.exec(ref)![0]) col = col * 26 + ch.charCodeAt(0) - 64;
  return col;
}

export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p)) ?? null;
export const SOFFICE_HINT = 'apt-get install -y --no-install-recommends libreoffice-calc-nogui';
/** Without soffice the LibreOffice checks are skipped visibly, except under CI=true where they fail. */
export const sofficeRuns = SOFFICE !== null || process.env.CI === 'true';
export const sofficeTitle = (name: string) => (SOFFICE ? name : `${name} (hoppas över: soffice saknas, installera LibreOffice med \`${SOFFICE_HINT}\`)`);

/** Converts workbooks to CSV (the first sheet) in one LibreOffice run; a profile of its own, so no other instance takes the job. */
export function convertToCsv(files: string[], dir: string): Promise<{ code: number; stderr: string }> {
  if (SOFFICE === null) throw new Error(`soffice saknas: installera LibreOffice med \`${SOFFICE_HINT}\``);
  const profile = pathToFileURL(join(dir, 'profile')).href;
  return new Promise((resolve) => {
    execFile(
      SOFFICE,
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, ...files],
      { timeout: 240_000 },
      (err, _stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr: String(stderr) }),
    );
  });
}

/** One LibreOffice run in `dir` (a profile of its own there) with the given arguments after --headless. */
export function soffice(dir: string, args: string[]): Promise<{ code: number; stderr: string }> {
  if (SOFFICE === null) throw new Error(`soffice saknas: installera LibreOffice med \`${SOFFICE_HINT}\``);
  const profile = pathToFileURL(join(dir, 'profile')).href;
  return new Promise((resolve) => {
    execFile(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', ...args], { timeout: 240_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr: String(stderr) }),
    );
  });
}
