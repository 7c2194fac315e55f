import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import JSZip from 'jszip';

/** A .docx opened as what a reader sees: paragraphs with their style, and the tables' cells. */
export interface DocxParagraph {
  style: string | null;
  text: string;
  /** Text of the runs set in bold, concatenated. */
  bold: string;
  inTable: boolean;
}

export interface OpenedDocx {
  files: Record<string, string>;
  paragraphs: DocxParagraph[];
  /** Each table as rows of cell texts. */
  tables: string[][][];
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function childElements(node: Node, local: string): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && (c as Element).localName === local) out.push(c as Element);
  return out;
}

/** The text of a run: w:t, tabs, breaks and no-break hyphens as Word shows them. */
function runText(r: Element): string {
  let text = '';
  for (let c = r.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    if (e.localName === 't') text += e.textContent ?? '';
    else if (e.localName === 'noBreakHyphen') text += '-';
    else if (e.localName === 'tab') text += '\t';
    else if (e.localName === 'br') text += '\n';
  }
  return text;
}

function paragraph(p: Element, inTable: boolean): DocxParagraph {
  const pPr = childElements(p, 'pPr')[0];
  const styleEl = pPr ? childElements(pPr, 'pStyle')[0] : undefined;
  let text = '';
  let bold = '';
  for (const r of Array.from(p.getElementsByTagNameNS(W, 'r'))) {
    const t = runText(r);
    text += t;
    const rPr = childElements(r, 'rPr')[0];
    const b = rPr ? childElements(rPr, 'b')[0] : undefined;
    if (b && b.getAttributeNS(W, 'val') !== 'false' && b.getAttributeNS(W, 'val') !== '0') bold += t;
  }
  return { style: styleEl?.getAttributeNS(W, 'val') ?? null, text, bold, inTable };
}

export async function openDocx(bytes: Uint8Array): Promise<OpenedDocx> {
  const zip = await JSZip.loadAsync(bytes);
  const files: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) files[name] = await zip.files[name].async('string');
  const doc = new DOMParser().parseFromString(files['word/document.xml'], 'text/xml');
  const body = doc.getElementsByTagNameNS(W, 'body')[0];
  const paragraphs: DocxParagraph[] = [];
  const tables: string[][][] = [];
  for (let c = body.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    if (e.localName === 'p') paragraphs.push(paragraph(e, false));
    else if (e.localName === 'tbl') {
      const rows = childElements(e, 'tr').map((tr) => childElements(tr, 'tc').map((tc) => childElements(tc, 'p').map((p) => paragraph(p, true).text).join('\n')));
      tables.push(rows);
      for (const tr of childElements(e, 'tr')) for (const tc of childElements(tr, 'tc')) for (const p of childElements(tc, 'p')) paragraphs.push(paragraph(p, true));
    }
  }
  return { files, paragraphs, tables };
}

/** Text compared as the seeds are: without Markdown emphasis, white space (incl. no-break spaces) folded. */
export const normalise = (s: string) => s.replace(/\*+/g, '').replace(/[\s\u00a0\u202f]+/gu, ' ').trim();

/** A proposal's section: from its Heading 1 to the next Heading 1. */
export function section(docx: OpenedDocx, name: string): DocxParagraph[] {
  const start = docx.paragraphs.findIndex((p) => p.style === 'Heading1' && p.text === name);
  if (start < 0) throw new Error(`no section ${name}`);
  const next = docx.paragraphs.findIndex((p, i) => i > start && p.style === 'Heading1');
  return docx.paragraphs.slice(start, next < 0 ? undefined : next);
}

/** Paragraphs between two headings of a section (exclusive). */
export function between(paragraphs: DocxParagraph[], from: string, to: string | null): DocxParagraph[] {
  const a = paragraphs.findIndex((p) => p.style?.startsWith('Heading') && p.text === from);
  const b = to === null ? -1 : paragraphs.findIndex((p, i) => i > a && p.style?.startsWith('Heading') && p.text === to);
  return paragraphs.slice(a + 1, b < 0 ? undefined : b);
}
