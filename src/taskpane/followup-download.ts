/**
 * The follow-up report as a Word download and the pane's line about it (followup-export.ts). In the
 * followup-docx chunk with the document code: fetched only when Exportera uppföljning has a report.
 */
import { buildFollowUpDocument } from '../board/followup-docx';
import { type FollowUpReport, type FollowUpTexts, formatCount } from '../core';
import { DOCX_MIME, offerDownload } from './board-export';

/** `budgetuppfoljning-2025-09-30.docx`. */
export function followUpFileName(per: string): string {
  return `budgetuppfoljning-${per}.docx`;
}

/** Builds the .docx, offers it and returns the status line: downloaded, or why not and what to do. */
export async function offerFollowUpReport(report: FollowUpReport, host: { signature(): Promise<string>; texts(per: string): Promise<FollowUpTexts>; mode(): 'excel' | 'file' }): Promise<string> {
  const bytes = await buildFollowUpDocument(report, { signature: await host.signature(), texts: await host.texts(report.per) });
  const name = followUpFileName(report.per);
  const offered = offerDownload(new Blob([bytes as BlobPart], { type: DOCX_MIME }), name);
  const count = report.groups.reduce((n, g) => n + g.insatser.length, 0);
  const n = (k: number, one: string, many: string) => `${formatCount(k)} ${k === 1 ? one : many}`;
  const what = `${n(count, 'insats', 'insatser')}, ${n(report.deviations.length, 'avvikelse', 'avvikelser')}; siffrorna står på bladet Uppföljning`;
  if (!offered) {
    return `Bladet Uppföljning är uppdaterat (${what}), men här går det inte att ladda ner filer. Använd kommandoraden: npm run assess -- ARBETSBOK.xlsx --followup ${name} --per ${report.per}.`;
  }
  if (host.mode() === 'excel') {
    return `${name} laddas ner (${what}). Om ingen fil kommer tillåter inte Excel nedladdning här: öppna fönstret i webbläsaren med arbetsboken som fil, eller använd kommandoraden.`;
  }
  return `${name} laddas ner (${what}). Ladda också ner den bedömda arbetsboken för bladet Uppföljning med diagrammet.`;
}
