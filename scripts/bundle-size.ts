/**
 * Bundle sizes of the task pane, minified and gzip: the Excel-mode part (the entry plus any
 * lazy chunk that is not one of the on-demand parts below) and the lazily loaded file-mode part
 * (the file port: fflate, saxes and src/adapters/ooxml). On demand, apart: the review view, the
 * board papers' export (with the meeting's list and protokollsutdrag), the follow-up report's export
 * (the Uppföljning sheet and the Word file with its charts) and the rule check (the schema check, fetched only for a workbook's
 * Regelparametrar: the build already checked the bundled rule files, scripts/check-rules.js). Targets: at most 300 kB minified for the Excel mode,
 * at most 150 kB for file mode (issue 10).
 *
 *   npm run size                 builds into a temporary directory and prints the sizes
 *   bundleSizes()                the same, for `npm run bench`
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const REPO_ROOT = resolve(__dirname, '..');
/** The issue's target for what Excel loads, in bytes (kB = 1000 bytes). */
export const EXCEL_MODE_LIMIT = 300_000;
/** The target for the file-mode part (issue 10), in bytes. */
export const FILE_MODE_LIMIT = 150_000;

export interface PartSize {
  files: string[];
  minified: number;
  gzip: number;
}

export interface BundleReport {
  excelMode: PartSize;
  fileMode: PartSize;
  /** The review view, loaded in either mode when the user first opens it. */
  review: PartSize;
  /** The board papers' Word export (docx), loaded only when exporting; with the meeting view's list and protokollsutdrag. */
  board: PartSize;
  /** The follow-up report's export (the Uppföljning sheet's plan, followup-docx and docx's charts split off from it), loaded only by Exportera uppföljning. */
  followUp: PartSize;
  /** The schema check (rule-check chunk), loaded only when a workbook overrides parameters. */
  ruleCheck: PartSize;
  limit: number;
  withinLimit: boolean;
  fileModeLimit: number;
  fileModeWithinLimit: boolean;
}

interface StatsChunk {
  files: string[];
  initial: boolean;
  names: string[];
  origins: { request?: string; moduleName?: string }[];
}
interface Stats {
  entrypoints: Record<string, { assets: { name: string }[] }>;
  chunks: StatsChunk[];
}

function measure(dir: string, files: string[]): PartSize {
  let minified = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    minified += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, minified, gzip };
}

/** Sizes from a build directory and its webpack stats. */
export function sizesFromStats(dir: string, stats: Stats): BundleReport {
  const js = (name: string) => name.endsWith('.js');
  const entry = stats.entrypoints.taskpane.assets.map((a) => a.name).filter(js);
  const lazy = stats.chunks.filter((c) => !c.initial);
  // A lazy chunk belongs to file mode when it is loaded by the import('./file-mode') (directly or split off from it),
  // or is file mode's Web Worker (started by file-mode-worker-start.ts) or split off from it; what the worker shares
  // with the Excel mode is the `core` chunk of the entry, counted there.
  const isFileMode = (c: StatsChunk) =>
    c.origins.some((o) => /file-mode/.test(o.request ?? '') || /file-mode-worker/.test(o.moduleName ?? '')) || c.names.includes('file-mode');
  // Likewise the review view, loaded by import('./review/review-view') only when it is opened.
  const isReview = (c: StatsChunk) => !isFileMode(c) && (c.origins.some((o) => /review\/review-view/.test(o.request ?? '')) || c.names.includes('review'));
  const fileModeFiles = lazy.filter(isFileMode).flatMap((c) => c.files).filter(js);
  const reviewFiles = lazy.filter(isReview).flatMap((c) => c.files).filter(js);
  const otherLazy = lazy.filter((c) => !isFileMode(c) && !isReview(c)).flatMap((c) => c.files).filter(js);
  // The board papers' Word export (docx) is its own lazy part too: fetched only when exporting.
  // After the meeting (meeting-view.ts): the ärenden's list, loaded by the view's steps, which all run with the board chunk.
  const isBoard = (c: StatsChunk) =>
    c.origins.some((o) => /(^|\/)board(\/docx)?$|board\/minutes-docx$|meeting-items$/.test(o.request ?? '')) || c.names.some((n) => n === 'board' || n === 'board-docx' || n === 'meeting');
  const boardFiles = lazy.filter((c) => !isFileMode(c) && isBoard(c)).flatMap((c) => c.files).filter(js);
  // The follow-up report's export: the Uppföljning sheet's plan (import('./followup/sheet') in job.ts, taken only for
  // options.followUp, which only Exportera uppföljning sets), the .docx (import('./followup-download') in
  // followup-export.ts, with src/board/followup-docx.ts) and what webpack splits off from it alone (docx's charts); a chunk it shares with the board export
  // (the docx library) is counted with the board papers.
  const isFollowUpDocx = (c: StatsChunk) =>
    !isFileMode(c) &&
    !isBoard(c) &&
    (c.names.includes('followup-docx') || c.names.includes('followup') || (c.origins.length > 0 && c.origins.every((o) => /board\/followup-docx$|followup-download$|(^|\/)followup\/sheet$/.test(o.request ?? ''))));
  const followUpFiles = lazy.filter(isFollowUpDocx).flatMap((c) => c.files).filter(js);
  // The schema check: import('../generated/ruleset-validator'), taken only for workbook overrides.
  const isRuleCheck = (c: StatsChunk) => !isFileMode(c) && (c.names.includes('rule-check') || c.origins.some((o) => /generated\/ruleset-validator/.test(o.request ?? '')));
  const ruleCheckFiles = lazy.filter(isRuleCheck).flatMap((c) => c.files).filter(js);
  const excelMode = measure(dir, [...entry, ...otherLazy.filter((f) => !boardFiles.includes(f) && !followUpFiles.includes(f) && !ruleCheckFiles.includes(f))]);
  const fileMode = measure(dir, fileModeFiles);
  return {
    excelMode, fileMode, board: measure(dir, boardFiles), followUp: measure(dir, followUpFiles), review: measure(dir, reviewFiles), ruleCheck: measure(dir, ruleCheckFiles),
    limit: EXCEL_MODE_LIMIT, withinLimit: excelMode.minified <= EXCEL_MODE_LIMIT,
    fileModeLimit: FILE_MODE_LIMIT, fileModeWithinLimit: fileMode.minified <= FILE_MODE_LIMIT,
  };
}

