import zlib from 'node:zlib';
import { entryData, portableCodec, readZip, writeZip, writeZipAsync, type ZipArchive, type ZipOutput } from '../../src/adapters/ooxml/zip';
import { NODE_CODEC } from '../../src/node/files';

/** Text that compresses like a sheet but not to nothing: rows with varying numbers. */
function sheetLike(bytes: number): Uint8Array {
  const rows: string[] = [];
  let size = 0;
  for (let r = 1; size < bytes; r++) {
    const row = `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Insats ${(r * 7919) % 100003} år ${r % 13}</t></is></c><c r="B${r}"><v>${(r * 104729) % 999983}</v></c></row>`;
    rows.push(row);
    size += row.length;
  }
  return new TextEncoder().encode(rows.join('')).subarray(0, bytes);
}

describe('deflate in pieces (the command line)', () => {
  test.each([0, 1, 1000, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 9 * 1024 * 1024 + 17])('%i bytes inflate back to the same bytes', async (n) => {
    const data = sheetLike(n);
    expect(data.length).toBe(n);
    const deflated = await NODE_CODEC.deflateAsync!(data);
    expect(Buffer.from(zlib.inflateRawSync(deflated)).equals(Buffer.from(data))).toBe(true);
    // fflate (the browser's inflate) reads the joined pieces too.
    expect(Buffer.from(portableCodec.inflate(deflated, n, n)).equals(Buffer.from(data))).toBe(true);
  });

  test('a large part costs under 2 % more bytes than one stream', async () => {
    const data = sheetLike(10 * 1024 * 1024);
    const pieces = (await NODE_CODEC.deflateAsync!(data)).length;
    const whole = zlib.deflateRawSync(data, { level: 6 }).length;
    expect(pieces).toBeGreaterThan(whole);
    expect(pieces / whole).toBeLessThan(1.02);
  });

  test('writeZipAsync writes the same entries as writeZip', async () => {
    const empty: ZipArchive = { bytes: new Uint8Array(0), entries: [], comment: new Uint8Array(0) };
    const outputs: ZipOutput[] = [
      { kind: 'new', name: 'xl/worksheets/sheet1.xml', data: sheetLike(5 * 1024 * 1024) },
      { kind: 'new', name: 'xl/styles.xml', data: sheetLike(300) },
    ];
    const sync = readZip(writeZip(empty, outputs, NODE_CODEC));
    const async_ = readZip(await writeZipAsync(empty, outputs, NODE_CODEC));
    expect(async_.entries.map((e) => e.name)).toEqual(sync.entries.map((e) => e.name));
    for (let i = 0; i < outputs.length; i++) {
      const out = outputs[i] as { data: Uint8Array };
      expect(Buffer.from(entryData(async_, async_.entries[i], NODE_CODEC)).equals(Buffer.from(out.data))).toBe(true);
      expect(Buffer.from(entryData(async_, async_.entries[i])).equals(Buffer.from(out.data))).toBe(true);
    }
  });
});

describe('the piece deflater hands back compressed pieces\' buffers', () => {
  test('a buffer taken back and filled again leaves the pieces already compressed as they were', async () => {
    const SIZE = 4 * 1024 * 1024;
    const deflater = NODE_CODEC.deflater!();
    const expected: Buffer[] = [];
    const pushFilled = (buffer: Uint8Array, seed: number) => {
      const data = sheetLike(SIZE + seed).subarray(seed);
      buffer.set(data);
      expected.push(Buffer.from(data));
      deflater.push(buffer);
    };
    // Nothing is compressed yet: nothing to take.
    expect(deflater.take!(SIZE)).toBeNull();
    for (let i = 0; i < 5; i++) pushFilled(new Uint8Array(SIZE), i * 1000);
    // Five in flight is more than the writer may have: ready() waits for one to be done.
    await deflater.ready();
    const again = deflater.take!(SIZE);
    expect(again).not.toBeNull();
    expect(again!.byteLength).toBe(SIZE);
    // Only buffers of the size asked for are handed back.
    expect(deflater.take!(SIZE + 1)).toBeNull();
    pushFilled(again!, 77);
    const { size, crc, compressed } = deflater.finish();
    const joined = Buffer.concat(await compressed);
    const whole = Buffer.concat(expected);
    expect(size).toBe(whole.length);
    expect(crc).toBe(zlib.crc32(whole));
    expect(zlib.inflateRawSync(joined).equals(whole)).toBe(true);
  });
});
