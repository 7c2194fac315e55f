/**
 * `text.normalize('NFC')` without calling ICU for text NFC cannot change: every character below
 * U+0300 (where the combining marks begin) is its own NFC form and composes with nothing before it,
 * so such text, most cells of a sheet, is returned as it is (test/core/nfc.test.ts checks every
 * such character and pair). Normalising was a fortieth of reading 10 000 rows.
 */
export function nfc(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x300) return text.normalize('NFC');
  return text;
}
