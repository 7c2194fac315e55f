/**
 * Office.js errors turned into WorkbookErrors with a Swedish message the task pane can show as is.
 * Codes are compared as strings so this module runs without the `Excel` global (tests, file mode).
 */
import { accessDeniedMessage, ACTION_VERBS, NOTHING_CHANGED, protectedSheetMessage, WorkbookError } from '../../core';

export { protectedSheetMessage };

/** Excel.ErrorCodes we react to (values as in @types/office-js). */
export const OFFICE_ERROR = {
  cellEditMode: 'InvalidOperationInCellEditMode',
  accessDenied: 'AccessDenied',
  itemNotFound: 'ItemNotFound',
  /** Not in Excel.ErrorCodes, but named by Microsoft's performance article for too large requests. */
  requestTooLarge: 'RequestPayloadSizeLimitExceeded',
  responseTooLarge: 'ResponsePayloadSizeLimitExceeded',
  /** Range.values over Excel's cell limit; mostly it answers null instead (see readWhole). */
  rangeTooLarge: 'RangeExceedsLimit',
} as const;

export function officeErrorCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}

/** Where Office.js says an error arose (`debugInfo.errorLocation`, e.g. `TableCollection.getItem`), when it says. */
export function officeErrorLocation(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('debugInfo' in error)) return null;
  const info = (error as { debugInfo: unknown }).debugInfo;
  if (typeof info !== 'object' || info === null || !('errorLocation' in info)) return null;
  const location = (info as { errorLocation: unknown }).errorLocation;
  return typeof location === 'string' && location !== '' ? location : null;
}

/** Errors Excel raises before running any action of the batch: nothing of that request reached the workbook. */
export function refusesWholeBatch(error: unknown): boolean {
  const code = officeErrorCode(error);
  return code === OFFICE_ERROR.cellEditMode || isPayloadError(error);
}

export function isPayloadError(error: unknown): boolean {
  const code = officeErrorCode(error);
  return code === OFFICE_ERROR.requestTooLarge || code === OFFICE_ERROR.responseTooLarge;
}

export interface ErrorContext {
  action: 'read' | 'write' | 'select';
  sheet?: string;
  /** True once part of the write reached the workbook, so the message must not promise that nothing changed. */
  partlyWritten?: boolean;
  /** What of the write is known to be in the workbook (a Swedish phrase), when part of it is. */
  written?: string;
  /** The sheet the write adds (Logg), to name it when Excel refuses the add. */
  addedSheet?: string;
  /** The tables the action used, to name the one Excel did not find. */
  tables?: readonly string[];
}

const VERBS: Record<ErrorContext['action'], string> = ACTION_VERBS;

/** Workbook structure protection refuses a new sheet: what to do about it (without the outcome). */
export function structureProtectedText(sheet: string): string {
  return (
    `Arbetsbokens struktur är skyddad, så bladet "${sheet}" kan inte läggas till. ` +
    `Ta bort skyddet (Granska > Skydda arbetsbok) eller lägg till ett tomt blad med namnet "${sheet}" och kör igen.`
  );
}

function outcome(where: ErrorContext): string {
  if (where.action === 'select') return '';
  if (where.written) return ` ${where.written} Kör igen när felet är åtgärdat, så skrivs resten; det som redan skrivits skrivs om med samma innehåll.`;
  return where.partlyWritten
    ? ' Bedömningen kan ha hunnit skrivas delvis; kör igen när felet är åtgärdat, så skrivs allt klart.'
    : NOTHING_CHANGED;
}

/** What Excel did not find, from where the error arose: a table, a sheet, or (unsaid) either. */
function notFoundMessage(error: unknown, where: ErrorContext): string | null {
  const location = officeErrorLocation(error) ?? '';
  if (/table/iu.test(location)) {
    const tables = where.tables ?? [];
    const named = tables.length === 1 ? `tabellen "${tables[0]}"` : 'en tabell som tillägget läste nyss';
    return `Hittar inte ${named} i arbetsboken. Har den bytt namn eller tagits bort medan tillägget arbetade? Kör igen.`;
  }
  if (!where.sheet) return null;
  if (/worksheet/iu.test(location) || location === '') {
    return `Hittar inte bladet "${where.sheet}" i arbetsboken. Har det bytt namn eller tagits bort? Kör igen.`;
  }
  return `Hittar inte något som tillägget läste nyss på bladet "${where.sheet}" (${location}). Har bladet eller en tabell på det ändrats? Kör igen.`;
}

/** Maps whatever `context.sync()` threw to a WorkbookError. WorkbookErrors pass through. */
export function toWorkbookError(error: unknown, where: ErrorContext): WorkbookError {
  if (error instanceof WorkbookError) return error;
  const code = officeErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case OFFICE_ERROR.cellEditMode:
      return new WorkbookError(
        'Excel är i redigeringsläge: en cell redigeras just nu. Tryck Enter eller Esc för att lämna cellen och kör sedan igen.' +
          outcome(where),
      );
    case OFFICE_ERROR.accessDenied:
      // Before ExcelApi 1.7 structure protection cannot be seen ahead; Excel says so at the add.
      if (where.addedSheet && /WorksheetCollection\.add/u.test(officeErrorLocation(error) ?? '')) {
        return new WorkbookError(structureProtectedText(where.addedSheet) + outcome(where));
      }
      if (where.action === 'write' && where.sheet && !where.partlyWritten) return new WorkbookError(protectedSheetMessage(where.sheet));
      return new WorkbookError(accessDeniedMessage(VERBS[where.action]) + outcome(where));
    case OFFICE_ERROR.requestTooLarge:
    case OFFICE_ERROR.responseTooLarge:
      return new WorkbookError(
        `Excel kunde inte ${VERBS[where.action]}: anropet blev för stort (Excel på webben tar emot högst 5 MB per anrop).` +
          outcome(where),
      );
    case OFFICE_ERROR.rangeTooLarge:
      return new WorkbookError(
        `Excel kunde inte ${VERBS[where.action]}: ${where.sheet ? `bladet "${where.sheet}"` : 'bladet'} har fler använda celler än Excel kan lämna över på en gång. ` +
          'Oftast beror det på en cell långt nedanför eller till höger om tabellen som har fått ett värde; ta bort de tomma raderna och kolumnerna efter tabellen och kör igen.' +
          outcome(where),
      );
    case OFFICE_ERROR.itemNotFound: {
      const notFound = notFoundMessage(error, where);
      if (notFound) return new WorkbookError(notFound + outcome(where));
      break;
    }
  }
  return new WorkbookError(`Excel kunde inte ${VERBS[where.action]}: ${message}${code ? ` (${code})` : ''}.` + outcome(where));
}
