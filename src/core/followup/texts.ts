/**
 * The words of the follow-up report (the Uppföljning sheet and the board's document): headings,
 * column names, the proposal's clause and the Ärendet paragraph, all the rule set's (texts.followUp),
 * rendered through the template renderer. Which sentences of the year's paragraph are said is
 * chosen here on the figures; their words are the rule set's. The rules' own sentences (the
 * deviations) live in the rule files like every rule's.
 */
import { rulesetForTexts } from '../ruleset/lookup';
import type { FollowUpLine, FollowUpList, Ruleset, RulesetRegistry } from '../ruleset/types';
import { renderTemplate, renderText, type TemplateValues } from '../templates';
import { parametersForTexts } from '../texts/decision';
import type { InsatsKind, IsoDate } from '../types';

/** The sheet's name: the workbook contract's, like Styrelseunderlag's and Logg's. */
export const FOLLOW_UP_SHEET = 'Uppföljning';

/** The figures the year's paragraph speaks of. */
export interface YearParagraphFigures {
  year: number;
  per: IsoDate;
  frame: number | null;
  granted: number;
  spent: number;
  proposed: number;
  room: number | null;
  insatser: number;
}

export interface FollowUpTexts {
  kindLabels: Record<InsatsKind | 'none', string>;
  /** The national follow-up (Uppföljning Finsam) knows two kinds: the rule set says which each kind is there. */
  finsamKinds: Record<InsatsKind | 'none', string>;
  heading(per: IsoDate): string;
  insatsHeading: string;
  insatsHeaders: string[];
  period(start: IsoDate, end: IsoDate): string;
  insatsName(name: string, id: string | null): string;
  percent(share: number | null): string;
  subtotal(label: string): string;
  total: string;
  noInsatser: string;
  yearHeading: string;
  yearHeaders: string[];
  kindHeading: string;
  kindHeaders: string[];
  chartTitle: string;
  chartSeries: [string, string, string];
  finsamHeading: string;
  finsamHeaders: string[];
  deviationsHeading: string;
  noDeviations: string;
  deviationLine(name: string, sentence: string): string;
  problemsHeading: string;
  proposalHeading: string;
  proposes: string;
  clause(per: IsoDate): string;
  matter: string;
  /** The year's figures in words and kronor, as the tables show them. */
  yearParagraph(f: YearParagraphFigures): string;
}

/**
 * The rule set whose texts the follow-up takes: the one in force on the follow-up date, as the
 * board papers' cover takes the one in force on the meeting; else the newest, as the signature.
 */
export function followUpRuleset(registry: RulesetRegistry, per: IsoDate): Ruleset {
  return rulesetForTexts(registry, per, 'budgetuppföljningens');
}

/** The follow-up's texts of one rule set, ready to fill in. */
export function followUpTexts(ruleset: Ruleset): FollowUpTexts {
  const { lines, lists, kinds } = ruleset.texts.followUp;
  // The parameters a text may name (the förbund's name, say), beside each text's own figures.
  const parameters = parametersForTexts(ruleset);
  const say = (name: FollowUpLine, values: TemplateValues = {}) => renderText(lines[name], { ...parameters, ...values });
  const list = (name: FollowUpList) => lists[name].map((t) => renderTemplate(t, parameters));
  const labels = (which: 'kinds' | 'finsamKinds') =>
    Object.fromEntries(Object.entries(kinds[which]).map(([kind, t]) => [kind, renderTemplate(t, parameters)])) as Record<InsatsKind | 'none', string>;
  const [frameSeries, grantedSeries, spentSeries] = list('chartSeries');
  return {
    kindLabels: labels('kinds'),
    finsamKinds: labels('finsamKinds'),
    heading: (per) => say('heading', { per }),
    insatsHeading: say('insatsHeading'),
    insatsHeaders: list('insatsHeaders'),
    period: (start, end) => say('period', { start, end }),
    insatsName: (name, id) => (id ? say('insatsWithId', { name, id }) : name),
    percent: (share) => (share === null ? say('noPercent') : say('percent', { percent: Math.round(share * 100) })),
    subtotal: (label) => say('subtotal', { label }),
    total: say('total'),
    noInsatser: say('noInsatser'),
    yearHeading: say('yearHeading'),
    yearHeaders: list('yearHeaders'),
    kindHeading: say('kindHeading'),
    kindHeaders: list('kindHeaders'),
    chartTitle: say('chartTitle'),
    chartSeries: [frameSeries, grantedSeries, spentSeries],
    finsamHeading: say('finsamHeading'),
    finsamHeaders: list('finsamHeaders'),
    deviationsHeading: say('deviationsHeading'),
    noDeviations: say('noDeviations'),
    deviationLine: (name, sentence) => say('deviationLine', { name, sentence }),
    problemsHeading: say('problemsHeading'),
    proposalHeading: say('proposalHeading'),
    proposes: say('proposes'),
    clause: (per) => say('clause', { per }),
    matter: say('matter'),
    yearParagraph: (f) => {
      const values: TemplateValues = { ...f, over: f.room === null ? null : -f.room };
      return [
        say(f.frame === null ? 'yearNoFrame' : 'yearFrame', values),
        say('yearGranted', values),
        f.proposed > 0 ? say('yearProposed', values) : '',
        f.room === null ? '' : say(f.room < 0 ? 'yearOver' : 'yearRoom', values),
      ]
        .filter(Boolean)
        .join(' ');
    },
  };
}

/** The follow-up's texts for a report on `per`, from the rule set followUpRuleset chooses. */
export function followUpTextsFor(registry: RulesetRegistry, per: IsoDate): FollowUpTexts {
  return followUpTexts(followUpRuleset(registry, per));
}
