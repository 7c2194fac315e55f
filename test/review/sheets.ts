import ExcelJS from 'exceljs';
import type { CellValue } from '../../src/core/types';

export /** Every sheet as plain values (rich text joined, dates as ISO), the way a person reads the cells. */
async function sheetsOf(bytes: Uint8Array): Promise<Map<string, CellValue[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const out = new Map<string, CellValue[][]>();
  book.eachSheet((sheet) => {
    const rows: CellValue[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, r) => {
      const line: CellValue[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const v = cell.value;
        let value: CellValue;
        if (v === null || v === undefined) value = null;
        else if (v instanceof Date) value = v.toISOString();
        else if (typeof v === 'object' && 'richText' in v) value = v.richText.map((t) => t.text).join('');
        else if (typeof v === 'object' && 'formula' in v) value = `=${v.formula}`;
        else if (typeof v === 'object' && 'sharedFormula' in v) value = `=(${v.sharedFormula})`;
        else value = v as CellValue;
        line[c - 1] = value;
      });
      rows[r - 1] = line;
    });
    out.set(sheet.name, rows);
  });
  return out;
}
