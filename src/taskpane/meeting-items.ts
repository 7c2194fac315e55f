/**
 * The meeting view's list of ärenden (meeting-view.ts): a row per ärende with its choice and amount,
 * and what the secretary set in it. Loaded by the view's steps (each a run after the meeting, which
 * fetches the board chunk too), so it stays out of the pane's start.
 */
import {
  BOARD_CHOICE_LABELS,
  BOARD_CHOICES,
  type BoardChoice,
  formatWhole,
  type MeetingChange,
  type MeetingItem,
  readMoney,
} from '../core';
import { el } from './dom';

/** One ärende: its paragraph, name and owner; a choice and an amount, or what a person already typed. */
export function itemRow(item: MeetingItem, index: number): HTMLElement {
  const p = item.proposal;
  const title = `${item.paragraph ? `${item.paragraph} · ` : ''}${p.name} (${p.owner})`;
  const id = `meeting-item-${index}`;
  if (item.typed !== null || item.unreadable !== null) {
    const kept = item.unreadable ?? BOARD_CHOICE_LABELS[item.choice];
    return el('li', { class: 'meeting-item', attrs: { 'data-row': String(p.row) } }, el('p', { class: 'meeting-title' }, title), el('p', { class: 'note' }, `Redan ifyllt i arbetsboken: ${kept}. Det ändras inte.`));
  }
  const select = el(
    'select',
    { attrs: { id: `${id}-choice`, 'data-field': 'choice' } },
    ...BOARD_CHOICES.map((c) => el('option', { attrs: { value: c } }, BOARD_CHOICE_LABELS[c])),
  ) as HTMLSelectElement;
  select.value = item.choice;
  const amount = el('input', { attrs: { id: `${id}-amount`, type: 'text', inputmode: 'numeric', 'data-field': 'amount', autocomplete: 'off' } }) as HTMLInputElement;
  amount.value = item.amount === null ? '' : formatWhole(item.amount);
  return el(
    'li',
    { class: 'meeting-item', attrs: { 'data-row': String(p.row) } },
    el('p', { class: 'meeting-title', attrs: { id: `${id}-title` } }, title),
    el('div', { class: 'field' }, el('label', { attrs: { for: select.id } }, `Beslut för ${p.name}`), select),
    el('div', { class: 'field' }, el('label', { attrs: { for: amount.id } }, `Beviljat belopp för ${p.name} (kr)`), amount),
  );
}

/** What the secretary set in the list, by sheet row; an amount that cannot be read is an error naming the ärende. */
export function changesOf(list: HTMLElement): Map<number, MeetingChange> | string {
  const out = new Map<number, MeetingChange>();
  for (const li of Array.from(list.querySelectorAll<HTMLElement>('li[data-row]'))) {
    const select = li.querySelector<HTMLSelectElement>('select[data-field="choice"]');
    const input = li.querySelector<HTMLInputElement>('input[data-field="amount"]');
    if (!select || !input) continue;
    const choice = select.value as BoardChoice;
    const grants = choice === 'grant' || choice === 'grant-changed';
    const text = input.value.trim();
    let amount: number | null = null;
    if (grants && text !== '') {
      const read = readMoney({ value: text, address: `rad ${li.dataset.row}` }, 'granted');
      if (!read.ok || read.value === null || read.value === 0) return `Beviljat belopp "${text}" för ${li.querySelector('.meeting-title')?.textContent ?? ''} går inte att läsa som ett belopp; skriv till exempel 200 000 kr.`;
      amount = read.value;
    }
    if (choice === 'grant-changed' && amount === null) return `Bifall med ändring för ${li.querySelector('.meeting-title')?.textContent ?? ''} behöver ett beviljat belopp.`;
    out.set(Number(li.dataset.row), { choice, amount });
  }
  return out;
}
