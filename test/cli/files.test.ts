import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openOoxml, type OoxmlWorkbook } from '../../src/adapters/ooxml/workbook';
import { WorkbookError } from '../../src/core/port';
import { readWorkbookFile, writeFileAtomic, writeWorkbookFile } from '../../src/node/files';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insats-files-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function smallWorkbook(text: string): Promise<OoxmlWorkbook> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Blad1').getCell('A1').value = text;
  return openOoxml(new Uint8Array(await wb.xlsx.writeBuffer()));
}

describe('readWorkbookFile', () => {
  it('reads a workbook written by writeWorkbookFile', async () => {
    const file = path.join(dir, 'a.xlsx');
    await writeWorkbookFile(file, await smallWorkbook('hej'));
    const wb = await readWorkbookFile(file);
    expect((await wb.readSheets(['Blad1']))[0].values).toEqual([['hej']]);
  });

  it('says so when the file does not exist', async () => {
    const file = path.join(dir, 'saknas.xlsx');
    await expect(readWorkbookFile(file)).rejects.toThrow(new WorkbookError(`Filen finns inte: ${file}`));
  });

  it('says so when the file is not a workbook', async () => {
    const file = path.join(dir, 'text.xlsx');
    await fs.writeFile(file, 'Dnr;Insats\n1;A\n');
    await expect(readWorkbookFile(file, 'text.xlsx')).rejects.toThrow(new WorkbookError('text.xlsx är inte en Excel-arbetsbok (.xlsx)'));
    // A zip that is not a workbook is refused the same way.
    const zip = path.join(dir, 'zip.xlsx');
    await fs.writeFile(zip, Buffer.from('504b0506000000000000000000000000000000000000', 'hex'));
    await expect(readWorkbookFile(zip, 'zip.xlsx')).rejects.toThrow('zip.xlsx är inte en Excel-arbetsbok (.xlsx)');
  });

  it('tells an old .xls or a password-protected workbook apart', async () => {
    const file = path.join(dir, 'gammal.xls');
    await fs.writeFile(file, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
    await expect(readWorkbookFile(file, 'gammal.xls')).rejects.toThrow(
      'gammal.xls är inte en Excel-arbetsbok (.xlsx): det är en äldre .xls-fil eller en lösenordsskyddad arbetsbok. Spara den som .xlsx utan lösenord och försök igen.',
    );
  });

  it('says so when the path is a directory', async () => {
    await expect(readWorkbookFile(dir, 'mapp')).rejects.toThrow('mapp är en mapp, inte en Excel-arbetsbok (.xlsx)');
  });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  (asRoot ? it.skip : it)('says so when the file cannot be read for lack of permission', async () => {
    const file = path.join(dir, 'låst.xlsx');
    await writeWorkbookFile(file, await smallWorkbook('x'));
    await fs.chmod(file, 0o000);
    await expect(readWorkbookFile(file, 'låst.xlsx')).rejects.toThrow('Kan inte läsa låst.xlsx: behörighet saknas');
  });
});

describe('writeFileAtomic', () => {
  it('replaces the target and leaves no temporary file', async () => {
    const file = path.join(dir, 'r.json');
    await fs.writeFile(file, 'gammalt');
    await writeFileAtomic(file, 'nytt');
    expect(await fs.readFile(file, 'utf8')).toBe('nytt');
    expect(await fs.readdir(dir)).toEqual(['r.json']);
  });

  it('names the file and the missing directory when the directory does not exist', async () => {
    const file = path.join(dir, 'finns-inte', 'ut.xlsx');
    await expect(writeFileAtomic(file, 'x', 'finns-inte/ut.xlsx')).rejects.toThrow(
      new WorkbookError('Kan inte skriva finns-inte/ut.xlsx: mappen finns-inte finns inte'),
    );
  });

  it('refuses to replace a directory', async () => {
    await fs.mkdir(path.join(dir, 'ut.xlsx'));
    await expect(writeFileAtomic(path.join(dir, 'ut.xlsx'), 'x', 'ut.xlsx')).rejects.toThrow('Kan inte skriva ut.xlsx: det finns en mapp med det namnet');
    expect((await fs.readdir(dir)).sort()).toEqual(['ut.xlsx']);
  });
});
