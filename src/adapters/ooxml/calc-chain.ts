/**
 * calcChain.xml, Excel's order of calculation: a cell the tool overwrote no longer holds a formula,
 * and a chain naming it is one Excel repairs on opening. Cells are named by sheetId and reference
 * (`*`: every cell of that sheet).
 */
import type { OpcPackage } from './package';
import { splice, type Replacement } from './splice';
import { NS, REL, attr, parseXml, tagStart } from './xml';

/** Removes calcChain entries of cells that no longer hold formulas; an empty chain goes with its relationship. */
export function dropFromCalcChain(pkg: OpcPackage, workbookPart: string, cells: Map<number, Set<string>>): void {
  const rel = pkg.rels(workbookPart).find((r) => r.type === REL.calcChain && r.part && pkg.has(r.part));
  if (!rel?.part) return;
  const part = pkg.nameOf(rel.part)!;
  const text = pkg.text(part);
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
    pkg.remove(part);
    pkg.removeRels(workbookPart, REL.calcChain);
    pkg.removeContentTypeOverride(part);
    return;
  }
  pkg.put(part, splice(text, edits));
}
