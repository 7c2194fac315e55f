/**
 * Recording the meeting in Excel (the Office.js adapter over the fake workbook): one read and one
 * write, in the same number of syncs as an ordinary run, and the board's cells land where planned.
 */
import { createOfficeWorkbookPort } from '../../src/adapters/office/workbook';
import { assessWorkbook } from '../../src/core/job';
import { FakeExcel } from '../office/fake-excel';
import { countSyncs } from '../office/scenario';
import { shippedRules } from '../helpers/rules';

const HEADERS = ['Diarienummer', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Målgrupp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Beslutsdatum', 'Förankrad'];

/** Excel's 1900-system serial of a calendar day. */
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

function workbook(): FakeExcel {
  const excel = new FakeExcel();
  const sheet = excel.addSheet('Ansökningar');
  HEADERS.forEach((h, i) => sheet.set(1, i + 1, h));
  const rows = [
    ['2025-101', 'Arbetsträning Heby', 'Heby kommun', 'Arbetsförmedlingen, Region Uppsala', 'individinriktad', 'Unga med aktivitetsersättning', '2026-01-01', '2026-12-31', 240000, 0.4, '2025-11-20', 'ja'],
    ['2025-102', 'Lokussamordnare Tierp', 'Tierps kommun', 'Försäkringskassan, Arbetsförmedlingen', 'strukturövergripande', 'Lokusgruppen i Tierp', '2026-01-01', '2026-12-31', 150000, 0.2, '2025-11-20', 'ja'],
  ];
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      const dated = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(v) && c >= 6;
      sheet.set(r + 2, c + 1, dated ? serial(v as string) : v, dated ? 'yyyy-mm-dd' : undefined);
    }),
  );
  return excel;
}

describe('recording the meeting over the Office.js adapter', () => {
  it('is one write, in the syncs of an ordinary run, and fills the board cells', async () => {
    const registry = await shippedRules();
    const excel = workbook();
    const now = new Date(2025, 10, 21, 12, 0);
    const ordinary = countSyncs(excel.context);
    const first = await assessWorkbook(createOfficeWorkbookPort(excel.context, { rangeAreas: true }), registry, { now });
    const ordinarySyncs = ordinary.count;
    expect(first.assessments.map((a) => a.status)).toEqual(['ok', 'ok']);

    const excel2 = workbook();
    const counted = countSyncs(excel2.context);
    const run = await assessWorkbook(createOfficeWorkbookPort(excel2.context, { rangeAreas: true }), registry, {
      now,
      meeting: { date: '2025-11-20', record: true, firstParagraph: 7, minutes: false },
    });
    expect(counted.count).toBe(ordinarySyncs);
    expect(counted.count).toBeLessThanOrEqual(3);
    expect(run.meeting?.recorded.map((r) => [r.row, r.decision, r.granted, r.paragraph])).toEqual([
      [2, 'Bifall', 240000, '§\u00a07'],
      [3, 'Bifall', 150000, '§\u00a08'],
    ]);
    const sheet = excel2.sheet('Ansökningar');
    const header = (text: string) => {
      for (let c = 1; c < 40; c++) if (sheet.cell(1, c)?.value === text) return c;
      throw new Error(`ingen kolumn ${text}`);
    };
    expect([2, 3].map((r) => [sheet.cell(r, header('Styrelsens beslut'))?.value, sheet.cell(r, header('Beviljat belopp'))?.value, sheet.cell(r, header('Paragraf'))?.value])).toEqual([
      ['Bifall', 240000, '§\u00a07'],
      ['Bifall', 150000, '§\u00a08'],
    ]);
    // Recorded and assessed in the same write: the rows are granted now, their Bedömning the follow-up.
    expect(run.assessments.every((a) => a.application?.granted !== null && a.decision === '')).toBe(true);
  });
});
