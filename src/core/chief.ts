/**
 * The förbundschef's decisions, as read from the person-owned columns
 * (`Chefens beslut`, `Beslutat belopp`, `Kommentar`; workbook-format.md, "The chief's choices").
 */

import { tidyText } from './fold';

/** The four choices: `Bevilja`, `Bevilja med ändrat belopp`, `Avslå`, `Begär komplettering`. */
export type ChiefChoice = 'grant' | 'grant-changed' | 'reject' | 'supplement';

/** A decision the chief wrote in the row. */
export interface ChiefDecision {
  choice: ChiefChoice;
  /** The cell's text as written (trimmed), kept for the log and messages. */
  text: string;
  /** `Beslutat belopp` when filled: the amount granted. */
  amount: number | null;
  /** `Kommentar` when filled: the reason given in a rejection. */
  comment: string | null;
  /** Address of the `Chefens beslut` cell. */
  address: string;
}

/** The choices as the drop-down list and messages show them, in this order. */
export const CHIEF_CHOICE_LABELS: Record<ChiefChoice, string> = {
  grant: 'Bevilja',
  'grant-changed': 'Bevilja med ändrat belopp',
  reject: 'Avslå',
  supplement: 'Begär komplettering',
};

// The cell's first word(s), case-insensitively; a choice must end at a word boundary (`Avslås` yes, `Avslåsen` no).
const END = '(?![\\p{L}\\p{N}])';
const CHOICE_PATTERNS: readonly [ChiefChoice, RegExp][] = [
  ['grant-changed', new RegExp(`^beviljas?\\s+med\\s+ändrat\\s+belopp${END}`, 'iu')],
  ['grant', new RegExp(`^(?:beviljas?|bifall)${END}`, 'iu')],
  ['reject', new RegExp(`^avslås?${END}`, 'iu')],
  ['supplement', new RegExp(`^(?:begär\\s+komplettering|komplettering)${END}`, 'iu')],
];

/** `Bevilja, Bevilja med ändrat belopp, Avslå eller Begär komplettering`. */
function choiceList(): string {
  const labels = Object.values(CHIEF_CHOICE_LABELS);
  return `${labels.slice(0, -1).join(', ')} eller ${labels[labels.length - 1]}`;
}

/**
 * Reads `Chefens beslut` (workbook-format.md, "The chief's choices"): the cell's first word(s) decide,
 * text after the choice is kept, not interpreted. Empty: null (no decision). Anything else, or
 * `Bevilja med ändrat belopp` without a Beslutat belopp: `{ invalid }` with a Swedish message naming the cell.
 */
export function parseChiefDecision(text: string | null, amount: number | null, comment: string | null, address: string): ChiefDecision | { invalid: string } | null {
  const trimmed = text === null ? '' : tidyText(text);
  if (trimmed === '') return null;
  const match = CHOICE_PATTERNS.find(([, re]) => re.test(trimmed));
  const cell = address ? `Chefens beslut i ${address}` : 'Chefens beslut';
  if (!match) {
    return { invalid: `${cell} ("${trimmed}") är inget av valen ${choiceList()}.` };
  }
  const choice = match[0];
  if (choice === 'grant-changed' && amount === null) {
    return { invalid: `${cell} är ${CHIEF_CHOICE_LABELS['grant-changed']}, men Beslutat belopp är tomt.` };
  }
  const note = comment?.trim() ? comment.trim() : null;
  return { choice, text: trimmed, amount, comment: note, address };
}
