/**
 * From schema-valid file data to a loaded Ruleset: the semantic checks (fact and parameter names,
 * references, example rows), template compilation, and the engines.
 */
import { ROW_FACTS, TEXT_VARIABLES } from '../facts';
import { matchHeader } from '../fields';
import { FOLLOW_UP_FACTS } from '../followup/facts';
import { PORTFOLIO_FACTS, RUN_FACTS } from '../portfolio';
import type { RuleProblem } from '../rule-problems';
import { isScalarOrList } from '../scalars';
import { compileTemplate, compileText, placeholderNames, TemplateError, type CompiledTemplate, type CompiledText, type TextSource } from '../templates';
import { factReferences } from './conditions';
import type { CaseRow, CompiledBoardTexts, CompiledFollowUpTexts, FollowUpKind, RawCheck, RawRuleset, RuleChecks, RuleDefinition, Ruleset, RuleTexts } from './types';

/** What a decision clause may name: the application's values, the amounts and the reasons (see renderDecision). */
export const DECISION_NAMES: ReadonlySet<string> = new Set(['id', 'name', 'owner', 'partners', 'start', 'end', 'amount', 'fte', 'caseType', 'decisionDate', 'grantAmount', 'reasons']);

/** What the minutes' texts may name beside the decision's values: the meeting and the paragraph. */
export const MINUTES_NAMES: ReadonlySet<string> = new Set([...DECISION_NAMES, 'meeting', 'paragraph']);

/** What the follow-up report's texts may name beside the parameters: the report's figures (src/core/followup/texts.ts). */
export const FOLLOW_UP_TEXT_NAMES: ReadonlySet<string> = new Set(['per', 'year', 'frame', 'granted', 'spent', 'proposed', 'room', 'over', 'insatser', 'label', 'name', 'id', 'sentence', 'percent', 'start', 'end']);

/** What the board papers' texts may name beside the parameters: the values src/core/board-texts.ts gives them. */
export const BOARD_TEXT_NAMES: ReadonlySet<string> = new Set([
  'meeting', 'number', 'id', 'count', 'cases', 'rows', 'name', 'owner', 'partners', 'applicants', 'partnerCount', 'caseType', 'caseKind',
  'targetGroup', 'start', 'end', 'fte', 'amount', 'messages', 'comment', 'signer', 'role', 'title', 'page', 'pages',
]);

