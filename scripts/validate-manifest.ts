/**
 * `npm run validate`: checks manifest.xml offline, then tries Microsoft's online validator.
 *
 * 1. xmllint against the manifest XSDs in ../shared/xsd/office-addin-manifest/ (schema rules).
 * 2. The project's own checks, which a schema cannot express: every resid resolves to a
 *    resource of the right kind, every URL is https on one origin and names a file the build
 *    serves, every icon exists with the pixel size it claims, and a few policy points
 *    (ReadWriteDocument only, sv-SE default with en-US overrides, an ExcelApi requirement).
 * 3. `office-addin-manifest validate`, which needs an online service; when it cannot be
 *    reached this says so in one line and does not fail.
 *
 * The checks are exported for test/manifest/ and for checking dist/manifest.xml after a build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { imageSize } from 'image-size';

export const REPO_ROOT = resolve(__dirname, '..');
export const MANIFEST_PATH = join(REPO_ROOT, 'manifest.xml');
/** Where the manifest schemas go: beside the repository in ../shared/xsd/office-addin-manifest/, or the folder MANIFEST_XSD_DIR names. */
export const XSD_DIR = process.env.MANIFEST_XSD_DIR ? resolve(process.env.MANIFEST_XSD_DIR) : resolve(REPO_ROOT, '..', 'shared', 'xsd', 'office-addin-manifest');
export const XSD_PATH = join(XSD_DIR, 'OfficeAppManifestV1_1.xsd');
/** The development origin written in manifest.xml; the build replaces it with ADDIN_URL. */
export const DEV_ORIGIN = 'https://localhost:3000';

const NS = {
  app: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

/** Which resource list a resid must point into, by the element that carries it. */
const RESID_KIND: Record<string, 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings'> = {
  Image: 'Images',
  SourceLocation: 'Urls',
  LearnMoreUrl: 'Urls',
  FunctionFile: 'Urls',
  Label: 'ShortStrings',
  Title: 'ShortStrings',
  Description: 'LongStrings',
};

/** Pixel sizes Office expects for the top-level icon elements. */
const TOP_LEVEL_ICON_SIZES: Record<string, number> = { IconUrl: 32, HighResolutionIconUrl: 64 };

export interface ManifestCheckOptions {
  /** Maps a URL path on the add-in origin (`/assets/icon-16.png`) to a local file, or null when nothing serves it. */
  fileForPath: (urlPath: string) => string | null;
  /** The origin every URL must use; by default the one the first URL uses. */
  origin?: string;
}

