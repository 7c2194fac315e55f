/**
 * The budget per year as a small horizontal bar chart (inline SVG, no library): per year the
 * frame as an outline and, inside it, granted earlier and proposed now stacked; what goes past
 * the frame is drawn in Fluent's danger colour and marked "över ram" in words too. After them,
 * hatched and outlined, what is under review (flagged rows without the chief's decision), so the
 * chief sees what granting them would do. Each year is one group with the Swedish numbers as its
 * accessible name and tooltip; the table below the chart keeps the same numbers.
 */
import { type BudgetYear, formatKr } from '../core';
import { el, svg } from './dom';

/** Units of the viewBox; the SVG scales to the pane's width (about 290 px in a 320 px pane). */
const WIDTH = 300;
const YEAR_COLUMN = 38;
const MARK_COLUMN = 66;
const ROW = 24;
const BAR = 12;
const FRAME = 18;
const BAR_AREA = WIDTH - YEAR_COLUMN - MARK_COLUMN;
/** One chart is on the page at a time (it is replaced on every run), so the id is unique. */
const HATCH_ID = 'budget-chart-hatch';

/** `200 000 kr`, with no-break spaces so the amount never wraps. */
const kr = formatKr;

export function isOverFrame(y: BudgetYear): boolean {
  return y.remaining !== null && y.remaining < 0;
}

/** Whether granting everything under review would take the year past its frame (when it is not past it already). */
export function reviewPassesFrame(y: BudgetYear): boolean {
  return y.remaining !== null && !isOverFrame(y) && y.underReview > y.remaining;
}

/** The year's numbers in words: the accessible name and the tooltip of its bars. */
export function budgetYearLabel(y: BudgetYear): string {
  const spent = `föreslaget ${kr(y.proposed)}, beviljat tidigare ${kr(y.grantedEarlier)}`;
  const review = y.underReview > 0 ? `, under beredning ${kr(y.underReview)}` : '';
  if (y.frame === null || y.remaining === null) return `${y.year}: ingen ram, ${spent}${review}`;
  const after = isOverFrame(y) ? ' – över ramen' : reviewPassesFrame(y) ? ' – över ramen om allt under beredning beviljas' : '';
  return `${y.year}: ram ${kr(y.frame)}, ${spent}, kvar ${kr(y.remaining)}${review}${after}`;
}

function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function yearGroup(y: BudgetYear, index: number, scale: number): SVGGElement {
  const top = index * ROW;
  const label = budgetYearLabel(y);
  const over = isOverFrame(y);
  const group = svg('g', { class: over ? 'budget-year over' : 'budget-year', role: 'img', 'aria-label': label, 'data-year': y.year, 'data-over': String(over) });
  group.append(svg('title', {}, label));
  group.append(svg('text', { class: 'chart-year', x: 0, y: px(top + ROW / 2), 'dominant-baseline': 'central' }, String(y.year)));

  const barTop = px(top + (ROW - BAR) / 2);
  const segment = (cls: string, from: number, amount: number) => {
    const width = amount * scale;
    if (width <= 0) return;
    group.append(svg('rect', { class: cls, x: px(YEAR_COLUMN + from * scale), y: barTop, width: px(Math.max(width, 1)), height: BAR }));
  };
  segment('chart-granted', 0, y.grantedEarlier);
  segment('chart-proposed', y.grantedEarlier, y.proposed);
  segment('chart-review', y.grantedEarlier + y.proposed, y.underReview);
  if (y.frame !== null) {
    // What lies past the frame, over whichever segment reaches there.
    if (over) segment('chart-over', y.frame, y.proposed + y.grantedEarlier - y.frame);
    group.append(
      svg('rect', { class: 'chart-frame', x: px(YEAR_COLUMN), y: px(top + (ROW - FRAME) / 2), width: px(Math.max(y.frame * scale, 1)), height: FRAME, rx: 2 }),
    );
  }
  const mark = y.frame === null ? 'ingen ram' : over ? 'över ram' : null;
  if (mark) group.append(svg('text', { class: 'chart-mark', x: WIDTH, y: px(top + ROW / 2), 'dominant-baseline': 'central', 'text-anchor': 'end' }, mark));
  return group;
}

/** Diagonal lines for the under-review segment: a pattern the segment's fill refers to. */
function hatch(): SVGDefsElement {
  return svg(
    'defs',
    {},
    svg('pattern', { id: HATCH_ID, width: 4, height: 4, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, svg('rect', { class: 'chart-hatch', x: 0, y: 0, width: 1.5, height: 4 })),
  );
}

/** The chart and its legend, to put above the budget table. */
export function budgetChart(budget: readonly BudgetYear[]): Node[] {
  const largest = budget.reduce((m, y) => Math.max(m, y.frame ?? 0, y.proposed + y.grantedEarlier + y.underReview), 0);
  const scale = largest > 0 ? BAR_AREA / largest : 0;
  const height = Math.max(budget.length, 1) * ROW;
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${height}`, role: 'group', 'aria-label': 'Budget per år som stapeldiagram', focusable: 'false' },
    hatch(),
    ...budget.map((y, i) => yearGroup(y, i, scale)),
  );
  const swatch = (cls: string, text: string) => el('li', {}, el('span', { class: `swatch ${cls}`, attrs: { 'aria-hidden': 'true' } }), text);
  const legend = el(
    'ul',
    { class: 'chart-legend' },
    swatch('chart-granted', 'Beviljat tidigare'),
    swatch('chart-proposed', 'Föreslås nu'),
    budget.some((y) => y.underReview > 0) ? swatch('chart-review', 'Under beredning') : null,
    swatch('chart-frame', 'Ram'),
    budget.some(isOverFrame) ? swatch('chart-over', 'Över ramen') : null,
  );
  return [chart, legend];
}
