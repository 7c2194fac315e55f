/**
 * The task pane: one page for two modes. In Excel it assesses the open workbook in place;
 * in a plain browser (Office.js missing, unreachable or reporting no host) it assesses an
 * .xlsx file the user chooses and offers the assessed workbook for download.
 */
import type { AssessOptions, Progress, RulesetRegistry, WorkbookRun } from '../core/job';
import type { WorkbookDescription } from '../core/port';
import type { Assessment } from '../core/types';
import { detectHost, openPreferences, type HostMode, type Preferences } from '../host/host';
import { setupBoardExport } from './board-export';
import { byId, el, replace } from './dom';
import { assessInExcel, checkExcel, describeWorkbook, selectRow } from './excel-mode';
import type { OpenedFile } from './file-mode';
import { loadBundledRulesets } from './rules';
import { errorMessage, renderRulesets, renderRun, setBusy, showError, showProgress } from './view';

const PREF_SHEET = 'sheet';

const ui = {
  badge: byId('mode-badge'),
  note: byId('mode-note'),
  fileSection: byId('file-section'),
  fileInput: byId<HTMLInputElement>('file-input'),
  fileName: byId('file-name'),
  sheetField: byId('sheet-field'),
  sheetSelect: byId<HTMLSelectElement>('sheet-select'),
  run: byId<HTMLButtonElement>('run-button'),
  download: byId<HTMLButtonElement>('download-button'),
  results: byId('results'),
};

/** What differs between the modes once a workbook is at hand. */
interface Session {
  assess(registry: RulesetRegistry, options: AssessOptions): Promise<WorkbookRun>;
  showRow(run: WorkbookRun, assessment: Assessment): void;
  /** Name shown beside the result (the file name), or null in Excel. */
  sourceName: string | null;
}

let session: Session | null = null;
let running = false;

function report(error: unknown): void {
  showError(errorMessage(error));
}

/** Offers the sheets of the workbook, preselecting the user's last choice when it is there. */
function offerSheets(description: WorkbookDescription, prefs: Preferences): void {
  const last = prefs.get(PREF_SHEET);
  replace(
    ui.sheetSelect,
    el('option', { attrs: { value: '' } }, 'Välj automatiskt'),
    ...description.sheets.map((name) => el('option', { attrs: { value: name } }, name)),
  );
  ui.sheetSelect.value = last && description.sheets.includes(last) ? last : '';
  ui.sheetField.hidden = false;
}

function refreshButtons(registry: RulesetRegistry | null): void {
  ui.run.disabled = running || !registry || !session;
  ui.fileInput.disabled = running;
  ui.sheetSelect.disabled = running;
}

async function runAssessment(registry: RulesetRegistry, board?: AssessOptions['board']): Promise<WorkbookRun | null> {
  if (!session || running) return null;
  const current = session;
  running = true;
  setBusy(true);
  refreshButtons(registry);
  showError(null);
  showProgress({ stage: 'reading' });
  try {
    const run = await current.assess(registry, {
      sheet: ui.sheetSelect.value || null,
      onProgress: (p: Progress) => showProgress(p),
      ...(board ? { board } : {}),
    });
    renderRun(run, { onSelect: (a) => current.showRow(run, a) }, current.sourceName);
    renderRulesets(registry.rulesets, run.summary.rulesets);
    return run;
  } catch (error) {
    report(error);
  } finally {
    running = false;
    setBusy(false);
    showProgress(null);
    refreshButtons(registry);
  }
  return null;
}

function startExcelMode(prefs: Preferences): void {
  ui.badge.textContent = 'Excel';
  ui.note.textContent = 'Bedömer ansökningarna i arbetsboken som är öppen. Resultatet skrivs till höger om dem; Chefens beslut och Kommentar lämnas orörda.';
  try {
    checkExcel();
  } catch (error) {
    report(error);
    return;
  }
  session = {
    assess: assessInExcel,
    showRow: (run, a) => void selectRow(run.sheet, a.row).catch(report),
    sourceName: null,
  };
  describeWorkbook()
    .then((description) => offerSheets(description, prefs))
    .catch(report);
}

function startFileMode(mode: Extract<HostMode, { kind: 'file' }>, prefs: Preferences, registry: () => RulesetRegistry | null): void {
  ui.badge.textContent = 'Webbläsare';
  ui.note.textContent = `${mode.reason} Filen lämnar aldrig datorn.`;
  ui.fileSection.hidden = false;
  // Start fetching the ExcelJS chunk now; the user is about to choose a file.
  const fileMode = import(/* webpackChunkName: "file-mode" */ './file-mode');
  fileMode.catch(() => undefined); // reported when a file is chosen
  let outputUrl: string | null = null;
  let outputName = '';
  let choice = 0; // the latest file chosen wins, even if an earlier one finishes opening later

  ui.fileInput.addEventListener('change', () => {
    const file = ui.fileInput.files?.[0];
    if (!file) return;
    const mine = ++choice;
    session = null;
    ui.results.hidden = true;
    ui.download.hidden = true;
    ui.fileName.textContent = file.name;
    showError(null);
    refreshButtons(registry());
    void (async () => {
      try {
        const mod = await fileMode;
        let opened: OpenedFile;
        try {
          opened = await mod.openFile(await file.arrayBuffer());
        } catch (error) {
          if (mine !== choice) return;
          ui.fileName.textContent = `${file.name} (kunde inte läsas)`;
          throw error;
        }
        if (mine !== choice) return;
        offerSheets(opened.description, prefs);
        session = {
          sourceName: file.name,
          showRow: () => undefined, // the list highlights the row and shows its details
          assess: async (reg, options) => {
            const { run, output } = await opened.assess(reg, { ...options, onSaving: () => showProgress({ stage: 'saving' }) });
            if (outputUrl) URL.revokeObjectURL(outputUrl);
            outputUrl = URL.createObjectURL(output);
            outputName = mod.assessedFileName(file.name);
            ui.download.hidden = false;
            return run;
          },
        };
      } catch (error) {
        report(error);
      } finally {
        refreshButtons(registry());
      }
    })();
  });

  ui.download.addEventListener('click', () => {
    if (!outputUrl) return;
    const link = el('a', { attrs: { href: outputUrl, download: outputName } });
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
}

async function main(): Promise<void> {
  const prefs = openPreferences();
  ui.sheetSelect.addEventListener('change', () => prefs.set(PREF_SHEET, ui.sheetSelect.value || null));

  let registry: RulesetRegistry | null = null;
  const rulesetsLoaded = loadBundledRulesets().then(
    (loaded) => {
      registry = loaded;
      renderRulesets(loaded.rulesets);
    },
    (error: unknown) => {
      replace(byId('ruleset-list'), el('li', { class: 'note' }, 'Regelverken kunde inte läsas.'));
      report(error);
    },
  );
  ui.run.addEventListener('click', () => {
    if (registry) void runAssessment(registry);
  });

  // Styrelseunderlag (issue 12): a run with the board papers, then the .docx (board-export.ts).
  setupBoardExport({ prefs, report, mode: () => (session?.sourceName === null ? 'excel' : 'file'), run: (board) => (registry ? runAssessment(registry, board) : Promise.resolve(null)) });
  const mode = await detectHost();
  if (mode.kind === 'excel') startExcelMode(prefs);
  else startFileMode(mode, prefs, () => registry);
  await rulesetsLoaded;
  refreshButtons(registry);
}

// Whatever escapes shows in the pane, not only in the console.
window.addEventListener('error', (event) => report(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => report(event.reason));
void main().catch(report);
