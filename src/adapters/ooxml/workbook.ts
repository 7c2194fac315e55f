/**
 * The file port: a WorkbookPort that edits an .xlsx/.xlsm package in place. It reads only the
 * parts it needs and, on save, copies every other zip entry as stored. Written are the assessed
 * sheet (the tool's cells spliced into their rows), styles (formats appended), calcChain, the
 * tables and filters the tool's columns join, and the tool's own sheets. No Node and no DOM
 * here: the command line and the browser file mode share it.
 */
import {
  accessDeniedMessage,
  ACTION_VERBS,
  NOTHING_CHANGED,
  protectedSheetMessage,
  type SheetGrid,
  type TableDescription,
  type WorkbookDescription,
  WorkbookError,
  type WorkbookPort,
  type WritePlan,
} from '../../core';
import { dropFromCalcChain } from './calc-chain';
import { NotAWorkbookError, openWorkbookPackage, extensionOfWorkbookType } from './open';
import type { OpcPackage } from './package';
import { readSharedStrings } from './shared-strings';
import { scanSheet, type SheetScan } from './sheet';
import { SheetEdit } from './sheet-edit';
import { gridOf } from './sheet-grid';
import { Styles } from './styles';
import { extendSheetFilter, extendTables, tablesOfSheet, type TableInfo } from './tables';
import { writeToolSheets } from './tool-sheets';
import { NS, REL, attr, parseXml } from './xml';
import type { Codec } from './zip';

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

/** Opens a package held in memory (`codec`: Node's native zlib where there is one). Throws WorkbookError (Swedish, one line) for what it cannot write back whole. */
export function openOoxml(input: ArrayBuffer | Uint8Array, codec?: Codec): OoxmlWorkbook {
  const { pkg, workbookPart, contentType } = openWorkbookPackage(input, codec);
  return new OoxmlWorkbook(pkg, workbookPart, contentType);
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
    this.extension = extensionOfWorkbookType(contentType);
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
    const tables = extendTables(this.pkg, entry.part!, plan, (row, col, text) => edit.renameHeader(row, col, text));
    const filter = extendSheetFilter(this.pkg, this.workbookPart, this.sheets.indexOf(entry), entry.name, scan, plan);
    if (filter) edit.extra.push(filter);
    const formulasRemoved = await edit.apply();
    this.written = true;
    for (const [part, text] of tables) this.pkg.put(part, text);
    this.pkg.putBytes(entry.part!, edit.result);
    if (plan.sheets?.length) writeToolSheets(this, plan.sheets, styles);
    if (formulasRemoved.length > 0) dropFromCalcChain(this.pkg, this.workbookPart, new Map([[entry.sheetId, new Set(formulasRemoved)]]));
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

  private tablesOf(s: SheetEntry): TableInfo[] {
    this.tablesCache ??= new Map();
    let tables = this.tablesCache.get(s.name);
    if (!tables) this.tablesCache.set(s.name, (tables = tablesOfSheet(this.pkg, s.part!)));
    return tables;
  }

  private sharedStrings(): string[] {
    if (!this.sharedCache) {
      const rel = this.pkg.rels(this.workbookPart).find((r) => r.type === REL.sharedStrings && r.part && this.pkg.has(r.part));
      this.sharedCache = rel?.part ? readSharedStrings(this.pkg.text(rel.part), rel.part) : [];
    }
    return this.sharedCache;
  }
}
