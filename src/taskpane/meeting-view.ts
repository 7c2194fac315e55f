/**
 * The pane after the board meeting (after-the-board.md): **Registrera styrelsens beslut** lists the
 * meeting's ärenden as the board papers had them, each preset to the papers' proposal and changeable
 * (the decision, an amount typed in place), then saves them in one run; **Exportera protokollsutdrag**
 * makes the extracts as a Word document. Each step is a normal run of the job (one read, one write).
 * The list's code (meeting-items.ts) and the summary lines are fetched by the steps, not at the pane's start.
 */
import { type AssessOptions, type WorkbookRun } from '../core';
import type { Preferences } from '../host/host';
import { DOCX_MIME, offerDownload } from './board-export';
import { byId, replace } from './dom';

const PREF_MEETING = 'meetingDate';

export interface MeetingHost {
  prefs: Preferences;
  /** A run after the meeting; null when it could not run (the pane shows why). */
  run(meeting: NonNullable<AssessOptions['meeting']>): Promise<WorkbookRun | null>;
  report(error: unknown): void;
}

/** `protokollsutdrag-2025-11-20.docx`. */
export function minutesFileName(meeting: string): string {
  return `protokollsutdrag-${meeting}.docx`;
}

/** The list's code and the summary lines, fetched by the first step taken (the meeting chunk). */
const listCode = () => Promise.all([import(/* webpackChunkName: "meeting" */ './meeting-items'), import(/* webpackChunkName: "meeting" */ '../core/meeting-summary')]).then(([items, summary]) => ({ ...items, ...summary }));

/** Wires the meeting section of taskpane.html. */
export function setupMeeting(host: MeetingHost): void {
  const date = byId<HTMLInputElement>('meeting-date');
  const first = byId<HTMLInputElement>('meeting-first');
  const load = byId<HTMLButtonElement>('meeting-load');
  const record = byId<HTMLButtonElement>('meeting-record');
  const minutes = byId<HTMLButtonElement>('meeting-minutes');
  const list = byId('meeting-items');
  const status = byId('meeting-status');
  date.value = host.prefs.get(PREF_MEETING) ?? '';
  date.addEventListener('change', () => host.prefs.set(PREF_MEETING, date.value || null));

  let busy = false;
  let listed: string | null = null;
  const meetingDate = (): string | null => {
    const d = date.value.trim();
    if (/^\d{4}-\d{2}-\d{2}$/u.test(d)) return d;
    status.textContent = 'Skriv sammanträdets datum som ÅÅÅÅ-MM-DD.';
    return null;
  };
  const firstParagraph = (): number | null | undefined => {
    const t = first.value.trim();
    if (t === '') return null;
    if (/^\d{1,6}$/u.test(t) && Number(t) >= 1) return Number(t);
    status.textContent = 'Första paragraf ska vara ett nummer från 1, eller tom.';
    return undefined;
  };
  const step = (button: HTMLButtonElement, working: string, work: () => Promise<void>) => {
    button.addEventListener('click', () => {
      if (busy) return;
      busy = true;
      for (const b of [load, record, minutes]) b.setAttribute('aria-disabled', 'true');
      status.textContent = working;
      void work()
        .catch((error: unknown) => {
          status.textContent = 'Det gick inte; se meddelandet ovan.';
          host.report(error);
        })
        .finally(() => {
          busy = false;
          for (const b of [load, record, minutes]) b.setAttribute('aria-disabled', 'false');
        });
    });
  };

  step(load, 'Tar fram sammanträdets ärenden …', async () => {
    const d = meetingDate();
    const n = firstParagraph();
    if (d === null || n === undefined) return;
    const run = await host.run({ date: d, record: false, firstParagraph: n, minutes: false });
    if (!run?.meeting) {
      status.textContent = 'Ärendena kunde inte tas fram; se meddelandet ovan.';
      return;
    }
    const { itemRow } = await listCode();
    replace(list, ...run.meeting.items.map(itemRow));
    list.hidden = false;
    record.hidden = false;
    listed = d;
    const count = run.meeting.items.length;
    status.textContent = `${count === 1 ? 'Ett ärende' : `${count} ärenden`} från sammanträdet ${d}, förvalda enligt styrelseunderlaget. Ändra det som styrelsen beslutade annorlunda och välj Registrera styrelsens beslut.`;
    list.querySelector<HTMLElement>('select, input')?.focus();
  });

  step(record, 'Registrerar styrelsens beslut …', async () => {
    const d = meetingDate();
    const n = firstParagraph();
    if (d === null || n === undefined) return;
    if (listed !== d) {
      status.textContent = 'Visa sammanträdets ärenden för det här datumet först.';
      return;
    }
    const { changesOf, meetingLines } = await listCode();
    const changes = changesOf(list);
    if (typeof changes === 'string') {
      status.textContent = changes;
      return;
    }
    const run = await host.run({ date: d, record: true, firstParagraph: n, changes, minutes: false });
    if (!run?.meeting) {
      status.textContent = 'Besluten registrerades inte; se meddelandet ovan.';
      return;
    }
    status.textContent = meetingLines(run.meeting).join(' ');
  });

  step(minutes, 'Tar fram protokollsutdragen …', async () => {
    const d = meetingDate();
    if (d === null) return;
    const run = await host.run({ date: d, record: false, firstParagraph: null, minutes: true });
    if (!run?.meeting?.minutes) {
      status.textContent = 'Protokollsutdragen togs inte fram; se meddelandet ovan.';
      return;
    }
    const { meetingLines } = await listCode();
    const { buildMinutesDocument } = await import(/* webpackChunkName: "board-docx" */ '../board/minutes-docx');
    const bytes = await buildMinutesDocument(run.meeting.minutes);
    const name = minutesFileName(d);
    const offered = offerDownload(new Blob([bytes as BlobPart], { type: DOCX_MIME }), name);
    const what = meetingLines(run.meeting).join(' ');
    status.textContent = offered
      ? `${name} laddas ner. ${what}`
      : `${what} Här går det inte att ladda ner filer: öppna fönstret i webbläsaren med arbetsboken som fil, eller använd kommandoraden (--minutes ${name} --meeting ${d}).`;
  });
}
