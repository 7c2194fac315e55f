/**
 * The zip container of an OOXML package, read and written by hand around fflate's deflate:
 * an entry the port does not change is copied as its stored bytes (local header, compressed
 * data, data descriptor), so it leaves byte-identical and is never inflated at all.
 */
import { Inflate, deflateSync } from 'fflate';
import { formatNumber, WorkbookError } from '../../core';
import { LIMITS, megabytes } from './limits';

export interface ZipEntry {
  name: string;
  /** The central directory record as stored (its local header offset is patched on write). */
  central: Uint8Array;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
  /** Bytes from the local header up to the next entry (header, data, data descriptor). */
  span: number;
  /** Where the compressed data starts. */
  dataOffset: number;
}

export interface ZipArchive {
  bytes: Uint8Array;
  entries: ZipEntry[];
  /** The archive comment, kept on write. */
  comment: Uint8Array;
}

const NOT_A_WORKBOOK = 'Filen är inte en Excel-arbetsbok (.xlsx).';

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

const utf8 = new TextDecoder('utf-8');
const cp437ish = new TextDecoder('latin1');

/** Reads the central directory. Throws WorkbookError for what is not a zip, or a zip this port cannot copy. */
export function readZip(bytes: Uint8Array): ZipArchive {
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65 535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes[i] === 0x50 && u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new WorkbookError(NOT_A_WORKBOOK);
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  const commentLength = u16(bytes, eocd + 20);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw new WorkbookError('Arbetsboken är sparad som zip64 (över 4 GB eller 65 535 delar), vilket verktyget inte kan skriva tillbaka.');
  }
  if (cdOffset + cdSize > eocd) throw new WorkbookError(NOT_A_WORKBOOK);
  if (count > LIMITS.entries) {
    throw new WorkbookError(`Arbetsboken har ${formatNumber(count)} delar, fler än de ${formatNumber(LIMITS.entries)} verktyget läser; arbetsboken läses inte.`);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new WorkbookError(NOT_A_WORKBOOK);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const entryComment = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new WorkbookError('Arbetsboken är sparad som zip64 (över 4 GB), vilket verktyget inte kan skriva tillbaka.');
    }
    if (flags & 1) throw new WorkbookError('Arbetsboken är krypterad i zip-filen och kan inte läsas.');
    const rawName = bytes.subarray(p + 46, p + 46 + nameLength);
    const name = (flags & 0x800 ? utf8 : cp437ish).decode(rawName);
    if (!isInsidePackage(name)) {
      throw new WorkbookError(`Arbetsboken har en del med namnet ${JSON.stringify(name)}, som pekar utanför paketet; arbetsboken läses inte.`);
    }
    const end = p + 46 + nameLength + extraLength + entryComment;
    if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== 0x04034b50) throw new WorkbookError(NOT_A_WORKBOOK);
    const dataOffset = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    entries.push({ name, central: bytes.subarray(p, end), method, flags, compressedSize, size, crc, localOffset, span: 0, dataOffset });
    p = end;
  }
  // Each entry's stored bytes run to the next entry's local header (or the central directory).
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  byOffset.forEach((e, i) => {
    const next = i + 1 < byOffset.length ? byOffset[i + 1].localOffset : cdOffset;
    e.span = next - e.localOffset;
    if (e.span < e.dataOffset - e.localOffset + e.compressedSize) throw new WorkbookError(NOT_A_WORKBOOK);
  });
  return { bytes, entries, comment: bytes.slice(eocd + 22, eocd + 22 + commentLength) };
}

/** Whether a zip name stays inside the package: no absolute name, drive letter or `..` step (either slash). */
function isInsidePackage(name: string): boolean {
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/u.test(name)) return false;
  return !name.split(/[/\\]/u).includes('..');
}

/** How many bytes the parts read so far have inflated to (one per package: LIMITS.totalBytes is for them together). */
export interface InflateBudget {
  used: number;
  /** Entries already counted: a part read again (the workbook, content types) costs no more. */
  counted: Set<ZipEntry>;
}

/**
 * The uncompressed bytes of an entry, checked as they inflate against LIMITS.partBytes and what is left
 * of `budget` (the header's size is never trusted: it only has to agree afterwards), then against its CRC-32.
 */
