/**
 * How the file adapter edits a part's XML: a new text made from the old one by replacing spans of
 * it, every character between the spans copied as it stood. That is what keeps a workbook's bytes
 * its own where the tool writes nothing (no re-serialised XML, no reordered attributes).
 */

/** A span of the old text, `from` to `to` (`from === to`: an insertion before `from`). */
export interface Span {
  from: number;
  to: number;
}

/** A span and the text that takes its place ('' removes it). */
export interface Replacement extends Span {
  text: string;
}

/** Where the new text goes: a string being built, or the sheet's UTF-8 pieces (Utf8Sink). */
export interface TextSink {
  add(text: string): void;
}

/**
 * Walks the old text from `at` onwards: `cut` copies what stands before a span and steps over the
 * span, whose new text the caller writes itself (a row's cells are written straight into the sink,
 * never made into one string). Spans come in text order and do not overlap.
 */
export class Splicer {
  constructor(
    private readonly text: string,
    private readonly out: TextSink,
    private at = 0,
  ) {}

  cut(span: Span): void {
    this.out.add(this.text.slice(this.at, span.from));
    this.at = span.to;
  }

  /** Copies what is left of the old text, up to `end`. */
  finish(end = this.text.length): void {
    this.out.add(this.text.slice(this.at, end));
  }
}

class StringSink implements TextSink {
  text = '';
  add(text: string): void {
    this.text += text;
  }
}

/**
 * The old text with each replacement made. Taken in text order (sorted by `from`, then `to`; equal
 * spans in the order given, so insertions at one place stay in order); they must not overlap.
 */
export function splice(text: string, replacements: readonly Replacement[]): string {
  if (replacements.length === 0) return text;
  const out = new StringSink();
  const splicer = new Splicer(text, out);
  for (const r of [...replacements].sort((a, b) => a.from - b.from || a.to - b.to)) {
    splicer.cut(r);
    out.add(r.text);
  }
  splicer.finish();
  return out.text;
}
