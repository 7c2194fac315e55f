import { headerKey } from './fold';
import { STATUS_LABELS, type Assessment, type FieldValues, type InputField, type OutputField } from './types';

/**
 * How a field's cell is read: each names one reader of readers.ts (READERS) and its value type in
 * FieldValues (types.ts), whose keys are the one list of them (`person`: what a person wrote, never an error).
 */
export type FieldReader = keyof FieldValues;

/** One input field of the workbook contract (shared/docs/workbook-format.md, "Input columns"). */
export interface FieldSpec {
  /** The canonical header first (messages name the field by it), then the synonyms accepted. */
  headers: readonly [string, ...string[]];
  read: FieldReader;
  /** The row cannot be assessed without it: a missing column or an empty cell is an input error. */
  required?: true;
  /**
   * Written by a person in a column of their own (the chief's review, the board's decision): read
   * like the others, but neither makes a row non-empty nor counts towards finding the header row.
   */
  person?: true;
  /**
   * An Application made elsewhere (a test's fixture, a caller from before the field) may leave it
   * out: the type says `field?:`, and code reading it takes `?? null`. parseApplication fills it always.
   */
  mayBeAbsent?: true;
}

/**
 * The input fields, once: the Application type (types.ts), the header lookup below and
 * parseApplication's reading (readers.ts) all follow from this table. In the contract's order,
 * which is the order parseApplication reads (and reports errors) in.
 */
export const INPUT_FIELDS = {
  /** Diarienummer, as text (an id cell may hold a number). */
  id: { headers: ['Diarienummer', 'Dnr', 'Ärendenummer', 'Ärende-ID', 'ID'], read: 'text' },
  name: { headers: ['Insats', 'Insatsens namn', 'Namn på insats', 'Projekt'], read: 'text', required: true },
  owner: { headers: ['Insatsägare', 'Huvudman', 'Sökande', 'Sökande organisation'], read: 'text', required: true },
  /** Samverkansparter; an empty list when none. */
  partners: { headers: ['Samverkansparter', 'Parter', 'Medsökande'], read: 'list' },
  kind: { headers: ['Insatstyp', 'Typ av insats', 'Typ'], read: 'kind' },
  targetGroup: { headers: ['Målgrupp', 'Målgrupper'], read: 'text' },
  start: { headers: ['Startdatum', 'Start', 'Från', 'Period från'], read: 'date', required: true },
  end: { headers: ['Slutdatum', 'Slut', 'Till', 'Period till'], read: 'date', required: true },
  /** Requested amount in kronor for the whole period. `Kostnad` is the contract's synonym (workbook-format.md). */
  amount: { headers: ['Sökt belopp', 'Belopp', 'Ansökt belopp', 'Kostnad'], read: 'money', required: true },
  /** Share of a full-time post, 0–1, or null when not given. */
  fte: { headers: ['Tjänsteomfattning', 'Tjänst', 'Omfattning', 'Sysselsättningsgrad', 'FTE'], read: 'share' },
  /** `ny` when empty. */
  caseType: { headers: ['Ärendetyp', 'Ny eller förlängning'], read: 'caseType' },
  decisionDate: { headers: ['Beslutsdatum', 'Sammanträde', 'Styrelsemöte'], read: 'date' },
  anchored: { headers: ['Förankrad', 'Förankrad i lokusgrupp', 'Förankring'], read: 'yesNo' },
  granted: { headers: ['Beviljat belopp', 'Beviljat'], read: 'money' },
  spent: { headers: ['Utfall', 'Upparbetat', 'Förbrukat'], read: 'money' },
  /** `Utfall per`: the date the Utfall figure refers to. */
  spentAsOf: { headers: ['Utfall per', 'Utfall t.o.m.', 'Avstämt per'], read: 'date', mayBeAbsent: true },
  /** `Syfte`: free text for the board papers' Ansökan section. */
  purpose: { headers: ['Syfte', 'Syfte och mål', 'Mål'], read: 'text', mayBeAbsent: true },
  // Person columns the core reads too (the chief's review); the output columns list them again as columns.
  /** Whatever a person wrote in `Chefens beslut`, trimmed; null when empty. */
  chiefDecision: { headers: ['Chefens beslut', 'Förbundschefens beslut'], read: 'person', person: true },
  /** `Beslutat belopp`: the amount when the chief grants a changed amount. */
  decidedAmount: { headers: ['Beslutat belopp', 'Ändrat belopp'], read: 'money', person: true, mayBeAbsent: true },
  /** `Förbundschefens bedömning`: replaces the generated Bedömning in the board papers. */
  chiefNote: { headers: ['Förbundschefens bedömning', 'Chefens bedömning'], read: 'person', person: true, mayBeAbsent: true },
  // The board's decision (after-the-board.md): person columns too, listed again as columns below.
  /** `Styrelsens beslut` as written, trimmed; null when empty. */
  boardDecision: { headers: ['Styrelsens beslut', 'Beslut i styrelsen'], read: 'person', person: true, mayBeAbsent: true },
  /** `Paragraf` as written, trimmed; null when empty. */
  paragraph: { headers: ['Paragraf', '§', 'Protokollsparagraf'], read: 'person', person: true, mayBeAbsent: true },
} as const satisfies Record<string, FieldSpec>;

