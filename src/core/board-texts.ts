import { rulesetForTexts } from './ruleset/lookup';
import type { BoardLine, BoardList, Ruleset, RulesetRegistry } from './ruleset/types';
import { renderTemplate, renderText, type TemplateValues } from './templates';
import { parametersForTexts } from './texts/decision';
import type { Application, IsoDate } from './types';

/**
 * The board papers' words, all the rule set's (`texts.board`): headings, column names, the
 * Ansökan text, why a row is not ready and the signature, rendered through the template renderer.
 * What differs between the seeds (dates `2018-01-01` or `1 januari 2025`, a post as `20 %` or `0,4`,
 * the Ansökan sentences, the name in italics) is the rule set's texts and flags; which text is said
 * is chosen here on the row's values, the words are the rule file's.
 */
export interface BoardTexts {
  /** A text by name, with the values it names (and the rule set's parameters). */
  line(name: BoardLine, values?: TemplateValues): string;
  /** Column headers. */
  list(name: BoardList): string[];
  /** The insats's name in italics in the clauses and the Ansökan text. */
  italicName: boolean;
  /** Words that stay capitalised mid-sentence (a word starting so). */
  properNames: readonly string[];
}

// Made once per rule set: the papers ask for a row's texts once for every row.
const made = new WeakMap<Ruleset, BoardTexts>();

/** The board texts of one rule set. */
export function boardTexts(ruleset: Ruleset): BoardTexts {
  let texts = made.get(ruleset);
  if (!texts) {
    const { lines, lists, italicName, properNames } = ruleset.texts.board;
    const parameters = parametersForTexts(ruleset);
    texts = {
      line: (name, values = {}) => renderText(lines[name], { ...parameters, ...values }),
      list: (name) => lists[name].map((t) => renderTemplate(t, parameters)),
      italicName,
      properNames,
    };
    made.set(ruleset, texts);
  }
  return texts;
}

/**
 * The rule set whose texts the papers as a whole take (cover, headings, the sheet): the one in force
 * on the meeting, else the newest, as the signature. Each proposal's own texts are its row's rule set's.
 */
export function boardRuleset(registry: RulesetRegistry, meeting: IsoDate | null): Ruleset {
  return rulesetForTexts(registry, meeting, 'styrelseunderlagets');
}

/** The period as the rule set writes it: `2018-01-01 – 2018-12-31`, `1 januari 2025 – 31 december 2026`. */
export function periodText(texts: BoardTexts, start: IsoDate, end: IsoDate): string {
  return texts.line('period', { start, end });
}

/** A post as the rule set writes it: `0,4` (2025), `20 %` (2018). */
export function postText(texts: BoardTexts, fte: number | null): string | null {
  return fte === null ? null : texts.line('post', { fte });
}

/** A person's text as one sentence: trimmed, with a full stop when it has no closing mark. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?:]$/u.test(t) ? t : `${t}.`;
}

/** A typed phrase inside a sentence: `Unga med …` → `unga med …`; the rule set's names and acronyms (`AF`, `Uppsala`) are kept. */
function midSentence(texts: BoardTexts, text: string): string {
  const t = text.trim();
  const word = /^\p{Lu}\p{Ll}+(?=\s|$)/u.exec(t)?.[0] ?? '';
  return word && !texts.properNames.some((name) => word.startsWith(name)) ? `${t[0].toLocaleLowerCase('sv-SE')}${t.slice(1)}` : t;
}

/** Text, or null when it is blank (a text's choice between said and not said). */
const filled = (text: string | null | undefined): string | null => (text?.trim() ? text : null);

/**
 * The Ansökan section, as paragraphs: who applies (for a förlängning or not) with whom,
 * the target group, the Syfte column when filled, then post, period and amount.
 */
export function applicationParagraphs(texts: BoardTexts, app: Application): string[] {
  const targetGroup = filled(app.targetGroup);
  const values: TemplateValues = {
    name: app.name,
    owner: app.owner,
    partners: app.partners,
    applicants: [app.owner, ...app.partners],
    partnerCount: app.partners.length,
    caseType: app.caseType,
    targetGroup: targetGroup === null ? null : sentence(midSentence(texts, targetGroup)),
    start: app.start,
    end: app.end,
    fte: app.fte,
    amount: app.amount,
  };
  values.caseKind = texts.line('caseKind', values);
  const first = [texts.line('applies', values), texts.line('ownerRole', values), texts.line('target', values)].filter(Boolean).join(' ');
  const purpose = filled(app.purpose ?? null);
  return [first, ...(purpose ? [sentence(purpose)] : []), texts.line('scope', values)].filter(Boolean);
}

/** Rule messages joined as sentences, or null when there are none. */
const said = (messages: readonly string[], asSentences = false): string | null => (messages.length ? (asSentences ? messages.map(sentence) : messages).join(' ') : null);

/** Why a row does not go to the board (the sheet and the command line list it). */
export function notReadyReason(
  texts: BoardTexts,
  why: { kind: 'error' | 'flag' | 'reject'; messages: readonly string[] } | { kind: 'supplement'; comment: string | null } | { kind: 'inputChanged' },
): string {
  switch (why.kind) {
    case 'error':
      return texts.line('notReadyError', { messages: said(why.messages, true) });
    case 'flag':
      return texts.line('notReadyFlag', { messages: said(why.messages) });
    case 'reject':
      return texts.line('notReadyReject', { messages: said(why.messages) });
    case 'supplement': {
      const comment = filled(why.comment);
      return texts.line('notReadySupplement', { comment: comment === null ? null : sentence(comment) });
    }
    case 'inputChanged':
      return texts.line('notReadyInputChanged');
  }
}

/** `NAME, Förbundschef`; a signer given with the role already is kept as given. */
export function signatureLine(texts: BoardTexts, signer: string): string {
  const s = signer.trim();
  const role = texts.line('role');
  const folded = s.toLocaleLowerCase('sv-SE');
  const endsWithRole = role !== '' && folded.endsWith(role.toLocaleLowerCase('sv-SE')) && (folded.length === role.length || /,\s*$/u.test(s.slice(0, s.length - role.length)));
  return endsWithRole ? s : texts.line('signature', { signer: s, role });
}
