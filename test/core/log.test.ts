import { fitCell } from '../../src/core/cell-text';
import type { ChiefChoice, ChiefDecision } from '../../src/core/chief';
import {
  decisionKey,
  emptyLog,
  LOG_EVENTS,
  LOG_HEADER,
  LOG_SHEET,
  logAfter,
  loggedInputsByRow,
  nextLogRow,
  overridesHash,
  planLogLines,
  planRunLog,
  readLog,
  rowKey,
  rulesHash,
  type DecisionSeen,
  type LogRun,
  type LogState,
} from '../../src/core/log';
import type { SheetGrid, SheetWrite } from '../../src/core/port';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assessment, CellValue, RawRow } from '../../src/core/types';
import { RULES_DIR, shippedRules } from '../helpers/rules';

const T1 = new Date(2026, 10, 22, 14, 3);
const T2 = new Date(2026, 10, 23, 9, 30);

function run(time: Date, counts = { ok: 3, flag: 2, reject: 1, error: 0, closed: 0 }): LogRun {
  return { time, user: null, rulesets: ['finsam-2018@3', 'finsam-2025@3'], rulesHash: 'abc123abc123', overridesHash: 'def456def456', counts };
}

function decision(choice: ChiefChoice, amount: number | null = null, comment: string | null = null): ChiefDecision {
  return { choice, text: choice, amount, comment, address: 'R5' };
}

function seen(row: number, id: string | null, d: ChiefDecision, overrides: Partial<DecisionSeen['inputs']> & { name?: string } = {}): DecisionSeen {
  const { name = `Insats ${row}`, ...inputs } = overrides;
  return { row, id, name, decision: d, inputs: { amount: 300000, start: '2025-01-01', end: '2025-12-31', fte: 0.4, owner: 'Uppsala kommun', ...inputs } };
}

/** The Logg sheet as a workbook hands it back: header row, then the appended lines. */
class LogSheet {
  rows: CellValue[][] = [];
  append(write: SheetWrite): void {
    if (this.rows.length === 0) this.rows.push([...write.header]);
    for (const r of write.rows) this.rows.push([...r]);
  }
  grid(): SheetGrid | null {
    return this.rows.length ? { name: LOG_SHEET, top: 1, left: 1, values: this.rows.map((r) => [...r]) } : null;
  }
  read(): LogState {
    return readLog(this.grid());
  }
}

function col(name: (typeof LOG_HEADER)[number]): number {
  return LOG_HEADER.indexOf(name);
}

