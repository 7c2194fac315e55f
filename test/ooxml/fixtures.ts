/**
 * Workbooks written part by part, the way Excel, openpyxl, LibreOffice and the Open XML SDK
 * write them, with what ExcelJS cannot make (charts, pivots, threaded comments, macros,
 * sparklines, x14 rules, custom XML, external links …). Each feature adds its parts to a
 * small base workbook: an applications sheet (title, merged cells, headers on row 3, four
 * applications) and a Budget sheet.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export type Parts = Record<string, string | Uint8Array>;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export function zip(parts: Parts): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(parts)) files[name] = typeof data === 'string' ? strToU8(data) : data;
  return zipSync(files, { level: 6 });
}

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

export function text(parts: Record<string, Uint8Array>, name: string): string {
  return strFromU8(parts[name]);
}

/** Headers on row 3, in columns A–I. */
export const HEADERS = ['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Startdatum', 'Slutdatum', 'Sökt belopp (kr)', 'Beslutsdatum', 'Förankrad'];
export const TITLE = 'Ansökningar 2025 (exempel)';

const APPLICATIONS: (string | number | { date: number } | { formula: string; value: number })[][] = [
  ['2025-001', 'Lokussamordnare Uppsala', 'Uppsala kommun', 'Arbetsförmedlingen och Region Uppsala', { date: 45658 }, { date: 46022 }, 560000, { date: 45650 }, 'ja'],
  ['2025-002', 'Arbetsträning <Heby> & "Tierp"', 'Heby kommun', 'Försäkringskassan', { date: 45717 }, { date: 46022 }, { formula: '100000*2', value: 200000 }, { date: 45700 }, 'ja'],
  ['2025-003', '=HYPERLINK("http://x","y")', 'Stiftelsen Vägen', '', { date: 45658 }, { date: 46022 }, 90000, { date: 45650 }, 'nej'],
  ['2025-004', 'Hälsoinsats Tierp', 'Tierps kommun', 'Region Uppsala', { date: 45658 }, { date: 46387 }, 300000, { date: 45650 }, 'ja'],
];

/** Shared strings of the base workbook; the sheet refers to them by index. */
function sharedStrings(): { list: string[]; index(s: string): number } {
  const list: string[] = [];
  return {
    list,
    index(s: string) {
      let i = list.indexOf(s);
      if (i < 0) i = list.push(s) - 1;
      return i;
    },
  };
}

const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

export interface SheetParts {
  /** Prefix for the main namespace ('' for the default namespace). */
  prefix?: string;
  sheetPr?: string;
  /** Elements between sheetData and mergeCells, in schema order (sheetProtection, autoFilter). */
  beforeMerge?: string[];
  /** Elements after mergeCells, before pageMargins, in schema order (conditionalFormatting, dataValidations). */
  afterMerge?: string[];
  /** drawing, legacyDrawing, tableParts, extLst — in schema order. */
  tail?: string[];
  /** LibreOffice-style explicit false/true attributes on rows and cells. */
  verbose?: boolean;
  /** Column J holds formulas under a `Bedömning` header (the tool's column). */
  formulaInToolColumn?: boolean;
}

export interface BaseOptions {
  applications?: SheetParts;
  budget?: SheetParts;
  /** Extra `<sheet>` elements after the two (with their parts added by the caller). */
  extraSheets?: string;
  /** Extra workbook.xml children after `<sheets>` (definedNames, calcPr, pivotCaches, externalReferences …) in schema order. */
  workbookAfterSheets?: string[];
  workbookBeforeSheets?: string;
  /** Extra relationships of the workbook. */
  workbookRels?: string;
  contentTypes?: string;
  rootRels?: string;
  /** Absolute targets in relationships, as openpyxl writes them. */
  absoluteTargets?: boolean;
  workbookContentType?: string;
  date1904?: boolean;
}

