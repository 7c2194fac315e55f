/**
 * The protocol's extracts (after-the-board.md, "Protokollsutdrag"): one per ärende decided at a
 * meeting, in paragraph order. Every text is the rule set's (texts.minutes, texts.decided, and the
 * papers' own clauses for a Bifall), rendered through the template renderer; no Swedish here but
 * the message when a text is missing. Pure: the Word document is built in src/board/.
 */
import { BoardError, type BoardPapers, type BoardProposal } from './board';
import type { BoardChoice, BoardDecision } from './board-decision';
import type { Ruleset, RulesetRegistry } from './rulesets';
import type { MinutesText } from './ruleset/types';
import { renderTemplate, type TemplateValues } from './templates';
import { decisionValues, reasonClauses, renderClauses } from './texts/decision';
import type { Application, Assessment, IsoDate } from './types';

export interface MinutesExtract {
  row: number;
  choice: BoardChoice;
  paragraph: number | null;
  /** `Protokollsutdrag`. */
  documentTitle: string;
  /** The header block: the förbund, Förbundsstyrelsen, Sammanträdesdatum and its date, `§ N`, `Dnr …`. */
  organisation: string;
  board: string;
  meetingLabel: string;
  meetingDate: string;
  paragraphText: string;
  dnr: string | null;
  /** `§ N Ansökan om finansiering – INSATS`. */
  title: string;
  /** The insats name, set in italics where the rule set's papers do. */
  name: string;
  decisionHeading: string;
  boardDecides: string;
  clauses: string[];
  caseHeading: string;
  application: string[];
  basisHeading: string;
  basis: string;
  sentToHeading: string;
  sentTo: string[];
  signature: string;
  certified: string;
}

export interface Minutes {
  meeting: IsoDate;
  extracts: MinutesExtract[];
  /** The meeting's ärenden without a recorded decision: not extracted, named in the summary. */
  undecided: { row: number; name: string }[];
}

function rulesetOf(registry: RulesetRegistry, a: Assessment): Ruleset | null {
  const id = a.ruleset?.id;
  return registry.rulesets.find((r) => r.id === id && r.version === a.ruleset?.version) ?? registry.rulesets.find((r) => r.id === id) ?? null;
}

/** The clauses the board decided, in the rule set's own texts and style. */
function decidedClauses(ruleset: Ruleset, p: BoardProposal, app: Application, board: BoardDecision, values: TemplateValues): string[] {
  const decided = ruleset.texts.decided;
  if (!decided) throw new BoardError(`Regelverket ${ruleset.id} saknar beslutssatserna för protokollsutdrag (texts.decided i ${ruleset.path}).`);
  const comment = app.comment?.trim() ? [app.comment] : [];
  const granted = app.granted;
  switch (board.choice) {
    case 'grant':
      // The proposal's clauses as adopted; where the papers proposed otherwise, or at another amount, the rule set's grant clauses.
      if (p.verdict === 'grant' && (granted === null || granted === p.amount)) return p.clauses;
      values.grantAmount = granted ?? p.amount ?? p.requested;
      return renderClauses(values.grantAmount === app.amount ? ruleset.texts.grant : decided.grantChanged, values);
    case 'grant-changed':
      values.grantAmount = granted ?? p.amount ?? p.requested;
      return renderClauses(decided.grantChanged, values);
    case 'reject':
      if (p.verdict === 'reject') return p.clauses;
      values.reasons = reasonClauses(comment);
      return renderClauses(comment.length ? decided.rejectBecause : decided.reject, values);
    case 'referral':
      values.reasons = reasonClauses(comment);
      return renderClauses(comment.length ? decided.referralBecause : decided.referral, values);
    case 'tabled':
      return renderClauses(decided.tabled, values);
  }
}

/**
 * The extracts of meeting M: the papers' proposals (as before the meeting, see papersBeforeMeeting)
 * whose rows now hold a board decision, ordered by paragraph (rows without one last, in the papers' order).
 */
export function planMinutes(papers: BoardPapers, after: readonly Assessment[], registry: RulesetRegistry, meeting: IsoDate, options: { requireDecided?: boolean } = {}): Minutes {
  const byRow = new Map(after.map((a) => [a.row, a]));
  const extracts: MinutesExtract[] = [];
  const undecided: Minutes['undecided'] = [];
  for (const p of papers.proposals) {
    const a = byRow.get(p.row);
    const app = a?.application ?? null;
    const ruleset = a ? rulesetOf(registry, a) : null;
    if (!a?.board || !app || !ruleset) {
      undecided.push({ row: p.row, name: p.name });
      continue;
    }
    const values = decisionValues(ruleset, app);
    values.meeting = meeting;
    values.paragraph = a.board.paragraph;
    const texts = ruleset.texts.minutes;
    const text = (key: MinutesText): string => {
      const t = texts[key];
      if (!t) throw new BoardError(`Regelverket ${ruleset.id} saknar texten texts.minutes.${key} för protokollsutdrag (${ruleset.path}).`);
      return renderTemplate(t, values).trim();
    };
    const clauses = decidedClauses(ruleset, p, app, a.board, Object.create(values) as TemplateValues);
    extracts.push({
      row: p.row,
      choice: a.board.choice,
      paragraph: a.board.paragraph,
      documentTitle: text('title'),
      organisation: text('organisation'),
      board: text('board'),
      meetingLabel: text('meetingLabel'),
      meetingDate: text('meetingDate'),
      paragraphText: a.board.paragraph === null ? '' : text('paragraph'),
      dnr: p.id ? text('dnr') : null,
      title: a.board.paragraph === null ? p.name : text('heading'),
      name: p.name,
      decisionHeading: text('decisionHeading'),
      boardDecides: text('boardDecides'),
      clauses,
      caseHeading: text('caseHeading'),
      application: p.application,
      basisHeading: text('basisHeading'),
      basis: text('basis'),
      sentToHeading: text('sentToHeading'),
      sentTo: [...new Set([p.owner, ...p.partners])],
      signature: text('signature'),
      certified: text('certified'),
    });
  }
  // Stable: extracts without a paragraph keep the papers' order, after the numbered ones.
  const order = (e: MinutesExtract) => e.paragraph ?? Number.MAX_SAFE_INTEGER;
  extracts.sort((x, y) => order(x) - order(y));
  if (options.requireDecided && extracts.length === 0) {
    const count = papers.proposals.length === 1 ? 'ärende' : `${papers.proposals.length} ärenden`;
    throw new BoardError(`Inget av sammanträdets ${count} (${meeting}) har ett beslut i Styrelsens beslut; registrera sammanträdet först (--record-meeting ${meeting}).`);
  }
  return { meeting, extracts, undecided };
}