export function entryData(zip: ZipArchive, e: ZipEntry, codec: Codec = portableCodec, budget: InflateBudget = { used: 0, counted: new Set() }): Uint8Array {
  const raw = zip.bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
  const again = budget.counted.has(e);
  const limit = again ? LIMITS.partBytes : Math.min(LIMITS.partBytes, LIMITS.totalBytes - budget.used);
  const tooLarge = () =>
    new WorkbookError(
      limit < LIMITS.partBytes
        ? `Delen ${e.name} gör arbetsbokens delar större än ${megabytes(LIMITS.totalBytes)} tillsammans när de packas upp; arbetsboken läses inte.`
        : `Delen ${e.name} är större än ${megabytes(LIMITS.partBytes)} när den packas upp; arbetsboken läses inte.`,
    );
  let out: Uint8Array;
  if (e.method === 0) {
    if (raw.length > limit) throw tooLarge();
    out = raw;
  } else if (e.method === 8) {
    try {
      out = codec.inflate(raw, e.size, limit);
    } catch (err) {
      if (err instanceof RangeError) throw tooLarge();
      throw new WorkbookError(`Delen ${e.name} i arbetsboken är skadad och kan inte läsas.`);
    }
    if (out.length > limit) throw tooLarge();
  } else {
    throw new WorkbookError(`Delen ${e.name} i arbetsboken är komprimerad på ett sätt som verktyget inte kan läsa (metod ${e.method}).`);
  }
  if (out.length !== e.size || raw.length !== e.compressedSize || codec.crc32(out) >>> 0 !== e.crc) {
    throw new WorkbookError(`Delen ${e.name} i arbetsboken är skadad (storleken eller kontrollsumman stämmer inte) och kan inte läsas.`);
  }
  if (!again) {
    budget.used += out.length;
    budget.counted.add(e);
  }
  return out;
}

/** Input handed to fflate's inflater at a time: the output is checked against the limit between pieces. */
const INFLATE_PIECE = 16 * 1024;

/**
 * Raw inflate that stops once the output passes `limit` (a RangeError, as Node's maxOutputLength
 * throws), whatever the header says: deflate inflates at most some 1 000 times, so a piece of input
 * makes at most some 16 MB before the next check.
 */
export function boundedInflate(data: Uint8Array, limit: number): Uint8Array {
  const pieces: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    length += chunk.length;
    if (length > limit) throw new RangeError('inflated past the limit');
    pieces.push(chunk);
    if (final) ended = true;
  });
  for (let at = 0; at < data.length; at += INFLATE_PIECE) {
    const end = Math.min(at + INFLATE_PIECE, data.length);
    inflater.push(data.subarray(at, end), end === data.length);
  }
  if (data.length === 0) inflater.push(data, true);
  if (!ended) throw new Error('truncated deflate stream');
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

let crcTable: Int32Array | null = null;
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** A part deflated while it was being written: its size, CRC-32 and compressed pieces (one deflate stream joined). */
export interface DeflatedData {
  size: number;
  crc: number;
  compressed: Promise<Uint8Array[]>;
}

/** Takes a part's bytes piece by piece as they are made, so the whole part never sits in memory uncompressed. */
export interface PartDeflater {
  push(data: Uint8Array): void;
  /** Resolves when few enough pieces are still being compressed: the writer waits so pieces do not pile up in memory. */
  ready(): Promise<void> | null;
  /** A buffer of `size` bytes whose piece is compressed, to fill again (the writer owns it from then on); null when none is free. */
  take?(size: number): Uint8Array | null;
  finish(): DeflatedData;
}

/**
 * What goes into the new archive: a stored entry copied as is, new content (deflated here),
 * or content a codec's deflater already compressed while it was written.
 */
export type ZipOutput =
  | { kind: 'copy'; entry: ZipEntry }
  | { kind: 'new'; name: string; data: Uint8Array }
  | { kind: 'deflated'; name: string; data: DeflatedData };