const FIELD_ENTRIES = Object.entries(INPUT_FIELDS) as [InputField, FieldSpec][];

/** Header names of the workbook contract: the canonical header first, then accepted synonyms. */
export const INPUT_HEADERS = {} as Record<InputField, readonly string[]>;
for (const [field, spec] of FIELD_ENTRIES) INPUT_HEADERS[field] = spec.headers;

export const REQUIRED_FIELDS: readonly InputField[] = FIELD_ENTRIES.filter(([, spec]) => spec.required).map(([field]) => field);

/** The fields of FieldSpec.person: a person's columns, which do not make a row non-empty nor find the header row. */
export const PERSON_INPUT_FIELDS: readonly InputField[] = FIELD_ENTRIES.filter(([, spec]) => spec.person).map(([field]) => field);

/** What a tool column holds for one row: a text, or a list the sheet shows joined. */
type ColumnValue = string | string[];

/** A column a run writes: its cell text, and its key and value in the `--json` report. */
export interface ToolColumn {
  owner: 'tool';
  field: ToolField;
  header: string;
  /** The structured value; the sheet joins a list with `separator`. */
  value(a: Assessment, stampTime: string): ColumnValue;
  separator?: string;
  /** Key and value in the JSON report's rows; the report keeps machine values (`ok`, not `OK`). */
  json: { key: string; value(a: Assessment): unknown };
}

/** A column a person writes: created empty when missing, never written by a run. */
export interface PersonColumn {
  owner: 'person';
  field: PersonField;
  header: string;
  synonyms: readonly string[];
}

export type OutputColumn = ToolColumn | PersonColumn;
export type ToolField = 'status' | 'notes' | 'decision' | 'checks' | 'rules' | 'stamp';
export type PersonField = Exclude<OutputField, ToolField>;

function personColumn(field: PersonField, names: readonly string[]): PersonColumn {
  return { owner: 'person', field, header: names[0], synonyms: names.slice(1) };
}

/** Ids of the rules that fired (and `indata`), in rule-file order, each once. */
export function firedRules(a: Assessment): string[] {
  return [...new Set(a.findings.map((f) => f.ruleId))];
}

/**
 * Every output column, once, in the order missing ones are created to the right of the
 * input columns (workbook-format.md, "Output columns"). Headers, the created columns, the
 * write plan and the JSON report are all derived from this list.
 */
