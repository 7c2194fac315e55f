/**
 * Mutated packages (fast-check, seed fixed, a bounded number of runs): random bytes flipped in the
 * zip or in a part's XML, entries dropped or duplicated, XML truncated. Every run ends in a saved
 * workbook or a WorkbookError with a Swedish message, never another exception, never a changed input.
 */
import fc from 'fast-check';
import { openOoxml } from '../../src/adapters/ooxml/workbook';
import { assessWorkbook } from '../../src/core/job';
import { WorkbookError } from '../../src/core/port';
import { shippedRules } from '../helpers/rules';
import { baseWorkbook } from './fixtures';
import { NOW } from './helpers';
import { bytesOf, rawZip, type RawEntry } from './raw-zip';

const base: RawEntry[] = Object.entries(baseWorkbook()).map(([name, d]) => ({ name, data: bytesOf(d) }));
const XML_PARTS = base.map((e, i) => [e, i] as const).filter(([e]) => /\.(xml|rels)$/u.test(e.name)).map(([, i]) => i);

type Mutation =
  | { kind: 'flipZip'; at: number; bits: number }
  | { kind: 'flipXml'; part: number; at: number; byte: number }
  | { kind: 'truncate'; part: number; keep: number }
  | { kind: 'drop'; part: number }
  | { kind: 'duplicate'; part: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flipZip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('flipXml' as const), part: fc.constantFrom(...XML_PARTS), at: fc.double({ min: 0, max: 1, noNaN: true }),
    byte: fc.constantFrom(0x3c, 0x3e, 0x22, 0x26, 0x23, 0x30, 0x39, 0x20, 0x2f, 0x00, 0xff, 0x41),
  }),
  fc.record({ kind: fc.constant('truncate' as const), part: fc.constantFrom(...XML_PARTS), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('drop' as const), part: fc.integer({ min: 0, max: base.length - 1 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), part: fc.integer({ min: 0, max: base.length - 1 }) }),
);

function mutate(ms: readonly Mutation[]): Uint8Array {
  let entries = base.map((e) => ({ ...e, data: e.data.slice() }));
  const zipFlips: Mutation[] = [];
  for (const m of ms) {
    if (m.kind === 'flipZip') zipFlips.push(m);
    else if (m.kind === 'flipXml') {
      const e = entries.find((x) => x.name === base[m.part].name);
      if (e && e.data.length > 0) e.data[Math.floor(m.at * (e.data.length - 1))] = m.byte;
    } else if (m.kind === 'truncate') {
      const e = entries.find((x) => x.name === base[m.part].name);
      if (e) e.data = e.data.slice(0, Math.floor(m.keep * e.data.length));
    } else if (m.kind === 'drop') entries = entries.filter((x) => x.name !== base[m.part].name);
    else {
      const e = entries.find((x) => x.name === base[m.part].name);
      if (e) entries.push({ ...e });
    }
  }
  const bytes = rawZip(entries);
  for (const m of zipFlips) if (m.kind === 'flipZip') bytes[Math.floor(m.at * (bytes.length - 1))] ^= m.bits;
  return bytes;
}

/** Swedish, as the tool writes it: no English error words, no stack. */
const SWEDISH = /(arbetsboken|Arbetsboken|Delen|delen|Bladet|bladet|Filen|Cellen|Hittar|Formatmallarna|Rad|Kan inte|Excel)/u;

describe('mutated packages', () => {
  test('every run ends in a saved workbook or a Swedish WorkbookError; the input is never changed', async () => {
    const rules = await shippedRules();
    let refusedRuns = 0;
    let savedRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const input = mutate(ms);
        const copy = input.slice();
        try {
          const port = openOoxml(input);
          await assessWorkbook(port, rules, { now: NOW, sheet: null });
          port.save();
          savedRuns++;
        } catch (err) {
          if (!(err instanceof WorkbookError)) throw err;
          expect(err.message).toMatch(SWEDISH);
          expect(err.message).not.toMatch(/\bat \S+:\d+|TypeError|RangeError|undefined|NaN/u);
          refusedRuns++;
        }
        expect(Buffer.from(input).equals(Buffer.from(copy))).toBe(true);
      }),
      { seed: 20261207, numRuns: 250 },
    );
    // Both outcomes were reached: the mutations are neither all harmless nor all fatal.
    expect(refusedRuns).toBeGreaterThan(50);
    expect(savedRuns).toBeGreaterThan(5);
  }, 120_000);
});
