/**
 * The command line's budget follow-up: `--followup REPORT.docx --per YYYY-MM-DD [--signer "NAME"]`.
 * The Uppföljning sheet (with its chart) goes into the assessed workbook in the job's one write; the .docx beside it.
 */
import path from 'node:path';
import { boardSignature, followUpTextsFor, formatCount, type RulesetRegistry, type WorkbookRun } from '../core';
import { NODE_CODEC } from '../node/files';

export interface FollowUpArgs {
  /** Where the .docx goes, as given; null: only the date (`--per` alone sets the follow-up date). */
  file: string | null;
  per: string | null;
}

export const FOLLOW_UP_ARG_OPTIONS = {
  followup: { type: 'string' },
  per: { type: 'string' },
} as const;

export const FOLLOW_UP_USAGE = `  --followup FIL.docx  skriv också budgetuppföljningen: ett Word-dokument för styrelsen och
                       bladet Uppföljning (med diagram) i den bedömda arbetsboken
  --per ÅÅÅÅ-MM-DD     uppföljningsdagen: utfall med Till senast den dagen räknas
                       (standard: bedömningsdagen); --signer gäller också uppföljningen
`;

/** The follow-up arguments, null without either flag, or the usage mistake as one Swedish line. */
export function followUpArgs(values: { followup?: string; per?: string }): FollowUpArgs | null | string {
  if (values.followup === undefined && values.per === undefined) return null;
  let file: string | null = null;
  if (values.followup !== undefined) {
    file = values.followup.trim();
    if (file === '') return 'Flaggan --followup behöver ett värde.';
    if (path.extname(file).toLowerCase() !== '.docx') return `--followup ska vara en Word-fil som slutar på .docx (fick "${values.followup}").`;
  }
  let per: string | null = null;
  if (values.per !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(values.per.trim());
    const valid = m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === m[0];
    if (!valid) return `--per ska vara ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-09-30 (fick "${values.per}").`;
    per = m[0];
  }
  return { file, per };
}

/** The .docx bytes of a run that was asked for the follow-up. */
export async function followUpDocument(run: WorkbookRun, registry: RulesetRegistry, signer: string | null): Promise<Uint8Array> {
  if (!run.followUp) throw new Error('Körningen saknar budgetuppföljning.');
  // Loaded only for --followup, as the board papers' document is.
  const { buildFollowUpDocument } = await import('../board/followup-docx');
  return buildFollowUpDocument(run.followUp, {
    signature: boardSignature(registry, signer, run.followUp.per),
    texts: followUpTextsFor(registry, run.followUp.per),
    codec: NODE_CODEC,
  });
}

/** The summary line: the report's heading, how many insatser, how many deviations, lines of the Utfall sheet not used. */
export function followUpSummary(run: WorkbookRun, registry: RulesetRegistry): string {
  const f = run.followUp!;
  const count = f.groups.reduce((n, g) => n + g.insatser.length, 0);
  const n = (k: number, one: string, many: string) => `${formatCount(k)} ${k === 1 ? one : many}`;
  const problems = f.problems.length === 0 ? '' : `, ${n(f.problems.length, 'rad', 'rader')} på bladet ${f.costSheet ?? 'Utfall'} kunde inte användas`;
  return `${followUpTextsFor(registry, f.per).heading(f.per)}: ${n(count, 'insats', 'insatser')}, ${n(f.deviations.length, 'avvikelse', 'avvikelser')}${problems} (se bladet Uppföljning).`;
}
