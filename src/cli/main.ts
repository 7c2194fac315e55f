/**
 * Command line: `npm run assess -- [INPUT.xlsx] [--out OUTPUT.xlsx] [--json REPORT.json]
 * [--sheet NAME] [--rules DIR] [--date YYYY-MM-DD] [--help]`.
 * `runCli` does everything and returns the exit code, so tests run it in-process.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { assessWorkbook, formatNumber, type Progress, setLogSha256, summaryLines, toJsonReport, WorkbookError } from '../core';
import { OutputSet, outputRefusal, readWorkbookFile, removeStaleTemporaries, stageWorkbookFile, workbookExtension } from '../node/files';
import { printable } from '../node/terminal';
import { loadRulesetsFromDir } from '../node/rules-dir';
import {
  BOARD_ARG_OPTIONS,
  BOARD_USAGE,
  boardArgs,
  boardDocument,
  boardJobOption,
  boardSummary,
  meetingArgs,
  meetingSummary,
  minutesDocument,
  type BoardArgs,
  type MeetingArgs,
} from './board';
import { FOLLOW_UP_ARG_OPTIONS, FOLLOW_UP_USAGE, followUpArgs, followUpDocument, followUpSummary, type FollowUpArgs } from './followup';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal: progress is shown only then. */
  isTTY: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * The repository root, found from this file rather than the working directory, so `npm run assess`
 * works from anywhere: the nearest directory above with package.json (src/cli/ under ts-node or
 * jest, build/cli/src/cli/ when compiled).
 */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..', '..');
  }
}
const REPO_ROOT = findRepoRoot(__dirname);
const DEFAULT_INPUT = path.join(REPO_ROOT, 'examples', 'ansokningar.xlsx');
const DEFAULT_OUTPUT_DIR = path.join(REPO_ROOT, 'examples', 'out');
const DEFAULT_RULES = path.join(REPO_ROOT, 'rules');

export const USAGE = `Användning: npm run assess -- [INDATA.xlsx] [flaggor]

Bedömer ansökningarna i en Excel-arbetsbok enligt förbundets regelverk och skriver
Status, Bedömning, Förslag till beslut, Regelträffar och Bedömd i kolumner till höger
om ansökningarna. Kolumnerna Chefens beslut och Kommentar skapas men skrivs aldrig över.

  INDATA.xlsx          arbetsboken som ska bedömas
                       (utan: exemplet examples/ansokningar.xlsx, resultat i examples/out/)
  --out FIL.xlsx       var den bedömda arbetsboken sparas
                       (standard: NAMN.bedomd.xlsx bredvid indata; indatafilen ändras
                       bara om --out anger just den)
  --json FIL.json      skriv också en JSON-rapport med varje rad och en sammanställning
                       (inte arbetsboken, den bedömda arbetsboken eller en regelfil)
  --sheet NAMN         bladet med ansökningarna (standard: bladet Ansökningar, annars
                       den första tabell vars rubriker känns igen, annars det aktiva bladet)
  --rules MAPP         mapp med regelverk i JSON (standard: programmets mapp rules/)
  --date ÅÅÅÅ-MM-DD    bedömningsdag, för stämpeln i Bedömd (kl. 12:00) och regler som
                       beror på dagens datum (standard: i dag och nu)
${BOARD_USAGE}${FOLLOW_UP_USAGE}  --debug              vid ett oväntat fel i programmet: skriv också felets detaljer
                       (stackspår) för en felanmälan
  -h, --help           visa den här hjälpen

Slutkod: 0 klart (vilken status raderna än fick), 1 arbetsboken eller regelverken
kunde inte behandlas (då sparas ingen av utdatafilerna), 2 felaktig användning
(då skrivs ingenting).
`;

/** A mistake on the command line: exit 2 with the usage text. */
class UsageError extends Error {}

