/**
 * Excel tables and filters the tool's created columns join: a table part's name and headers as
 * describe() lists them, a table whose header row is the plan's taking in the created columns right
 * of it (ref, autoFilter, new tableColumns with names unique in the table), and the sheet's own
 * autofilter with the hidden name Excel keeps of its range.
 */
import { columnLetter, parseRange, rangeAddress, type WritePlan } from '../../core';
import type { OpcPackage } from './package';
import type { SheetScan } from './sheet';
import { splice, type Replacement } from './splice';
import { NS, REL, attr, escapeAttr, escapeText, parseXml, tagStart } from './xml';

export interface TableInfo {
  name: string;
  part: string;
  headers: string[];
}

/** Gives a created header the name it must carry (a table's column names are unique). */
export type HeaderRename = (row: number, col: number, text: string) => void;

/** The table parts of a sheet, by part name. */
function tableParts(pkg: OpcPackage, sheetPart: string): string[] {
  const parts: string[] = [];
  for (const rel of pkg.rels(sheetPart)) {
    if (rel.type === REL.table && rel.part && pkg.has(rel.part)) parts.push(pkg.nameOf(rel.part)!);
  }
  return parts;
}

/** A sheet's tables: each one's name and header texts. */
export function tablesOfSheet(pkg: OpcPackage, sheetPart: string): TableInfo[] {
  return tableParts(pkg, sheetPart).map((part) => {
    const info: TableInfo = { name: '', part, headers: [] };
    parseXml(pkg.text(part), part, {
      open: (tag) => {
        if (tag.uri !== NS.main) return;
        if (tag.local === 'table') info.name = attr(tag, 'displayName') ?? attr(tag, 'name') ?? '';
        if (tag.local === 'tableColumn') info.headers.push(decodeTableName(attr(tag, 'name') ?? ''));
      },
    });
    return info;
  });
}

/** Tables whose header row is the plan's header row take in the created columns right of them: their new texts by part. */
export function extendTables(pkg: OpcPackage, sheetPart: string, plan: WritePlan, rename: HeaderRename): Map<string, string> {
  const out = new Map<string, string>();
  if (plan.headers.length === 0) return out;
  const headerRow = plan.headers[0].row;
  for (const part of tableParts(pkg, sheetPart)) {
    const extended = extendTable(pkg.text(part), part, headerRow, (right) => joinedColumns(plan, right), plan, rename);
    if (extended !== null) out.set(part, extended);
  }
  return out;
}

/**
 * The sheet's own autofilter starting at the header row takes in the created columns: the edit of
 * its tag in the sheet, null when it does not apply. The workbook's `_xlnm._FilterDatabase` of the
 * sheet (`sheetIndex`, `sheetName`) is updated in the package at once.
 */