/** Source files that the build serves at each URL path (what webpack.config.js emits). */
export function sourceFileForPath(urlPath: string): string | null {
  const rel = urlPath.replace(/^\//, '');
  if (/^assets\/[\w.-]+\.png$/.test(rel)) return join(REPO_ROOT, rel);
  if (/^[\w-]+\.html$/.test(rel)) return join(REPO_ROOT, 'src', 'taskpane', rel);
  return null;
}

/** Files of a built dist/ directory, for checking the manifest the build wrote. */
export function distFileForPath(distDir: string): (urlPath: string) => string | null {
  return (urlPath) => join(distDir, urlPath.replace(/^\//, ''));
}

function elements(doc: { getElementsByTagName(name: string): ArrayLike<Element> }): Element[] {
  return Array.from(doc.getElementsByTagName('*'));
}

/**
 * The project's own manifest checks. Returns the problems found (Swedish), empty when the
 * manifest is fine. Throws only when the text is not well-formed XML.
 */
export function checkManifest(xml: string, options: ManifestCheckOptions): string[] {
  const problems: string[] = [];
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'OfficeApp' || root.namespaceURI !== NS.app) {
    return ['Rotelementet är inte OfficeApp i namnrymden appforoffice/1.1.'];
  }
  if (root.getAttributeNS(NS.xsi, 'type') !== 'TaskPaneApp') problems.push('OfficeApp har inte xsi:type="TaskPaneApp".');
  const all = elements(doc);
  const byName = (name: string) => all.filter((e) => e.localName === name);
  const text = (name: string) => byName(name)[0]?.textContent?.trim() ?? '';

  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text('Id'))) problems.push(`Id är inget GUID: "${text('Id')}".`);
  const permissions = byName('Permissions').map((e) => e.textContent?.trim());
  if (permissions.length !== 1 || permissions[0] !== 'ReadWriteDocument') {
    problems.push(`Permissions ska vara exakt ReadWriteDocument, är ${JSON.stringify(permissions)}.`);
  }
  if (text('DefaultLocale') !== 'sv-SE') problems.push(`DefaultLocale ska vara sv-SE, är "${text('DefaultLocale')}".`);
  const displayName = byName('DisplayName')[0]?.getAttribute('DefaultValue');
  if (displayName !== 'Insatsbedömning') problems.push(`DisplayName ska vara Insatsbedömning, är "${displayName}".`);
  const excelApi = byName('Set').find((e) => e.getAttribute('Name') === 'ExcelApi');
  if (!excelApi?.getAttribute('MinVersion')) problems.push('Kravet på ExcelApi (Requirements/Sets/Set Name="ExcelApi" MinVersion) saknas.');

  // Resources by kind and id; a duplicate id would make a resid ambiguous.
  const resources = new Map<string, { kind: string; element: Element }>();
  for (const kind of ['Images', 'Urls', 'ShortStrings', 'LongStrings']) {
    for (const list of byName(kind).filter((e) => e.namespaceURI === NS.bt)) {
      for (const item of Array.from(list.childNodes).filter((n): n is Element => n.nodeType === 1)) {
        const id = item.getAttribute('id') ?? '';
        if (resources.has(id)) problems.push(`Resurs-id "${id}" finns mer än en gång.`);
        resources.set(id, { kind, element: item });
      }
    }
  }
  const used = new Set<string>();
  for (const e of all.filter((el) => el.hasAttribute('resid'))) {
    const resid = e.getAttribute('resid') ?? '';
    used.add(resid);
    const target = resources.get(resid);
    const wanted = RESID_KIND[e.localName ?? ''];
    if (!target) problems.push(`resid "${resid}" på <${e.localName}> pekar inte på någon resurs.`);
    else if (wanted && target.kind !== wanted) {
      problems.push(`resid "${resid}" på <${e.localName}> pekar på bt:${target.kind}, ska vara bt:${wanted}.`);
    }
  }
  for (const id of resources.keys()) if (!used.has(id)) problems.push(`Resursen "${id}" används inte av något resid.`);

  // Strings: every Swedish default has an en-US override.
  for (const e of all.filter((el) => ['DisplayName', 'Description'].includes(el.localName ?? '') && el.hasAttribute('DefaultValue'))
    .concat([...resources.values()].filter((r) => r.kind.endsWith('Strings')).map((r) => r.element))) {
    const overrides = Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1 && n.localName === 'Override');
    if (!overrides.some((o) => o.getAttribute('Locale') === 'en-US' && o.getAttribute('Value'))) {
      problems.push(`<${e.localName}${e.getAttribute('id') ? ` id="${e.getAttribute('id')}"` : ''}> saknar en-US-översättning (Override Locale="en-US").`);
    }
  }

  // URLs: https, one origin, something the build serves; icons with the size they claim.
  const urls: { url: string; where: string; size: number | null }[] = [];
  for (const e of all) {
    const name = e.localName ?? '';
    // Image resources are checked below, once per reference, with the size that reference claims.
    if (name === 'Image' && e.hasAttribute('id')) continue;
    for (const attr of ['DefaultValue', 'Value']) {
      const value = e.getAttribute(attr);
      if (!value || !/^[a-z][a-z0-9+.-]*:/i.test(value)) continue;
      urls.push({ url: value, where: `<${name}${e.getAttribute('id') ? ` id="${e.getAttribute('id')}"` : ''}>`, size: TOP_LEVEL_ICON_SIZES[name] ?? null });
    }
  }
  for (const ref of all.filter((e) => e.localName === 'Image' && e.hasAttribute('resid') && e.hasAttribute('size'))) {
    const target = resources.get(ref.getAttribute('resid') ?? '');
    const url = target?.element.getAttribute('DefaultValue');
    if (url) urls.push({ url, where: `<bt:Image size="${ref.getAttribute('size')}" resid="${ref.getAttribute('resid')}">`, size: Number(ref.getAttribute('size')) });
  }
  const origin = options.origin ?? (urls[0] ? safeOrigin(urls[0].url) : null);
  for (const { url, where, size } of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`${where}: "${url}" är ingen giltig URL.`);
      continue;
    }
    if (parsed.protocol !== 'https:') problems.push(`${where}: "${url}" använder inte https.`);
    if (parsed.origin !== origin) problems.push(`${where}: "${url}" ligger inte på ${origin}.`);
    const file = options.fileForPath(parsed.pathname);
    if (!file) {
      problems.push(`${where}: ingen fil i bygget svarar mot ${parsed.pathname}.`);
      continue;
    }
    if (!existsSync(file)) {
      problems.push(`${where}: filen ${file} finns inte.`);
      continue;
    }
    if (size !== null) {
      const dim = imageSize(readFileSync(file));
      if (dim.width !== size || dim.height !== size) {
        problems.push(`${where}: ${file} är ${dim.width}×${dim.height} px, ska vara ${size}×${size}.`);
      }
    }
  }
  return problems;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export interface XsdResult {
  /** False when the check could not run (xmllint or the schemas missing); `message` says why. */
  ran: boolean;
  ok: boolean;
  message: string;
}

