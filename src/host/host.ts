/**
 * The edge between the task pane and its host: is this Excel, or a plain browser?
 * And where do the user's last choices live?
 *
 * Written on what Microsoft recommends since it archived @microsoft/office-js-helpers (2020):
 * `Office.onReady()` gives the host, and `localStorage` keeps the choices, keyed by
 * `Office.context.partitionKey` where Office partitions add-in storage. The helper library was
 * one pre-bundled 56 kB file in the Excel-mode bundle for these two calls (docs/addin.md); its
 * keys (`@insatsbedomning/<key>`, JSON values) are kept, so choices saved through it still load.
 */

export type HostMode =
  | { kind: 'excel' }
  /** Plain browser: the reason is Swedish and shown in the pane. */
  | { kind: 'file'; reason: string };

/** How long to wait for Office.onReady before concluding there is no host. */
const READY_TIMEOUT_MS = 8000;

/** The part of Office.js the host detection and the storage read. */
interface OfficeGlobal {
  onReady?: () => Promise<{ host?: unknown } | null | undefined>;
  context?: { host?: unknown; platform?: unknown; partitionKey?: unknown };
}

function officeGlobal(): OfficeGlobal | undefined {
  return (globalThis as { Office?: OfficeGlobal }).Office;
}

/**
 * Decides the mode once Office.js has loaded or failed to load (the script tag in
 * taskpane.html runs before the bundle). Never rejects: anything unexpected means file mode.
 */
export async function detectHost(timeoutMs = READY_TIMEOUT_MS): Promise<HostMode> {
  const office = officeGlobal();
  if (!office || typeof office.onReady !== 'function') {
    return { kind: 'file', reason: 'Office.js kunde inte laddas, så fönstret arbetar med en arbetsboksfil här i webbläsaren.' };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let info: { host?: unknown } | null | undefined;
  try {
    const ready = await Promise.race([
      office.onReady().then((value) => ({ value })),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      }),
    ]);
    if (ready === null) {
      return { kind: 'file', reason: 'Office svarade inte, så fönstret arbetar med en arbetsboksfil här i webbläsaren.' };
    }
    info = ready.value;
  } catch {
    return { kind: 'file', reason: 'Office.js kunde inte starta, så fönstret arbetar med en arbetsboksfil här i webbläsaren.' };
  } finally {
    clearTimeout(timer);
  }
  // Outside Office, onReady resolves with host null (Office.HostType.Excel is the string "Excel").
  const host = info?.host ?? office.context?.host;
  if (host === 'Excel') return { kind: 'excel' };
  return { kind: 'file', reason: 'Fönstret är öppnat utanför Excel, så det arbetar med en arbetsboksfil här i webbläsaren.' };
}

/**
 * Why this host cannot take a file the pane offers for download, or null when it can. Excel for Mac and
 * for iPad show the pane in WKWebView, which ignores blob downloads by design (office-js issue 2700):
 * there a download link does nothing at all, so the pane must say so instead of "laddas ner".
 */
export function downloadsBlocked(): string | null {
  const platform = officeGlobal()?.context?.platform;
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

/** The store behind Preferences: localStorage, or memory where the browser blocks it (private mode, some iframes). */
function openStore(): Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    const local = globalThis.localStorage;
    const probe = `@${CONTAINER}/.probe`;
    local.setItem(probe, '1');
    local.removeItem(probe);
    return local;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
      removeItem: (k) => void memory.delete(k),
    };
  }
}

/** The user's last choices, kept between sessions where the browser allows it. */
export function openPreferences(): Preferences {
  const store = openStore();
  const partition = officeGlobal()?.context?.partitionKey;
  // Office on the web partitions add-in storage: the key keeps two origins' (and workbooks') choices apart.
  const scoped = (key: string) => `${typeof partition === 'string' && partition ? `${partition}/` : ''}@${CONTAINER}/${key}`;
  return {
    get(key) {
      try {
        const item = store.getItem(scoped(key));
        if (item === null) return null;
        const value: unknown = JSON.parse(item);
        return typeof value === 'string' ? value : null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        if (value === null) store.removeItem(scoped(key));
        else store.setItem(scoped(key), JSON.stringify(value));
      } catch {
        // A full or blocked storage only loses a convenience; the run itself is unaffected.
      }
    },
  };
}
