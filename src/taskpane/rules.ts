/**
 * The rule sets shipped with the pane: every rules/*.json except the schema, bundled by
 * webpack (require.context is resolved at build time, so a new rule file needs no code change)
 * and validated by the core's own loader, exactly as the command line does from disk.
 */
import { loadRulesets, type RuleFile } from '../core/rulesets';

interface WebpackContext {
  keys(): string[];
  (id: string): unknown;
}
type WebpackRequire = NodeRequire & { context(dir: string, recursive: boolean, filter: RegExp): WebpackContext };

export function bundledRuleFiles(): RuleFile[] {
  // The literal require.context(...) call is what webpack analyses; the cast is type-only.
  const context = (require as WebpackRequire).context('../../rules', false, /^\.\/(?!ruleset\.schema\.json$)[^/]+\.json$/);
  return context
    .keys()
    .sort()
    .map((key) => ({ path: `rules/${key.slice(2)}`, data: context(key) }));
}

export function loadBundledRulesets(): ReturnType<typeof loadRulesets> {
  return loadRulesets(bundledRuleFiles());
}