/** Runs a production build into a temporary directory and measures it. */
export function bundleSizes(): BundleReport {
  const dir = mkdtempSync(join(tmpdir(), 'insats-size-'));
  const statsFile = join(dir, 'stats.json');
  try {
    const cli = join(REPO_ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
    const build = spawnSync(process.execPath, [cli, '--mode', 'production', '--json', statsFile], {
      cwd: REPO_ROOT,
      // Sizes do not depend on where the pane is hosted; a production build needs some ADDIN_URL.
      env: { ...process.env, DIST_DIR: join(dir, 'dist'), ADDIN_URL: process.env.ADDIN_URL ?? 'https://insatsbedomning.example.org/' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (build.status !== 0) throw new Error(`webpack misslyckades:\n${build.stdout}\n${build.stderr}`);
    return sizesFromStats(join(dir, 'dist'), JSON.parse(readFileSync(statsFile, 'utf8')) as Stats);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

export function formatReport(r: BundleReport): string {
  return [
    `Excel-läget (taskpane): ${kB(r.excelMode.minified)} minifierat, ${kB(r.excelMode.gzip)} gzip` +
      ` — mål högst ${kB(r.limit)}: ${r.withinLimit ? 'inom målet' : `${kB(r.excelMode.minified - r.limit)} över`}`,
    `Filläget (laddas vid behov): ${kB(r.fileMode.minified)} minifierat, ${kB(r.fileMode.gzip)} gzip (${r.fileMode.files.map((f) => f.replace(/\.[0-9a-f]{8}\.js$/, '')).join(' + ')})` +
      ` — mål högst ${kB(r.fileModeLimit)}: ${r.fileModeWithinLimit ? 'inom målet' : `${kB(r.fileMode.minified - r.fileModeLimit)} över`}`,
    `Granskningsvyn (laddas när den öppnas): ${kB(r.review.minified)} minifierat, ${kB(r.review.gzip)} gzip`,
    `Styrelseunderlaget (laddas vid export; med docx för Word): ${kB(r.board.minified)} minifierat, ${kB(r.board.gzip)} gzip`,
    `Uppföljningsrapporten (laddas vid Exportera uppföljning; bladet Uppföljning och docx med diagram): ${kB(r.followUp.minified)} minifierat, ${kB(r.followUp.gzip)} gzip`,
    `Regelkontrollen (schemat; laddas bara när arbetsboken har egna regelparametrar, de inbyggda regelfilerna kontrolleras när tillägget byggs): ${kB(r.ruleCheck.minified)} minifierat, ${kB(r.ruleCheck.gzip)} gzip`,
  ].join('\n');
}

if (require.main === module) console.log(formatReport(bundleSizes()));
