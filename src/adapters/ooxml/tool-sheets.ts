/**
 * The tool's own sheets (Logg, Styrelseunderlag) in a package: `append` adds rows below the
 * last used row of the sheet (created with its header when missing), `replace` writes the
 * sheet's part anew. A new sheet is a new worksheet part, its relationship, content type and
 * `<sheet>` in workbook.xml.
 */
import { cellAddress, rangeAddress, type SheetValue, type SheetWrite, WorkbookError } from '../../core';
import type { Styles } from './styles';
import { NS, REL, attr, escapeAttr, escapeText, parseXml, tagStart, transitionalUri } from './xml';
import { inlineStringCell } from './cells';
import { writeSheetChart } from './chart';
import { dropFromCalcChain } from './calc-chain';
import type { OoxmlWorkbook } from './workbook';
import { Utf8Sink } from './utf8-sink';
import { Splicer, splice } from './splice';

const WORKSHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** workbook.xml children that follow definedNames. */
const AFTER_DEFINED_NAMES = ['calcPr', 'oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'];

export function writeToolSheets(wb: OoxmlWorkbook, sheets: readonly SheetWrite[], styles: Styles): void {
  for (const sw of sheets) {
    const existing = wb.sheets.find((s) => s.name.toLowerCase() === sw.name.toLowerCase());
    if (existing && existing.kind !== 'worksheet') {
      throw new WorkbookError(`Bladet "${existing.name}" är ett ${existing.kind}; verktyget kan inte skriva sitt blad "${sw.name}" där.`);
    }
    const wrap = new Set(sw.wrapColumns ?? []);
    const rowXml = (r: number, row: { values: SheetValue[]; bold: boolean }, p: string) => {
      const cells = row.values
        .map((v, c) => {
          if (v === null || v === '') return '';
          const fmt = typeof v === 'number' ? (sw.numberFormats?.[c] ?? undefined) : undefined;
          // With wrapped columns every cell sits at the top, so a number stays beside the first line of its row's text.
          const top = wrap.size > 0;
          const wraps = typeof v === 'string' && wrap.has(c);
          const s = row.bold || fmt || top ? styles.derive(0, { bold: row.bold, numFmt: fmt ?? undefined, wrap: wraps, top }) : 0;
          const ref = cellAddress(r, c + 1);
          if (typeof v === 'number') {
            if (!Number.isFinite(v)) return '';
            return `<${p}c r="${ref}"${s ? ` s="${s}"` : ''}><${p}v>${String(v)}</${p}v></${p}c>`;
          }
          return inlineStringCell(p, ref, s, v);
        })
        .join('');
      const ht = wrap.size > 0 ? wrappedRowHeight(row.values, wrap, sw.columnWidths) : null;
      return `<${p}row r="${r}"${ht === null ? '' : ` ht="${ht}"`}>${cells}</${p}row>`;
    };
    // Written row by row into UTF-8 pieces (compressed as they fill where the codec can): at 50 000
    // rows the Logg is some 15 MB of XML, never one text.
    const written = (parts: (out: Utf8Sink) => void) => {
      const out = new Utf8Sink(wb.pkg.codec?.deflater?.() ?? null);
      parts(out);
      return out.finish();
    };
    const writeRows = (out: Utf8Sink, first: number, rows: { values: SheetValue[]; bold: boolean }[], p: string) => {
      for (let i = 0; i < rows.length; i++) out.add(rowXml(first + i, rows[i], p));
    };
    const bold = new Set(sw.boldRows ?? []);
    const body = sw.rows.map((values, i) => ({ values, bold: bold.has(i) }));
    const withHeader = [{ values: sw.header as SheetValue[], bold: true }, ...body];

    if (existing && sw.mode === 'append') {
      const scan = wb.scan(existing);
      let last = 0;
      for (const r of scan.rows) {
        for (let i = r.first; i < r.first + r.count; i++) {
          if (scan.cells.hasValue(i)) {
            last = Math.max(last, r.r);
            break;
          }
        }
      }
      const p = scan.prefix ? `${scan.prefix}:` : '';
      const rows = last === 0 ? withHeader : body;
      const text = scan.text;
      const data = scan.children.find((c) => c.local === 'sheetData');
      if (!data) throw new WorkbookError(`Bladet "${existing.name}" saknar celldata och kan inte fyllas på.`);
      // Rows after the last used one hold no values (formatting only); on the tool's own sheet they give way to the new rows.
      const trailing = scan.rows.filter((r) => r.r > last).sort((x, y) => x.start - y.start);
      const cutFrom = trailing.length > 0 ? trailing[0].start : scan.sheetDataClose;
      const next = written((out) => {
        const splicer = new Splicer(text, out);
        if (data.selfClosing) {
          splicer.cut({ from: data.start, to: data.end });
          out.add(`<${p}sheetData>`);
          writeRows(out, last + 1, rows, p);
          out.add(`</${p}sheetData>`);
        } else {
          splicer.cut({ from: cutFrom, to: scan.sheetDataClose });
          writeRows(out, last + 1, rows, p);
        }
        splicer.finish();
      });
      wb.pkg.putBytes(existing.part!, next);
      continue;
    }

    const [head, bare] = sheetXmlAround(sw, withHeader, wb.ns);
    const part = existing ? existing.part! : freePart(wb);
    // A chart of the sheet's own cells (the Uppföljning sheet): its parts are the tool's (chart.ts).
    const drawing = writeSheetChart(wb, part, sw);
    const tail = drawing ? bare.replace(/<\/worksheet>$/u, `${drawing}</worksheet>`) : bare;
    const xml = written((out) => {
      out.add(head);
      writeRows(out, 1, withHeader, '');
      out.add(tail);
    });
    if (existing) {
      wb.pkg.putBytes(existing.part!, xml);
      dropFromCalcChain(wb.pkg, wb.workbookPart, new Map([[existing.sheetId, new Set(['*'])]]));
      if (sw.print?.repeatHeaderRow) addPrintTitles(wb, wb.sheets.indexOf(existing), existing.name);
      continue;
    }
    wb.pkg.putBytes(part, xml);
    wb.pkg.addContentTypeOverride(part, WORKSHEET_TYPE);
    const id = wb.pkg.addRel(wb.workbookPart, REL.worksheet, part);
    const sheetId = Math.max(0, ...wb.sheets.map((s) => s.sheetId)) + 1;
    addSheetElement(wb, sw.name, sheetId, id);
    wb.sheets.push({ name: sw.name, sheetId, kind: 'worksheet', part });
    if (sw.print?.repeatHeaderRow) addPrintTitles(wb, wb.sheets.length - 1, sw.name);
  }
}

