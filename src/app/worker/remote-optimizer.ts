/**
 * The optimizer runner the CLI uses: a worker thread, so a seconds-long optimize on a large inventory never blocks
 * a key (ctrl+c included). The thread starts at once. When the input is a big JSON snapshot and the machine has a
 * second core, it reads and parses the input files itself while this thread does the same (bulkIsJson); otherwise,
 * or when that fails, it is handed the input this thread loaded: the parsed scenario and snapshot, cloned and
 * rebuilt there (for a 107 MB snapshot that cost 3.3 s after the load and blocked this thread 0.6 s). Either way it
 * answers only for the input this thread holds: its own load is used only once its digest equals this thread's
 * (app/load-input.ts inputDigest). It then computes the first proposal at once and receives only decisions after.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { startWorker } from '../../worker-threads.js';
import { latestOnly, type OptimizeRequest, type OptimizerRunner, type ProposalData } from '../optimizer-runner.js';
import { DEMO_SCENARIO, inputDigest, inputTransfer, loadedInput, type LoadedInput } from '../load-input.js';
import type { FromWorker, ToWorker } from './optimize-worker.js';

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
  /**
   * Whether the worker reads the input files itself while this thread loads them. Default: on a machine with more
   * than one core, when the input's bulk is a JSON snapshot (bulkIsJson). false: it waits to be handed this
   * thread's input.
   */
  parallelLoad?: boolean;
}

/** Past this size a scenario holds its own inventory (a snapshot-naming scenario is a few KB). */
const INLINE_INVENTORY_BYTES = 1024 * 1024;

/**
 * Whether the input's bulk is JSON (a --snapshot, or a scenario small enough to name its snapshot rather than hold
 * an inventory). Measured with the binary in a pty on 2 cores (2026-12-05, load ~2): a 102 MB scan snapshot's first
 * proposal came 1.6 s sooner with both threads loading (6.9 vs 8.5 s), at the cost of the UI thread's load (4.4 vs
 * 3.2 s); a 7 MB inline YAML inventory was slower both ways in parallel (first frame 6.6–7.5 vs 5.7–6.1 s, proposal
 * 7.5–8.2 vs 7.0–7.3 s): two YAML parses at once, allocation-heavy, contend for the cores and their garbage
 * collection, so that input is parsed once and handed over.
 */
function bulkIsJson(source: WorkerSource): boolean {
  if (source.snapshot) return true;
  try {
    return statSync(source.scenario ? resolve(source.scenario) : DEMO_SCENARIO).size < INLINE_INVENTORY_BYTES;
  } catch {
    return false; // the load reports it
  }
}

export function workerRunner(source: WorkerSource, opts: WorkerRunnerOptions = {}): OptimizerRunner {
  const prefetch = opts.prefetch === null ? undefined : opts.prefetch ?? { decisions: [] };
  const handed = opts.input === 'file' ? null : opts.input !== undefined ? Promise.resolve(opts.input) : loadedInput(source);
  const parallel = handed !== null && (opts.parallelLoad ?? (availableParallelism() > 1 && bulkIsJson(source)));
  const worker = startWorker(import.meta.url, './optimize-worker', parallel ? { source, verify: true } : handed ? {} : { source, prefetch });
  // The worker never keeps the process alive: quitting the TUI ends it with the process.
  worker.unref();
  const send = (msg: ToWorker) => worker.postMessage(msg);
  const hand = (input: LoadedInput) => {
    try {
      send({ type: 'input', input: inputTransfer(input), prefetch });
    } catch {
      // Something in the input does not clone (it never should): the worker reads the file instead.
      send({ type: 'load', source, prefetch });
    }
  };
  let held: LoadedInput | null = null;
  handed?.then(
    (input) => {
      held = input;
      const digest = parallel ? inputDigest(input) : null;
      if (digest) send({ type: 'verify', digest, prefetch });
      else hand(input);
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
  worker.on('message', (msg: FromWorker) => {
    if ('type' in msg) {
      // Its own load failed or read other bytes than this thread did: it gets this thread's input.
      if (held) hand(held);
      return;
    }
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
