/**
 * The edge between the task pane and its host: is this Excel, or a plain browser?
 * And where do the user's last choices live?
 *
 * This is the ONLY module that imports @microsoft/office-js-helpers (v1.0.2, 2018, archived by
 * Microsoft in 2020). The pane depends on the small interface below, so replacing the library
 * is a rewrite of this one file: `Office.onReady()` gives the host, and localStorage keyed by
 * `Office.context.partitionKey` replaces its Storage (see docs/addin.md).
 */
import { HostType, Storage, StorageType, Utilities } from '@microsoft/office-js-helpers';

export type HostMode =
  | { kind: 'excel' }
  /** Plain browser: the reason is Swedish and shown in the pane. */
  | { kind: 'file'; reason: string };

/** How long to wait for Office.onReady before concluding there is no host. */
const READY_TIMEOUT_MS = 8000;

/**
 * Decides the mode once Office.js has loaded or failed to load (the script tag in
 * taskpane.html runs before the bundle). Never rejects: anything unexpected means file mode.
 */
export async function detectHost(timeoutMs = READY_TIMEOUT_MS): Promise<HostMode> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== 'function') {
    return { kind: 'file', reason: 'Office.js kunde inte laddas, så fönstret arbetar med en arbetsboksfil här i webbläsaren.' };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const ready = await Promise.race([
      office.onReady(),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      }),
    ]);
    if (ready === null) {
      return { kind: 'file', reason: 'Office svarade inte, så fönstret arbetar med en arbetsboksfil här i webbläsaren.' };
    }
  } catch {
    return { kind: 'file', reason: 'Office.js kunde inte starta, så fönstret arbetar med en arbetsboksfil här i webbläsaren.' };
  } finally {
    clearTimeout(timer);
  }
  // Utilities.host reads Office.context.host after onReady. Outside Office that host is
  // null, which the helper maps to neither WEB nor EXCEL, so compare with EXCEL, not isAddin.
  if (Utilities.isAddin && Utilities.host === HostType.EXCEL) return { kind: 'excel' };
  return { kind: 'file', reason: 'Fönstret är öppnat utanför Excel, så det arbetar med en arbetsboksfil här i webbläsaren.' };
}

/**
 * Why this host cannot take a file the pane offers for download, or null when it can. Excel for Mac and
 * for iPad show the pane in WKWebView, which ignores blob downloads by design (office-js issue 2700):
 * there a download link does nothing at all, so the pane must say so instead of "laddas ner".
 */
export function downloadsBlocked(): string | null {
  const office = (globalThis as { Office?: { context?: { platform?: unknown } } }).Office;
  const platform = office?.context?.platform;
  if (platform === 'Mac') return 'Excel för Mac tar inte emot filer från tillägg';
  if (platform === 'iOS') return 'Excel för iPad tar inte emot filer från tillägg';
  return null;
}

/** The user's last choices (e.g. the sheet), kept between sessions where the browser allows it. */
export interface Preferences {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

const CONTAINER = 'insatsbedomning';

/** Storage from office-js-helpers; falls back to memory where localStorage is blocked (private mode, some iframes). */
export function openPreferences(): Preferences {
  let store: Storage<string>;
  try {
    store = new Storage<string>(CONTAINER, StorageType.LocalStorage);
  } catch {
    store = new Storage<string>(CONTAINER, StorageType.InMemoryStorage);
  }
  return {
    get(key) {
      try {
        return store.has(key) ? store.get(key) : null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        if (value === null) {
          if (store.has(key)) store.delete(key);
        } else store.set(key, value);
      } catch {
        // A full or blocked storage only loses a convenience; the run itself is unaffected.
      }
    },
  };
}
