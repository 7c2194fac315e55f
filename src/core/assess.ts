import { boardDecisionOf, type BoardDecision } from './board-decision';
import { parseChiefDecision, type ChiefDecision } from './chief';
import { computeRowFacts, type Facts } from './facts';
import { fieldLabel } from './fields';
import { followUpFacts, reportParameters } from './followup/facts';
import { computeFollowUp, type FollowUpFigures } from './followup/figures';
import type { CostSheet } from './followup/lines';
import type { LoggedInputs } from './log';
import { budgetByYear, computePortfolioFacts, computeRunFacts, PORTFOLIO_FACTS, type BudgetContribution, type RunFacts, type BudgetFrame, type BudgetYear } from './portfolio';
import { parseApplication } from './readers';
import { cellAddressIn } from './table';
import { rulesetInForce, type Ruleset, type RulesetRegistry } from './rulesets';
import { RuleRunner } from './ruleset/rule-runner';
import { budgetContribution, grantAmountOf, statusAfterBoard, verdictOf, type Verdict } from './status';
import { renderText } from './templates';
import { draftOf, renderDecision, situationForChief } from './texts/decision';
import { renderParagraph } from './texts/paragraph';
import { Shared, textValues } from './texts/shared-render';
import type { Application, Assessment, Finding, IsoDate, RawRow, RuleOutcome, Status } from './types';

export interface AssessRowsOptions {
  /** The workbook uses the 1904 date system. */
  date1904?: boolean;
  /** The assessment date (`YYYY-MM-DD`): follow-up rules measure elapsed time to it when a row has no Utfall per. */
  assessmentDate: IsoDate;
  /** Budget frames per year, from the workbook's `Budget` sheet. */
  budgetFrames?: readonly BudgetFrame[];
  /** Key inputs logged with each row's chief decision (by sheet row): indata-andrad compares with them. */
  loggedInputs?: ReadonlyMap<number, LoggedInputs>;
  /** Called now and then while rows are assessed. */
  onProgress?: (done: number, total: number) => void;
  /** The workbook's `Utfall` sheet as read (null or absent: the workbook has none). */
  costSheet?: CostSheet | null;
  /** The follow-up date P (`--per`); default the assessment date. */
  followUpDate?: IsoDate;
}

export interface AssessRowsResult {
  /** One assessment per input row, in input order. */
  assessments: Assessment[];
  /** Frame, proposed, under review, granted earlier and remaining per year. */
  budget: BudgetYear[];
  /** The follow-up figures of every granted row, computed once (src/core/followup/figures.ts). */
  followUp: FollowUpFigures;
}

const PROGRESS_EVERY = 500;

// ---------------------------------------------------------------------------------------------
// Stage types: each stage takes the previous one's output and adds to it.

/** Stage 1: a row that could be read and has a rule set in force. */
interface ReadyRow {
  index: number;
  raw: RawRow;
  app: Application;
  ruleset: Ruleset;
  chief: ChiefDecision | null;
  /** Chefens beslut as read, valid or not (the facts say why not). */
  chiefRead: ChiefDecision | { invalid: string } | null;
}

/** Stage 2: the row rules have run. The facts are not kept: see runRowRules. */
interface RuledRow extends ReadyRow {
  /** By the rule's place in the rule set (ruleset.rules): an array, small beside a Map on every row. */
  outcomes: (RuleOutcome['outcome'] | undefined)[];
  /** The row rules' verdict, what the budget needs. */
  verdict: Verdict;
}

/** A row with its facts: while its row rules run, and again while its portfolio rules run and it is rendered. */
interface RowRun extends ReadyRow {
  facts: Facts;
  outcomes: RuledRow['outcomes'];
}

function errorAssessment(raw: RawRow, app: Application | null, findings: Finding[], ruleset: Ruleset | null): Assessment {
  const cells = raw.cells;
  const name = cells.name?.value;
  const id = cells.id?.value;
  return {
    row: raw.row,
    id: app?.id ?? (typeof id === 'string' || typeof id === 'number' ? String(id).trim() || null : null),
    name: app?.name ?? (typeof name === 'string' ? name.trim() || null : null),
    status: 'error',
    ruleset: ruleset ? { id: ruleset.id, version: ruleset.version } : null,
    application: app,
    findings,
    outcomes: [],
    grantAmount: null,
    draftAmount: null,
    notes: findings.map((f) => f.message).join(' '),
    decision: '',
    checks: findings.map((f) => `✗ Indata: ${f.message}`),
    reasons: [],
    chief: null,
    inputChanged: false,
    board: null,
  };
}

type Runners = (ruleset: Ruleset) => { row: RuleRunner; portfolio: RuleRunner | null; followUp: RuleRunner | null };

