import type { WritePlan } from '../../src/core/port';
import { columnRuns, jsonBytes, MAX_AREAS_ADDRESS, planBatches, utf8Length, type TextOp } from '../../src/adapters/office/payload';
import { parseAddress } from './fake-excel';

describe('utf8Length', () => {
  it('counts like Buffer.byteLength, å/ä/ö and emoji included', () => {
    for (const s of ['', 'abc', 'Bedömning åäö ÅÄÖ', 'smärtsamt 😀 pågående', '\u202f150\u00a0000 kr', '\ud800']) {
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });
});

describe('columnRuns', () => {
  it('groups neighbouring columns', () => {
    expect(columnRuns([8, 3, 4, 5, 4])).toEqual([
      [3, 5],
      [8, 8],
    ]);
    expect(columnRuns([])).toEqual([]);
  });
});

function bigPlan(rows: number, noteLength: number): WritePlan {
  const note = 'Sökt belopp överstiger taket; förankring saknas. '.repeat(Math.ceil(noteLength / 49)).slice(0, noteLength);
  return {
    sheet: 'S',
    headers: [
      { row: 1, col: 12, text: 'Bedömning' },
      { row: 1, col: 11, text: 'Status' },
      { row: 1, col: 14, text: 'Regelträffar' },
    ],
    blocks: [
      { col: 11, top: 2, values: Array.from({ length: rows }, (_, i) => (i % 2 ? 'OK' : 'Flaggad')) },
      { col: 12, top: 2, values: Array.from({ length: rows }, (_, i) => `${i}: ${note}`) },
    ],
    fillColumns: [11, 12, 13, 14],
    fills: Array.from({ length: rows }, (_, i) => ({ top: 2 + i, count: 1, color: i % 2 ? '#E2EFDA' : '#FFF2CC' })),
  };
}

describe('planBatches', () => {
  it('keeps a plan under the budget in one request', () => {
    const batches = planBatches(bigPlan(100, 200), { rangeAreas: true });
    expect(batches).toHaveLength(1);
    // Headers side by side go as one range; the lone one as another.
    expect(batches[0].slice(0, 2).map((op) => ('address' in op ? op.address : op.kind))).toEqual(['K1:L1', 'N1:N1']);
  });

  it('splits a long column exactly where a request is full, and covers every row once, in order', () => {
    const budget = 200_000;
    const plan = bigPlan(3000, 400);
    const batches = planBatches(plan, { budget, rangeAreas: true });
    const total = batches.flat().reduce((sum, op) => sum + op.bytes, 0);
    expect(batches.length).toBe(Math.ceil(total / budget));
    for (const batch of batches) expect(batch.reduce((sum, op) => sum + op.bytes, 0)).toBeLessThanOrEqual(budget);
    const texts = batches.flat().filter((op): op is TextOp => op.kind === 'text');
    for (const op of texts) {
      // The estimate covers what really travels: values, formats and the address.
      expect(op.bytes).toBeGreaterThanOrEqual(jsonBytes(op.values) + jsonBytes(op.formats) + op.address.length);
      expect(op.formats.flat().every((f) => f === '@')).toBe(true);
      const b = parseAddress(op.address);
      expect([b.bottom - b.top + 1, b.right - b.left + 1]).toEqual([op.values.length, op.values[0].length]);
    }
    for (const block of plan.blocks) {
      const parts = texts.filter((op) => parseAddress(op.address).left === block.col && parseAddress(op.address).top >= block.top);
      expect(parts.flatMap((op) => op.values.map((r) => r[0]))).toEqual(block.values);
    }
  });

  it('paints fills per colour through address lists of at most 255 characters when RangeAreas are there', () => {
    const plan = bigPlan(2000, 10);
    const withAreas = planBatches(plan, { rangeAreas: true }).flat().filter((op) => op.kind === 'fill');
    const perRun = planBatches(plan).flat().filter((op) => op.kind === 'fill');
    expect(perRun).toHaveLength(2000);
    expect(withAreas.length).toBeLessThan(perRun.length / 10);
    for (const op of withAreas) expect(op.address.length).toBeLessThanOrEqual(MAX_AREAS_ADDRESS);
    const painted = (ops: typeof perRun) =>
      ops.flatMap((op) => op.address.split(',').map((a) => `${a}=${op.color}`)).sort();
    expect(painted(withAreas)).toEqual(painted(perRun));
    // Contiguous fill columns 11–14 make one rectangle per run.
    expect(perRun[0].address).toBe('K2:N2');
  });

  it('writes nothing for an empty plan', () => {
    expect(planBatches({ sheet: 'S', headers: [], blocks: [], fillColumns: [], fills: [] })).toEqual([]);
  });
});
