/**
 * The `Uppföljning` sheet, rebuilt by each follow-up export (never read): the heading, the
 * per-insats table grouped by Insatstyp with subtotals, the per-year table with the chart drawn
 * from it, the lines per Insatstyp, the Uppföljning Finsam table and the deviations.
 */
import type { SheetValue, SheetWrite } from '../port';
import type { FollowUpReport, FollowUpTotals } from './report';
import { FOLLOW_UP_SHEET, type FollowUpTexts } from './texts';

/** Rows the chart takes below the per-year table. */
const CHART_ROWS = 18;

/** The sheet in the words of `T` (followUpTextsFor: the rule set's texts for the report's date). */
export function planFollowUpSheet(report: FollowUpReport, T: FollowUpTexts): SheetWrite {
  const rows: SheetValue[][] = [];
  const bold: number[] = [];
  const heading = (values: SheetValue[]) => {
    bold.push(rows.length);
    rows.push(values);
  };
  const totalsRow = (label: string, t: FollowUpTotals): SheetValue[] => [null, label, null, null, null, t.granted, t.spent, t.expected, T.percent(t.expected > 0 ? t.spent / t.expected : null), t.forecast, t.remaining, null];

  heading([T.insatsHeading]);
  heading([...T.insatsHeaders]);
  if (report.groups.length === 0) rows.push([T.noInsatser]);
  for (const g of report.groups) {
    heading([g.label]);
    for (const f of g.insatser) {
      rows.push([
        f.id,
        f.name,
        f.owner,
        f.kind,
        T.period(f.start, f.end),
        f.granted,
        f.spent,
        f.expected,
        T.percent(f.pace),
        f.forecast,
        f.remaining,
        f.deviations.map((d) => d.sentence).join('\n') || null,
      ]);
    }
    heading(totalsRow(T.subtotal(g.label), g.subtotal));
  }
  if (report.groups.length > 1) heading(totalsRow(T.total, report.total));

  rows.push([]);
  heading([T.yearHeading]);
  heading([...T.yearHeaders]);
  const firstYear = rows.length;
  // Years as text: the sheet's number format groups digits, and a year is no amount.
  for (const y of report.years) rows.push([String(y.year), y.frame, y.granted, y.spent, y.remainingGranted, y.proposed, y.room]);
  const lastYear = rows.length - 1;
  rows.push([]);
  const chartTop = rows.length;
  for (let i = 0; i < CHART_ROWS; i++) rows.push([]);
  const chartBottom = rows.length - 1;

  rows.push([]);
  heading([T.kindHeading]);
  heading([...T.kindHeaders]);
  for (const y of report.years) for (const k of y.byKind) rows.push([String(y.year), k.label, k.granted, k.spent, k.remainingGranted]);

  rows.push([]);
  heading([T.finsamHeading]);
  heading([...T.finsamHeaders]);
  for (const l of report.finsam) rows.push([l.id, l.name, l.inriktning, String(l.year), l.budget, l.spent, l.participants]);

  rows.push([]);
  heading([T.deviationsHeading]);
  if (report.deviations.length === 0) rows.push([T.noDeviations]);
  for (const d of report.deviations) rows.push([d.id, d.name, d.sentence]);
  if (report.problems.length > 0) {
    rows.push([]);
    heading([T.problemsHeading]);
    for (const p of report.problems) rows.push([p.cell ?? `${p.sheet}!${p.row}`, p.message]);
  }

  return {
    name: FOLLOW_UP_SHEET,
    mode: 'replace',
    header: [T.heading(report.per)],
    rows,
    boldRows: bold,
    columnWidths: [12, 36, 24, 20, 24, 14, 14, 14, 12, 14, 14, 60],
    wrapColumns: [1, 2, 11],
    numberFormats: Array.from({ length: 12 }, () => '#,##0'),
    print: { landscape: true, repeatHeaderRow: false, fitToWidth: true },
    chart:
      report.years.length > 0
        ? {
            title: T.chartTitle,
            firstRow: firstYear,
            lastRow: lastYear,
            categoryCol: 0,
            series: T.chartSeries.map((name, i) => ({ name, col: i + 1 })),
            anchor: { fromRow: chartTop, fromCol: 0, toRow: chartBottom, toCol: 7 },
          }
        : undefined,
  };
}
