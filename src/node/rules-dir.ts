import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { loadRulesets, RuleFileError, type RulesetRegistry } from '../core/rulesets';

const SCHEMA_FILE = 'ruleset.schema.json';

/**
 * Reads every rule set file (`*.json` except the schema) in a directory and validates it.
 * Throws RuleFileError with Swedish messages naming file, rule and path.
 */
export async function loadRulesetsFromDir(dir: string): Promise<RulesetRegistry> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && n !== SCHEMA_FILE).sort();
  } catch (err) {
    throw new RuleFileError([{ file: dir, rule: null, path: null, message: `regelkatalogen går inte att läsa (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  const files = names.map((name) => {
    const path = join(dir, name);
    // Relative to where the user stands when the file is below it, else the full path.
    const rel = relative(process.cwd(), path);
    const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
    try {
      return { path: shown, text: readFileSync(path, 'utf8') };
    } catch (err) {
      throw new RuleFileError([{ file: shown, rule: null, path: null, message: `filen går inte att läsa (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
    }
  });
  return loadRulesets(files);
}
