/**
 * Node-only file helpers around the file port: read an .xlsx/.xlsm from disk and write
 * results safely (temporary file in the same directory, then rename), with Swedish
 * messages that say which file and why.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { NotAWorkbookError } from '../adapters/ooxml/open';
import { openOoxml, type OoxmlWorkbook } from '../adapters/ooxml/workbook';
import type { Codec, PartDeflater } from '../adapters/ooxml/zip';
import { WorkbookError } from '../core';

/**
 * Opens a workbook file as a port that edits the package in place.
 * `label` is the path as messages show it (as the user typed it); defaults to `file`.
 */
export async function readWorkbookFile(file: string, label = file): Promise<OoxmlWorkbook> {
  const why = await notRegular(file);
  // A device (/dev/zero) or a FIFO could be read forever; a directory gets the message it always had.
  if (why && !why.startsWith('det finns en mapp')) throw new WorkbookError(`Kan inte läsa ${label}: ${why.replace(/^det är /u, 'den är ')}`);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw new WorkbookError(readErrorMessage(label, err));
  }
  try {
    return openOoxml(bytes, NODE_CODEC);
  } catch (err) {
    if (err instanceof NotAWorkbookError) {
      // An OLE compound file: an Excel 97–2003 .xls, or an .xlsx encrypted with a password to open.
      throw new WorkbookError(
        err.compound
          ? `${label} är inte en Excel-arbetsbok (.xlsx): det är en äldre .xls-fil eller en lösenordsskyddad arbetsbok. Spara den som .xlsx utan lösenord och försök igen.`
          : `${label} är inte en Excel-arbetsbok (.xlsx)`,
      );
    }
    if (err instanceof WorkbookError) throw new WorkbookError(`${label}: ${err.message}`);
    throw err;
  }
}

/**
 * Saves the workbook to `file` through a temporary file and a rename. A workbook with macros
 * keeps its kind: its content type says .xlsm, and Excel refuses such a package named .xlsx.
 */
export async function writeWorkbookFile(file: string, workbook: OoxmlWorkbook, label = file): Promise<void> {
  checkWorkbookExtension(file, workbook, label);
  await writeFileAtomic(file, await workbook.saveAsync(), label);
}

/** A workbook with macros keeps its kind, one without gets none: the output name's extension must say which. */
function checkWorkbookExtension(file: string, workbook: OoxmlWorkbook, label: string): void {
  const ext = path.extname(file).toLowerCase();
  if (workbook.extension !== '.xlsx' && ext !== workbook.extension) {
    throw new WorkbookError(`Kan inte skriva ${label}: arbetsboken är en ${workbook.extension}-fil och måste sparas med ändelsen ${workbook.extension}`);
  }
  if (workbook.extension === '.xlsx' && ext === '.xlsm') {
    throw new WorkbookError(`Kan inte skriva ${label}: arbetsboken har inga makron och ska sparas som .xlsx`);
  }
}

/** As writeWorkbookFile, but only to a temporary of `outputs`, renamed over `file` when the run commits. */
export async function stageWorkbookFile(outputs: OutputSet, file: string, workbook: OoxmlWorkbook, label = file): Promise<void> {
  checkWorkbookExtension(file, workbook, label);
  await outputs.stage(file, await workbook.saveAsync(), label);
}

/** Pieces being compressed at once before the writer waits for one (libuv's pool has four threads). */
const MAX_PIECES_IN_FLIGHT = 3;

/** Pieces a large part is deflated in, each on a thread of libuv's pool. */
const DEFLATE_PIECE = 4 * 1024 * 1024;

