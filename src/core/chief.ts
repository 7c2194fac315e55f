/**
 * The förbundschef's decisions, as read from the person-owned columns
 * (`Chefens beslut`, `Beslutat belopp`, `Kommentar`; workbook-format.md, "The chief's choices").
 */

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
