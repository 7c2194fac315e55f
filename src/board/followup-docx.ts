/**
 * The board's budget follow-up as a Word document, in the seeds' shape: the heading, Förslag till
 * beslut with its one clause, Ärendet with the year's figures in words, the per-year and per-insats
 * tables, one sentence per deviation, a native Word chart of the same figures as the Uppföljning
 * sheet's, and the signature. Built from the FollowUpReport, so every figure is the sheet's.
 */
import { AlignmentType, BorderStyle, Document, LineRuleType, Packer, Paragraph, Table, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { ChartRun } from 'docx/charts';
import { strFromU8 } from 'fflate';
import { Utf8Sink } from '../adapters/ooxml/utf8-sink';
import { entryData, portableCodec, readZip, writeZipAsync, type Codec, type ZipOutput } from '../adapters/ooxml/zip';
import { type FollowUpReport, type FollowUpTexts, type FollowUpTotals, formatWhole } from '../core';
import { cell, clause, heading, run, TEXT_WIDTH, typeset } from './docx';
import { fitColumnWidths } from './table-widths';

export interface FollowUpDocumentOptions {
  /** The signature line (`NAME, Förbundschef`). */
  signature: string;
  /** The report's words: followUpTextsFor(registry, report.per), the rule set's texts. */
  texts: FollowUpTexts;
  /** Creation time written to the document's properties (tests pin it). */
  created?: Date;
  /**
   * Deflate and CRC-32 for the per-insats table's part: the command line passes Node's native zlib
   * (src/node/files.ts), which compresses the pieces on the thread pool while the next rows are written.
   */
  codec?: Codec;
}

const FONT = 'Calibri';
const line = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' };

function table(headers: readonly string[], rows: { values: string[]; bold?: boolean }[], widths: number[], rightFrom: number): Table {
  const right = (i: number) => i >= rightFrom;
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, widths[i], { bold: true, header: true, right: right(i) })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.values.map((v, i) => cell(v, widths[i], { bold: r.bold ?? false, right: right(i) })) })),
    ],
  });
}

/** Column widths that fit every word of the header and the rows (fitColumnWidths, as the papers' tables), filling the text width. */
function fitted(headers: readonly string[], rows: readonly { values: string[]; bold?: boolean }[]): number[] {
  return fitColumnWidths(
    headers.map((h, i) => ({ texts: [{ text: typeset(h), bold: true }, ...rows.map((r) => ({ text: typeset(r.values[i] ?? ''), bold: r.bold ?? false }))] })),
    TEXT_WIDTH,
  );
}

const kr = (n: number | null) => formatWhole(n);

function yearTable(report: FollowUpReport, T: FollowUpTexts): Table {
  const rows = report.years.flatMap((y) => [
    { values: [String(y.year), kr(y.frame), kr(y.granted), kr(y.spent), kr(y.remainingGranted), kr(y.proposed), kr(y.room)], bold: true },
    ...y.byKind.map((k) => ({ values: [k.label, '', kr(k.granted), kr(k.spent), kr(k.remainingGranted), '', ''] })),
  ]);
  return table(T.yearHeaders, rows, fitted(T.yearHeaders, rows), 1);
}

