/**
 * The optimizer runner the CLI uses: a worker thread, so a seconds-long optimize on a large inventory never blocks
 * a key (ctrl+c included). The thread starts at once (its code loads while this thread reads the input); it is then
 * handed the input this thread loaded — the parsed scenario and snapshot, not the file to parse again — and
 * computes the first proposal as soon as it has it. It receives only decisions afterwards.
 */
import { startWorker } from '../../worker-threads.js';
import { latestOnly, type OptimizeRequest, type OptimizerRunner, type ProposalData } from '../optimizer-runner.js';
import { inputTransfer, loadedInput, type LoadedInput } from '../load-input.js';
import type { ToWorker } from './optimize-worker.js';

/** Which input: the options the CLI passed to `loadInput`. */
export interface WorkerSource {
  scenario?: string;
  snapshot?: string;
  variant?: string;
  pricing?: string;
}

export interface WorkerRunnerOptions {
  /**
   * The loaded input to hand to the worker. Default: what `loadInput(source)` gave or is giving in this process
   * (app/load-input.ts loadedInput), else the worker loads the file itself. 'file': always the file (the path
   * benchmarks compare against).
   */
  input?: LoadedInput | Promise<LoadedInput> | 'file';
  /** The request computed before it is asked for (default: no decisions, the TUI's first). null: none. */
  prefetch?: OptimizeRequest | null;
}

export function workerRunner(source: WorkerSource, opts: WorkerRunnerOptions = {}): OptimizerRunner {
  const prefetch = opts.prefetch === null ? undefined : opts.prefetch ?? { decisions: [] };
  const handed = opts.input === 'file' ? null : opts.input !== undefined ? Promise.resolve(opts.input) : loadedInput(source);
  const worker = startWorker(import.meta.url, './optimize-worker', handed ? {} : { source, prefetch });
  // The worker never keeps the process alive: quitting the TUI ends it with the process.
  worker.unref();
  const send = (msg: ToWorker) => worker.postMessage(msg);
  handed?.then(
    (input) => {
      try {
        send({ type: 'input', input: inputTransfer(input), prefetch });
      } catch {
        // Something in the input does not clone (it never should): the worker reads the file instead.
        send({ type: 'load', source, prefetch });
      }
    },
    (err: unknown) => send({ type: 'fail', message: err instanceof Error ? err.message : String(err) }),
  );
  let nextId = 0;
  const inFlight = new Map<number, { resolve: (r: ProposalData) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const failAll = (err: Error) => {
    failure = err;
    for (const p of inFlight.values()) p.reject(err);
    inFlight.clear();
  };
  worker.on('message', (msg: { id: number; result?: ProposalData; error?: string }) => {
    const p = inFlight.get(msg.id);
    if (!p) return;
    inFlight.delete(msg.id);
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else if (msg.result) p.resolve(msg.result);
    else p.reject(new Error('the optimizer worker answered nothing'));
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the optimizer worker stopped (exit code ${code})`)));
  return latestOnly(
    (req) => {
      if (failure) return Promise.reject(failure);
      const id = ++nextId;
      return new Promise<ProposalData>((resolve, reject) => {
        inFlight.set(id, { resolve, reject });
        send({ type: 'request', id, req });
      });
    },
    () => {
      inFlight.clear();
      void worker.terminate();
    },
  );
}