/** Validates a manifest file against the shared XSDs with xmllint. */
export function validateWithXsd(manifestPath: string, xsdPath = XSD_PATH): XsdResult {
  if (!existsSync(xsdPath)) {
    return {
      ran: false,
      ok: false,
      message: `Schemat saknas: ${xsdPath}. Lägg Microsofts manifestscheman (OfficeAppManifestV1_1.xsd och de den importerar) i ../shared/xsd/office-addin-manifest/ bredvid repot, eller ange mappen med MANIFEST_XSD_DIR.`,
    };
  }
  const run = spawnSync('xmllint', ['--noout', '--schema', xsdPath, manifestPath], { encoding: 'utf8' });
  if (run.error) {
    return { ran: false, ok: false, message: 'xmllint saknas: installera det med `apt-get install -y --no-install-recommends libxml2-utils`.' };
  }
  const output = `${run.stdout}${run.stderr}`.trim();
  return { ran: true, ok: run.status === 0, message: output };
}

export interface OnlineResult {
  reachable: boolean;
  ok: boolean;
  message: string;
}

/** Microsoft's online validator (office-addin-manifest). Unreachable is reported, not failed. */
export function validateOnline(manifestPath: string): OnlineResult {
  const cli = join(REPO_ROOT, 'node_modules', 'office-addin-manifest', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'validate', manifestPath], { encoding: 'utf8', timeout: 60_000 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  const offline = /Unable to contact|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|fetch failed|network/i.test(output) || run.error != null;
  if (offline) {
    return { reachable: false, ok: true, message: 'Onlinevalideringen (office-addin-manifest validate) kunde inte nå Microsofts tjänst; offlinekontrollerna ovan gäller.' };
  }
  return { reachable: true, ok: run.status === 0, message: output };
}

function main(): number {
  const manifestPath = process.argv[2] ? resolve(process.argv[2]) : MANIFEST_PATH;
  const distDir = process.argv[2] ? resolve(manifestPath, '..') : null;
  let failed = false;

  const xsd = validateWithXsd(manifestPath);
  if (!xsd.ran || !xsd.ok) failed = true;
  console.log(xsd.ok ? `XSD: ${manifestPath} följer OfficeAppManifestV1_1.xsd.` : `XSD: ${xsd.message}`);

  const problems = checkManifest(readFileSync(manifestPath, 'utf8'), {
    fileForPath: distDir ? distFileForPath(distDir) : sourceFileForPath,
  });
  if (problems.length) {
    failed = true;
    console.log(`Egna kontroller: ${problems.length} fel`);
    for (const p of problems) console.log(`  - ${p}`);
  } else {
    console.log('Egna kontroller: resid, URL:er (https, en värd) och ikonstorlekar stämmer.');
  }

  const online = validateOnline(manifestPath);
  if (!online.ok) failed = true;
  console.log(online.reachable ? `Online: ${online.message}` : online.message);
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