/** Points per line of the default font (Calibri 11), and Excel's default column width in characters. */
const LINE_POINTS = 15;
const DEFAULT_WIDTH = 8.43;
/** Letters of running text per width unit (the width of a digit): about 1.2 in Calibri, taken lower so a line too many rather than too few. */
const CHARS_PER_WIDTH = 1.1;

/**
 * The height of a row whose wrapped cells need more than one line, estimated from the text and
 * the column widths (on the generous side); null when one line does.
 * Excel fits such a row itself on opening, LibreOffice and other readers keep the stored height:
 * without one the lines of the board's clauses print over the rows below. No `customHeight`, so
 * Excel still takes it as its own to fit.
 */
export function wrappedRowHeight(values: readonly SheetValue[], wrap: ReadonlySet<number>, widths: readonly number[] = []): number | null {
  let lines = 1;
  values.forEach((v, c) => {
    if (typeof v !== 'string' || !wrap.has(c)) return;
    const perLine = Math.max(1, Math.floor((widths[c] ?? DEFAULT_WIDTH) * CHARS_PER_WIDTH));
    const n = v.split(/\r?\n/u).reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
    lines = Math.max(lines, n);
  });
  return lines > 1 ? lines * LINE_POINTS : null;
}

/** A new sheet's XML before and after its rows. */
function sheetXmlAround(sw: SheetWrite, all: { values: SheetValue[] }[], ns: { main: string; rel: string }): [string, string] {
  const width = all.reduce((w, r) => Math.max(w, r.values.length), 1); // no spread: a sheet may have 100 000+ rows
  const cols = (sw.columnWidths ?? [])
    .map((w, i) => (w > 0 ? `<col min="${i + 1}" max="${i + 1}" width="${Math.min(255, w).toFixed(2)}" customWidth="1"/>` : ''))
    .join('');
  const fit = sw.print?.fitToWidth;
  const setup = sw.print
    ? `<pageSetup paperSize="9" orientation="${sw.print.landscape ? 'landscape' : 'portrait'}"${fit ? ' fitToWidth="1" fitToHeight="0"' : ''}/>`
    : '';
  return [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
      `<worksheet xmlns="${ns.main}" xmlns:r="${ns.rel}">` +
      (fit ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
      `<dimension ref="${rangeAddress({ top: 1, left: 1, bottom: Math.max(1, all.length), right: width })}"/>` +
      '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
      (cols ? `<cols>${cols}</cols>` : '') +
      '<sheetData>',
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' + setup + '</worksheet>',
  ];
}

function freePart(wb: OoxmlWorkbook): string {
  for (let n = 1; ; n++) {
    const part = `xl/worksheets/sheet${n}.xml`;
    if (!wb.pkg.has(part)) return part;
  }
}

function workbookPrefix(text: string): { p: string; relPrefix: string | null } {
  let p = '';
  let relPrefix: string | null = null;
  let first = true;
  parseXml(text, 'workbook', {
    open: (tag) => {
      if (!first) return;
      first = false;
      p = tag.prefix ? `${tag.prefix}:` : '';
      for (const key in tag.attributes) {
        const a = tag.attributes[key];
        if (a.prefix === 'xmlns' && transitionalUri(a.value) === NS.rel) relPrefix = a.local;
      }
    },
  });
  return { p, relPrefix };
}

function addSheetElement(wb: OoxmlWorkbook, name: string, sheetId: number, relId: string): void {
  const text = wb.pkg.text(wb.workbookPart);
  const { p, relPrefix } = workbookPrefix(text);
  const r = relPrefix ?? 'r';
  const decl = relPrefix ? '' : ` xmlns:r="${wb.ns.rel}"`;
  const element = `<${p}sheet name="${escapeAttr(name)}" sheetId="${sheetId}" ${r}:id="${relId}"${decl}/>`;
  let close = -1;
  parseXml(text, wb.workbookPart, {
    close: (tag, end) => {
      if (tag.uri === NS.main && tag.local === 'sheets') close = tag.isSelfClosing ? -2 : text.lastIndexOf('</', end - 1);
    },
  });
  if (close < 0) throw new WorkbookError('Arbetsboken saknar sin bladlista och kan inte få ett nytt blad.');
  wb.pkg.put(wb.workbookPart, splice(text, [{ from: close, to: close, text: element }]));
}

/** `_xlnm.Print_Titles` for the sheet at `index`: the first row on every page (kept when one exists). */
function addPrintTitles(wb: OoxmlWorkbook, index: number, name: string): void {
  const text = wb.pkg.text(wb.workbookPart);
  const { p } = workbookPrefix(text);
  let namesClose = -1;
  let exists = false;
  let depth = 0;
  let before = -1;
  let rootClose = -1;
  parseXml(text, wb.workbookPart, {
    open: (tag, end) => {
      depth++;
      if (tag.uri !== NS.main) return;
      if (tag.local === 'definedName' && attr(tag, 'name') === '_xlnm.Print_Titles' && attr(tag, 'localSheetId') === String(index)) exists = true;
      if (depth === 2 && before < 0 && AFTER_DEFINED_NAMES.includes(tag.local)) before = tagStart(text, end);
    },
    close: (tag, end) => {
      depth--;
      if (tag.uri === NS.main && tag.local === 'definedNames' && !tag.isSelfClosing) namesClose = text.lastIndexOf('</', end - 1);
      if (depth === 0) rootClose = text.lastIndexOf('</', end - 1);
    },
  });
  if (exists) return;
  const value = `'${name.replace(/'/gu, "''")}'!$1:$1`;
  const element = `<${p}definedName name="_xlnm.Print_Titles" localSheetId="${index}">${escapeText(value)}</${p}definedName>`;
  const at = namesClose >= 0 ? namesClose : before >= 0 ? before : rootClose;
  const inserted = namesClose >= 0 ? element : `<${p}definedNames>${element}</${p}definedNames>`;
  wb.pkg.put(wb.workbookPart, splice(text, [{ from: at, to: at, text: inserted }]));
}
