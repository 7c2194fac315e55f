/**
 * Sniffing and refusals: whether bytes are a workbook package the file port can write back whole
 * (not an .xls, an encrypted file, an .xlsb or a zip of something else), and where its workbook is.
 */
import { WorkbookError } from '../../core';
import { OpcPackage } from './package';
import { REL, attr, parseXml } from './xml';
import type { Codec } from './zip';

/** The workbook part's content types the port writes back, and the file extension each one has. */
const WORKBOOK_TYPES: Record<string, string> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': '.xlsx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml': '.xltx',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml': '.xlsm',
  'application/vnd.ms-excel.template.macroEnabled.main+xml': '.xltm',
};

/** `.xlsx`, `.xlsm`, … for the workbook part's content type. */
export function extensionOfWorkbookType(contentType: string): string {
  return WORKBOOK_TYPES[contentType] ?? '.xlsx';
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

/**
 * Opens a package held in memory (`codec`: Node's native zlib where there is one) and finds its
 * workbook part. Throws NotAWorkbookError for bytes that are no workbook package, WorkbookError
 * (Swedish, one line) for a workbook the port cannot write back whole.
 */
export function openWorkbookPackage(input: ArrayBuffer | Uint8Array, codec?: Codec): { pkg: OpcPackage; workbookPart: string; contentType: string } {
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
  return { pkg, workbookPart: pkg.nameOf(main.part)!, contentType: type };
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
