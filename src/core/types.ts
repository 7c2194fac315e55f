import type { BoardDecision } from './board-decision';
import type { ChiefDecision } from './chief';
import type { INPUT_FIELDS } from './fields';

/**
 * Domain types shared by the core, the adapters and the callers.
 * The core is pure: no Office.js, no Node fs. Everything here is plain data.
 */

/** A cell value as a workbook hands it over, before any interpretation. */
export type CellValue = string | number | boolean | Date | null | CellError;

/** An Excel error value (`#N/A`, `#VALUE!` …). Office.js gives these as strings; adapters may pass either. */
export interface CellError {
  kind: 'cell-error';
  code: string;
}

/** One input cell: what it held, where it was, and its number format when the workbook told us. */
export interface RawCell {
  value: CellValue;
  /** A1 address on the sheet, e.g. `D7`. */
  address: string;
  numberFormat?: string;
}

/** Input fields of an application row: the keys of the field table (INPUT_FIELDS in fields.ts). */
export type InputField = keyof FieldTable;

/** Output columns the tool writes, then the columns a person writes (see OUTPUT_COLUMNS in fields.ts). */
export type OutputField =
  | 'status'
  | 'notes'
  | 'decision'
  | 'checks'
  | 'rules'
  | 'stamp'
  | 'chiefDecision'
  | 'decidedAmount'
  | 'chiefNote'
  | 'comment'
  | 'boardDecision'
  | 'paragraph';

/** A data row as located on the sheet: its sheet row number and the cells of the recognised columns. */
export interface RawRow {
  /** 1-based row number on the sheet. */
  row: number;
  cells: Partial<Record<InputField, RawCell>>;
  /** `Kommentar`: a person's column that is no input field, read for the chief's review. */
  comment?: RawCell;
}

/** Calendar date without time or zone, `YYYY-MM-DD`. Compares correctly as a string. */
export type IsoDate = string;

export type InsatsKind = 'individinriktad' | 'strukturövergripande' | 'kompetenshöjande';
export type CaseType = 'ny' | 'förlängning';

/** What each kind of reader (FieldSpec.read, FieldReader) gives for a cell that holds a value; adding a kind adds its reader to READERS in readers.ts. */
export interface FieldValues {
  text: string;
  list: string[];
  kind: InsatsKind;
  date: IsoDate;
  money: number;
  share: number;
  yesNo: boolean;
  caseType: CaseType;
  person: string;
}

/** Readers whose empty cell (or missing column) still gives a value: an empty list, `ny`. */
export type ReaderWithEmptyValue = 'list' | 'caseType';

type FieldTable = typeof INPUT_FIELDS;

/** A field's value in an Application: a required field's never null, nor that of a reader with an empty value. */
type FieldValue<S> = S extends { read: infer R extends keyof FieldValues }
  ? S extends { required: true }
    ? FieldValues[R]
    : R extends ReaderWithEmptyValue
      ? FieldValues[R]
      : FieldValues[R] | null
  : never;

/**
 * An application row after every cell was read into a typed value: one property per field of the
 * field table, typed by its reader (each property's documentation is the table entry's); a field
 * marked mayBeAbsent is optional.
 */
export type Application = { row: number } & {
  -readonly [F in keyof FieldTable as FieldTable[F] extends { mayBeAbsent: true } ? never : F]: FieldValue<FieldTable[F]>;
} & {
  -readonly [F in keyof FieldTable as FieldTable[F] extends { mayBeAbsent: true } ? F : never]?: FieldValue<FieldTable[F]>;
} & {
  /** `Kommentar`: the chief's reason when rejecting (a person's column and no input field: RawRow.comment). */
  comment?: string | null;
};

/** An input cell that could not be read. The message is Swedish and names column, address and text. */
export interface InputError {
  field: InputField | 'sheet';
  address: string | null;
  message: string;
}

/** Machine status of an assessed row. */
export type Status = 'ok' | 'flag' | 'reject' | 'error' | 'closed';
export type Severity = 'flag' | 'reject' | 'error';

/** The statuses in the order summaries, the Logg and the pane list them. */
export const STATUS_ORDER: readonly Status[] = ['ok', 'flag', 'reject', 'error', 'closed'];

/** Swedish labels of the statuses, as the sheet shows them. */
export const STATUS_LABELS: Record<Status, string> = {
  ok: 'OK',
  flag: 'Flaggad',
  reject: 'Avslag föreslås',
  error: 'Fel i indata',
  closed: 'Avslagen',
};

/** A value a finding used: a number, text, date, list or flag. */
export type FigureValue = number | string | boolean | null | string[] | number[];

/** A rule that did not pass, or an input error: structured, so every text can be rendered from it. */
export interface Finding {
  /** Rule id (`belopp-max`), or `indata` for a cell that could not be read. */
  ruleId: string;
  severity: Severity;
  /** The rendered Swedish sentence. */
  message: string;
  /** The figures the rule used, by fact or parameter name. */
  figures: Record<string, FigureValue>;
  /** For input errors: the cell. */
  address?: string | null;
  /** The rule's reason as the end of `…, eftersom …` (what a rejection says), when the rule has one. */
  reason?: string;
}

/** How one rule came out for one row. */
export interface RuleOutcome {
  ruleId: string;
  outcome: 'pass' | 'fail' | 'not-applicable';
  severity: Severity;
  /** The rendered sentence for the Bedömning (may be empty when the rule set has no text for this outcome). */
  sentence: string;
  figures: Record<string, FigureValue>;
}

/** The result for one row. */
export interface Assessment {
  row: number;
  id: string | null;
  name: string | null;
  status: Status;
  /** `finsam-2025@3`, or null when no rule set could be chosen. */
  ruleset: { id: string; version: number } | null;
  /** The typed application, when every cell could be read. */
  application: Application | null;
  /** Failed rules and input errors, in rule-file order. */
  findings: Finding[];
  /** Every rule's outcome, in rule-file order (empty for input errors). */
  outcomes: RuleOutcome[];
  /** The amount the draft decision grants (capped when belopp-max failed); null when nothing is granted. */
  grantAmount: number | null;
  /** The amount a grant would give (requested, capped by belopp-max), also for reject-proposed rows; null for errors. */
  draftAmount?: number | null;
  /** Every failed rule's reason, as the end of `…, eftersom …`: what a rejection by the chief says without a comment. */
  reasons?: string[];
  /** Bedömning paragraph. */
  notes: string;
  /** Förslag till beslut: the att-clauses, one per line; empty for `error`. */
  decision: string;
  // Being added (issues 9 and 11); made required once the core fills them.
  /** Kontroller: every rule's outcome, one line each (`✓ Belopp per år: …`). */
  checks?: string[];
  /** The chief's decision read from the row, when valid. */
  chief?: ChiefDecision | null;
  /** The row's key inputs differ from those logged with the chief's decision. */
  inputChanged?: boolean;
  /** The board's decision read from the row (Styrelsens beslut, Paragraf), when valid. */
  board?: BoardDecision | null;
}
