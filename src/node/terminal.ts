/**
 * Text for a terminal. Cell texts reach the printed summary and the messages (an Insats name, a
 * sheet name, a file name), and a cell may hold control characters: typed raw, or written as
 * `_x001B_` escapes that the reader decodes. ESC starts a terminal's control sequences (colours,
 * cursor moves, a changed window title, on some terminals worse) and BEL rings; neither may reach
 * the user's terminal from a workbook. Only what is printed is cleaned: the workbook keeps its text.
 */

/**
 * Line breaks and tabs in a text: printed as a space, so a cell's text stays on its line.
 * U+2028/U+2029 are line breaks too for some terminals.
 */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/gu;

/**
 * Every other C0 and C1 control (ESC, BEL, backspace, CSI U+009B …), DEL, and the bidirectional
 * embeddings, overrides and isolates that make a terminal show text in another order than it is.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with nothing in it that a terminal would act on instead of show. */
export function printable(text: string): string {
  return text.replace(BREAKS, ' ').replace(CONTROLS, '');
}
