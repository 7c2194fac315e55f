import {
  applicationParagraphs,
  BOARD_TEXTS,
  boardDate,
  boardStyle,
  NOT_READY,
  periodText,
  postText,
  signatureLine,
} from './board-texts';
import type { ChiefDecision } from './chief';
import { draftOf, renderDecision, situationForChief, type DecisionSituation } from './texts/decision';
import { displayName } from './facts';
import { WorkbookError, type SheetValue, type SheetWrite } from './port';
import { splitByYear } from './portfolio';
import { rulesetInForce, type RulesetRegistry } from './rulesets';
import { STATUS_LABELS, type Application, type Assessment, type IsoDate } from './types';

/**
 * The board papers (default-rules.md, "The board papers"): for one meeting, the rows
 * that go to the board and those that are not ready, with amounts per calendar year.
 * Pure: the sheet is a SheetWrite here, the Word document is built in src/board/.
 */

export const BOARD_SHEET = 'Styrelseunderlag';

export interface YearAmount {
  year: number;
  amount: number;
}

export interface BoardProposal {
  /** Ärende number on the papers, from 1. */
  number: number;
  row: number;
  id: string | null;
  name: string;
  owner: string;
  rulesetId: string | null;
  start: IsoDate;
  end: IsoDate;
  /** The period as the rule set writes dates. */
  period: string;
  /** Requested amount (Sökt belopp). */
  requested: number;
  /** Proposed amount; null for a rejection. */
  amount: number | null;
  /** Post as the rule set writes it (`0,4`, `20 %`), or null. */
  post: string | null;
  /** The samverkansparter, named as the board reads them (the extracts' Expedieras). */
  partners: string[];
  verdict: 'grant' | 'reject';
  /** The att-clauses, one per entry. */
  clauses: string[];
  /** The Ansökan section's paragraphs. */
  application: string[];
  /** The Bedömning section's paragraphs: the chief's own text when given, else the generated one. */
  assessment: string[];
  /** The proposed amount split over calendar years by months (empty for a rejection). */
  byYear: YearAmount[];
}

export interface NotReadyRow {
  row: number;
  id: string | null;
  name: string;
  owner: string | null;
  period: string | null;
  requested: number | null;
  post: string | null;
  /** Status as the sheet shows it (`Flaggad` …) or `Begär komplettering`. */
  status: string;
  reason: string;
}

export interface BoardPapers {
  meeting: IsoDate | null;
  /** The meeting date as the rule set in force then writes it. */
  meetingText: string | null;
  /** `NAME, Förbundschef`. */
  signature: string;
  proposals: BoardProposal[];
  notReady: NotReadyRow[];
  /** Totals of the proposals per calendar year, ascending. */
  totals: YearAmount[];
  /** Sum of the proposed amounts. */
  total: number;
}

export interface BoardOptions {
  /** Meeting date: only rows with this Beslutsdatum; null: every row not already granted. */
  meeting: IsoDate | null;
  /** Who signs; null or empty: the rule set's `signature` text. */
  signer: string | null;
  rulesets: RulesetRegistry;
}

/**
 * A meeting date that no row has as Beslutsdatum: nothing to put before the board.
 * Keeps the name `WorkbookError`, so the pane and the command line show its Swedish message as it is.
 */
export class BoardError extends WorkbookError {}

/** The signature text of the newest rule set (`Åsa Fichtel, Förbundschef`). */
export function defaultSigner(registry: RulesetRegistry): string {
  const latest = registry.rulesets[registry.rulesets.length - 1];
  return latest?.texts.signature ?? BOARD_TEXTS.role;
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n|\r?\n/u)
    .map((p) => p.trim())
    .filter(Boolean);
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Rule messages of the findings at the given severities, for the reasons a row is not ready. */
function messages(a: Assessment, severities: readonly string[]): string[] {
  return a.findings.filter((f) => severities.includes(f.severity)).map((f) => f.message.trim()).filter(Boolean);
}

type Verdict = { kind: 'grant' | 'reject' } | { kind: 'not-ready'; status: string; reason: string };

/** Whether the row goes to the board, and how; or why not. */
function verdictOf(a: Assessment): Verdict {
  const chief = a.chief ?? null;
  const status = STATUS_LABELS[a.status];
  if (a.status === 'error' || !a.application) return { kind: 'not-ready', status, reason: NOT_READY.inputError(messages(a, ['error'])) };
  if (chief?.choice === 'supplement') return { kind: 'not-ready', status: 'Begär komplettering', reason: NOT_READY.supplement(chief.comment) };
  if (chief && (a.inputChanged ?? false)) return { kind: 'not-ready', status, reason: NOT_READY.inputChanged };
  if (chief?.choice === 'reject') return { kind: 'reject' };
  if (chief?.choice === 'grant' || chief?.choice === 'grant-changed') return { kind: 'grant' };
  if (a.status === 'ok') return { kind: 'grant' };
  if (a.status === 'flag') return { kind: 'not-ready', status, reason: NOT_READY.flagUndecided(messages(a, ['flag'])) };
  return { kind: 'not-ready', status, reason: NOT_READY.rejectUndecided(messages(a, ['reject', 'flag'])) };
}