interface CliArgs {
  help: boolean;
  /** The stack of an unexpected error too, for a bug report. */
  debug: boolean;
  input: string | null;
  out: string | null;
  json: string | null;
  sheet: string | null;
  rules: string | null;
  date: Date | null;
  board: BoardArgs | null;
  meeting?: MeetingArgs | null;
  followUp: FollowUpArgs | null;
  signer: string | null;
}

function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        json: { type: 'string' },
        sheet: { type: 'string' },
        rules: { type: 'string' },
        date: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        debug: { type: 'boolean' },
        ...BOARD_ARG_OPTIONS,
        ...FOLLOW_UP_ARG_OPTIONS,
      },
    });
  } catch (err) {
    throw new UsageError(translateParseError(err));
  }
  const { values, positionals } = parsed;
  const debug = values.debug === true;
  if (values.help) return { help: true, debug, input: null, out: null, json: null, sheet: null, rules: null, date: null, board: null, followUp: null, signer: null };
  const followUp = followUpArgs(values);
  if (typeof followUp === 'string') throw new UsageError(followUp);
  // --signer signs the follow-up too: without --board it belongs to --followup.
  const board = boardArgs(values.board === undefined && followUp?.file ? { ...values, signer: undefined } : values);
  if (typeof board === 'string') throw new UsageError(board);
  const meeting = meetingArgs(values);
  if (typeof meeting === 'string') throw new UsageError(meeting);
  if (positionals.length > 1) throw new UsageError(`Ange högst en arbetsbok (fick ${positionals.length}: ${positionals.join(', ')}).`);
  for (const name of ['out', 'json', 'sheet', 'rules', 'date'] as const) {
    if (values[name] !== undefined && values[name]!.trim() === '') throw new UsageError(`Flaggan --${name} behöver ett värde.`);
  }
  return {
    help: false,
    debug,
    input: positionals[0] ?? null,
    out: values.out ?? null,
    json: values.json ?? null,
    sheet: values.sheet ?? null,
    rules: values.rules ?? null,
    date: values.date === undefined ? null : parseDateArg(values.date),
    board,
    meeting,
    followUp,
    signer: values.signer?.trim() || null,
  };
}

function translateParseError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: string }).code : '';
  const message = err instanceof Error ? err.message : String(err);
  // Node names the option as '-o, --out <value>' or '--out'; the long name is the one the help shows.
  const option = /(--[\w-]+)/u.exec(message)?.[1] ?? /'(-\w)/u.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Okänd flagga: ${option}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing|ambiguous/u.test(message) ? `Flaggan ${option} behöver ett värde.` : `Flaggan ${option} tar inget värde.`;
    default:
      return `Felaktiga argument: ${message}`;
  }
}

/**
 * `--date` fixes the assessment day. The time is set to noon local time, so the day is the
 * same whichever time zone a later step formats it in.
 */
function parseDateArg(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(y, mo - 1, d, 12, 0, 0, 0);
    if (date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d) return date;
  }
  throw new UsageError(`--date ska vara ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-01 (fick "${text}").`);
}

/** `ansokningar.xlsx` → `ansokningar.bedomd.xlsx` in the same directory (an .xlsm stays .xlsm). */
function defaultOutputFor(input: string): string {
  const ext = path.extname(input);
  return path.join(path.dirname(input), `${path.basename(input, ext)}.bedomd${workbookExtension(input)}`);
}

/** A path as the user should read it: relative to the working directory when inside it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Fails early, before a long assessment, when the directory an output goes to does not exist. */
async function checkOutputDir(file: string, label: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const isDir = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new WorkbookError(`Kan inte skriva ${label}: mappen ${path.dirname(label) || dir} finns inte`);
}

/** The same file on disk: same device and inode when it exists, else the same real path. */
interface FileIdentity {
  real: string;
  inode: string | null;
}

