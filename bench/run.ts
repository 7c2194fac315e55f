/**
 * `npm run bench`: one run on generated workbooks of 1 000, 10 000 and 50 000 rows.
 * Each measurement runs in its own process (peak memory is that process's maxRSS).
 * Prints one Markdown table set and writes it, with the machine, to docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const DIR = path.join(os.tmpdir(), 'insatsbedomning-bench');
const REPO = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, 'child.js');

interface Measure {
  ms: number;
  maxRssKb: number;
  engineMs?: number;
}

function child<T>(...args: string[]): T {
  const text = execFileSync(process.execPath, ['--max-old-space-size=8192', CHILD, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(text.trim().split('\n').pop()!) as T;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('sv-SE', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (kb: number) => fmt(kb / 1024);

function main() {
  mkdirSync(DIR, { recursive: true });
  const lines: string[] = [];
  const log = (s = '') => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  const machine = `${os.cpus()[0]?.model ?? 'okänd processor'}, ${os.cpus().length} kärnor, ${fmt(os.totalmem() / 2 ** 30)} GiB minne, ${os.type()} ${os.release()}, Node ${process.version}`;
  log('# Prestandamätning');
  log();
  log(`Maskin: ${machine}. Körd ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC med \`npm run bench\` (en körning per mått, varje mått i en egen process).`);
  log();
  log('## Hela kommandoraden mot ExcelJS läs + skriv av samma fil');
  log();
  log('| rader | läs + skriv (ms) | bedömning (ms) | tid, kvot | minne läs + skriv (MB) | minne bedömning (MB) | minne, kvot | motorns andel av tiden | läs + skriv av den bedömda filen (ms / MB) |');
  log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of SIZES) {
    const file = path.join(DIR, `ansokningar-${n}.xlsx`);
    if (!existsSync(file)) child('generate', String(n), file);
    const bare = child<Measure>('bare', file, path.join(DIR, `bare-${n}.xlsx`));
    const assessed = path.join(DIR, `bedomd-${n}.xlsx`);
    const assess = child<Measure>('assess', file, assessed);
    // For comparison: ExcelJS alone on the output, which holds five more columns of text.
    const bareOut = child<Measure>('bare', assessed, path.join(DIR, `bare-bedomd-${n}.xlsx`));
    log(
      `| ${fmt(n)} | ${fmt(bare.ms)} | ${fmt(assess.ms)} | ${fmt(assess.ms / bare.ms, 2)} | ${mb(bare.maxRssKb)} | ${mb(assess.maxRssKb)} | ${fmt(assess.maxRssKb / bare.maxRssKb, 2)} | ${fmt((100 * (assess.engineMs ?? 0)) / assess.ms, 1)} % | ${fmt(bareOut.ms)} / ${mb(bareOut.maxRssKb)} |`,
    );
  }
  log();
  log('Mål: högst 1,5 gånger läs + skriv vid 10 000 rader (vi siktar på 1,25), och högst 1,2 gånger minnet vid 50 000 rader.');
  log();
  const phaseRows = SIZES.includes(10000) ? 10000 : SIZES[0];
  const phases = child<Record<string, number>>('phases', path.join(DIR, `ansokningar-${phaseRows}.xlsx`), path.join(DIR, `faser-${phaseRows}.xlsx`));
  log(`Var tiden går vid ${fmt(phaseRows)} rader (samma steg som kommandoraden, vart och ett för sig, ms):`);
  log();
  log('| läsa regelfiler | läsa arbetsboken | bedöma (kärnan) | skriva kolumnerna | spara filen |');
  log('|---:|---:|---:|---:|---:|');
  log(`| ${fmt(phases.rules)} | ${fmt(phases.read)} | ${fmt(phases.assess)} | ${fmt(phases.write)} | ${fmt(phases.save)} |`);
  log();
  log('## Kärnan: json-rules-engine mot en vanlig TypeScript-funktion med samma kontroller');
  log();
  const coreRows = SIZES.includes(10000) ? 10000 : SIZES[0];
  const core = child<{ rows: number; assessMs: number; engineMs: number; plainMs: number; mismatches: number }>('core', path.join(DIR, `ansokningar-${coreRows}.xlsx`));
  log('| rader | hela bedömningen (rader/s) | json-rules-engine (rader/s) | TypeScript-funktion (rader/s) | kvot motor / funktion | olika utfall |');
  log('|---:|---:|---:|---:|---:|---:|');
  const perSec = (ms: number) => fmt((core.rows / ms) * 1000);
  log(`| ${fmt(core.rows)} | ${perSec(core.assessMs)} | ${perSec(core.engineMs)} | ${perSec(core.plainMs)} | ${fmt(core.plainMs / core.engineMs, 4)} | ${core.mismatches} |`);
  log();
  log('"Hela bedömningen" är assessRows: läsa celler, välja regeluppsättning, fakta, motor, portföljpass och texter. Motor och funktion körs på samma fakta; "olika utfall" räknar rader där de inte kom fram till samma sak (ska vara 0).');

  wholeProcess(log);

  // Bundle sizes: a production build of the task pane, measured by scripts/bundle-size.ts.
  log();
  log('## Task pane-paketet (produktionsbygge)');
  log();
  const sizes = execFileSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'scripts/bundle-size.ts'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  for (const line of sizes.trim().split('\n')) log(`- ${line}`);
  writeFileSync(path.join(REPO, 'docs', 'benchmarks.md'), `${lines.join('\n')}\n`);
  process.stdout.write(`\nSkrev docs/benchmarks.md\n`);
}

/** Wall time of a whole process, started and awaited as a user would (median of `runs`). */
function processMs(command: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    execFileSync(command, args, { cwd: REPO, stdio: 'ignore' });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * A small run as a user starts it: `npm run assess` on 200 rows, the whole process (npm, Node
 * start, loading, reading, assessing, writing), against a bare ExcelJS read + write of the same
 * file in a fresh Node process.
 */
function wholeProcess(log: (s?: string) => void): void {
  const rows = 200;
  const runs = 5;
  const file = path.join(DIR, `ansokningar-${rows}.xlsx`);
  if (!existsSync(file)) child('generate', String(rows), file);
  // The compiled command line must be current before timing (npm run assess would rebuild it).
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-cli.js')], { cwd: REPO });
  const bareScript = `const E=require('exceljs');(async()=>{const w=new E.Workbook();await w.xlsx.readFile(${JSON.stringify(file)});await w.xlsx.writeFile(${JSON.stringify(path.join(DIR, `bare-${rows}.xlsx`))});})()`;
  const bare = processMs(process.execPath, ['-e', bareScript], runs);
  const cliArgs = [file, '--out', path.join(DIR, `bedomd-${rows}.xlsx`), '--date', '2026-11-23'];
  const npm = processMs('npm', ['run', '--silent', 'assess', '--', ...cliArgs], runs);
  const node = processMs(process.execPath, [path.join(REPO, 'build', 'cli', 'src', 'cli', 'main.js'), ...cliArgs], runs);
  log();
  log(`## Kommandoraden som hel process, ${fmt(rows)} rader`);
  log();
  log(`Väggtid för hela processen, median av ${runs} körningar (ms):`);
  log();
  log('| ExcelJS läs + skriv i en ny Node-process | `npm run assess` | kvot | `node build/cli/src/cli/main.js` | kvot |');
  log('|---:|---:|---:|---:|---:|');
  log(`| ${fmt(bare)} | ${fmt(npm)} | ${fmt(npm / bare, 2)} | ${fmt(node)} | ${fmt(node / bare, 2)} |`);
  log();
  log('Mål: `npm run assess` högst 1,2 gånger ExcelJS läs + skriv. Skillnaden mellan de två kommandoraderna är npm:s egen start.');
}

main();
