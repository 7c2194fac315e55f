import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRulesets, RuleFileError, type RuleFile } from '../../src/core/rulesets';
import { loadRulesetsFromDir } from '../../src/node/rules-dir';
import { RULES_DIR } from '../helpers/rules';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const shipped2025 = (): Json => JSON.parse(readFileSync(join(RULES_DIR, 'finsam-2025.json'), 'utf8'));
const shipped2018 = (): Json => JSON.parse(readFileSync(join(RULES_DIR, 'finsam-2018.json'), 'utf8'));
const ruleIndex = (data: Json, id: string) => (data.rules as Json[]).findIndex((r) => r.id === id);

/** Loads the files and returns the problems (the test fails if loading succeeds). */
async function problemsOf(files: RuleFile[]) {
  try {
    await loadRulesets(files);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleFileError);
    return (err as RuleFileError).problems.map((p) => ({ ...p, text: (err as RuleFileError).message }));
  }
  throw new Error('the rule files were accepted');
}

async function oneProblem(mutate: (data: Json) => void, path = 'rules/finsam-2025.json') {
  const data = shipped2025();
  mutate(data);
  const problems = await problemsOf([{ path, text: JSON.stringify(data, null, 2) }]);
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe('shipped rule files', () => {
  test('load without problems, ordered by validity', async () => {
    const registry = await loadRulesetsFromDir(RULES_DIR);
    expect(registry.rulesets.map((r) => `${r.id}@${r.version}`)).toEqual(['finsam-2018@1', 'finsam-2025@3']);
    expect(registry.rulesets[0].validTo).toBe('2023-12-31');
    expect(registry.rulesets[1].validTo).toBeNull();
  });
});

describe('malformed rule files give one clear error naming file, rule and path', () => {
  test('bad JSON names the line and column', async () => {
    const text = '{\n  "id": "finsam-2025",\n  "version": 3,\n}\n';
    const problems = await problemsOf([{ path: 'rules/trasig.json', text }]);
    expect(problems).toHaveLength(1);
    expect(problems[0].text).toMatch(/^rules\/trasig\.json: ogiltig JSON på rad 4, kolumn 1/);
  });

  test('unknown operator', async () => {
    const p = await oneProblem((d) => {
      d.rules[ruleIndex(d, 'belopp-max')].conditions.all[0].operator = 'lessThanOrEqual';
    });
    expect(p.rule).toBe('belopp-max');
    expect(p.path).toBe(`/rules/${ruleIndex(shipped2025(), 'belopp-max')}/conditions/all/0/operator`);
    expect(p.message).toMatch(/^okänd operator "lessThanOrEqual"; tillåtna är .*"lessThanInclusive"/);
  });

  test('missing event', async () => {
    const p = await oneProblem((d) => {
      delete d.rules[ruleIndex(d, 'samverkan')].event;
    });
    expect(p.rule).toBe('samverkan');
    expect(p.message).toBe('saknar "event"');
    expect(p.text).toBe(`rules/finsam-2025.json: regel "samverkan" vid /rules/${ruleIndex(shipped2025(), 'samverkan')}: saknar "event"`);
  });

  test('unknown parameter', async () => {
    const p = await oneProblem((d) => {
      d.rules[ruleIndex(d, 'period-langd')].conditions.all[0].value = { fact: 'maxManader' };
    });
    expect(p.rule).toBe('period-langd');
    expect(p.path).toMatch(/\/conditions\/all\/0\/value\/fact$/);
    expect(p.message).toMatch(/^okänd parameter eller faktum "maxManader"; parametrarna i filen är maxAmountPerYear, /);
  });

  test('unknown fact', async () => {
    const p = await oneProblem((d) => {
      d.rules[ruleIndex(d, 'forankring')].conditions.all[0].fact = 'forankrad';
    });
    expect(p.rule).toBe('forankring');
    expect(p.message).toMatch(/^okänt faktum "forankrad"/);
  });

  test('wrong type of a parameter', async () => {
    const p = await oneProblem((d) => {
      d.parameters.maxMonths = '24';
    });
    expect(p.rule).toBeNull();
    expect(p.path).toBe('/parameters/maxMonths');
    expect(p.message).toBe('ska vara ett heltal, inte "24"');
  });

  test('duplicate rule id (a rule copied without a new id)', async () => {
    const p = await oneProblem((d) => {
      d.rules.push(JSON.parse(JSON.stringify(d.rules[ruleIndex(d, 'belopp-max')])));
    });
    expect(p.rule).toBe('belopp-max');
    expect(p.path).toBe(`/rules/${shipped2025().rules.length}/id`);
    expect(p.message).toMatch(/regel-id "belopp-max" finns redan tidigare i filen/);
  });

  test('overlapping validity between two files names both', async () => {
    const older = shipped2018();
    older.validTo = '2024-06-30';
    const problems = await problemsOf([
      { path: 'rules/finsam-2018.json', text: JSON.stringify(older) },
      { path: 'rules/finsam-2025.json', text: JSON.stringify(shipped2025()) },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0].text).toBe(
      'rules/finsam-2025.json: vid /validFrom: giltighetstiden 2024-01-01 – tills vidare överlappar finsam-2018 i rules/finsam-2018.json (2018-01-01 – 2024-06-30)',
    );
  });

  test('template placeholder that does not exist', async () => {
    const p = await oneProblem((d) => {
      d.rules[ruleIndex(d, 'belopp-max')].texts.pass = 'Sökt belopp {belopp:kr} ryms.';
    });
    expect(p.rule).toBe('belopp-max');
    expect(p.path).toMatch(/\/texts\/pass$/);
    expect(p.message).toMatch(/^platshållaren \{belopp\} finns inte/);
  });

  test('template with an unknown format', async () => {
    const p = await oneProblem((d) => {
      d.texts.decision.grant[0] = 'att bevilja {grantAmount:euro}';
    });
    expect(p.path).toBe('/texts/decision/grant/0');
    expect(p.message).toBe('okänt format "euro" i platshållaren {grantAmount:euro}');
  });

  test('JSONPath in a condition is refused (no `path`)', async () => {
    const p = await oneProblem((d) => {
      d.rules[ruleIndex(d, 'belopp-max')].conditions.all[0].path = '$.x';
    });
    expect(p.rule).toBe('belopp-max');
    expect(p.message).toBe('okänd nyckel "path"');
  });

  test('unknown severity', async () => {
    const p = await oneProblem((d) => {
      d.rules[ruleIndex(d, 'samverkan')].event.params.severity = 'varning';
    });
    expect(p.rule).toBe('samverkan');
    expect(p.message).toMatch(/^"varning" är inte tillåtet; tillåtna värden är "flag", "reject", "error"/);
  });

  test('event type that is not the rule id', async () => {
    const p = await oneProblem((d) => {
      d.rules[ruleIndex(d, 'samverkan')].event.type = 'samarbete';
    });
    expect(p.message).toBe('händelsens typ "samarbete" ska vara regelns id "samverkan"');
  });

  test('a reject rule without a reason text', async () => {
    const p = await oneProblem((d) => {
      delete d.rules[ruleIndex(d, 'period-langd')].texts.reason;
    });
    expect(p.rule).toBe('period-langd');
    expect(p.message).toMatch(/behöver texten "reason"/);
  });

  test('a condition without all/any/not at the top', async () => {
    const p = await oneProblem((d) => {
      d.rules[ruleIndex(d, 'belopp-max')].conditions = { fact: 'amount', operator: 'equal', value: 1 };
    });
    expect(p.rule).toBe('belopp-max');
    expect(p.message).toBe('ett villkor ska ha "all", "any" eller "not"');
  });

  test('a rule that cannot run is caught by the self-test at load, by name', async () => {
    const p = await oneProblem((d) => {
      // `in` against a number passes the schema but throws inside json-rules-engine
      d.rules[ruleIndex(d, 'tjanst-andel')].conditions.all[0].value = 5;
    });
    expect(p.rule).toBe('tjanst-andel');
    expect(p.message).toMatch(/^regeln går inte att köra: /);
  });

  test('validity ending before it starts', async () => {
    const p = await oneProblem((d) => {
      d.validTo = '2023-01-01';
    });
    expect(p.path).toBe('/validTo');
    expect(p.message).toBe('giltig till 2023-01-01 ligger före giltig från 2024-01-01');
  });

  test('an example row with an unknown column', async () => {
    const p = await oneProblem((d) => {
      d.cases.examples[0].row = { Belopp2: '1 kr' };
    });
    expect(p.message).toBe('"Belopp2" är ingen känd kolumnrubrik');
  });

  test('a directory with a broken file fails when loaded, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regler-'));
    writeFileSync(join(dir, 'finsam-2025.json'), '{ "id": ');
    await expect(loadRulesetsFromDir(dir)).rejects.toThrow(/finsam-2025\.json: ogiltig JSON/);
  });

  test('an empty directory is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regler-'));
    await expect(loadRulesetsFromDir(dir)).rejects.toThrow(/inga regelfiler hittades/);
  });
});

