/**
 * File mode: the pane in a plain browser assesses an .xlsx/.xlsm the user chose and offers the
 * result for download. Loaded with a dynamic import() only in this mode. The reading, the
 * assessment and the writing run in a Web Worker (file-mode-worker.ts): a large or hostile file
 * never freezes the tab, the pane shows progress and can cancel (the worker is terminated), and a
 * worker that runs out of memory or crashes ends in a Swedish message, not in a dead tab. The file
 * never leaves the browser; the package is edited in place, so what the tool does not own comes
 * back as it was.
 */
import {
  type AssessOptions,
  type Progress,
  type RulesetRegistry,
  type SheetGrid,
  withTextArrays,
  type WorkbookDescription,
  type WorkbookPort,
  type WorkbookRun,
  type WritePlan,
} from '../core';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XLSM_MIME = 'application/vnd.ms-excel.sheet.macroEnabled.12';

/** The run's options that cross to the worker: plain data (a Map survives the structured clone), no callbacks. */
export type WorkerAssessOptions = Pick<AssessOptions, 'sheet' | 'board' | 'meeting' | 'followUp' | 'followUpDate'>;

/** The options the worker needs, and only those that are set. */
export function workerOptions(options: AssessOptions): WorkerAssessOptions {
  const { sheet, board, meeting, followUp, followUpDate } = options;
  return {
    sheet: sheet ?? null,
    ...(board ? { board } : {}),
    ...(meeting ? { meeting } : {}),
    ...(followUp ? { followUp } : {}),
    ...(followUpDate ? { followUpDate } : {}),
  };
}

/** What the page asks of the worker. */
export type WorkerTask =
  | { type: 'open'; bytes: ArrayBuffer }
  | { type: 'assess'; options: WorkerAssessOptions }
  | { type: 'edit-open'; bytes: ArrayBuffer }
  | { type: 'port'; method: 'describe' }
  | { type: 'port'; method: 'readSheets'; names: readonly string[] }
  | { type: 'port'; method: 'write'; plan: WritePlan }
  | { type: 'edit-save' };

/** A task as posted: every request has an id; its replies carry it. */
export type WorkerRequest = WorkerTask & { id: number };

/** An error as the worker posts it: our Swedish message, or `unexpected` / `memory` with the engine's words for the console. */
export interface WorkerError {
  name: string;
  message: string;
  detail: string | null;
}

export type WorkerReply =
  | { id: number; type: 'opened'; description: WorkbookDescription }
  | { id: number; type: 'progress'; progress: Progress | { stage: 'saving' } }
  | { id: number; type: 'assessed'; run: WorkbookRun; output: ArrayBuffer; extension: string }
  | { id: number; type: 'done'; value: unknown }
  | { id: number; type: 'saved'; output: ArrayBuffer }
  | { id: number; type: 'failed'; error: WorkerError };

/** Thrown to the pane: a Swedish message it shows as it is (view.ts shows WorkbookError messages unchanged). */
class FileModeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookError';
  }
}

/** What the pane says when the worker could not finish; `cancelled`: the user pressed Avbryt. */
export const MESSAGES = {
  cancelled: 'Avbrutet. Filen är oförändrad; välj den igen eller en annan fil.',
  crashed: 'Arbetsboken kunde inte läsas här i webbläsaren: läsningen stoppades (troligen räckte inte minnet till). Filen är oförändrad. Spara den i Excel och försök igen, eller använd kommandoraden.',
  memory: 'Arbetsboken är för stor för att läsas här i webbläsaren: minnet räcker inte. Filen är oförändrad. Använd kommandoraden för en så stor arbetsbok.',
  unexpected: 'Arbetsboken kunde inte bedömas: ett oväntat fel i programmet. Filen är oförändrad. Detaljerna finns i webbläsarens konsol, för en felanmälan.',
  noWorker: 'Den här webbläsaren kan inte läsa arbetsboken i bakgrunden (Web Worker saknas). Använd en nyare webbläsare eller kommandoraden.',
} as const;

interface Pending {
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
  onProgress?: (progress: Progress | { stage: 'saving' }) => void;
}

/**
 * The one worker of the pane and its open requests. A cancel or a crash ends the worker and every
 * open request with it; the next request starts a fresh worker (which holds no file until `open`).
 */
class FileWorker {
  private worker: Promise<Worker> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Increases with every worker started: an OpenedFile knows whether its worker still holds its file. */
  generation = 0;

  private start(): Promise<Worker> {
    this.worker ??= this.spawn();
    return this.worker;
  }

