/**
 * The protocol's extracts as a Word document (after-the-board.md, "Protokollsutdrag"): one extract
 * per page, each with the header block, the title, Beslut with the decided clauses, Ärendet,
 * Beslutsunderlag, Expedieras and the signature lines. Every text comes planned from the core
 * (src/core/minutes.ts); this module only lays them out, in the board papers' styles.
 */
import { BorderStyle, Document, Packer, Paragraph, Table, TableBorders, TableCell, TableLayoutType, TableRow, TabStopType, TextRun, WidthType } from 'docx';
import { type Minutes, type MinutesExtract } from '../core';
import { A4_PAGE, clause, DOCUMENT_STYLES, GREY, heading, run, runs, TEXT_WIDTH, typeset } from './docx';
import { fitColumnWidths } from './table-widths';

export interface MinutesDocumentOptions {
  /** Creation time written to the document's properties (tests pin it). */
  created?: Date;
}

function plainCell(lines: { text: string; bold?: boolean; color?: string }[], width: number, right: boolean): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: { top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } },
    margins: { left: 70, right: 70 },
    children: lines.map(
      (l) => new Paragraph({ alignment: right ? 'right' : 'left', spacing: { after: 40 }, children: [run(l.text, { bold: l.bold ?? false, color: l.color, size: 20 })] }),
    ),
  });
}

/** The header block: the förbund and Förbundsstyrelsen on the left; the meeting, the paragraph and the Dnr on the right. */
function headerBlock(e: MinutesExtract): Table {
  const left = [{ text: e.organisation, bold: true }, { text: e.board }];
  const right = [
    { text: e.documentTitle, bold: true },
    { text: `${e.meetingLabel} ${e.meetingDate}` },
    ...(e.paragraphText ? [{ text: e.paragraphText, bold: true }] : []),
    ...(e.dnr ? [{ text: e.dnr, color: GREY }] : []),
  ];
  const widths = fitColumnWidths(
    [{ texts: left.map((l) => ({ text: typeset(l.text), bold: l.bold })) }, { texts: right.map((l) => ({ text: typeset(l.text), bold: l.bold })) }],
    TEXT_WIDTH,
  );
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [plainCell(left, widths[0], false), plainCell(right, widths[1], true)] })],
  });
}

function text(t: string, italic: string | null = null): Paragraph {
  return new Paragraph({ children: runs(t, italic), spacing: { after: 160 } });
}

/** Two lines to sign, with their captions below: Justerandes signatur and Utdragsbestyrkande. */
function signatureLines(e: MinutesExtract): Paragraph[] {
  const half = Math.floor(TEXT_WIDTH / 2);
  const tabs = [{ type: TabStopType.LEFT, position: half }];
  return [
    new Paragraph({ spacing: { before: 720 }, keepNext: true, keepLines: true, tabStops: tabs, children: [new TextRun({ text: '_______________________________\t_______________________________' })] }),
    new Paragraph({ keepLines: true, tabStops: tabs, children: [run(e.signature, { color: GREY, size: 18 }), new TextRun({ text: '\t' }), run(e.certified, { color: GREY, size: 18 })] }),
  ];
}

function extractSection(e: MinutesExtract, first: boolean): (Paragraph | Table)[] {
  return [
    new Paragraph({ pageBreakBefore: !first, spacing: { after: 0 }, children: [] }),
    headerBlock(e),
    heading(e.title, 1),
    heading(e.decisionHeading, 2),
    heading(e.boardDecides, 3),
    ...e.clauses.map((c) => clause(c, null)),
    heading(e.caseHeading, 2),
    ...e.application.map((a) => text(a)),
    heading(e.basisHeading, 2),
    text(e.basis),
    heading(e.sentToHeading, 2),
    ...e.sentTo.map((s) => new Paragraph({ spacing: { after: 40 }, children: [run(s)] })),
    ...signatureLines(e),
  ];
}

/** The extracts as a .docx file. */
export async function buildMinutesDocument(minutes: Minutes, options: MinutesDocumentOptions = {}): Promise<Uint8Array> {
  const first = minutes.extracts[0];
  const title = first ? `${first.organisation} – ${first.board} ${first.meetingDate}` : minutes.meeting;
  const doc = new Document({
    title: typeset(title),
    creator: 'Insatsbedömning',
    ...(options.created ? { created: options.created } : {}),
    styles: DOCUMENT_STYLES,
    sections: [{ properties: { page: A4_PAGE }, children: minutes.extracts.flatMap((e, i) => extractSection(e, i === 0)) }],
  });
  return Packer.pack(doc, 'uint8array');
}