/** A path resolved through symbolic links; for a file not yet there, its directory's real path and its name. */
async function identify(file: string): Promise<FileIdentity> {
  const absolute = path.resolve(file);
  const stat = await fs.stat(absolute).catch(() => null);
  const real = stat
    ? await fs.realpath(absolute).catch(() => absolute)
    : path.join(await fs.realpath(path.dirname(absolute)).catch(() => path.dirname(absolute)), path.basename(absolute));
  return { real, inode: stat ? `${stat.dev}:${stat.ino}` : null };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.real === b.real || (a.inode !== null && a.inode === b.inode);
}

/** One file the run writes: the flag that names it, what it is (for messages), where. */
interface RunOutput {
  flag: string;
  what: string;
  file: string;
  label: string;
}

/** What the run reads (the workbook, the rule files) and writes, to refuse an output that would overwrite one of them. */
interface RunFiles {
  input: { file: string; label: string };
  /** The assessed workbook first, then the other outputs. */
  outputs: RunOutput[];
  rulesDir: string;
}

/**
 * The one-line refusal, before anything is read or written, of an output that names a file the
 * run also reads or writes: the workbook (except `--out`: that is how a workbook is assessed in
 * place), another output, or a rule file.
 */
async function clashingOutput(files: RunFiles): Promise<string | null> {
  const input = await identify(files.input.file);
  const ruleNames = await fs.readdir(files.rulesDir).catch(() => [] as string[]);
  const rules = await Promise.all(ruleNames.filter((n) => n.endsWith('.json')).map(async (n) => ({ name: n, id: await identify(path.join(files.rulesDir, n)) })));
  const seen: { output: RunOutput; id: FileIdentity }[] = [];
  for (const [i, output] of files.outputs.entries()) {
    const id = await identify(output.file);
    const rule = rules.find((r) => sameFile(r.id, id));
    if (rule) return `${output.flag} ${output.label} är en regelfil som körningen läser (${rule.name}); välj en annan fil.`;
    if (i > 0 && sameFile(id, input)) return `${output.flag} ${output.label} är arbetsboken som bedöms; välj en annan fil för ${output.what}.`;
    const other = seen.find((s) => sameFile(s.id, id));
    if (other) return `${output.flag} ${output.label} är samma fil som ${other.output.what} (${other.output.label}); välj en annan fil för ${output.what}.`;
    seen.push({ output, id });
  }
  return null;
}

/** Progress on one rewritten stderr line; nothing at all when stderr is not a terminal. */
function progressReporter(io: CliIo) {
  let last = 0;
  let shownAny = false;
  const show = (text: string) => {
    shownAny = true;
    io.stderr.write(`\r\x1b[K${printable(text)}`);
  };
  return {
    stage(text: string) {
      if (io.isTTY) show(text);
    },
    onProgress(p: Progress) {
      if (!io.isTTY) return;
      if (p.stage === 'reading') show('Läser bladet …');
      else if (p.stage === 'writing') show('Skriver resultatet i arbetsboken …');
      else {
        // Redrawing for every row would cost more than the assessment itself.
        const now = Date.now();
        if (p.done !== p.total && now - last < 100) return;
        last = now;
        show(`Bedömer ${formatNumber(p.done)} av ${formatNumber(p.total)} …`);
      }
    },
    done() {
      if (io.isTTY && shownAny) io.stderr.write('\r\x1b[K');
    },
  };
}

/** Whether an error is one of ours: a Swedish message meant for the user. */
function expected(err: unknown): err is Error {
  return err instanceof WorkbookError || (err instanceof Error && err.name === 'RuleFileError');
}

/**
 * One Swedish line, whatever the error: rule files may report several problems at once. An
 * unexpected error (a defect) says in which step it came and that nothing was saved; its English
 * message and stack are for a bug report, printed only with --debug.
 */
function errorLine(err: unknown, during: string): string {
  if (expected(err)) return err.message.split('\n').map((s) => s.trim()).filter(Boolean).join('; ');
  return `ett oväntat fel i programmet när ${during}; ingenting har sparats. Kör igen med --debug för att se detaljerna till en felanmälan.`;
}