export function extendSheetFilter(pkg: OpcPackage, workbookPart: string, sheetIndex: number, sheetName: string, scan: SheetScan, plan: WritePlan): Replacement | null {
  if (plan.headers.length === 0) return null;
  const filter = scan.children.find((c) => c.local === 'autoFilter');
  const range = filter?.ref ? parseRange(filter.ref) : null;
  if (!filter || !range || range.top !== plan.headers[0].row) return null;
  const joined = joinedColumns(plan, range.right);
  if (joined.length === 0) return null;
  const newRef = rangeAddress({ ...range, right: joined[joined.length - 1] });
  updateFilterDatabase(pkg, workbookPart, sheetIndex, sheetName, newRef);
  const tag = scan.text.slice(filter.start, filter.openEnd);
  return { from: filter.start, to: filter.openEnd, text: tag.replace(/(\sref\s*=\s*)(["'])[^"']*\2/u, `$1"${newRef}"`) };
}

/** The hidden name `_xlnm._FilterDatabase` of the sheet follows its autofilter. */
function updateFilterDatabase(pkg: OpcPackage, workbookPart: string, index: number, sheetName: string, ref: string): void {
  const text = pkg.text(workbookPart);
  const found: [number, number][] = [];
  let inName = false;
  let textStart = -1;
  parseXml(text, workbookPart, {
    open: (tag, end) => {
      inName = tag.uri === NS.main && tag.local === 'definedName' && attr(tag, 'name') === '_xlnm._FilterDatabase' && attr(tag, 'localSheetId') === String(index);
      textStart = end;
    },
    close: (tag, end) => {
      if (inName && tag.local === 'definedName') found.push([textStart, text.lastIndexOf('</', end - 1)]);
      inName = false;
    },
  });
  if (found.length === 0) return;
  const [a, b] = found[0];
  const range = parseRange(ref)!;
  const quoted = `'${sheetName.replace(/'/gu, "''")}'`;
  const value = `${quoted}!$${columnLetter(range.left)}$${range.top}:$${columnLetter(range.right)}$${range.bottom}`;
  pkg.put(workbookPart, splice(text, [{ from: a, to: b, text: escapeText(value) }]));
}

/** Created header columns that continue a range ending at column `right`, without a gap. */
function joinedColumns(plan: WritePlan, right: number): number[] {
  const cols = plan.headers.map((h) => h.col).sort((a, b) => a - b);
  const joined: number[] = [];
  for (const c of cols) {
    if (c !== right + 1 + joined.length) break;
    joined.push(c);
  }
  return joined;
}

function decodeTableName(name: string): string {
  return name.replace(/_x([0-9A-Fa-f]{4})_/gu, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * Extends a table whose header row is `headerRow` over the created columns right of it:
 * `ref`, its autoFilter and new `tableColumn`s (names unique in the table). Null when it does not apply.
 */
function extendTable(
  text: string,
  part: string,
  headerRow: number,
  contiguousFrom: (right: number) => number[],
  plan: WritePlan,
  rename: HeaderRename,
): string | null {
  let table: { start: number; openEnd: number; ref: string; headerRowCount: number; totals: number } | null = null;
  let filter: { start: number; openEnd: number } | null = null;
  let columns: { start: number; openEnd: number; close: number; selfClosing: boolean } | null = null;
  const names: string[] = [];
  let maxId = 0;
  let depth = 0;
  parseXml(text, part, {
    open: (tag, end) => {
      depth++;
      if (tag.uri !== NS.main) return;
      if (depth === 1 && tag.local === 'table') {
        table = {
          start: tagStart(text, end), openEnd: end, ref: attr(tag, 'ref') ?? '',
          headerRowCount: Number(attr(tag, 'headerRowCount') ?? 1), totals: Number(attr(tag, 'totalsRowCount') ?? 0),
        };
      } else if (depth === 2 && tag.local === 'autoFilter') filter = { start: tagStart(text, end), openEnd: end };
      else if (depth === 2 && tag.local === 'tableColumns') columns = { start: tagStart(text, end), openEnd: end, close: -1, selfClosing: tag.isSelfClosing };
      else if (depth === 3 && tag.local === 'tableColumn') {
        names.push((attr(tag, 'name') ?? '').toLowerCase());
        maxId = Math.max(maxId, Number(attr(tag, 'id') ?? 0));
      }
    },
    close: (tag, end) => {
      depth--;
      if (depth === 1 && tag.local === 'tableColumns' && columns && !columns.selfClosing) columns.close = text.lastIndexOf('</', end - 1);
    },
  });
  const t = table as { start: number; openEnd: number; ref: string; headerRowCount: number; totals: number } | null;
  const cols = columns as { start: number; openEnd: number; close: number; selfClosing: boolean } | null;
  const range = t ? parseRange(t.ref) : null;
  if (!t || !range || !cols || cols.close < 0 || t.headerRowCount === 0 || range.top !== headerRow) return null;
  const joined = contiguousFrom(range.right);
  if (joined.length === 0) return null;
  const prefix = /^<([^\s:>]+):/u.exec(text.slice(t.start, t.openEnd))?.[1];
  const p = prefix ? `${prefix}:` : '';
  const newCols: string[] = [];
  for (const col of joined) {
    const header = plan.headers.find((h) => h.col === col)!;
    let name = header.text;
    for (let n = 2; names.includes(name.toLowerCase()); n++) name = `${header.text} ${n}`;
    if (name !== header.text) rename(headerRow, col, name);
    names.push(name.toLowerCase());
    newCols.push(`<${p}tableColumn id="${++maxId}" name="${escapeAttr(name)}"/>`);
  }
  const right = joined[joined.length - 1];
  const newRef = rangeAddress({ ...range, right });
  const filterRef = rangeAddress({ ...range, right, bottom: range.bottom - t.totals });
  const edits: Replacement[] = [];
  const setRef = (el: { start: number; openEnd: number }, ref: string) => {
    const tag = text.slice(el.start, el.openEnd);
    edits.push({ from: el.start, to: el.openEnd, text: tag.replace(/(\sref\s*=\s*)(["'])[^"']*\2/u, `$1"${ref}"`) });
  };
  setRef(t, newRef);
  const f = filter as { start: number; openEnd: number } | null;
  if (f) setRef(f, filterRef);
  const colsTag = text.slice(cols.start, cols.openEnd);
  edits.push({ from: cols.start, to: cols.openEnd, text: colsTag.replace(/(\scount\s*=\s*)(["'])\d*\2/u, `$1"${names.length}"`) });
  edits.push({ from: cols.close, to: cols.close, text: newCols.join('') });
  return splice(text, edits);
}