/** Each rule set's rules with remembered outcomes, for one assessRows call (so what is remembered goes with it). */
function rulesRunners(): Runners {
  const made = new Map<Ruleset, { row: RuleRunner; portfolio: RuleRunner | null; followUp: RuleRunner | null }>();
  return (ruleset) => {
    let r = made.get(ruleset);
    if (!r) {
      const rules = ruleset.definition.rules;
      // Outcomes go by the rule's place: the rule set's rules are the file's, in its order (buildRuleset).
      if (rules.length !== ruleset.rules.length || rules.some((x, i) => x.id !== ruleset.rules[i].id)) {
        throw new Error(`Internt fel: reglerna i ${ruleset.id} står inte i filens ordning.`);
      }
      const portfolio = new RuleRunner(rules, ruleset.parameters, 'portfolio');
      const followUp = new RuleRunner(rules, ruleset.parameters, 'followUp');
      r = { row: new RuleRunner(rules, ruleset.parameters, 'row'), portfolio: portfolio.size > 0 ? portfolio : null, followUp: followUp.size > 0 ? followUp : null };
      made.set(ruleset, r);
    }
    return r;
  };
}

// ---------------------------------------------------------------------------------------------
// Stages

/** Stage 1: every cell read, the rule set in force chosen (Beslutsdatum, else Startdatum); errors finished at once. */
function readRows(rows: readonly RawRow[], registry: RulesetRegistry, date1904: boolean): { ready: ReadyRow[]; finished: Map<number, Assessment> } {
  const ready: ReadyRow[] = [];
  const finished = new Map<number, Assessment>();
  rows.forEach((raw, index) => {
    const parsed = parseApplication(raw, { date1904 });
    if (!parsed.ok) {
      const findings: Finding[] = parsed.errors.map((e) => ({ ruleId: 'indata', severity: 'error', message: e.message, figures: {}, address: e.address }));
      finished.set(index, errorAssessment(raw, null, findings, null));
      return;
    }
    const app = parsed.application;
    const date = app.decisionDate ?? app.start;
    const ruleset = rulesetInForce(registry, date);
    if (!ruleset) {
      const field = app.decisionDate ? 'decisionDate' : 'start';
      const address = raw.cells[field]?.address ?? null;
      const known = registry.rulesets.map((r) => `${r.id} (${r.validFrom} – ${r.validTo ?? 'tills vidare'})`).join(', ');
      const message = `Ingen regeluppsättning gäller ${date} (${fieldLabel(field)}${address ? ` i ${address}` : ''}). Regeluppsättningarna är ${known || 'inga'}.`;
      finished.set(index, errorAssessment(raw, app, [{ ruleId: 'regeluppsattning', severity: 'error', message, figures: { date }, address }], null));
      return;
    }
    const chiefCell = cellAddressIn(raw, 'chiefDecision') ?? '';
    const chief = parseChiefDecision(app.chiefDecision, app.decidedAmount ?? null, app.comment ?? null, chiefCell);
    ready.push({ index, raw, app, ruleset, chief: chief && 'choice' in chief ? chief : null, chiefRead: chief });
  });
  return { ready, finished };
}

/** A row's facts, own and over all rows (the portfolio facts still null). Pure: the same inputs give the same facts. */
function rowFacts(r: ReadyRow, options: AssessRowsOptions, runFacts: ReadonlyMap<number, RunFacts>): Facts {
  const context = {
    chiefCell: cellAddressIn(r.raw, 'chiefDecision'),
    logged: options.loggedInputs?.get(r.app.row) ?? null,
    chief: r.chiefRead,
    boardCell: cellAddressIn(r.raw, 'boardDecision'),
    paragraphCell: cellAddressIn(r.raw, 'paragraph'),
    grantedCell: cellAddressIn(r.raw, 'granted'),
  };
  return Object.assign(computeRowFacts(r.app, r.ruleset.parameters, options.assessmentDate, context), runFacts.get(r.app.row));
}

/**
 * Stage 2: row facts and the row rules through each rule set's one engine. The facts are let go
 * once the row's verdict is known and made again when the row is finished (stage 4): holding every
 * row's facts between the two was a fifth of what a 50 000-row run held at its peak, and making
 * them again costs less than the garbage collector spent moving them.
 */