/** What --debug adds after the line: the error as thrown, stack included. */
function debugDetails(err: unknown): string {
  return err instanceof Error && err.stack ? `${err.stack}\n` : `${String(err)}\n`;
}

async function loadRules(dir: string, label: string) {
  const isDir = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new WorkbookError(`Regelmappen finns inte: ${label}`);
  // Awaited so that a synchronous and an asynchronous loader both work.
  return await loadRulesetsFromDir(dir);
}

/**
 * Node's SHA-256 (OpenSSL): the same hex as the core's portable one, for the Logg's hashes. One call
 * per text where Node has `crypto.hash` (20.12 and later), a Hash object per text before that.
 */
export const nodeSha256: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Summary lines written at a time: a 50 000-row summary is not made into one string. */
const SUMMARY_CHUNK = 1000;

/** Parses the arguments, runs the assessment and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  setLogSha256(nodeSha256);
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`${err.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }

  const progress = progressReporter(io);
  // Every output goes to a temporary first; renamed together at the end, removed on any failure.
  const staged = new OutputSet();
  let during = 'körningen förbereddes';
  try {
    const input = args.input ? path.resolve(args.input) : DEFAULT_INPUT;
    const inputLabel = args.input ?? shown(DEFAULT_INPUT);
    let output: string;
    let outputLabel: string;
    if (args.out) {
      output = path.resolve(args.out);
      outputLabel = args.out;
    } else if (args.input) {
      output = defaultOutputFor(input);
      outputLabel = defaultOutputFor(args.input);
    } else {
      output = path.join(DEFAULT_OUTPUT_DIR, path.basename(defaultOutputFor(DEFAULT_INPUT)));
      outputLabel = shown(output);
      // Only the bundled example's output directory is created; a named one must exist.
      await fs.mkdir(DEFAULT_OUTPUT_DIR, { recursive: true });
    }
    const rulesDir = args.rules ? path.resolve(args.rules) : DEFAULT_RULES;
    const outputs: RunOutput[] = [{ flag: '--out', what: 'den bedömda arbetsboken', file: output, label: outputLabel }];
    if (args.json) outputs.push({ flag: '--json', what: 'JSON-rapporten', file: path.resolve(args.json), label: args.json });
    if (args.board) outputs.push({ flag: '--board', what: 'styrelseunderlaget', file: path.resolve(args.board.file), label: args.board.file });
    const minutesFile = args.meeting?.minutes ?? null;
    if (minutesFile) outputs.push({ flag: '--minutes', what: 'protokollsutdragen', file: path.resolve(minutesFile), label: minutesFile });
    const followUpFile = args.followUp?.file ?? null;
    if (followUpFile) outputs.push({ flag: '--followup', what: 'budgetuppföljningen', file: path.resolve(followUpFile), label: followUpFile });
    const clash = await clashingOutput({ input: { file: input, label: inputLabel }, outputs, rulesDir });
    if (clash) {
      io.stderr.write(`Fel: ${clash}\n`);
      return EXIT_USAGE;
    }
    // A device, a directory or a FIFO at an output path is refused before anything is read.
    for (const o of outputs) {
      const refusal = await outputRefusal(o.file, o.label);
      if (refusal) throw new WorkbookError(refusal);
    }
    await checkOutputDir(output, outputLabel);
    if (args.json) await checkOutputDir(path.resolve(args.json), args.json);
    if (args.board) await checkOutputDir(path.resolve(args.board.file), args.board.file);
    if (minutesFile) await checkOutputDir(path.resolve(minutesFile), minutesFile);
    if (followUpFile) await checkOutputDir(path.resolve(followUpFile), followUpFile);
    // Temporaries a killed earlier run left beside the outputs.
    for (const dir of new Set(outputs.map((o) => path.dirname(o.file)))) await removeStaleTemporaries(dir);

    during = 'regelverken lästes';
    const registry = await loadRules(rulesDir, args.rules ?? shown(DEFAULT_RULES));

    during = `arbetsboken ${inputLabel} lästes och bedömdes`;
    progress.stage(`Läser ${inputLabel} …`);
    const workbook = await readWorkbookFile(input, inputLabel);
    const run = await assessWorkbook(workbook, registry, {
      sheet: args.sheet,
      now: args.date ?? new Date(),
      onProgress: (p) => progress.onProgress(p),
      ...(args.board ? { board: boardJobOption(args.board) } : {}),
      ...(args.meeting ? { meeting: { date: args.meeting.date, record: args.meeting.record, firstParagraph: args.meeting.firstParagraph, minutes: minutesFile !== null } } : {}),
      ...(args.followUp?.per ? { followUpDate: args.followUp.per } : {}),
      ...(followUpFile ? { followUp: true } : {}),
    });
    during = 'styrelseunderlaget togs fram';
    // Built before anything is saved, so a failure leaves no half set of outputs.
    const boardBytes = args.board ? await boardDocument(run) : null;
    const minutesBytes = minutesFile ? await minutesDocument(run) : null;
    const followUpBytes = followUpFile ? await followUpDocument(run, registry, args.signer) : null;

    during = 'resultatet sparades';
    progress.stage(`Sparar ${outputLabel} …`);
    await stageWorkbookFile(staged, output, workbook, outputLabel);
    if (args.json) await staged.stage(path.resolve(args.json), `${JSON.stringify(toJsonReport(run), null, 2)}\n`, args.json);
    if (args.board && boardBytes) await staged.stage(path.resolve(args.board.file), boardBytes, args.board.file);
    if (minutesFile && minutesBytes) await staged.stage(path.resolve(minutesFile), minutesBytes, minutesFile);
    if (followUpFile && followUpBytes) await staged.stage(path.resolve(followUpFile), followUpBytes, followUpFile);
    await staged.commit();
    progress.done();
    during = 'sammanfattningen skrevs';
    // The Logg's chain broken above the new lines: said, not repaired (the run logged anyway).
    for (const problem of run.summary.logProblems ?? []) io.stderr.write(`Varning: ${printable(problem)}\n`);

    const saved = [outputLabel, args.json, args.board?.file, minutesFile, followUpFile].filter((f): f is string => Boolean(f));
    const boardLine = [...(run.board ? [boardSummary(run.board)] : []), ...meetingSummary(run), ...(followUpFile ? [followUpSummary(run, registry)] : [])].map((l) => `\n${printable(l)}`).join('');
    // Printed once everything is saved, a thousand lines at a time (never the whole summary as one text).
    let chunk: string[] = [];
    let written = false;
    const flush = () => {
      io.stdout.write(`${written ? '\n' : ''}${chunk.join('\n')}`);
      written = true;
      chunk = [];
    };
    for (const line of summaryLines(run)) {
      chunk.push(printable(line));
      if (chunk.length === SUMMARY_CHUNK) flush();
    }
    if (chunk.length > 0) flush();
    io.stdout.write(`${boardLine}\n\n${printable(`Sparade ${saved.slice(0, -1).join(', ')}${saved.length > 1 ? ' och ' : ''}${saved[saved.length - 1]}.`)}\n`);
    return EXIT_OK;
  } catch (err) {
    progress.done();
    io.stderr.write(`Fel: ${printable(errorLine(err, during))}\n`);
    if (args.debug || process.env.INSATS_DEBUG) io.stderr.write(debugDetails(err));
    return EXIT_FAILED;
  } finally {
    await staged.discard();
  }
}

/** The process entry: real stdout/stderr, exit code set when the run ends (scripts/assess.js calls it). */
export function main(): void {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY) }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`Fel: ${errorLine(err, 'körningen startade')}\n`);
      if (process.argv.includes('--debug')) process.stderr.write(debugDetails(err));
      process.exitCode = EXIT_FAILED;
    },
  );
}

if (require.main === module) main();