function deflateRawAsync(data: Uint8Array, finishFlush: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zlib.deflateRaw(data, { level: 6, finishFlush }, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/**
 * A large part (the assessed sheet: ~28 MB of XML at 10 000 rows) deflated in 4 MB pieces at once,
 * as pigz does: each piece but the last ends with a sync flush (byte-aligned, not final), so the
 * pieces joined are one deflate stream. About half the time on two cores (170 → 95 ms at 10 000
 * rows) for 0.7 % more bytes: a piece cannot refer back into the one before.
 */
async function deflatePieces(data: Uint8Array): Promise<Uint8Array> {
  const pieces: Promise<Uint8Array>[] = [];
  for (let at = 0; at < data.length || at === 0; at += DEFLATE_PIECE) {
    const last = at + DEFLATE_PIECE >= data.length;
    pieces.push(deflateRawAsync(data.subarray(at, at + DEFLATE_PIECE), last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH));
  }
  const out = await Promise.all(pieces);
  return out.length === 1 ? out[0] : Buffer.concat(out);
}

/**
 * A part deflated piece by piece while it is written (the assessed sheet): each piece goes to the
 * thread pool as soon as it is full, ending with a sync flush as in deflatePieces, and only the
 * compressed pieces are kept. At 50 000 rows the sheet is some 140 MB of XML that never sits whole.
 */
function pieceDeflater(): PartDeflater {
  const pieces: Promise<Uint8Array>[] = [];
  let crc = 0;
  let size = 0;
  const inFlight = new Set<Promise<unknown>>();
  // Buffers whose piece is compressed, for the writer to fill again: at 50 000 rows some 35 pieces of
  // 4 MB were each a new buffer, and the spent ones waited for the garbage collector.
  const spent: ArrayBuffer[] = [];
  const add = (data: Uint8Array, flush: number) => {
    const piece = deflateRawAsync(data, flush);
    // Awaited together at finish; a failure before then is not an unhandled rejection.
    const settled: Promise<boolean> = piece.then(
      () => {
        if (data.byteLength > 0 && data.buffer instanceof ArrayBuffer) spent.push(data.buffer);
        return inFlight.delete(settled);
      },
      () => inFlight.delete(settled),
    );
    inFlight.add(settled);
    pieces.push(piece);
  };
  return {
    ready() {
      // More pieces in flight than the pool has threads would only hold memory.
      return inFlight.size <= MAX_PIECES_IN_FLIGHT ? null : Promise.race(inFlight).then(() => undefined);
    },
    take(size) {
      for (let i = spent.length - 1; i >= 0; i--) {
        if (spent[i].byteLength === size) return new Uint8Array(spent.splice(i, 1)[0]);
      }
      return null;
    },
    push(data) {
      if (data.length === 0) return;
      crc = zlib.crc32(data, crc);
      size += data.length;
      add(data, zlib.constants.Z_SYNC_FLUSH);
    },
    finish() {
      add(new Uint8Array(0), zlib.constants.Z_FINISH);
      return { size, crc, compressed: Promise.all(pieces) };
    },
  };
}

/** Node's native deflate and CRC-32: several times faster than the portable ones on a large sheet. */
export const NODE_CODEC: Codec = {
  deflate: (data: Uint8Array) => zlib.deflateRawSync(data, { level: 6 }),
  deflateAsync: deflatePieces,
  deflater: pieceDeflater,
  // Stopped while inflating once past the limit (a RangeError): a zip bomb never fills memory.
  inflate: (data: Uint8Array, _size: number, limit: number) => zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, limit) }),
  crc32: (data: Uint8Array) => zlib.crc32(data),
};

/** The output name's extension for a workbook: an .xlsm stays an .xlsm. */
export function workbookExtension(input: string): string {
  return path.extname(input).toLowerCase() === '.xlsm' ? '.xlsm' : '.xlsx';
}

// --- atomic writes and their temporaries (owned by the command line's engineer) ---

/** Marks the tool's temporary files: `.NAME.insatsbedomning-<pid>-<hex>.tmp` beside the target. */
const TEMP_PATTERN = /^\..+\.insatsbedomning-(\d+)-[0-9a-f]+\.tmp$/u;
/** A temporary younger than this whose process still runs may belong to a run in progress. */
const STALE_AFTER_MS = 60_000;

export function temporaryNameFor(file: string): string {
  return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.insatsbedomning-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether a process with this id runs (on this machine); EPERM means it runs under another user. */
function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return code(err) === 'EPERM';
  }
}

/**
 * Removes temporaries an earlier run left in `dir` (killed or crashed between writing and renaming):
 * those whose process is gone, or older than a minute. Returns the names removed; never throws.
 */