/** The amount the board is asked to grant: the chief's when changed, else the draft's. */
function proposedAmount(a: Assessment): number {
  const chief = a.chief ?? null;
  if (chief?.choice === 'grant-changed') {
    const decided = chief.amount ?? a.application?.decidedAmount ?? null;
    if (decided !== null) return decided;
  }
  return a.grantAmount ?? a.application!.amount;
}

/**
 * The att-clauses the board is asked to adopt, rendered from the row's rule set and the structured
 * situation (a grant at the proposed amount, or the rejection with the chief's comment or the rules'
 * reasons), never read back from the draft's text. Without the rule set at hand, the draft as assessed.
 */
function proposalClauses(a: Assessment, amount: number | null, registry: RulesetRegistry): string[] {
  const ruleset = registry.rulesets.find((r) => r.id === a.ruleset?.id && r.version === a.ruleset?.version) ?? registry.rulesets.find((r) => r.id === a.ruleset?.id);
  if (!ruleset || !a.application) return lines(a.decision);
  // As the papers have it: before the board granted anything.
  const application = { ...a.application, granted: null };
  // A rejection is the chief's (verdictOf): their comment as the reason, else the rules' reasons.
  const rejection: ChiefDecision = { text: '', amount: null, comment: null, address: '', ...a.chief, choice: 'reject' };
  const situation: DecisionSituation = amount !== null ? { kind: 'grant', amount } : situationForChief(draftOf({ ...a, application }), rejection);
  return lines(renderDecision(ruleset, application, situation));
}

/** The application with its owner and partners named as the board reads them, by the row's rule set. */
function named(app: Application, a: Assessment, registry: RulesetRegistry): Application {
  const params = registry.rulesets.find((r) => r.id === a.ruleset?.id)?.parameters ?? null;
  return { ...app, owner: displayName(app.owner, params), partners: app.partners.map((p) => displayName(p, params)) };
}

function proposalOf(a: Assessment, kind: 'grant' | 'reject', number: number, registry: RulesetRegistry): BoardProposal {
  const app = named(a.application!, a, registry);
  const rulesetId = a.ruleset?.id ?? null;
  const style = boardStyle(rulesetId);
  const amount = kind === 'grant' ? proposedAmount(a) : null;
  const clauses = proposalClauses(a, amount, registry);
  const chiefNote = (app.chiefNote ?? null)?.trim();
  return {
    number,
    row: a.row,
    id: a.id,
    name: app.name,
    owner: app.owner,
    rulesetId,
    start: app.start,
    end: app.end,
    period: periodText(style, app.start, app.end),
    requested: app.amount,
    amount,
    post: postText(style, app.fte),
    partners: app.partners,
    verdict: kind,
    clauses,
    application: applicationParagraphs(style, app),
    assessment: paragraphs(chiefNote ? chiefNote : a.notes),
    byYear: amount === null ? [] : [...splitByYear(amount, app.start, app.end)].map(([year, part]) => ({ year, amount: part })),
  };
}

function notReadyOf(a: Assessment, status: string, reason: string, registry: RulesetRegistry): NotReadyRow {
  const app = a.application ? named(a.application, a, registry) : null;
  const style = boardStyle(a.ruleset?.id ?? null);
  return {
    row: a.row,
    id: a.id,
    name: app?.name ?? a.name ?? '',
    owner: app?.owner ?? null,
    period: app ? periodText(style, app.start, app.end) : null,
    requested: app?.amount ?? null,
    post: app ? postText(style, app.fte) : null,
    status,
    reason,
  };
}

/** Beslutsdatum of the rows, for the message when a meeting date matches none. */
export function knownMeetings(assessments: readonly Assessment[]): string[] {
  const dates = assessments.map((a) => a.application?.decisionDate ?? null).filter((d): d is string => d !== null);
  return [...new Set(dates)].sort();
}

/** `Beslutsdatum i arbetsboken: 2024-12-12, 2025-02-20.`, for a message about a meeting date that has no ärenden. */
export function meetingList(assessments: readonly Assessment[]): string {
  const known = knownMeetings(assessments);
  return known.length === 0 ? 'Ingen rad har ett Beslutsdatum.' : `Beslutsdatum i arbetsboken: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ' …' : ''}.`;
}

/**
 * The board papers for one meeting. Rows already granted (Beviljat belopp filled) are decided and
 * left out; a row that could not be read is listed as not ready whatever the meeting, since its
 * Beslutsdatum may be the one. Throws BoardError when a meeting date matches no row.
 */
