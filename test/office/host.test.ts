/**
 * src/host/host.ts without office-js-helpers: the host from Office.onReady(), the user's choices in
 * localStorage under the keys the helper used (so choices saved before still load), memory where
 * localStorage is blocked, and which hosts refuse downloads.
 */
import { detectHost, downloadsBlocked, openPreferences } from '../../src/host/host';

type Globals = { Office?: unknown; localStorage?: unknown };
const g = globalThis as Globals;

function fakeLocalStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

afterEach(() => {
  delete g.Office;
  delete g.localStorage;
});

describe('detectHost', () => {
  it('is Excel when Office.onReady reports the Excel host', async () => {
    g.Office = { onReady: () => Promise.resolve({ host: 'Excel', platform: 'PC' }), context: {} };
    expect(await detectHost()).toEqual({ kind: 'excel' });
  });

  it('is file mode outside Office (host null), without Office.js, when onReady fails or never answers', async () => {
    g.Office = { onReady: () => Promise.resolve({ host: null, platform: null }), context: { host: null } };
    expect(await detectHost()).toMatchObject({ kind: 'file', reason: expect.stringContaining('utanför Excel') });
    delete g.Office;
    expect(await detectHost()).toMatchObject({ kind: 'file', reason: expect.stringContaining('kunde inte laddas') });
    g.Office = { onReady: () => Promise.reject(new Error('boom')) };
    expect(await detectHost()).toMatchObject({ kind: 'file', reason: expect.stringContaining('kunde inte starta') });
    g.Office = { onReady: () => new Promise(() => undefined) };
    expect(await detectHost(20)).toMatchObject({ kind: 'file', reason: expect.stringContaining('svarade inte') });
  });
});

describe('openPreferences', () => {
  it('reads a choice saved through office-js-helpers (key @insatsbedomning/<key>, JSON value) and writes the same way', () => {
    const local = fakeLocalStorage({ '@insatsbedomning/sheet': JSON.stringify('Ansökningar 2026') });
    g.localStorage = local;
    const prefs = openPreferences();
    expect(prefs.get('sheet')).toBe('Ansökningar 2026');
    prefs.set('boardSigner', 'Anna Ek');
    expect(local.items.get('@insatsbedomning/boardSigner')).toBe('"Anna Ek"');
    prefs.set('sheet', null);
    expect(prefs.get('sheet')).toBeNull();
    expect(prefs.get('missing')).toBeNull();
  });

  it('keys by Office.context.partitionKey where Office partitions storage', () => {
    const local = fakeLocalStorage();
    g.localStorage = local;
    g.Office = { context: { partitionKey: 'wb-1' } };
    openPreferences().set('sheet', 'Blad1');
    expect([...local.items.keys()]).toEqual(['wb-1/@insatsbedomning/sheet']);
  });

  it('keeps choices in memory where localStorage is blocked', () => {
    g.localStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => undefined,
    };
    const prefs = openPreferences();
    prefs.set('sheet', 'Blad1');
    expect(prefs.get('sheet')).toBe('Blad1');
  });
});

describe('downloadsBlocked', () => {
  it('names Excel for Mac and iPad, and nothing elsewhere', () => {
    for (const [platform, expected] of [
      ['Mac', 'Excel för Mac tar inte emot filer från tillägg'],
      ['iOS', 'Excel för iPad tar inte emot filer från tillägg'],
      ['PC', null],
      ['OfficeOnline', null],
    ] as const) {
      g.Office = { context: { platform } };
      expect(downloadsBlocked()).toBe(expected);
    }
  });
});
