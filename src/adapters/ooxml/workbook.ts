/**
 * The file port: a WorkbookPort that edits an .xlsx/.xlsm package in place. It reads only the
 * parts it needs and, on save, copies every other zip entry as stored. Written are the assessed
 * sheet (the tool's cells spliced into their rows), styles (formats appended), calcChain, the
 * tables and filters the tool's columns join, and the tool's own sheets. No Node and no DOM
 * here: the command line and the browser file mode share it.
 */
import { cellAddress, columnLetter, parseRange, rangeAddress } from '../../core/a1';
import {
  WorkbookError,
  type SheetGrid,
  type TableDescription,
  type WorkbookDescription,
  type WorkbookPort,
  type WritePlan,
} from '../../core/port';
import { gridArrays, setGridCell } from './grid';
import { OpcPackage } from './package';
import { scanSheet, type RowScan, type SheetScan } from './sheet';
import { readSharedStrings } from './shared-strings';
import { Styles } from './styles';
import type { Codec, DeflatedData, PartDeflater } from './zip';
import { Utf8Sink } from './utf8-sink';
import { Splicer, splice, type Replacement, type Span } from './splice';
import { inlineStringCell, insertionPoint } from './cells';
import { writeToolSheets } from './tool-sheets';
import { NS, REL, attr, escapeAttr, escapeText, parseXml, tagStart } from './xml';
import { ACTION_VERBS, NOTHING_CHANGED, accessDeniedMessage, protectedSheetMessage } from '../../core/protection';


const WORKBOOK_TYPES: Record<string, string> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': '.xlsx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml': '.xltx',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml': '.xlsm',
  'application/vnd.ms-excel.template.macroEnabled.main+xml': '.xltm',
};

const SHEET_KINDS: Record<string, string> = {
  [REL.worksheet]: 'worksheet',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet': 'diagramblad',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet': 'dialogblad',
  'http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet': 'makroblad',
  'http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet': 'makroblad',
};

export interface SheetEntry {
  name: string;
  sheetId: number;
  /** 'worksheet', or the Swedish name of another kind of sheet. */
  kind: string;
  part: string | null;
}

interface TableInfo {
  name: string;
  part: string;
  headers: string[];
}

/** The OLE compound file signature: an Excel 97–2003 .xls, or an .xlsx encrypted with a password to open. */
const COMPOUND_FILE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && COMPOUND_FILE_MAGIC.every((b, i) => bytes[i] === b);
}

/** Thrown for bytes that are not a workbook package at all (as opposed to a workbook the port refuses). */
export class NotAWorkbookError extends WorkbookError {
  constructor(readonly compound: boolean) {
    super(
      compound
        ? 'Filen är inte en Excel-arbetsbok (.xlsx): det är en äldre .xls-fil eller en lösenordsskyddad arbetsbok. Spara den som .xlsx utan lösenord och försök igen.'
        : 'Filen är inte en Excel-arbetsbok (.xlsx).',
    );
  }
}

/** Opens a package held in memory (`codec`: Node's native zlib where there is one). Throws WorkbookError (Swedish, one line) for what it cannot write back whole. */
export function openOoxml(input: ArrayBuffer | Uint8Array, codec?: Codec): OoxmlWorkbook {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (isCompoundFile(bytes)) throw new NotAWorkbookError(true);
  let pkg: OpcPackage;
  try {
    pkg = OpcPackage.open(bytes, codec);
  } catch (err) {
    if (err instanceof WorkbookError && !err.message.startsWith('Filen är inte')) throw err;
    throw new NotAWorkbookError(false);
  }
  if (!pkg.has('[Content_Types].xml')) throw new NotAWorkbookError(false);
  const rootRels = pkg.rels('');
  const main = rootRels.find((r) => r.type === REL.officeDocument && r.part);
  if (!main?.part || !pkg.has(main.part)) throw new NotAWorkbookError(false);
  const type = pkg.contentType(main.part) ?? '';
  if (/binary/u.test(type)) {
    throw new WorkbookError('Arbetsboken är binär (.xlsb), som verktyget inte kan skriva tillbaka. Spara den som .xlsx och försök igen.');
  }
  if (!WORKBOOK_TYPES[type]) throw new NotAWorkbookError(false);
  // Strict Open XML (Excel's "Strict Open XML Spreadsheet"): read as transitional, what the port adds written Strict.
  const workbookRel = pkg.zip.entries.length > 0 ? rawRootType(pkg) : '';
  pkg.strict = workbookRel === REL.strictOfficeDocument;
  return new OoxmlWorkbook(pkg, pkg.nameOf(main.part)!, type);
}

/** The officeDocument relationship's type as the package writes it (rels() shows it transitional). */
function rawRootType(pkg: OpcPackage): string {
  let type = '';
  parseXml(pkg.text('_rels/.rels'), '_rels/.rels', {
    open: (tag) => {
      const t = attr(tag, 'Type') ?? '';
      if (tag.local === 'Relationship' && (t === REL.strictOfficeDocument || t === REL.officeDocument) && type === '') type = t;
    },
  });
  return type;
}

