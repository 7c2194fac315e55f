import type { RuleProblem } from '../rule-problems';
import type { TextSource } from '../templates';
import type { RawCheck, RawRule, RawRuleset } from './types';

/** What an extending rule set file may change in one rule of its base. */
export interface RuleOverride {
  title?: string;
  short?: string;
  texts?: Partial<Record<'pass' | 'fail' | 'notApplicable' | 'reason', TextSource>>;
  check?: RawCheck;
}

/**
 * A rule set file that builds on another (`"extends": "finsam-2025"`): it names what differs and
 * nothing else. Its decision clauses are its own, never inherited, so an adopted set's clauses stay
 * frozen when the base changes.
 */
export interface ExtendingRuleset extends Omit<RawRuleset, 'parameters' | 'texts' | 'rules'> {
  extends: string;
  parameters?: Partial<RawRuleset['parameters']>;
  texts: {
    paragraph?: Partial<RawRuleset['texts']['paragraph']>;
    decision: RawRuleset['texts']['decision'];
    signature?: string;
    decided?: RawRuleset['texts']['decided'];
    minutes?: RawRuleset['texts']['minutes'];
    followUp?: Partial<RawRuleset['texts']['followUp']>;
    board?: Partial<RawRuleset['texts']['board']>;
  };
  ruleOverrides?: Record<string, RuleOverride>;
}

export function isExtending(data: unknown): data is ExtendingRuleset {
  return typeof data === 'object' && data !== null && typeof (data as { extends?: unknown }).extends === 'string';
}

/** The whole rule set an extending file means: its base with the file's changes. */
export function extendRuleset(path: string, child: ExtendingRuleset, base: RawRuleset): { raw: RawRuleset } | { problems: RuleProblem[] } {
  const overrides = child.ruleOverrides ?? {};
  const known = new Set(base.rules.map((r) => r.id));
  const problems: RuleProblem[] = Object.keys(overrides)
    .filter((id) => !known.has(id))
    .map((id) => ({ file: path, rule: id, path: `/ruleOverrides/${id}`, message: `regeln "${id}" finns inte i ${base.id}, som filen bygger på` }));
  if (problems.length) return { problems };
  const rules: RawRule[] = base.rules.map((r) => {
    const o = overrides[r.id];
    if (!o) return r;
    return { ...r, ...(o.title ? { title: o.title } : {}), ...(o.short ? { short: o.short } : {}), ...(o.check ? { check: o.check } : {}), texts: { ...r.texts, ...o.texts } };
  });
  return {
    raw: {
      id: child.id,
      version: child.version,
      title: child.title,
      ...(child.description !== undefined ? { description: child.description } : {}),
      validFrom: child.validFrom,
      validTo: child.validTo,
      cases: child.cases,
      parameters: { ...base.parameters, ...child.parameters } as RawRuleset['parameters'],
      texts: {
        paragraph: { ...base.texts.paragraph, ...child.texts.paragraph },
        decision: child.texts.decision,
        signature: child.texts.signature ?? base.texts.signature,
        // The decided clauses are the rule set's own style, like its decision texts; the minutes' texts are merged by name.
        ...(child.texts.decided ?? base.texts.decided ? { decided: child.texts.decided ?? base.texts.decided } : {}),
        minutes: { ...base.texts.minutes, ...child.texts.minutes },
        // The follow-up's texts too: what the file names replaces the base's text of that name.
        followUp: { ...base.texts.followUp, ...child.texts.followUp },
        // The board papers' texts the same way: a style (dates, posts, the Ansökan text) is the texts it names.
        board: { ...base.texts.board, ...child.texts.board },
      },
      rules,
    },
  };
}