async function runRowRules(
  ready: (ReadyRow | undefined)[],
  options: AssessRowsOptions,
  runners: Runners,
  runFacts: ReadonlyMap<number, RunFacts>,
  progress: (n: number) => void,
): Promise<RuledRow[]> {
  const out: RuledRow[] = [];
  for (let i = 0; i < ready.length; i++) {
    // Taken out: the ruled row carries it on.
    const r = ready[i]!;
    ready[i] = undefined;
    const facts = rowFacts(r, options, runFacts);
    // At its length: kept until the row is finished, and grown by index it would carry spare room.
    const outcomes: RowRun['outcomes'] = new Array<RuleOutcome['outcome'] | undefined>(r.ruleset.rules.length);
    await runners(r.ruleset).row.run(facts, outcomes);
    const run: RowRun = { index: r.index, raw: r.raw, app: r.app, ruleset: r.ruleset, chief: r.chief, chiefRead: r.chiefRead, facts, outcomes };
    out.push({ index: r.index, raw: r.raw, app: r.app, ruleset: r.ruleset, chief: r.chief, chiefRead: r.chiefRead, outcomes, verdict: verdictOf(run) });
    progress(1);
  }
  return out;
}

/**
 * Stage 4: each row finished, one at a time: its facts made again with the portfolio's (budgetram,
 * facts over the whole run), the portfolio rules run, and the row rendered (stage 5).
 */
async function finishRows(
  ruled: RuledRow[],
  contributions: readonly BudgetContribution[],
  budget: readonly BudgetYear[],
  runners: Runners,
  facts: (r: RuledRow) => Facts,
  into: Assessment[],
  followUp: FollowUpFigures,
): Promise<void> {
  const anyPortfolio = ruled.some((r) => runners(r.ruleset).portfolio);
  const portfolioFacts = anyPortfolio ? computePortfolioFacts(budget, contributions) : null;
  const empty = Object.fromEntries(Object.keys(PORTFOLIO_FACTS).map((k) => [k, null]));
  const shared = new Shared();
  for (let i = 0; i < ruled.length; i++) {
    const r = ruled[i];
    // The row's facts and outcomes gain the portfolio's: owned by this run alone, so extended in place.
    const run: RowRun = { index: r.index, raw: r.raw, app: r.app, ruleset: r.ruleset, chief: r.chief, chiefRead: r.chiefRead, facts: Object.assign(facts(r), portfolioFacts ? portfolioFacts.get(r.app.row) : empty), outcomes: r.outcomes };
    if (portfolioFacts) await runners(r.ruleset).portfolio?.run(run.facts, run.outcomes);
    // Last, the follow-up rules on the row's follow-up figures (nulls for a row not granted).
    const followUpRunner = runners(r.ruleset).followUp;
    if (followUpRunner) {
      Object.assign(run.facts, followUpFacts(followUp.insatser.get(r.app.row), followUp.sheet !== null, r.ruleset.parameters));
      await followUpRunner.run(run.facts, run.outcomes);
    }
    into[r.index] = render(run, shared);
    // Let each row go once rendered, so rows and assessments are not all held at once.
    (ruled as (RuledRow | undefined)[])[i] = undefined;
  }
}

/** Stage 5: status, Bedömning, Kontroller, Förslag till beslut and findings of a row whose rules have all run. */
function render(r: RowRun, shared: Shared): Assessment {
  const ruled = verdictOf(r);
  const { draftAmount } = ruled;
  const board = boardDecisionOf(r.app);
  // Avslag (after-the-board.md): closed, its own status; an input error stays one.
  const status = statusAfterBoard(ruled, board);
  const grantAmount = grantAmountOf(status, draftAmount);
  const list = shared.ordered(r);
  const values = textValues(r, grantAmount);
  // One pass over the rules: each outcome from Shared, and for each failed rule its reason (rendered
  // once, for its finding and for the row's reasons) and, when it counts for the status, its finding.
  // Made at their length, not grown by push: an assessment keeps them, and grown arrays carry spare
  // room (at 50 000 rows some 20 MB for these two).
  const outcomes = new Array<RuleOutcome>(list.length);
  const checks = new Array<string>(list.length);
  const sentences = new Array<string>(list.length);
  let findings: Finding[] = [];
  let reasons: string[] = [];
  const errorChecks: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const o = list[i];
    const x = shared.render(o, r, values);
    const out = x.outcome;
    outcomes[i] = out;
    checks[i] = x.check;
    sentences[i] = out.sentence;
    if (o.outcome !== 'fail') continue;
    const reason = shared.text(renderText(o.rule.texts.reason, values));
    if (reason !== '') reasons.push(reason);
    // A row with an input error reports only the errors.
    if (status === 'error' && out.severity !== 'error') continue;
    findings.push(
      reason
        ? { ruleId: out.ruleId, severity: out.severity, message: out.sentence, figures: out.figures, reason }
        : { ruleId: out.ruleId, severity: out.severity, message: out.sentence, figures: out.figures },
    );
    if (status === 'error') errorChecks.push(x.check);
  }
  const draft = status === 'error' ? null : draftAmount;
  // Kept at their length: a pushed array keeps room for 16 (at 50 000 rows some 10 MB for these two).
  findings = findings.length > 0 ? findings.slice() : findings;
  reasons = reasons.length > 0 ? reasons.slice() : reasons;

  // Built whole in one literal (not spread from a shared base): one object per row, keys in the same order.
  if (status === 'error') {
    const notes = findings.map((f) => f.message).join(' ');
    return assessment(r, status, findings, outcomes, grantAmount, draft, reasons, notes, '', errorChecks);
  }
  const granted = r.app.granted !== null;
  // The board's decision named in one sentence (Avslag, Återremiss, Bordlagt), from the rule set's texts.
  const boardSentence = renderText(r.ruleset.texts.paragraph.boardDecision, values);
  if (status === 'closed') return assessment(r, status, findings, outcomes, null, draft, reasons, boardSentence, '', checks, board);
  // The sentences Shared rendered (or found) with these same values: not rendered a second time.
  const paragraph = renderParagraph(r.ruleset, list, status, granted, values, sentences);
  const notes = boardSentence ? `${boardSentence} ${paragraph}`.trim() : paragraph;
  // The chief's decision, when valid, drives the text (workbook-format.md, "The chief's choices").
  const decision = renderDecision(r.ruleset, r.app, situationForChief(draftOf({ status, application: r.app, draftAmount: draft, findings }), r.chief));
  return assessment(r, status, findings, outcomes, grantAmount, draft, reasons, notes, decision, checks, board);
}

