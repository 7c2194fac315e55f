import { formatIsoDate, formatKronor, formatList, formatPercent, formatShare } from './format';
import type { Application, IsoDate } from './types';

/**
 * The board papers' own wording (Swedish), in the seeds' style per rule set:
 * finsam-2018 writes `2018-01-01` and has no final full stops in its clauses (seed 000),
 * finsam-2025 writes `1 januari 2025` and ends its clauses with full stops (seed 001).
 * The rule files hold the decision clauses; this module only the papers around them.
 */
export interface BoardStyle {
  /** date-fns pattern for dates in running text and tables. */
  datePattern: string;
  /** Clauses end with a full stop. */
  fullStops: boolean;
  /** How an amount is written in the Ansökan text. */
  kronor: (n: number) => string;
  /** Which seed the Ansökan section follows. */
  seed: '2018' | '2025';
}

const STYLE_2018: BoardStyle = { datePattern: 'yyyy-MM-dd', fullStops: false, kronor: formatKronor, seed: '2018' };
const STYLE_2025: BoardStyle = { datePattern: 'd MMMM yyyy', fullStops: true, kronor: formatKronor, seed: '2025' };

/** The style of a rule set by id; rule sets after 2025 (and unknown ids) write as 2025 does. */
export function boardStyle(rulesetId: string | null): BoardStyle {
  return rulesetId === 'finsam-2018' ? STYLE_2018 : STYLE_2025;
}

export function boardDate(style: BoardStyle, iso: IsoDate): string {
  return formatIsoDate(iso, style.datePattern);
}

/** `2018-01-01 – 2018-12-31`, `1 januari 2025 – 31 december 2026` (a no-break space keeps the dash with the start). */
export function periodText(style: BoardStyle, start: IsoDate, end: IsoDate): string {
  return `${boardDate(style, start)}\u00a0– ${boardDate(style, end)}`;
}

/** A post as the seeds write it: `0,4` (2025), `20 %` (2018). */
export function postText(style: BoardStyle, fte: number | null): string | null {
  if (fte === null) return null;
  return style.seed === '2018' ? formatPercent(fte) : formatShare(fte);
}

/** A person's text as one sentence: trimmed, with a full stop when it has no closing mark. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?:]$/u.test(t) ? t : `${t}.`;
}

/** A typed phrase inside a sentence: `Unga med …` → `unga med …`; names and acronyms (`AF`, `Uppsala`) are kept. */
function midSentence(text: string): string {
  const t = text.trim();
  const word = /^\p{Lu}\p{Ll}+(?=\s|$)/u.exec(t)?.[0] ?? '';
  return word && !PROPER.test(word) ? `${t[0].toLocaleLowerCase('sv-SE')}${t.slice(1)}` : t;
}

/** Words that stay capitalised mid-sentence: the places and parties of the förbund (`Enköpings kommun`). */
const PROPER = /^(Uppsala|Enköping|Heby|Håbo|Knivsta|Tierp|Älvkarleby|Östhammar|Region|Arbetsförmedling|Försäkringskass|Samordningsförbund)/u;

/**
 * The Ansökan section, as paragraphs: who applies (for a förlängning or not) with whom,
 * the target group, the Syfte column when filled, then post, period and amount.
 */
export function applicationParagraphs(style: BoardStyle, app: Application): string[] {
  const paragraphs: string[] = [];
  const target = app.targetGroup?.trim() ? ` Målgrupp är ${sentence(midSentence(app.targetGroup))}` : '';
  if (style.seed === '2018') {
    const what = app.caseType === 'förlängning' ? 'för förlängning av insatsen' : 'till insatsen';
    const owner = app.partners.length > 0 ? ` ${app.owner} utgör insatsägare.` : '';
    paragraphs.push(`${formatList([app.owner, ...app.partners])} ansöker om medel ${what} ${app.name}.${owner}${target}`);
  } else {
    const what = app.caseType === 'förlängning' ? 'för förlängning av insatsen' : 'av insatsen';
    const partners = app.partners.length > 0 ? ` tillsammans med ${formatList(app.partners)}` : '';
    paragraphs.push(`${app.owner} ansöker om finansiering ${what} ${app.name}${partners}.${target}`);
  }
  const purpose = (app.purpose ?? null)?.trim();
  if (purpose) paragraphs.push(sentence(purpose));
  const period = `${boardDate(style, app.start)} till ${boardDate(style, app.end)}`;
  const cost = style.kronor(app.amount);
  if (style.seed === '2018') {
    const post = app.fte !== null ? `Insatsen omfattar en tjänst på ${postText(style, app.fte)}. ` : '';
    paragraphs.push(`${post}Ansökan sträcker sig över perioden ${period} och kostnaden är ${cost} under perioden.`);
  } else {
    const post = app.fte !== null ? `Ansökan avser ${postText(style, app.fte)} tjänst under perioden ${period}` : `Ansökan avser perioden ${period}`;
    paragraphs.push(`${post}, och det sökta beloppet är ${cost}.`);
  }
  return paragraphs;
}

