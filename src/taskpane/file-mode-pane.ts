/**
 * File mode's part of the page: choosing a file, the Avbryt button, the download. Loaded with the
 * file-mode chunk only in a plain browser, so none of it is in the bundle Excel loads; the work
 * itself runs in the worker (file-mode.ts, file-mode-worker.ts).
 */
import { type RulesetRegistry, type WorkbookDescription } from '../core';
import { byId, el } from './dom';
import { assessedFileName, cancelFileWork, editFile, openFile, type OpenedFile } from './file-mode';
import type { Session } from './taskpane';
import { setBusy, showError, showProgress } from './view';

/** What the pane's entry lends file mode. */
export interface FilePaneHost {
  registry(): RulesetRegistry | null;
  report(error: unknown): void;
  offerSheets(description: WorkbookDescription): void;
  setSession(session: Session | null): void;
  refreshButtons(): void;
}

export function startFilePane(host: FilePaneHost): void {
  const fileInput = byId<HTMLInputElement>('file-input');
  const fileName = byId('file-name');
  const results = byId('results');
  const download = byId<HTMLButtonElement>('download-button');
  const cancel = byId<HTMLButtonElement>('cancel-button');
  let outputUrl: string | null = null;
  let outputName = '';
  let output: Blob | null = null; // the assessed workbook; the review view's saves change it
  const publish = (blob: Blob) => {
    if (outputUrl) URL.revokeObjectURL(outputUrl);
    output = blob;
    outputUrl = URL.createObjectURL(blob);
  };
  let choice = 0; // the latest file chosen wins, even if an earlier one finishes opening later
  // Avbryt, while the worker reads, assesses or writes: it is terminated, and the waiting call says so.
  cancel.addEventListener('click', () => cancelFileWork());
  let cancellables = 0; // calls under way: a dropped earlier file's end must not hide the button of the next
  /** Runs `work` with the Avbryt button shown. */
  const cancellable = async <T>(work: () => Promise<T>): Promise<T> => {
    cancellables++;
    cancel.hidden = false;
    try {
      return await work();
    } finally {
      cancel.hidden = --cancellables === 0;
    }
  };

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    const mine = ++choice;
    host.setSession(null);
    results.hidden = true;
    download.hidden = true;
    fileName.textContent = file.name;
    showError(null);
    host.refreshButtons();
    // A file still being read is dropped for the new choice: its worker would only hold up this one.
    cancelFileWork();
    void (async () => {
      try {
        let opened: OpenedFile;
        try {
          setBusy(true);
          showProgress({ stage: 'reading' });
          opened = await cancellable(async () => openFile(await file.arrayBuffer()));
        } catch (error) {
          if (mine !== choice) return;
          fileName.textContent = `${file.name} (kunde inte läsas)`;
          throw error;
        } finally {
          if (mine === choice) {
            setBusy(false);
            showProgress(null);
          }
        }
        if (mine !== choice) return;
        host.offerSheets(opened.description);
        host.setSession({
          sourceName: file.name,
          showRow: () => undefined, // the list highlights the row and shows its details
          assess: async (reg, options) => {
            const assessed = await cancellable(() => opened.assess(reg, { ...options, onSaving: () => showProgress({ stage: 'saving' }) }));
            publish(assessed.output);
            // The board's decisions recorded belong to the file now, like the chief's: later runs start from it.
            if (assessed.run.meeting?.record) opened = await openFile(await assessed.output.arrayBuffer());
            outputName = assessedFileName(file.name);
            download.hidden = false;
            return assessed.run;
          },
          withWorkbook: async (work) => {
            if (!output || mine !== choice) throw new Error('Arbetsboken är inte bedömd än. Välj Bedöm ansökningar först.');
            const edited = await editFile(output, work);
            publish(edited.output);
            // A later run starts from the file with the chief's decisions, so it keeps them.
            opened = await openFile(await edited.output.arrayBuffer());
            return edited.result;
          },
        });
      } catch (error) {
        host.report(error);
      } finally {
        host.refreshButtons();
      }
    })();
  });

  download.addEventListener('click', () => {
    if (!outputUrl) return;
    const link = el('a', { attrs: { href: outputUrl, download: outputName } });
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
}
