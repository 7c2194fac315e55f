/**
 * Column widths of a Word table so that no word is split over two lines (issue 20, item 5): each
 * column is at least as wide as its longest word, and the width left over goes to the columns whose
 * texts would wrap, by how much they would. Widths are estimated from Calibri's character widths
 * at 9 pt (the tables' text); checked on LibreOffice's rendering (the PDF's words, test/board/pdf.test.ts).
 */

/** A column's cell texts, and whether they are set in bold (headers, totals). */
export interface ColumnTexts {
  texts: readonly { text: string; bold?: boolean }[];
}

/** Twentieths of a point per em at 9 pt. */
const EM = 180;
/** Cell margins (70 each side, as cell() sets them) and some room for the renderer's rounding. */
const PADDING = 140 + 90;

/**
 * Character widths in ems, on the wide side: Calibri's where Word renders, but LibreOffice without
 * Calibri (or its metric twin Carlito) sets DejaVu Sans, some fifth wider; the columns fit both.
 */
function charWidth(ch: string): number {
  if (/[MWÅÄÖ]/u.test(ch)) return 0.9;
  if (/[mw]/u.test(ch)) return 0.98;
  if (/\p{Lu}/u.test(ch)) return 0.74;
  if (/[ilfjtr.,:;'|!]/u.test(ch)) return 0.4;
  if (/\d/u.test(ch)) return 0.64;
  if (/[\u00a0\u202f ]/u.test(ch)) return 0.32;
  return 0.62;
}

function textWidth(text: string, bold: boolean): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return Math.ceil(em * EM * (bold ? 1.1 : 1));
}

/** Where a line may break: an ordinary space, a line break, after a hyphen or a dash (no-break spaces keep amounts whole). */
function words(text: string): string[] {
  return text.split(/[ \t\n]+|(?<=[-–—/])/u).filter((w) => w !== '');
}

/** Widths in twentieths of a point for the columns, filling `total` where the words allow. */
export function fitColumnWidths(columns: readonly ColumnTexts[], total: number): number[] {
  const min = columns.map((c) => PADDING + Math.max(0, ...c.texts.flatMap((t) => words(t.text).map((w) => textWidth(w, t.bold ?? false)))));
  const wanted = columns.map((c, i) => Math.max(min[i], PADDING + Math.max(0, ...c.texts.flatMap((t) => t.text.split('\n').map((line) => textWidth(line, t.bold ?? false))))));
  const sumMin = min.reduce((a, b) => a + b, 0);
  const sumWanted = wanted.reduce((a, b) => a + b, 0);
  if (sumMin >= total) return min;
  if (sumWanted <= total) {
    // Room for every text on one line: the rest goes to the widest columns, by their share.
    const extra = total - sumWanted;
    return spread(wanted, wanted, extra);
  }
  // Each column gets its longest word, and the rest by how much its texts would otherwise wrap.
  return spread(min, wanted.map((w, i) => w - min[i]), total - sumMin);
}

function spread(base: readonly number[], weights: readonly number[], extra: number): number[] {
  const weight = weights.reduce((a, b) => a + b, 0);
  if (weight <= 0) return [...base];
  const out = base.map((b, i) => b + Math.floor((extra * weights[i]) / weight));
  // The rounding's remainder to the column with the most weight, so the table fills the width exactly.
  const left = base.reduce((a, b) => a + b, 0) + extra - out.reduce((a, b) => a + b, 0);
  const heaviest = weights.indexOf(Math.max(...weights));
  out[heaviest] += left;
  return out;
}
