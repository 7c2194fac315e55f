/**
 * manifest.xml: the XSD check (xmllint) and the project's own checks, plus proof that each own
 * check catches what it is for. The built manifest (origin substituted) is checked by the
 * browser tests, which build the pane anyway.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { REQUIRED_EXCEL_API } from '../../src/adapters/office/workbook';
import { checkManifest, DEV_ORIGIN, MANIFEST_PATH, sourceFileForPath, validateWithXsd, XSD_DIR, XSD_PATH } from '../../scripts/validate-manifest';

const manifest = readFileSync(MANIFEST_PATH, 'utf8');
const check = (xml: string) => checkManifest(xml, { fileForPath: sourceFileForPath });
const hasXmllint = spawnSync('xmllint', ['--version']).error === undefined;
const hasSchemas = existsSync(XSD_PATH);

/**
 * The XSD check needs xmllint and Microsoft's manifest schemas, which live outside the repository
 * (../shared/xsd/office-addin-manifest/ beside it, or MANIFEST_XSD_DIR). Without either the tests are skipped with the
 * reason in their title. Under CI=true a missing xmllint fails (.ci/run installs it); missing schemas
 * are still a visible skip, since no package installs them and a clone without ../shared has none.
 */
function xsdSkipReason(): string | null {
  if (!hasXmllint && process.env.CI !== 'true') return 'xmllint saknas: apt-get install -y --no-install-recommends libxml2-utils';
  if (!hasSchemas) return `schemana saknas: lägg OfficeAppManifestV1_1.xsd och de scheman den importerar i ${XSD_DIR} (../shared/xsd/office-addin-manifest/ bredvid repot) eller ange mappen med MANIFEST_XSD_DIR`;
  return null;
}
const XSD_SKIP = xsdSkipReason();
// Said once in the run's output too, since jest lists skipped titles only per file or with --verbose.
if (XSD_SKIP) console.warn(`Manifestets XSD-kontroll hoppas över: ${XSD_SKIP}.`);
const xsdTest = (name: string, fn: () => void) => (XSD_SKIP ? test.skip(`${name} (hoppas över: ${XSD_SKIP})`, fn) : test(name, fn));

describe('manifest.xml', () => {
  test('passes the project checks (resid, https on one host, icon files and sizes, policy)', () => {
    expect(check(manifest)).toEqual([]);
  });

  xsdTest('validates against the shared manifest XSDs', () => {
    const result = validateWithXsd(MANIFEST_PATH);
    expect(result.message).toMatch(/validates/);
    expect(result).toMatchObject({ ran: true, ok: true });
  });

  test('declares the ExcelApi set the Office adapter requires, no more and no less', () => {
    const doc = new DOMParser().parseFromString(manifest, 'text/xml');
    const sets = Array.from(doc.getElementsByTagName('Set')).filter((e) => e.getAttribute('Name') === 'ExcelApi');
    expect(sets.map((e) => e.getAttribute('MinVersion'))).toEqual([REQUIRED_EXCEL_API]);
  });

  test('uses the development origin everywhere (the build substitutes it)', () => {
    expect(checkManifest(manifest, { fileForPath: sourceFileForPath, origin: DEV_ORIGIN })).toEqual([]);
  });
});

describe('the manifest checks catch', () => {
  test('a resid that resolves to nothing, or to the wrong kind of resource', () => {
    expect(check(manifest.replace('<Label resid="Group.Label"/>', '<Label resid="Group.Missing"/>'))).toEqual(
      expect.arrayContaining([expect.stringContaining('resid "Group.Missing" på <Label> pekar inte på någon resurs')]),
    );
    expect(check(manifest.replace('<SourceLocation resid="Taskpane.Url"/>', '<SourceLocation resid="Group.Label"/>'))).toEqual(
      expect.arrayContaining([expect.stringContaining('pekar på bt:ShortStrings, ska vara bt:Urls')]),
    );
  });

  test('a URL that is not https or not on the one host', () => {
    const http = check(manifest.replace('https://localhost:3000/help.html"/>', 'http://localhost:3000/help.html"/>'));
    expect(http).toEqual(expect.arrayContaining([expect.stringContaining('använder inte https')]));
    const other = check(manifest.replace('<SupportUrl DefaultValue="https://localhost:3000/help.html"/>', '<SupportUrl DefaultValue="https://example.org/help.html"/>'));
    expect(other).toEqual(expect.arrayContaining([expect.stringContaining('ligger inte på https://localhost:3000')]));
  });

  test('an icon file that is missing or not the size it claims', () => {
    const wrongSize = check(manifest.replace('id="Icon.16x16" DefaultValue="https://localhost:3000/assets/icon-16.png"', 'id="Icon.16x16" DefaultValue="https://localhost:3000/assets/icon-32.png"'));
    expect(wrongSize).toEqual(expect.arrayContaining([expect.stringContaining('är 32×32 px, ska vara 16×16')]));
    const highRes = check(manifest.replace('assets/icon-64.png', 'assets/icon-80.png'));
    expect(highRes).toEqual(expect.arrayContaining([expect.stringMatching(/HighResolutionIconUrl.*80×80 px, ska vara 64×64/)]));
    const missing = check(manifest.replace('assets/icon-80.png', 'assets/icon-81.png'));
    expect(missing).toEqual(expect.arrayContaining([expect.stringContaining('icon-81.png finns inte')]));
  });

  test('a string without an en-US override, an unused resource, more permissions', () => {
    const noEnglish = check(manifest.replace('<bt:Override Locale="en-US" Value="Initiative assessment"/>', ''));
    expect(noEnglish).toEqual(expect.arrayContaining([expect.stringContaining('id="Group.Label"> saknar en-US-översättning')]));
    const unused = check(manifest.replace('<LearnMoreUrl resid="Help.Url"/>', '<LearnMoreUrl resid="Taskpane.Url"/>'));
    expect(unused).toEqual(expect.arrayContaining([expect.stringContaining('Resursen "Help.Url" används inte')]));
    const permissions = check(manifest.replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadWriteDocument</Permissions><Permissions>ReadDocument</Permissions>'));
    expect(permissions).toEqual(expect.arrayContaining([expect.stringContaining('Permissions ska vara exakt ReadWriteDocument')]));
  });

  xsdTest('xmllint reports a manifest that breaks the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'insats-manifest-'));
    try {
      const broken = join(dir, 'manifest.xml');
      writeFileSync(broken, manifest.replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>EverythingPlease</Permissions>'));
      const result = validateWithXsd(broken, XSD_PATH);
      expect(result).toMatchObject({ ran: true, ok: false });
      expect(result.message).toMatch(/Permissions/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