describe('the follow-up report\'s texts (texts.followUp)', () => {
  test('a followUp block missing a required text is refused, naming the file and path', async () => {
    const p = await oneProblem((d) => {
      delete d.texts.followUp.clause;
    });
    expect(p.rule).toBeNull();
    expect(p.path).toBe('/texts/followUp');
    expect(p.message).toBe('saknar "clause"');
    expect(p.text).toBe('rules/finsam-2025.json: vid /texts/followUp: saknar "clause"');
  });

  test('a rule set without the followUp block is refused', async () => {
    const p = await oneProblem((d) => {
      delete d.texts.followUp;
    });
    expect(p.path).toBe('/texts');
    expect(p.message).toBe('saknar "followUp"');
  });

  test('a column header list of the wrong length, and a placeholder the report does not have, are refused by path', async () => {
    const p = await oneProblem((d) => {
      d.texts.followUp.yearHeaders.pop();
    });
    expect(p.path).toBe('/texts/followUp/yearHeaders');
    const q = await oneProblem((d) => {
      d.texts.followUp.clause = 'att lägga uppföljningen per {datum} till handlingarna';
    });
    expect(q.path).toBe('/texts/followUp/clause');
    expect(q.message).toMatch(/^platshållaren \{datum\} kan inte användas i budgetuppföljningen; där finns per, year, /u);
  });

  test("the board papers' texts: a missing text, and a placeholder the papers do not have, are refused by path", async () => {
    const p = await oneProblem((d) => {
      delete (d.texts.board as Partial<typeof d.texts.board>).applies;
    });
    expect(p.path).toBe('/texts/board');
    expect(p.message).toBe('saknar "applies"');
    const q = await oneProblem((d) => {
      d.texts.board.caseLine = 'Ärende {nummer}';
    });
    expect(q.path).toBe('/texts/board/caseLine');
    expect(q.message).toMatch(/^platshållaren \{nummer\} kan inte användas i styrelseunderlaget; där finns meeting, number, /u);
  });
});

