import { formatCount, formatIsoDate, formatKr, formatKronor, formatList, formatNumber, formatPercent, formatShare } from './format';
import type { FigureValue } from './types';

/**
 * Text templates of the rule sets: plain text with placeholders
 * `{name}` or `{name:format:format…}`. Formats: `kr` (560 000 kr), `kronor`,
 * `tal` (560 000; without a format a number is written plainly, 2025), `andel` (0,4), `procent` (40 %), `datum` (2025-01-01),
 * `ord` (a count, one to twelve in words: `två`, `en`) and `ord-ett` (the same before a neuter noun: `ett kalenderår`),
 * `gemen` (text mid-sentence: `Unga med …` → `unga med …`, an acronym such as `AF` kept),
 * `datum(d MMMM yyyy)` (a date-fns pattern, Swedish month names),
 * `lista` (A, B och C) and `eller` (A, B eller C) for lists.
 * Templates are parsed once when the rule set loads; rendering only fills in values.
 */

type ValueFormat = 'kr' | 'kronor' | 'tal' | 'andel' | 'procent' | 'datum' | 'ord' | 'ord-ett' | 'gemen';
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

const VALUE_FORMATS = new Set<string>(['kr', 'kronor', 'tal', 'andel', 'procent', 'datum', 'ord', 'ord-ett', 'gemen']);

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

/**
 * Lower-cases the first letter unless the second is upper case too (an acronym: `AF`, `KOMPIS`).
 * The first two characters by code point, without spreading the whole text into an array.
 */
export function lowerFirst(text: string): string {
  const firstCode = text.codePointAt(0);
  if (firstCode === undefined) return text;
  const first = String.fromCodePoint(firstCode);
  const secondCode = text.codePointAt(first.length);
  if (secondCode !== undefined) {
    const second = String.fromCodePoint(secondCode);
    if (second !== second.toLocaleLowerCase('sv-SE')) return text;
  }
  return first.toLocaleLowerCase('sv-SE') + text.slice(first.length);
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
    case 'gemen':
      return typeof value === 'string' ? lowerFirst(value) : String(value);
    case 'ord':
      return typeof value === 'number' ? formatCount(value) : value;
    case 'ord-ett':
      return typeof value === 'number' ? formatCount(value, true) : value;
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

/**
 * A text of a rule set: one template, or a choice by a fact's value
 * (`{ "fact": "partnerCount", "values": { "0": "…", "1": "…" }, "otherwise": "…" }`).
 * The value's key is its plain text: `null`, `true`, `false`, `2`, `förlängning`.
 */
export type TextSource = string | { fact: string; values: Record<string, string>; otherwise?: string };

export interface CompiledText {
  fact: string | null;
  byValue: Map<string, CompiledTemplate>;
  otherwise: CompiledTemplate | null;
}

/** Compiles a text; `compile` is the caller's template compiler (it checks placeholder names). */
export function compileText(source: TextSource, compile: (template: string, at: string) => CompiledTemplate | null, at: string): CompiledText {
  if (typeof source === 'string') return { fact: null, byValue: new Map(), otherwise: compile(source, at) };
  const byValue = new Map<string, CompiledTemplate>();
  for (const [key, template] of Object.entries(source.values)) {
    const t = compile(template, `${at}/values/${key}`);
    if (t) byValue.set(key, t);
  }
  return { fact: source.fact, byValue, otherwise: source.otherwise !== undefined ? compile(source.otherwise, `${at}/otherwise`) : null };
}

/** The placeholder names and the choosing fact a text uses. */
export function textNames(text: CompiledText): string[] {
  const names = [...text.byValue.values(), ...(text.otherwise ? [text.otherwise] : [])].flatMap(placeholderNames);
  return text.fact ? [text.fact, ...names] : names;
}

function choiceKey(value: FigureValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  return Array.isArray(value) ? String(value.length) : String(value);
}

/** Renders a text: the template for the fact's value, else `otherwise`, else nothing. Trimmed. */
export function renderText(text: CompiledText | null, values: TemplateValues): string {
  if (!text) return '';
  const template = text.fact === null ? text.otherwise : (text.byValue.get(choiceKey(values[text.fact])) ?? text.otherwise);
  return template ? renderTemplate(template, values).trim() : '';
}
