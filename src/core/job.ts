// CONTRACT STUB: signatures are fixed; bodies are being written by the core author.
import type { WorkbookPort, WritePlan } from './port';
import type { Assessment, Status } from './types';

/** Loaded, validated rule sets (see ./rulesets). */
export interface RulesetRegistry {
  rulesets: RulesetInfo[];
}
export interface RulesetInfo {
  id: string;
  version: number;
  title: string;
  validFrom: string;
  validTo: string | null;
}

export type Progress =
  | { stage: 'reading' }
  | { stage: 'assessing'; done: number; total: number }
  | { stage: 'writing' };

export interface AssessOptions {
  /** Sheet to assess (`--sheet`); otherwise chosen as workbook-format.md says. */
  sheet?: string | null;
  /** Assessment time, for the `Bedömd` stamp and date-dependent rules. Defaults to now. */
  now?: Date;
  onProgress?: (progress: Progress) => void;
}

export interface BudgetYear {
  year: number;
  frame: number | null;
  proposed: number;
  grantedEarlier: number;
  remaining: number | null;
}

export interface RunSummary {
  total: number;
  counts: Record<Status, number>;
  rulesets: RulesetInfo[];
  budget: BudgetYear[];
}

export interface WorkbookRun {
  sheet: string;
  headerRow: number;
  assessments: Assessment[];
  summary: RunSummary;
  plan: WritePlan;
}

/** Reads the application table through the port once, assesses every row, writes once. */
export async function assessWorkbook(port: WorkbookPort, registry: RulesetRegistry, options: AssessOptions = {}): Promise<WorkbookRun> {
  void port; void registry; void options;
  throw new Error('not implemented yet');
}