/** Raw deflate and CRC-32; Node passes its native zlib, the browser uses fflate and the table here. */
export interface Codec {
  deflate(data: Uint8Array): Uint8Array;
  /** The same off the main thread, where there is a thread pool (Node): writeZipAsync deflates all parts at once. */
  deflateAsync?(data: Uint8Array): Promise<Uint8Array>;
  /**
   * Raw inflate of at most `limit` bytes: throws a RangeError as soon as the output passes it (checked
   * while inflating). `size` is what the zip header claims, a hint only.
   */
  inflate(data: Uint8Array, size: number, limit: number): Uint8Array;
  crc32(data: Uint8Array): number;
  /** A deflater for a part written piece by piece (Node: each piece on the thread pool while the next is made). */
  deflater?(): PartDeflater;
}

export const portableCodec: Codec = {
  deflate: (data) => deflateSync(data, { level: 6 }),
  inflate: (data, _size, limit) => boundedInflate(data, limit),
  crc32,
};

/** Writes the archive: copies in order, then new data deflated. DOS time 1980-01-01 for new entries. */
export function writeZip(zip: ZipArchive, outputs: readonly ZipOutput[], codec: Codec = portableCodec): Uint8Array {
  if (outputs.some((o) => o.kind === 'deflated')) throw new Error('Internt fel: en del komprimerades medan den skrevs; spara med writeZipAsync.');
  const crcs = outputs.map((o) => (o.kind === 'new' ? codec.crc32(o.data) >>> 0 : 0));
  return assembleZip(zip, outputs, crcs, outputs.map((o) => (o.kind === 'new' ? [codec.deflate(o.data)] : null)));
}

/** As writeZip, with the new parts deflated together through the codec's deflateAsync where it has one. */
export async function writeZipAsync(zip: ZipArchive, outputs: readonly ZipOutput[], codec: Codec = portableCodec): Promise<Uint8Array> {
  const deflate = codec.deflateAsync?.bind(codec) ?? ((data: Uint8Array) => Promise.resolve(codec.deflate(data)));
  const deflating = Promise.all(
    outputs.map((o) => (o.kind === 'new' ? deflate(o.data).then((d) => [d]) : o.kind === 'deflated' ? o.data.compressed : null)),
  );
  // The checksums meanwhile, on this thread.
  const crcs = outputs.map((o) => (o.kind === 'new' ? codec.crc32(o.data) >>> 0 : o.kind === 'deflated' ? o.data.crc >>> 0 : 0));
  return assembleZip(zip, outputs, crcs, await deflating);
}

/** The archive's bytes, `crcs` and `compressedData` holding each new output's CRC-32 and deflated pieces by its place in `outputs`. */
function assembleZip(zip: ZipArchive, outputs: readonly ZipOutput[], crcs: readonly number[], compressedData: readonly (Uint8Array[] | null)[]): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i];
    if (out.kind === 'copy') {
      const e = out.entry;
      chunks.push(zip.bytes.subarray(e.localOffset, e.localOffset + e.span));
      const central = e.central.slice();
      new DataView(central.buffer, central.byteOffset, central.byteLength).setUint32(42, offset, true);
      centrals.push(central);
      offset += e.span;
      continue;
    }
    const name = encoder.encode(out.name);
    const pieces = compressedData[i]!;
    let compressedLength = 0;
    for (const p of pieces) compressedLength += p.length;
    const size = out.kind === 'new' ? out.data.length : out.data.size;
    if (compressedLength > 0xfffffffe || size > 0xfffffffe) throw new WorkbookError('Arbetsboken blir för stor för att sparas (över 4 GB).');
    const crc = crcs[i];
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x800, true);
    lv.setUint16(8, 8, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, 0x21, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, compressedLength, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x800, true);
    cv.setUint16(10, 8, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, compressedLength, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    chunks.push(local, ...pieces);
    centrals.push(central);
    offset += local.length + compressedLength;
  }
  const cdOffset = offset;
  let cdSize = 0;
  for (const c of centrals) cdSize += c.length;
  if (centrals.length > 0xffff || cdOffset + cdSize > 0xffffffff) {
    throw new WorkbookError('Arbetsboken blir för stor för att sparas (över 4 GB).');
  }
  const eocd = new Uint8Array(22 + zip.comment.length);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, cdOffset, true);
  ev.setUint16(20, zip.comment.length, true);
  eocd.set(zip.comment, 22);
  const all = [...chunks, ...centrals, eocd];
  let total = 0;
  for (const c of all) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
