/**
 * docs/addin.md's host matrix and its table of requirement sets say what the code checks: every set in
 * EXCEL_API_SETS (and the minimum) with the same version, nothing more, and the matrix's
 * fullest host (Excel on the web) lists exactly those versions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXCEL_API_SETS, REQUIRED_EXCEL_API } from '../../src/adapters/office/workbook';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'addin.md'), 'utf8');

function section(heading: string): string {
  const start = doc.indexOf(`### ${heading}\n`);
  if (start < 0) throw new Error(`docs/addin.md has no section "${heading}"`);
  const end = doc.indexOf('\n#', start + heading.length + 5);
  return doc.slice(start, end < 0 ? undefined : end);
}

const tableRows = (text: string) => text.split('\n').filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/u.test(l)).slice(1);

describe('docs/addin.md and the requirement sets the code checks', () => {
  test('the table of sets names each key of EXCEL_API_SETS and the minimum, with the code’s versions', () => {
    const documented: Record<string, string> = {};
    for (const row of tableRows(section('Requirement sets the code checks'))) {
      const key = /\(`(\w+)`/u.exec(row)?.[1];
      const version = /ExcelApi (\d+\.\d+)/u.exec(row)?.[1];
      if (!key || !version) throw new Error(`a row without a key or a set: ${row}`);
      documented[key] = version;
    }
    expect(documented).toEqual({ REQUIRED_EXCEL_API, ...EXCEL_API_SETS });
  });

  test('the matrix lists, for Excel on the web, exactly the versions the code checks above the minimum', () => {
    const web = tableRows(section('The matrix')).find((r) => r.startsWith('| Excel on the web |'));
    expect(web).toBeDefined();
    const versions = [...(web ?? '').split('|')[5].matchAll(/\b1\.\d+\b/gu)].map((m) => m[0]);
    const checked = [...new Set(Object.values(EXCEL_API_SETS))];
    expect(new Set(versions)).toEqual(new Set(checked));
  });
});
