import finsam2018 from '../../rules/finsam-2018.json';
import finsam2025 from '../../rules/finsam-2025.json';
import type { RuleFile } from './rulesets';

/** The shipped rule sets, bundled as data for the task pane (no file system there). */
export const BUNDLED_RULE_FILES: readonly RuleFile[] = [
  { path: 'rules/finsam-2018.json', data: finsam2018 },
  { path: 'rules/finsam-2025.json', data: finsam2025 },
];
