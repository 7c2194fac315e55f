/**
 * Node-only file helpers around the file port: read an .xlsx/.xlsm from disk and write
 * results safely (temporary file in the same directory, then rename), with Swedish
 * messages that say which file and why.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { NotAWorkbookError, openOoxml, type OoxmlWorkbook } from '../adapters/ooxml/workbook';
import type { Codec, PartDeflater } from '../adapters/ooxml/zip';
import { WorkbookError } from '../core/port';

/**
 * Opens a workbook file as a port that edits the package in place.
 * `label` is the path as messages show it (as the user typed it); defaults to `file`.
 */
export async function readWorkbookFile(file: string, label = file): Promise<OoxmlWorkbook> {
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
  const ext = path.extname(file).toLowerCase();
  if (workbook.extension !== '.xlsx' && ext !== workbook.extension) {
    throw new WorkbookError(`Kan inte skriva ${label}: arbetsboken är en ${workbook.extension}-fil och måste sparas med ändelsen ${workbook.extension}`);
  }
  if (workbook.extension === '.xlsx' && ext === '.xlsm') {
    throw new WorkbookError(`Kan inte skriva ${label}: arbetsboken har inga makron och ska sparas som .xlsx`);
  }
  await writeFileAtomic(file, await workbook.saveAsync(), label);
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
  const dir = path.dirname(path.resolve(file));
  const temp = temporaryNameFor(file);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await holdForFaultTest(temp);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new WorkbookError(`Kan inte skriva ${label}: ${await writeReason(label, dir, err)}`);
  }
  await syncDirectory(dir);
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
