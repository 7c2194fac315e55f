/**
 * Office.js errors turned into WorkbookErrors with a Swedish message the task pane can show as is.
 * Codes are compared as strings so this module runs without the `Excel` global (tests, file mode).
 */
import { WorkbookError } from '../../core/port';
import { ACTION_VERBS, NOTHING_CHANGED, accessDeniedMessage, protectedSheetMessage } from '../../core/protection';

export { protectedSheetMessage };

/** Excel.ErrorCodes we react to (values as in @types/office-js). */
export const OFFICE_ERROR = {
  cellEditMode: 'InvalidOperationInCellEditMode',
  accessDenied: 'AccessDenied',
  itemNotFound: 'ItemNotFound',
  /** Not in Excel.ErrorCodes, but named by Microsoft's performance article for too large requests. */
  requestTooLarge: 'RequestPayloadSizeLimitExceeded',
  responseTooLarge: 'ResponsePayloadSizeLimitExceeded',
} as const;

export function officeErrorCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
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
}

const VERBS: Record<ErrorContext['action'], string> = ACTION_VERBS;

function outcome(where: ErrorContext): string {
  if (where.action === 'select') return '';
  return where.partlyWritten
    ? ' Bedömningen hann skrivas bara delvis; kör igen så skrivs den om.'
    : NOTHING_CHANGED;
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
      if (where.action === 'write' && where.sheet && !where.partlyWritten) return new WorkbookError(protectedSheetMessage(where.sheet));
      return new WorkbookError(accessDeniedMessage(VERBS[where.action]) + outcome(where));
    case OFFICE_ERROR.requestTooLarge:
    case OFFICE_ERROR.responseTooLarge:
      return new WorkbookError(
        `Excel kunde inte ${VERBS[where.action]}: anropet blev för stort (Excel på webben tar emot högst 5 MB per anrop).` +
          outcome(where),
      );
    case OFFICE_ERROR.itemNotFound:
      if (where.sheet) {
        return new WorkbookError(`Hittar inte bladet "${where.sheet}" i arbetsboken. Har det bytt namn eller tagits bort? Kör igen.` + outcome(where));
      }
      break;
  }
  return new WorkbookError(`Excel kunde inte ${VERBS[where.action]}: ${message}${code ? ` (${code})` : ''}.` + outcome(where));
}
