/**
 * The types of a rule set: as the file says it (Raw…), and as loaded (validated, texts compiled,
 * engines built). See rules/ruleset.schema.json and shared/docs/default-rules.md.
 */
import type { TopLevelCondition } from 'json-rules-engine';
import type { Parameters } from '../facts';
import type { LoggedInputs } from '../log/schema';
import type { CompiledTemplate, CompiledText, TextSource } from '../templates';
import type { InsatsKind, Severity } from '../types';

/** A rule set file as handed to the loader: its path (for messages) and its text or parsed data. */
export interface RuleFile {
  path: string;
  text?: string;
  data?: unknown;
}

export interface RulesetInfo {
  id: string;
  version: number;
  title: string;
  validFrom: string;
  validTo: string | null;
}

export interface RuleTexts {
  pass: CompiledText;
  fail: CompiledText;
  notApplicable: CompiledText | null;
  reason: CompiledText | null;
}

/** The figures a rule shows in Kontroller, per outcome. */
export interface RuleChecks {
  pass: CompiledText;
  fail: CompiledText;
  notApplicable: CompiledText | null;
}

/**
 * When a rule's sentence is in the Bedömning: `always` (målgrupp, förankring: the board's paragraph
 * names them whatever the outcome), `followUp` (in the follow-up paragraph of a granted row,
 * pass or fail), else only when it fails.
 */
export type Narration = 'always' | 'followUp' | 'fail';

export type RuleScope = 'row' | 'portfolio' | 'followUp';

/** One rule of a rule set, validated and with its texts compiled. */
export interface RuleDefinition {
  id: string;
  title: string;
  /** The short Swedish name in Kontroller (`Belopp per år`). */
  short: string;
  severity: Severity;
  narrate: Narration;
  check: RuleChecks;
  /**
   * `row` rules run per application; `portfolio` rules after all rows, with facts over the whole run;
   * `followUp` rules last, on the follow-up figures of a granted insats (src/core/followup/).
   */
  scope: RuleScope;
  hasApplicability: boolean;
  /** A fact whose value replaces the granted amount when this rule fails (belopp-max: the capped amount). */
  grantAmountFact: string | null;
  texts: RuleTexts;
  /** Facts and parameters the rule's conditions name: the figures of its findings. */
  figureNames: string[];
}

export type CaseRow = Record<string, string | number | boolean | null>;
export interface RuleCase {
  rule: string;
  kind: 'pass' | 'fail' | 'boundary';
  note?: string;
  row: CaseRow;
  /** Assessment date of the example; the base row's start date when absent. */
  date?: string;
  /** Other rows assessed in the same run (duplicates, budget). */
  others?: CaseRow[];
  /** Budget frames of the example's run. */
  budget?: { year: number; frame: number }[];
  /** Lines of the example's `Utfall` sheet, header → cell value (the follow-up rules). */
  costLines?: CaseRow[];
  /** Key inputs logged with the chief's decision (indata-andrad). */
  logged?: LoggedInputs;
  expect: 'pass' | 'fail' | 'not-applicable';
}

export interface Ruleset extends RulesetInfo {
  path: string;
  parameters: Parameters;
  rules: RuleDefinition[];
  texts: {
    paragraph: { placing: CompiledText; extension: CompiledText | null; closingOk: CompiledText | null; followUp: CompiledText[]; boardDecision: CompiledText | null };
    grant: CompiledTemplate[];
    grantChanged: CompiledTemplate[];
    reject: CompiledTemplate[];
    signature: string;
    /** The clauses of the board's own decisions (after-the-board.md, "Protokollsutdrag"), when the file has them. */
    decided: Record<DecidedClauses, CompiledTemplate[]> | null;
    /** The protocol extract's texts, by name, as far as the file gives them. */
    minutes: Partial<Record<MinutesText, CompiledTemplate>>;
    /** The follow-up report's texts (the Uppföljning sheet and the board's report). */
    followUp: CompiledFollowUpTexts;
    /** The board papers' texts (the Styrelseunderlag sheet and the Word document). */
    board: CompiledBoardTexts;
    /** The reason of a rejection the chief decides without a comment when no rule objected. */
    noReason: CompiledTemplate;
  };
  cases: { base: CaseRow; examples: RuleCase[] };
  /** The file's content as read (an extending file as written, not merged): what the Logg's rule hash covers. */
  source: unknown;
  /** The whole rule set (an extending file merged onto its base), kept to rebuild it with a workbook's parameter overrides. */
  definition: RawRuleset;
}

export type DecidedClauses = 'grantChanged' | 'reject' | 'rejectBecause' | 'referral' | 'referralBecause' | 'tabled';
export type MinutesText =
  | 'organisation'
  | 'title'
  | 'board'
  | 'meetingLabel'
  | 'meetingDate'
  | 'paragraph'
  | 'dnr'
  | 'heading'
  | 'decisionHeading'
  | 'boardDecides'
  | 'caseHeading'
  | 'basisHeading'
  | 'basis'
  | 'sentToHeading'
  | 'signature'
  | 'certified';

