/**
 * Text folding: how two texts a person typed are found to say the same. One base and two variants,
 * each named for what it compares:
 *
 * - `tidyText`: NFC, every run of white space (also U+00A0 and U+202F, as Excel and Word paste them)
 *   one plain space, trimmed. Case is kept: what a person wrote, read for its words
 *   (`Chefens beslut`, `Styrelsens beslut`, a list's names).
 * - `textKey`: tidyText in lower case. Cells read by their words (money, dates, yes/no), organisation
 *   and insats names, the Logg's keys: `Uppsala  Kommun` and `uppsala kommun` are one key.
 *   `nameKey` is textKey for the organisation names that recur on every row, kept once folded.
 * - `headerKey`: textKey without a trailing unit in parentheses and with å/ä → a, ö → o. Column
 *   headers and sheet names (workbook-format.md, "Finding the table"): `Sökt belopp (kr)` is
 *   `sokt belopp`. Too loose for cells: it would make `Sök` and `Sök (ej)` one value.
 *
 * Lower case is the locale-free `toLowerCase`: Swedish has no casing of its own (only Turkish,
 * Azeri and Lithuanian have), so `toLocaleLowerCase('sv-SE')` gives the same text, more slowly
 * (test/core/fold.test.ts checks that they agree).
 */
import { nfc } from './nfc';

/** NFC, any white space as one plain space, trimmed; case kept (`  Bifall\u00a0 med ändring` → `Bifall med ändring`). */
export function tidyText(text: string): string {
  return nfc(text).replace(/\s+/gu, ' ').trim();
}

/** tidyText in lower case: the key a cell's text or a name compares by (`Uppsala  Kommun` → `uppsala kommun`). */
export function textKey(text: string): string {
  return tidyText(text).toLowerCase();
}

// The same few organisation names recur on every row: fold each once.
const nameKeys = new Map<string, string>();
const MAX_NAME_KEYS = 10_000;

/**
 * textKey for organisation names, remembered: the members, the owners and the partners recur on
 * every row. A text that seldom recurs (each insats's own name) takes textKey, so that it does not
 * fill this cache and push out the names that recur.
 */
export function nameKey(name: string): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    key = textKey(name);
    if (nameKeys.size >= MAX_NAME_KEYS) nameKeys.clear();
    nameKeys.set(name, key);
  }
  return key;
}

/** How a header or a sheet name compares: textKey without a trailing `(unit)`, å/ä → a, ö → o (`Sökt belopp (kr)` → `sokt belopp`). */
export function headerKey(text: string): string {
  return textKey(text)
    .replace(/\s*\([^()]*\)\s*$/u, '')
    .replace(/[åä]/gu, 'a')
    .replace(/ö/gu, 'o')
    .trim();
}
