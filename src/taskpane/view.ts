/**
 * Renders the pane's state: progress, errors, the summary per status, the rows to review,
 * the budget per year and the rule sets. Only DOM; no Office.js, no ExcelJS.
 */
import {
  type Assessment,
  type BudgetYear,
  formatWhole,
  OUTPUT_HEADERS,
  type Progress,
  type RulesetInfo,
  type RunSummary,
  STATUS_LABELS,
  STATUS_ORDER,
  type WorkbookRun,
} from '../core';
import { budgetChart, isOverFrame } from './budget-chart';
import { byId, el, replace, replaceWith } from './dom';

type ParameterOverride = RunSummary['parameterOverrides'][number];

const decimal = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 6 });


export function setBusy(busy: boolean): void {
  document.body.setAttribute('aria-busy', String(busy));
}

export function showProgress(progress: Progress | { stage: 'saving' } | null): void {
  const box = byId('progress');
  const bar = byId<HTMLProgressElement>('progress-bar');
  const text = byId('progress-text');
  if (!progress) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  if (progress.stage === 'assessing') {
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.done;
    text.textContent = `Bedömer rad ${progress.done} av ${progress.total}…`;
  } else {
    bar.removeAttribute('value'); // indeterminate
    text.textContent = { reading: 'Läser arbetsboken…', writing: 'Skriver bedömningen i arbetsboken…', saving: 'Sparar den bedömda arbetsboken…' }[progress.stage];
  }
}

/** Errors are shown in the pane, never only in the console. */
export function showError(message: string | null): void {
  const box = byId('error');
  box.hidden = message === null;
  box.textContent = message ?? '';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    // Swedish messages from the core and adapters (WorkbookError, RuleFileError) are shown as they are.
    return /^(WorkbookError|RuleFileError)$/.test(error.name) ? error.message : `Något gick fel: ${error.message}`;
  }
  return `Något gick fel: ${String(error)}`;
}

function validity(info: RulesetInfo): string {
  return info.validTo ? `gäller ${info.validFrom} – ${info.validTo}` : `gäller från ${info.validFrom}`;
}

export function renderRulesets(all: readonly RulesetInfo[], used: readonly RulesetInfo[] = []): void {
  const list = byId('ruleset-list');
  if (all.length === 0) {
    replace(list, el('li', { class: 'note' }, 'Inga regelverk hittades.'));
    return;
  }
  replace(
    list,
    ...all.map((r) =>
      el(
        'li',
        { attrs: { 'data-ruleset': `${r.id}@${r.version}` } },
        el('strong', {}, `${r.id} v${r.version}`),
        ` – ${r.title}, ${validity(r)}`,
        used.some((u) => u.id === r.id && u.version === r.version) ? el('span', { class: 'used' }, ' · använt i körningen') : null,
      ),
    ),
  );
}

export interface RowHandlers {
  /** Called when the user picks a row; in Excel it selects the row in the sheet. */
  onSelect(assessment: Assessment): void;
}

function rowTitle(a: Assessment): string {
  const name = a.name ?? '(namn saknas)';
  return a.id ? `${name} (${a.id})` : name;
}

