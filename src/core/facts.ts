import { readBoardDecision, type BoardReading } from './board-decision';
import { parseChiefDecision, type ChiefDecision } from './chief';
import { completedMonths, monthsInPeriod } from './dates';
import { formatKr } from './format';
import { nameKey } from './fold';
import type { LoggedInputs } from './log/schema';
import type { Application, FigureValue, IsoDate } from './types';

/** The four parties of a samordningsförbund (lag 2003:1210): all kommuner together count as one. */
export type AuthorityKind = 'kommun' | 'region' | 'arbetsformedlingen' | 'forsakringskassan';
export const AUTHORITY_KIND_LABELS: Record<AuthorityKind, string> = {
  kommun: 'kommunerna',
  region: 'regionen',
  arbetsformedlingen: 'Arbetsförmedlingen',
  forsakringskassan: 'Försäkringskassan',
};

export interface Member {
  name: string;
  kind: AuthorityKind;
}

/** Other names of a member: `AF`; `Arbetsförmedlingen *` means the name followed by a place (`Arbetsförmedlingen Uppsala`). */
export interface MemberAlias {
  member: string;
  names: string[];
}

/** A priority group, recognised when the target group has a word from every list (words match at a word's start). */
export interface PriorityGroupPattern {
  group: string;
  allOf: string[][];
}

export type ParameterValue = number | string | boolean | number[] | string[] | Member[] | MemberAlias[] | PriorityGroupPattern[];
export type Parameters = Record<string, ParameterValue> & { members: Member[] };

export type Facts = Record<string, FigureValue>;

/** What a row's facts are computed from, besides the application: the things only the caller knows. */
export interface RowFactContext {
  /** Address of the `Chefens beslut` cell, for messages. */
  chiefCell?: string | null;
  /** The key inputs logged with the chief's decision on this row, when there is one. */
  logged?: LoggedInputs | null;
  /** Chefens beslut as parseChiefDecision read it with `chiefCell`, when the caller already has it. */
  chief?: ChiefDecision | { invalid: string } | null;
  /** Addresses of the `Styrelsens beslut`, `Paragraf` and `Beviljat belopp` cells, for messages. */
  boardCell?: string | null;
  paragraphCell?: string | null;
  grantedCell?: string | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10000) / 10000;

// ---------------------------------------------------------------------------------------------
// Organisations: members, their other names, the förbund itself. Built once per parameters object.

type Organisation = { kind: 'member'; member: Member } | { kind: 'federation'; name: string };

interface OrganisationIndex {
  exact: Map<string, Organisation>;
  /** Folded prefixes (`arbetsförmedlingen `) of aliases ending in ` *`. */
  prefixes: [string, Organisation][];
}

const organisationIndexes = new WeakMap<Parameters, OrganisationIndex>();
function organisationIndex(params: Parameters): OrganisationIndex {
  let index = organisationIndexes.get(params);
  if (index) return index;
  index = { exact: new Map(), prefixes: [] };
  const byName = new Map(params.members.map((m) => [nameKey(m.name), m] as const));
  for (const m of params.members) index.exact.set(nameKey(m.name), { kind: 'member', member: m });
  const aliases = Array.isArray(params.memberAliases) ? (params.memberAliases as MemberAlias[]) : [];
  for (const alias of aliases) {
    const member = byName.get(nameKey(alias.member));
    if (!member) continue;
    for (const name of alias.names) {
      const folded = nameKey(name);
      if (folded.endsWith(' *')) index.prefixes.push([folded.slice(0, -1), { kind: 'member', member }]);
      else index.exact.set(folded, { kind: 'member', member });
    }
  }
  if (typeof params.federation === 'string' && params.federation.trim()) index.exact.set(nameKey(params.federation), { kind: 'federation', name: params.federation });
  organisationIndexes.set(params, index);
  return index;
}

/** Which member (or the förbund) a name means, or null. */
export function resolveOrganisation(name: string, params: Parameters): Organisation | null {
  const index = organisationIndex(params);
  const folded = nameKey(name);
  const exact = index.exact.get(folded);
  if (exact) return exact;
  for (const [prefix, org] of index.prefixes) if (folded.startsWith(prefix) && folded.length > prefix.length) return org;
  return null;
}

/**
 * A member by its own name (`AF` → `Arbetsförmedlingen`, `Enköping` → `Enköpings kommun`); anyone
 * else as written. The row facts pass the organisation they already resolved.
 */
