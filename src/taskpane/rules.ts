/**
 * The rule sets shipped with the pane: every rules/*.json except the schema, bundled by
 * webpack (require.context is resolved at build time, so a new rule file needs no code change)
 * and validated by the core's own loader, exactly as the command line does from disk.
 *
 * A production build loads the same files with that loader first (scripts/check-rules.js) and
 * fails on any problem; only then it sets __RULES_CHECKED_AT_BUILD__, and the pane skips the
 * schema check and self-test the build already ran, so their code is not fetched at start.
 */
import { loadRulesets, type RuleFile } from '../core';

declare const __RULES_CHECKED_AT_BUILD__: boolean | undefined;

interface WebpackContext {
  keys(): string[];
  (id: string): unknown;
}
type WebpackRequire = NodeRequire & { context(dir: string, recursive: boolean, filter: RegExp): WebpackContext };

export function bundledRuleFiles(): RuleFile[] {
  // The literal require.context(...) call is what webpack analyses; the cast is type-only.
  // `insats-rules` is webpack.config.js's alias for the rules directory the build checked.
  const context = (require as WebpackRequire).context('insats-rules', false, /^\.\/(?!ruleset\.schema\.json$)[^/]+\.json$/);
  return context
    .keys()
    .sort()
    .map((key) => ({ path: `rules/${key.slice(2)}`, data: context(key) }));
}

/** True only in a build whose rule check passed (DefinePlugin); anything else checks at run time. */
export function rulesCheckedAtBuild(): boolean {
  return typeof __RULES_CHECKED_AT_BUILD__ !== 'undefined' && __RULES_CHECKED_AT_BUILD__ === true;
}

export function loadBundledRulesets(): ReturnType<typeof loadRulesets> {
  return loadRulesets(bundledRuleFiles(), { checkedAtBuild: rulesCheckedAtBuild() });
}
