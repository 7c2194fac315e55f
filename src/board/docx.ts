/**
 * The board papers as a Word document, in the seeds' shape (shared/seeds): a cover page with
 * the meeting and a table of the proposals per year, then one section per proposal.
 * Uses the `docx` package (browser and Node); kept out of src/core so the core stays light,
 * and imported lazily by the task pane.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  NoBreakHyphen,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { type BoardLabels, type BoardPapers, type BoardProposal, formatWhole, withoutXmlInvalid } from '../core';
import { fitColumnWidths } from './table-widths';

export interface BoardDocumentOptions {
  /** Overrides the papers' signature line (`NAME, Förbundschef`). */
  signer?: string | null;
  /** Creation time written to the document's properties (tests pin it). */
  created?: Date;
}

const LANGUAGE = 'sv-SE';
const FONT = 'Calibri';
export const GREY = '595959';

/** The documents' styles: Calibri, Swedish, the seeds' headings. */
export const DOCUMENT_STYLES = {
  default: {
    document: { run: { font: FONT, size: 22, language: { value: LANGUAGE } }, paragraph: { spacing: { line: 276 } } },
    title: { run: { font: FONT, size: 48, bold: true }, paragraph: { spacing: { after: 120 } } },
    heading1: { run: { font: FONT, size: 32, bold: true, color: '1F3864' }, paragraph: { outlineLevel: 0, spacing: { after: 120 } } },
    heading2: { run: { font: FONT, size: 26, bold: true, color: '1F3864' }, paragraph: { outlineLevel: 1, spacing: { before: 240, after: 120 } } },
    heading3: { run: { font: FONT, size: 23, bold: true, italics: true }, paragraph: { outlineLevel: 2, spacing: { before: 200, after: 80 } } },
  },
};

/** An A4 page with the documents' margins. */
export const A4_PAGE = { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 } };

/**
 * Swedish typography for amounts in any text, also a person's: a no-break space between digit
 * groups (`560 000`) and before `kr`, `kronor` and `%`, so an amount never breaks over two lines.
 */
export function typeset(text: string): string {
  return withoutXmlInvalid(text)
    .replace(/(\d) (?=\d{3}(?!\d))/gu, '$1\u00a0')
    .replace(/(\d) (?=(?:kr|kronor|%)(?![\p{L}\d]))/gu, '$1\u00a0');
}

type RunStyle = { bold?: boolean; italics?: boolean; color?: string; size?: number };

/** One run of typeset text; the hyphens of an ISO date are no-break hyphens, so `2018-01-01` stays on one line. */
export function run(text: string, style: RunStyle = {}): TextRun {
  const t = typeset(text);
  const children: (string | NoBreakHyphen)[] = [];
  let from = 0;
  for (const m of t.matchAll(/\d{4}-\d{2}-\d{2}/gu)) {
    if (m.index > from) children.push(t.slice(from, m.index));
    m[0].split('-').forEach((part, i) => {
      if (i > 0) children.push(new NoBreakHyphen());
      children.push(part);
    });
    from = m.index + m[0].length;
  }
  if (from < t.length) children.push(t.slice(from));
  return new TextRun({ ...style, children });
}

/** Text runs, the insats name in italics where the 2025 seed sets it so. */
export function runs(text: string, italic: string | null, style: RunStyle = {}): TextRun[] {
  const t = typeset(text);
  if (!italic) return [run(t, style)];
  const name = typeset(italic);
  const out: TextRun[] = [];
  let from = 0;
  for (let at = t.indexOf(name); at >= 0 && name.length > 0; at = t.indexOf(name, from)) {
    if (at > from) out.push(run(t.slice(from, at), style));
    out.push(run(name, { ...style, italics: true }));
    from = at + name.length;
  }
  if (from < t.length) out.push(run(t.slice(from), style));
  return out;
}

export function heading(text: string, level: 1 | 2 | 3, pageBreakBefore = false): Paragraph {
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  return new Paragraph({ heading: levels[level], pageBreakBefore, keepNext: true, children: [run(text)] });
}

/** An att-clause as the seeds set it: `att` in bold, then the clause. */
export function clause(text: string, italic: string | null): Paragraph {
  const m = /^(att)(\s+)([\s\S]*)$/u.exec(text.trim());
  const children: ParagraphChild[] = m ? [new TextRun({ text: 'att', bold: true }), ...runs(` ${m[3]}`, italic)] : runs(text, italic);
  return new Paragraph({ children, spacing: { after: 160 } });
}

export function cell(text: string, width: number, options: { bold?: boolean; right?: boolean; header?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: [
      new Paragraph({
        alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: { before: 40, after: 40, line: 240 },
        children: [run(text, { bold: options.bold ?? false, size: 18 })],
      }),
    ],
    shading: options.header ? { fill: 'E7E6E6' } : undefined,
    margins: { left: 70, right: 70 },
  });
}

