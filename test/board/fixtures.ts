import type { ChiefDecision } from '../../src/core/chief';
import type { Application, Assessment, Status } from '../../src/core/types';

/** Hand-built assessments for the board papers, independent of the rule texts of the day. */

export const HOSTILE = `<script>alert("x")</script> =cmd|' /C calc'!A0 ]]> & Co`;

function app(row: number, over: Partial<Application>): Application {
  return {
    row,
    id: null,
    name: 'Insats',
    owner: 'Uppsala kommun',
    partners: ['Arbetsförmedlingen'],
    kind: 'strukturövergripande',
    targetGroup: null,
    start: '2025-01-01',
    end: '2025-12-31',
    amount: 100000,
    fte: 0.2,
    caseType: 'ny',
    decisionDate: '2025-02-20',
    anchored: true,
    granted: null,
    spent: null,
    chiefDecision: null,
    ...over,
  };
}

function assessment(row: number, status: Status, a: Partial<Application>, over: Partial<Assessment> = {}): Assessment {
  const application = app(row, a);
  const is2018 = application.start < '2024-01-01';
  return {
    row,
    id: application.id,
    name: application.name,
    status,
    ruleset: is2018 ? { id: 'finsam-2018', version: 1 } : { id: 'finsam-2025', version: 1 },
    application,
    findings: [],
    outcomes: [],
    grantAmount: status === 'ok' ? application.amount : null,
    notes: `Bedömning av ${application.name}.`,
    decision: '',
    ...over,
  };
}

function chief(choice: ChiefDecision['choice'], over: Partial<ChiefDecision> = {}): ChiefDecision {
  return { choice, text: choice, amount: null, comment: null, address: 'R1', ...over };
}

const CONDITIONS_2025 = [
  'att finansieringen av insatsen gäller under förutsättning att förbundet beviljas medel från medlemsorganisationerna framöver.',
  'att finansiering av insatsen gäller under förutsättning att insatsen följer aktuell ansökan, gällande lagstiftning och av förbundet antagna styrdokument.',
];

/** Seven rows for the meeting of 2025-02-20, one of 2018 and one already granted. */
export function handBuilt(): Assessment[] {
  return [
    assessment(
      4,
      'ok',
      { id: '2017-045', name: 'Lokussamordnare Älvkarleby', owner: 'Älvkarleby kommun', start: '2018-01-01', end: '2018-12-31', amount: 150000, decisionDate: '2018-01-25' },
      {
        decision: [
          'att bevilja finansiellt stöd från förbundet enligt ansökan till insatsen Lokussamordnare Älvkarleby',
          'att avsätta maximalt 150\u00a0000\u00a0kr som finansiering under perioden 2018-01-01 till 2018-12-31',
        ].join('\n'),
      },
    ),
    assessment(
      5,
      'ok',
      {
        id: '2024-017',
        name: 'Lokussamordnare Uppsala',
        partners: ['Försäkringskassan', 'Arbetsförmedlingen', 'Region Uppsala'],
        start: '2025-01-01',
        end: '2026-12-31',
        amount: 560000,
        fte: 0.4,
        caseType: 'förlängning',
        purpose: 'Att hålla samman lokusgruppens arbete',
        chiefNote: 'Ansökan har diskuterats i Lokusgruppen i Uppsala.\n\nInsatsen ligger väl i linje med styrelsens inriktning.',
      },
      {
        decision: [
          'att bevilja finansiellt stöd enligt ansökan för insatsen Lokussamordnare Uppsala för perioden 1 januari år 2025 fram till 31 december 2026, med maximalt 560\u00a0000\u00a0kronor.',
          ...CONDITIONS_2025,
        ].join('\n'),
      },
    ),
    assessment(6, 'ok', { id: '2025-100', name: HOSTILE, owner: HOSTILE, partners: [], amount: 90000 }, { decision: `att bevilja finansiellt stöd enligt ansökan för insatsen ${HOSTILE}, med maximalt 90\u00a0000\u00a0kronor.` }),
    assessment(7, 'flag', { id: '2025-101', name: 'Komplettering behövs' }, { chief: chief('supplement', { comment: 'Budgeten saknas' }), decision: 'att bevilja …' }),
    assessment(
      8,
      'flag',
      { id: '2025-102', name: 'Flaggad utan beslut' },
      { findings: [{ ruleId: 'forankring', severity: 'flag', message: 'Ansökan är inte förankrad i lokusgruppen.', figures: {} }], decision: 'att bevilja …' },
    ),
    assessment(
      9,
      'flag',
      { id: '2025-103', name: 'Ändrat belopp', start: '2025-07-01', end: '2026-06-30', amount: 1000000, fte: null },
      {
        grantAmount: 300000,
        chief: chief('grant-changed', { amount: 240000 }),
        decision: 'att bevilja finansiellt stöd för insatsen Ändrat belopp …, med maximalt 300\u00a0000\u00a0kronor (sökt belopp 1\u00a0000\u00a0000\u00a0kronor).',
      },
    ),
    assessment(
      10,
      'reject',
      { id: '2025-104', name: 'Avslås av chefen', owner: 'Stiftelsen Vägen' },
      { chief: chief('reject', { comment: 'insatsägaren inte är medlem' }), decision: '' },
    ),
    assessment(11, 'ok', { id: '2024-021', name: 'Redan beviljad', granted: 100000, decisionDate: '2025-02-20' }),
    {
      row: 12,
      id: '2025-105',
      name: 'Oläslig rad',
      status: 'error',
      ruleset: null,
      application: null,
      findings: [{ ruleId: 'indata', severity: 'error', message: 'Kan inte tolka Sökt belopp i I12: "15O 000"', figures: {}, address: 'I12' }],
      outcomes: [],
      grantAmount: null,
      notes: '',
      decision: '',
    },
  ];
}