const escapeXml = (text: string) => text.replace(/[&<>]/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/** A paragraph's WordprocessingML, as the docx library writes the same paragraph: its properties (`pPr`'s content) and one run. */
function paragraphXml(text: string, properties: string, bold = false): string {
  return `<w:p><w:pPr>${properties}</w:pPr><w:r>${bold ? '<w:rPr><w:b/><w:bCs/></w:rPr>' : ''}<w:t xml:space="preserve">${escapeXml(typeset(text))}</w:t></w:r></w:p>`;
}

/** The paragraph styles of the direct table's cells: 9 pt, the spacing of cell() in docx.ts; left or right aligned. */
const TABLE_TEXT = 'Tabelltext';
const TABLE_TEXT_RIGHT = 'TabelltextHoger';
const tableTextStyle = { run: { size: 18 }, paragraph: { spacing: { before: 40, after: 40, line: 240 } } };

/** Markup pieces written out as they are made; `ready` is what to await now and then so pieces do not pile up. */
interface MarkupSink {
  add(markup: string): void;
  ready(): Promise<void> | null;
}

/** Rows written between two looks at the sink's `ready`. */
const ROWS_PER_WAIT = 256;

/**
 * A table's WordprocessingML written directly into the sink: the per-insats table has a row per insats,
 * and the docx library takes some 5 ms a row to build one (a minute at 10 000 insatser); the same markup
 * as the library's tables (test/board/followup.test.ts reads it as any table). Row by row, so the
 * table (some 27 MB at 10 000 insatser) never sits whole in memory as one string.
 */
async function writeTableXml(sink: MarkupSink, headers: readonly string[], rows: { values: string[]; bold?: boolean }[], widths: number[], rightFrom: number): Promise<void> {
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>`;
  // The cell paragraph's size and spacing are the table styles' (TABLE_TEXT) and the margins the table's,
  // not repeated in each of some 70 000 cells: half the markup, as the library's cells look in Word.
  const style = (i: number) => `<w:pStyle w:val="${i >= rightFrom ? TABLE_TEXT_RIGHT : TABLE_TEXT}"/>`;
  const cellXml = (text: string, i: number, bold: boolean, header: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="${widths[i]}" w:type="dxa"/>${header ? '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' : ''}</w:tcPr>` +
    `${paragraphXml(text, style(i), bold)}</w:tc>`;
  const rowXml = (values: readonly string[], bold: boolean, header: boolean) =>
    `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : ''}</w:trPr>${values.map((v, i) => cellXml(v, i, bold, header)).join('')}</w:tr>`;
  sink.add(
    `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar></w:tblPr>` +
      `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
      rowXml(headers, true, true),
  );
  for (let i = 0; i < rows.length; i++) {
    sink.add(rowXml(rows[i].values, rows[i].bold ?? false, false));
    if (i % ROWS_PER_WAIT === ROWS_PER_WAIT - 1) await sink.ready();
  }
  sink.add('</w:tbl>');
}

function writeInsatsTable(sink: MarkupSink, report: FollowUpReport, T: FollowUpTexts): Promise<void> {
  const headers = [T.insatsHeaders[1], T.insatsHeaders[5], T.insatsHeaders[6], T.insatsHeaders[7], T.insatsHeaders[8], T.insatsHeaders[9], T.insatsHeaders[10]];
  const sum = (label: string, t: FollowUpTotals) => ({ values: [label, kr(t.granted), kr(t.spent), kr(t.expected), T.percent(t.expected > 0 ? t.spent / t.expected : null), kr(t.forecast), kr(t.remaining)], bold: true });
  const rows = report.groups.flatMap((g) => [
    { values: [g.label, '', '', '', '', '', ''], bold: true },
    ...g.insatser.map((f) => ({ values: [T.insatsName(f.name, f.id), kr(f.granted), kr(f.spent), kr(f.expected), T.percent(f.pace), kr(f.forecast), kr(f.remaining)] })),
    sum(T.subtotal(g.label), g.subtotal),
  ]);
  if (report.groups.length > 1) rows.push(sum(T.total, report.total));
  return writeTableXml(sink, headers, rows, fitted(headers, rows), 1);
}

/** A paragraph the library writes and the direct markup then replaces (no text a person writes can hold it). */
const SLOT = (name: string) => `\u2063INSATSBEDOMNING-${name}\u2063`;
function slot(name: string): Paragraph {
  return new Paragraph({ children: [new TextRun(SLOT(name))] });
}

/**
 * Puts the direct markup in the slots' places in word/document.xml, written piece by piece into the
 * part's deflater; every other part of the library's package is copied as it is stored (deflated once).
 */
async function fillSlots(docx: Uint8Array, fills: Record<string, (sink: MarkupSink) => Promise<void> | void>, codec: Codec): Promise<Uint8Array> {
  const zip = readZip(docx);
  const part = zip.entries.find((e) => e.name === 'word/document.xml');
  if (!part) throw new Error('Internt fel: word/document.xml saknas i dokumentet.');
  // The library's document.xml holds no per-insats rows (they are the slots), so it is small.
  const xml = strFromU8(entryData(zip, part, codec));
  const places = Object.entries(fills)
    .map(([name, fill]) => {
      const at = xml.indexOf(SLOT(name));
      if (at < 0) throw new Error(`Internt fel: platsen ${name} saknas i dokumentet.`);
      const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
      return { start, end: xml.indexOf('</w:p>', at) + '</w:p>'.length, fill };
    })
    .sort((a, b) => a.start - b.start);
  const sink = new Utf8Sink(codec.deflater?.() ?? null);
  let from = 0;
  for (const place of places) {
    sink.add(xml.slice(from, place.start));
    await place.fill(sink);
    from = place.end;
  }
  sink.add(xml.slice(from));
  const data = sink.finish();
  const outputs: ZipOutput[] = zip.entries.map((e) =>
    e !== part ? { kind: 'copy', entry: e } : data instanceof Uint8Array ? { kind: 'new', name: e.name, data } : { kind: 'deflated', name: e.name, data },
  );
  return writeZipAsync(zip, outputs, codec);
}

function chart(report: FollowUpReport, T: FollowUpTexts): Paragraph {
  return new Paragraph({
    keepLines: true,
    // Single line spacing: at the document's 1.15 the chart's line is some 15 % taller than the chart.
    spacing: { before: 240, after: 240, line: 240, lineRule: LineRuleType.AUTO },
    children: [
      new ChartRun({
        type: 'column',
        title: T.chartTitle,
        categories: report.years.map((y) => String(y.year)),
        series: [
          { name: T.chartSeries[0], values: report.years.map((y) => y.frame) },
          { name: T.chartSeries[1], values: report.years.map((y) => y.granted) },
          { name: T.chartSeries[2], values: report.years.map((y) => y.spent) },
        ],
        font: { name: FONT },
        // Kronor with a thousands separator, as the tables write them (Word uses the reader's locale's).
        valueAxis: { numberFormat: '#,##0' },
        // 6 × 3 inches: below the per-year table of three years on the first page, not pushed to the next.
        transformation: { width: 576, height: 288 },
      }),
    ],
  });
}

/** The year the paragraph speaks of: P's, else the last year of the tables. */
function currentYear(report: FollowUpReport) {
  const year = Number(report.per.slice(0, 4));
  return report.years.find((y) => y.year === year) ?? report.years[report.years.length - 1] ?? null;
}

/** The follow-up as a .docx file. */
export async function buildFollowUpDocument(report: FollowUpReport, options: FollowUpDocumentOptions): Promise<Uint8Array> {
  const T = options.texts;
  const title = T.heading(report.per);
  const y = currentYear(report);
  const paragraph = (text: string) => new Paragraph({ children: [run(text)], spacing: { after: 160 } });
  const body: (Paragraph | Table)[] = [
    heading(title, 1),
    heading(T.proposalHeading, 2),
    heading(T.proposes, 3),
    clause(T.clause(report.per), null),
    heading(T.matter, 2),
  ];
  if (y) {
    const insatser = new Set(report.finsam.filter((l) => l.year === y.year).map((l) => l.row)).size;
    body.push(paragraph(T.yearParagraph({ year: y.year, per: report.per, frame: y.frame, granted: y.granted, spent: y.spent, proposed: y.proposed, room: y.room, insatser })));
  } else body.push(paragraph(T.noInsatser));
  if (report.years.length > 0) {
    body.push(heading(T.yearHeading, 3), yearTable(report, T), chart(report, T));
  }
  if (report.groups.length > 0) body.push(heading(T.insatsHeading, 3), slot('insatser'));
  body.push(heading(T.deviationsHeading, 3));
  if (report.deviations.length === 0) body.push(paragraph(T.noDeviations));
  else body.push(slot('avvikelser'));
  body.push(new Paragraph({ spacing: { before: 480 }, keepLines: true, children: [run(options.signature)] }));

  const doc = new Document({
    title: typeset(title),
    creator: 'Insatsbedömning',
    ...(options.created ? { created: options.created } : {}),
    styles: {
      default: {
        // The line rule said outright: LibreOffice took a bare 276 as an exact height, set the chart's
        // paragraph one line tall and drew the chart over the table above it.
        document: { run: { font: FONT, size: 22, language: { value: 'sv-SE' } }, paragraph: { spacing: { line: 276, lineRule: LineRuleType.AUTO } } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: '1F3864' }, paragraph: { outlineLevel: 0, spacing: { after: 120 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '1F3864' }, paragraph: { outlineLevel: 1, spacing: { before: 240, after: 120 } } },
        heading3: { run: { font: FONT, size: 23, bold: true, italics: true }, paragraph: { outlineLevel: 2, spacing: { before: 200, after: 80 } } },
      },
      paragraphStyles: [
        { id: TABLE_TEXT, name: TABLE_TEXT, basedOn: 'Normal', quickFormat: false, ...tableTextStyle },
        { id: TABLE_TEXT_RIGHT, name: TABLE_TEXT_RIGHT, basedOn: TABLE_TEXT, run: {}, paragraph: { alignment: AlignmentType.RIGHT } },
      ],
    },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 } } }, children: body }],
  });
  const packed = await Packer.pack(doc, 'uint8array');
  const spacing = '<w:spacing w:after="160"/>';
  return fillSlots(
    packed,
    {
      ...(report.groups.length > 0 ? { insatser: (sink: MarkupSink) => writeInsatsTable(sink, report, T) } : {}),
      ...(report.deviations.length > 0 ? { avvikelser: (sink: MarkupSink) => report.deviations.forEach((d) => sink.add(paragraphXml(T.deviationLine(d.name, d.sentence), spacing))) } : {}),
    },
    options.codec ?? portableCodec,
  );
}