export class OoxmlWorkbook implements WorkbookPort {
  readonly sheets: SheetEntry[] = [];
  readonly date1904: boolean;
  /** `.xlsx`, `.xlsm`, … as the workbook's content type says. */
  readonly extension: string;
  /** The namespaces new parts and elements are written in: Strict ones in a Strict package. */
  readonly ns: { main: string; rel: string };
  private readonly activeTab: number | null;
  /** workbookProtection lockStructure: Excel adds no sheet to the workbook. */
  private readonly structureLocked: boolean;
  private readonly scans = new Map<string, SheetScan>();
  private stylesCache: Styles | null = null;
  private sharedCache: string[] | null = null;
  private tablesCache: Map<string, TableInfo[]> | null = null;
  private written = false;

  constructor(
    readonly pkg: OpcPackage,
    readonly workbookPart: string,
    readonly contentType: string,
  ) {
    this.extension = WORKBOOK_TYPES[contentType] ?? '.xlsx';
    this.ns = pkg.strict ? { main: NS.strictMain, rel: NS.strictRel } : { main: NS.main, rel: NS.rel };
    const text = pkg.text(workbookPart);
    const rels = new Map(pkg.rels(workbookPart).map((r) => [r.id, r]));
    let date1904 = false;
    let activeTab: number | null = null;
    let structureLocked = false;
    let rootSeen = false;
    parseXml(text, workbookPart, {
      open: (tag) => {
        if (!rootSeen) {
          rootSeen = true;
          if (tag.uri !== NS.main || tag.local !== 'workbook') throw new NotAWorkbookError(false);
        }
        if (tag.uri !== NS.main) return;
        if (tag.local === 'workbookPr') {
          const v = attr(tag, 'date1904');
          date1904 = v === '1' || v === 'true';
        } else if (tag.local === 'workbookProtection') {
          const v = attr(tag, 'lockStructure');
          structureLocked = v === '1' || v === 'true';
        } else if (tag.local === 'workbookView' && activeTab === null) {
          const v = attr(tag, 'activeTab');
          activeTab = v === undefined ? null : Number(v);
        } else if (tag.local === 'sheet') {
          const rel = rels.get(attr(tag, 'id', NS.rel) ?? '');
          const kind = rel ? (SHEET_KINDS[rel.type] ?? 'okänt blad') : 'okänt blad';
          const part = rel?.part ? pkg.nameOf(rel.part) : null;
          this.sheets.push({ name: attr(tag, 'name') ?? '', sheetId: Number(attr(tag, 'sheetId') ?? 0), kind, part });
        }
      },
    });
    this.date1904 = date1904;
    this.activeTab = activeTab;
    this.structureLocked = structureLocked;
  }

  async describe(): Promise<WorkbookDescription> {
    if (this.sheets.length === 0) throw new WorkbookError(`Delen ${this.workbookPart} i arbetsboken listar inga blad, så det finns inget att bedöma.`);
    const worksheets = this.sheets.filter((s) => s.kind === 'worksheet' && s.part);
    const tables: TableDescription[] = [];
    for (const s of worksheets) {
      for (const t of this.tablesOf(s)) tables.push({ name: t.name, sheet: s.name, headers: t.headers });
    }
    // Excel's activeTab counts every sheet tab (chart sheets too).
    const active = this.activeTab === null ? undefined : this.sheets[this.activeTab];
    return {
      sheets: worksheets.map((s) => s.name),
      activeSheet: active && active.kind === 'worksheet' ? active.name : null,
      tables,
      date1904: this.date1904,
    };
  }

  async readSheets(names: readonly string[]): Promise<SheetGrid[]> {
    return names.map((name) => {
      const entry = this.sheet(name);
      const scan = this.scan(entry, true);
      const grid = gridOf(name, entry.part!, scan);
      scan.cells.releaseValues();
      return grid;
    });
  }

  async write(plan: WritePlan): Promise<void> {
    if (this.written) throw new WorkbookError('Arbetsboken har redan skrivits en gång; öppna filen på nytt för en ny körning.');
    const entry = this.sheet(plan.sheet);
    const scan = this.scan(entry);
    // Refused before anything changes, in the words the Office path uses for the same workbook.
    if (scan.protected) throw new WorkbookError(protectedSheetMessage(plan.sheet));
    if (this.structureLocked && plan.sheets?.some((s) => !this.sheets.some((w) => w.name.toLocaleLowerCase('sv') === s.name.toLocaleLowerCase('sv')))) {
      throw new WorkbookError(accessDeniedMessage(ACTION_VERBS.write) + NOTHING_CHANGED);
    }
    const styles = this.styles();
    const edit = new SheetEdit(plan.sheet, scan, styles, this.pkg.codec?.deflater?.() ?? null);
    edit.plan(plan);
    // Tables first: a created header may need a new name to be unique in its table.
    const tables = this.extendTables(entry, plan, edit);
    this.extendSheetFilter(entry, scan, plan, edit);
    const formulasRemoved = await edit.apply();
    this.written = true;
    for (const [part, text] of tables) this.pkg.put(part, text);
    this.pkg.putBytes(entry.part!, edit.result);
    if (plan.sheets?.length) writeToolSheets(this, plan.sheets, styles);
    if (formulasRemoved.length > 0) this.dropFromCalcChain(new Map([[entry.sheetId, new Set(formulasRemoved)]]));
    if (styles.changed()) this.pkg.put(this.stylesPart() ?? this.addStylesPart(), styles.serialize());
    // The scans (sheet text and cell offsets) are spent: let them go before the save.
    this.scans.clear();
  }