describe('Logg: the chain', () => {
  function threeAppends(): LogSheet {
    const sheet = new LogSheet();
    sheet.append(planLogLines(sheet.read(), run(T1), [seen(5, '2025/1', decision('grant')), seen(6, null, decision('reject', null, 'Målgruppen saknas.'))]));
    sheet.append(planLogLines(sheet.read(), run(T2), [seen(5, '2025/1', decision('grant-changed', 250000))]));
    sheet.append(planLogLines(sheet.read(), run(T2), []));
    return sheet;
  }

  it('stays valid after several appends, each run and new or changed decision one line', () => {
    const sheet = threeAppends();
    const state = sheet.read();
    expect(state.problems).toEqual([]);
    expect(planLogLines(state, run(T2), [])).toMatchObject({ name: 'Logg', mode: 'append', header: [...LOG_HEADER] });
    expect(state.entries.map((e) => [e.logRow, e.kind])).toEqual([
      [2, 'run'],
      [3, 'decision'],
      [4, 'decision'],
      [5, 'run'],
      [6, 'decision'],
      [7, 'run'],
    ]);
    expect(sheet.rows[0]).toEqual([...LOG_HEADER]);
    expect(sheet.rows[1][col('Tid')]).toBe('2026-11-22 14:03');
    expect(sheet.rows[1][col('Händelse')]).toBe(LOG_EVENTS.run);
    expect(sheet.rows[1][col('Regelverk')]).toBe('finsam-2018@3, finsam-2025@3');
    expect(sheet.rows[1].slice(col('OK'), col('Fel i indata') + 1)).toEqual([3, 2, 1, 0]);
    expect(sheet.rows[5][col('Händelse')]).toBe(LOG_EVENTS.changedDecision);
    expect(sheet.rows[3][col('Diarienummer')]).toBe('rad 6');
    for (const r of sheet.rows.slice(1)) expect(r[col('Kontrollsumma')]).toMatch(/^[0-9a-f]{12}$/);
    expect(state.lastHash).toBe(sheet.rows[6][col('Kontrollsumma')]);
    expect(nextLogRow(sheet.grid())).toBe(8);
  });

  it('reads back what Excel hands over: numbers at 15 digits, empty cells as empty strings', () => {
    const sheet = new LogSheet();
    sheet.append(planLogLines(emptyLog(), run(T1), [seen(5, '7', decision('grant'), { fte: 0.1 + 0.2, amount: 1 / 3 })]));
    sheet.rows = sheet.rows.map((r) => r.map((v) => (v === null ? '' : typeof v === 'number' ? Number(v.toPrecision(15)) : v)));
    expect(sheet.read().problems).toEqual([]);
  });

  it('names the row of an edited earlier line, and only that row', () => {
    const sheet = threeAppends();
    sheet.rows[2][col('Beslutat belopp')] = 999999;
    const { problems } = sheet.read();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Logg rad 3 har ändrats efter att den skrevs/);
  });

  it('names the row where a deleted line was', () => {
    const sheet = threeAppends();
    sheet.rows.splice(3, 1); // Logg row 4
    const { problems } = sheet.read();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Logg rad 4 har ändrats/);
  });

  it('names the rows of reordered lines', () => {
    const sheet = threeAppends();
    [sheet.rows[2], sheet.rows[3]] = [sheet.rows[3], sheet.rows[2]]; // rows 3 and 4 swapped
    const { problems } = sheet.read();
    expect(problems.some((p) => p.startsWith('Logg rad 3 har ändrats'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Logg rad 4 har ändrats'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Logg rad 2 '))).toBe(false);
  });

  it('notices a line cleared in place, at the line below it', () => {
    const sheet = threeAppends();
    sheet.rows[2] = sheet.rows[2].map(() => null);
    expect(sheet.read().problems).toEqual([expect.stringMatching(/^Logg rad 4 har ändrats/)]);
  });

  it('a line added by hand breaks the chain; the next run still chains to the last line', () => {
    const sheet = threeAppends();
    sheet.rows.push(['2026-11-24 08:00', LOG_EVENTS.run, 'Någon']);
    const before = sheet.read();
    expect(before.problems).toEqual([expect.stringMatching(/^Logg rad 8 har ändrats/)]);
    sheet.append(planLogLines(before, run(T2), []));
    // Only the hand-made line is reported; the new line chains to what stands above it.
    expect(sheet.read().problems).toEqual(before.problems);
  });

  it('reports other headers and a missing header row', () => {
    const sheet = threeAppends();
    sheet.rows[0][col('Vem')] = 'Användare';
    expect(sheet.read().problems).toEqual([expect.stringContaining('har andra rubriker på rad 1')]);
    sheet.rows.shift();
    expect(sheet.read().problems[0]).toContain('saknar rubrikraden');
  });

  it('lists at most ten broken rows one by one', () => {
    const sheet = new LogSheet();
    for (let i = 0; i < 14; i++) sheet.append(planLogLines(sheet.read(), run(T1), []));
    sheet.rows.reverse(); // the header goes last: every line breaks
    sheet.rows.unshift(sheet.rows.pop()!);
    const { problems } = sheet.read();
    expect(problems).toHaveLength(11);
    expect(problems[10]).toMatch(/ytterligare 4 rader/);
  });
});