function assessment(
  r: RowRun,
  status: Status,
  findings: Finding[],
  outcomes: RuleOutcome[],
  grantAmount: number | null,
  draftAmount: number | null,
  reasons: string[],
  notes: string,
  decision: string,
  checks: string[],
  board: BoardDecision | null = null,
): Assessment {
  return {
    row: r.raw.row,
    id: r.app.id,
    name: r.app.name,
    status,
    ruleset: { id: r.ruleset.id, version: r.ruleset.version },
    application: r.app,
    findings,
    outcomes,
    grantAmount,
    draftAmount,
    reasons,
    chief: r.chief,
    inputChanged: r.facts.inputChanged === true,
    board,
    notes,
    decision,
    checks,
  };
}

/**
 * Assesses application rows in named stages: read (cells → applications, rule set in force),
 * row rules (json-rules-engine, one engine per rule set), budget (what the proposals do to each
 * year), portfolio rules (budgetram), render (status, Bedömning, Kontroller, Förslag till beslut).
 * Pure: no I/O. Rows that cannot be read get status `error`; the others go on.
 */
export function assessRows(rows: readonly RawRow[], registry: RulesetRegistry, options: AssessRowsOptions): Promise<AssessRowsResult> {
  // Read before anything waits: no waiting frame holds the raw rows, so each goes once its row is assessed.
  const { ready, finished } = readRows(rows, registry, options.date1904 ?? false);
  return assessReadRows(ready, finished, rows.length, options);
}

async function assessReadRows(ready: (ReadyRow | undefined)[], finished: Map<number, Assessment>, total: number, options: AssessRowsOptions): Promise<AssessRowsResult> {

  // Progress counts every row; rows that could not be read are already done.
  let done = finished.size;
  const progress = (n: number) => {
    const before = done;
    done += n;
    if (options.onProgress && Math.floor(done / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) options.onProgress(done, total);
  };
  const runners = rulesRunners();
  const runFacts = computeRunFacts(ready.map((r) => r!.app));
  // The follow-up figures, once, before the rows are taken: every output uses these same numbers.
  const followUp = computeFollowUp(
    ready.map((r) => r!.app),
    options.costSheet ?? null,
    options.followUpDate ?? options.assessmentDate,
    (() => {
      const byRow = new Map(ready.map((r) => [r!.app.row, r!.ruleset] as const));
      return (app: Application) => reportParameters(byRow.get(app.row)!.parameters);
    })(),
  );
  const ruled = await runRowRules(ready, options, runners, runFacts, progress);

  // Stage 3: what each row puts into the budget (status.ts), and the budget per year.
  const contributions = ruled.map((r) => budgetContribution(r, r.verdict));
  const budget = budgetByYear(options.budgetFrames ?? [], contributions);
  const assessments: Assessment[] = new Array<Assessment>(total);
  for (const [index, a] of finished) assessments[index] = a;
  await finishRows(ruled, contributions, budget, runners, (r) => rowFacts(r, options, runFacts), assessments, followUp);
  options.onProgress?.(total, total);
  return { assessments, budget, followUp };
}
