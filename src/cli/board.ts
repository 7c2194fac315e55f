/**
 * The command line's board papers: `--board PAPERS.docx [--meeting YYYY-MM-DD] [--signer "NAME"]`.
 * The Styrelseunderlag sheet goes into the assessed workbook in the job's one write; the .docx beside it.
 */
import path from 'node:path';
import type { BoardPapers } from '../core/board';
import type { WorkbookRun } from '../core/job';

export interface BoardArgs {
  /** Where the .docx goes, as given. */
  file: string;
  meeting: string | null;
  signer: string | null;
}

/** The options parseArgs needs for the board papers. */
export const BOARD_ARG_OPTIONS = {
  board: { type: 'string' },
  meeting: { type: 'string' },
  signer: { type: 'string' },
} as const;

export const BOARD_USAGE = `  --board FIL.docx     skriv också styrelseunderlaget: ett Word-dokument med förslagen och
                       bladet Styrelseunderlag i den bedömda arbetsboken
  --meeting ÅÅÅÅ-MM-DD bara ansökningar med detta Beslutsdatum (utan: alla som inte redan
                       är beviljade)
  --signer "NAMN"      vem som undertecknar förslagen (standard: regelverkets underskrift)
`;

/** The board arguments, null without `--board`, or the usage mistake as one Swedish line. */
export function boardArgs(values: { board?: string; meeting?: string; signer?: string }): BoardArgs | null | string {
  if (values.board === undefined) {
    if (values.meeting !== undefined) return 'Flaggan --meeting gäller styrelseunderlaget: ange också --board FIL.docx.';
    if (values.signer !== undefined) return 'Flaggan --signer gäller styrelseunderlaget: ange också --board FIL.docx.';
    return null;
  }
  const file = values.board.trim();
  if (file === '') return 'Flaggan --board behöver ett värde.';
  if (path.extname(file).toLowerCase() !== '.docx') return `--board ska vara en Word-fil som slutar på .docx (fick "${values.board}").`;
  let meeting: string | null = null;
  if (values.meeting !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(values.meeting.trim());
    const valid = m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === m[0];
    if (!valid) return `--meeting ska vara ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-02-20 (fick "${values.meeting}").`;
    meeting = m[0];
  }
  if (values.signer !== undefined && values.signer.trim() === '') return 'Flaggan --signer behöver ett värde.';
  return { file, meeting, signer: values.signer?.trim() ?? null };
}

/** What the job is asked for. */
export function boardJobOption(args: BoardArgs): { meeting: string | null; signer: string | null } {
  return { meeting: args.meeting, signer: args.signer };
}

/** The .docx bytes of a run that was asked for board papers. */
export async function boardDocument(run: WorkbookRun): Promise<Uint8Array> {
  if (!run.board) throw new Error('Körningen saknar styrelseunderlag.');
  // Loaded only for --board: the docx library is a tenth of a second of every start otherwise.
  const { buildBoardDocument } = await import('../board/docx');
  return buildBoardDocument(run.board);
}

function count(n: number, one: string, many: string): string {
  return n === 1 ? `ett ${one}` : `${n} ${many}`;
}

/** The summary lines: how many proposals, how many rows are not ready. */
export function boardSummary(papers: BoardPapers): string {
  const meeting = papers.meetingText ? ` till sammanträdet ${papers.meetingText}` : '';
  const notReady = papers.notReady.length === 1 ? 'en rad är inte klar' : `${papers.notReady.length} rader är inte klara`;
  return `Styrelseunderlag${meeting}: ${count(papers.proposals.length, 'förslag', 'förslag')}, ${notReady} för styrelsen (se bladet Styrelseunderlag).`;
}