  /** The package with the written parts; every other entry as it was stored. */
  save(): Uint8Array {
    return this.pkg.save();
  }

  /** The same bytes as save() would give with a codec without deflateAsync; with one, deflated off the main thread. */
  saveAsync(): Promise<Uint8Array> {
    return this.pkg.saveAsync();
  }

  /** Zip entries this port replaced, added or removed. */
  changedParts(): string[] {
    return this.pkg.changedParts();
  }

  sheet(name: string): SheetEntry {
    const s = this.sheets.find((w) => w.name === name);
    if (!s) {
      const all = this.sheets.filter((w) => w.kind === 'worksheet').map((w) => w.name).join(', ');
      throw new WorkbookError(`Bladet "${name}" finns inte i arbetsboken. Bladen är: ${all || '(inga)'}.`);
    }
    if (s.kind !== 'worksheet') throw new WorkbookError(`Bladet "${name}" är ett ${s.kind}, inte ett kalkylblad med celler, och kan inte bedömas.`);
    if (!s.part || !this.pkg.has(s.part)) throw new WorkbookError(`Arbetsboken saknar delen för bladet "${name}" och kan inte läsas.`);
    return s;
  }

  /** The sheet's scan, made once; `values`: with its cells' values (read again if they were let go after a grid was made). */
  scan(entry: SheetEntry, values = false): SheetScan {
    let scan = this.scans.get(entry.name);
    if (!scan || (values && scan.cells.valuesReleased)) {
      scan = scanSheet(this.pkg.text(entry.part!), entry.part!, {
        styles: this.styles(),
        sharedStrings: () => this.sharedStrings(),
        date1904: this.date1904,
      });
      this.scans.set(entry.name, scan);
    }
    return scan;
  }

  styles(): Styles {
    if (!this.stylesCache) {
      const part = this.stylesPart();
      this.stylesCache = part ? new Styles(this.pkg.text(part), part) : new Styles();
    }
    return this.stylesCache;
  }

  private stylesPart(): string | null {
    const rel = this.pkg.rels(this.workbookPart).find((r) => r.type === REL.styles && r.part && this.pkg.has(r.part));
    return rel?.part ? this.pkg.nameOf(rel.part) : null;
  }