  private async spawn(): Promise<Worker> {
    if (typeof Worker === 'undefined') throw new FileModeError(MESSAGES.noWorker);
    // In this chunk (eager): no request of its own; a module apart only for the type check (see there).
    const { startFileWorker } = await import(/* webpackMode: "eager" */ './file-mode-worker-start');
    const worker = startFileWorker();
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => this.receive(event.data));
    // An uncaught error in the worker, a worker that could not start, or one stopped for lack of memory.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      console.error('Insatsbedömning: arbetet i bakgrunden avbröts', event.message);
      this.stop(MESSAGES.crashed);
    });
    worker.addEventListener('messageerror', () => this.stop(MESSAGES.unexpected));
    this.generation++;
    return worker;
  }

  private receive(reply: WorkerReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    if (reply.type === 'progress') {
      waiting.onProgress?.(reply.progress);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === 'failed') {
      const { error } = reply;
      if (error.detail !== null) console.error('Insatsbedömning:', error.detail);
      const message = error.message === 'memory' ? MESSAGES.memory : error.message === 'unexpected' ? MESSAGES.unexpected : error.message;
      const err = new FileModeError(message);
      if (error.name === 'RuleFileError') err.name = 'RuleFileError';
      waiting.reject(err);
    } else {
      waiting.resolve(reply);
    }
  }

  /** Sends a request and waits for its last reply; progress replies go to `onProgress`. */
  request(task: WorkerTask, transfer: Transferable[] = [], onProgress?: Pending['onProgress']): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      // Pending from the start, so Avbryt also ends a request whose worker is still starting.
      this.pending.set(id, { resolve, reject, onProgress });
      this.start().then(
        (worker) => {
          if (this.pending.has(id)) worker.postMessage({ ...task, id } as WorkerRequest, transfer);
        },
        (err: unknown) => {
          this.worker = null;
          this.pending.delete(id);
          reject(err instanceof Error ? err : new FileModeError(MESSAGES.unexpected));
        },
      );
    });
  }

  /** Whether a request is under way (the Avbryt button is shown only then). */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Ends the worker at once, whatever it is doing, and every open request with `message`. */
  stop(message: string): void {
    void this.worker?.then((w) => w.terminate(), () => undefined);
    this.worker = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(new FileModeError(message));
  }
}

const fileWorker = new FileWorker();

/** The user's Avbryt: the worker is terminated at once (a sheet being parsed cannot be interrupted otherwise). */
export function cancelFileWork(): void {
  if (fileWorker.busy) fileWorker.stop(MESSAGES.cancelled);
}

export interface OpenedFile {
  description: WorkbookDescription;
  /**
   * Assesses the file as chosen (each run starts from the original bytes) and returns the assessed
   * workbook. The run's write plan comes without its texts (they stay in the worker; the pane shows
   * the assessments). The worker loads the same bundled rule files as `registry`.
   */
  assess(registry: RulesetRegistry, options: AssessOptions & { onSaving?: () => void }): Promise<{ run: WorkbookRun; output: Blob }>;
}

function blobOf(bytes: ArrayBuffer, extension: string): Blob {
  return new Blob([bytes], { type: extension === '.xlsm' ? XLSM_MIME : XLSX_MIME });
}

export async function openFile(bytes: ArrayBuffer): Promise<OpenedFile> {
  // Kept here too: after a cancel or a crash a fresh worker is given the file again.
  const original = bytes.slice(0);
  const open = async () => {
    const copy = original.slice(0);
    const reply = await fileWorker.request({ type: 'open', bytes: copy }, [copy]);
    if (reply.type !== 'opened') throw new FileModeError(MESSAGES.unexpected);
    return { reply, generation: fileWorker.generation };
  };
  let opened = await open();
  return {
    description: opened.reply.description,
    async assess(_registry, options) {
      if (opened.generation !== fileWorker.generation) opened = await open();
      const reply = await fileWorker.request({ type: 'assess', options: workerOptions(options) }, [], (progress) => {
        if (progress.stage === 'saving') options.onSaving?.();
        else options.onProgress?.(progress);
      });
      if (reply.type !== 'assessed') throw new FileModeError(MESSAGES.unexpected);
      return { run: reply.run, output: blobOf(reply.output, reply.extension) };
    },
  };
}

/** `ansokningar.xlsx` → `ansokningar.bedomd.xlsx` (an .xlsm stays .xlsm), the names the command line uses too. */
export function assessedFileName(name: string): string {
  const m = /\.(xlsx|xlsm)$/iu.exec(name);
  const ext = m && m[1].toLowerCase() === 'xlsm' ? '.xlsm' : '.xlsx';
  return `${m ? name.slice(0, -m[0].length) : name}.bedomd${ext}`;
}

/** A port on the workbook the worker holds for a save: each call is one message to the worker. */
function workerPort(): WorkbookPort {
  const call = async (task: Extract<WorkerTask, { type: 'port' }>) => {
    const reply = await fileWorker.request(task);
    if (reply.type !== 'done') throw new FileModeError(MESSAGES.unexpected);
    return reply.value;
  };
  return {
    describe: async () => (await call({ type: 'port', method: 'describe' })) as WorkbookDescription,
    readSheets: async (names) => (await call({ type: 'port', method: 'readSheets', names: [...names] })) as SheetGrid[],
    // The plan's text columns may be lazy (functions); they are made arrays to be posted.
    write: async (plan) => void (await call({ type: 'port', method: 'write', plan: withTextArrays(plan) })),
  };
}

/** Applies `work` to an assessed file (the review view's save) in the worker and returns its result and the changed file. */
export async function editFile<T>(file: Blob, work: (port: WorkbookPort) => Promise<T>): Promise<{ result: T; output: Blob }> {
  const bytes = await file.arrayBuffer();
  await fileWorker.request({ type: 'edit-open', bytes }, [bytes]);
  const result = await work(workerPort());
  const reply = await fileWorker.request({ type: 'edit-save' });
  if (reply.type !== 'saved') throw new FileModeError(MESSAGES.unexpected);
  return { result, output: new Blob([reply.output], { type: file.type || XLSX_MIME }) };
}
