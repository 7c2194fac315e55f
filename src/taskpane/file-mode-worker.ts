/**
 * File mode's Web Worker: the file port's reading, the assessment and the writing run here, off the
 * page's main thread (the core is pure), so the pane keeps answering, shows progress and can cancel
 * (the page terminates this worker) while a large or hostile file is read, and a file that exhausts
 * this worker's memory takes down the worker, not the tab. The page talks to it through
 * file-mode.ts; every message is plain data (structured clone), the bytes are transferred.
 */
import { Inflate } from 'fflate';
import { openOoxml, type OoxmlWorkbook } from '../adapters/ooxml/workbook';
import { portableCodec, readZip, type Codec } from '../adapters/ooxml/zip';
import { assessWorkbook, type RulesetRegistry, type WorkbookRun } from '../core/job';
import { WorkbookError, type WorkbookPort } from '../core/port';
import { loadBundledRulesets } from './rules';
import type { WorkerError, WorkerReply, WorkerRequest } from './file-mode';

interface WorkerScope {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

/**
 * What the worker inflates at most: a part that cannot become one string here (V8's longest string is
 * some 536 million characters) cannot be read anyway, and the parts together are held at once. A zip
 * bomb is refused before any of it is inflated; a part inflating to more than its header said, while
 * inflating. The file port's own limits (the same in Node) come first where they are stricter.
 */
const PART_LIMIT = 512 * 1024 * 1024;
const TOTAL_LIMIT = 1024 * 1024 * 1024;
/** Compressed bytes given to the inflater at a time: at deflate's best ratio (about 1 : 1000) some 16 MB out. */
const INFLATE_SLICE = 16 * 1024;

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Refuses, naming the part, a package whose parts would inflate to more than the worker can hold. */
function checkInflatedSizes(bytes: Uint8Array): void {
  let entries;
  try {
    entries = readZip(bytes).entries;
  } catch {
    return; // not a zip: openOoxml says what it is instead (an .xls, a password, not a workbook)
  }
  let total = 0;
  for (const e of entries) {
    if (e.size > PART_LIMIT) {
      throw new WorkbookError(`Delen ${e.name} är större än ${mb(PART_LIMIT)} när den packas upp (${mb(e.size)}), mer än webbläsaren kan läsa; arbetsboken läses inte.`);
    }
    total += e.size;
  }
  if (total > TOTAL_LIMIT) {
    throw new WorkbookError(`Arbetsbokens delar är tillsammans större än ${mb(TOTAL_LIMIT)} när de packas upp (${mb(total)}), mer än webbläsaren kan läsa; arbetsboken läses inte.`);
  }
}

/**
 * fflate's inflate into exactly the size the header gave (checked above), a slice at a time, stopped
 * as soon as the data would run past it: a header that lies never makes the worker inflate more.
 */
const boundedCodec: Codec = {
  ...portableCodec,
  inflate(data, size) {
    const out = new Uint8Array(size);
    let at = 0;
    const inflater = new Inflate((chunk) => {
      if (at + chunk.length > size) throw new WorkbookError('större än zip-huvudet säger');
      out.set(chunk, at);
      at += chunk.length;
    });
    for (let i = 0; i < data.length; i += INFLATE_SLICE) inflater.push(data.subarray(i, i + INFLATE_SLICE), i + INFLATE_SLICE >= data.length);
    if (data.length === 0) inflater.push(data, true);
    return at === size ? out : out.subarray(0, at);
  },
};

/** Opens the bytes as a workbook, within the limits above. */
function openBounded(bytes: Uint8Array): OoxmlWorkbook {
  checkInflatedSizes(bytes);
  return openOoxml(bytes, boundedCodec);
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
        sheet: request.sheet,
        ...(request.board ? { board: request.board } : {}),
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
