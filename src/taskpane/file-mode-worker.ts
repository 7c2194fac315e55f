/**
 * File mode's Web Worker: the file port's reading, the assessment and the writing run here, off the
 * page's main thread (the core is pure), so the pane keeps answering, shows progress and can cancel
 * (the page terminates this worker) while a large or hostile file is read, and a file that exhausts
 * this worker's memory takes down the worker, not the tab. The page talks to it through
 * file-mode.ts; every message is plain data (structured clone), the bytes are transferred.
 */
import { openOoxml, type OoxmlWorkbook } from '../adapters/ooxml/workbook';
import { portableCodec } from '../adapters/ooxml/zip';
import { assessWorkbook, type RulesetRegistry, type WorkbookPort, type WorkbookRun } from '../core';
import { loadBundledRulesets } from './rules';
import type { WorkerError, WorkerReply, WorkerRequest } from './file-mode';

interface WorkerScope {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

/**
 * Opens the bytes as a workbook. The file port's own limits (src/adapters/ooxml/limits.ts: each part
 * and all parts together checked while they inflate, a slice at a time, whatever the zip header says)
 * are the same here as in Node, so a zip bomb is refused, naming the part, before the worker holds it.
 */
function openBounded(bytes: Uint8Array): OoxmlWorkbook {
  return openOoxml(bytes, portableCodec);
}

/** The file as chosen: each run starts from these bytes. */
let original: Uint8Array | null = null;
/** The workbook the open described, kept for the first run (the sheet list and the run read it once). */
let pending: OoxmlWorkbook | null = null;
/** The assessed workbook a review save edits, between `edit-open` and `edit-save`. */
let editing: OoxmlWorkbook | null = null;
let registry: Promise<RulesetRegistry> | null = null;

/** The same rule files the page bundles, loaded here too: a registry holds functions and cannot be posted. */
function rulesets(): Promise<RulesetRegistry> {
  registry ??= loadBundledRulesets();
  return registry;
}

/**
 * The error as the page shows it: our own Swedish messages (WorkbookError, RuleFileError) as they are;
 * anything else is a defect or the engine's limits (a RangeError: an allocation or a string too large),
 * said in Swedish with the engine's words only for the console.
 */
function describeError(err: unknown): WorkerError {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'WorkbookError' || name === 'RuleFileError') return { name, message, detail: null };
  return { name, message: name === 'RangeError' ? 'memory' : 'unexpected', detail: err instanceof Error ? (err.stack ?? message) : message };
}

/** The run as the page needs it: the write plan's texts are rendered lazily (functions) and stay here; the page never uses them. */
function postableRun(run: WorkbookRun): WorkbookRun {
  return { ...run, plan: { ...run.plan, blocks: run.plan.blocks.map((b) => ({ ...b, values: [] })) } };
}

function saved(workbook: OoxmlWorkbook): ArrayBuffer {
  const bytes = workbook.save();
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : bytes.slice().buffer;
}

async function handle(request: WorkerRequest): Promise<void> {
  const reply = (message: WorkerReply, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
  switch (request.type) {
    case 'open': {
      original = new Uint8Array(request.bytes);
      pending = null;
      editing = null;
      const workbook = openBounded(original);
      const description = await workbook.describe();
      pending = workbook;
      reply({ id: request.id, type: 'opened', description });
      return;
    }
    case 'assess': {
      if (!original) throw new Error('ingen fil är öppnad');
      const workbook = pending ?? openBounded(original);
      pending = null;
      const reg = await rulesets();
      const run = await assessWorkbook(workbook, reg, {
        ...request.options,
        onProgress: (progress) => reply({ id: request.id, type: 'progress', progress }),
      });
      reply({ id: request.id, type: 'progress', progress: { stage: 'saving' } });
      const output = saved(workbook);
      reply({ id: request.id, type: 'assessed', run: postableRun(run), output, extension: workbook.extension }, [output]);
      return;
    }
    case 'edit-open': {
      editing = openBounded(new Uint8Array(request.bytes));
      reply({ id: request.id, type: 'done', value: null });
      return;
    }
    case 'port': {
      if (!editing) throw new Error('ingen arbetsbok är öppnad för att sparas');
      const port: WorkbookPort = editing;
      const value = request.method === 'describe' ? await port.describe() : request.method === 'readSheets' ? await port.readSheets(request.names) : await port.write(request.plan);
      reply({ id: request.id, type: 'done', value: value ?? null });
      return;
    }
    case 'edit-save': {
      if (!editing) throw new Error('ingen arbetsbok är öppnad för att sparas');
      const output = saved(editing);
      editing = null;
      reply({ id: request.id, type: 'saved', output }, [output]);
      return;
    }
  }
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  handle(request).catch((err: unknown) => scope.postMessage({ id: request.id, type: 'failed', error: describeError(err) }));
});
