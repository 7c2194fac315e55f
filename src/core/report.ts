/**
 * The results of a run as a stable JSON report (for machines) and a readable
 * Swedish summary (for the command line). Pure: no fs, no console.
 */
import { CHIEF_CHOICE_LABELS, type ChiefChoice } from './chief';
import { firedRules, TOOL_COLUMNS } from './fields';
import { formatWhole } from './format';
import type { FollowUpReport } from './followup/report';
import type { BudgetYear, RulesetInfo, WorkbookRun } from './job';
import { STATUS_LABELS, STATUS_ORDER, type Assessment, type Status } from './types';

export interface JsonReportRow {
  /** Sheet row number. */
  row: number;
  id: string | null;
  name: string | null;
  status: Status;
  // The rest comes from the tool's output columns (OUTPUT_COLUMNS in fields.ts), in their order.
  notes: string;
  decision: string;
  /** Kontroller: every rule's outcome, one line each. */
  checks: string[];
  /** Ids of the rules that failed (and `indata` for unreadable cells), in rule-file order, each once. */
  rules: string[];
  /** `finsam-2025@3`, or null when no rule set was in force. */
  ruleset: string | null;
  /** The chief's decision as the core read it (Chefens beslut, Beslutat belopp, Kommentar); null when none or unreadable. */
  chief: { decision: ChiefChoice; amount: number | null; comment: string | null } | null;
  /** The key inputs changed since the logged decision (rule `indata-andrad`): the chief decides again. */
  inputChanged: boolean;
}

export interface JsonReport {
  rows: JsonReportRow[];
  summary: {
    total: number;
    counts: Record<Status, number>;
    rulesets: RulesetInfo[];
    budget: BudgetYear[];
    /** Rows per chief's choice, every choice present. */
    decisions: Record<ChiefChoice, number>;
    /** Rows still awaiting the chief: not OK and undecided, or inputs changed after the decision. */
    awaitingDecision: number;
  };
  /** The budget follow-up at P (after-the-board.md): the numbers of the Uppföljning sheet and the board's report. */
  followUp?: FollowUpReport;
}

const CHOICE_ORDER = Object.keys(CHIEF_CHOICE_LABELS) as ChiefChoice[];

/** A row of the report: where and what, one key per tool column, then the chief's decision. */
function jsonRow(a: Assessment): JsonReportRow {
  const columns = Object.fromEntries(TOOL_COLUMNS.map((c) => [c.json.key, c.json.value(a)]));
  const chief = a.chief ? { decision: a.chief.choice, amount: a.chief.amount, comment: a.chief.comment } : null;
  return { row: a.row, id: a.id, name: a.name, ...columns, chief, inputChanged: a.inputChanged === true } as JsonReportRow;
}

/** Still the chief's to decide, as the pane's review lists them (a decided OK row is not). */
function awaitsDecision(a: Assessment): boolean {
  return a.inputChanged === true || (a.status !== 'ok' && !a.chief);
}

function decisionCounts(assessments: readonly Assessment[]): Record<ChiefChoice, number> {
  const counts = Object.fromEntries(CHOICE_ORDER.map((c) => [c, 0])) as Record<ChiefChoice, number>;
  for (const a of assessments) if (a.chief) counts[a.chief.choice]++;
  return counts;
}