/** Why a row does not go to the board (the sheet and the command line list it). */
export const NOT_READY = {
  supplement: (comment: string | null) => `Förbundschefen har begärt komplettering${comment?.trim() ? `: ${sentence(comment)}` : '.'}`,
  flagUndecided: (messages: string[]) => `Flaggad och förbundschefen har inte beslutat.${messages.length ? ` ${messages.join(' ')}` : ''}`,
  rejectUndecided: (messages: string[]) => `Avslag föreslås och förbundschefen har inte beslutat.${messages.length ? ` ${messages.join(' ')}` : ''}`,
  inputError: (messages: string[]) => (messages.length ? messages.map(sentence).join(' ') : 'Raden kunde inte läsas.'),
  inputChanged: 'Indata har ändrats efter förbundschefens beslut; förbundschefen behöver besluta på nytt.',
  noDecisionText: 'Beslutstexten saknas; bedöm raden på nytt.',
} as const;

/** Texts of the cover, the sheet and the document. */
export const BOARD_TEXTS = {
  title: 'Styrelseunderlag',
  meeting: (date: string) => `Förbundsstyrelsens sammanträde ${date}`,
  noMeeting: 'Ansökningar som ännu inte är beviljade',
  caseLine: (n: number, id: string | null) => `Ärende ${n}${id ? ` · Dnr ${id}` : ''}`,
  proposalsHeading: (meeting: string | null, count: number) =>
    `${meeting ? `Förslag till sammanträdet ${meeting}` : 'Förslag till styrelsen'} (${count === 1 ? 'ett ärende' : `${count} ärenden`})`,
  noProposals: 'Inga ansökningar är klara för styrelsen.',
  yearsHeading: 'Belopp per kalenderår (kr, fördelat efter månader)',
  notReadyHeading: (count: number) => `Inte klara för styrelsen (${count === 1 ? 'en rad' : `${count} rader`})`,
  noneNotReady: 'Alla rader är klara för styrelsen.',
  total: 'Summa',
  grant: 'Bevilja',
  reject: 'Avslå',
  proposalHeaders: ['Ärende', 'Insats', 'Insatsägare', 'Period', 'Belopp', 'Tjänst', 'Förslag', 'Beslutssatser'],
  notReadyHeaders: ['Rad', 'Insats', 'Insatsägare', 'Period', 'Sökt belopp', 'Tjänst', 'Status', 'Varför'],
  decisionHeading: 'Förslag till beslut',
  boardProposes: 'Förbundsstyrelsen föreslås besluta',
  caseHeading: 'Ärendet',
  applicationHeading: 'Ansökan',
  assessmentHeading: 'Bedömning',
  coverTableHeaders: ['Nr', 'Insats', 'Insatsägare', 'Förslag'],
  coverNote: 'Belopp i kronor, fördelade på kalenderår efter antalet månader i varje år. Ansökningar som inte är klara för styrelsen finns på bladet Styrelseunderlag i arbetsboken.',
  role: 'Förbundschef',
} as const;

/** `NAME, Förbundschef`; a signer given with the role already is kept as given. */
export function signatureLine(signer: string): string {
  const s = signer.trim();
  return /(^|,\s*)förbundschef$/iu.test(s) ? s : `${s}, ${BOARD_TEXTS.role}`;
}
