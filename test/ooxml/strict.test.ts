/**
 * Strict Open XML (Excel's "Strict Open XML Spreadsheet", purl.oclc.org namespaces) read and written
 * back whole like a transitional workbook: the same fidelity assertions on a Strict file made here.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8 } from 'fflate';
import { baseWorkbook, ns, unzip, zip, type Parts } from './fixtures';
import { assessBytes, cellXmlByRef, columnOf, convertToCsv, ownedColumns, sofficeRuns, sofficeTitle } from './helpers';

const STRICT_MAIN = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
const STRICT_REL = 'http://purl.oclc.org/ooxml/officeDocument/relationships';
const SHEET = 'xl/worksheets/sheet1.xml';
const OWNED = [SHEET, 'xl/styles.xml', 'xl/calcChain.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml'];

/** The base workbook as Excel saves it Strict: the SpreadsheetML and relationship namespaces and types from purl.oclc.org. */
function strictWorkbook(): Parts {
  const out: Parts = {};
  for (const [name, data] of Object.entries(baseWorkbook())) {
    out[name] = typeof data === 'string' ? data.split(ns.MAIN).join(STRICT_MAIN).split(ns.R).join(STRICT_REL) : data;
  }
  return out;
}

describe('a Strict Open XML workbook', () => {
  const input = zip(strictWorkbook());
  const done = assessBytes(input);

  it('is made Strict (no transitional SpreadsheetML namespace or relationship type in it)', () => {
    for (const [name, data] of Object.entries(unzip(input))) {
      expect({ name, transitional: strFromU8(data).includes(ns.MAIN) || strFromU8(data).includes(ns.R) }).toEqual({ name, transitional: false });
    }
  });

  it('is assessed, and every part the port does not own comes back byte-identical', async () => {
    const { out, run, port } = await done;
    expect(run.assessments).toHaveLength(4);
    const before = unzip(input);
    const after = unzip(out);
    const added = Object.keys(after).filter((n) => !(n in before));
    expect(added.every((n) => /^xl\/worksheets\/sheet\d+\.xml$/u.test(n))).toBe(true);
    expect(port.changedParts().filter((p) => !OWNED.includes(p) && !added.includes(p))).toEqual([]);
    for (const [name, data] of Object.entries(before)) {
      if (OWNED.includes(name)) continue;
      expect({ name, same: Buffer.from(after[name]).equals(Buffer.from(data)) }).toEqual({ name, same: true });
    }
    const owned = ownedColumns(run.plan);
    const cellsBefore = cellXmlByRef(strFromU8(before[SHEET]));
    const cellsAfter = cellXmlByRef(strFromU8(after[SHEET]));
    expect([...cellsBefore].filter(([ref, xml]) => !owned.has(columnOf(ref)) && cellsAfter.get(ref) !== xml).map(([r]) => r)).toEqual([]);
  });

  it('stays Strict: what the port adds (the Logg sheet, its relationship) is written in Strict namespaces', async () => {
    const { out } = await done;
    const after = unzip(out);
    for (const [name, data] of Object.entries(after)) {
      if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
      expect({ name, transitional: strFromU8(data).includes(ns.MAIN) || strFromU8(data).includes(ns.R) }).toEqual({ name, transitional: false });
    }
    expect(strFromU8(after['xl/_rels/workbook.xml.rels'])).toMatch(new RegExp(`Type="${STRICT_REL}/worksheet" Target="worksheets/sheet3.xml"`, 'u'));
    // The new sheet's relationship id carries the Strict r: namespace (the workbook declares it).
    expect(strFromU8(after['xl/workbook.xml'])).toMatch(/<sheet name="Logg" sheetId="3" r:id="rId\d+"\/>/u);
  });

  it('is read again by the port (a second run finds its own columns)', async () => {
    const { out } = await done;
    const second = await assessBytes(out);
    expect(second.run.assessments).toHaveLength(4);
    expect(second.run.plan.headers).toEqual([]);
  });

  (sofficeRuns ? it : it.skip)(sofficeTitle('opens in LibreOffice with the applications and the tool columns'), async () => {
    const { out } = await done;
    const dir = mkdtempSync(join(tmpdir(), 'ooxml-strict-'));
    try {
      const file = join(dir, 'strikt.xlsx');
      writeFileSync(file, out);
      const result = await convertToCsv([file], dir);
      expect(result.code).toBe(0);
      const csv = join(dir, 'strikt.csv');
      expect(existsSync(csv)).toBe(true);
      const text = readFileSync(csv, 'utf8');
      expect(text).toContain('Lokussamordnare Uppsala');
      expect(text).toContain('Status');
      expect(text).toContain('Bedömning');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
