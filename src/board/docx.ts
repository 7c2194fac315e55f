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
import type { BoardPapers, BoardProposal } from '../core/board';
import { withoutXmlInvalid } from '../core/cell-text';
import { BOARD_TEXTS, boardStyle } from '../core/board-texts';
import { formatWhole } from '../core/format';

export interface BoardDocumentOptions {
  /** Overrides the papers' signature line (`NAME, Förbundschef`). */
  signer?: string | null;
  /** Creation time written to the document's properties (tests pin it). */
  created?: Date;
}

const LANGUAGE = 'sv-SE';
const FONT = 'Calibri';
const GREY = '595959';

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
function runs(text: string, italic: string | null, style: RunStyle = {}): TextRun[] {
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

/** Column widths of the cover table: fixed for number, proposal and amounts, the rest to insats and owner. */
function coverWidths(yearCount: number): number[] {
  const [numberW, verdictW] = [550, 900];
  const amountW = Math.max(850, Math.min(1250, Math.floor((TEXT_WIDTH - numberW - verdictW - 2600) / (yearCount + 1))));
  const rest = Math.max(2400, TEXT_WIDTH - numberW - verdictW - amountW * (yearCount + 1));
  const insatsW = Math.round(rest * 0.58);
  return [numberW, insatsW, rest - insatsW, verdictW, ...Array.from({ length: yearCount + 1 }, () => amountW)];
}

/** The cover's table: each proposal with its amount per year, then the totals. */
function coverTable(papers: BoardPapers): Table {
  const years = papers.totals.map((t) => t.year);
  const widths = coverWidths(years.length);
  const w = (i: number) => widths[Math.min(i, widths.length - 1)];
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [
      ...BOARD_TEXTS.coverTableHeaders.map((h, i) => cell(h, w(i), { bold: true, header: true })),
      ...years.map((y, i) => cell(String(y), w(4 + i), { bold: true, header: true, right: true })),
      cell(BOARD_TEXTS.total, w(4 + years.length), { bold: true, header: true, right: true }),
    ],
  });
  const body = papers.proposals.map((p) => {
    const of = new Map(p.byYear.map((y) => [y.year, y.amount]));
    return new TableRow({
      cantSplit: true,
      children: [
        cell(String(p.number), w(0)),
        cell(p.name, w(1)),
        cell(p.owner, w(2)),
        cell(p.verdict === 'grant' ? BOARD_TEXTS.grant : BOARD_TEXTS.reject, w(3)),
        ...years.map((y, i) => cell(of.has(y) ? formatWhole(of.get(y)!) : '', w(4 + i), { right: true })),
        cell(formatWhole(p.amount), w(4 + years.length), { right: true }),
      ],
    });
  });
  const totals = new TableRow({
    cantSplit: true,
    children: [
      cell('', w(0)),
      cell(BOARD_TEXTS.total, w(1), { bold: true }),
      cell('', w(2)),
      cell('', w(3)),
      ...papers.totals.map((t, i) => cell(formatWhole(t.amount), w(4 + i), { bold: true, right: true })),
      cell(formatWhole(papers.total), w(4 + years.length), { bold: true, right: true }),
    ],
  });
  const line = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' };
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [header, ...body, totals],
  });
}

function cover(papers: BoardPapers): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(BOARD_TEXTS.title)] }),
    new Paragraph({
      spacing: { after: 360 },
      children: [run(papers.meetingText ? BOARD_TEXTS.meeting(papers.meetingText) : BOARD_TEXTS.noMeeting, { size: 28 })],
    }),
  ];
  if (papers.proposals.length === 0) out.push(new Paragraph(BOARD_TEXTS.noProposals));
  else {
    out.push(coverTable(papers));
    out.push(new Paragraph({ spacing: { before: 160 }, children: [run(BOARD_TEXTS.coverNote, { color: GREY, size: 18 })] }));
  }
  return out;
}

/** One proposal in the seeds' order of headings. */
function proposalSection(p: BoardProposal, signature: string): Paragraph[] {
  const italic = boardStyle(p.rulesetId).seed === '2025' ? p.name : null;
  return [
    heading(p.name, 1, true),
    new Paragraph({ spacing: { after: 240 }, children: [run(BOARD_TEXTS.caseLine(p.number, p.id), { color: GREY })] }),
    heading(BOARD_TEXTS.decisionHeading, 2),
    heading(BOARD_TEXTS.boardProposes, 3),
    ...p.clauses.map((c) => clause(c, italic)),
    heading(BOARD_TEXTS.caseHeading, 2),
    heading(BOARD_TEXTS.applicationHeading, 3),
    ...p.application.map((text) => new Paragraph({ children: runs(text, italic), spacing: { after: 160 } })),
    heading(BOARD_TEXTS.assessmentHeading, 3),
    ...p.assessment.map((text) => new Paragraph({ children: runs(text, null), spacing: { after: 160 } })),
    new Paragraph({ spacing: { before: 480 }, keepLines: true, children: [run(signature)] }),
  ];
}

/** The board papers as a .docx file. */
export async function buildBoardDocument(papers: BoardPapers, options: BoardDocumentOptions = {}): Promise<Uint8Array> {
  const signature = options.signer?.trim() ? options.signer.trim() : papers.signature;
  const title = papers.meetingText ? `${BOARD_TEXTS.title} ${papers.meetingText}` : BOARD_TEXTS.title;
  const doc = new Document({
    title: typeset(title),
    creator: 'Insatsbedömning',
    description: typeset(papers.meetingText ? BOARD_TEXTS.meeting(papers.meetingText) : BOARD_TEXTS.noMeeting),
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, language: { value: LANGUAGE } }, paragraph: { spacing: { line: 276 } } },
        title: { run: { font: FONT, size: 48, bold: true }, paragraph: { spacing: { after: 120 } } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: '1F3864' }, paragraph: { outlineLevel: 0, spacing: { after: 120 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '1F3864' }, paragraph: { outlineLevel: 1, spacing: { before: 240, after: 120 } } },
        heading3: { run: { font: FONT, size: 23, bold: true, italics: true }, paragraph: { outlineLevel: 2, spacing: { before: 200, after: 80 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ children: [`${typeset(title)} · sida `, PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES], color: GREY, size: 18 })],
              }),
            ],
          }),
        },
        children: [...cover(papers), ...papers.proposals.flatMap((p) => proposalSection(p, signature))],
      },
    ],
  });
  return Packer.pack(doc, 'uint8array');
}
