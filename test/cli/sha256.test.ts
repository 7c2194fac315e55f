import fc from 'fast-check';
import { nodeSha256 } from '../../src/cli/main';
import { lineHash, setLogSha256 } from '../../src/core/log';

/** The command line hashes the Logg with Node's SHA-256, the pane with the portable one: a Logg written by one must check in the other. */
describe("the command line's SHA-256", () => {
  afterEach(() => setLogSha256());

  test('gives the portable hashes for any line, lone surrogates and characters beyond U+FFFF included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.constant(null)), { maxLength: 22 }), (previous, cells) => {
        setLogSha256();
        const portable = lineHash(previous, cells);
        setLogSha256(nodeSha256);
        const node = lineHash(previous, cells);
        expect(node).toBe(portable);
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  test('is SHA-256: the known hash of "abc"', () => {
    expect(nodeSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