describe('a rule set that extends another', () => {
  test('finsam-2018 names finsam-2025 as its base and changes only what differs', async () => {
    const older = shipped2018();
    expect(older.extends).toBe('finsam-2025');
    expect(older.rules).toBeUndefined();
    expect(Object.keys(older.ruleOverrides).sort()).toEqual(['forankring', 'malgrupp']);
    const registry = await loadRulesetsFromDir(RULES_DIR);
    const [r2018, r2025] = registry.rulesets;
    expect(r2018.rules.map((r) => r.id)).toEqual(r2025.rules.map((r) => r.id));
    expect(r2018.parameters).toEqual(r2025.parameters);
  });

  test('a text fixed in the base reaches the extending set; its decision clauses stay its own', async () => {
    const base = shipped2025();
    base.rules[ruleIndex(base, 'tjanst-saknas')].texts.fail = 'Tjänsteomfattning saknas för en {kindText}.';
    base.texts.decision.grant[0] = 'att bevilja {name}.';
    const registry = await loadRulesets([
      { path: 'rules/finsam-2018.json', text: JSON.stringify(shipped2018()) },
      { path: 'rules/finsam-2025.json', text: JSON.stringify(base) },
    ]);
    const r2018 = registry.rulesets[0];
    expect(r2018.definition.rules[ruleIndex(base, 'tjanst-saknas')].texts.fail).toBe('Tjänsteomfattning saknas för en {kindText}.');
    expect(r2018.definition.texts.decision.grant[0]).toBe('att bevilja finansiellt stöd från förbundet enligt ansökan till insatsen {name}');
  });

  test('the follow-up texts are inherited by name: one the extending file names is its own, the others the base\'s', async () => {
    const older = shipped2018();
    older.texts.followUp = { heading: 'Budgetuppföljning {per:datum}' };
    const registry = await loadRulesets([
      { path: 'rules/finsam-2018.json', text: JSON.stringify(older) },
      { path: 'rules/finsam-2025.json', text: JSON.stringify(shipped2025()) },
    ]);
    const [r2018, r2025] = registry.rulesets;
    expect(r2018.definition.texts.followUp.heading).toBe('Budgetuppföljning {per:datum}');
    expect(r2018.definition.texts.followUp.clause).toBe(r2025.definition.texts.followUp.clause);
    expect(shipped2018().texts.followUp).toBeUndefined();
  });

  test('an unknown base, or an override of a rule the base does not have, is an error naming the file', async () => {
    const older = shipped2018();
    older.extends = 'finsam-2030';
    let problems = await problemsOf([
      { path: 'rules/finsam-2018.json', text: JSON.stringify(older) },
      { path: 'rules/finsam-2025.json', text: JSON.stringify(shipped2025()) },
    ]);
    expect(problems.map((p) => p.text)).toEqual([expect.stringMatching(/^rules\/finsam-2018\.json: vid \/extends: regeluppsättningen "finsam-2030" som filen bygger på finns inte/u)]);
    const wrongRule = shipped2018();
    wrongRule.ruleOverrides['belopp-maximum'] = { short: 'Belopp' };
    problems = await problemsOf([
      { path: 'rules/finsam-2018.json', text: JSON.stringify(wrongRule) },
      { path: 'rules/finsam-2025.json', text: JSON.stringify(shipped2025()) },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'belopp-maximum', path: '/ruleOverrides/belopp-maximum' });
  });

  test('an extending file may not carry its own rules list', async () => {
    const older = shipped2018();
    older.rules = shipped2025().rules;
    const problems = await problemsOf([
      { path: 'rules/finsam-2018.json', text: JSON.stringify(older) },
      { path: 'rules/finsam-2025.json', text: JSON.stringify(shipped2025()) },
    ]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].file).toBe('rules/finsam-2018.json');
  });
});
