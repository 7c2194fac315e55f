/**
 * The assessed sheet written as it is made: texts made when their row is reached (TextColumn),
 * the XML encoded and, on the command line, deflated piece by piece. The result must be the
 * same parts as the in-memory path gives.
 */
import ExcelJS from 'exceljs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import type { TextColumn, WritePlan } from '../../src/core/port';
import { readWorkbookFile, writeWorkbookFile } from '../../src/node/files';
import { cellXmlByRef } from './helpers';

const SHEET = 'xl/worksheets/sheet1.xml';

async function applications(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ansökningar');
  ws.addRow(['Insats', 'Insatsägare', 'Sökt belopp']);
  for (let r = 0; r < rows; r++) ws.addRow([`Insats ${r}`, 'Uppsala kommun', 1000 + r]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A text column that counts how often each text is asked for. */
function countingColumn(count: number, text: (i: number) => string, asked: number[]): TextColumn {
  return {
    length: count,
    at: (i) => {
      asked[i] = (asked[i] ?? 0) + 1;
      return i >= 0 && i < count ? text(i) : undefined;
    },
  };
}

/** Long texts with characters outside Latin-1, so pieces end inside multi-byte UTF-8 sequences too. */
const longText = (i: number) => `Rad ${i}: ${'Bedömning – ✓ kontroll – '.repeat(60)}${i}`;

function plan(rows: number, asked: number[] = []): WritePlan {
  return {
    sheet: 'Ansökningar',
    headers: [{ row: 1, col: 4, text: 'Bedömning' }],
    blocks: [{ col: 4, top: 2, values: countingColumn(rows, longText, asked) }],
    fillColumns: [4],
    fills: [{ top: 2, count: rows, color: '#C6EFCE' }],
  };
}

describe('the assessed sheet written as it is made', () => {
  test('deflated in pieces on the command line, the parts are those of the in-memory path (sheet over 4 MB)', async () => {
    const rows = 3000;
    const input = await applications(rows);
    const memory = openOoxml(input);
    await memory.write(plan(rows));
    const expected = unzipSync(memory.save());

    const dir = await mkdtemp(join(tmpdir(), 'streamed-'));
    try {
      await writeFile(join(dir, 'in.xlsx'), input);
      const port = await readWorkbookFile(join(dir, 'in.xlsx'));
      await port.write(plan(rows));
      await writeWorkbookFile(join(dir, 'out.xlsx'), port);
      const actual = unzipSync(new Uint8Array(await readFile(join(dir, 'out.xlsx'))));
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      // More than one 4 MB piece: the pieces joined are one deflate stream fflate reads.
      expect(actual[SHEET].length).toBeGreaterThan(4 * 1024 * 1024);
      for (const name of Object.keys(expected)) expect(Buffer.from(actual[name]).equals(Buffer.from(expected[name]))).toBe(true);
      expect(strFromU8(actual[SHEET])).toContain(longText(rows - 1).slice(-40));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('each text is made once, when its row is written', async () => {
    const rows = 50;
    const asked: number[] = [];
    const port = openOoxml(await applications(rows));
    await port.write(plan(rows, asked));
    expect(asked).toHaveLength(rows);
    expect(asked.every((n) => n === 1)).toBe(true);
  });

  test('a row whose cells are not in column order gets each tool cell once, beside the cells it had', async () => {
    const parts = unzipSync(await applications(2));
    const xml = strFromU8(parts[SHEET]);
    const row2 = /<row r="2"[^>]*>([\s\S]*?)<\/row>/u.exec(xml)!;
    const cells = row2[1].match(/<c [\s\S]*?(?:\/>|<\/c>)/gu)!;
    expect(cells).toHaveLength(3);
    // C2, A2, B2: valid XML, cells out of order, as a careless writer leaves them.
    const shuffled = xml.replace(row2[1], cells[2] + cells[0] + cells[1]);
    parts[SHEET] = strToU8(shuffled);
    const port = openOoxml(zipSync(parts));
    await port.write({
      sheet: 'Ansökningar',
      headers: [],
      blocks: [
        { col: 2, top: 2, values: ['Ny insatsägare'] },
        { col: 4, top: 2, values: ['Ny'] },
      ],
      fillColumns: [],
      fills: [],
    });
    const out = strFromU8(unzipSync(port.save())[SHEET]);
    const written = /<row r="2"[^>]*>([\s\S]*?)<\/row>/u.exec(out)![1];
    expect(written.match(/r="B2"/gu)).toHaveLength(1);
    expect(written.match(/r="D2"/gu)).toHaveLength(1);
    expect(cellXmlByRef(written).get('B2')).toContain('Ny insatsägare');
    // The cells not written are kept as they were.
    expect(written).toContain(cells[0]);
    expect(written).toContain(cells[2]);
  });
});
