import { assessRows } from '../../src/core/assess';
import { parseChiefDecision, type ChiefDecision } from '../../src/core/chief';
import { caseRowToRawRow, type CaseRow } from '../../src/core/rulesets';
import { renderChiefDecision } from '../../src/core/texts/decision';
import type { Assessment } from '../../src/core/types';
import { shippedRules } from '../helpers/rules';
import { SEED_2025, SEED_ROWS } from '../helpers/seeds';

const spaces = (s: string) => s.replace(/[\u00a0\u202f]/gu, ' ');

async function assessOne(base: CaseRow, overrides: CaseRow, options: { logged?: Parameters<typeof assessRows>[2]['loggedInputs'] } = {}): Promise<Assessment> {
  const { assessments } = await assessRows([caseRowToRawRow(base, overrides, 7)], await shippedRules(), { assessmentDate: '2026-11-23', loggedInputs: options.logged });
  return assessments[0];
}

describe('parseChiefDecision', () => {
  const parse = (text: string | null, amount: number | null = null, comment: string | null = null) => parseChiefDecision(text, amount, comment, 'R7');

  test('an empty cell is no decision', () => {
    expect(parse(null)).toBeNull();
    expect(parse('   ')).toBeNull();
  });

  test('the choices by their first words, any case; text after the choice is kept, not interpreted', () => {
    expect(parse('Bevilja')).toMatchObject({ choice: 'grant', text: 'Bevilja', amount: null, address: 'R7' });
    expect(parse('beviljas')).toMatchObject({ choice: 'grant' });
    expect(parse('Bifall')).toMatchObject({ choice: 'grant' });
    expect(parse('Beviljas trots målgrupp – AF')).toMatchObject({ choice: 'grant', text: 'Beviljas trots målgrupp – AF' });
    expect(parse('Bevilja med ändrat belopp', 500000)).toMatchObject({ choice: 'grant-changed', amount: 500000 });
    expect(parse('AVSLÅ', null, 'Insatsen finns redan.')).toMatchObject({ choice: 'reject', comment: 'Insatsen finns redan.' });
    expect(parse('Avslås')).toMatchObject({ choice: 'reject', comment: null });
    expect(parse('Begär komplettering')).toMatchObject({ choice: 'supplement' });
    expect(parse('Komplettering: budget saknas')).toMatchObject({ choice: 'supplement' });
  });

  test('anything else, or a changed amount without Beslutat belopp, is invalid with a message naming the cell', () => {
    expect(parse('Kanske')).toEqual({ invalid: 'Chefens beslut i R7 ("Kanske") är inget av valen Bevilja, Bevilja med ändrat belopp, Avslå eller Begär komplettering.' });
    expect(parse('Avslåsen')).toHaveProperty('invalid');
    expect(parse('Ja')).toHaveProperty('invalid');
    expect(parse('Bevilja med ändrat belopp')).toEqual({ invalid: 'Chefens beslut i R7 är Bevilja med ändrat belopp, men Beslutat belopp är tomt.' });
    expect(parseChiefDecision('Kanske', null, null, '')).toEqual({ invalid: 'Chefens beslut ("Kanske") är inget av valen Bevilja, Bevilja med ändrat belopp, Avslå eller Begär komplettering.' });
  });
});

