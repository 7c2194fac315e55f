/** Cell XML the tool writes, and where a new worksheet child element goes. */
import { fitCell } from '../../core';
import type { SheetScan } from './sheet';
import { encodeExcelEscapes, escapeText } from './xml';

const SPACE = /\s/u;

/**
 * White space at either end, or a line break: what /^\s|\s$|\n/u finds, without trying `\s$` at
 * every space of a long text. \s holds no character beyond U+FFFF, so one code unit tells.
 */
function needsPreserve(text: string): boolean {
  return SPACE.test(text[0]) || SPACE.test(text[text.length - 1]) || text.includes('\n');
}

/**
 * A literal text cell: an inline string, never a formula; `_xHHHH_` in the text kept literal. Fitted
 * here whoever made the text (the core's plan already is: fitting twice changes nothing and costs a
 * regex test), so no caller can write a cell Excel refuses.
 */
export function inlineStringCell(p: string, ref: string, s: number, raw: string): string {
  const text = fitCell(raw);
  if (text === '') return `<${p}c r="${ref}"${s ? ` s="${s}"` : ''}/>`;
  const space = needsPreserve(text) ? ' xml:space="preserve"' : '';
  return `<${p}c r="${ref}"${s ? ` s="${s}"` : ''} t="inlineStr"><${p}is><${p}t${space}>${escapeText(encodeExcelEscapes(text))}</${p}t></${p}is></${p}c>`;
}

/** CT_Worksheet's child order: a new child goes before the first existing one that must follow it. */
const WORKSHEET_ORDER = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection', 'protectedRanges',
  'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells', 'phoneticPr', 'conditionalFormatting',
  'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks',
  'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'drawingHF',
  'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst',
];

export function insertionPoint(scan: SheetScan, local: string): number {
  const rank = WORKSHEET_ORDER.indexOf(local);
  const after = scan.children.find((c) => WORKSHEET_ORDER.indexOf(c.local) > rank);
  return after ? after.start : scan.rootClose;
}
