/**
 * What a user reads when a workbook's protection stops the tool: one text for the Office path (where
 * Excel refuses) and the file path (where the port refuses before writing), so both say the same.
 */

export function protectedSheetMessage(sheet: string): string {
  return (
    `Bladet "${sheet}" är skyddat, så bedömningen kan inte skrivas dit. ` +
    'Ta bort bladskyddet (Granska > Ta bort skydd för blad) och kör igen. Inget har ändrats i arbetsboken.'
  );
}

/** What the tool was doing, as the messages say it. */
export const ACTION_VERBS = {
  read: 'läsa arbetsboken',
  write: 'skriva bedömningen',
  select: 'markera raden',
} as const;

/** Excel's AccessDenied, `doing` what the tool was about to do (`skriva bedömningen`). */
export function accessDeniedMessage(doing: string): string {
  return `Excel nekade åtkomst när tillägget skulle ${doing}. Kontrollera att bladet och arbetsboken inte är skyddade eller skrivskyddade.`;
}

/** Said after a refusal that came before anything was written. */
export const NOTHING_CHANGED = ' Inget har ändrats i arbetsboken.';
