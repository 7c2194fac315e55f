/**
 * scripts/bundle-size.ts on a made-up build: the Excel-mode total is the entry plus lazy chunks
 * that belong to no on-demand part; the rule check (schema check) is reported apart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, sizesFromStats } from '../../scripts/bundle-size';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'insats-size-test-'));
  const sizes: Record<string, number> = { 'taskpane.js': 1000, 'rule-check.js': 300, 'file-mode.js': 200, 'review.js': 50, 'board.js': 70, 'other.js': 7 };
  for (const [name, bytes] of Object.entries(sizes)) writeFileSync(join(dir, name), 'x'.repeat(bytes));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chunk = (file: string, names: string[], request?: string) => ({ files: [file, `${file}.map`], initial: false, names, origins: [{ request }] });

test('the rule check is its own part and not in the Excel-mode total', () => {
  const report = sizesFromStats(dir, {
    entrypoints: { taskpane: { assets: [{ name: 'taskpane.js' }, { name: 'taskpane.js.map' }] } },
    chunks: [
      { files: ['taskpane.js'], initial: true, names: ['taskpane'], origins: [] },
      chunk('rule-check.js', ['rule-check'], '../generated/ruleset-validator'),
      chunk('file-mode.js', ['file-mode'], './file-mode'),
      chunk('review.js', ['review'], './review/review-view'),
      chunk('board.js', ['board'], './board'),
      chunk('other.js', [], './something-else'),
    ],
  });
  expect(report.ruleCheck.files).toEqual(['rule-check.js']);
  expect(report.ruleCheck.minified).toBe(300);
  // Entry plus the lazy chunk no part claims: what a run without overrides may load.
  expect(report.excelMode.files).toEqual(['taskpane.js', 'other.js']);
  expect(report.excelMode.minified).toBe(1007);
  expect([report.fileMode.minified, report.review.minified, report.board.minified]).toEqual([200, 50, 70]);
  expect(formatReport(report)).toMatch(/^Regelkontrollen \(schemat; laddas bara när arbetsboken har egna regelparametrar.*\): 0\.3 kB minifierat/m);
});

test('a rule check chunk found by its request alone, under another name, is still apart', () => {
  const report = sizesFromStats(dir, {
    entrypoints: { taskpane: { assets: [{ name: 'taskpane.js' }] } },
    chunks: [chunk('rule-check.js', ['123'], '../generated/ruleset-validator')],
  });
  expect(report.ruleCheck.minified).toBe(300);
  expect(report.excelMode.files).toEqual(['taskpane.js']);
});

test("file mode's worker and what is split off from it are file mode; the core it shares with the entry is Excel mode", () => {
  const worker = { origins: [{ moduleName: './src/taskpane/file-mode-worker-start.ts' }], initial: false };
  const report = sizesFromStats(dir, {
    entrypoints: { taskpane: { assets: [{ name: 'other.js' }, { name: 'taskpane.js' }] } },
    chunks: [
      { files: ['other.js'], initial: true, names: ['core'], origins: [{ moduleName: './src/taskpane/file-mode-worker-start.ts' }, { request: './src/taskpane/taskpane.ts' }] },
      { files: ['taskpane.js'], initial: true, names: ['taskpane'], origins: [] },
      { ...worker, files: ['file-mode.js'], names: ['file-mode-worker'] },
      { ...worker, files: ['review.js'], names: [] },
    ],
  });
  expect(report.fileMode.files).toEqual(['file-mode.js', 'review.js']);
  expect(report.excelMode.files).toEqual(['other.js', 'taskpane.js']);
  expect(report.excelMode.minified).toBe(1007);
});

test("the follow-up report's Word export and what is split off from it alone are their own part; docx shared with the board papers is the board's", () => {
  const report = sizesFromStats(dir, {
    entrypoints: { taskpane: { assets: [{ name: 'taskpane.js' }] } },
    chunks: [
      { files: ['taskpane.js'], initial: true, names: ['taskpane'], origins: [] },
      chunk('review.js', ['followup-docx'], '../board/followup-docx'),
      chunk('file-mode.js', [], './followup-download'),
      { files: ['board.js'], initial: false, names: [], origins: [{ request: '../board/followup-docx' }, { request: '../board/docx' }] },
      chunk('rule-check.js', ['meeting'], './meeting-items'),
      chunk('other.js', ['123'], './followup/sheet'),
    ],
  });
  // The Uppföljning sheet's plan is taken only for Exportera uppföljning (options.followUp): the follow-up part.
  expect(report.followUp.files).toEqual(['review.js', 'file-mode.js', 'other.js']);
  expect(report.board.files).toEqual(['board.js', 'rule-check.js']);
  expect(report.excelMode.files).toEqual(['taskpane.js']);
  expect(formatReport(report)).toMatch(/^Uppföljningsrapporten \(laddas vid Exportera uppföljning; bladet Uppföljning och docx med diagram\): 0\.3 kB minifierat/m);
});