export function planBoardPapers(assessments: readonly Assessment[], options: BoardOptions): BoardPapers {
  const { meeting } = options;
  const sorted = [...assessments].sort((a, b) => a.row - b.row);
  const candidates = sorted.filter((a) => {
    const app = a.application;
    if (!app) return true;
    // Closed by the board (Avslag): in no later papers.
    return app.granted === null && a.status !== 'closed' && (meeting === null || app.decisionDate === meeting);
  });
  if (meeting !== null && !candidates.some((a) => a.application !== null)) {
    throw new BoardError(`Ingen ansökan som inte redan är beviljad har Beslutsdatum ${meeting} (mötesdatumet). ${meetingList(sorted)}`);
  }

  const proposals: BoardProposal[] = [];
  const notReady: NotReadyRow[] = [];
  for (const a of candidates) {
    const v = verdictOf(a);
    if (v.kind === 'not-ready') notReady.push(notReadyOf(a, v.status, v.reason, options.rulesets));
    else proposals.push(proposalOf(a, v.kind, proposals.length + 1, options.rulesets));
  }

  const byYear = new Map<number, number>();
  for (const p of proposals) for (const y of p.byYear) byYear.set(y.year, (byYear.get(y.year) ?? 0) + y.amount);
  const totals = [...byYear].sort((a, b) => a[0] - b[0]).map(([year, amount]) => ({ year, amount }));
  const signer = options.signer?.trim() ? options.signer : defaultSigner(options.rulesets);
  const meetingStyle = meeting === null ? null : boardStyle(rulesetInForce(options.rulesets, meeting)?.id ?? null);
  return {
    meeting,
    meetingText: meeting === null || meetingStyle === null ? null : boardDate(meetingStyle, meeting),
    signature: signatureLine(signer),
    proposals,
    notReady,
    totals,
    total: proposals.reduce((sum, p) => sum + (p.amount ?? 0), 0),
  };
}

/** The years the papers' amounts touch, ascending. */
export function boardYears(papers: BoardPapers): number[] {
  return papers.totals.map((t) => t.year);
}

/**
 * The `Styrelseunderlag` sheet, rebuilt on each export: the proposals as numbered ärenden,
 * the amount per calendar year with totals, then the rows not ready with why.
 */
export function planBoardSheet(papers: BoardPapers): SheetWrite {
  const rows: SheetValue[][] = [];
  const bold: number[] = [];
  const heading = (values: SheetValue[]) => {
    bold.push(rows.length);
    rows.push(values);
  };

  heading([BOARD_TEXTS.proposalsHeading(papers.meetingText, papers.proposals.length)]);
  if (papers.proposals.length === 0) rows.push([BOARD_TEXTS.noProposals]);
  for (const p of papers.proposals) {
    rows.push([p.number, p.name, p.owner, p.period, p.amount, p.post, p.verdict === 'grant' ? BOARD_TEXTS.grant : BOARD_TEXTS.reject, p.clauses.join('\n')]);
  }

  const years = boardYears(papers);
  rows.push([]);
  heading([BOARD_TEXTS.yearsHeading]);
  heading([BOARD_TEXTS.proposalHeaders[0], BOARD_TEXTS.proposalHeaders[1], ...years.map(String), BOARD_TEXTS.total]);
  for (const p of papers.proposals) {
    const of = new Map(p.byYear.map((y) => [y.year, y.amount]));
    rows.push([p.number, p.name, ...years.map((y) => of.get(y) ?? null), p.amount]);
  }
  heading([null, BOARD_TEXTS.total, ...papers.totals.map((t) => t.amount), papers.total]);

  rows.push([]);
  heading([BOARD_TEXTS.notReadyHeading(papers.notReady.length)]);
  if (papers.notReady.length === 0) rows.push([BOARD_TEXTS.noneNotReady]);
  else {
    heading([...BOARD_TEXTS.notReadyHeaders]);
    for (const n of papers.notReady) rows.push([n.row, n.name, n.owner, n.period, n.requested, n.post, n.status, n.reason]);
  }

  const amountFormat = '#,##0';
  return {
    name: BOARD_SHEET,
    mode: 'replace',
    header: [...BOARD_TEXTS.proposalHeaders],
    rows,
    boldRows: bold,
    columnWidths: [8, 36, 24, 30, 14, 14, 14, 90],
    // The clauses (and the not-ready reasons) are several lines in one cell; names, owners, periods and statuses
    // may be longer than their column. Column A is left alone: its headings run on into the empty cells beside them.
    wrapColumns: [1, 2, 3, 6, 7],
    numberFormats: Array.from({ length: Math.max(8, years.length + 3) }, () => amountFormat),
    print: { landscape: true, repeatHeaderRow: true, fitToWidth: true },
  };
}
