import type { CaseRow } from '../../src/core/rulesets';

/** The two seed applications (shared/seeds) as sheet rows, with their real figures. */
export const SEED_ROWS: Record<string, CaseRow> = {
  '000_338f5d121b4b992d.txt': {
    Diarienummer: '2017-045',
    Insats: 'Lokussamordnare Älvkarleby',
    Insatsägare: 'Älvkarleby kommun',
    Samverkansparter: 'Arbetsförmedlingen, Försäkringskassan och Region Uppsala',
    Insatstyp: 'strukturövergripande',
    Målgrupp: 'Lokusgruppen i Älvkarleby',
    Startdatum: '2018-01-01',
    Slutdatum: '2018-12-31',
    'Sökt belopp': '150 000 kr',
    Tjänsteomfattning: '20 %',
    Ärendetyp: 'ny',
    Förankrad: 'ja',
  },
  '001_f1b12c1c8782b80f.txt': {
    Diarienummer: '2024-017',
    Insats: 'Lokussamordnare Uppsala',
    Insatsägare: 'Uppsala kommun',
    Samverkansparter: 'Försäkringskassan, Arbetsförmedlingen och Region Uppsala',
    Insatstyp: 'strukturövergripande',
    Målgrupp: 'Lokusgruppen i Uppsala',
    Startdatum: '2025-01-01',
    Slutdatum: '2026-12-31',
    'Sökt belopp': 560000,
    Tjänsteomfattning: 0.4,
    Ärendetyp: 'förlängning',
    Beslutsdatum: '2024-11-20',
    Förankrad: 'ja',
  },
};

export const SEED_2025 = SEED_ROWS['001_f1b12c1c8782b80f.txt'];
