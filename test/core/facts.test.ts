import { computeRowFacts, displayName, ROW_FACTS, type Parameters } from '../../src/core/facts';
import type { Application } from '../../src/core/types';

const params = {
  members: [
    { name: 'Uppsala kommun', kind: 'kommun' },
    { name: 'Arbetsförmedlingen', kind: 'arbetsformedlingen' },
  ],
  memberAliases: [{ member: 'Arbetsförmedlingen', names: ['AF', 'Arbetsförmedlingen *'] }],
  maxAmountPerYear: 600000,
} as Parameters;

const app: Application = {
  row: 4, id: '2025-001', name: 'Steg framåt', owner: 'uppsala  KOMMUN', partners: ['AF', 'Arbetsförmedlingen Enköping', 'Röda korset'],
  kind: 'individinriktad', targetGroup: null, start: '2025-01-01', end: '2026-06-30', amount: 900000, fte: null, caseType: 'ny',
  decisionDate: null, anchored: true, granted: null, spent: null, chiefDecision: null,
};

describe('row facts', () => {
  test('a row has every fact of the definitions, each once, in their order', () => {
    expect(Object.keys(computeRowFacts(app, params, '2025-03-01'))).toEqual(Object.keys(ROW_FACTS));
  });

  test('each fact is its own computation on the row', () => {
    const facts = computeRowFacts(app, params, '2025-03-01');
    expect(facts).toMatchObject({
      id: '2025-001', amount: 900000, months: 18, amountPerYear: 600000, cappedAmount: 900000, fteGiven: false,
      ownerName: 'Uppsala kommun', partnerNames: ['Arbetsförmedlingen', 'Arbetsförmedlingen', 'Röda korset'],
      nonMemberPartners: ['Röda korset'], partiesCovered: 2, assessmentDate: '2025-03-01',
    });
    // Another row gets its own values, not the last row's.
    expect(computeRowFacts({ ...app, amount: 300000, fte: 0.5 }, params, '2025-03-01')).toMatchObject({ amount: 300000, amountPerYear: 200000, fteGiven: true, costPerFteYear: 400000 });
  });

  test('displayName: a member by its own name, anyone else as written', () => {
    expect(displayName('AF', params)).toBe('Arbetsförmedlingen');
    expect(displayName('Arbetsförmedlingen Uppsala', params)).toBe('Arbetsförmedlingen');
    expect(displayName('Röda korset', params)).toBe('Röda korset');
    expect(displayName('AF', null)).toBe('AF');
  });
});