describe('Logg: decision lines', () => {
  it('logs a decision once, again when its choice, amount or comment changes, never when only seen again', () => {
    const sheet = new LogSheet();
    const lines = (decisions: DecisionSeen[]) => {
      const write = planLogLines(sheet.read(), { time: T1, user: 'Anna' }, decisions);
      sheet.append(write);
      return write.rows.map((r) => r[col('Händelse')]);
    };
    expect(lines([seen(5, '2025/1', decision('grant'))])).toEqual([LOG_EVENTS.newDecision]);
    expect(lines([seen(5, '2025/1', decision('grant'))])).toEqual([]);
    expect(lines([seen(5, ' 2025/1 ', decision('grant'), { amount: 400000 })])).toEqual([]); // inputs alone: the rule flags, the log waits
    expect(lines([seen(5, '2025/1', decision('grant', 200000))])).toEqual([LOG_EVENTS.changedDecision]);
    expect(lines([seen(5, '2025/1', decision('grant', 200000, 'Halva året.'))])).toEqual([LOG_EVENTS.changedDecision]);
    expect(lines([seen(5, '2025/1', decision('reject', 200000, 'Halva året.'))])).toEqual([LOG_EVENTS.changedDecision]);
    expect(lines([seen(5, '2025/1', decision('reject', 200000, ' Halva året. '))])).toEqual([]);
    expect(lines([{ ...seen(5, '2025/1', decision('reject', 200000, 'Halva året.')), confirmed: true }])).toEqual([LOG_EVENTS.confirmedDecision]);
    expect(sheet.read().problems).toEqual([]);
    expect(sheet.rows[1][col('Vem')]).toBe('Anna');
  });

  it('compares two decisions of one plan with each other, not only with the sheet', () => {
    const write = planLogLines(emptyLog(), run(T1), [seen(5, 'A', decision('grant')), seen(9, 'a', decision('grant')), seen(9, 'B', decision('grant'))]);
    expect(write.rows.map((r) => r[col('Diarienummer')])).toEqual([null, 'A', 'B']);
  });

  it('keeps the last decision per application with its key inputs, for indata-andrad', () => {
    const sheet = new LogSheet();
    sheet.append(
      planLogLines(emptyLog(), run(T1), [
        seen(5, '2025/1', decision('grant')),
        seen(6, null, decision('grant-changed', 150000), { name: 'Lokussamordnare', owner: 'Tierps kommun', fte: null }),
      ]),
    );
    sheet.append(planLogLines(sheet.read(), run(T2), [seen(5, '2025/1', decision('reject', null, 'Nej.'), { amount: 280000 })]));
    const state = sheet.read();
    const byDnr = state.lastDecisionByKey.get('dnr:2025/1')!;
    expect(byDnr).toMatchObject({ choice: 'reject', comment: 'Nej.', amount: null, id: '2025/1', row: 5, logRow: 6 });
    expect(byDnr.inputs).toEqual({ amount: 280000, start: '2025-01-01', end: '2025-12-31', fte: 0.4, owner: 'Uppsala kommun' });
    const byName = state.lastDecisionByKey.get('insats:lokussamordnare|tierps kommun')!;
    expect(byName).toMatchObject({ choice: 'grant-changed', amount: 150000, id: null, row: 6 });
    expect(byName.inputs.fte).toBeNull();

    const raw = (row: number, id: string | null, name: string, owner: string): RawRow => ({
      row,
      cells: {
        ...(id === null ? {} : { id: { value: id, address: `A${row}` } }),
        name: { value: name, address: `B${row}` },
        owner: { value: owner, address: `C${row}` },
      },
    });
    const rows = [
      raw(9, '2025/1 ', 'Annat namn', 'Annan ägare'), // moved and renamed, same Diarienummer
      raw(6, null, 'lokussamordnare', 'Älvkarleby kommun'), // owner changed, same name and row
      raw(7, null, 'Lokussamordnare', 'Älvkarleby kommun'), // another row: not the logged one
      raw(8, '2025/2', 'Insats 5', 'Uppsala kommun'),
    ];
    const inputs = loggedInputsByRow(state, rows);
    expect([...inputs.keys()]).toEqual([9, 6]);
    expect(inputs.get(9)!.amount).toBe(280000);
    expect(inputs.get(6)!.owner).toBe('Tierps kommun');
    expect(rowKey(rows[0])).toBe('dnr:2025/1');
    expect(decisionKey(null, ' Lokus  X ', 'Y')).toBe('insats:lokus x|y');
    expect(decisionKey('', null, 'Y')).toBeNull();
  });

  it('writes hostile text as plain strings, and the chain still holds', () => {
    const hostile = ['=HYPERLINK("http://x","klicka")', '+1+1', '-2', '@SUM(A1)'];
    const d: DecisionSeen = {
      row: 4,
      id: hostile[2],
      name: hostile[1],
      decision: decision('reject', null, hostile[0]),
      inputs: { amount: 1, start: '2025-01-01', end: '2025-12-31', fte: null, owner: hostile[3] },
    };
    const write = planLogLines(emptyLog(), { time: T1, user: '=cmd|" /C calc"!A0' }, [d]);
    const line = write.rows[0];
    expect(line[col('Kommentar')]).toBe(hostile[0]);
    expect(line[col('Insats')]).toBe(hostile[1]);
    expect(line[col('Diarienummer')]).toBe(hostile[2]);
    expect(line[col('Insatsägare')]).toBe(hostile[3]);
    expect(line[col('Vem')]).toBe('=cmd|" /C calc"!A0');
    for (const v of line) expect(v === null || typeof v === 'string' || typeof v === 'number').toBe(true);
    const sheet = new LogSheet();
    sheet.append(write);
    expect(sheet.read().problems).toEqual([]);
  });

  it('drops characters a workbook cannot hold before hashing, so the line reads back whole', () => {
    const write = planLogLines(emptyLog(), { time: T1, user: null }, [seen(4, 'X', decision('reject', null, 'a\u0001b\r\nc'))]);
    expect(write.rows[0][col('Kommentar')]).toBe('ab\nc');
  });

  it('drops a lone surrogate too, as every port does when it writes the cell (else the line would not hash the same read back)', () => {
    const write = planLogLines(emptyLog(), { time: T1, user: null }, [seen(4, 'X', decision('reject', null, 'a\uD800b\uDFFFc 😀'))]);
    const comment = write.rows[0][col('Kommentar')] as string;
    expect(comment).toBe('abc 😀');
    expect(fitCell(comment)).toBe(comment);
  });
});

