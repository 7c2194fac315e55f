import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { loadRulesets, type RuleFile, RuleFileError, type RulesetRegistry } from '../core';

const SCHEMA_FILE = 'ruleset.schema.json';

/**
 * The record of rule files the build checked in full, beside the compiled command line
 * (build/cli/rules-checked.json, written by scripts/check-rules.js). Found from this file, so only
 * the compiled build trusts its own record; under ts-node or jest there is none.
 */
export const BUILD_RECORD = join(__dirname, '..', '..', 'rules-checked.json');

/** What the record holds: the build it belongs to (build/cli/.built) and each checked file's sha-256. */
interface CheckedRecord {
  built: string;
  sha256: string[];
}

export interface DirLoadOptions {
  /** The record to trust unchanged files by; null: always the full check (the build's own check). */
  checkedRecord?: string | null;
  /** The core's loader; tests pass their own to see what was asked of it. */
  load?: typeof loadRulesets;
}

/** The rule set files of a directory (`*.json` except the schema), each with its bytes' sha-256. */
export function readRuleFiles(dir: string): { files: RuleFile[]; sha256: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && n !== SCHEMA_FILE).sort();
  } catch (err) {
    throw new RuleFileError([{ file: dir, rule: null, path: null, message: `regelkatalogen går inte att läsa (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  const files: RuleFile[] = [];
  const sha256: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // Relative to where the user stands when the file is below it, else the full path.
    const rel = relative(process.cwd(), path);
    const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new RuleFileError([{ file: shown, rule: null, path: null, message: `filen går inte att läsa (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
    }
    files.push({ path: shown, text: bytes.toString('utf8') });
    sha256.push(createHash('sha256').update(bytes).digest('hex'));
  }
  return { files, sha256 };
}

/** The build stamp beside a record, or null when there is none. */
function builtStamp(record: string): string | null {
  try {
    return readFileSync(join(dirname(record), '.built'), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Whether every file was checked in full by this same build: each hash is in the record, and the
 * record belongs to the build beside it. A missing, garbled or older record means no.
 */
function checkedByBuild(record: string, sha256: readonly string[]): boolean {
  let data: Partial<CheckedRecord>;
  try {
    data = JSON.parse(readFileSync(record, 'utf8')) as Partial<CheckedRecord>;
  } catch {
    return false;
  }
  if (!data || typeof data.built !== 'string' || !Array.isArray(data.sha256) || data.built !== builtStamp(record)) return false;
  const checked = new Set(data.sha256.filter((h): h is string => typeof h === 'string'));
  return sha256.length > 0 && sha256.every((h) => checked.has(h));
}

/**
 * Reads every rule set file (`*.json` except the schema) in a directory and validates it.
 * Throws RuleFileError with Swedish messages naming file, rule and path. Files the build already
 * checked, unchanged to the byte, skip the schema check and the self-test (issue 10: start time).
 */
export async function loadRulesetsFromDir(dir: string, options: DirLoadOptions = {}): Promise<RulesetRegistry> {
  const { files, sha256 } = readRuleFiles(dir);
  const record = options.checkedRecord === undefined ? BUILD_RECORD : options.checkedRecord;
  const load = options.load ?? loadRulesets;
  return load(files, { checkedAtBuild: record !== null && checkedByBuild(record, sha256) });
}

/**
 * The build's check: loads the directory in full and, only when that passed, records the bytes
 * it checked in `record`, tied to the build stamp beside it. Throws as loadRulesetsFromDir.
 */
export async function recordCheckedRules(dir: string, record: string = BUILD_RECORD): Promise<RulesetRegistry> {
  const { files, sha256 } = readRuleFiles(dir);
  const registry = await loadRulesets(files);
  const built = builtStamp(record);
  if (built !== null) writeFileSync(record, `${JSON.stringify({ built, sha256 } satisfies CheckedRecord, null, 2)}\n`);
  return registry;
}
