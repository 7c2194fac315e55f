/**
 * The follow-up figures as facts of the rules with `"scope": "followUp"` (and of the follow-up
 * paragraph's texts): one flat, rounded value per name, null where a row has no follow-up.
 */
import type { Parameters } from '../facts';
import type { FigureValue } from '../types';
import { DEFAULT_REPORT_PARAMETERS, type InsatsFollowUp, type ReportParameters } from './figures';

export interface FollowUpFacts {
  followedUp: boolean;
  costSheet: boolean;
  costSource: string | null;
  costLineCount: number | null;
  followUpState: string | null;
  followUpDate: string | null;
  monthsPassed: number | null;
  spentTotal: number | null;
  spentShareOfGrant: number | null;
  expectedSpent: number | null;
  spentShare: number | null;
  minSpentExpected: number | null;
  forecast: number | null;
  forecastLimit: number | null;
  forecastExcess: number | null;
  forecastOver: boolean | null;
  remainingGrant: number | null;
  periodEnded: boolean | null;
  unspent: number | null;
  overspentBy: number | null;
  reportPeriodEnd: string | null;
  reportDueDate: string | null;
  reportMissing: boolean | null;
  lastReportEnd: string | null;
  finalReportDueDate: string | null;
  finalReportDue: boolean | null;
  finalReportGiven: boolean | null;
}

/** What each follow-up fact is, in Swedish: shown to whoever writes rules. */
export const FOLLOW_UP_FACTS: { readonly [K in keyof FollowUpFacts]: string } = {
  followedUp: 'Om raden följs upp: ett beviljat belopp och en giltig period',
  costSheet: 'Om arbetsboken har bladet Utfall (rapporterade kostnader)',
  costSource: 'Varifrån utfallet kommer: sheet (bladet Utfall), row (radens Utfall) eller none (inget redovisat)',
  costLineCount: 'Antal rader på bladet Utfall som räknas i utfallet',
  followUpState: 'Läget: none (inget utfall redovisat), ended (perioden har slutat) eller running (perioden pågår)',
  followUpDate: 'Uppföljningsdagen P (ÅÅÅÅ-MM-DD); för en rad utan rader på bladet Utfall dess Utfall per',
  monthsPassed: 'Månader av perioden från start till och med uppföljningsdagen (påbörjade, högst periodens månader)',
  spentTotal: 'Utfall t.o.m. uppföljningsdagen, hela kronor',
  spentShareOfGrant: 'Utfall som andel av beviljat belopp, fyra decimaler',
  expectedSpent: 'Förväntat utfall t.o.m. uppföljningsdagen: beviljat × gångna månader / periodens månader, hela kronor',
  spentShare: 'Upparbetning: utfall / förväntat, fyra decimaler; tom när inga månader har gått',
  minSpentExpected: 'Lägsta utfall i takt: minSpentShare × förväntat, hela kronor',
  forecast: 'Prognos för hela perioden i takten hittills: utfall × periodens månader / gångna månader, hela kronor',
  forecastLimit: 'Högsta prognos utan avvikelse: beviljat × (1 + forecastTolerance), hela kronor',
  forecastExcess: 'Prognos minus beviljat belopp, hela kronor',
  forecastOver: 'Om prognosen är över forecastLimit',
  remainingGrant: 'Kvar av beviljat: beviljat − utfall, hela kronor',
  periodEnded: 'Om perioden har slutat på uppföljningsdagen',
  unspent: 'Ej förbrukat när perioden har slutat: beviljat − utfall när det är över 0, kr',
  overspentBy: 'Överskridet: utfall − beviljat när utfallet är större, kr',
  reportPeriodEnd: 'Sista dagen i den senaste rapportperiod vars rapport skulle ha kommit in (slutrapportens period räknas inte)',
  reportDueDate: 'Dagen då den rapporten skulle ha kommit in',
  reportMissing: 'Om ingen Delrapport eller Slutrapport på bladet Utfall når fram till den periodens slut',
  lastReportEnd: 'Till-datum för den senaste Delrapporten eller Slutrapporten, eller tom',
  finalReportDueDate: 'Dagen då slutrapporten ska ha kommit in: Slutdatum + finalReportWithinMonths',
  finalReportDue: 'Om uppföljningsdagen är efter den dagen',
  finalReportGiven: 'Om bladet Utfall har en Slutrapport för insatsen',
};

const NO_FOLLOW_UP: Omit<FollowUpFacts, 'costSheet'> = Object.fromEntries(
  Object.keys(FOLLOW_UP_FACTS).filter((k) => k !== 'costSheet').map((k) => [k, k === 'followedUp' ? false : null]),
) as unknown as Omit<FollowUpFacts, 'costSheet'>;

/** The report parameters of a rule set, the contract's defaults where it names none. */
export function reportParameters(params: Parameters): ReportParameters {
  const n = (name: keyof ReportParameters) => (typeof params[name] === 'number' ? (params[name] as number) : DEFAULT_REPORT_PARAMETERS[name]);
  return { reportEveryMonths: n('reportEveryMonths'), reportWithinMonths: n('reportWithinMonths'), finalReportWithinMonths: n('finalReportWithinMonths') };
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

/** A row's follow-up facts: its figures when it is followed up, else nulls. */
export function followUpFacts(f: InsatsFollowUp | undefined, costSheet: boolean, params: Parameters): Record<keyof FollowUpFacts, FigureValue> {
  if (!f) return { ...NO_FOLLOW_UP, costSheet };
  const minShare = typeof params.minSpentShare === 'number' ? params.minSpentShare : null;
  const tolerance = typeof params.forecastTolerance === 'number' ? params.forecastTolerance : null;
  const limit = tolerance === null ? null : Math.round(f.granted * (1 + tolerance));
  return {
    followedUp: true,
    costSheet,
    costSource: f.source,
    costLineCount: f.lines.length,
    followUpState: f.source === 'none' ? 'none' : f.ended ? 'ended' : 'running',
    followUpDate: f.per,
    monthsPassed: f.monthsPassed,
    spentTotal: f.source === 'none' ? null : f.spent,
    spentShareOfGrant: f.source === 'none' || f.granted === 0 ? null : round4(f.spent / f.granted),
    expectedSpent: f.expected,
    spentShare: f.source === 'none' ? null : f.pace,
    minSpentExpected: minShare === null ? null : Math.round(minShare * f.expected),
    forecast: f.source === 'none' ? null : f.forecast,
    forecastLimit: limit,
    forecastExcess: f.source === 'none' || f.forecast === null ? null : f.forecast - f.granted,
    forecastOver: f.source === 'none' || f.forecast === null || limit === null ? null : f.forecast > limit,
    remainingGrant: f.source === 'none' ? null : f.remaining,
    periodEnded: f.ended,
    unspent: f.source === 'none' ? null : f.unspent,
    overspentBy: f.overspent,
    reportPeriodEnd: f.reportPeriodEnd,
    reportDueDate: f.reportDueDate,
    reportMissing: f.reportMissing,
    lastReportEnd: f.lastReportEnd,
    finalReportDueDate: f.finalReportDueDate,
    finalReportDue: f.finalReportDue,
    finalReportGiven: f.finalReportGiven,
  };
}