export function toJsonReport(run: WorkbookRun): JsonReport {
  const { summary } = run;
  return {
    rows: run.assessments.map(jsonRow),
    summary: {
      total: summary.total,
      // Every status present, zero or not, so a consumer never has to test for a missing key.
      counts: Object.fromEntries(STATUS_ORDER.map((s) => [s, summary.counts[s] ?? 0])) as Record<Status, number>,
      rulesets: summary.rulesets.map((r) => ({ id: r.id, version: r.version, title: r.title, validFrom: r.validFrom, validTo: r.validTo })),
      budget: summary.budget.map((b) => ({ ...b })),
      decisions: decisionCounts(run.assessments),
      awaitingDecision: run.assessments.filter(awaitsDecision).length,
    },
    ...(run.followUp ? { followUp: run.followUp } : {}),
  };
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function rowLine(a: Assessment): string {
  const parts = [`Rad ${a.row}`];
  if (a.id) parts.push(`Dnr ${a.id}`);
  parts.push(a.name?.trim() ? a.name.trim() : '(namn saknas)');
  const messages = a.findings.map((f) => f.message.trim()).filter((m) => m !== '');
  // Input-error messages end with the quoted cell text, not a full stop; several in a row need one.
  const sentences = messages.length > 1 ? messages.map((m) => (/[.!?]$/u.test(m) ? m : `${m}.`)) : messages;
  const what = sentences.length > 0 ? sentences.join(' ') : firedRules(a).join(', ');
  const chief = a.chief ? ` · Chefens beslut: ${CHIEF_CHOICE_LABELS[a.chief.choice]}` : '';
  return `${parts.join(' · ')} · ${STATUS_LABELS[a.status]}${what ? `: ${what}` : ''}${chief}`;
}

/** `Chefens beslut: Bevilja 2, …` (or `inga`) and `Väntar på beslut: 3 (varav 1 med ändrade indata).` */
function decisionLines(assessments: readonly Assessment[]): string[] {
  const counts = decisionCounts(assessments);
  const decided = CHOICE_ORDER.some((c) => counts[c] > 0);
  const changed = assessments.filter((a) => a.inputChanged === true).length;
  const awaiting = assessments.filter(awaitsDecision).length;
  return [
    `Chefens beslut: ${decided ? CHOICE_ORDER.map((c) => `${CHIEF_CHOICE_LABELS[c]} ${counts[c]}`).join(', ') : 'inga'}.`,
    `Väntar på beslut: ${awaiting}${changed > 0 ? ` (varav ${changed} med ändrade indata)` : ''}.`,
  ];
}

function budgetTable(budget: readonly BudgetYear[]): string[] {
  // "Under beredning": the word the förbund's own papers use for cases not yet decided. It is not
  // taken from Kvar, so the chief sees whether granting them would still fit.
  const head = ['År', 'Ram (kr)', 'Föreslaget (kr)', 'Beviljat tidigare (kr)', 'Kvar (kr)', 'Under beredning (kr)'];
  const body = budget.map((b) => [
    String(b.year),
    formatWhole(b.frame),
    formatWhole(b.proposed),
    formatWhole(b.grantedEarlier),
    formatWhole(b.remaining),
    formatWhole(b.underReview),
  ]);
  const widths = head.map((h, i) => body.reduce((w, r) => Math.max(w, r[i].length), h.length));
  // The year left-aligned, amounts right-aligned so that the digits line up.
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), ...body.map(line)];
}

/** The readable Swedish summary the command line prints. */
export function formatSummary(run: WorkbookRun): string {
  return [...summaryLines(run)].join('\n');
}

/**
 * The summary's lines, one at a time: the command line writes them a thousand at a time, so a
 * 50 000-row summary (some 40 000 rows listed) is never held whole.
 */
export function* summaryLines(run: WorkbookRun): Generator<string> {
  const { summary } = run;
  yield `Bedömde ${summary.total} ${plural(summary.total, 'ansökan', 'ansökningar')} på bladet "${run.sheet}" (rubrikrad ${run.headerRow}).`;
  if (summary.rulesets.length > 0) {
    yield `Regelverk: ${summary.rulesets.map((r) => `${r.id} v${r.version}`).join(', ')}.`;
  }
  const labelWidth = STATUS_ORDER.reduce((w, s) => Math.max(w, STATUS_LABELS[s].length), 0) + 1;
  // Avslagen only once the board has closed a row: before the first meeting it is no news.
  for (const s of STATUS_ORDER) if (s !== 'closed' || (summary.counts[s] ?? 0) > 0) yield `  ${`${STATUS_LABELS[s]}:`.padEnd(labelWidth)} ${summary.counts[s] ?? 0}`;
  yield* decisionLines(run.assessments);

  let first = true;
  for (const a of run.assessments) {
    if (a.status === 'ok') continue;
    if (first) yield '';
    first = false;
    yield rowLine(a);
  }
  if (summary.budget.length > 0) {
    yield '';
    yield 'Budget per år:';
    yield* budgetTable(summary.budget);
  }
}
