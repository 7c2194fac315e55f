/**
 * The words of the follow-up report (the Uppföljning sheet and the board's document): headings,
 * column names and the Ärendet paragraph. The rules' own sentences (the deviations) live in the
 * rule files like every rule's.
 */
import { formatCount, formatKr, formatKronor } from '../format';
import type { InsatsKind } from '../types';

export const FOLLOW_UP_SHEET = 'Uppföljning';

export const KIND_LABELS: Record<InsatsKind | 'none', string> = {
  individinriktad: 'Individinriktade insatser',
  strukturövergripande: 'Strukturövergripande insatser',
  kompetenshöjande: 'Kompetenshöjande insatser',
  none: 'Insatser utan insatstyp',
};

/** The national follow-up (Uppföljning Finsam) knows two kinds: a kompetenshöjande insats is strukturövergripande there. */
export const FINSAM_KIND: Record<InsatsKind | 'none', string> = {
  individinriktad: 'individinriktad',
  strukturövergripande: 'strukturövergripande',
  kompetenshöjande: 'strukturövergripande',
  none: 'ej angiven',
};

export const FOLLOW_UP_TEXTS = {
  heading: (per: string) => `Budgetuppföljning per ${per}`,
  insatsHeading: 'Per insats',
  insatsHeaders: ['Dnr', 'Insats', 'Insatsägare', 'Insatstyp', 'Period', 'Beviljat', 'Utfall t.o.m.', 'Förväntat t.o.m.', 'Upparbetning (%)', 'Prognos', 'Kvar', 'Avvikelse'],
  subtotal: (label: string) => `Summa ${label.toLowerCase()}`,
  total: 'Summa alla insatser',
  noInsatser: 'Inga beviljade insatser att följa upp.',
  yearHeading: 'Per kalenderår',
  yearHeaders: ['År', 'Budgetram', 'Beviljat', 'Utfall', 'Kvar av beviljat', 'Föreslaget', 'Utrymme kvar'],
  kindHeading: 'Per kalenderår och insatstyp',
  kindHeaders: ['År', 'Insatstyp', 'Beviljat', 'Utfall', 'Kvar av beviljat'],
  chartTitle: 'Budgetram, beviljat och utfall per år',
  chartSeries: ['Budgetram', 'Beviljat', 'Utfall'] as const,
  finsamHeading: 'Uppföljning Finsam',
  finsamHeaders: ['Dnr', 'Insats', 'Inriktning', 'År', 'Budget', 'Utfall', 'Deltagare'],
  deviationsHeading: 'Avvikelser',
  noDeviations: 'Inga avvikelser.',
  problemsHeading: 'Rader på bladet Utfall som inte kunde användas',
  // The board's document.
  proposalHeading: 'Förslag till beslut',
  proposes: 'Förbundsstyrelsen föreslås besluta',
  clause: (per: string) => `att lägga budgetuppföljningen per ${per} till handlingarna`,
  matter: 'Ärendet',
  /** The year's figures in words and kronor, as the tables show them. */
  yearParagraph: (f: { year: number; per: string; frame: number | null; granted: number; spent: number; proposed: number; room: number | null; insatser: number }) =>
    [
      f.frame === null ? `För ${f.year} finns ingen budgetram i arbetsboken.` : `Budgetramen för ${f.year} är ${formatKronor(f.frame)}.`,
      `Förbundet har beviljat ${f.insatser === 1 ? 'en insats' : `${formatCount(f.insatser)} insatser`} ${formatKronor(f.granted)} för året, och utfallet till och med ${f.per} är ${formatKronor(f.spent)}.`,
      f.proposed > 0 ? `Till styrelsen föreslås ytterligare ${formatKronor(f.proposed)} för året.` : '',
      f.room === null
        ? ''
        : f.room < 0
          ? `Beviljat och föreslaget går över ramen med ${formatKronor(-f.room)}.`
          : `Av ramen återstår ${formatKronor(f.room)} för nya insatser.`,
    ]
      .filter(Boolean)
      .join(' '),
  deviationLine: (name: string, sentence: string) => `${name}: ${sentence}`,
  percent: (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`),
  amount: formatKr,
};
