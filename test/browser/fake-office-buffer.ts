/**
 * fake-excel.ts measures request sizes with Node's Buffer.byteLength. The fake-office bundle
 * gets this module for `Buffer` (webpack ProvidePlugin, that bundle only), so no global Buffer
 * leaks into the page: the pane's libraries must see the browser as it is in Excel.
 */
export const Buffer = {
  byteLength: (s: string): number => new TextEncoder().encode(s).length,
};