describe('Logg: state after an append', () => {
  it('chains a later plan to the lines just written, as the pane does after a run', () => {
    const sheet = new LogSheet();
    const first = planLogLines(sheet.read(), run(T1), [seen(5, 'A', decision('grant'))]);
    const before = sheet.grid();
    sheet.append(first);
    const state = logAfter(readLog(before), first, nextLogRow(before));
    expect(state.entries.map((e) => e.logRow)).toEqual([2, 3]);
    expect(state.lastDecisionByKey.get('dnr:a')!.logRow).toBe(3);
    const second = planLogLines(state, { time: T2, user: null }, [{ ...seen(5, 'A', decision('grant')), confirmed: true }]);
    sheet.append(second);
    expect(sheet.read().problems).toEqual([]);
    expect(sheet.read().entries).toHaveLength(3);
  });
});

describe('hashes of the rules and the parameters', () => {
  const data = { id: 'x', version: 1, parameters: { a: 1, b: [1, 2] } };

  it('hashes rule files by content, whatever the directory, white space or key order', () => {
    const a = rulesHash([{ path: 'rules/x.json', data }]);
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(rulesHash([{ path: '/abs/rules/x.json', text: '{ "version": 1,\n "parameters": {"b": [1,2], "a": 1}, "id": "x" }' }])).toBe(a);
    expect(rulesHash([{ path: 'rules/x.json', data: { ...data, version: 2 } }])).not.toBe(a);
    expect(rulesHash([{ path: 'rules/y.json', data }])).not.toBe(a);
    const two = [
      { path: 'rules/x.json', data },
      { path: 'rules/y.json', data: { id: 'y' } },
    ];
    expect(rulesHash(two)).toBe(rulesHash([...two].reverse()));
  });

  it('hashes overrides by name and value, not by order or cell', () => {
    const a = overridesHash([
      { name: 'maxAmountPerYear', value: 300000 },
      { name: 'members', value: ['A', 'B'] },
    ]);
    expect(overridesHash([{ name: 'members', value: ['A', 'B'], address: 'Regelparametrar!B9' } as { name: string; value: unknown }, { name: 'maxAmountPerYear', value: 300000 }])).toBe(a);
    expect(overridesHash([{ name: 'maxAmountPerYear', value: 300001 }, { name: 'members', value: ['A', 'B'] }])).not.toBe(a);
    expect(overridesHash([])).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('the Logg lines of a run', () => {
  it('names the rule sets, hashes the rule files as they are on disk, counts per status and logs the decisions', async () => {
    const registry = await shippedRules();
    const app = { row: 7, id: '2025/7', name: 'Jobbspår', owner: 'Heby kommun', amount: 120000, start: '2027-01-01', end: '2027-12-31', fte: 0.5 };
    const assessed = (status: Assessment['status'], chief: ChiefDecision | null) =>
      ({ row: app.row, status, chief, application: app }) as unknown as Assessment;
    const write = planRunLog(emptyLog(), {
      time: T1,
      registry,
      overrides: [{ name: 'maxAmountPerYear', value: 250000 }],
      assessments: [assessed('flag', decision('grant')), assessed('ok', null), assessed('ok', null)],
    });
    expect(write.rows).toHaveLength(2);
    const [runLine, decisionLine] = write.rows;
    expect(runLine[col('Regelverk')]).toBe(registry.rulesets.map((r) => `${r.id}@${r.version}`).join(', '));
    const files = readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.json') && f !== 'ruleset.schema.json')
      .map((f) => ({ path: join(RULES_DIR, f), text: readFileSync(join(RULES_DIR, f), 'utf8') }));
    expect(runLine[col('Regelhash')]).toBe(rulesHash(files));
    expect(runLine[col('Parameterhash')]).toBe(overridesHash([{ name: 'maxAmountPerYear', value: 250000 }]));
    expect(runLine.slice(col('OK'), col('Fel i indata') + 1)).toEqual([2, 1, 0, 0]);
    expect(decisionLine).toEqual(expect.arrayContaining([LOG_EVENTS.newDecision, '2025/7', 'Jobbspår', 'Bevilja', 120000, '2027-01-01', '2027-12-31', 0.5, 'Heby kommun']));
  });
});
