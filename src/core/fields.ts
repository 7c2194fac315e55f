import { headerKey } from './fold';
import { STATUS_LABELS, type Assessment, type InputField, type OutputField } from './types';

/** Header names of the workbook contract: the canonical header first, then accepted synonyms. */
export const INPUT_HEADERS: Record<InputField, readonly string[]> = {
  id: ['Diarienummer', 'Dnr', 'Ärendenummer', 'Ärende-ID', 'ID'],
  name: ['Insats', 'Insatsens namn', 'Namn på insats', 'Projekt'],
  owner: ['Insatsägare', 'Huvudman', 'Sökande', 'Sökande organisation'],
  partners: ['Samverkansparter', 'Parter', 'Medsökande'],
  kind: ['Insatstyp', 'Typ av insats', 'Typ'],
  targetGroup: ['Målgrupp', 'Målgrupper'],
  start: ['Startdatum', 'Start', 'Från', 'Period från'],
  end: ['Slutdatum', 'Slut', 'Till', 'Period till'],
  amount: ['Sökt belopp', 'Belopp', 'Ansökt belopp', 'Kostnad'],
  fte: ['Tjänsteomfattning', 'Tjänst', 'Omfattning', 'Sysselsättningsgrad', 'FTE'],
  caseType: ['Ärendetyp', 'Ny eller förlängning'],
  decisionDate: ['Beslutsdatum', 'Sammanträde', 'Styrelsemöte'],
  anchored: ['Förankrad', 'Förankrad i lokusgrupp', 'Förankring'],
  granted: ['Beviljat belopp', 'Beviljat'],
  spent: ['Utfall', 'Upparbetat', 'Förbrukat'],
  spentAsOf: ['Utfall per', 'Utfall t.o.m.', 'Avstämt per'],
  purpose: ['Syfte', 'Syfte och mål', 'Mål'],
  // Person columns the core reads too (the chief's review); the output columns list them again as columns.
  chiefDecision: ['Chefens beslut', 'Förbundschefens beslut'],
  decidedAmount: ['Beslutat belopp', 'Ändrat belopp'],
  chiefNote: ['Förbundschefens bedömning', 'Chefens bedömning'],
  // The board's decision (after-the-board.md): person columns too, listed again as columns below.
  boardDecision: ['Styrelsens beslut', 'Beslut i styrelsen'],
  paragraph: ['Paragraf', '§', 'Protokollsparagraf'],
};

export const REQUIRED_FIELDS: readonly InputField[] = ['name', 'owner', 'start', 'end', 'amount'];

/**
 * Input fields a person writes in their own columns (the chief's review). They are read like the
 * others, but they neither make a row non-empty nor count towards finding the header row.
 */
export const PERSON_INPUT_FIELDS: readonly InputField[] = ['chiefDecision', 'decidedAmount', 'chiefNote', 'boardDecision', 'paragraph'];

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
