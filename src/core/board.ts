import { applicationParagraphs, boardRuleset, boardTexts, notReadyReason, periodText, postText, signatureLine, type BoardTexts } from './board-texts';
import type { ChiefDecision } from './chief';
import { draftOf, renderDecision, situationForChief, type DecisionSituation } from './texts/decision';
import { displayName } from './facts';
import { WorkbookError, type SheetValue, type SheetWrite } from './port';
import { splitByYear } from './portfolio';
import type { RulesetRegistry } from './rulesets';
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
  /** `Ärende 1 · Dnr 2024-017`. */
  caseLine: string;
  /** The name in italics in the clauses and the Ansökan text (the row's rule set says). */
  italicName: boolean;
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

/** The papers' own words, rendered from the rule set in force on the meeting (src/board/docx.ts lays them out). */
export interface BoardLabels {
  title: string;
  /** The document's title: `Styrelseunderlag 20 februari 2025`. */
  documentTitle: string;
  /** The page footer around the page numbers: `Styrelseunderlag 20 februari 2025 · sida `, ` av `, ``. */
  footer: [string, string, string];
  /** The cover's line under the title: the meeting, or that no meeting was chosen. */
  meeting: string;
  proposalsHeading: string;
  noProposals: string;
  yearsHeading: string;
  notReadyHeading: string;
  noneNotReady: string;
  total: string;
  grant: string;
  reject: string;
  decisionHeading: string;
  boardProposes: string;
  caseHeading: string;
  applicationHeading: string;
  assessmentHeading: string;
  coverNote: string;
  proposalHeaders: string[];
  notReadyHeaders: string[];
  coverTableHeaders: string[];
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
  labels: BoardLabels;
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
  return boardRuleset(registry, null).texts.signature;
}

/** The signature as the papers' rule set writes it: `NAME, Förbundschef`; without a name, the newest rule set's. */
export function boardSignature(registry: RulesetRegistry, signer: string | null, meeting: IsoDate | null = null): string {
  return signatureLine(boardTexts(boardRuleset(registry, meeting)), signer?.trim() ? signer : defaultSigner(registry));
}