export async function removeStaleTemporaries(dir: string, now = Date.now()): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_PATTERN.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const stat = await fs.lstat(file).catch(() => null);
    if (!stat?.isFile()) continue;
    if (processRuns(Number(m[1])) && now - stat.mtimeMs < STALE_AFTER_MS) continue;
    if (await fs.rm(file, { force: true }).then(() => true, () => false)) removed.push(name);
  }
  return removed;
}

/**
 * Writes through a temporary file in the target's directory, flushed to disk (fsync) before it is
 * renamed over the target, so a failed, interrupted or power-cut write never leaves a half-written
 * file (or a half-overwritten input). The directory is flushed after the rename where the system allows.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string, label = file): Promise<void> {
  const outputs = new OutputSet();
  try {
    await outputs.stage(file, data, label);
    await outputs.commit();
  } finally {
    await outputs.discard();
  }
}

/** One output written to its temporary, waiting for the rename. */
interface StagedOutput {
  /** The file the rename replaces: the target, or the file a symbolic link at the target points to. */
  target: string;
  temp: string;
  label: string;
  /** A hard link to the file the rename replaces, to put it back if a later rename fails; null when there was none. */
  backup: string | null;
  renamed: boolean;
}

/**
 * The outputs of one run (the workbook, the JSON, the board papers), each written to a temporary
 * beside its target and renamed over the targets together at the end, so that a run failing after
 * one output leaves none of them: a failed write or rename removes every temporary, and a target
 * already replaced gets its earlier file back. A target that exists keeps its mode (a read-only
 * 0444 or a private 0600 file stays so) and, where the process may (as root), its owner and group.
 */
export class OutputSet {
  private readonly staged: StagedOutput[] = [];

  /** Writes `data` to a temporary for `file` and flushes it; throws WorkbookError (Swedish, naming `label`). */
  async stage(file: string, data: Uint8Array | string, label = file): Promise<void> {
    const target = await fs.realpath(file).catch(() => path.resolve(file));
    const dir = path.dirname(target);
    const temp = temporaryNameFor(target);
    const entry: StagedOutput = { target, temp, label, backup: null, renamed: false };
    try {
      const existing = await fs.stat(target).catch(() => null);
      const mode = existing?.isFile() ? existing.mode & 0o7777 : 0o666;
      // Created with the target's mode, so a private file's data is never readable by others meanwhile.
      const handle = await fs.open(temp, 'wx', mode);
      this.staged.push(entry);
      try {
        await handle.writeFile(data);
        if (existing?.isFile()) {
          // The umask may have taken bits off; the owner is kept where allowed (root), else left as created.
          await handle.chmod(mode);
          await handle.chown(existing.uid, existing.gid).catch((err: unknown) => {
            if (!['EPERM', 'EINVAL'].includes(code(err) ?? '')) throw err;
          });
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw new WorkbookError(`Kan inte skriva ${label}: ${await writeReason(label, dir, err)}`);
    }
    await holdForFaultTest(temp);
  }

  /** Renames every temporary over its target; on a failure puts back what was replaced and throws WorkbookError. */
  async commit(): Promise<void> {
    for (const entry of this.staged) {
      const backup = temporaryNameFor(entry.target);
      // A hard link costs no copy; where the file system has none, that target is replaced without a way back.
      if (await fs.link(entry.target, backup).then(() => true, () => false)) entry.backup = backup;
    }
    for (const entry of this.staged) {
      try {
        await fs.rename(entry.temp, entry.target);
        entry.renamed = true;
      } catch (err) {
        await this.rollBack();
        throw new WorkbookError(`Kan inte skriva ${entry.label}: ${await writeReason(entry.label, path.dirname(entry.target), err)}`);
      }
    }
    for (const dir of new Set(this.staged.map((e) => path.dirname(e.target)))) await syncDirectory(dir);
    for (const entry of this.staged) if (entry.backup) await fs.rm(entry.backup, { force: true }).catch(() => undefined);
    this.staged.length = 0;
  }

  /** Puts back the files the renames so far replaced, and removes the targets that were not there before. */
  private async rollBack(): Promise<void> {
    for (const entry of this.staged) {
      if (!entry.renamed) continue;
      if (entry.backup) await fs.rename(entry.backup, entry.target).catch(() => undefined);
      else await fs.rm(entry.target, { force: true }).catch(() => undefined);
      entry.renamed = false;
      entry.backup = null;
    }
  }

  /** Removes every temporary and backup not committed; never throws. Called on every way out of a run. */
  async discard(): Promise<void> {
    for (const entry of this.staged.splice(0)) {
      await fs.rm(entry.temp, { force: true }).catch(() => undefined);
      if (entry.backup) await fs.rm(entry.backup, { force: true }).catch(() => undefined);
    }
  }
}

/** What a path is when it is there and not a regular file, for the refusal of an output or an input; null for a regular file or nothing. */
async function notRegular(file: string): Promise<string | null> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat || stat.isFile()) return null;
  if (stat.isDirectory()) return 'det finns en mapp med det namnet';
  if (stat.isFIFO()) return 'det är en namngiven pipe (FIFO), inte en vanlig fil';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'det är en enhet, inte en vanlig fil';
  if (stat.isSocket()) return 'det är en socket, inte en vanlig fil';
  return 'det är inte en vanlig fil';
}

