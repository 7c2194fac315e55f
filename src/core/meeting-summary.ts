/**
 * The summary of a run after the meeting (after-the-board.md): what was recorded, what was extracted,
 * and which ärenden have no decision yet. Shared by the command line and the task pane.
 */
import type { MeetingRun } from './job';

function count(n: number, one: string, many: string): string {
  return n === 1 ? `ett ${one}` : `${n} ${many}`;
}

/** What a run after the meeting did, in the command line's summary and the pane's status line. */
export function meetingLines(m: MeetingRun): string[] {
  const lines: string[] = [];
  const items = m.papers.proposals.length;
  if (m.record) {
    lines.push(
      m.recorded.length === 0
        ? `Sammanträdet ${m.date}: ${items === 1 ? 'ärendet har redan sitt beslut' : `alla ${items} ärenden har redan sina beslut`}; ingenting ändrades.`
        : `Sammanträdet ${m.date}: ${m.recorded.length === 1 ? 'ett beslut registrerat' : `${m.recorded.length} beslut registrerade`} av ${count(items, 'ärende', 'ärenden')} (${m.recorded.map((r) => `rad ${r.row} ${r.decision}${r.paragraph ? ` ${r.paragraph}` : ''}`).join(', ')}), en rad per beslut i Logg.`,
    );
  }
  if (m.minutes) {
    const undecided = m.minutes.undecided;
    lines.push(
      `Protokollsutdrag: ${count(m.minutes.extracts.length, 'utdrag', 'utdrag')}${undecided.length ? `; utan registrerat beslut och därför inte med: ${undecided.map((u) => `rad ${u.row} ${u.name}`).join(', ')}` : ''}.`,
    );
  }
  return lines;
}
