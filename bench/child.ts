/**
 * One measurement in a fresh process, so that peak memory (maxRSS) belongs to it alone.
 * Prints one JSON line. Modes: generate N FILE · generate-followup N LINES FILE · bare IN OUT · assess IN OUT [DOCX] · core IN
 */
import type ExcelJSModule from 'exceljs';
import { Engine } from 'json-rules-engine';
import { performance } from 'node:perf_hooks';
import { runCli } from '../src/cli/main';
import { assessRows } from '../src/core/assess';
import { assessWorkbook } from '../src/core/job';
import { computeRowFacts, type Facts } from '../src/core/facts';
import { computeRunFacts } from '../src/core/portfolio';
import { parseApplication } from '../src/core/readers';
import { engineFacts, wholeEngine } from '../src/core/ruleset/engine';
import { RuleRunner } from '../src/core/ruleset/rule-runner';
import { rulesetInForce } from '../src/core/rulesets';
import { chooseSheet, locateTable } from '../src/core/table';
import type { Application } from '../src/core/types';
import { readWorkbookFile, writeWorkbookFile } from '../src/node/files';
import { loadRulesetsFromDir } from '../src/node/rules-dir';
import { plainChecks } from './plain-checks';
import path from 'node:path';

const RULES = path.resolve(__dirname, '..', '..', 'rules');
const ASSESSMENT_DATE = '2026-11-23';
const out = (data: object) => process.stdout.write(`${JSON.stringify({ ...data, maxRssKb: process.resourceUsage().maxRSS })}\n`);

async function main() {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === 'generate-followup') {
    const { generateFollowUpWorkbook } = await import('./generate');
    await generateFollowUpWorkbook(Number(a), Number(b)).xlsx.writeFile(c);
    return out({});
  }
  if (mode === 'generate') {
    const { generateWorkbook } = await import('./generate');
    await generateWorkbook(Number(a)).xlsx.writeFile(b);
    return out({});
  }
  if (mode === 'bare') {
    const ExcelJS = (await import('exceljs')).default as typeof ExcelJSModule;
    const t = performance.now();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(a);
    await wb.xlsx.writeFile(b);
    return out({ ms: performance.now() - t });
  }
  if (mode === 'assess') {
    // Time spent inside json-rules-engine during the whole command line run.
    let engineMs = 0;
    const run = Engine.prototype.run;
    Engine.prototype.run = async function timed(this: Engine, ...args: Parameters<typeof run>) {
      const t0 = performance.now();
      try {
        return await run.apply(this, args);
      } finally {
        engineMs += performance.now() - t0;
      }
    };
    const sink = { write: () => true };
    const t = performance.now();
    // With a third argument, the follow-up export too: the Uppföljning sheet and chart, and the report.
    const followUp = c ? ['--followup', c, '--per', ASSESSMENT_DATE] : [];
    const code = await runCli([a, '--out', b, '--date', ASSESSMENT_DATE, '--rules', RULES, ...followUp], { stdout: sink, stderr: process.stderr, isTTY: false });
    if (code !== 0) throw new Error(`the command line exited with ${code}`);
    return out({ ms: performance.now() - t, engineMs });
  }
  if (mode === 'phases') {
    // Where the command line's time goes: the same steps as runCli, timed one by one.
    const ms: Record<string, number> = {};
    let t = performance.now();
    const registry = await loadRulesetsFromDir(RULES);
    ms.rules = performance.now() - t;
    // The command line's own file port (src/node/files.ts over src/adapters/ooxml): open reads the package index.
    t = performance.now();
    const port = await readWorkbookFile(a);
    ms.read = performance.now() - t;
    const write = port.write.bind(port);
    port.write = async (plan) => {
      const t0 = performance.now();
      await write(plan);
      ms.write = performance.now() - t0;
    };
    t = performance.now();
    await assessWorkbook(port, registry, { now: new Date(2026, 10, 23, 12) });
    ms.assess = performance.now() - t - ms.write;
    t = performance.now();
    await writeWorkbookFile(b, port);
    ms.save = performance.now() - t;
    return out(ms);
  }
  if (mode === 'core') {
    const registry = await loadRulesetsFromDir(RULES);
    const port = await readWorkbookFile(a);
    const description = await port.describe();
    const [grid] = await port.readSheets([chooseSheet(description)]);
    const rows = locateTable(grid).rows;

    let t = performance.now();
    await assessRows(rows, registry, { assessmentDate: ASSESSMENT_DATE });
    const assessMs = performance.now() - t;

    // The engine alone against the plain function, on the same facts.
    const apps = rows.map((r) => parseApplication(r, { date1904: false })).filter((p) => p.ok).map((p) => (p as { application: Application }).application);
    const runFacts = computeRunFacts(apps, ASSESSMENT_DATE);
    const work = apps.flatMap((app) => {
      const ruleset = rulesetInForce(registry, app.decisionDate ?? app.start);
      return ruleset ? [{ ruleset, facts: { ...computeRowFacts(app, ruleset.parameters, ASSESSMENT_DATE), ...runFacts.get(app.row) } as Facts }] : [];
    });
    const applicable = new Set(registry.rulesets.flatMap((rs) => rs.rules.filter((r) => r.hasApplicability).map((r) => r.id)));
    const engineOutcomes: Record<string, string>[] = [];
    // Built before the clock starts, as a rule set's engines were built when it loaded.
    const wholeEngines = new Map(registry.rulesets.map((rs) => [rs, wholeEngine(rs.definition.rules, rs.parameters, 'row')] as const));
    t = performance.now();
    for (const w of work) {
      // Only the outcomes are kept, as assessRows does, so the results can be collected.
      const whole = wholeEngines.get(w.ruleset)!;
      const r = await whole.engine.run(engineFacts(w.facts, whole.facts));
      const o: Record<string, string> = {};
      for (const x of r.results) o[x.name] = applicable.has(x.name) && 'any' in x.conditions && (x.conditions.any[0] as { result?: boolean }).result === true ? 'not-applicable' : 'pass';
      for (const x of r.failureResults) o[x.name] = 'fail';
      engineOutcomes.push(o);
    }
    const engineMs = performance.now() - t;
    // The same rules through RuleRunner, as assessRows runs them: outcomes remembered by the values each rule reads.
    const runners = new Map<unknown, RuleRunner>();
    const runnerOutcomes: Record<string, string>[] = [];
    t = performance.now();
    for (const w of work) {
      let runner = runners.get(w.ruleset);
      if (!runner) runners.set(w.ruleset, (runner = new RuleRunner(w.ruleset.definition.rules, w.ruleset.parameters, 'row')));
      const into: (string | undefined)[] = [];
      await runner.run(w.facts, into as never);
      const o: Record<string, string> = {};
      w.ruleset.rules.forEach((rule, i) => {
        if (into[i]) o[rule.id] = into[i];
      });
      runnerOutcomes.push(o);
    }
    const runnerMs = performance.now() - t;
    t = performance.now();
    const plainOutcomes = work.map((w) => plainChecks(w.facts, w.ruleset.parameters));
    const plainMs = performance.now() - t;
    // The ceiling only counts if it computes the same thing.
    const same = (x: Record<string, string>, y: Record<string, string>) => JSON.stringify(Object.entries(x).sort()) === JSON.stringify(Object.entries(y).sort());
    const mismatches = work.filter((_, i) => !same(engineOutcomes[i], plainOutcomes[i])).length;
    const runnerMismatches = work.filter((_, i) => !same(engineOutcomes[i], runnerOutcomes[i])).length;
    return out({ rows: work.length, assessMs, engineMs, runnerMs, plainMs, mismatches, runnerMismatches });
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