/** The rule set a row was assessed with, by id and version (else by id); null without one. */
function rowRuleset(a: Assessment, registry: RulesetRegistry) {
  return registry.rulesets.find((r) => r.id === a.ruleset?.id && r.version === a.ruleset?.version) ?? registry.rulesets.find((r) => r.id === a.ruleset?.id) ?? null;
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

/** Whether the row goes to the board, and how; or why not (in the papers' words). */
function verdictOf(a: Assessment, texts: BoardTexts): Verdict {
  const chief = a.chief ?? null;
  const status = STATUS_LABELS[a.status];
  const notReady = (why: Parameters<typeof notReadyReason>[1], shown = status): Verdict => ({ kind: 'not-ready', status: shown, reason: notReadyReason(texts, why) });
  if (a.status === 'error' || !a.application) return notReady({ kind: 'error', messages: messages(a, ['error']) });
  if (chief?.choice === 'supplement') return notReady({ kind: 'supplement', comment: chief.comment }, 'Begär komplettering');
  if (chief && (a.inputChanged ?? false)) return notReady({ kind: 'inputChanged' });
  if (chief?.choice === 'reject') return { kind: 'reject' };
  if (chief?.choice === 'grant' || chief?.choice === 'grant-changed') return { kind: 'grant' };
  if (a.status === 'ok') return { kind: 'grant' };
  if (a.status === 'flag') return notReady({ kind: 'flag', messages: messages(a, ['flag']) });
  return notReady({ kind: 'reject', messages: messages(a, ['reject', 'flag']) });
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
  const ruleset = rowRuleset(a, registry);
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
  const params = rowRuleset(a, registry)?.parameters ?? null;
  return { ...app, owner: displayName(app.owner, params), partners: app.partners.map((p) => displayName(p, params)) };
}

/** A row's own texts: its rule set's, else (a row without one) the papers'. */
function rowTexts(a: Assessment, registry: RulesetRegistry, papers: BoardTexts): BoardTexts {
  const ruleset = rowRuleset(a, registry);
  return ruleset ? boardTexts(ruleset) : papers;
}

function proposalOf(a: Assessment, kind: 'grant' | 'reject', number: number, registry: RulesetRegistry, papers: BoardTexts): BoardProposal {
  const app = named(a.application!, a, registry);
  const style = rowTexts(a, registry, papers);
  const amount = kind === 'grant' ? proposedAmount(a) : null;
  const clauses = proposalClauses(a, amount, registry);
  const chiefNote = (app.chiefNote ?? null)?.trim();
  return {
    number,
    row: a.row,
    id: a.id,
    name: app.name,
    owner: app.owner,
    caseLine: papers.line('caseLine', { number, id: a.id || null }),
    italicName: style.italicName,
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

function notReadyOf(a: Assessment, status: string, reason: string, registry: RulesetRegistry, papers: BoardTexts): NotReadyRow {
  const app = a.application ? named(a.application, a, registry) : null;
  const style = rowTexts(a, registry, papers);
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

  const texts = boardTexts(boardRuleset(options.rulesets, meeting));
  const proposals: BoardProposal[] = [];
  const notReady: NotReadyRow[] = [];
  for (const a of candidates) {
    const v = verdictOf(a, texts);
    if (v.kind === 'not-ready') notReady.push(notReadyOf(a, v.status, v.reason, options.rulesets, texts));
    else proposals.push(proposalOf(a, v.kind, proposals.length + 1, options.rulesets, texts));
  }

  const byYear = new Map<number, number>();
  for (const p of proposals) for (const y of p.byYear) byYear.set(y.year, (byYear.get(y.year) ?? 0) + y.amount);
  const totals = [...byYear].sort((a, b) => a[0] - b[0]).map(([year, amount]) => ({ year, amount }));
  const meetingText = meeting === null ? null : texts.line('meetingDate', { meeting });
  return {
    meeting,
    meetingText,
    signature: boardSignature(options.rulesets, options.signer, meeting),
    proposals,
    notReady,
    totals,
    total: proposals.reduce((sum, p) => sum + (p.amount ?? 0), 0),
    labels: boardLabels(texts, meetingText, proposals.length, notReady.length),
  };
}

// Stand-ins for the page fields in the footer's text, where Word puts the numbers (no text has these characters).
const PAGE = '\u0001';
const PAGES = '\u0002';
function footerParts(text: string): [string, string, string] {
  const page = text.indexOf(PAGE);
  const pages = text.indexOf(PAGES);
  if (page < 0 || pages < page) return [text.replace(PAGE, '').replace(PAGES, ''), '', ''];
  return [text.slice(0, page), text.slice(page + 1, pages), text.slice(pages + 1)];
}

/** The papers' words; `meeting` is the meeting date as written (the texts' {meeting}). */
function boardLabels(texts: BoardTexts, meeting: string | null, proposals: number, notReady: number): BoardLabels {
  const say = (name: Parameters<BoardTexts['line']>[0], values = {}) => texts.line(name, { meeting, ...values });
  return {
    title: say('title'),
    documentTitle: say('documentTitle'),
    footer: footerParts(say('footer', { title: say('documentTitle'), page: PAGE, pages: PAGES })),
    meeting: say('meeting'),
    proposalsHeading: say('proposalsHeading', { cases: say('cases', { count: proposals }) }),
    noProposals: say('noProposals'),
    yearsHeading: say('yearsHeading'),
    notReadyHeading: say('notReadyHeading', { rows: say('rows', { count: notReady }) }),
    noneNotReady: say('noneNotReady'),
    total: say('total'),
    grant: say('grant'),
    reject: say('reject'),
    decisionHeading: say('decisionHeading'),
    boardProposes: say('boardProposes'),
    caseHeading: say('caseHeading'),
    applicationHeading: say('applicationHeading'),
    assessmentHeading: say('assessmentHeading'),
    coverNote: say('coverNote'),
    proposalHeaders: texts.list('proposalHeaders'),
    notReadyHeaders: texts.list('notReadyHeaders'),
    coverTableHeaders: texts.list('coverTableHeaders'),
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

  const labels = papers.labels;
  heading([labels.proposalsHeading]);
  if (papers.proposals.length === 0) rows.push([labels.noProposals]);
  for (const p of papers.proposals) {
    rows.push([p.number, p.name, p.owner, p.period, p.amount, p.post, p.verdict === 'grant' ? labels.grant : labels.reject, p.clauses.join('\n')]);
  }

  const years = boardYears(papers);
  rows.push([]);
  heading([labels.yearsHeading]);
  heading([labels.proposalHeaders[0], labels.proposalHeaders[1], ...years.map(String), labels.total]);
  for (const p of papers.proposals) {
    const of = new Map(p.byYear.map((y) => [y.year, y.amount]));
    rows.push([p.number, p.name, ...years.map((y) => of.get(y) ?? null), p.amount]);
  }
  heading([null, labels.total, ...papers.totals.map((t) => t.amount), papers.total]);

  rows.push([]);
  heading([labels.notReadyHeading]);
  if (papers.notReady.length === 0) rows.push([labels.noneNotReady]);
  else {
    heading([...labels.notReadyHeaders]);
    for (const n of papers.notReady) rows.push([n.row, n.name, n.owner, n.period, n.requested, n.post, n.status, n.reason]);
  }

  const amountFormat = '#,##0';
  return {
    name: BOARD_SHEET,
    mode: 'replace',
    header: [...labels.proposalHeaders],
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
