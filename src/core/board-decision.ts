/**
 * The board's decision per row, as read from the person columns `Styrelsens beslut` and `Paragraf`
 * (after-the-board.md, "The board's decision per row"). Structured only: the sentences a person
 * reads about a decision are the rule set's (rule `styrelsens-beslut`, texts.paragraph.boardDecision,
 * texts.decided), rendered from the machine values here.
 */

import { tidyText } from './fold';

/** The five choices: `Bifall`, `Bifall med ändring`, `Avslag`, `Återremiss`, `Bordlagt`. */
export type BoardChoice = 'grant' | 'grant-changed' | 'reject' | 'referral' | 'tabled';

/** The choices as the drop-down list and the Logg write them, in this order. */
export const BOARD_CHOICE_LABELS: Record<BoardChoice, string> = {
  grant: 'Bifall',
  'grant-changed': 'Bifall med ändring',
  reject: 'Avslag',
  referral: 'Återremiss',
  tabled: 'Bordlagt',
};

export const BOARD_CHOICES = Object.keys(BOARD_CHOICE_LABELS) as BoardChoice[];

/** A decision the board made, as a person (or the recording of the meeting) wrote it in the row. */
export interface BoardDecision {
  choice: BoardChoice;
  /** The cell's text as written (trimmed). */
  text: string;
  /** The paragraph number, when Paragraf holds one. */
  paragraph: number | null;
}

// The cell's first word(s), case-insensitively, ending at a word boundary (`Avslås` yes, `Avslåsen` no).
const END = '(?![\\p{L}\\p{N}])';
const CHOICE_PATTERNS: readonly [BoardChoice, RegExp][] = [
  ['grant-changed', new RegExp(`^(?:bifall\\s+med\\s+ändring|beviljas\\s+delvis|delvis\\s+bifall)${END}`, 'iu')],
  ['grant', new RegExp(`^(?:bifall|beviljas|bevilja|enligt\\s+förslag)${END}`, 'iu')],
  ['reject', new RegExp(`^(?:avslag|avslås)${END}`, 'iu')],
  ['referral', new RegExp(`^(?:återremiss|återremitteras)${END}`, 'iu')],
  ['tabled', new RegExp(`^(?:bordlagt|bordläggs)${END}`, 'iu')],
];

function clean(text: string | null): string {
  return text === null ? '' : tidyText(text);
}

/** Reads `Styrelsens beslut` by its first word(s): null when empty, `invalid` when it is none of the five. */
export function parseBoardChoice(text: string | null): { choice: BoardChoice; text: string } | { invalid: string } | null {
  const trimmed = clean(text);
  if (trimmed === '') return null;
  const match = CHOICE_PATTERNS.find(([, re]) => re.test(trimmed));
  return match ? { choice: match[0], text: trimmed } : { invalid: trimmed };
}

/** Reads `Paragraf`: `§ 12`, `12`, `12 §`, `§12`; null when empty, NaN when it holds anything else. */
export function parseParagraph(text: string | null): number | null {
  const trimmed = clean(text);
  if (trimmed === '') return null;
  const m = /^(?:§\s*)?(\d{1,6})(?:\s*§)?$/u.exec(trimmed);
  return m ? Number(m[1]) : Number.NaN;
}

/** `§ 12`, as the recording of the meeting writes Paragraf. */
export function paragraphText(n: number): string {
  return `§\u00a0${n}`;
}

/** What the rule `styrelsens-beslut` reports (one machine value; its sentence is the rule file's). */
export type BoardProblem = 'unknown-choice' | 'paragraph' | 'above-requested' | 'no-change';

/** The row's board decision and what is wrong with it, from its cells and the amount the papers proposed. */
export interface BoardReading {
  decision: BoardDecision | null;
  problem: BoardProblem | null;
  /** Bifall or Bifall med ändring without Beviljat belopp (rule `beviljat-saknas`). */
  grantedMissing: boolean;
}

export function readBoardDecision(
  text: string | null,
  paragraph: string | null,
  granted: number | null,
  requested: number,
  paperAmount: number,
): BoardReading {
  const read = parseBoardChoice(text);
  const number = parseParagraph(paragraph);
  const decision = boardDecisionOf({ boardDecision: text, paragraph });
  const grants = decision !== null && (decision.choice === 'grant' || decision.choice === 'grant-changed');
  let problem: BoardProblem | null = null;
  if (read && 'invalid' in read) problem = 'unknown-choice';
  else if (number !== null && Number.isNaN(number)) problem = 'paragraph';
  else if (decision?.choice === 'grant-changed' && granted !== null && granted > requested) problem = 'above-requested';
  else if (decision?.choice === 'grant-changed' && granted !== null && granted === paperAmount) problem = 'no-change';
  return { decision, problem, grantedMissing: grants && granted === null };
}

/** A row's board decision when Styrelsens beslut holds one of the five choices (Paragraf as far as it reads). */
export function boardDecisionOf(app: { boardDecision?: string | null; paragraph?: string | null }): BoardDecision | null {
  const read = parseBoardChoice(app.boardDecision ?? null);
  if (!read || !('choice' in read)) return null;
  const paragraph = parseParagraph(app.paragraph ?? null);
  return { choice: read.choice, text: read.text, paragraph: paragraph === null || Number.isNaN(paragraph) ? null : paragraph };
}
