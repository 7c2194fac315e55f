/**
 * selectRow and the requirement check with office-addin-mock's OfficeMockObject: both are a
 * few method calls and one sync, which the mock expresses directly.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { WorkbookError } from '../../src/core/port';
import { assertExcelSupported, REQUIRED_EXCEL_API, selectRow } from '../../src/adapters/office/workbook';
import { countSyncs } from './scenario';

function mockWorkbook(syncError?: { code: string; message: string }) {
  const select = jest.fn();
  const activate = jest.fn();
  const getRange = jest.fn(() => ({ select }));
  const getItem = jest.fn(() => ({ activate, getRange }));
  const mock = new OfficeMockObject({ workbook: { worksheets: { getItem } } });
  if (syncError) mock.sync = () => Promise.reject(Object.assign(new Error(syncError.message), { code: syncError.code }));
  const context = mock as unknown as Excel.RequestContext;
  return { context, select, activate, getRange, getItem, syncs: countSyncs(context) };
}

describe('selectRow', () => {
  it('activates the sheet and selects the whole row in one sync', async () => {
    const m = mockWorkbook();
    await selectRow(m.context, 'Ansökningar', 12);
    expect(m.getItem).toHaveBeenCalledWith('Ansökningar');
    expect(m.activate).toHaveBeenCalledTimes(1);
    expect(m.getRange).toHaveBeenCalledWith('12:12');
    expect(m.select).toHaveBeenCalledTimes(1);
    expect(m.syncs.count).toBe(1);
  });

  it('says in Swedish when the sheet is gone', async () => {
    const m = mockWorkbook({ code: 'ItemNotFound', message: 'The requested resource does not exist.' });
    const run = selectRow(m.context, 'Ansökningar', 12);
    await expect(run).rejects.toBeInstanceOf(WorkbookError);
    await expect(run).rejects.toThrow('Hittar inte bladet "Ansökningar" i arbetsboken. Har det bytt namn eller tagits bort? Kör igen.');
  });

  it('says in Swedish when a cell is being edited', async () => {
    const m = mockWorkbook({ code: 'InvalidOperationInCellEditMode', message: 'Edit mode' });
    await expect(selectRow(m.context, 'Ansökningar', 3)).rejects.toThrow(/^Excel är i redigeringsläge/);
  });
});

describe('assertExcelSupported', () => {
  it(`asks for ExcelApi ${REQUIRED_EXCEL_API} and passes when the host has it`, () => {
    const requirements = new OfficeMockObject({ isSetSupported: jest.fn(() => true) });
    expect(() => assertExcelSupported(requirements as unknown as Office.RequirementSetSupport)).not.toThrow();
    expect(requirements.isSetSupported).toHaveBeenCalledWith('ExcelApi', '1.2');
  });

  it('refuses an older Excel with a Swedish message', () => {
    expect(() => assertExcelSupported({ isSetSupported: () => false })).toThrow(
      new WorkbookError('Den här versionen av Excel saknar funktioner som tillägget behöver (ExcelApi 1.2). Uppdatera Excel eller använd Excel på webben.'),
    );
  });

  it('refuses when Office.js is not there at all', () => {
    expect(typeof (globalThis as { Office?: unknown }).Office).toBe('undefined');
    expect(() => assertExcelSupported()).toThrow(/Office\.js är inte redo/);
  });
});