describe('decision texts for every situation', () => {
  test('2018 style: a capped grant has no "enligt ansökan", names the requested amount, and no final full stops', async () => {
    const a = await assessOne(SEED_ROWS['000_338f5d121b4b992d.txt'], { 'Sökt belopp': '400 000 kr' });
    expect(a.ruleset?.id).toBe('finsam-2018');
    expect(spaces(a.decision).split('\n')).toEqual([
      'att bevilja finansiellt stöd från förbundet till insatsen Lokussamordnare Älvkarleby',
      'att avsätta maximalt 300 000 kr (sökt belopp 400 000 kr) som finansiering under perioden 2018-01-01 till 2018-12-31',
      'att finansieringen av insatsen gäller under förutsättning att förbundet beviljas medel från medlemsorganisationerna framöver',
      'att finansiering av insatsen gäller under förutsättning att insatsen följer aktuell ansökan, gällande lagstiftning och av förbundet antagna styrdokument',
    ]);
  });

  test('2018 style: a rejection is one clause without a final full stop', async () => {
    const a = await assessOne(SEED_ROWS['000_338f5d121b4b992d.txt'], { Insatsägare: 'Stiftelsen Vägen' });
    expect(a.decision).toBe('att avslå ansökan om finansiellt stöd till insatsen Lokussamordnare Älvkarleby, eftersom insatsägaren Stiftelsen Vägen inte är medlem i förbundet');
  });

  test('a row already granted gets no decision text, whatever its status', async () => {
    const a = await assessOne(SEED_2025, { 'Beviljat belopp': '560 000 kr', Utfall: '100 000 kr' });
    expect(a.decision).toBe('');
    expect(spaces(a.notes)).toMatch(/^Förbundsstyrelsen beviljade den 2024-11-20 insatsen 560 000 kr för perioden 2025-01-01 – 2026-12-31\./u);
  });

  describe("after the chief's decision (situationForChief + renderDecision)", () => {
    let flagged: Assessment;
    let rejected: Assessment;
    beforeAll(async () => {
      flagged = await assessOne(SEED_2025, { 'Sökt belopp': '700 000 kr', Tjänsteomfattning: '0,2' });
      rejected = await assessOne(SEED_2025, { Insatsägare: 'Stiftelsen Vägen' });
    });
    const chief = (choice: ChiefDecision['choice'], amount: number | null = null, comment: string | null = null): ChiefDecision => ({ choice, text: choice, amount, comment, address: 'R7' });
    const render = async (a: Assessment, c: ChiefDecision) => spaces(renderChiefDecision(await shippedRules(), a, c));

    test('grant: as drafted, the capped amount', async () => {
      expect((await render(flagged, chief('grant'))).split('\n')[0]).toContain('med maximalt 600 000 kronor (sökt belopp 700 000 kronor).');
    });
    test('grant with a changed amount: that amount, without "enligt ansökan"', async () => {
      const first = (await render(flagged, chief('grant-changed', 450000))).split('\n')[0];
      expect(first).toBe('att bevilja finansiellt stöd för insatsen Lokussamordnare Uppsala för perioden 1 januari år 2025 fram till 31 december 2026, med maximalt 450 000 kronor (sökt belopp 700 000 kronor).');
    });
    test("reject: the chief's comment is the reason; without one, the failed rules' reasons", async () => {
      expect(await render(flagged, chief('reject', null, 'Insatsen överlappar med befintlig verksamhet.'))).toBe(
        'att avslå ansökan om finansiellt stöd till insatsen Lokussamordnare Uppsala, eftersom insatsen överlappar med befintlig verksamhet.',
      );
      expect(await render(flagged, chief('reject'))).toBe(
        'att avslå ansökan om finansiellt stöd till insatsen Lokussamordnare Uppsala, eftersom det sökta beloppet motsvarar 350 000 kr per år, mer än maxbeloppet 300 000 kr per år och kostnaden per heltidstjänst och år blir 1 750 000 kr, mer än taket 800 000 kr.',
      );
    });
    test('grant of a row the rules would reject: the requested amount; supplement: no text', async () => {
      expect((await render(rejected, chief('grant'))).split('\n')[0]).toContain('med maximalt 560 000 kronor.');
      expect(await render(flagged, chief('supplement'))).toBe('');
    });
    test("a run writes the text the chief's decision gives, not the plain draft", async () => {
      const rejectedByChief = await assessOne(SEED_2025, { 'Sökt belopp': '700 000 kr', 'Chefens beslut': 'Avslå', Kommentar: 'Insatsen finns redan.' });
      expect(spaces(rejectedByChief.decision)).toBe('att avslå ansökan om finansiellt stöd till insatsen Lokussamordnare Uppsala, eftersom insatsen finns redan.');
      const changed = await assessOne(SEED_2025, { 'Chefens beslut': 'Bevilja med ändrat belopp', 'Beslutat belopp': '450 000 kr' });
      expect(spaces(changed.decision).split('\n')[0]).toContain('med maximalt 450 000 kronor (sökt belopp 560 000 kronor).');
      expect((await assessOne(SEED_2025, { 'Chefens beslut': 'Begär komplettering' })).decision).toBe('');
    });
    test('without a decision: the draft as assessed', async () => {
      expect(spaces(renderChiefDecision(await shippedRules(), flagged, null))).toBe(spaces(flagged.decision));
    });
  });
});

describe('indata-andrad and chefens-beslut', () => {
  const logged = { amount: 560000, start: '2025-01-01', end: '2026-12-31', fte: 0.4, owner: 'Uppsala kommun' };

  test('inputs changed since the logged decision are flagged with old → new values', async () => {
    const a = await assessOne(SEED_2025, { 'Sökt belopp': '600 000 kr', 'Chefens beslut': 'Bevilja' }, { logged: new Map([[7, logged]]) });
    expect(a.findings.map((f) => f.ruleId)).toEqual(['indata-andrad']);
    expect(spaces(a.findings[0].message)).toBe('Uppgifterna har ändrats sedan förbundschefens beslut: Sökt belopp 560 000 kr → 600 000 kr.');
    expect(a.inputChanged).toBe(true);
    expect(a.chief).toMatchObject({ choice: 'grant' });
  });

  test('unchanged inputs pass; without a logged decision the rule does not apply', async () => {
    expect((await assessOne(SEED_2025, { 'Chefens beslut': 'Bevilja' }, { logged: new Map([[7, logged]]) })).findings).toEqual([]);
    const a = await assessOne(SEED_2025, { 'Chefens beslut': 'Bevilja' });
    expect(a.outcomes.find((o) => o.ruleId === 'indata-andrad')?.outcome).toBe('not-applicable');
  });

  test('a decision that cannot be read is flagged, naming the cell and the choices', async () => {
    const a = await assessOne(SEED_2025, { 'Chefens beslut': 'Kanske' });
    expect(a.findings.map((f) => f.ruleId)).toEqual(['chefens-beslut']);
    expect(a.findings[0].message).toMatch(/^Chefens beslut i [A-Z]+7 \("Kanske"\) är inget av valen Bevilja, Bevilja med ändrat belopp, Avslå eller Begär komplettering\.$/u);
    expect(a.chief).toBeNull();
  });
});
