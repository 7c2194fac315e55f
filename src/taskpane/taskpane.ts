/**
 * The task pane: one page for two modes. In Excel it assesses the open workbook in place;
 * in a plain browser (Office.js missing, unreachable or reporting no host) it assesses an
 * .xlsx file the user chooses and offers the assessed workbook for download.
 */
import {
  type Assessment,
  type AssessOptions,
  followUpTextsFor,
  type Progress,
  type RulesetRegistry,
  type WorkbookDescription,
  type WorkbookRun,
} from '../core';
import { detectHost, openPreferences, type HostMode, type Preferences } from '../host/host';
import { setupBoardExport } from './board-export';
import { setupMeeting } from './meeting-view';
import { setupFollowUpExport } from './followup-export';
import { byId, el, replace } from './dom';
import { assessInExcel, checkExcel, describeWorkbook, selectRow, withExcelWorkbook } from './excel-mode';
import type { ReviewHost, ReviewView } from './review/review-view';
import { loadBundledRulesets } from './rules';
import { errorMessage, renderRulesets, renderRun, setBusy, showError, showProgress } from './view';

// Tells the start guard (guard.js, inlined in taskpane.html) that this engine parsed and ran the bundle.
(window as unknown as { insatsbedomningStarted?: boolean }).insatsbedomningStarted = true;

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
  results: byId('results'),
  reviewOpen: byId<HTMLButtonElement>('review-open'),
  reviewView: byId('review-view'),
};

/** What differs between the modes once a workbook is at hand. */
export interface Session {
  assess(registry: RulesetRegistry, options: AssessOptions): Promise<WorkbookRun>;
  showRow(run: WorkbookRun, assessment: Assessment): void;
  /** Name shown beside the result (the file name), or null in Excel. */
  sourceName: string | null;
  /** The review view's save: a port on the assessed workbook. */
  withWorkbook: ReviewHost['withWorkbook'];
}

let session: Session | null = null;
let running = false;
// The review view (loaded on first use) and the run it shows.
let lastRun: { run: WorkbookRun; session: Session } | null = null;
let review: ReviewView | null = null;

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
  // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page.
  ui.run.setAttribute('aria-disabled', String(running || !registry || !session));
  ui.reviewOpen.setAttribute('aria-disabled', String(running));
  ui.fileInput.disabled = running;
  ui.sheetSelect.disabled = running;
}

async function runAssessment(registry: RulesetRegistry, extra: Pick<AssessOptions, 'board' | 'meeting' | 'followUp' | 'followUpDate'> = {}): Promise<WorkbookRun | null> {
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
      ...extra,
    });
    renderRun(run, { onSelect: (a) => current.showRow(run, a) }, current.sourceName);
    renderRulesets(registry.rulesets, run.summary.rulesets);
    lastRun = { run, session: current };
    review?.update(run);
    showLogWarnings(run.summary.logProblems ?? []);
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
    withWorkbook: withExcelWorkbook,
  };
  describeWorkbook()
    .then((description) => offerSheets(description, prefs))
    .catch(report);
}

function startFileMode(mode: Extract<HostMode, { kind: 'file' }>, prefs: Preferences, registry: () => RulesetRegistry | null): void {
  ui.badge.textContent = 'Webbläsare';
  ui.note.textContent = `${mode.reason} Filen lämnar aldrig datorn.`;
  ui.fileSection.hidden = false;
  // File mode's page code and the worker client: fetched only in this mode, now, as the user is about to choose a file.
  import(/* webpackChunkName: "file-mode" */ './file-mode-pane').then(
    ({ startFilePane }) =>
      startFilePane({
        registry,
        report,
        offerSheets: (description) => offerSheets(description, prefs),
        setSession: (s) => {
          session = s;
        },
        refreshButtons: () => refreshButtons(registry()),
      }),
    report,
  );
}

/** Warnings about the Logg sheet (an earlier line edited, removed or moved); the run logged anyway. */
function showLogWarnings(problems: readonly string[]): void {
  const list = byId('log-warnings');
  replace(list, ...problems.map((p) => el('li', {}, p)));
  list.hidden = problems.length === 0;
}

/** Opens the review view over the last run; its code is fetched the first time (not in the Excel bundle). */
async function openReviewView(registry: () => RulesetRegistry | null): Promise<void> {
  if (!lastRun || running) return;
  const { openReview } = await import(/* webpackChunkName: "review" */ './review/review-view');
  if (!review) {
    const host: ReviewHost = {
      withWorkbook: (work) => lastRun!.session.withWorkbook(work),
      showRow: (run, a) => lastRun!.session.showRow(run, a),
      registry,
      user: null,
      onSaved: (run) => {
        const current = lastRun!.session;
        lastRun = { run, session: current };
        renderRun(run, { onSelect: (a) => current.showRow(run, a) }, current.sourceName);
      },
    };
    review = openReview(ui.reviewView, lastRun.run, host);
  } else {
    review.update(lastRun.run);
  }
  ui.reviewView.hidden = false;
  review.focus();
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
  ui.reviewOpen.addEventListener('click', () => void openReviewView(() => registry).catch(report));

  // Styrelseunderlag (issue 12): a run with the board papers, then the .docx (board-export.ts).
  setupBoardExport({ prefs, report, mode: () => (session?.sourceName === null ? 'excel' : 'file'), run: (board) => (registry ? runAssessment(registry, { board }) : Promise.resolve(null)) });
  // After the meeting: the board's decisions recorded and the protokollsutdrag (meeting-view.ts).
  setupMeeting({ prefs, report, run: (meeting) => (registry ? runAssessment(registry, { meeting }) : Promise.resolve(null)) });
  // Budgetuppföljning (issue 18): a run with the Uppföljning sheet, then the .docx (followup-export.ts).
  setupFollowUpExport({
    prefs,
    report,
    mode: () => (session?.sourceName === null ? 'excel' : 'file'),
    run: ({ per }) => (registry ? runAssessment(registry, { followUp: true, ...(per ? { followUpDate: per } : {}) }) : Promise.resolve(null)),
    signature: async () => {
      const { boardSignature } = await import(/* webpackChunkName: "board" */ '../core/board');
      if (!registry) throw new Error('Regelverken är inte inlästa.');
      return boardSignature(registry, byId<HTMLInputElement>('board-signer').value);
    },
    texts: async (per) => {
      // A static import: the core's job already holds followup/texts (a dynamic one tied docx's charts to the start).
      if (!registry) throw new Error('Regelverken är inte inlästa.');
      return followUpTextsFor(registry, per);
    },
  });
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