export function cellsXml(p: string, ss: ReturnType<typeof sharedStrings>, o: SheetParts): string {
  const v = o.verbose ?? false;
  const rowAttrs = v ? ' customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"' : '';
  const c = (ref: string, attrs: string, inner: string) => `<${p}c r="${ref}"${attrs}>${inner}</${p}c>`;
  const str = (ref: string, s: string, style = 0) => c(ref, `${style || v ? ` s="${style}"` : ''} t="s"`, `<${p}v>${ss.index(s)}</${p}v>`);
  const rows: string[] = [];
  rows.push(`<${p}row r="1"${rowAttrs}>${str('A1', TITLE, 1)}</${p}row>`);
  const headers = [...HEADERS, ...(o.formulaInToolColumn ? ['Bedömning'] : [])];
  rows.push(`<${p}row r="3" spans="1:${headers.length}"${rowAttrs}>${headers.map((h, i) => str(`${String.fromCharCode(65 + i)}3`, h, 1)).join('')}</${p}row>`);
  APPLICATIONS.forEach((values, i) => {
    const r = 4 + i;
    const cells = values.map((val, j) => {
      const ref = `${String.fromCharCode(65 + j)}${r}`;
      if (typeof val === 'string') {
        if (val === '') return '';
        // Every other text inline, as openpyxl and the Open XML SDK may write it.
        if ((i + j) % 3 === 0) return c(ref, ' t="inlineStr"', `<${p}is><${p}t>${esc(val)}</${p}t></${p}is>`);
        return str(ref, val);
      }
      if (typeof val === 'number') return c(ref, v ? ' s="0" t="n"' : '', `<${p}v>${val}</${p}v>`);
      if ('date' in val) return c(ref, ' s="2"', `<${p}v>${val.date}</${p}v>`);
      return c(ref, ' s="3"', `<${p}f>${esc(val.formula)}</${p}f><${p}v>${val.value}</${p}v>`);
    });
    if (o.formulaInToolColumn) cells.push(c(`J${r}`, ' t="str"', `<${p}f>"gammal "&amp;A${r}</${p}f><${p}v>gammal ${values[0] as string}</${p}v>`));
    rows.push(`<${p}row r="${r}" spans="1:${headers.length}"${rowAttrs}>${cells.join('')}</${p}row>`);
  });
  // An empty but formatted row, and a note far below the table.
  rows.push(`<${p}row r="9" s="1" customFormat="1"${rowAttrs}/>`);
  return rows.join('');
}

