/**
 * The command line's board papers: `--board PAPERS.docx [--meeting YYYY-MM-DD] [--signer "NAME"]`.
 * The Styrelseunderlag sheet goes into the assessed workbook in the job's one write; the .docx beside it.
 */
import path from 'node:path';
import { type BoardPapers, meetingLines, type WorkbookRun } from '../core';

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
  'record-meeting': { type: 'string' },
  'first-paragraph': { type: 'string' },
  minutes: { type: 'string' },
} as const;

export const BOARD_USAGE = `  --board FIL.docx     skriv också styrelseunderlaget: ett Word-dokument med förslagen och
                       bladet Styrelseunderlag i den bedömda arbetsboken
  --meeting ÅÅÅÅ-MM-DD bara ansökningar med detta Beslutsdatum (utan: alla som inte redan
                       är beviljade)
  --signer "NAMN"      vem som undertecknar förslagen (standard: regelverkets underskrift)
  --record-meeting ÅÅÅÅ-MM-DD
                       registrera styrelsens beslut från sammanträdet: varje ärende i
                       styrelseunderlaget får Styrelsens beslut enligt förslaget (Bifall eller
                       Avslag) och Beviljat belopp; bara tomma celler fylls, en rad per beslut
                       i Logg, sedan bedöms arbetsboken som vanligt
  --first-paragraph N  Paragraf för det första ärendet (§ N, § N+1 …; utan: Paragraf lämnas tom)
  --minutes FIL.docx   skriv protokollsutdrag för sammanträdet (--meeting eller --record-meeting):
                       ett utdrag per beslutat ärende i paragrafordning
`;

/** `--meeting` and the like: a real date as ÅÅÅÅ-MM-DD, or the usage mistake. */
function meetingDate(flag: string, value: string): { date: string } | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value.trim());
  const valid = m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === m[0];
  return valid ? { date: m[0] } : `${flag} ska vara ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-02-20 (fick "${value}").`;
}

/** The board arguments, null without `--board`, or the usage mistake as one Swedish line. */
export function boardArgs(values: { board?: string; meeting?: string; signer?: string; minutes?: string }): BoardArgs | null | string {
  if (values.board === undefined) {
    if (values.meeting !== undefined && values.minutes === undefined) return 'Flaggan --meeting gäller styrelseunderlaget: ange också --board FIL.docx.';
    if (values.signer !== undefined) return 'Flaggan --signer gäller styrelseunderlaget: ange också --board FIL.docx.';
    return null;
  }
  const file = values.board.trim();
  if (file === '') return 'Flaggan --board behöver ett värde.';
  if (path.extname(file).toLowerCase() !== '.docx') return `--board ska vara en Word-fil som slutar på .docx (fick "${values.board}").`;
  let meeting: string | null = null;
  if (values.meeting !== undefined) {
    const read = meetingDate('--meeting', values.meeting);
    if (typeof read === 'string') return read;
    meeting = read.date;
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

/** After the meeting: `--record-meeting ÅÅÅÅ-MM-DD [--first-paragraph N]` and `--minutes FIL.docx --meeting ÅÅÅÅ-MM-DD`. */
export interface MeetingArgs {
  date: string;
  record: boolean;
  firstParagraph: number | null;
  /** Where the extracts go, as given; null without `--minutes`. */
  minutes: string | null;
}

/** The meeting arguments, null without `--record-meeting` and `--minutes`, or the usage mistake as one Swedish line. */
export function meetingArgs(values: { meeting?: string; 'record-meeting'?: string; 'first-paragraph'?: string; minutes?: string }): MeetingArgs | null | string {
  const record = values['record-meeting'];
  if (record === undefined && values.minutes === undefined) {
    if (values['first-paragraph'] !== undefined) return 'Flaggan --first-paragraph gäller registreringen av sammanträdet: ange också --record-meeting ÅÅÅÅ-MM-DD.';
    return null;
  }
  let firstParagraph: number | null = null;
  if (values['first-paragraph'] !== undefined) {
    if (record === undefined) return 'Flaggan --first-paragraph gäller registreringen av sammanträdet: ange också --record-meeting ÅÅÅÅ-MM-DD.';
    const text = values['first-paragraph'].trim().replace(/^§\s*/u, '');
    if (!/^\d{1,6}$/u.test(text) || Number(text) < 1) return `--first-paragraph ska vara ett paragrafnummer från 1, t.ex. 12 (fick "${values['first-paragraph']}").`;
    firstParagraph = Number(text);
  }
  let minutes: string | null = null;
  if (values.minutes !== undefined) {
    minutes = values.minutes.trim();
    if (minutes === '') return 'Flaggan --minutes behöver ett värde.';
    if (path.extname(minutes).toLowerCase() !== '.docx') return `--minutes ska vara en Word-fil som slutar på .docx (fick "${values.minutes}").`;
  }
  const given = record !== undefined ? { flag: '--record-meeting', value: record } : values.meeting !== undefined ? { flag: '--meeting', value: values.meeting } : null;
  if (!given) return 'Flaggan --minutes behöver sammanträdets datum: ange --meeting ÅÅÅÅ-MM-DD.';
  const date = meetingDate(given.flag, given.value);
  if (typeof date === 'string') return date;
  if (record !== undefined && values.meeting !== undefined) {
    const other = meetingDate('--meeting', values.meeting);
    if (typeof other === 'string') return other;
    if (other.date !== date.date) return `--meeting ${other.date} och --record-meeting ${date.date} anger olika sammanträden; ange samma datum, eller bara --record-meeting.`;
  }
  return { date: date.date, record: record !== undefined, firstParagraph, minutes };
}

/** The .docx bytes of the extracts of a run that was asked for them. */
export async function minutesDocument(run: WorkbookRun): Promise<Uint8Array> {
  if (!run.meeting?.minutes) throw new Error('Körningen saknar protokollsutdrag.');
  const { buildMinutesDocument } = await import('../board/minutes-docx');
  return buildMinutesDocument(run.meeting.minutes);
}

/** The summary lines of a recorded meeting and of its extracts. */
export function meetingSummary(run: WorkbookRun): string[] {
  return run.meeting ? meetingLines(run.meeting) : [];
}