/** Text width of an A4 page with the document's margins, in twentieths of a point. */
export const TEXT_WIDTH = 11906 - 2 * 1418;

/** A table of texts: the header row, the body and a totals row in bold, right-aligned from `rightFrom` on. */
interface TextTable {
  header: string[];
  body: string[][];
  totals: string[] | null;
  rightFrom: number;
}

/** A Word table whose columns fit their words (fitColumnWidths), with the papers' borders and a repeated header row. */
export function textTable(t: TextTable): Table {
  const rows = [{ cells: t.header, bold: true }, ...t.body.map((cells) => ({ cells, bold: false })), ...(t.totals ? [{ cells: t.totals, bold: true }] : [])];
  const widths = fitColumnWidths(
    // Measured as set: typeset's no-break spaces keep an amount one word.
    t.header.map((_, i) => ({ texts: rows.map((r) => ({ text: typeset(r.cells[i] ?? ''), bold: r.bold })) })),
    TEXT_WIDTH,
  );
  const line = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' };
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: rows.map(
      (r, k) =>
        new TableRow({
          tableHeader: k === 0,
          cantSplit: true,
          children: widths.map((w, i) => cell(r.cells[i] ?? '', w, { bold: r.bold, header: k === 0, right: i >= t.rightFrom })),
        }),
    ),
  });
}

/** The cover's table: each proposal with its amount per year, then the totals. */
function coverTable(papers: BoardPapers): Table {
  const years = papers.totals.map((t) => t.year);
  const labels = papers.labels;
  return textTable({
    header: [...labels.coverTableHeaders, ...years.map(String), labels.total],
    body: papers.proposals.map((p) => {
      const of = new Map(p.byYear.map((y) => [y.year, y.amount]));
      return [
        String(p.number),
        p.name,
        p.owner,
        p.verdict === 'grant' ? labels.grant : labels.reject,
        ...years.map((y) => (of.has(y) ? formatWhole(of.get(y)!) : '')),
        formatWhole(p.amount),
      ];
    }),
    totals: ['', labels.total, '', '', ...papers.totals.map((t) => formatWhole(t.amount)), formatWhole(papers.total)],
    rightFrom: labels.coverTableHeaders.length,
  });
}

function cover(papers: BoardPapers): (Paragraph | Table)[] {
  const labels = papers.labels;
  const out: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(labels.title)] }),
    new Paragraph({ spacing: { after: 360 }, children: [run(labels.meeting, { size: 28 })] }),
  ];
  if (papers.proposals.length === 0) out.push(new Paragraph(labels.noProposals));
  else {
    out.push(coverTable(papers));
    out.push(new Paragraph({ spacing: { before: 160 }, children: [run(labels.coverNote, { color: GREY, size: 18 })] }));
  }
  return out;
}

/** One proposal in the seeds' order of headings. */
function proposalSection(p: BoardProposal, labels: BoardLabels, signature: string): Paragraph[] {
  const italic = p.italicName ? p.name : null;
  return [
    heading(p.name, 1, true),
    new Paragraph({ spacing: { after: 240 }, children: [run(p.caseLine, { color: GREY })] }),
    heading(labels.decisionHeading, 2),
    heading(labels.boardProposes, 3),
    ...p.clauses.map((c) => clause(c, italic)),
    heading(labels.caseHeading, 2),
    heading(labels.applicationHeading, 3),
    ...p.application.map((text) => new Paragraph({ children: runs(text, italic), spacing: { after: 160 } })),
    heading(labels.assessmentHeading, 3),
    ...p.assessment.map((text) => new Paragraph({ children: runs(text, null), spacing: { after: 160 } })),
    new Paragraph({ spacing: { before: 480 }, keepLines: true, children: [run(signature)] }),
  ];
}

/** The board papers as a .docx file. */
export async function buildBoardDocument(papers: BoardPapers, options: BoardDocumentOptions = {}): Promise<Uint8Array> {
  const signature = options.signer?.trim() ? options.signer.trim() : papers.signature;
  const doc = new Document({
    title: typeset(papers.labels.documentTitle),
    creator: 'Insatsbedömning',
    description: typeset(papers.labels.meeting),
    styles: DOCUMENT_STYLES,
    sections: [
      {
        properties: { page: A4_PAGE },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ children: [typeset(papers.labels.footer[0]), PageNumber.CURRENT, typeset(papers.labels.footer[1]), PageNumber.TOTAL_PAGES, typeset(papers.labels.footer[2])].filter((part) => part !== ""), color: GREY, size: 18 })],
              }),
            ],
          }),
        },
        children: [...cover(papers), ...papers.proposals.flatMap((p) => proposalSection(p, papers.labels, signature))],
      },
    ],
  });
  return Packer.pack(doc, 'uint8array');
}
