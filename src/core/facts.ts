import { monthsInPeriod } from './dates';
import { foldName } from './operators';
import type { Application, FigureValue, IsoDate } from './types';

/** The four kinds of member authority that a samverkan must span. */
export type AuthorityKind = 'kommun' | 'region' | 'arbetsformedlingen' | 'forsakringskassan';
export const AUTHORITY_KIND_LABELS: Record<AuthorityKind, string> = {
  kommun: 'kommun',
  region: 'region',
  arbetsformedlingen: 'Arbetsförmedlingen',
  forsakringskassan: 'Försäkringskassan',
};

export interface Member {
  name: string;
  kind: AuthorityKind;
}

export type ParameterValue = number | string | boolean | number[] | string[] | Member[];
export type Parameters = Record<string, ParameterValue> & { members: Member[] };

/**
 * Row facts: computed once per row before the engine runs, flat, typed, rounded,
 * so that the rules compare plain values (json-rules-engine's numeric operators
 * are silently false on strings, and 0.1 + 0.2 is not 0.3).
 * Keys are what rules and templates may name; the descriptions document them.
 */
export const ROW_FACTS: Record<string, string> = {
  id: 'Diarienummer',
  name: 'Insatsens namn',
  owner: 'Insatsägare',
  partners: 'Samverkansparter (lista)',
  kind: 'Insatstyp: individinriktad, strukturövergripande, kompetenshöjande eller tom',
  targetGroup: 'Målgrupp (text, tom när den saknas)',
  start: 'Startdatum (ÅÅÅÅ-MM-DD)',
  end: 'Slutdatum (ÅÅÅÅ-MM-DD)',
  amount: 'Sökt belopp för hela perioden, kr',
  fte: 'Tjänsteomfattning som andel av heltid, eller tom',
  fteGiven: 'Om tjänsteomfattning är angiven',
  caseType: 'Ärendetyp: ny eller förlängning',
  decisionDate: 'Beslutsdatum',
  anchored: 'Förankrad: ja, nej eller tom',
  granted: 'Beviljat belopp (uppföljning)',
  spent: 'Utfall (uppföljning)',
  months: 'Periodens längd i påbörjade kalendermånader',
  amountPerYear: 'Sökt belopp omräknat till kr per år (belopp / månader × 12)',
  cappedAmount: 'Högsta belopp för perioden enligt maxbeloppet per år (maxAmountPerYear × månader / 12)',
  costPerFteYear: 'Kostnad per heltidstjänst och år (belopp / (andel × månader / 12))',
  startYear: 'Startår',
  endYear: 'Slutår',
  yearSpan: 'Antal kalenderår som perioden berör',
  memberKindsCovered: 'Antal av de fyra huvudmannagrupperna som insatsägare och parter täcker',
  coveredKinds: 'Huvudmannagrupper som insatsägare och parter täcker (lista)',
  nonMemberPartners: 'Samverkansparter som inte är medlemmar (lista)',
  assessmentDate: 'Bedömningsdagen (ÅÅÅÅ-MM-DD)',
};

export type Facts = Record<string, FigureValue>;

const round2 = (n: number) => Math.round(n * 100) / 100;

// Member kind by folded name, built once per parameters object (a rule set constant).
const memberKinds = new WeakMap<Parameters, Map<string, AuthorityKind>>();
function memberKindMap(params: Parameters): Map<string, AuthorityKind> {
  let map = memberKinds.get(params);
  if (!map) {
    map = new Map(params.members.map((m) => [foldName(m.name), m.kind] as const));
    memberKinds.set(params, map);
  }
  return map;
}

/** Computes the row facts of one application under a rule set's parameters. */
export function computeRowFacts(app: Application, params: Parameters, assessmentDate: IsoDate): Facts {
  const months = monthsInPeriod(app.start, app.end);
  const validPeriod = months > 0;
  const maxAmountPerYear = typeof params.maxAmountPerYear === 'number' ? params.maxAmountPerYear : null;
  const memberKind = memberKindMap(params);
  const kinds = new Set<AuthorityKind>();
  const nonMembers: string[] = [];
  for (const party of [app.owner, ...app.partners]) {
    const kind = memberKind.get(foldName(party));
    if (kind) kinds.add(kind);
    else if (party !== app.owner) nonMembers.push(party);
  }
  const coveredKinds = (Object.keys(AUTHORITY_KIND_LABELS) as AuthorityKind[]).filter((k) => kinds.has(k));
  const startYear = Number(app.start.slice(0, 4));
  const endYear = Number(app.end.slice(0, 4));
  return {
    id: app.id,
    name: app.name,
    owner: app.owner,
    partners: app.partners,
    kind: app.kind,
    targetGroup: app.targetGroup ?? '',
    start: app.start,
    end: app.end,
    amount: app.amount,
    fte: app.fte,
    fteGiven: app.fte !== null,
    caseType: app.caseType,
    decisionDate: app.decisionDate,
    anchored: app.anchored,
    granted: app.granted,
    spent: app.spent,
    months,
    amountPerYear: validPeriod ? round2((app.amount / months) * 12) : null,
    cappedAmount: validPeriod && maxAmountPerYear !== null ? Math.round((maxAmountPerYear * months) / 12) : null,
    costPerFteYear: validPeriod && app.fte ? round2(app.amount / ((app.fte * months) / 12)) : null,
    startYear,
    endYear,
    yearSpan: endYear - startYear + 1,
    memberKindsCovered: coveredKinds.length,
    coveredKinds: coveredKinds.map((k) => AUTHORITY_KIND_LABELS[k]),
    nonMemberPartners: nonMembers,
    assessmentDate,
  };
}

/** Values templates may use beside facts and parameters. */
export const TEXT_VARIABLES: Record<string, string> = {
  kindText: 'Insatstyp med ordet insats: "strukturövergripande insats", eller "insats" när typen saknas',
  grantAmount: 'Belopp som förslaget beviljar (begränsat när belopp-max slår till)',
  reasons: 'Skälen till avslag (lista)',
  row: 'Radnummer på bladet',
  startCell: 'Cellen med startdatum',
  endCell: 'Cellen med slutdatum',
};
