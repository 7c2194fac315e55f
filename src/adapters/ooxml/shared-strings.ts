/** The shared string table (sharedStrings.xml): each item's text, read once per workbook. */
import { decodeXmlText, isXmlSpace, scanXml } from './fast-xml';
import { PlainTag, readPlainT } from './plain-rows';
import { NS, decodeExcelEscapes } from './xml';

/**
 * The shared strings read straight from the text where each is one plain run (`<si><t>…</t></si>`),
 * as readPlainRows reads cells: returns where `</sst>` starts, or null at the first other shape (rich
 * text, a phonetic guide, a comment), leaving `out` as it found it for the general scanner.
 */
export function readPlainStrings(text: string, from: number, prefix: string, out: string[]): number | null {
  const p = prefix ? `${prefix}:` : '';
  const SI = `<${p}si>`;
  const SI_END = `</${p}si>`;
  const T = `<${p}t`;
  const T_END = `</${p}t>`;
  const before = out.length;
  const tag = new PlainTag();
  const giveUp = () => {
    out.length = before;
    return null;
  };
  let i = from;
  for (;;) {
    while (isXmlSpace(text.charCodeAt(i))) i++;
    if (text.startsWith('</', i)) return i;
    if (!text.startsWith(SI, i)) return giveUp();
    i = readPlainT(text, i + SI.length, T, T_END, tag);
    if (i < 0) return giveUp();
    if (!text.startsWith(SI_END, i)) return giveUp();
    i += SI_END.length;
    out.push(decodeExcelEscapes(tag.text));
  }
}

/** The shared string table: each item's text (runs joined, phonetic guides left out). */
export function readSharedStrings(text: string, part: string, options: { plainStrings?: boolean } = {}): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  let current: string | null = null;
  let inT = false;
  let phonetic = 0;
  // The table can be as large as the sheet: the lean scanner reads it too.
  scanXml(text, part, {
    open(tag, end) {
      stack.push(tag.local);
      if (tag.uri !== NS.main) return;
      if (stack.length === 1 && tag.local === 'sst' && !tag.isSelfClosing && options.plainStrings !== false) return readPlainStrings(text, end, tag.prefix, out) ?? undefined;
      if (tag.local === 'si' && stack.length === 2) current = '';
      else if (tag.local === 'rPh') phonetic++;
      else if (tag.local === 't' && current !== null && !phonetic) inT = true;
    },
    text(t) {
      if (inT) current += decodeXmlText(t);
    },
    close(tag) {
      stack.pop();
      if (tag.uri !== NS.main) return;
      if (tag.local === 't') inT = false;
      else if (tag.local === 'rPh') phonetic--;
      else if (tag.local === 'si' && stack.length === 1 && current !== null) {
        out.push(decodeExcelEscapes(current));
        current = null;
      }
    },
  });
  return out;
}
