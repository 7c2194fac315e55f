import { inflateSync } from 'node:zlib';

/**
 * The text lines of a PDF as LibreOffice writes it: each content stream's text runs (glyph codes
 * through the fonts' ToUnicode maps), a new line wherever the baseline moves. Enough to see where a
 * renderer broke the lines of a table cell; not a general PDF reader.
 */
export function pdfLines(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const objects = new Map<number, string>();
  for (const m of text.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/gu)) objects.set(Number(m[1]), m[2]);
  const streamOf = (body: string): string | null => {
    const m = /stream\r?\n([\s\S]*?)\r?\nendstream/u.exec(body);
    if (!m) return null;
    const raw = Buffer.from(m[1], 'latin1');
    try {
      return inflateSync(raw).toString('latin1');
    } catch {
      return m[1];
    }
  };
  const unicode = new Map<number, Map<number, string>>();
  for (const [n, body] of objects) {
    const ref = /\/ToUnicode (\d+) 0 R/u.exec(body);
    if (!ref) continue;
    const cmap = streamOf(objects.get(Number(ref[1])) ?? '') ?? '';
    const map = new Map<number, string>();
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/gu)) {
      for (const [, a, b] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/gu)) map.set(parseInt(a, 16), Buffer.from(b, 'hex').swap16().toString('utf16le'));
    }
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/gu)) {
      for (const [, a, b, c] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/gu)) {
        for (let i = parseInt(a, 16); i <= parseInt(b, 16); i++) map.set(i, String.fromCodePoint(parseInt(c, 16) + i - parseInt(a, 16)));
      }
    }
    unicode.set(n, map);
  }
  const fonts = new Map<string, number>();
  for (const body of objects.values()) for (const [, name, ref] of body.matchAll(/\/(F\d+) (\d+) 0 R/gu)) fonts.set(name, Number(ref));

  const lines: string[] = [];
  for (const body of objects.values()) {
    const content = streamOf(body);
    if (!content || !content.includes('BT')) continue;
    let font: string | null = null;
    let y: number | null = null;
    let first = false;
    let line = '';
    const token = /(BT)|\/(F\d+) [\d.]+ Tf|([\d.-]+) ([\d.-]+) Td|(?:[\d.-]+ ){5}([\d.-]+) Tm|<([0-9A-Fa-f]+)>\s*Tj|\[([^\]]*)\]\s*TJ/gu;
    for (const t of content.matchAll(token)) {
      const moveTo = (ny: number) => {
        if (y !== null && Math.abs(ny - y) > 0.5) {
          lines.push(line);
          line = '';
        }
        y = ny;
      };
      if (t[1]) first = true;
      else if (t[2]) font = t[2];
      else if (t[3] !== undefined) {
        moveTo(first ? Number(t[4]) : (y ?? 0) + Number(t[4]));
        first = false;
      } else if (t[5] !== undefined) {
        moveTo(Number(t[5]));
        first = false;
      } else {
        const map = unicode.get(fonts.get(font ?? '') ?? -1);
        const hexes = t[6] ? [t[6]] : [...(t[7] ?? '').matchAll(/<([0-9A-Fa-f]+)>/gu)].map((m) => m[1]);
        const wide = map !== undefined && Math.max(0, ...map.keys()) > 255;
        for (const h of hexes) for (let i = 0; i < h.length; i += wide ? 4 : 2) line += map?.get(parseInt(h.slice(i, i + (wide ? 4 : 2)), 16)) ?? '?';
      }
    }
    lines.push(line);
  }
  return lines.map((l) => l.trim()).filter((l) => l !== '');
}