/** Schema-valid data → a Ruleset, or the semantic problems (names, references, templates). */
export function buildRuleset(path: string, raw: RawRuleset, fileContent: unknown = raw): { ruleset: Ruleset } | { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const problem = (rule: string | null, at: string | null, message: string) => problems.push({ file: path, rule, path: at, message });

  if (raw.validTo !== null && raw.validTo < raw.validFrom) problem(null, '/validTo', `giltig till ${raw.validTo} ligger före giltig från ${raw.validFrom}`);
  const paramNames = Object.keys(raw.parameters);
  for (const name of paramNames) {
    if (name in ROW_FACTS || name in RUN_FACTS || name in PORTFOLIO_FACTS || name in FOLLOW_UP_FACTS || name in TEXT_VARIABLES) problem(null, `/parameters/${name}`, `parametern "${name}" har samma namn som ett faktum; välj ett annat namn`);
  }
  const rowNames = new Set([...Object.keys(ROW_FACTS), ...Object.keys(RUN_FACTS), ...paramNames]);
  const portfolioNames = new Set([...rowNames, ...Object.keys(PORTFOLIO_FACTS)]);
  const followUpNames = new Set([...portfolioNames, ...Object.keys(FOLLOW_UP_FACTS)]);
  const textNames = new Set([
    ...Object.keys(ROW_FACTS),
    ...Object.keys(RUN_FACTS),
    ...Object.keys(PORTFOLIO_FACTS),
    ...Object.keys(FOLLOW_UP_FACTS),
    ...Object.keys(TEXT_VARIABLES),
    ...paramNames.filter((n) => isScalarOrList(raw.parameters[n])),
  ]);

  const compile = (source: string, rule: string | null, at: string): CompiledTemplate | null => {
    try {
      const t = compileTemplate(source);
      for (const name of placeholderNames(t)) {
        if (!textNames.has(name)) problem(rule, at, `platshållaren {${name}} finns inte; kända namn är fakta, parametrar och ${Object.keys(TEXT_VARIABLES).join(', ')}`);
      }
      return t;
    } catch (err) {
      if (err instanceof TemplateError) problem(rule, at, err.message);
      else throw err;
      return null;
    }
  };

  const text = (source: TextSource, rule: string | null, at: string): CompiledText => {
    const compiled = compileText(source, (t, where) => compile(t, rule, where), at);
    if (compiled.fact !== null && !textNames.has(compiled.fact)) problem(rule, `${at}/fact`, `faktumet "${compiled.fact}" finns inte`);
    return compiled;
  };
  const isPerOutcome = (c: RawCheck): c is { pass: TextSource; fail: TextSource; notApplicable?: TextSource } =>
    typeof c === 'object' && 'pass' in c;

  const seenIds = new Set<string>();
  const rules: RuleDefinition[] = [];
  raw.rules.forEach((r, i) => {
    const at = `/rules/${i}`;
    if (seenIds.has(r.id)) problem(r.id, `${at}/id`, `regel-id "${r.id}" finns redan tidigare i filen`);
    seenIds.add(r.id);
    if (r.event.type !== r.id) problem(r.id, `${at}/event/type`, `händelsens typ "${r.event.type}" ska vara regelns id "${r.id}"`);
    const scope = r.scope ?? 'row';
    const known = scope === 'followUp' ? followUpNames : scope === 'portfolio' ? portfolioNames : rowNames;
    const refs = [...factReferences(r.conditions, `${at}/conditions`), ...(r.appliesWhen ? factReferences(r.appliesWhen, `${at}/appliesWhen`) : [])];
    for (const ref of refs) {
      if (!known.has(ref.name)) {
        const kind = ref.path.endsWith('/value/fact') ? 'okänd parameter eller faktum' : 'okänt faktum';
        problem(r.id, ref.path, `${kind} "${ref.name}"; parametrarna i filen är ${paramNames.join(', ')}`);
      }
    }
    const grantAmountFact = r.event.params.grantAmountFact ?? null;
    if (grantAmountFact !== null && !rowNames.has(grantAmountFact)) problem(r.id, `${at}/event/params/grantAmountFact`, `okänt faktum "${grantAmountFact}"`);
    const texts: RuleTexts = {
      pass: text(r.texts.pass, r.id, `${at}/texts/pass`),
      fail: text(r.texts.fail, r.id, `${at}/texts/fail`),
      notApplicable: r.texts.notApplicable !== undefined ? text(r.texts.notApplicable, r.id, `${at}/texts/notApplicable`) : null,
      reason: r.texts.reason !== undefined ? text(r.texts.reason, r.id, `${at}/texts/reason`) : null,
    };
    const check: RuleChecks = isPerOutcome(r.check)
      ? {
          pass: text(r.check.pass, r.id, `${at}/check/pass`),
          fail: text(r.check.fail, r.id, `${at}/check/fail`),
          notApplicable: r.check.notApplicable !== undefined ? text(r.check.notApplicable, r.id, `${at}/check/notApplicable`) : null,
        }
      : (() => {
          const all = text(r.check, r.id, `${at}/check`);
          return { pass: all, fail: all, notApplicable: null };
        })();
    if (r.event.params.severity === 'reject' && !r.texts.reason) problem(r.id, `${at}/texts`, 'en regel som kan ge avslag behöver texten "reason" (skälet i beslutsförslaget)');
    rules.push({
      id: r.id,
      title: r.title,
      short: r.short,
      severity: r.event.params.severity,
      narrate: r.narrate ?? 'fail',
      check,
      scope,
      hasApplicability: r.appliesWhen !== undefined,
      grantAmountFact,
      texts,
      figureNames: [...new Set(refs.map((ref) => ref.name))],
    });
  });

  const caseRuleIds = new Set(raw.rules.map((r) => r.id));
  const checkCaseRow = (row: CaseRow, at: string, rule: string | null) => {
    for (const header of Object.keys(row)) {
      if (matchHeader(header)?.kind !== 'input') problem(rule, `${at}/${header}`, `"${header}" är ingen känd kolumnrubrik`);
    }
  };
  checkCaseRow(raw.cases.base, '/cases/base', null);
  raw.cases.examples.forEach((ex, i) => {
    if (!caseRuleIds.has(ex.rule)) problem(ex.rule, `/cases/examples/${i}/rule`, `exemplet gäller en regel som inte finns i filen`);
    checkCaseRow(ex.row, `/cases/examples/${i}/row`, ex.rule);
  });

  const paragraph = raw.texts.paragraph;
  // Decision clauses are rendered from the application alone (renderDecision), so they may name only its values.
  const decisionClause = (source: string, at: string): CompiledTemplate => {
    const t = compile(source, null, at)!;
    for (const name of t ? placeholderNames(t) : []) {
      if (!DECISION_NAMES.has(name) && !paramNames.includes(name)) problem(null, at, `platshållaren {${name}} kan inte användas i beslutstexten; där finns ${[...DECISION_NAMES].join(', ')} och parametrarna`);
    }
    return t;
  };
  /** A template that may name only `names` and the parameters; `where` is the text's home in the message. */
  const templateNaming = (names: ReadonlySet<string>, where: string) => (source: string, at: string): CompiledTemplate => {
    let t: CompiledTemplate | null = null;
    try {
      t = compileTemplate(source);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      problem(null, at, err.message);
    }
    for (const name of t ? placeholderNames(t) : []) {
      if (!names.has(name) && !paramNames.includes(name)) problem(null, at, `platshållaren {${name}} kan inte användas i ${where}; där finns ${[...names].join(', ')} och parametrarna`);
    }
    return t!;
  };
  // The minutes' texts and clauses name the application's values, the meeting's and the parameters.
  const minutesTemplate = templateNaming(MINUTES_NAMES, 'protokollsutdraget');
  // The follow-up's texts name the report's figures and the parameters.
  const followUpTemplate = templateNaming(FOLLOW_UP_TEXT_NAMES, 'budgetuppföljningen');
  const followUpText = (source: TextSource, at: string): CompiledText => {
    const compiled = compileText(source, followUpTemplate, at);
    if (compiled.fact !== null && !FOLLOW_UP_TEXT_NAMES.has(compiled.fact) && !paramNames.includes(compiled.fact)) {
      problem(null, `${at}/fact`, `"${compiled.fact}" finns inte i budgetuppföljningen; där finns ${[...FOLLOW_UP_TEXT_NAMES].join(', ')} och parametrarna`);
    }
    return compiled;
  };
  const { kinds, finsamKinds, insatsHeaders, yearHeaders, kindHeaders, finsamHeaders, chartSeries, ...lines } = raw.texts.followUp;
  const templates = <K extends string, T>(record: Record<K, T>, f: (value: T, key: K) => CompiledTemplate | CompiledText) =>
    Object.fromEntries(Object.entries<T>(record).map(([k, v]) => [k, f(v, k as K)]));
  const labels = (record: Record<FollowUpKind, string>, at: string) => templates(record, (t, kind) => followUpTemplate(t, `${at}/${kind}`)) as Record<FollowUpKind, CompiledTemplate>;
  const list = (items: string[], at: string) => items.map((t, i) => followUpTemplate(t, `${at}/${i}`));
  const followUp: CompiledFollowUpTexts = {
    lines: templates(lines, (t, k) => followUpText(t, `/texts/followUp/${k}`)) as CompiledFollowUpTexts['lines'],
    lists: {
      insatsHeaders: list(insatsHeaders, '/texts/followUp/insatsHeaders'),
      yearHeaders: list(yearHeaders, '/texts/followUp/yearHeaders'),
      kindHeaders: list(kindHeaders, '/texts/followUp/kindHeaders'),
      finsamHeaders: list(finsamHeaders, '/texts/followUp/finsamHeaders'),
      chartSeries: list(chartSeries, '/texts/followUp/chartSeries'),
    },
    kinds: { kinds: labels(kinds, '/texts/followUp/kinds'), finsamKinds: labels(finsamKinds, '/texts/followUp/finsamKinds') },
  };
  // The board papers' texts name the values the papers give them and the parameters.
  const boardTemplate = templateNaming(BOARD_TEXT_NAMES, 'styrelseunderlaget');
  const { italicName, properNames, proposalHeaders, notReadyHeaders, coverTableHeaders, ...boardLines } = raw.texts.board;
  const board: CompiledBoardTexts = {
    lines: templates(boardLines, (t, k) => {
      const at = `/texts/board/${k}`;
      const compiled = compileText(t, boardTemplate, at);
      if (compiled.fact !== null && !BOARD_TEXT_NAMES.has(compiled.fact) && !paramNames.includes(compiled.fact)) {
        problem(null, `${at}/fact`, `"${compiled.fact}" finns inte i styrelseunderlaget; där finns ${[...BOARD_TEXT_NAMES].join(', ')} och parametrarna`);
      }
      return compiled;
    }) as CompiledBoardTexts['lines'],
    lists: {
      proposalHeaders: proposalHeaders.map((t, i) => boardTemplate(t, `/texts/board/proposalHeaders/${i}`)),
      notReadyHeaders: notReadyHeaders.map((t, i) => boardTemplate(t, `/texts/board/notReadyHeaders/${i}`)),
      coverTableHeaders: coverTableHeaders.map((t, i) => boardTemplate(t, `/texts/board/coverTableHeaders/${i}`)),
    },
    italicName,
    properNames,
  };
  const decided = raw.texts.decided;
  const textsCompiled = {
    paragraph: {
      placing: text(paragraph.placing, null, '/texts/paragraph/placing'),
      extension: paragraph.extension !== undefined ? text(paragraph.extension, null, '/texts/paragraph/extension') : null,
      closingOk: paragraph.closingOk !== undefined ? text(paragraph.closingOk, null, '/texts/paragraph/closingOk') : null,
      followUp: paragraph.followUp.map((t, i) => text(t, null, `/texts/paragraph/followUp/${i}`)),
      boardDecision: paragraph.boardDecision !== undefined ? text(paragraph.boardDecision, null, '/texts/paragraph/boardDecision') : null,
    },
    grant: raw.texts.decision.grant.map((t, i) => decisionClause(t, `/texts/decision/grant/${i}`)),
    grantChanged: raw.texts.decision.grantChanged.map((t, i) => decisionClause(t, `/texts/decision/grantChanged/${i}`)),
    reject: raw.texts.decision.reject.map((t, i) => decisionClause(t, `/texts/decision/reject/${i}`)),
    signature: raw.texts.signature,
    decided: decided
      ? (Object.fromEntries(Object.entries(decided).map(([k, list]) => [k, list.map((t, i) => minutesTemplate(t, `/texts/decided/${k}/${i}`))])) as Ruleset['texts']['decided'])
      : null,
    minutes: Object.fromEntries(Object.entries(raw.texts.minutes ?? {}).map(([k, t]) => [k, minutesTemplate(t, `/texts/minutes/${k}`)])) as Ruleset['texts']['minutes'],
    followUp,
    board,
    noReason: decisionClause(raw.texts.decision.noReason, '/texts/decision/noReason'),
  };
  if (problems.length) return { problems };

  return {
    ruleset: {
      path,
      id: raw.id,
      version: raw.version,
      title: raw.title,
      validFrom: raw.validFrom,
      validTo: raw.validTo,
      parameters: raw.parameters,
      rules,
      texts: textsCompiled,
      cases: raw.cases,
      source: fileContent,
      definition: raw,
    },
  };
}
