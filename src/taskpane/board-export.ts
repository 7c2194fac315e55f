/**
 * The pane's "Exportera styrelseunderlag": the meeting date and the signer (remembered), a run
 * that rebuilds the Styrelseunderlag sheet in the same write as the assessed columns, then the
 * Word document as a download. The docx library is fetched only here, on the first export,
 * so it stays out of the bundle Excel loads.
 */
import { type BoardPapers, type WorkbookRun } from '../core';
import { downloadsBlocked, type Preferences } from '../host/host';
import { byId, el } from './dom';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PREF_MEETING = 'boardMeeting';
const PREF_SIGNER = 'boardSigner';

export interface BoardExportHost {
  prefs: Preferences;
  /** Runs the assessment with the board papers; null when it could not run (the pane shows why). */
  run(board: { meeting: string | null; signer: string | null }): Promise<WorkbookRun | null>;
  /** Excel or a file in the browser: Excel may refuse downloads. */
  mode(): 'excel' | 'file';
  /** Shows an error in the pane's error area. */
  report(error: unknown): void;
}

/** `styrelseunderlag-2025-02-20.docx`, or `styrelseunderlag.docx` without a meeting. */
export function boardFileName(meeting: string | null): string {
  return meeting ? `styrelseunderlag-${meeting}.docx` : 'styrelseunderlag.docx';
}

function counts(papers: BoardPapers): string {
  const proposals = papers.proposals.length === 1 ? 'ett förslag' : `${papers.proposals.length} förslag`;
  const notReady = papers.notReady.length === 1 ? 'en rad är inte klar' : `${papers.notReady.length} rader är inte klara`;
  return `${proposals}; ${notReady} för styrelsen och står på bladet Styrelseunderlag`;
}

/** Offers a file through a link with `download`; false where the browser cannot. */
export function offerDownload(blob: Blob, name: string): boolean {
  if (!('download' in HTMLAnchorElement.prototype) || typeof URL.createObjectURL !== 'function') return false;
  const url = URL.createObjectURL(blob);
  const link = el('a', { attrs: { href: url, download: name } });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}

/** Wires the export section of taskpane.html. */
export function setupBoardExport(host: BoardExportHost): void {
  const meeting = byId<HTMLInputElement>('board-meeting');
  const signer = byId<HTMLInputElement>('board-signer');
  const button = byId<HTMLButtonElement>('board-button');
  const status = byId('board-status');
  meeting.value = host.prefs.get(PREF_MEETING) ?? '';
  signer.value = host.prefs.get(PREF_SIGNER) ?? '';
  meeting.addEventListener('change', () => host.prefs.set(PREF_MEETING, meeting.value || null));
  signer.addEventListener('change', () => host.prefs.set(PREF_SIGNER, signer.value.trim() || null));

  let busy = false;
  button.addEventListener('click', () => {
    if (busy) return;
    const date = meeting.value.trim() || null;
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/u.test(date)) {
      status.textContent = 'Skriv mötesdatumet som ÅÅÅÅ-MM-DD, eller lämna det tomt för alla ansökningar som inte redan är beviljade.';
      return;
    }
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    status.textContent = 'Tar fram styrelseunderlaget …';
    void (async () => {
      try {
        const run = await host.run({ meeting: date, signer: signer.value.trim() || null });
        if (!run?.board) {
          status.textContent = 'Styrelseunderlaget togs inte fram; se meddelandet ovan.';
          return;
        }
        const name = boardFileName(date);
        const blocked = host.mode() === 'excel' ? downloadsBlocked() : null;
        if (blocked) {
          // Nothing would arrive (WKWebView): say where the document can be made instead of building it in vain.
          status.textContent =
            `Bladet Styrelseunderlag är uppdaterat (${counts(run.board)}), men Word-dokumentet kan inte laddas ner här: ${blocked}. ` +
            `Öppna arbetsboken i Excel på webben och exportera där, eller öppna tilläggets adress (${location.href.split('#')[0]}) i Safari och arbeta med arbetsboken som fil.`;
          return;
        }
        const { buildBoardDocument } = await import(/* webpackChunkName: "board-docx" */ '../board/docx');
        const bytes = await buildBoardDocument(run.board);
        const offered = offerDownload(new Blob([bytes as BlobPart], { type: DOCX_MIME }), name);
        const what = counts(run.board);
        if (!offered) {
          status.textContent = `Bladet Styrelseunderlag är uppdaterat (${what}), men här går det inte att ladda ner filer. Öppna fönstret i webbläsaren med arbetsboken som fil, eller använd kommandoraden: npm run assess -- ARBETSBOK.xlsx --board ${name}.`;
        } else if (host.mode() === 'excel') {
          status.textContent = `${name} laddas ner (${what}). Om ingen fil kommer tillåter inte Excel nedladdning här: öppna fönstret i webbläsaren med arbetsboken som fil, eller använd kommandoraden.`;
        } else {
          status.textContent = `${name} laddas ner (${what}). Ladda också ner den bedömda arbetsboken för bladet Styrelseunderlag.`;
        }
      } catch (error) {
        status.textContent = 'Styrelseunderlaget kunde inte tas fram.';
        host.report(error);
      } finally {
        busy = false;
        button.setAttribute('aria-disabled', 'false');
      }
    })();
  });
}
