/**
 * The Uppföljning sheet's native chart in Excel, through the charts API (ExcelApi 1.1): clustered
 * columns over the sheet's per-year cells, placed over the rows the sheet leaves for it. Queued in
 * the write's one batch; the charts an earlier export left on the sheet (by name) are deleted first,
 * which needs their names: one sync more, only when the sheet already exists.
 */
import { cellAddress, type SheetWrite } from '../../core';

export interface ChartOp {
  kind: 'chart';
  sheet: string;
  /** The cells the chart is drawn from: the header row (series names) and the category column included. */
  source: string;
  name: string;
  title: string;
  from: string;
  to: string;
  /** Charts of the same name on the sheet, from an earlier export: deleted before the new one is added. */
  replace: string[];
  bytes: number;
}

/** The chart's name in Excel, so the next export finds it again. */
export function chartName(write: SheetWrite): string {
  return write.chart ? write.chart.title.slice(0, 31) : '';
}

/** The chart operation of a rebuilt tool sheet whose first data row is `firstDataRow`; null without a chart. */
export function chartOp(write: SheetWrite, sheet: string, firstDataRow: number, existing: readonly string[]): ChartOp | null {
  const c = write.chart;
  if (!c) return null;
  const cols = [c.categoryCol, ...c.series.map((s) => s.col)];
  const left = Math.min(...cols) + 1;
  const right = Math.max(...cols) + 1;
  const source = `${cellAddress(firstDataRow + c.firstRow - 1, left)}:${cellAddress(firstDataRow + c.lastRow, right)}`;
  const name = chartName(write);
  return {
    kind: 'chart',
    sheet,
    source,
    name,
    title: c.title,
    from: cellAddress(firstDataRow + c.anchor.fromRow, c.anchor.fromCol + 1),
    to: cellAddress(firstDataRow + c.anchor.toRow, c.anchor.toCol + 1),
    replace: existing.filter((n) => n === name),
    bytes: 600 + source.length + c.title.length,
  };
}

/** Queues the chart on the sheet's proxy. */
export function queueChart(sheet: Excel.Worksheet, op: ChartOp): void {
  for (const old of op.replace) sheet.charts.getItem(old).delete();
  // The enums' string values: the Excel namespace's enum objects are not there before Office.js has loaded them.
  const chart = sheet.charts.add('ColumnClustered', sheet.getRange(op.source), 'Columns');
  chart.name = op.name;
  chart.title.text = op.title;
  chart.legend.position = 'Bottom';
  chart.setPosition(op.from, op.to);
}