function sheetXml(p: string, body: string, o: SheetParts, dimension: string, cols: string, merge: string): string {
  const ns = p ? `xmlns:${p.slice(0, -1)}="${MAIN}"` : `xmlns="${MAIN}"`;
  return (
    `${XML_DECL}<${p}worksheet ${ns} xmlns:r="${R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
    (o.sheetPr ?? '') +
    `<${p}dimension ref="${dimension}"/><${p}sheetViews><${p}sheetView workbookViewId="0"/></${p}sheetViews>` +
    `<${p}sheetFormatPr defaultRowHeight="15"/>${cols}<${p}sheetData>${body}</${p}sheetData>` +
    (o.beforeMerge ?? []).join('') +
    merge +
    (o.afterMerge ?? []).join('') +
    `<${p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
    (o.tail ?? []).join('') +
    `</${p}worksheet>`
  );
}

/** The base workbook's parts. */
export function baseWorkbook(opts: BaseOptions = {}): Parts {
  const a = opts.applications ?? {};
  const b = opts.budget ?? {};
  const p = a.prefix ?? '';
  const ss = sharedStrings();
  const appBody = cellsXml(p, ss, a);
  const bp = b.prefix ?? '';
  const budgetBody =
    `<${bp}row r="1">${['År', 'Budgetram'].map((h, i) => `<${bp}c r="${'AB'[i]}1" t="s"><${bp}v>${ss.index(h)}</${bp}v></${bp}c>`).join('')}</${bp}row>` +
    `<${bp}row r="2"><${bp}c r="A2"><${bp}v>2025</${bp}v></${bp}c><${bp}c r="B2"><${bp}v>1500000</${bp}v></${bp}c></${bp}row>` +
    `<${bp}row r="3"><${bp}c r="A3"><${bp}v>2026</${bp}v></${bp}c><${bp}c r="B3"><${bp}f>B2-300000</${bp}f><${bp}v>1200000</${bp}v></${bp}c></${bp}row>`;
  const sstXml =
    `${XML_DECL}<${p}sst xmlns${p ? `:${p.slice(0, -1)}` : ''}="${MAIN}" count="${ss.list.length}" uniqueCount="${ss.list.length}">` +
    ss.list.map((s) => `<${p}si><${p}t xml:space="preserve">${esc(s)}</${p}t></${p}si>`).join('') +
    `</${p}sst>`;
  const t = (rel: string) => (opts.absoluteTargets ? `/xl/${rel}` : rel);
  const wbType = opts.workbookContentType ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
  const wp = p;
  return {
    '[Content_Types].xml':
      `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${wbType}"/>` +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
      (opts.contentTypes ?? '') +
      '</Types>',
    '_rels/.rels':
      `${XML_DECL}<Relationships xmlns="${PKG}">` +
      `<Relationship Id="rId1" Type="${RT}/officeDocument" Target="${opts.absoluteTargets ? '/xl/workbook.xml' : 'xl/workbook.xml'}"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      `<Relationship Id="rId3" Type="${RT}/extended-properties" Target="docProps/app.xml"/>` +
      (opts.rootRels ?? '') +
      '</Relationships>',
    'docProps/core.xml': `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ekonom</dc:creator></cp:coreProperties>`,
    'docProps/app.xml': `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`,
    'xl/workbook.xml':
      `${XML_DECL}<${wp}workbook xmlns${wp ? `:${wp.slice(0, -1)}` : ''}="${MAIN}" xmlns:r="${R}">` +
      `<${wp}workbookPr${opts.date1904 ? ' date1904="1"' : ''}/>` +
      (opts.workbookBeforeSheets ?? '') +
      `<${wp}bookViews><${wp}workbookView activeTab="0"/></${wp}bookViews>` +
      `<${wp}sheets><${wp}sheet name="Ansökningar" sheetId="1" r:id="rId1"/><${wp}sheet name="Budget" sheetId="2" r:id="rId2"/>${opts.extraSheets ?? ''}</${wp}sheets>` +
      (opts.workbookAfterSheets ?? [`<${wp}calcPr calcId="191029"/>`]).join('') +
      `</${wp}workbook>`,
    'xl/_rels/workbook.xml.rels':
      `${XML_DECL}<Relationships xmlns="${PKG}">` +
      `<Relationship Id="rId1" Type="${RT}/worksheet" Target="${t('worksheets/sheet1.xml')}"/>` +
      `<Relationship Id="rId2" Type="${RT}/worksheet" Target="${t('worksheets/sheet2.xml')}"/>` +
      `<Relationship Id="rId3" Type="${RT}/styles" Target="${t('styles.xml')}"/>` +
      `<Relationship Id="rId4" Type="${RT}/sharedStrings" Target="${t('sharedStrings.xml')}"/>` +
      `<Relationship Id="rId5" Type="${RT}/calcChain" Target="${t('calcChain.xml')}"/>` +
      (opts.workbookRels ?? '') +
      '</Relationships>',
    'xl/styles.xml': stylesXml(p),
    'xl/sharedStrings.xml': sstXml,
    'xl/calcChain.xml':
      `${XML_DECL}<${p}calcChain xmlns${p ? `:${p.slice(0, -1)}` : ''}="${MAIN}"><${p}c r="G5" i="1"/>` +
      (a.formulaInToolColumn ? `<${p}c r="J4"/><${p}c r="J5"/><${p}c r="J6"/><${p}c r="J7"/>` : '') +
      `<${p}c r="B3" i="2"/></${p}calcChain>`,
    'xl/worksheets/sheet1.xml': sheetXml(
      p,
      appBody,
      a,
      `A1:${a.formulaInToolColumn ? 'J' : 'I'}9`,
      `<${p}cols><${p}col min="2" max="2" width="40" customWidth="1"/><${p}col min="5" max="6" width="12" style="2" customWidth="1"/></${p}cols>`,
      `<${p}mergeCells count="1"><${p}mergeCell ref="A1:C1"/></${p}mergeCells>`,
    ),
    'xl/worksheets/sheet2.xml': sheetXml(bp, budgetBody, b, 'A1:B3', '', ''),
  };
}

function stylesXml(p: string): string {
  const ns = p ? `xmlns:${p.slice(0, -1)}="${MAIN}"` : `xmlns="${MAIN}"`;
  return (
    `${XML_DECL}<${p}styleSheet ${ns}>` +
    `<${p}numFmts count="1"><${p}numFmt numFmtId="164" formatCode="#,##0 &quot;kr&quot;"/></${p}numFmts>` +
    `<${p}fonts count="2"><${p}font><${p}sz val="11"/><${p}name val="Calibri"/></${p}font><${p}font><${p}b/><${p}sz val="11"/><${p}name val="Calibri"/></${p}font></${p}fonts>` +
    `<${p}fills count="3"><${p}fill><${p}patternFill patternType="none"/></${p}fill><${p}fill><${p}patternFill patternType="gray125"/></${p}fill>` +
    `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="FFDDEBF7"/></${p}patternFill></${p}fill></${p}fills>` +
    `<${p}borders count="1"><${p}border><${p}left/><${p}right/><${p}top/><${p}bottom/><${p}diagonal/></${p}border></${p}borders>` +
    `<${p}cellStyleXfs count="1"><${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></${p}cellStyleXfs>` +
    `<${p}cellXfs count="4"><${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<${p}xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>` +
    `<${p}xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
    `<${p}xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></${p}cellXfs>` +
    `<${p}cellStyles count="1"><${p}cellStyle name="Normal" xfId="0" builtinId="0"/></${p}cellStyles>` +
    `</${p}styleSheet>`
  );
}

/** Adds a relationship file for a sheet (`xl/worksheets/_rels/sheetN.xml.rels`). */
export function sheetRels(rels: string): string {
  return `${XML_DECL}<Relationships xmlns="${PKG}">${rels}</Relationships>`;
}

export const CT = {
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  table: 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml',
  pivotTable: 'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml',
  pivotCacheDefinition: 'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml',
  pivotCacheRecords: 'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml',
  comments: 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml',
  threaded: 'application/vnd.ms-excel.threadedcomments+xml',
  persons: 'application/vnd.ms-excel.person+xml',
  vml: 'application/vnd.openxmlformats-officedocument.vmlDrawing',
  vba: 'application/vnd.ms-office.vbaProject',
  xlsm: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
  custom: 'application/vnd.openxmlformats-officedocument.custom-properties+xml',
  customXmlProps: 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml',
  externalLink: 'application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml',
  png: 'image/png',
} as const;

export const ns = { MAIN, R, PKG, RT, XML_DECL };

/** A 1×1 PNG. */
export const PNG_1X1 = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);