function rowItem(a: Assessment, sheet: string, handlers: RowHandlers): HTMLLIElement {
  const detailId = `row-${a.row}-detail`;
  const head = el(
    'button',
    { class: 'row-head', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': detailId } },
    el('span', { class: 'status-pill' }, STATUS_LABELS[a.status]),
    el('span', { class: 'row-title' }, rowTitle(a)),
    el('span', { class: 'row-where' }, `rad ${a.row}`),
  );
  const checks = a.checks ?? [];
  const checksId = `row-${a.row}-checks`;
  // The same headings as the sheet's columns, so the pane and the workbook say the same.
  const detail = el(
    'div',
    { class: 'detail', attrs: { id: detailId } },
    a.notes ? el('h4', {}, OUTPUT_HEADERS.notes) : null,
    a.notes ? el('p', {}, a.notes) : null,
    a.decision ? el('h4', {}, OUTPUT_HEADERS.decision) : null,
    a.decision ? el('p', {}, a.decision) : null,
    checks.length ? el('h4', { attrs: { id: checksId } }, OUTPUT_HEADERS.checks) : null,
    checks.length ? el('ul', { class: 'checks', attrs: { 'aria-labelledby': checksId } }, ...checks.map((line) => el('li', {}, line))) : null,
    el('p', { class: 'row-where' }, `Blad ${sheet}, rad ${a.row}${a.ruleset ? ` · ${a.ruleset.id} v${a.ruleset.version}` : ''}`),
  );
  detail.hidden = true;
  const item = el(
    'li',
    { class: 'row', status: a.status, attrs: { 'data-row': String(a.row) } },
    head,
    a.findings.length ? el('ul', { class: 'findings' }, ...a.findings.map((f) => el('li', {}, f.message))) : null,
    detail,
  );
  head.addEventListener('click', () => {
    for (const other of document.querySelectorAll<HTMLElement>('.row.selected')) {
      if (other === item) continue;
      other.classList.remove('selected');
      other.removeAttribute('aria-current');
      other.querySelector('.row-head')?.setAttribute('aria-expanded', 'false');
      const otherDetail = other.querySelector<HTMLElement>('.detail');
      if (otherDetail) otherDetail.hidden = true;
    }
    item.classList.add('selected');
    item.setAttribute('aria-current', 'true');
    head.setAttribute('aria-expanded', 'true');
    detail.hidden = false;
    handlers.onSelect(a);
  });
  return item;
}

function renderBudget(budget: readonly BudgetYear[]): void {
  const section = byId('budget-section');
  section.hidden = budget.length === 0;
  replace(byId('budget-chart'), ...budgetChart(budget));
  const body = byId('budget-table').querySelector('tbody');
  if (!body) return;
  replace(
    body,
    ...budget.map((y) =>
      el(
        'tr',
        {},
        el('th', { attrs: { scope: 'row' } }, String(y.year)),
        el('td', {}, formatWhole(y.frame)),
        el('td', {}, formatWhole(y.proposed)),
        el('td', {}, formatWhole(y.grantedEarlier)),
        el('td', { class: isOverFrame(y) ? 'over' : '' }, formatWhole(y.remaining)),
        el('td', {}, formatWhole(y.underReview)),
      ),
    ),
  );
}

/** A parameter value as a Swede writes it: `250 000`, `0,4`, lists joined with `, `, ja/nej. */
export function formatParameterValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatParameterValue).join(', ');
  if (typeof value === 'number') return decimal.format(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nej';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** The parameters the workbook's Regelparametrar sheet set, with their cells; else one line saying none did. */
function renderParameters(overrides: readonly ParameterOverride[]): void {
  const any = overrides.length > 0;
  byId('parameter-heading').hidden = !any;
  const list = byId('parameter-list');
  list.hidden = !any;
  replace(
    list,
    ...overrides.map((o) =>
      el('li', { attrs: { 'data-parameter': o.name } }, el('code', {}, o.name), ` = ${formatParameterValue(o.value)} `, el('span', { class: 'row-where' }, `(${o.address})`)),
    ),
  );
  byId('parameter-note').textContent = any
    ? 'Värdena gäller den här arbetsboken i stället för regelverkens egna.'
    : 'Regelverkens egna parametrar används; arbetsboken ändrar inga.';
}

export function renderRun(run: WorkbookRun, handlers: RowHandlers, sourceName: string | null): void {
  byId('results').hidden = false;
  const { summary } = run;
  byId('results-context').textContent =
    `${summary.total} ${summary.total === 1 ? 'ansökan' : 'ansökningar'} i bladet ${run.sheet}` +
    `${sourceName ? ` (${sourceName})` : ''}, rubrikrad ${run.headerRow}.`;
  replace(
    byId('summary'),
    ...STATUS_ORDER.map((s) =>
      el('li', { status: s, attrs: { 'data-count': String(summary.counts[s]) } }, el('span', { class: 'count' }, String(summary.counts[s])), STATUS_LABELS[s]),
    ),
  );
  renderParameters(summary.parameterOverrides);
  const review = run.assessments.filter((a) => a.status !== 'ok');
  const ok = run.assessments.filter((a) => a.status === 'ok');
  replaceWith(byId('review-list'), review.length ? review.map((a) => rowItem(a, run.sheet, handlers)) : [el('li', { class: 'note' }, 'Inga rader att granska.')]);
  byId('ok-summary').textContent = `Godkända rader (${ok.length})`;
  replaceWith(byId('ok-list'), ok.map((a) => rowItem(a, run.sheet, handlers)));
  renderBudget(summary.budget);
}
