/**
 * The pane's "Exportera uppföljning": the follow-up date (remembered), a run that rebuilds the
 * Uppföljning sheet (with its chart) in the same write as the assessed columns, then the board's
 * report as a Word download. The docx library is fetched only here, as the board export does, with
 * the code that offers the file and says what happened (followup-download.ts).
 */
import { type FollowUpTexts, type WorkbookRun } from '../core';
import type { Preferences } from '../host/host';
import { byId } from './dom';

const PREF_PER = 'followUpPer';

export interface FollowUpExportHost {
  prefs: Preferences;
  /** Runs the assessment with the follow-up; null when it could not run (the pane shows why). */
  run(followUp: { per: string | null }): Promise<WorkbookRun | null>;
  /** Who signs: the board export's field, else the rule set's signature. */
  signature(): Promise<string>;
  /** The report's words: the rule set's texts for the follow-up date. */
  texts(per: string): Promise<FollowUpTexts>;
  mode(): 'excel' | 'file';
  report(error: unknown): void;
}

/** Wires the follow-up section of taskpane.html. */
export function setupFollowUpExport(host: FollowUpExportHost): void {
  const per = byId<HTMLInputElement>('followup-per');
  const button = byId<HTMLButtonElement>('followup-button');
  const status = byId('followup-status');
  per.value = host.prefs.get(PREF_PER) ?? '';
  per.addEventListener('change', () => host.prefs.set(PREF_PER, per.value || null));

  let busy = false;
  button.addEventListener('click', () => {
    if (busy) return;
    const date = per.value.trim() || null;
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/u.test(date)) {
      status.textContent = 'Skriv uppföljningsdagen som ÅÅÅÅ-MM-DD, eller lämna den tom för i dag.';
      return;
    }
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    status.textContent = 'Tar fram budgetuppföljningen …';
    void (async () => {
      try {
        const run = await host.run({ per: date });
        const report = run?.followUp;
        if (!report) {
          status.textContent = 'Budgetuppföljningen togs inte fram; se meddelandet ovan.';
          return;
        }
        // The Word file and what the pane says about it: fetched with the docx library, only here.
        const { offerFollowUpReport } = await import(/* webpackChunkName: "followup-docx" */ './followup-download');
        status.textContent = await offerFollowUpReport(report, host);
      } catch (error) {
        status.textContent = 'Budgetuppföljningen kunde inte tas fram.';
        host.report(error);
      } finally {
        busy = false;
        button.setAttribute('aria-disabled', 'false');
      }
    })();
  });
}
