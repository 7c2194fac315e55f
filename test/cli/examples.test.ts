import { promises as fs } from 'node:fs';
import ExcelJS from 'exceljs';
import { buildExampleWorkbook, EXAMPLE_WORKBOOK, loadExampleSource } from '../../scripts/build-examples';
import { openWorkbookBuffer } from '../../src/adapters/exceljs/workbook';

/** Every cell with a value or a number format, as comparable text, per sheet. */
function cells(wb: ExcelJS.Workbook): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  wb.eachSheet((ws) => {
    const sheet: Record<string, string> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const value = cell.value instanceof Date ? `date:${cell.value.toISOString()}` : JSON.stringify(cell.value);
        sheet[cell.address] = `${value} | ${cell.numFmt ?? ''}`;
      });
    });
    out[ws.name] = sheet;
  });
  return out;
}

describe('examples/ansokningar.xlsx', () => {
  it('is what scripts/build-examples.ts builds from examples/ansokningar.json (run `npm run examples` after editing the JSON)', async () => {
    const committed = await openWorkbookBuffer(await fs.readFile(EXAMPLE_WORKBOOK));
    const built = buildExampleWorkbook(await loadExampleSource());
    expect(committed.worksheets.map((w) => w.name)).toEqual(built.worksheets.map((w) => w.name));
    expect(cells(committed)).toEqual(cells(built));
  });

  it('holds both seed applications with their real figures', async () => {
    const source = await loadExampleSource();
    const byName = new Map(source.rows.filter((r) => r !== null).map((r) => [r!['Insats'], r!]));
    expect(byName.get('Lokussamordnare Älvkarleby')).toMatchObject({
      'Insatsägare': 'Älvkarleby kommun',
      'Samverkansparter': 'Arbetsförmedlingen, Försäkringskassan och Region Uppsala',
      'Startdatum': { date: '2018-01-01' },
      'Slutdatum': { date: '2018-12-31' },
      'Sökt belopp (kr)': '150 000 kr',
      'Tjänsteomfattning': '20 %',
    });
    expect(byName.get('Lokussamordnare Uppsala')).toMatchObject({
      'Insatsägare': 'Uppsala kommun',
      'Samverkansparter': 'Försäkringskassan, Arbetsförmedlingen och Region Uppsala',
      'Startdatum': { date: '2025-01-01' },
      'Slutdatum': { date: '2026-12-31' },
      'Sökt belopp (kr)': '560 000 kr',
      'Tjänsteomfattning': '0,4',
      'Ärendetyp': 'förlängning',
    });
  });
});
