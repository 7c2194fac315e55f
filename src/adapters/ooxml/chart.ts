/**
 * A native chart on one of the tool's sheets (the Uppföljning sheet's per-year figures) as real
 * package parts: a drawing with a two-cell anchor, a chart part (clustered columns) whose series
 * refer to the sheet's cells and cache their values (so a reader draws it without recalculating),
 * their relationships and content types. The parts are the tool's: a rebuilt sheet drops the ones
 * its previous export made and gets new ones. Nothing else in the package is touched.
 */
import { columnLetter, type SheetChart, type SheetValue, type SheetWrite } from '../../core';
import { escapeAttr, escapeText } from './xml';
import type { OoxmlWorkbook } from './workbook';

const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const DRAWING_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CHART_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** The series' colours: Excel's first three accents, so the chart looks as one Excel makes. */
const COLORS = ['4472C4', 'ED7D31', 'A5A5A5'];

/** The sheet row of a SheetWrite row index: the header is row 1. */
const sheetRow = (index: number) => index + 2;

function freeName(wb: OoxmlWorkbook, folder: string, stem: string): string {
  for (let n = 1; ; n++) {
    const part = `xl/${folder}/${stem}${n}.xml`;
    if (!wb.pkg.has(part)) return part;
  }
}

/** Drops the drawings (and their charts) an earlier export gave the tool's sheet. */
function dropToolDrawings(wb: OoxmlWorkbook, sheetPart: string): void {
  for (const rel of wb.pkg.rels(sheetPart).filter((r) => r.type === REL_DRAWING && r.part)) {
    const drawing = rel.part!;
    if (!wb.pkg.has(drawing)) continue;
    for (const c of wb.pkg.rels(drawing).filter((r) => r.part && wb.pkg.has(r.part))) {
      for (const inner of wb.pkg.rels(c.part!)) if (inner.part && wb.pkg.has(inner.part)) wb.pkg.remove(inner.part);
      removePart(wb, c.part!);
    }
    removePart(wb, drawing);
  }
  wb.pkg.removeRels(sheetPart, REL_DRAWING);
}

function removePart(wb: OoxmlWorkbook, part: string): void {
  const slash = part.lastIndexOf('/');
  const rels = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  if (wb.pkg.has(rels)) wb.pkg.remove(rels);
  wb.pkg.remove(part);
  wb.pkg.removeContentTypeOverride(part);
}

function quoted(sheet: string): string {
  return `'${sheet.replace(/'/gu, "''")}'`;
}

function range(sheet: string, col: number, fromRow: number, toRow: number): string {
  const c = columnLetter(col + 1);
  return `${quoted(sheet)}!$${c}$${sheetRow(fromRow)}:$${c}$${sheetRow(toRow)}`;
}

function cellText(v: SheetValue | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/** The chart part's XML: clustered columns, one series per column, categories from the rows. */
export function chartXml(sheet: string, chart: SheetChart, rows: readonly SheetValue[][]): string {
  const count = chart.lastRow - chart.firstRow + 1;
  const categories = Array.from({ length: count }, (_, i) => cellText(rows[chart.firstRow + i]?.[chart.categoryCol]));
  const strCache = (values: string[]) =>
    `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeText(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
  const series = chart.series
    .map((s, k) => {
      const values = Array.from({ length: count }, (_, i) => rows[chart.firstRow + i]?.[s.col] ?? null);
      const points = values.map((v, i) => (typeof v === 'number' && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : '')).join('');
      const header = chart.firstRow - 1;
      return (
        `<c:ser><c:idx val="${k}"/><c:order val="${k}"/>` +
        `<c:tx><c:strRef><c:f>${escapeText(range(sheet, s.col, header, header).replace(/:\$[A-Z]+\$\d+$/u, ''))}</c:f>${strCache([s.name])}</c:strRef></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${COLORS[k % COLORS.length]}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
        `<c:cat><c:strRef><c:f>${escapeText(range(sheet, chart.categoryCol, chart.firstRow, chart.lastRow))}</c:f>${strCache(categories)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeText(range(sheet, s.col, chart.firstRow, chart.lastRow))}</c:f><c:numCache><c:formatCode>#,##0</c:formatCode><c:ptCount val="${count}"/>${points}</c:numCache></c:numRef></c:val>` +
        '</c:ser>'
      );
    })
    .join('');
  const text = (size: number, bold: boolean) => `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:endParaRPr lang="sv-SE"/></a:p></c:txPr>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:lang val="sv-SE"/><c:roundedCorners val="0"/>` +
    '<c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr><a:r><a:rPr lang="sv-SE" sz="1400" b="1"/><a:t>${escapeText(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="150"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>` +
    `<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${text(1000, false)}<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${text(1000, false)}<c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea>' +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${text(1000, false)}</c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>` +
    '</c:chart></c:chartSpace>'
  );
}

function drawingXml(chart: SheetChart, relId: string, title: string): string {
  const a = chart.anchor;
  const marker = (tag: string, col: number, row: number) => `<xdr:${tag}><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${sheetRow(row) - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}"><xdr:twoCellAnchor editAs="oneCell">` +
    marker('from', a.fromCol, a.fromRow) +
    marker('to', a.toCol + 1, a.toRow + 1) +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="${escapeAttr(title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>'
  );
}

/**
 * Writes the sheet's chart parts (dropping the ones an earlier export made) and returns the
 * `<drawing>` element for the sheet's XML; '' when the SheetWrite has no chart (nothing touched).
 */
export function writeSheetChart(wb: OoxmlWorkbook, sheetPart: string, sw: SheetWrite): string {
  if (!sw.chart) return '';
  dropToolDrawings(wb, sheetPart);
  const drawing = freeName(wb, 'drawings', 'drawing');
  const chart = freeName(wb, 'charts', 'chart');
  wb.pkg.put(chart, chartXml(sw.name, sw.chart, sw.rows));
  wb.pkg.addContentTypeOverride(chart, CHART_TYPE);
  const chartRel = wb.pkg.addRel(drawing, REL_CHART, chart);
  wb.pkg.put(drawing, drawingXml(sw.chart, chartRel, sw.chart.title));
  wb.pkg.addContentTypeOverride(drawing, DRAWING_TYPE);
  const drawingRel = wb.pkg.addRel(sheetPart, REL_DRAWING, drawing);
  return `<drawing r:id="${drawingRel}"/>`;
}
