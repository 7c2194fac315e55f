/**
 * The pane's "Exportera uppföljning": the follow-up date (remembered), a run that rebuilds the
 * Uppföljning sheet (with its chart) in the same write as the assessed columns, then the board's
 * report as a Word download. The docx library is fetched only here, as the board export does.
 */
import type { FollowUpTexts } from '../core/followup/texts';
import type { WorkbookRun } from '../core/job';
import type { Preferences } from '../host/host';
import { DOCX_MIME, offerDownload } from './board-export';
import { formatCount } from '../core/format';
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

/** `budgetuppfoljning-2025-09-30.docx`. */
export function followUpFileName(per: string): string {
  return `budgetuppfoljning-${per}.docx`;
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
        const { buildFollowUpDocument } = await import(/* webpackChunkName: "followup-docx" */ '../board/followup-docx');
        const bytes = await buildFollowUpDocument(report, { signature: await host.signature(), texts: await host.texts(report.per) });
        const name = followUpFileName(report.per);
        const offered = offerDownload(new Blob([bytes as BlobPart], { type: DOCX_MIME }), name);
        const count = report.groups.reduce((n, g) => n + g.insatser.length, 0);
        const n = (k: number, one: string, many: string) => `${formatCount(k)} ${k === 1 ? one : many}`;
        const what = `${n(count, 'insats', 'insatser')}, ${n(report.deviations.length, 'avvikelse', 'avvikelser')}; siffrorna står på bladet Uppföljning`;
        if (!offered) {
          status.textContent = `Bladet Uppföljning är uppdaterat (${what}), men här går det inte att ladda ner filer. Använd kommandoraden: npm run assess -- ARBETSBOK.xlsx --followup ${name} --per ${report.per}.`;
        } else if (host.mode() === 'excel') {
          status.textContent = `${name} laddas ner (${what}). Om ingen fil kommer tillåter inte Excel nedladdning här: öppna fönstret i webbläsaren med arbetsboken som fil, eller använd kommandoraden.`;
        } else {
          status.textContent = `${name} laddas ner (${what}). Ladda också ner den bedömda arbetsboken för bladet Uppföljning med diagrammet.`;
        }
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