  private addStylesPart(): string {
    const part = 'xl/styles.xml';
    this.pkg.addRel(this.workbookPart, REL.styles, part);
    this.pkg.addContentTypeOverride(part, 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml');
    return part;
  }

  private sharedStrings(): string[] {
    if (!this.sharedCache) {
      const rel = this.pkg.rels(this.workbookPart).find((r) => r.type === REL.sharedStrings && r.part && this.pkg.has(r.part));
      this.sharedCache = rel?.part ? readSharedStrings(this.pkg.text(rel.part), rel.part) : [];
    }
    return this.sharedCache;
  }

  private tablesOf(s: SheetEntry): TableInfo[] {
    this.tablesCache ??= new Map();
    let tables = this.tablesCache.get(s.name);
    if (!tables) {
      tables = [];
      for (const rel of this.pkg.rels(s.part!)) {
        if (rel.type !== REL.table || !rel.part || !this.pkg.has(rel.part)) continue;
        const part = this.pkg.nameOf(rel.part)!;
        const info: TableInfo = { name: '', part, headers: [] };
        parseXml(this.pkg.text(part), part, {
          open: (tag) => {
            if (tag.uri !== NS.main) return;
            if (tag.local === 'table') info.name = attr(tag, 'displayName') ?? attr(tag, 'name') ?? '';
            if (tag.local === 'tableColumn') info.headers.push(decodeTableName(attr(tag, 'name') ?? ''));
          },
        });
        tables.push(info);
      }
      this.tablesCache.set(s.name, tables);
    }
    return tables;
  }

  /** Tables whose header row is the plan's header row take in the created columns right of them. */
  private extendTables(entry: SheetEntry, plan: WritePlan, edit: SheetEdit): Map<string, string> {
    const out = new Map<string, string>();
    if (plan.headers.length === 0) return out;
    const headerRow = plan.headers[0].row;
    for (const rel of this.pkg.rels(entry.part!)) {
      if (rel.type !== REL.table || !rel.part || !this.pkg.has(rel.part)) continue;
      const part = this.pkg.nameOf(rel.part)!;
      const extended = extendTable(this.pkg.text(part), part, headerRow, (right) => joinedColumns(plan, right), plan, edit);
      if (extended !== null) out.set(part, extended);
    }
    return out;
  }

  /** The sheet's own autofilter starting at the header row takes in the created columns. */
  private extendSheetFilter(entry: SheetEntry, scan: SheetScan, plan: WritePlan, edit: SheetEdit): void {
    if (plan.headers.length === 0) return;
    const filter = scan.children.find((c) => c.local === 'autoFilter');
    const range = filter?.ref ? parseRange(filter.ref) : null;
    if (!filter || !range || range.top !== plan.headers[0].row) return;
    const joined = joinedColumns(plan, range.right);
    if (joined.length === 0) return;
    const newRef = rangeAddress({ ...range, right: joined[joined.length - 1] });
    this.updateFilterDatabase(entry, newRef);
    const tag = scan.text.slice(filter.start, filter.openEnd);
    edit.extra.push({ from: filter.start, to: filter.openEnd, text: tag.replace(/(\sref\s*=\s*)(["'])[^"']*\2/u, `$1"${newRef}"`) });
  }

  /** The hidden name `_xlnm._FilterDatabase` of the sheet follows its autofilter. */
  private updateFilterDatabase(entry: SheetEntry, ref: string): void {
    const index = this.sheets.indexOf(entry);
    const text = this.pkg.text(this.workbookPart);
    const found: [number, number][] = [];
    let inName = false;
    let textStart = -1;
    parseXml(text, this.workbookPart, {
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
    const quoted = `'${entry.name.replace(/'/gu, "''")}'`;
    const value = `${quoted}!$${columnLetter(range.left)}$${range.top}:$${columnLetter(range.right)}$${range.bottom}`;
    this.pkg.put(this.workbookPart, splice(text, [{ from: a, to: b, text: escapeText(value) }]));
  }

  /** Removes calcChain entries of cells that no longer hold formulas; an empty chain goes with its relationship. */
  dropFromCalcChain(cells: Map<number, Set<string>>): void {
    const rel = this.pkg.rels(this.workbookPart).find((r) => r.type === REL.calcChain && r.part && this.pkg.has(r.part));
    if (!rel?.part) return;
    const part = this.pkg.nameOf(rel.part)!;
    const text = this.pkg.text(part);
    let sheet = 0;
    let prevKeptSheet: number | null = null;
    let kept = 0;
    const edits: Replacement[] = [];
    parseXml(text, part, {
      open: (tag, end) => {
        if (tag.uri !== NS.main || tag.local !== 'c') return;
        const i = attr(tag, 'i');
        if (i !== undefined) sheet = Number(i);
        const start = tagStart(text, end);
        const gone = cells.get(sheet);
        const r = (attr(tag, 'r') ?? '').replace(/\$/gu, '');
        if (gone && (gone.has('*') || gone.has(r))) {
          edits.push({ from: start, to: end, text: '' });
          return;
        }
        // An entry without `i` belongs to the previous entry's sheet; say it when that entry is gone.
        if (i === undefined && prevKeptSheet !== sheet) {
          edits.push({ from: start, to: end, text: text.slice(start, end).replace(/(\s*\/?>)$/u, ` i="${sheet}"$1`) });
        }
        prevKeptSheet = sheet;
        kept++;
      },
    });
    if (kept === 0) {
      this.pkg.remove(part);
      this.pkg.removeRels(this.workbookPart, REL.calcChain);
      this.pkg.removeContentTypeOverride(part);
      return;
    }
    this.pkg.put(part, splice(text, edits));
  }
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
 * The grid the core reads: the bounding box of cells with a value, merged cells' others left out.
 * Filled straight from the sheet's cell table, with no object per cell on the way.
 */
function gridOf(name: string, part: string, scan: SheetScan): SheetGrid {
  const table = scan.cells;
  const rows = [...scan.rows].sort((a, b) => a.r - b.r);
  const hidden = hiddenByMerges(part, scan, rows);
  const shown = (i: number) => table.value(i) !== null && (hidden === null || hidden[i] === 0);
  // The bounding box first, then the values into it.
  let top = 0;
  let bottom = 0;
  let left = Infinity;
  let right = -Infinity;
  let count = 0;
  for (const row of rows) {
    for (let i = row.first; i < row.first + row.count; i++) {
      if (!shown(i)) continue;
      if (top === 0) top = row.r;
      bottom = row.r;
      count++;
      const col = table.col(i);
      if (col < left) left = col;
      if (col > right) right = col;
    }
  }
  if (top === 0) return { name, top: 1, left: 1, values: [], numberFormats: [] };
  const g = gridArrays(bottom - top + 1, right - left + 1, count);
  for (const row of rows) {
    if (row.r < top || row.r > bottom) continue;
    for (let i = row.first; i < row.first + row.count; i++) {
      if (shown(i)) setGridCell(g, row.r - top, table.col(i) - left, table.value(i), table.numFmt(i));
    }
  }
  return { name, top, left, values: g.values, numberFormats: g.numberFormats };
}

/** Cells looked at for the merged ranges of one sheet, at most: a sheet's merges cost what its cells cost, not what their areas do. */
const MERGE_WORK = 50_000_000;

/**
 * The cells merged into another (every cell of a merged range but its top left), by their index in
 * the cell table; null when the sheet has no merges. Found from the rows each range spans, never by
 * walking the range's area (A1:XFD1048576 is 17 billion cells).
 */
function hiddenByMerges(part: string, scan: SheetScan, rows: readonly RowScan[]): Uint8Array | null {
  if (scan.merges.length === 0) return null;
  const table = scan.cells;
  const hidden = new Uint8Array(table.length);
  let work = 0;
  for (const ref of scan.merges) {
    const m = parseRange(ref);
    if (!m) continue;
    // The first row at or below the range's top.
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].r < m.top) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < rows.length && rows[k].r <= m.bottom; k++) {
      const row = rows[k];
      work += row.count + 1;
      if (work > MERGE_WORK) {
        throw new WorkbookError(`Delen ${part} i arbetsboken har fler eller större sammanfogade celler än verktyget läser; arbetsboken läses inte.`);
      }
      for (let i = row.first; i < row.first + row.count; i++) {
        const col = table.col(i);
        if (col >= m.left && col <= m.right && (row.r !== m.top || col !== m.left)) hidden[i] = 1;
      }
    }
  }
  return hidden;
}

type Content = { type: 'text'; text: string; fitted?: boolean } | { type: 'number'; value: number } | { type: 'empty' } | { type: 'keep' };

interface CellWriteOp {
  col: number;
  content: Content;
  /** Base style: the cell's own, or the header neighbour's. */
  base: 'cell' | number;
  text: boolean;
  fill?: string;
}

const KEEP: Content = { type: 'keep' };
const EMPTY: Content = { type: 'empty' };

/** A row of the sheet the edit rewrites, or creates, at a place in the text. */
interface RowEdit extends Span {
  r: number;
  row: RowScan | null;
}

/** Edits outside the rows (dimension, validations, the sheet's autofilter): text for a span. */
type TextEdit = Replacement;

/**
 * The assessed sheet's edit. The plan is kept as it came (blocks, fills, single cells); each
 * row's cells are worked out and written when the row is reached, so no cell or text of the
 * whole sheet is held at once: at 50 000 rows that was some 500 000 small objects and their texts.
 */
class SheetEdit {
  /** The spliced sheet: UTF-8 bytes, or compressed while written when the codec has a deflater. */
  result: Uint8Array | DeflatedData = new Uint8Array(0);
  /** Edits decided outside the rows (the sheet's autofilter). */
  readonly extra: TextEdit[] = [];
  /** Created headers and person cells, by row: few. */
  private readonly headerOps = new Map<number, CellWriteOp[]>();
  private readonly cellOps = new Map<number, CellWriteOp[]>();
  private blocks: WritePlan['blocks'] = [];
  private fills: { top: number; count: number; argb: string }[] = [];
  private fillColumns: number[] = [];
  private maxRow = 0;
  private maxCol = 0;
  private validations: NonNullable<WritePlan['validations']> = [];

  constructor(
    readonly sheetName: string,
    readonly scan: SheetScan,
    readonly styles: Styles,
    private readonly deflater: PartDeflater | null = null,
  ) {}

  private check(row: number, col: number): void {
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1 || row > 1048576 || col > 16384) {
      throw new WorkbookError(`Kan inte skriva utanför bladet "${this.sheetName}" (rad ${row}, kolumn ${col}).`);
    }
  }

  private reach(row: number, col: number): void {
    this.check(row, col);
    if (row > this.maxRow) this.maxRow = row;
    if (col > this.maxCol) this.maxCol = col;
  }

  private singleOp(ops: Map<number, CellWriteOp[]>, row: number, col: number): CellWriteOp {
    this.reach(row, col);
    let list = ops.get(row);
    if (!list) ops.set(row, (list = []));
    let o = list.find((x) => x.col === col);
    if (!o) list.push((o = { col, content: KEEP, base: 'cell', text: false }));
    return o;
  }

  private index: Map<number, RowScan> | null = null;
  private rowScan(r: number): RowScan | undefined {
    this.index ??= new Map(this.scan.rows.map((row) => [row.r, row]));
    return this.index.get(r);
  }

  plan(plan: WritePlan): void {
    for (const h of plan.headers) {
      const o = this.singleOp(this.headerOps, h.row, h.col);
      const neighbour = this.neighbourStyle(h.row, h.col);
      o.content = { type: 'text', text: h.text };
      o.base = neighbour ?? 'cell';
      o.text = true;
    }
    for (const block of plan.blocks) {
      if (block.values.length === 0) continue;
      this.reach(block.top, block.col);
      this.reach(block.top + block.values.length - 1, block.col);
    }
    this.blocks = plan.blocks.filter((b) => b.values.length > 0);
    this.fillColumns = [...plan.fillColumns];
    this.fills = plan.fills
      .filter((run) => run.count > 0)
      .map((run) => ({ top: run.top, count: run.count, argb: toArgb(run.color, plan.sheet) }))
      .sort((a, b) => a.top - b.top);
    for (const run of this.fills) {
      for (const col of this.fillColumns) {
        this.reach(run.top, col);
        this.reach(run.top + run.count - 1, col);
      }
    }
    for (const c of plan.cells ?? []) {
      const o = this.singleOp(this.cellOps, c.row, c.col);
      o.content = c.value === null ? EMPTY : typeof c.value === 'number' ? { type: 'number', value: c.value } : { type: 'text', text: c.value };
    }
    this.validations = plan.validations ?? [];
    // Refuse before anything changes: a cell other cells' formulas are defined by.
    const table = this.scan.cells;
    for (const row of this.scan.rows) {
      for (let i = row.first; i < row.first + row.count; i++) {
        if (!table.formulaOwner(i)) continue;
        const col = table.col(i);
        const op = this.opsOf(row.r).find((o) => o.col === col);
        if (op && op.content.type !== 'keep') {
          throw new WorkbookError(
            `Cellen ${cellAddress(row.r, col)} på bladet "${this.sheetName}" bär en formel som andra celler delar; verktyget skriver inte över den. Flytta formeln och försök igen.`,
          );
        }
      }
    }
  }

  /** The style of the last cell with a value left of `col` on row `r`: a created header looks like its neighbour. */
  private neighbourStyle(r: number, col: number): number | null {
    const row = this.rowScan(r);
    const table = this.scan.cells;
    let style: number | null = null;
    if (row) for (let i = row.first; i < row.first + row.count; i++) if (table.col(i) < col && table.hasValue(i)) style = table.s(i);
    return style;
  }

  /** The fill run holding row `r`, if any (runs sorted by top, not overlapping). */
  private fillOf(r: number): string | undefined {
    const fills = this.fills;
    let lo = 0;
    let hi = fills.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const f = fills[mid];
      if (r < f.top) hi = mid - 1;
      else if (r >= f.top + f.count) lo = mid + 1;
      else return f.argb;
    }
    return undefined;
  }

  /** Row `r`'s cells to write, by column: headers, then blocks, fills and person cells over them, as the plan orders them. */
  private opsOf(r: number): CellWriteOp[] {
    const ops: CellWriteOp[] = [];
    const at = (col: number) => {
      for (const o of ops) if (o.col === col) return o;
      const o: CellWriteOp = { col, content: KEEP, base: 'cell', text: false };
      ops.push(o);
      return o;
    };
    for (const h of this.headerOps.get(r) ?? []) {
      const o = at(h.col);
      o.content = h.content;
      o.base = h.base;
      o.text = true;
    }
    for (const block of this.blocks) {
      const i = r - block.top;
      if (i < 0 || i >= block.values.length) continue;
      const text = block.values.at(i) ?? '';
      const o = at(block.col);
      o.content = text === '' ? EMPTY : { type: 'text', text, fitted: block.fitted === true };
      o.text = true;
    }
    const fill = this.fills.length > 0 ? this.fillOf(r) : undefined;
    if (fill !== undefined) for (const col of this.fillColumns) at(col).fill = fill;
    // Person cells (plan.cells) last: they carry no base or text flag of their own.
    for (const c of this.cellOps.get(r) ?? []) at(c.col).content = c.content;
    // Usually made in column order already (the blocks are): sorted only when not.
    for (let i = 1; i < ops.length; i++) if (ops[i].col < ops[i - 1].col) return ops.sort((a, b) => a.col - b.col);
    return ops;
  }

  /** Rows with something to write, ascending. */
  private rowsToWrite(): number[] {
    const rows = new Set<number>([...this.headerOps.keys(), ...this.cellOps.keys()]);
    for (const b of this.blocks) for (let i = 0; i < b.values.length; i++) rows.add(b.top + i);
    if (this.fillColumns.length > 0) for (const f of this.fills) for (let i = 0; i < f.count; i++) rows.add(f.top + i);
    return [...rows].sort((a, b) => a - b);
  }

  /** Splices the rows; returns addresses of cells whose formula was replaced. */
  async apply(): Promise<string[]> {
    const { scan } = this;
    const text = scan.text;
    const p = scan.prefix ? `${scan.prefix}:` : '';
    const formulasRemoved: string[] = [];
    // Existing rows by number in text order; a new row goes before the first existing row below it.
    const sortedRows = [...scan.rows].sort((a, b) => a.r - b.r);
    const rowEdits: RowEdit[] = [];
    let next = 0;
    for (const r of this.rowsToWrite()) {
      const row = this.rowScan(r) ?? null;
      if (row) {
        rowEdits.push({ from: row.start, to: row.end, r, row });
        continue;
      }
      while (next < sortedRows.length && sortedRows[next].r <= r) next++;
      const at = next < sortedRows.length ? sortedRows[next].start : scan.sheetDataClose;
      if (at < 0) throw new WorkbookError(`Bladet "${this.sheetName}" har inga rader att skriva i.`);
      rowEdits.push({ from: at, to: at, r, row: null });
    }
    const others: TextEdit[] = [];
    this.editDimension(others);
    this.addValidations(others, p);
    others.push(...this.extra);
    const edits: (RowEdit | TextEdit)[] = [...rowEdits, ...others];
    // Stable: new rows at one place stay in row order, an insertion before the row it precedes.
    edits.sort((a, b) => a.from - b.from || a.to - b.to);

    const out = new Utf8Sink(this.deflater);
    const splicer = new Splicer(text, out);
    for (const e of edits) {
      splicer.cut(e);
      if ('text' in e) out.add(e.text);
      else this.writeRow(out, e.r, e.row, p, formulasRemoved);
      // The deflater's finished pieces are let go only when the event loop turns.
      const ready = out.ready();
      if (ready) await ready;
    }
    splicer.finish();
    this.result = out.finish();
    return formulasRemoved;
  }

  /** One row: its cells in column order, every existing cell not written and the text between cells copied as it was. */
  private writeRow(out: Utf8Sink, r: number, row: RowScan | null, p: string, formulasRemoved: string[]): void {
    const text = this.scan.text;
    const ops = this.opsOf(r);
    if (!row) {
      out.add(`<${p}row r="${r}">`);
      for (const op of ops) out.add(this.cellXml(r, op, null, p));
      out.add(`</${p}row>`);
      return;
    }
    const table = this.scan.cells;
    const end = row.first + row.count;
    let lastCol = ops.length > 0 ? ops[ops.length - 1].col : 0;
    for (let i = row.first; i < end; i++) if (table.col(i) > lastCol) lastCol = table.col(i);
    const openTag = updateSpans(text.slice(row.start, row.openEnd), lastCol);
    if (row.selfClosing) {
      out.add(openTag.replace(/\s*\/>$/u, '>'));
      for (const op of ops) out.add(this.cellXml(r, op, null, p));
      out.add(`</${p}row>`);
      return;
    }
    out.add(openTag);
    // Cells stand in column order in a sheet Excel wrote; a row that does not is spliced by place in the text.
    let ordered = true;
    for (let i = row.first + 1; i < end; i++) if (table.col(i) <= table.col(i - 1)) ordered = false;
    const splices: Replacement[] = [];
    let next = row.first;
    for (const op of ops) {
      while (next < end && table.col(next) < op.col) next++;
      let existing = next < end && table.col(next) === op.col ? next : -1;
      if (!ordered) for (let i = row.first; i < end && existing < 0; i++) if (table.col(i) === op.col) existing = i;
      if (existing >= 0) {
        if (table.hasFormula(existing) && op.content.type !== 'keep') formulasRemoved.push(cellAddress(r, op.col));
        const xml = this.cellXml(r, op, { s: table.s(existing), xml: text.slice(table.start(existing), table.end(existing)) }, p);
        splices.push({ from: table.start(existing), to: table.end(existing), text: xml });
        continue;
      }
      // Before the first existing cell to its right, else before the row's end tag.
      const before = next < end ? table.start(next) : text.lastIndexOf('</', row.end - 1);
      splices.push({ from: before, to: before, text: this.cellXml(r, op, null, p) });
    }
    if (!ordered) splices.sort((a, b) => a.from - b.from || a.to - b.to);
    const splicer = new Splicer(text, out, row.openEnd);
    for (const sp of splices) {
      splicer.cut(sp);
      out.add(sp.text);
    }
    splicer.finish(row.end);
  }

  private cellXml(r: number, op: CellWriteOp, existing: { s: number; xml: string } | null, p: string): string {
    const base = op.base === 'cell' ? (existing ? existing.s : this.baseFor(r, op.col)) : op.base;
    const s = op.text || op.fill ? this.derived(base, op.text, op.fill) : base;
    const ref = `${this.letters(op.col)}${r}`;
    switch (op.content.type) {
      case 'keep':
        return existing ? setCellStyle(existing.xml, s) : `<${p}c r="${ref}"${s ? ` s="${s}"` : ''}/>`;
      case 'empty':
        return `<${p}c r="${ref}"${s ? ` s="${s}"` : ''}/>`;
      case 'number':
        return `<${p}c r="${ref}"${s ? ` s="${s}"` : ''}><${p}v>${String(op.content.value)}</${p}v></${p}c>`;
      case 'text':
        return inlineStringCell(p, ref, s, op.content.text, op.content.fitted);
    }
  }

  /** Styles.derive for a tool cell, remembered by base style, text and fill: asked once per cell, some 60 000 times at 10 000 rows. */
  private readonly derivedStyles = new Map<number, [plain: Map<string, number>, text: Map<string, number>]>();
  private derived(base: number, text: boolean, fill: string | undefined): number {
    let byBase = this.derivedStyles.get(base);
    if (!byBase) this.derivedStyles.set(base, (byBase = [new Map(), new Map()]));
    const byFill = byBase[text ? 1 : 0];
    let s = byFill.get(fill ?? '');
    if (s === undefined) byFill.set(fill ?? '', (s = this.styles.derive(base, { text, fill })));
    return s;
  }

  /** Column letters by column, made once. */
  private readonly columnLetters = new Map<number, string>();
  private letters(col: number): string {
    let l = this.columnLetters.get(col);
    if (l === undefined) this.columnLetters.set(col, (l = columnLetter(col)));
    return l;
  }

  /** The style an empty cell shows: its row's (customFormat), else its column's. */
  private baseFor(r: number, col: number): number {
    return this.rowScan(r)?.style ?? this.scan.cols.find((c) => col >= c.min && col <= c.max)?.style ?? 0;
  }

  private editDimension(edits: TextEdit[]): void {
    const dim = this.scan.children.find((c) => c.local === 'dimension');
    const range = dim?.ref ? parseRange(dim.ref) : null;
    if (!dim || !range) return;
    const right = Math.max(range.right, this.maxCol);
    const bottom = Math.max(range.bottom, this.maxRow);
    if (right === range.right && bottom === range.bottom) return;
    const tag = this.scan.text.slice(dim.start, dim.openEnd);
    const ref = rangeAddress({ ...range, right, bottom });
    edits.push({ from: dim.start, to: dim.openEnd, text: tag.replace(/(\sref\s*=\s*)(["'])[^"']*\2/u, `$1"${ref}"`) });
  }

  private addValidations(edits: TextEdit[], p: string): void {
    const fresh = this.validations.filter((v) => !this.scan.validationRefs.includes(validationRef(v)));
    if (fresh.length === 0) return;
    for (const v of fresh) {
      this.check(v.fromRow, v.col);
      this.check(v.toRow, v.col);
    }
    const items = fresh
      .map((v) => {
        const list = `"${v.choices.map((c) => c.replace(/"/gu, '""')).join(',')}"`;
        if (list.length > 257) throw new WorkbookError(`Listan för kolumn ${columnLetter(v.col)} på bladet "${this.sheetName}" är för lång för Excel.`);
        return `<${p}dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="${validationRef(v)}"><${p}formula1>${escapeText(list)}</${p}formula1></${p}dataValidation>`;
      })
      .join('');
    const existing = this.scan.children.find((c) => c.local === 'dataValidations');
    const text = this.scan.text;
    if (existing && !existing.selfClosing) {
      const close = text.lastIndexOf('</', existing.end - 1);
      const count = this.scan.validationRefs.length;
      const open = text.slice(existing.start, existing.openEnd);
      const all = open.match(/\scount\s*=\s*["'](\d+)["']/u)?.[1] ?? String(count);
      edits.push({ from: existing.start, to: existing.openEnd, text: open.replace(/(\scount\s*=\s*)(["'])\d*\2/u, `$1"${Number(all) + fresh.length}"`) });
      edits.push({ from: close, to: close, text: items });
      return;
    }
    const xml = `<${p}dataValidations count="${fresh.length}">${items}</${p}dataValidations>`;
    if (existing) {
      edits.push({ from: existing.start, to: existing.end, text: xml });
      return;
    }
    const at = insertionPoint(this.scan, 'dataValidations');
    edits.push({ from: at, to: at, text: xml });
  }

  /** Header texts the created columns finally carry (a table may need them unique). */
  renameHeader(row: number, col: number, text: string): void {
    const o = this.headerOps.get(row)?.find((x) => x.col === col);
    if (o) o.content = { type: 'text', text };
  }
}

function validationRef(v: { col: number; fromRow: number; toRow: number }): string {
  return rangeAddress({ top: v.fromRow, left: v.col, bottom: v.toRow, right: v.col });
}


function setCellStyle(xml: string, s: number): string {
  const end = xml.indexOf('>');
  const selfClosing = xml[end - 1] === '/';
  let tag = xml.slice(0, selfClosing ? end - 1 : end);
  if (/\ss\s*=\s*["'][^"']*["']/u.test(tag)) tag = tag.replace(/(\ss\s*=\s*)(["'])[^"']*\2/u, `$1"${s}"`);
  else tag += ` s="${s}"`;
  return `${tag}${selfClosing ? '/' : ''}${xml.slice(end)}`;
}

function updateSpans(openTag: string, lastCol: number): string {
  const m = /(\sspans\s*=\s*)(["'])(\d+):(\d+)\2/u.exec(openTag);
  if (!m || Number(m[4]) >= lastCol) return openTag;
  return openTag.replace(m[0], `${m[1]}"${m[3]}:${lastCol}"`);
}



function toArgb(color: string, sheet: string): string {
  const m = /^#?([0-9a-f]{6})$/iu.exec(color.trim());
  if (!m) throw new WorkbookError(`Ogiltig fyllnadsfärg "${color}" för bladet "${sheet}" (väntade #RRGGBB).`);
  return `FF${m[1].toUpperCase()}`;
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
  edit: SheetEdit,
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
    if (name !== header.text) edit.renameHeader(headerRow, col, name);
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
