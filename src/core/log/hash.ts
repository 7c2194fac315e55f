/**
 * The Logg's hashes: the chained hash of a line (lineHash), and the short hashes of the rule files
 * and of the Regelparametrar overrides a run line records. A line hashes in the form a workbook
 * keeps its cells in, so a line read back hashes as it was written.
 * sha-256 from @noble/hashes, synchronous everywhere; a host may set a faster one of its own.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { MAX_CELL_TEXT, withoutXmlInvalid } from '../cell-text';
import type { SheetValue } from '../port';
import { cellText } from '../readers';
import type { RuleFile } from '../rulesets';
import type { CellValue } from '../types';
import { HASH_COL, LOG_HEADER } from './schema';

/** Hex digits kept of a sha-256: 48 bits, plenty to notice an edit, short enough to read. */
const HASH_LENGTH = 12;

/** SHA-256 of a text's UTF-8, as lowercase hex. */
export type Sha256Hex = (text: string) => string;

const portableSha256: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));

/**
 * The SHA-256 every Logg hash of this process is made with. Module state rather than an argument:
 * the hashes are made deep inside reading and planning the Logg, and the choice is the host's,
 * once at start (setLogSha256); every implementation gives the same hex, so no output depends on it.
 */
let sha256Hex: Sha256Hex = portableSha256;

/**
 * Sets the host's own SHA-256 for the Logg's hashes (the command line passes Node's, some five
 * times faster on a run that logs thousands of decisions); it must give the same hex for every
 * text. Without an argument the portable one (the pane, the browser) is used again.
 */
export function setLogSha256(impl: Sha256Hex = portableSha256): void {
  sha256Hex = impl;
}

/** JSON with object keys sorted, so equal content hashes equally whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function shortHash(text: string): string {
  return sha256Hex(text).slice(0, HASH_LENGTH);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * A short hash of the rule files' content: file names (not directories) and their JSON with
 * sorted keys, so the command line (text from disk) and the pane (bundled JSON) agree.
 */
export function rulesHash(files: readonly RuleFile[]): string {
  const parts = [...files]
    .map((f) => {
      let content: unknown = f.data;
      if (content === undefined && f.text !== undefined) {
        try {
          content = JSON.parse(f.text) as unknown;
        } catch {
          content = f.text; // a broken file still hashes, by its text
        }
      }
      return [baseName(f.path), canonicalJson(content ?? null)] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return shortHash(canonicalJson(parts));
}

/** A short hash of the Regelparametrar overrides: names and values, not the cells they sit in. */
export function overridesHash(overrides: readonly { name: string; value: unknown }[]): string {
  const pairs = overrides.map((o) => [o.name, o.value] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return shortHash(canonicalJson(pairs));
}

/** A number as a workbook keeps it (15 significant digits), so a value read back hashes as written. */
export function workbookNumber(n: number): number {
  // Whole numbers below 10^15 (row numbers, amounts in kronor) come back as they are: skip the text round trip.
  if (Number.isInteger(n) && n < 1e15 && n > -1e15 && !Object.is(n, -0)) return n;
  return Number(n.toPrecision(15));
}

/** A text as a cell keeps it: line breaks as `\n`, no control characters a file refuses, at most a cell's length. */
export function workbookText(text: string): string {
  // The same characters the ports drop when they write the cell, so the line hashes the same read back.
  const clean = withoutXmlInvalid(text.replace(/\r\n?/g, '\n'));
  return clean.length <= MAX_CELL_TEXT ? clean : clean.slice(0, MAX_CELL_TEXT);
}

/** One cell in the hashed form: what the line says, not how the host typed it (empty is empty, numbers at workbook precision). */
export function canonicalCell(value: CellValue | SheetValue | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return workbookNumber(value);
  if (typeof value === 'string') return workbookText(value);
  return cellText(value);
}

/** The hash of a line: the previous line's hash and this line's cells (all but Kontrollsumma). */
export function lineHash(previous: string, cells: readonly (CellValue | SheetValue | undefined)[]): string {
  const body: (string | number)[] = LOG_HEADER.slice(0, HASH_COL).map((_, i) => canonicalCell(cells[i]));
  // The columns behind Kontrollsumma count only where filled: a line written before they existed hashes as it did.
  const after = LOG_HEADER.slice(HASH_COL + 1).map((_, i) => canonicalCell(cells[HASH_COL + 1 + i]));
  while (after.length > 0 && after[after.length - 1] === '') after.pop();
  return shortHash(`${previous}\n${JSON.stringify(after.length > 0 ? [...body, null, ...after] : body)}`);
}