export const OUTPUT_COLUMNS: readonly OutputColumn[] = [
  { owner: 'tool', field: 'status', header: 'Status', value: (a) => STATUS_LABELS[a.status], json: { key: 'status', value: (a) => a.status } },
  { owner: 'tool', field: 'notes', header: 'Bedömning', value: (a) => a.notes, json: { key: 'notes', value: (a) => a.notes } },
  { owner: 'tool', field: 'decision', header: 'Förslag till beslut', value: (a) => a.decision, json: { key: 'decision', value: (a) => a.decision } },
  {
    owner: 'tool',
    field: 'checks',
    header: 'Kontroller',
    value: (a) => a.checks ?? [],
    separator: '\n',
    json: { key: 'checks', value: (a) => [...(a.checks ?? [])] },
  },
  { owner: 'tool', field: 'rules', header: 'Regelträffar', value: firedRules, separator: ', ', json: { key: 'rules', value: firedRules } },
  {
    owner: 'tool',
    field: 'stamp',
    header: 'Bedömd',
    value: (a, stampTime) => (a.ruleset ? `${stampTime} · ${a.ruleset.id} v${a.ruleset.version}` : stampTime),
    // The time belongs to the sheet; the report names the rule set in force.
    json: { key: 'ruleset', value: (a) => (a.ruleset ? `${a.ruleset.id}@${a.ruleset.version}` : null) },
  },
  // The chief's three columns are input fields too: their names are those of INPUT_HEADERS.
  personColumn('chiefDecision', INPUT_HEADERS.chiefDecision),
  personColumn('decidedAmount', INPUT_HEADERS.decidedAmount),
  personColumn('chiefNote', INPUT_HEADERS.chiefNote),
  personColumn('comment', ['Kommentar']),
  personColumn('boardDecision', INPUT_HEADERS.boardDecision),
  personColumn('paragraph', INPUT_HEADERS.paragraph),
];

export const TOOL_COLUMNS: readonly ToolColumn[] = OUTPUT_COLUMNS.filter((c): c is ToolColumn => c.owner === 'tool');
/** Columns a run writes values into, in order. The others belong to a person and are only created, never written. */
export const TOOL_OUTPUT_FIELDS: readonly ToolField[] = TOOL_COLUMNS.map((c) => c.field);
export const OUTPUT_HEADERS = Object.fromEntries(OUTPUT_COLUMNS.map((c) => [c.field, c.header])) as Record<OutputField, string>;

/** A tool column's text for an assessed row, as the sheet shows it (before fitting it to a cell). */
export function columnText(column: ToolColumn, a: Assessment, stampTime: string): string {
  const value = column.value(a, stampTime);
  return typeof value === 'string' ? value : value.join(column.separator ?? ', ');
}

/** Canonical Swedish column name, for messages. */
export function fieldLabel(field: InputField): string {
  return INPUT_HEADERS[field][0];
}

const inputIndex = new Map<string, InputField>();
for (const [field, names] of Object.entries(INPUT_HEADERS) as [InputField, readonly string[]][]) {
  for (const name of names) inputIndex.set(headerKey(name), field);
}
const outputIndex = new Map<string, OutputField>();
for (const column of OUTPUT_COLUMNS) {
  for (const name of [column.header, ...(column.owner === 'person' ? column.synonyms : [])]) outputIndex.set(headerKey(name), column.field);
}

/**
 * Which field a header cell names, if any. A person column the core also reads
 * (`Chefens beslut`) is an input field here; `matchOutputHeader` finds it as a column.
 */
export function matchHeader(text: string): { kind: 'input'; field: InputField } | { kind: 'output'; field: OutputField } | null {
  const input = inputIndex.get(headerKey(text));
  if (input !== undefined) return { kind: 'input', field: input };
  const output = outputIndex.get(headerKey(text));
  return output === undefined ? null : { kind: 'output', field: output };
}

/** Which output column (tool or person) a header cell names, if any. */
export function matchOutputHeader(text: string): OutputField | null {
  return outputIndex.get(headerKey(text)) ?? null;
}
