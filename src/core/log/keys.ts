/**
 * Which application a Logg line belongs to: the key a decision is found by across runs, for a
 * line read back and for a sheet row as located.
 */
import { textKey } from '../fold';
import { cellText } from '../readers';
import type { RawRow } from '../types';
import type { LoggedDecision, LogState } from './schema';

/**
 * Which application a decision belongs to across runs: the Diarienummer when the row has one,
 * else the insats name and the owner (case and white space folded). Without a Diarienummer a
 * renamed insats is a new application for the log; a changed owner is still found by name and row.
 */
export function decisionKey(id: string | null, name: string | null, owner: string | null): string | null {
  const dnr = id === null ? '' : textKey(id);
  if (dnr) return `dnr:${dnr}`;
  const n = name === null ? '' : textKey(name);
  const o = owner === null ? '' : textKey(owner);
  return n ? `insats:${n}|${o}` : null;
}

export interface RowIdentity {
  row: number;
  id: string | null;
  name: string | null;
  owner: string | null;
}

/** A sheet row as located, before its cells are read into an application. */
export function rowIdentity(raw: RawRow): RowIdentity {
  const cells = raw.cells;
  const text = (field: 'id' | 'name' | 'owner') => cellText(cells[field]?.value) || null;
  return { row: raw.row, id: text('id'), name: text('name'), owner: text('owner') };
}

/** The key of a sheet row as located (decisionKey of its Diarienummer, Insats and Insatsägare cells). */
export function rowKey(raw: RawRow): string | null {
  const who = rowIdentity(raw);
  return decisionKey(who.id, who.name, who.owner);
}

/** The last logged decision of a row: by key; without a Diarienummer also by name at the same sheet row (the owner may have changed). */
export function findLogged(state: LogState, who: RowIdentity, key = decisionKey(who.id, who.name, who.owner)): LoggedDecision | null {
  const direct = key === null ? undefined : state.lastDecisionByKey.get(key);
  if (direct) return direct;
  if (key === null || key.startsWith('dnr:') || !who.name) return null;
  const name = textKey(who.name);
  let found: LoggedDecision | null = null;
  for (const d of state.lastDecisionByKey.values()) {
    if (d.id === null && d.row === who.row && textKey(d.name) === name && (!found || d.logRow > found.logRow)) found = d;
  }
  return found;
}
