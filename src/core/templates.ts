import { formatIsoDate, formatKr, formatKronor, formatList, formatNumber, formatPercent, formatShare } from './format';
import type { FigureValue } from './types';

/**
 * Text templates of the rule sets: plain text with placeholders
 * `{name}` or `{name:format:format…}`. Formats: `kr` (560 000 kr), `kronor`,
 * `tal` (560 000; without a format a number is written plainly, 2025), `andel` (0,4), `procent` (40 %), `datum` (2025-01-01),
 * `datum(d MMMM yyyy)` (a date-fns pattern, Swedish month names),
 * `lista` (A, B och C) and `eller` (A, B eller C) for lists.
 * Templates are parsed once when the rule set loads; rendering only fills in values.
 */

type ValueFormat = 'kr' | 'kronor' | 'tal' | 'andel' | 'procent' | 'datum';
type JoinFormat = 'lista' | 'eller';

interface Placeholder {
  name: string;
  valueFormat: ValueFormat | null;
  datePattern: string | null;
  join: JoinFormat;
}

export type TemplatePart = string | Placeholder;
export interface CompiledTemplate {
  source: string;
  parts: TemplatePart[];
}

const VALUE_FORMATS = new Set<string>(['kr', 'kronor', 'tal', 'andel', 'procent', 'datum']);

export class TemplateError extends Error {}

function parsePlaceholder(body: string): Placeholder {
  // Split on colons outside parentheses, so date patterns like `HH:mm` survive.
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ':' && depth === 0) {
      pieces.push(current);
      current = '';
    } else current += ch;
  }
  pieces.push(current);
  const name = pieces[0].trim();
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new TemplateError(`ogiltigt namn i platshållaren {${body}}`);
  const ph: Placeholder = { name, valueFormat: null, datePattern: null, join: 'lista' };
  for (const raw of pieces.slice(1)) {
    const spec = raw.trim();
    const dated = /^datum\((.+)\)$/s.exec(spec);
    if (dated) {
      ph.valueFormat = 'datum';
      ph.datePattern = dated[1];
    } else if (VALUE_FORMATS.has(spec)) ph.valueFormat = spec as ValueFormat;
    else if (spec === 'lista' || spec === 'eller') ph.join = spec;
    else throw new TemplateError(`okänt format "${spec}" i platshållaren {${body}}`);
  }
  return ph;
}

/** Parses a template; throws TemplateError on a malformed placeholder or a stray brace. */
export function compileTemplate(source: string): CompiledTemplate {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{', i);
    const strayClose = source.indexOf('}', i);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) throw new TemplateError(`"}" utan "{" i texten "${source}"`);
    if (open === -1) {
      parts.push(source.slice(i));
      break;
    }
    if (open > i) parts.push(source.slice(i, open));
    const close = source.indexOf('}', open);
    if (close === -1) throw new TemplateError(`"{" utan "}" i texten "${source}"`);
    parts.push(parsePlaceholder(source.slice(open + 1, close)));
    i = close + 1;
  }
  return { source, parts };
}

export function placeholderNames(template: CompiledTemplate): string[] {
  return template.parts.filter((p): p is Placeholder => typeof p !== 'string').map((p) => p.name);
}

function formatScalar(value: string | number | boolean, ph: Placeholder): string {
  if (typeof value === 'boolean') return value ? 'ja' : 'nej';
  switch (ph.valueFormat) {
    case 'kr':
      return typeof value === 'number' ? formatKr(value) : value;
    case 'kronor':
      return typeof value === 'number' ? formatKronor(value) : value;
    case 'tal':
      return typeof value === 'number' ? formatNumber(value) : value;
    case 'andel':
      return typeof value === 'number' ? formatShare(value) : value;
    case 'procent':
      return typeof value === 'number' ? formatPercent(value) : value;
    case 'datum':
      return typeof value === 'string' ? formatIsoDate(value, ph.datePattern ?? undefined) : String(value);
    default:
      // Plain numbers (months, years, row numbers) are not grouped: 2025, not 2 025.
      return typeof value === 'number' ? String(value).replace('.', ',') : value;
  }
}

export type TemplateValues = Record<string, FigureValue | undefined>;

/** Fills a compiled template. Missing values render as empty text. */
export function renderTemplate(template: CompiledTemplate, values: TemplateValues): string {
  let out = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = values[part.name];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      out += formatList(
        (value as (string | number)[]).map((v) => formatScalar(v, part)),
        part.join === 'eller' ? 'eller' : 'och',
      );
    } else out += formatScalar(value, part);
  }
  return out;
}
