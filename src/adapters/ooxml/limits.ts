/**
 * What the file port reads at most, the same in Node and the browser. Every limit is checked as the
 * package is read (while a part inflates, while a sheet is scanned), never after, and none trusts
 * what the file says about itself (zip header sizes, a sheet's dimension). Chosen from what Excel
 * itself holds (1 048 576 rows × 16 384 columns) and what a task pane can hold: a workbook of
 * 200 000 application rows (a 105 MB sheet of some 3 million cells) stays well inside.
 */
export const LIMITS = {
  /** Bytes one part may inflate to (a sheet, the shared strings, styles…). */
  partBytes: 200_000_000,
  /** Bytes all parts read in one run may inflate to together (parts only copied are never inflated). */
  totalBytes: 400_000_000,
  /** Zip entries in the package. */
  entries: 10_000,
  /** Element nesting in any XML part read (real parts nest under 20 levels). */
  depth: 256,
  /** Cells one sheet may describe (elements `<c>`, empty or not). */
  cells: 8_000_000,
  /** Excel's own sheet size. */
  rows: 1_048_576,
  columns: 16_384,
} as const;

/** `200 000 000` → `200 MB`, as the limits are written in messages and the README. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1_000_000)} MB`;
}