/**
 * The refusal of an output path that is there and not a regular file (a device such as /dev/null,
 * a directory, a FIFO): renaming over it would replace a device node or fail only at the end.
 * Null when the path is a regular file or absent.
 */
export async function outputRefusal(file: string, label = file): Promise<string | null> {
  const why = await notRegular(file);
  return why ? `Kan inte skriva ${label}: ${why}` : null;
}

/** Makes the rename itself durable; some systems (Windows) cannot open a directory, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

/**
 * Fault tests only (test/cli/faults.test.ts): with INSATS_FAULT_HOLD_BEFORE_RENAME=1 the process says
 * on stderr that the temporary is on disk and waits, so the test can kill it between write and rename.
 */
async function holdForFaultTest(temp: string): Promise<void> {
  if (process.env.INSATS_FAULT_HOLD_BEFORE_RENAME !== '1') return;
  process.stderr.write(`\n[fault-hold] ${temp}\n`);
  await new Promise((resolve) => setTimeout(resolve, 60_000));
}

// --- end of atomic writes ---

function code(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function readErrorMessage(file: string, err: unknown): string {
  switch (code(err)) {
    case 'ENOENT':
      return `Filen finns inte: ${file}`;
    case 'EISDIR':
      return `${file} är en mapp, inte en Excel-arbetsbok (.xlsx)`;
    case 'EACCES':
    case 'EPERM':
      return `Kan inte läsa ${file}: behörighet saknas`;
    case 'EBUSY':
      return `Kan inte läsa ${file}: filen är låst av ett annat program (är den öppen i Excel?)`;
    case 'ENOTDIR':
      return `Filen finns inte: ${file} (en del av sökvägen är inte en mapp)`;
    case 'ERR_FS_FILE_TOO_LARGE':
      return `Kan inte läsa ${file}: filen är större än 2 GB`;
    default:
      return `Kan inte läsa ${file}: ${systemReason(err)}`;
  }
}

async function writeReason(file: string, dir: string, err: unknown): Promise<string> {
  switch (code(err)) {
    case 'ENOENT':
    case 'ENOTDIR': {
      const dirExists = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
      return dirExists ? 'sökvägen finns inte' : `mappen ${path.dirname(file)} finns inte`;
    }
    case 'EISDIR':
    case 'ENOTEMPTY':
    case 'EEXIST':
      return 'det finns en mapp med det namnet';
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      // On Windows a file open in Excel is refused with EPERM/EBUSY, not with a lock error of its own.
      return 'behörighet saknas eller filen är låst av ett annat program (är den öppen i Excel?)';
    case 'EROFS':
      return 'filsystemet är skrivskyddat';
    case 'ENOSPC':
      return 'disken är full';
    case 'ENAMETOOLONG':
      return 'filnamnet är för långt';
    default:
      return systemReason(err);
  }
}

function systemReason(err: unknown): string {
  const c = code(err);
  return c ? `systemfel ${c}` : err instanceof Error ? err.message : String(err);
}
