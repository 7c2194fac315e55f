/**
 * The review view: the förbundschef steps through the rows that need a decision (flagged,
 * reject proposed, input errors, input changed since the decision), reads the row's figures,
 * Kontroller and draft texts, and saves a decision. Loaded with import() when first opened,
 * so the Excel-mode bundle does not carry it. DOM through el()/textContent only.
 *
 * Keyboard: every control is a native one (radio group with arrow keys, select, buttons),
 * in reading order; buttons that cannot act are aria-disabled, never disabled, so focus
 * stays where the user is while a save is busy or at the end of the list.
 */
import {
  type Assessment,
  CHIEF_CHOICE_LABELS,
  type ChiefChoice,
  formatIsoDate,
  formatKr,
  formatShare,
  formatWhole,
  readMoney,
  type RulesetRegistry,
  type Status,
  STATUS_LABELS,
  type WorkbookPort,
  type WorkbookRun,
} from '../../core';
import { el, replace } from '../dom';
import { errorMessage } from '../view';
import { saveDecision } from './decide';

export interface ReviewHost {
  /** Runs `work` with a port on the assessed workbook: in Excel one Excel.run, in file mode the assessed file (saved after). */
  withWorkbook<T>(work: (port: WorkbookPort) => Promise<T>): Promise<T>;
  /** Shows the row in the sheet (Excel selects it; file mode has nothing to select). */
  showRow(run: WorkbookRun, assessment: Assessment): void;
  registry(): RulesetRegistry | null;
  /** The user's name where the host gives one, for the Logg. */
  user: string | null;
  /** After a save: the workbook re-assessed in memory, for the pane's summary and budget. */
  onSaved(run: WorkbookRun): void;
}

export interface ReviewView {
  /** Shows a new run's rows, keeping the filter and, when it is still listed, the current row. */
  update(run: WorkbookRun): void;
  /** Moves focus into the view (its heading). */
  focus(): void;
}

type StatusFilter = 'all' | 'flag' | 'reject' | 'error' | 'changed' | 'undecided';
const STATUS_FILTERS: readonly [StatusFilter, string][] = [
  ['all', 'Alla som behöver beslut'],
  ['flag', STATUS_LABELS.flag],
  ['reject', STATUS_LABELS.reject],
  ['error', STATUS_LABELS.error],
  ['changed', 'Ändrade indata'],
  ['undecided', 'Utan beslut'],
];
const CHOICES = Object.keys(CHIEF_CHOICE_LABELS) as ChiefChoice[];

/** What the pane knows of a row's decision: from the core's reading, else from a save in this session. */
interface Known {
  choice: ChiefChoice | null;
  amount: number | null;
  comment: string | null;
}

function needsDecision(a: Assessment): boolean {
  return a.status !== 'ok' || a.inputChanged === true;
}

function rowTitle(a: Assessment): string {
  const name = a.name ?? '(namn saknas)';
  return a.id ? `${name} (${a.id})` : name;
}

function ruleTitles(registry: RulesetRegistry | null): Map<string, string> {
  const titles = new Map<string, string>([['indata', 'Indata som inte kan läsas']]);
  for (const r of registry?.rulesets ?? []) for (const rule of r.rules) if (!titles.has(rule.id)) titles.set(rule.id, rule.title);
  return titles;
}

function option(value: string, label: string): HTMLOptionElement {
  return el('option', { attrs: { value } }, label);
}

function setEnabled(button: HTMLButtonElement, enabled: boolean): void {
  button.setAttribute('aria-disabled', String(!enabled));
}

function isEnabled(button: HTMLButtonElement): boolean {
  return button.getAttribute('aria-disabled') !== 'true';
}

