import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessRows } from '../../src/core/assess';
import type { RawRow } from '../../src/core/types';
import { caseRowToRawRow } from '../../src/core/rulesets';
import { SEED_ROWS } from '../helpers/seeds';
import { shippedRules } from '../helpers/rules';

/**
 * Golden tests: the two real decision proposals in shared/seeds (copied to
 * test/fixtures/seeds so the texts live with the tests) must come out word for word,
 * ignoring Markdown emphasis and white space (including no-break spaces).
 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'seeds');
const SHARED = join(__dirname, '..', '..', '..', 'shared', 'seeds');

const seedText = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const normalise = (s: string) => s.replace(/\*+/g, '').replace(/[\s\u00a0\u202f]+/gu, ' ').trim();

/** The att-clauses of a seed, in order. */
function seedClauses(text: string): string[] {
  return text
    .split('\n')
    .map((l) => normalise(l))
    .filter((l) => l.startsWith('att '));
}

async function assessSeed(name: string) {
  const raw: RawRow = caseRowToRawRow({}, SEED_ROWS[name], 7);
  const { assessments } = await assessRows([raw], await shippedRules(), { assessmentDate: '2026-11-23' });
  return assessments[0];
}

describe('seed decision proposals', () => {
  // A clone without ../shared: the committed copies stand, and the skip says so.
  const sharedTest = existsSync(SHARED) ? test : test.skip;
  sharedTest(`the fixtures are the seeds in shared/${existsSync(SHARED) ? '' : ' (hoppas över: ../shared/seeds finns inte bredvid repot)'}`, () => {
    for (const name of readdirSync(SHARED)) expect(seedText(name)).toBe(readFileSync(join(SHARED, name), 'utf8'));
  });

  test('seed 000 (2018): OK under finsam-2018, clauses word for word', async () => {
    const a = await assessSeed('000_338f5d121b4b992d.txt');
    expect(a.status).toBe('ok');
    expect(a.ruleset?.id).toBe('finsam-2018');
    const clauses = seedClauses(seedText('000_338f5d121b4b992d.txt'));
    expect(clauses).toHaveLength(4);
    expect(a.decision.split('\n').map(normalise)).toEqual(clauses);
  });

  test('seed 001 (2025–2026): OK under finsam-2025, clauses word for word', async () => {
    const a = await assessSeed('001_f1b12c1c8782b80f.txt');
    expect(a.status).toBe('ok');
    expect(a.ruleset?.id).toBe('finsam-2025');
    const clauses = seedClauses(seedText('001_f1b12c1c8782b80f.txt'));
    expect(clauses).toHaveLength(3);
    expect(a.decision.split('\n').map(normalise)).toEqual(clauses);
  });

  test("seed 001's Bedömning starts with the seed's placing sentence", async () => {
    const a = await assessSeed('001_f1b12c1c8782b80f.txt');
    const seedBedomning = seedText('001_f1b12c1c8782b80f.txt').split('\nBedömning\n')[1];
    const firstSentence = normalise(seedBedomning).split('. ')[0] + '.';
    expect(firstSentence).toBe(
      'Ansökan rör en strukturövergripande insats där Uppsala kommun är insatsägare och Försäkringskassan, Arbetsförmedlingen och Region Uppsala är samverkansparter.',
    );
    expect(normalise(a.notes).startsWith(firstSentence)).toBe(true);
  });

  // The contract changed (issue 9): passed arithmetic moved from the Bedömning to Kontroller.
  test("Kontroller carries the belopp-max line of default-rules.md with the seed's figures, the Bedömning does not", async () => {
    const a = await assessSeed('001_f1b12c1c8782b80f.txt');
    expect((a.checks ?? []).map(normalise)).toContain('✓ Belopp per år: 280 000 kr, högst 300 000 kr');
    expect(normalise(a.notes)).not.toContain('280 000');
  });

  test("seed 000's Bedömning says the target group and the förankring in the seed's words", async () => {
    const a = await assessSeed('000_338f5d121b4b992d.txt');
    const seed = normalise(seedText('000_338f5d121b4b992d.txt'));
    expect(seed).toContain('Ansökan har diskuterats av parterna i lokusgruppen och alla parter i lokusgruppen har ställt sig bakom ansökan.');
    expect(normalise(a.notes)).toContain('Ansökan har diskuterats av parterna i lokusgruppen och alla parter i lokusgruppen har ställt sig bakom ansökan.');
    expect(normalise(a.notes)).toContain('i och med stödet till struktur för samverkan');
  });

  test('amounts in cell texts use no-break spaces so they never wrap', async () => {
    const a = await assessSeed('001_f1b12c1c8782b80f.txt');
    expect(a.decision).toContain('560\u00a0000\u00a0kronor');
  });
});
