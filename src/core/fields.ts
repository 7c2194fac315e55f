import type { InputField, OutputField } from './types';

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
};

export const REQUIRED_FIELDS: readonly InputField[] = ['name', 'owner', 'start', 'end', 'amount'];

/** Output headers, in the order they are created to the right of the input columns. */
export const OUTPUT_HEADERS: Record<OutputField, string> = {
  status: 'Status',
  notes: 'Bedömning',
  decision: 'Förslag till beslut',
  rules: 'Regelträffar',
  stamp: 'Bedömd',
  chiefDecision: 'Chefens beslut',
  comment: 'Kommentar',
};
export const OUTPUT_ORDER: readonly OutputField[] = ['status', 'notes', 'decision', 'rules', 'stamp', 'chiefDecision', 'comment'];
/** Columns a run writes values into. The others belong to a person and are only created, never written. */
export const TOOL_OUTPUT_FIELDS: readonly OutputField[] = ['status', 'notes', 'decision', 'rules', 'stamp'];

/** Canonical Swedish column name, for messages. */
export function fieldLabel(field: InputField): string {
  return INPUT_HEADERS[field][0];
}

/**
 * Normalises a header for matching: case, surrounding and inner white space,
 * a trailing unit in parentheses, and å/ä → a, ö → o.
 */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/\s*\([^()]*\)\s*$/u, '')
    .toLowerCase()
    .replace(/[åä]/gu, 'a')
    .replace(/ö/gu, 'o')
    .trim();
}

const headerIndex = new Map<string, { kind: 'input'; field: InputField } | { kind: 'output'; field: OutputField }>();
for (const [field, names] of Object.entries(INPUT_HEADERS) as [InputField, readonly string[]][]) {
  for (const name of names) headerIndex.set(normaliseHeader(name), { kind: 'input', field });
}
for (const [field, name] of Object.entries(OUTPUT_HEADERS) as [OutputField, string][]) {
  headerIndex.set(normaliseHeader(name), { kind: 'output', field });
}

/** Which field a header cell names, if any. */
export function matchHeader(text: string) {
  return headerIndex.get(normaliseHeader(text)) ?? null;
}