export function openReview(container: HTMLElement, first: WorkbookRun, host: ReviewHost): ReviewView {
  let run = first;
  let rows: Assessment[] = [];
  let shown: Assessment[] = [];
  let index = 0;
  let saving = false;
  const known = new Map<number, Known>();

  const heading = el('h3', { attrs: { id: 'review-view-heading', tabindex: '-1' } }, 'Granska och besluta');
  const intro = el('p', { class: 'note' }, 'Gå igenom raderna som behöver chefens beslut. Beslutet skrivs i raden (Chefens beslut, Beslutat belopp, Kommentar) och i bladet Logg.');
  const statusFilter = el('select', { attrs: { id: 'review-filter-status' } }, ...STATUS_FILTERS.map(([v, l]) => option(v, l)));
  const ruleFilter = el('select', { attrs: { id: 'review-filter-rule' } });
  const filters = el(
    'div',
    { class: 'review-filters' },
    el('div', { class: 'field' }, el('label', { attrs: { for: 'review-filter-status' } }, 'Visa'), statusFilter),
    el('div', { class: 'field' }, el('label', { attrs: { for: 'review-filter-rule' } }, 'Regel'), ruleFilter),
  );
  const position = el('p', { class: 'review-position', attrs: { id: 'review-position', role: 'status', 'aria-live': 'polite' } });
  const previous = el('button', { class: 'button', attrs: { type: 'button', id: 'review-previous' } }, 'Föregående');
  const next = el('button', { class: 'button', attrs: { type: 'button', id: 'review-next' } }, 'Nästa');
  const nav = el('div', { class: 'actions review-nav', attrs: { role: 'group', 'aria-label': 'Bläddra bland raderna' } }, previous, next);

  const rowHeading = el('h4', { attrs: { id: 'review-row-heading' } });
  const rowInfo = el('div', { class: 'review-row-info' });

  // The form stays in place between rows and saves, so focus is never lost to a re-render.
  const radios = CHOICES.map((choice) => {
    const id = `review-choice-${choice}`;
    const input = el('input', { attrs: { type: 'radio', name: 'review-choice', id, value: choice } });
    return { choice, input, item: el('div', { class: 'review-choice' }, input, el('label', { attrs: { for: id } }, CHIEF_CHOICE_LABELS[choice])) };
  });
  const choiceGroup = el('fieldset', { class: 'review-choices' }, el('legend', {}, 'Chefens beslut'), ...radios.map((r) => r.item));
  const amount = el('input', { attrs: { id: 'review-amount', type: 'text', inputmode: 'decimal', autocomplete: 'off', 'aria-describedby': 'review-amount-help' } });
  const amountHelp = el('p', { class: 'note', attrs: { id: 'review-amount-help' } }, 'Krävs för Bevilja med ändrat belopp, t.ex. 250 000 kr. Lämna tomt annars.');
  const comment = el('textarea', { attrs: { id: 'review-comment', rows: '3', 'aria-describedby': 'review-comment-help' } });
  const commentHelp = el('p', { class: 'note', attrs: { id: 'review-comment-help' } }, 'Vid avslag blir kommentaren skälet i förslaget till beslut.');
  const formError = el('p', { class: 'message error', attrs: { id: 'review-form-error', role: 'alert' } });
  formError.hidden = true;
  const save = el('button', { class: 'button primary', attrs: { type: 'submit', id: 'review-save' } }, 'Spara beslut');
  const saved = el('p', { class: 'note', attrs: { id: 'review-saved', role: 'status', 'aria-live': 'polite' } });
  const logWarnings = el('ul', { class: 'message warning review-log-warnings', attrs: { 'aria-label': 'Varningar om bladet Logg' } });
  logWarnings.hidden = true;
  const form = el(
    'form',
    { class: 'review-form', attrs: { 'aria-labelledby': 'review-row-heading', novalidate: '' } },
    choiceGroup,
    el('div', { class: 'review-field' }, el('label', { attrs: { for: 'review-amount' } }, 'Beslutat belopp'), amount, amountHelp),
    el('div', { class: 'review-field' }, el('label', { attrs: { for: 'review-comment' } }, 'Kommentar'), comment, commentHelp),
    formError,
    el('div', { class: 'actions' }, save),
    saved,
    logWarnings,
  );
  const article = el('article', { class: 'review-row', attrs: { 'aria-labelledby': 'review-row-heading' } }, rowHeading, rowInfo, form);
  const empty = el('p', { class: 'note', attrs: { id: 'review-empty' } }, 'Inga rader att granska med det här urvalet.');

  replace(container, heading, intro, filters, position, nav, article, empty);
  container.hidden = false;

  function knownOf(a: Assessment): Known {
    if (a.chief) return { choice: a.chief.choice, amount: a.chief.amount, comment: a.chief.comment };
    return known.get(a.row) ?? { choice: null, amount: a.application?.decidedAmount ?? null, comment: null };
  }

  function matches(a: Assessment): boolean {
    const s = statusFilter.value as StatusFilter;
    const rule = ruleFilter.value;
    const byStatus = s === 'all' || (s === 'changed' ? a.inputChanged === true : s === 'undecided' ? knownOf(a).choice === null : a.status === (s as Status));
    return byStatus && (rule === '' || a.findings.some((f) => f.ruleId === rule));
  }

  function offerRules(): void {
    const current = ruleFilter.value;
    const titles = ruleTitles(host.registry());
    const ids = [...new Set(rows.flatMap((a) => a.findings.map((f) => f.ruleId)))];
    replace(ruleFilter, option('', 'Alla regler'), ...ids.map((id) => option(id, titles.has(id) ? `${titles.get(id)} (${id})` : id)));
    ruleFilter.value = ids.includes(current) ? current : '';
  }

  function applyFilter(keepRow: number | null): void {
    shown = rows.filter(matches);
    const at = keepRow === null ? -1 : shown.findIndex((a) => a.row === keepRow);
    index = at >= 0 ? at : 0;
    show(true);
  }

  function figure(label: string, value: string | null): Node[] {
    return value === null || value === '' ? [] : [el('dt', {}, label), el('dd', {}, value)];
  }

  function renderRow(a: Assessment): void {
    replace(rowHeading, el('span', { class: 'status-pill', status: a.status }, STATUS_LABELS[a.status]), ' ', rowTitle(a));
    const app = a.application;
    const k = knownOf(a);
    const checks = a.checks && a.checks.length ? a.checks : a.findings.map((f) => f.message);
    replace(
      rowInfo,
      el('p', { class: 'row-where' }, `Blad ${run.sheet}, rad ${a.row}${a.ruleset ? ` · ${a.ruleset.id} v${a.ruleset.version}` : ''}`),
      el(
        'dl',
        { class: 'review-figures' },
        ...figure('Insatsägare', app?.owner ?? null),
        ...figure('Samverkansparter', app && app.partners.length ? app.partners.join(', ') : null),
        ...figure('Insatstyp', app?.kind ?? null),
        ...figure('Målgrupp', app?.targetGroup ?? null),
        ...figure('Period', app ? `${formatIsoDate(app.start)} – ${formatIsoDate(app.end)}` : null),
        ...figure('Sökt belopp', app ? formatKr(app.amount) : null),
        ...figure('Tjänsteomfattning', app?.fte != null ? formatShare(app.fte) : null),
        ...figure('Föreslaget belopp', a.grantAmount !== null ? formatKr(a.grantAmount) : null),
        ...figure('Chefens beslut nu', app?.chiefDecision ?? (k.choice ? CHIEF_CHOICE_LABELS[k.choice] : 'inget beslut')),
      ),
      el('h5', {}, 'Kontroller'),
      checks.length ? el('ul', { class: 'review-checks' }, ...checks.map((c) => el('li', {}, c))) : el('p', { class: 'note' }, 'Inga kontroller.'),
      el('h5', {}, 'Bedömning'),
      el('p', { class: 'review-text' }, a.notes || '–'),
      el('h5', {}, 'Förslag till beslut'),
      el('p', { class: 'review-text', attrs: { 'data-field': 'decision' } }, a.decision || '–'),
    );
  }

  function fillForm(a: Assessment): void {
    const k = knownOf(a);
    for (const r of radios) r.input.checked = r.choice === k.choice;
    amount.value = k.amount === null ? '' : formatWhole(k.amount);
    comment.value = k.comment ?? '';
    formError.hidden = true;
    formError.textContent = '';
  }

  function show(select: boolean): void {
    const a = shown[index];
    article.hidden = !a;
    empty.hidden = !!a;
    setEnabled(previous, !!a && index > 0);
    setEnabled(next, !!a && index < shown.length - 1);
    position.textContent = a ? `Rad ${index + 1} av ${shown.length} att granska (bladets rad ${a.row}).` : 'Inga rader att granska med det här urvalet.';
    if (!a) return;
    renderRow(a);
    fillForm(a);
    saved.textContent = '';
    if (select) host.showRow(run, a);
  }

  function step(by: number, button: HTMLButtonElement): void {
    if (!isEnabled(button)) return;
    index = Math.min(Math.max(index + by, 0), shown.length - 1);
    show(true);
  }

  function fail(message: string, focus: HTMLElement | null): void {
    formError.textContent = message;
    formError.hidden = false;
    focus?.focus();
  }

  function readForm(a: Assessment): { choice: ChiefChoice; amount: number | null; comment: string | null } | null {
    const choice = radios.find((r) => r.input.checked)?.choice;
    if (!choice) {
      fail('Välj ett beslut.', radios[0].input);
      return null;
    }
    let value: number | null = null;
    if (amount.value.trim() !== '') {
      const read = readMoney({ value: amount.value, address: `rad ${a.row}` }, 'decidedAmount');
      if (!read.ok) {
        fail(`${read.error.message}. Skriv beloppet i kronor, t.ex. 250 000 kr.`, amount);
        return null;
      }
      value = read.value;
      if (value === 0) {
        fail('Beslutat belopp måste vara större än noll.', amount);
        return null;
      }
    }
    if (choice === 'grant-changed' && value === null) {
      fail('Bevilja med ändrat belopp kräver ett Beslutat belopp.', amount);
      return null;
    }
    return { choice, amount: value, comment: comment.value.trim() || null };
  }

  async function submit(): Promise<void> {
    const a = shown[index];
    const registry = host.registry();
    if (!a || saving || !registry) return;
    const input = readForm(a);
    if (!input) return;
    formError.hidden = true;
    saving = true;
    setEnabled(save, false);
    container.setAttribute('aria-busy', 'true');
    saved.textContent = 'Sparar beslutet…';
    const currentChoice = knownOf(a).choice;
    try {
      const result = await host.withWorkbook((port) =>
        saveDecision(port, registry, { sheet: run.sheet, row: a.row, id: a.id, name: a.name, ...input }, currentChoice, { user: host.user }),
      );
      known.set(a.row, input);
      run = result.run;
      rows = rows.map((r) => (r.row === a.row ? result.assessment : (run.assessments.find((x) => x.row === r.row) ?? r)));
      shown = shown.map((r) => rows.find((x) => x.row === r.row) ?? r);
      if (shown[index]?.row === a.row) renderRow(shown[index]);
      const what = CHIEF_CHOICE_LABELS[input.choice] + (input.amount !== null ? `, ${formatKr(input.amount)}` : '');
      saved.textContent = `Sparat i rad ${a.row}: ${what}. Förslaget till beslut är uppdaterat.`;
      replace(logWarnings, ...result.log.problems.map((p) => el('li', {}, p)));
      logWarnings.hidden = result.log.problems.length === 0;
      host.onSaved(result.run);
    } catch (error) {
      saved.textContent = '';
      fail(errorMessage(error), null);
    } finally {
      saving = false;
      setEnabled(save, true);
      container.removeAttribute('aria-busy');
    }
  }

  previous.addEventListener('click', () => step(-1, previous));
  next.addEventListener('click', () => step(1, next));
  statusFilter.addEventListener('change', () => applyFilter(shown[index]?.row ?? null));
  ruleFilter.addEventListener('change', () => applyFilter(shown[index]?.row ?? null));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });

  function update(next: WorkbookRun): void {
    run = next;
    rows = run.assessments.filter(needsDecision);
    offerRules();
    applyFilter(shown[index]?.row ?? null);
  }

  update(first);
  return {
    update,
    focus: () => heading.focus(),
  };
}