/** The follow-up report's single texts (templates, or a choice by a figure's value). */
export type FollowUpLine =
  | 'heading'
  | 'insatsHeading'
  | 'period'
  | 'insatsWithId'
  | 'percent'
  | 'noPercent'
  | 'subtotal'
  | 'total'
  | 'noInsatser'
  | 'yearHeading'
  | 'kindHeading'
  | 'chartTitle'
  | 'finsamHeading'
  | 'deviationsHeading'
  | 'noDeviations'
  | 'deviationLine'
  | 'problemsHeading'
  | 'proposalHeading'
  | 'proposes'
  | 'clause'
  | 'matter'
  | 'yearNoFrame'
  | 'yearFrame'
  | 'yearGranted'
  | 'yearProposed'
  | 'yearOver'
  | 'yearRoom';
/** The follow-up report's lists: column headers and the chart's series, of a fixed length each. */
export type FollowUpList = 'insatsHeaders' | 'yearHeaders' | 'kindHeaders' | 'finsamHeaders' | 'chartSeries';
/** The labels per Insatstyp (`none`: rows without one). */
export type FollowUpKindLabels = 'kinds' | 'finsamKinds';
export type FollowUpKind = InsatsKind | 'none';

export type RawFollowUpTexts = Record<FollowUpLine, TextSource> & Record<FollowUpList, string[]> & Record<FollowUpKindLabels, Record<FollowUpKind, string>>;
export interface CompiledFollowUpTexts {
  lines: Record<FollowUpLine, CompiledText>;
  lists: Record<FollowUpList, CompiledTemplate[]>;
  kinds: Record<FollowUpKindLabels, Record<FollowUpKind, CompiledTemplate>>;
}

/** The board papers' single texts (templates, or a choice by a value), by name (ruleset.schema.json, `board`). */
export type BoardLine =
  | 'title'
  | 'documentTitle'
  | 'footer'
  | 'meetingDate'
  | 'meeting'
  | 'caseLine'
  | 'cases'
  | 'proposalsHeading'
  | 'noProposals'
  | 'yearsHeading'
  | 'rows'
  | 'notReadyHeading'
  | 'noneNotReady'
  | 'total'
  | 'grant'
  | 'reject'
  | 'decisionHeading'
  | 'boardProposes'
  | 'caseHeading'
  | 'applicationHeading'
  | 'assessmentHeading'
  | 'coverNote'
  | 'period'
  | 'post'
  | 'caseKind'
  | 'applies'
  | 'ownerRole'
  | 'target'
  | 'scope'
  | 'notReadyError'
  | 'notReadySupplement'
  | 'notReadyInputChanged'
  | 'notReadyFlag'
  | 'notReadyReject'
  | 'role'
  | 'signature';
/** The board papers' column headers, of a fixed length each. */
export type BoardList = 'proposalHeaders' | 'notReadyHeaders' | 'coverTableHeaders';
export type RawBoardTexts = Record<BoardLine, TextSource> &
  Record<BoardList, string[]> & {
    /** The insats's name in italics in the clauses and the Ansökan text (seed 001). */
    italicName: boolean;
    /** Words that stay capitalised mid-sentence (a word starting so): the förbund's places and parties. */
    properNames: string[];
  };
export interface CompiledBoardTexts {
  lines: Record<BoardLine, CompiledText>;
  lists: Record<BoardList, CompiledTemplate[]>;
  italicName: boolean;
  properNames: string[];
}

/** Loaded, validated rule sets, ordered by validity. */
export interface RulesetRegistry {
  rulesets: Ruleset[];
}

export type RawCheck = TextSource | { pass: TextSource; fail: TextSource; notApplicable?: TextSource };
export interface RawRule {
  id: string;
  title: string;
  short: string;
  scope?: RuleScope;
  narrate?: 'always' | 'followUp';
  appliesWhen?: TopLevelCondition;
  conditions: TopLevelCondition;
  event: { type: string; params: { severity: Severity; grantAmountFact?: string } };
  texts: { pass: TextSource; fail: TextSource; notApplicable?: TextSource; reason?: TextSource };
  check: RawCheck;
}
export interface RawRuleset {
  id: string;
  version: number;
  title: string;
  description?: string;
  validFrom: string;
  validTo: string | null;
  parameters: Parameters;
  texts: {
    paragraph: { placing: TextSource; extension?: TextSource; closingOk?: TextSource; followUp: TextSource[]; boardDecision?: TextSource };
    decision: { grant: string[]; grantChanged: string[]; reject: string[]; noReason: string };
    signature: string;
    decided?: Record<DecidedClauses, string[]>;
    minutes?: Partial<Record<MinutesText, string>>;
    followUp: RawFollowUpTexts;
    board: RawBoardTexts;
  };
  rules: RawRule[];
  cases: { base: CaseRow; examples: RuleCase[] };
}