export function displayName(written: string, params: Parameters | null, org: Organisation | null = params ? resolveOrganisation(written, params) : null): string {
  return org?.kind === 'member' ? org.member.name : written;
}

// ---------------------------------------------------------------------------------------------
// Target group: a priority group as a whole, and the ages.

const patternRegexes = new WeakMap<Parameters, { group: string; lists: RegExp[] }[]>();
function priorityPatterns(params: Parameters): { group: string; lists: RegExp[] }[] {
  let compiled = patternRegexes.get(params);
  if (!compiled) {
    const patterns = Array.isArray(params.priorityGroupPatterns) ? (params.priorityGroupPatterns as PriorityGroupPattern[]) : [];
    const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    compiled = patterns.map((p) => ({
      group: p.group,
      // A key word counts at the start of a word: `unga` in `Unga vuxna`, not in `Kungsängen`.
      lists: p.allOf.map((words) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escape).join('|')})`, 'iu')),
    }));
    patternRegexes.set(params, compiled);
  }
  return compiled;
}

const AGE_RANGE = /(\d{1,3})\s*[–-]\s*(\d{1,3})\s*år/u;

/** The ages a target group states (`67–75 år`), or null. */
function statedAges(text: string): [number, number] | null {
  const m = AGE_RANGE.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a <= b ? [a, b] : [b, a];
}

// ---------------------------------------------------------------------------------------------
// The row facts: each defined once, with its documentation and its computation.

/** Everything a row fact may be computed from: worked out once per row. */
interface RowBasis {
  app: Application;
  params: Parameters;
  assessmentDate: IsoDate;
  months: number;
  validPeriod: boolean;
  owner: Organisation | null;
  /** Each partner's organisation, by its place in app.partners. */
  partnerOrgs: (Organisation | null)[];
  kinds: AuthorityKind[];
  nonMembers: string[];
  ages: [number, number] | null;
  agesOutside: boolean;
  spentAsOf: IsoDate;
  elapsedMonths: number | null;
  proRata: number | null;
  chief: ChiefDecision | { invalid: string } | null;
  board: BoardReading;
  paperAmount: number;
  context: RowFactContext;
  logged: boolean;
  changes: string[];
}

interface FactDefinition {
  /** What the fact is, in Swedish: shown to whoever writes rules. */
  doc: string;
  compute: (b: RowBasis) => FigureValue;
}

const fact = (doc: string, compute: (b: RowBasis) => FigureValue): FactDefinition => ({ doc, compute });

/**
 * Row facts: computed once per row before the engine runs, flat, typed, rounded,
 * so that the rules compare plain values (json-rules-engine's numeric operators
 * are silently false on strings, and 0.1 + 0.2 is not 0.3).
 * Keys are what rules and templates may name.
 */
export const ROW_FACT_DEFINITIONS = {
  id: fact('Diarienummer', (b) => b.app.id),
  name: fact('Insatsens namn', (b) => b.app.name),
  owner: fact('Insatsägare', (b) => b.app.owner),
  ownerName: fact('Insatsägaren med medlemmens fullständiga namn (AF → Arbetsförmedlingen), annars som den är skriven', (b) => displayName(b.app.owner, b.params, b.owner)),
  partners: fact('Samverkansparter (lista)', (b) => b.app.partners),
  partnerNames: fact('Samverkansparterna med medlemmarnas fullständiga namn, övriga som de är skrivna (lista)', (b) =>
    b.app.partners.map((p, i) => displayName(p, b.params, b.partnerOrgs[i])),
  ),
  partnerCount: fact('Antal samverkansparter', (b) => b.app.partners.length),
  kind: fact('Insatstyp: individinriktad, strukturövergripande, kompetenshöjande eller tom', (b) => b.app.kind),
  targetGroup: fact('Målgrupp (text, tom när den saknas)', (b) => b.app.targetGroup ?? ''),
  start: fact('Startdatum (ÅÅÅÅ-MM-DD)', (b) => b.app.start),
  end: fact('Slutdatum (ÅÅÅÅ-MM-DD)', (b) => b.app.end),
  amount: fact('Sökt belopp för hela perioden, kr', (b) => b.app.amount),
  fte: fact('Tjänsteomfattning som andel av heltid, eller tom', (b) => b.app.fte),
  fteGiven: fact('Om tjänsteomfattning är angiven', (b) => b.app.fte !== null),
  caseType: fact('Ärendetyp: ny eller förlängning', (b) => b.app.caseType),
  decisionDate: fact('Beslutsdatum', (b) => b.app.decisionDate),
  anchored: fact('Förankrad: ja, nej eller tom', (b) => b.app.anchored),
  granted: fact('Beviljat belopp (uppföljning)', (b) => b.app.granted),
  spent: fact('Utfall (uppföljning)', (b) => b.app.spent),
  months: fact('Periodens längd i påbörjade kalendermånader', (b) => b.months),
  amountPerYear: fact('Sökt belopp omräknat till kr per år (belopp / månader × 12)', (b) => (b.validPeriod ? round2((b.app.amount / b.months) * 12) : null)),
  cappedAmount: fact('Högsta belopp för perioden enligt maxbeloppet per år (maxAmountPerYear × månader / 12)', (b) =>
    b.validPeriod && typeof b.params.maxAmountPerYear === 'number' ? Math.round((b.params.maxAmountPerYear * b.months) / 12) : null,
  ),
  costPerFteYear: fact('Kostnad per heltidstjänst och år (belopp / (andel × månader / 12))', (b) =>
    b.validPeriod && b.app.fte ? round2(b.app.amount / ((b.app.fte * b.months) / 12)) : null,
  ),
  startYear: fact('Startår', (b) => Number(b.app.start.slice(0, 4))),
  endYear: fact('Slutår', (b) => Number(b.app.end.slice(0, 4))),
  yearSpan: fact('Antal kalenderår som perioden berör', (b) => Number(b.app.end.slice(0, 4)) - Number(b.app.start.slice(0, 4)) + 1),
  ownerIsMember: fact('Om insatsägaren är en medlem (även med ett annat namn, t.ex. AF) eller förbundet självt', (b) => b.owner !== null),
  ownerIsFederation: fact('Om insatsägaren är förbundet självt', (b) => b.owner?.kind === 'federation'),
  partiesCovered: fact('Antal av förbundets fyra parter (kommunerna räknas som en) som insatsägare och samverkansparter kommer från', (b) => b.kinds.length),
  coveredParties: fact('Parterna som insatsägare och samverkansparter kommer från (lista)', (b) => b.kinds.map((k) => AUTHORITY_KIND_LABELS[k])),
  nonMemberPartners: fact('Samverkansparter som inte är medlemmar (lista)', (b) => b.nonMembers),
  priorityGroupMet: fact('Den prioriterade målgrupp som målgruppen anger som helhet, eller tom', (b) => {
    if (b.agesOutside) return null;
    const text = b.app.targetGroup ?? '';
    return priorityPatterns(b.params).find((p) => p.lists.every((re) => re.test(text)))?.group ?? null;
  }),
  targetAges: fact('Åldrarna som målgruppen anger (t.ex. 67–75), eller tom', (b) => (b.ages ? `${b.ages[0]}–${b.ages[1]}` : null)),
  targetAgesOutside: fact('Om målgruppens angivna åldrar helt ligger utanför ageRange', (b) => b.agesOutside),
  spentAsOf: fact('Dagen som utfallet avser (Utfall per), annars bedömningsdagen', (b) => b.spentAsOf),
  elapsedMonths: fact('Hela månader av perioden som har gått den dag utfallet avser; bara för rader med beviljat belopp', (b) => b.elapsedMonths),
  proRataGranted: fact('Beviljat belopp × gångna månader / periodens månader, kr', (b) => b.proRata),
  spentPace: fact('Utfall / den del av beviljat belopp som motsvarar de gångna månaderna; 1 = i takt med perioden', (b) =>
    b.proRata && b.app.spent !== null ? round4(b.app.spent / b.proRata) : null,
  ),
  minSpentAmount: fact('Lägsta utfall i takt: minSpentShare × proRataGranted, hela kronor', (b) =>
    b.proRata !== null && typeof b.params.minSpentShare === 'number' ? Math.round(b.params.minSpentShare * b.proRata) : null,
  ),
  overspent: fact('Utfall minus beviljat belopp när utfallet är större, kr', (b) =>
    b.app.granted !== null && b.app.spent !== null && b.app.spent > b.app.granted ? b.app.spent - b.app.granted : null,
  ),
  chiefDecisionValid: fact('Om Chefens beslut är tomt eller ett av förbundschefens val', (b) => !(b.chief && 'invalid' in b.chief)),
  chiefDecisionText: fact('Chefens beslut som det står i cellen, eller tom', (b) => b.app.chiefDecision),
  chiefDecisionProblem: fact('Varför Chefens beslut inte kan läsas (en mening), eller tom', (b) => (b.chief && 'invalid' in b.chief ? b.chief.invalid : null)),
  boardDecision: fact('Styrelsens beslut: grant (Bifall), grant-changed (Bifall med ändring), reject (Avslag), referral (Återremiss), tabled (Bordlagt) eller tom', (b) => b.board.decision?.choice ?? null),
  boardDecisionText: fact('Styrelsens beslut som det står i cellen, eller tom', (b) => b.app.boardDecision ?? null),
  boardDecisionCell: fact('Cellen med Styrelsens beslut', (b) => b.context.boardCell ?? null),
  boardDecisionProblem: fact('Vad som är fel i styrelsens beslut: unknown-choice, paragraph, above-requested, no-change, eller tom', (b) => b.board.problem),
  boardGrantedMissing: fact('Om styrelsens beslut är Bifall eller Bifall med ändring men Beviljat belopp är tomt', (b) => b.board.grantedMissing),
  paragraphText: fact('Paragraf som det står i cellen, eller tom', (b) => b.app.paragraph ?? null),
  paragraphCell: fact('Cellen med Paragraf', (b) => b.context.paragraphCell ?? null),
  grantedCell: fact('Cellen med Beviljat belopp', (b) => b.context.grantedCell ?? null),
  paperAmount: fact('Beloppet i styrelseunderlaget: Beslutat belopp, annars sökt belopp begränsat av maxbeloppet', (b) => b.paperAmount),
  inputLogged: fact('Om det finns ett loggat beslut av förbundschefen att jämföra uppgifterna med', (b) => b.logged),
  inputChanged: fact('Om insatsens nyckeluppgifter har ändrats sedan förbundschefens beslut loggades', (b) => b.changes.length > 0),
  inputChanges: fact('Ändringarna sedan beslutet: "Sökt belopp 560 000 kr → 600 000 kr" (lista)', (b) => b.changes),
  assessmentDate: fact('Bedömningsdagen (ÅÅÅÅ-MM-DD)', (b) => b.assessmentDate),
} satisfies Record<string, FactDefinition>;

export type RowFactName = keyof typeof ROW_FACT_DEFINITIONS;

/** The row facts' documentation, by name (what the rule set validation and the docs list). */
export const ROW_FACTS: Record<string, string> = Object.fromEntries(Object.entries(ROW_FACT_DEFINITIONS).map(([k, d]) => [k, d.doc]));

function inputChanges(app: Application, logged: LoggedInputs | null | undefined): string[] {
  if (!logged) return [];
  const out: string[] = [];
  const money = (n: number | null) => (n === null ? 'tomt' : formatKr(n));
  const text = (s: string | null) => (s === null || s === '' ? 'tomt' : s);
  const share = (n: number | null) => (n === null ? 'tomt' : String(n).replace('.', ','));
  if (logged.amount !== app.amount) out.push(`Sökt belopp ${money(logged.amount)} → ${money(app.amount)}`);
  if (logged.start !== app.start) out.push(`Startdatum ${text(logged.start)} → ${app.start}`);
  if (logged.end !== app.end) out.push(`Slutdatum ${text(logged.end)} → ${app.end}`);
  if (logged.fte !== app.fte) out.push(`Tjänsteomfattning ${share(logged.fte)} → ${share(app.fte)}`);
  if (nameKey(logged.owner ?? '') !== nameKey(app.owner)) out.push(`Insatsägare ${text(logged.owner)} → ${app.owner}`);
  return out;
}

const AUTHORITY_KINDS = Object.keys(AUTHORITY_KIND_LABELS) as AuthorityKind[];

function basis(app: Application, params: Parameters, assessmentDate: IsoDate, context: RowFactContext): RowBasis {
  const months = monthsInPeriod(app.start, app.end);
  const owner = resolveOrganisation(app.owner, params);
  const kinds = new Set<AuthorityKind>();
  const nonMembers: string[] = [];
  // An insats the förbund owns itself: only its partners count for samverkan.
  if (owner?.kind === 'member') kinds.add(owner.member.kind);
  const partnerOrgs = app.partners.map((partner) => resolveOrganisation(partner, params));
  app.partners.forEach((partner, i) => {
    const org = partnerOrgs[i];
    if (org?.kind === 'member') kinds.add(org.member.kind);
    else if (!org) nonMembers.push(partner);
  });
  const ages = statedAges(app.targetGroup ?? '');
  const range = Array.isArray(params.ageRange) && params.ageRange.length === 2 ? (params.ageRange as number[]) : null;
  const agesOutside = ages !== null && range !== null && (ages[1] < range[0] || ages[0] > range[1]);
  const spentAsOf = app.spentAsOf ?? assessmentDate;
  const validPeriod = months > 0;
  const elapsedMonths = app.granted !== null && validPeriod ? Math.min(months, completedMonths(app.start, spentAsOf)) : null;
  const proRata = app.granted !== null && elapsedMonths !== null ? Math.round((app.granted * elapsedMonths) / months) : null;
  const capped = validPeriod && typeof params.maxAmountPerYear === 'number' ? Math.round((params.maxAmountPerYear * months) / 12) : app.amount;
  const paperAmount = app.decidedAmount ?? Math.min(app.amount, capped);
  return {
    app,
    params,
    assessmentDate,
    months,
    validPeriod,
    owner,
    partnerOrgs,
    kinds: AUTHORITY_KINDS.filter((k) => kinds.has(k)),
    nonMembers,
    ages,
    agesOutside,
    spentAsOf,
    elapsedMonths,
    proRata,
    chief: context.chief !== undefined ? context.chief : parseChiefDecision(app.chiefDecision, app.decidedAmount ?? null, app.comment ?? null, context.chiefCell ?? ''),
    board: readBoardDecision(app.boardDecision ?? null, app.paragraph ?? null, app.granted, app.amount, paperAmount),
    paperAmount,
    context,
    logged: app.chiefDecision !== null && !!context.logged,
    changes: app.chiefDecision ? inputChanges(app, context.logged) : [],
  };
}

/** The row facts' names in definition order, and their computations in the same order. */
const ROW_FACT_NAMES = Object.keys(ROW_FACT_DEFINITIONS) as RowFactName[];
const ROW_FACT_COMPUTE = ROW_FACT_NAMES.map((name) => ROW_FACT_DEFINITIONS[name].compute);

/** Every row fact, null, as JSON: what each row's facts object is made from (see computeRowFacts). */
const ROW_FACT_JSON = JSON.stringify(Object.fromEntries(ROW_FACT_NAMES.map((name) => [name, null])));

/**
 * Computes the row facts of one application under a rule set's parameters: every fact of
 * ROW_FACT_DEFINITIONS, in its order. The object already names every fact when it is made, and each
 * fact replaces its null, so the run's, the portfolio's and the follow-up's facts added later find
 * an object V8 can keep in its fast layout, one hidden class for all rows. How it is made matters:
 * facts added one by one under computed names made each row's facts a hash table (some 3 kB a row
 * against 0.6), and so did a spread copy of a template object as soon as the run's facts were added
 * to it (at 50 000 rows 700 MB at peak against 530, and 25 % slower). JSON.parse builds its objects
 * along V8's shared transitions, like an object literal; `npm run bench` measures it.
 */
export function computeRowFacts(app: Application, params: Parameters, assessmentDate: IsoDate, context: RowFactContext = {}): Facts {
  const b = basis(app, params, assessmentDate, context);
  const facts = JSON.parse(ROW_FACT_JSON) as Record<RowFactName, FigureValue>;
  for (let i = 0; i < ROW_FACT_NAMES.length; i++) facts[ROW_FACT_NAMES[i]] = ROW_FACT_COMPUTE[i](b);
  return facts;
}

/** Values templates may use beside facts and parameters. */
export const TEXT_VARIABLES: Record<string, string> = {
  kindText: 'Insatstyp med ordet insats: "strukturövergripande insats", eller "insats" när typen saknas',
  grantAmount: 'Belopp som förslaget beviljar (begränsat när belopp-max slår till)',
  reasons: 'Skälen till avslag (lista)',
  row: 'Radnummer på bladet',
  startCell: 'Cellen med startdatum',
  endCell: 'Cellen med slutdatum',
  amountCell: 'Cellen med sökt belopp',
  ageRangeText: 'Parametern ageRange som text: "16–64"',
};
